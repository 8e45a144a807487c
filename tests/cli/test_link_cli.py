"""`resolve link`: texts from files, a directory, stdin or a table column, one row per mention."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from polyname.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

ARTICLES = EXAMPLES / "articles"


def rows_of(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_a_directory_of_articles_to_csv(db: str, tmp_path: Path) -> None:
    out = tmp_path / "mentions.csv"
    assert main(["link", str(ARTICLES), "--db", db, "-o", str(out)]) == 0
    rows = rows_of(out)
    assert list(rows[0]) == ["doc", "start", "end", "surface", "entity_id", "matched_name", "score", "method",
                             "sentence"]
    texts = {p.name: p.read_text(encoding="utf-8") for p in ARTICLES.glob("*.txt")}
    assert {Path(r["doc"]).name for r in rows} == set(texts)
    for r in rows:
        assert texts[Path(r["doc"]).name][int(r["start"]):int(r["end"])] == r["surface"]
    found = {(r["surface"], r["entity_id"]) for r in rows}
    assert {("Hossein Taeb", "P-TAEB"), ("Taeb", "P-TAEB"), ("IRGC", "O-IRGC"), ("العراق", "L-IRAQ")} <= found


def test_a_table_column_with_ids_and_the_table_format(db: str, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    news = tmp_path / "news.csv"
    news.write_text("url,body\nu1,Hossein Taeb met Ismail Qaani in Baghdad.\nu2,\nu3,Nothing here.\n", encoding="utf-8")
    out = tmp_path / "m.csv"
    assert main(["link", str(news), "--column", "body", "--id-column", "url", "--db", db, "-o", str(out)]) == 0
    found = [(r["doc"], r["entity_id"]) for r in rows_of(out)]
    assert found == [("u1", "P-TAEB"), ("u1", "P-QAANI"), ("u1", "L-BAGHDAD")]
    assert main(["link", str(news), "--column", "2", "--db", db, "--format", "table", "--explain"]) == 0
    printed = capsys.readouterr().out
    assert "news.csv:2" in printed and "3 mentions of 3 entities in 3 texts." in printed


def test_stdin_through_a_real_process(db: str) -> None:
    done = subprocess.run([sys.executable, "-m", "polyname", "link", "-", "--db", db],
                          input="قال حسين طائب إن العراق".encode(), capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout.decode())))
    assert [(r["doc"], r["surface"], r["entity_id"]) for r in rows] == [("<stdin>", "حسين طائب", "P-TAEB"),
                                                                       ("<stdin>", "العراق", "L-IRAQ")]


def test_bad_input_is_named_and_nothing_is_written(db: str, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes("Hossein Taeb\n".encode() + b"\xff\xfe broken")
    out = tmp_path / "m.csv"
    assert main(["link", str(bad), "--db", db, "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert str(bad) in err and "byte 13 (line 2)" in err and "--encoding" in err
    assert not out.exists()
    assert main(["link", str(tmp_path / "missing.txt"), "--db", db, "-o", str(out)]) == 1
    assert "missing.txt: no such file" in capsys.readouterr().err
    # The text decodes as the encoding given.
    bad.write_bytes("Hossein Taeb".encode("cp1256"))
    assert main(["link", str(bad), "--db", db, "--encoding", "cp1256", "-o", str(out)]) == 0
    assert [r["entity_id"] for r in rows_of(out)] == ["P-TAEB"]


def test_usage_errors(db: str, tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["link", "-", "-", "--db", db])
    assert stop.value.code == 2
    with pytest.raises(SystemExit):
        main(["link", str(ARTICLES), "--id-column", "url", "--db", db])
    with pytest.raises(SystemExit):
        main(["link", str(ARTICLES), "--threshold", "2", "--db", db])
    # No registry: said, and none is created.
    assert main(["link", str(ARTICLES), "--db", str(tmp_path / "none.db")]) == 1
    assert not (tmp_path / "none.db").exists()


def test_unknown_names_and_minting_them(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = tmp_path / "a.txt"
    text.write_text("On Monday, President Donald Trump met Hossein Taeb. The Pentagon said that Trump and the "
                    "Pentagon agreed.\nIn March they met again.", encoding="utf-8")
    out = tmp_path / "m.csv"
    assert main(["link", str(text), "--unknown", "--db", db, "-o", str(out)]) == 0
    rows = rows_of(out)
    unknown = [r["surface"] for r in rows if r["method"] == "unknown"]
    # Titles, weekdays, months and words that open a sentence are no names on their own.
    assert unknown == ["Donald Trump", "Pentagon", "Trump", "Pentagon"], unknown
    assert all(r["entity_id"] == "" and r["score"] == "" for r in rows if r["method"] == "unknown")
    assert [r["entity_id"] for r in rows if r["method"] != "unknown"] == ["P-TAEB"]

    with pytest.raises(SystemExit):
        main(["link", str(text), "--mint", "--db", db])
    assert main(["link", str(text), "--unknown", "--mint", "--db", db, "-o", str(out)]) == 0
    assert "new entities" in capsys.readouterr().err
    minted = {r["surface"]: r["entity_id"] for r in rows_of(out) if r["method"] == "unknown"}
    assert minted["Donald Trump"].startswith("PN-") and minted["Pentagon"].startswith("PN-")
    # "Trump" alone is a variant of "Donald Trump": one new entity for both.
    assert minted["Trump"] == minted["Donald Trump"]
    # Once minted, they are the registry's: the next run links them.
    assert main(["link", str(text), "--db", db, "-o", str(out)]) == 0
    assert {r["surface"]: r["entity_id"] for r in rows_of(out)}["Pentagon"] == minted["Pentagon"]
