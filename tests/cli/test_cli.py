"""The `resolve` command over real files: the happy path, then every kind of bad input."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

import polyname
from polyname import MATCH_THRESHOLD, Link
from polyname.cli import main
from polyname.registry import SCHEMA_VERSION, Registry

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def run(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    """The command as a user runs it: a separate process."""
    return subprocess.run([sys.executable, "-m", "polyname", *args], input=stdin, capture_output=True, timeout=120)


def write(path: Path, text: str, encoding: str = "utf-8") -> str:
    path.write_bytes(text.encode(encoding))
    return str(path)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_match_writes_every_input_column_plus_the_resolution(db: str, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    assert main(["match", str(EXAMPLES / "mentions.csv"), "--column", "mention", "--db", db, "-o", str(out),
                 "--explain"]) == 0
    rows = read_csv(out)
    with (EXAMPLES / "mentions.csv").open(encoding="utf-8", newline="") as f:
        given = list(csv.DictReader(f))
    assert len(rows) == len(given)
    assert list(rows[0]) == list(given[0]) + ["entity_id", "matched_name", "score", "explanation"]
    assert [r["mention"] for r in rows] == [g["mention"] for g in given]
    by_mention = {r["mention"]: r for r in rows}
    assert by_mention["Hussein al-Tayeb"]["entity_id"] == "P-TAEB"
    for r in rows:
        if r["entity_id"]:
            assert float(r["score"]) >= MATCH_THRESHOLD and r["matched_name"] and r["explanation"]
        else:
            assert r["matched_name"] == r["score"] == r["explanation"] == ""
    # Screening (the default) holds a full listed name to all of its words: a family name
    # alone is a mention, and mention mode (the demo's) resolves it.
    assert by_mention["Nasrallah"]["entity_id"] == ""
    assert sum(bool(r["entity_id"]) for r in rows) >= 99
    mentions = tmp_path / "mentions.csv"
    assert main(["match", str(EXAMPLES / "mentions.csv"), "--column", "mention", "--db", db, "-o", str(mentions),
                 "--mode", "mention"]) == 0
    by_mention = {r["mention"]: r for r in read_csv(mentions)}
    assert by_mention["Nasrallah"]["entity_id"] == "P-NASRALLAH"
    assert sum(bool(r["entity_id"]) for r in by_mention.values()) >= 105


def test_top_k_threshold_and_kind(db: str, tmp_path: Path) -> None:
    names = write(tmp_path / "names.csv", "name\nHassan Nasrallah\nTaeb\n")
    out = tmp_path / "out.csv"
    assert main(["match", names, "--db", db, "-o", str(out), "--top", "3", "--threshold", "0.5"]) == 0
    rows = read_csv(out)
    ranks = [(r["name"], r["rank"]) for r in rows]
    assert ranks[0] == ("Hassan Nasrallah", "1")
    assert all(float(r["score"]) >= 0.5 for r in rows if r["entity_id"])
    assert main(["match", names, "--db", db, "-o", str(out), "--kind", "location"]) == 0
    assert all(r["entity_id"] == "" or r["entity_id"].startswith("L-") for r in read_csv(out))


def test_stdin_and_stdout_through_a_real_process(db: str) -> None:
    done = run("match", "-", "--db", db, "--column", "who", stdin="who,n\nIsmail Qaani,1\n".encode())
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout.decode())))
    assert rows[0]["entity_id"] == "P-QAANI" and rows[0]["n"] == "1"
    assert done.stderr == b""  # no progress bar when stderr is not a terminal


def test_compare_prints_score_and_explanation() -> None:
    done = run("compare", "Hussein al-Tayeb", "حسين طائب")
    assert done.returncode == 0
    first, *parts = done.stdout.decode().splitlines()
    assert float(first.split()[0]) >= MATCH_THRESHOLD and "match" in first
    assert any("tayeb" in p for p in parts)


def test_registry_commands(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    extra = write(tmp_path / "extra.csv", "entity_id,name,kind\nP-TAEB-2,Hosein Taeb,person\n")
    assert main(["registry", "import", extra, "--db", db]) == 0
    assert main(["registry", "merge", "P-TAEB", "P-TAEB-2", "--db", db, "--author", "me"]) == 0
    assert main(["registry", "judge", "P-NASRALLAH", "P-QAANI", "--different", "--db", db]) == 0
    assert main(["registry", "merge", "P-NASRALLAH", "P-QAANI", "--db", db]) == 1
    assert "judged different" in capsys.readouterr().err
    assert main(["registry", "show", "P-TAEB-2", "--db", db]) == 0
    shown = capsys.readouterr().out
    assert "merged into P-TAEB" in shown and "Hosein Taeb" in shown and "حسين طائب" in shown
    assert main(["registry", "split", "P-TAEB-2", "--db", db]) == 0
    out = tmp_path / "export.csv"
    assert main(["registry", "export", "--db", db, "-o", str(out)]) == 0
    assert {r["entity_id"] for r in read_csv(out)} >= {"P-TAEB", "P-TAEB-2"}
    assert main(["registry", "history", "--db", db]) == 0
    history = capsys.readouterr().out
    assert "split" in history and "merge by me" in history


def test_help_of_every_command_has_examples() -> None:
    for command in (["--help"], ["registry", "--help"], ["match", "--help"], ["compare", "--help"],
                    *[["registry", a, "--help"] for a in ("import", "export", "merge", "split", "judge", "show",
                                                          "history")]):
        done = run(*command)
        assert done.returncode == 0 and b"example" in done.stdout, command


def test_usage_errors_exit_2(db: str) -> None:
    assert run("match").returncode == 2
    assert run("match", str(EXAMPLES / "mentions.csv"), "--db", db, "--threshold", "7").returncode == 2
    assert run("registry", "judge", "A", "B", "--db", db).returncode == 2  # no verdict


# -- bad input: a clear message naming the place, exit 1, nothing lost ----------------------

def fails(args: list[str], capsys: pytest.CaptureFixture[str], *expected: str) -> None:
    assert main(args) == 1
    err = capsys.readouterr().err
    for text in expected:
        assert text in err, err


def test_missing_column_names_the_columns_that_exist(db: str, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    f = write(tmp_path / "in.csv", "person,country\nTaeb,IR\n")
    fails(["match", f, "--db", db, "--column", "name"], capsys, "no column 'name'", "'person', 'country'")


def test_non_utf8_input_says_where_and_encoding_option_reads_it(db: str, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    f = write(tmp_path / "in.csv", "name\nHossein Taeb\nحسين طائب\n", encoding="cp1256")
    fails(["match", f, "--db", db], capsys, "line 3", "not valid utf-8", "--encoding")
    out = tmp_path / "out.csv"
    assert main(["match", f, "--db", db, "--encoding", "cp1256", "-o", str(out)]) == 0
    assert [r["entity_id"] for r in read_csv(out)] == ["P-TAEB", "P-TAEB"]


def test_bom_is_accepted(db: str, tmp_path: Path) -> None:
    f = write(tmp_path / "in.csv", "\ufeffname\nIsmail Qaani\n")
    out = tmp_path / "out.csv"
    assert main(["match", f, "--db", db, "-o", str(out)]) == 0
    assert read_csv(out)[0]["entity_id"] == "P-QAANI"


def test_ragged_rows(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A long row is an error; a short one gets empty cells (tests/cli/test_csv_dialects.py).
    f = write(tmp_path / "in.csv", "name,country\nTaeb,IR\nQaani,IR,IQ\n")
    fails(["match", f, "--db", db], capsys, "row 3", "3 fields where the header has 2")


def test_empty_names_match_nothing_but_are_refused_by_import(db: str, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    f = write(tmp_path / "in.csv", "name\n\nTaeb\n\"\"\n")
    out = tmp_path / "out.csv"
    # (A family name alone: a mention, not a full name to screen.)
    assert main(["match", f, "--db", db, "--mode", "mention", "-o", str(out)]) == 0
    assert [r["entity_id"] for r in read_csv(out)] == ["P-TAEB", ""]
    bad = write(tmp_path / "reg.csv", "entity_id,name\nX-1,Someone\nX-2,  \n")
    fails(["registry", "import", bad, "--db", db], capsys, "row 3", "'name'", "the name is empty")


def test_nul_bytes(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = write(tmp_path / "in.csv", "name\nTa\x00eb\n")
    fails(["match", f, "--db", db], capsys, "row 2", "'name'", "NUL")


def test_very_long_fields(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    long_name = "Hossein Taeb " * 2_000  # 26,000 characters: odd but a name field
    f = write(tmp_path / "in.csv", f"name\n{long_name}\n")
    out = tmp_path / "out.csv"
    assert main(["match", f, "--db", db, "-o", str(out)]) == 0
    runaway = write(tmp_path / "runaway.csv", 'name\n"Taeb\n' + "x" * (1 << 21) + "\n")
    fails(["match", runaway, "--db", db], capsys, "row 2", "longer than")


def test_duplicate_header_names(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = write(tmp_path / "in.csv", "name,name\nTaeb,Qaani\n")
    fails(["match", f, "--db", db], capsys, "duplicate column names", "'name'")


def test_registry_file_that_is_not_a_registry(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notes = write(tmp_path / "notes.db", "hello " * 100)
    fails(["match", str(EXAMPLES / "mentions.csv"), "--column", "mention", "--db", notes], capsys,
          "not a polyname registry")
    fails(["match", str(EXAMPLES / "mentions.csv"), "--column", "mention", "--db", str(tmp_path / "none.db")],
          capsys, "no registry at")


def test_registry_from_a_newer_version(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    import sqlite3

    con = sqlite3.connect(db)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.commit()
    con.close()
    fails(["registry", "show", "P-TAEB", "--db", db], capsys, "newer polyname")


def test_failed_import_leaves_the_registry_as_it_was(db: str, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    with Registry(db) as reg:
        before = (list(reg.export_rows()), reg.history())
    # Valid rows first, then bytes that are not UTF-8 on the last line.
    f = tmp_path / "bad.csv"
    f.write_bytes("entity_id,name\nP-NEW,Ismail Qaani Jr\n".encode() + b"P-NEW2,\xff\xfe\n")
    fails(["registry", "import", str(f), "--db", db], capsys, "line 3", "not valid utf-8")
    with Registry(db) as reg:
        assert (list(reg.export_rows()), reg.history()) == before


def test_formulas_are_escaped_unless_asked_not_to(db: str, tmp_path: Path) -> None:
    f = write(tmp_path / "in.csv", 'name,note\nTaeb,=HYPERLINK("http://x")\n+Qaani,@SUM(A1)\n')
    out = tmp_path / "out.csv"
    assert main(["match", f, "--db", db, "-o", str(out)]) == 0
    rows = read_csv(out)
    assert rows[0]["note"] == "'=HYPERLINK(\"http://x\")" and rows[1]["name"] == "'+Qaani"
    assert rows[1]["note"] == "'@SUM(A1)"
    assert main(["match", f, "--db", db, "-o", str(out), "--no-escape-formulas"]) == 0
    assert read_csv(out)[0]["note"] == '=HYPERLINK("http://x")'


def test_a_failed_match_leaves_no_partial_output(db: str, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.csv"
    out.write_text("previous result\n")
    f = write(tmp_path / "in.csv", "name\nTaeb\n" + "Qaani\n" * 10 + "a,b\n")
    fails(["match", f, "--db", db, "-o", str(out)], capsys, "row 13")
    assert out.read_text() == "previous result\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.csv")] == []


# -- resolve dedup ---------------------------------------------------------------------


def test_dedup_writes_clusters_and_explained_pairs(tmp_path: Path) -> None:
    out, pairs = tmp_path / "out.csv", tmp_path / "pairs.csv"
    result = run("dedup", str(EXAMPLES / "mentions.csv"), "--column", "mention", "-o", str(out),
                 "--explain-pairs", str(pairs))
    assert result.returncode == 0, result.stderr
    assert b"111 rows in" in result.stderr
    rows = read_csv(out)
    assert list(rows[0]) == ["mention", "article", "sentence", "cluster_id", "cluster_size", "canonical_name"]
    by = {r["mention"]: r for r in rows}
    assert by["Hussein al-Tayeb"]["cluster_id"] == by["Hossein Taeb"]["cluster_id"]
    assert by["Hussein al-Tayeb"]["cluster_id"] != by["Hossein Salami"]["cluster_id"]
    assert by["Kataeb Hizballah"]["canonical_name"] == by["Hezbollah Brigades"]["canonical_name"]
    for r in rows:
        assert int(r["cluster_size"]) == sum(x["cluster_id"] == r["cluster_id"] for x in rows)
    scored = read_csv(pairs)
    # The link column says in words what the API's pairs hold.
    api = polyname.dedup_records(read_csv(EXAMPLES / "mentions.csv"), name="mention").pairs
    assert [p["link"] for p in scored] == [p.link_text for p in api]
    assert {Link.JOINED, Link.WITHIN, Link.REFUSED} == {p.link for p in api}
    taeb = [p for p in scored if {p["left_name"], p["right_name"]} == {"Hussein al-Tayeb", "Hossein Taeb"}]
    assert taeb and "tayeb" in taeb[0]["explanation"] and float(taeb[0]["score"]) >= MATCH_THRESHOLD
    # Row numbers point at the input file's rows (the header is row 1).
    assert int(taeb[0]["left_row"]) >= 2


def test_dedup_with_a_registry_reuses_and_mints(db: str, tmp_path: Path) -> None:
    src = write(tmp_path / "in.csv", "name\nHussein al-Tayeb\nHossein Taeb\nAbu Fadak al-Muhammadawi\n"
                                     "Abu Fadak al-Mohammadawi\n")
    out = tmp_path / "out.csv"
    before = len(Registry(db))
    assert main(["dedup", src, "--db", db, "--kind", "person", "-o", str(out)]) == 0
    rows = read_csv(out)
    assert [r["entity_id"] for r in rows[:2]] == ["P-TAEB", "P-TAEB"] and rows[2]["entity_id"] == ""
    assert len(Registry(db)) == before
    assert main(["dedup", src, "--db", db, "--kind", "person", "--mint", "-o", str(out)]) == 0
    rows = read_csv(out)
    assert rows[2]["entity_id"].startswith("PN-") and rows[2]["entity_id"] == rows[3]["entity_id"]
    reg = Registry(db)
    assert len(reg) == before + 1
    assert {a.name for a in reg.entity(rows[2]["entity_id"]).aliases} == {"Abu Fadak al-Muhammadawi",
                                                                         "Abu Fadak al-Mohammadawi"}


def test_dedup_bad_input_names_the_place_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    src = write(tmp_path / "in.csv", "name,country,kind\nAli Hassan,IQ,person\nAli Hasan,IQ,planet\n")
    result = run("dedup", src, "--block-on", "country", "--kind-column", "kind", "-o", str(out))
    assert result.returncode == 1 and b"row 3" in result.stderr and b"unknown kind 'planet'" in result.stderr
    assert not out.exists()
    result = run("dedup", src, "--block-on", "nation", "-o", str(out))
    assert result.returncode == 1 and b"nation" in result.stderr and b"country" in result.stderr
    result = run("dedup", src, "--mint", "-o", str(out))
    assert result.returncode == 2 and b"--mint needs --db" in result.stderr
    clash = write(tmp_path / "again.csv", "name,cluster_id\nAli,C1\n")
    result = run("dedup", clash, "-o", str(out))
    assert result.returncode == 1 and b"cluster_id" in result.stderr
