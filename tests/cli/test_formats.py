"""Parquet and JSON Lines in and out of `resolve match` and `resolve dedup`: the same rows
and results as the CSV run, bad files named with their line, and CSV-only options refused."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def resolve(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "polyname", *args], capture_output=True, timeout=120)


@pytest.fixture
def mentions() -> list[dict[str, str]]:
    with (EXAMPLES / "mentions.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_match_reads_and_writes_parquet_and_json_lines(db: str, mentions: list[dict[str, str]],
                                                       tmp_path: Path) -> None:
    # The same mentions as CSV, Parquet (with a number column) and JSON Lines, in mention mode.
    table = pa.table({"mention": [m["mention"] for m in mentions], "n": list(range(len(mentions)))})
    pq.write_table(table, tmp_path / "in.parquet")
    with (tmp_path / "in.jsonl").open("w", encoding="utf-8") as f:
        for k, m in enumerate(mentions):
            f.write(json.dumps({"mention": m["mention"], "n": k}, ensure_ascii=False) + "\n")
    with (tmp_path / "in.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["mention", "n"])
        writer.writerows([m["mention"], str(k)] for k, m in enumerate(mentions))
    assert resolve("match", str(tmp_path / "in.csv"), "--column", "mention", "--mode", "mention", "--db", db,
                   "-o", str(tmp_path / "out.csv")).returncode == 0
    expected = read_csv_rows(tmp_path / "out.csv")
    assert sum(bool(r["entity_id"]) for r in expected) >= 100

    done = resolve("match", str(tmp_path / "in.parquet"), "--column", "mention", "--mode", "mention", "--db", db,
                   "-o", str(tmp_path / "out.parquet"))
    assert done.returncode == 0, done.stderr
    out = pq.read_table(tmp_path / "out.parquet")
    assert out.column_names == ["mention", "n", "entity_id", "matched_name", "score"]
    assert out.to_pylist() == expected

    done = resolve("match", str(tmp_path / "in.jsonl"), "--column", "mention", "--mode", "mention", "--db", db,
                   "-o", str(tmp_path / "out.jsonl"))
    assert done.returncode == 0, done.stderr
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == expected


def test_dedup_writes_parquet_and_its_pairs_as_json_lines(mentions: list[dict[str, str]], tmp_path: Path) -> None:
    assert resolve("dedup", str(EXAMPLES / "mentions.csv"), "--column", "mention",
                   "-o", str(tmp_path / "out.csv"), "--explain-pairs", str(tmp_path / "pairs.csv")).returncode == 0
    done = resolve("dedup", str(EXAMPLES / "mentions.csv"), "--column", "mention",
                   "-o", str(tmp_path / "out.parquet"), "--explain-pairs", str(tmp_path / "pairs.jsonl"))
    assert done.returncode == 0, done.stderr
    assert pq.read_table(tmp_path / "out.parquet").to_pylist() == read_csv_rows(tmp_path / "out.csv")
    pairs = [json.loads(line) for line in (tmp_path / "pairs.jsonl").read_text(encoding="utf-8").splitlines()]
    assert pairs == read_csv_rows(tmp_path / "pairs.csv") and pairs


def test_missing_values_and_nested_values(db: str, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"name": "Hossein Taeb", "tags": ["a", "b"]}\n\n{"name": null}\n{"tags": null}\n',
                   encoding="utf-8")
    done = resolve("match", str(src), "--db", db)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(done.stdout.decode().splitlines()))
    assert [(r["name"], r["tags"], r["entity_id"]) for r in rows] == [
        ("Hossein Taeb", '["a", "b"]', "P-TAEB"), ("", "", ""), ("", "", "")]


def test_bad_files_name_the_line_and_leave_nothing(db: str, tmp_path: Path) -> None:
    out = tmp_path / "out.parquet"
    cases = {
        "broken.jsonl": ('{"name": "Hossein Taeb"}\n{"name": "Ali\n', "row 2", "line 2 is not JSON"),
        "array.jsonl": ('{"name": "Hossein Taeb"}\n["Ali"]\n', "row 2", "not an object"),
        "extra.jsonl": ('{"name": "Hossein Taeb"}\n{"name": "Ali", "born": 1961}\n', "row 2", "'born'"),
        "empty.jsonl": ("", "", "the file is empty"),
        "fake.parquet": ("name\nHossein Taeb\n", "", "not a Parquet file"),
    }
    for name, (text, row, message) in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        done = resolve("match", str(tmp_path / name), "--db", db, "-o", str(out))
        err = done.stderr.decode()
        assert done.returncode == 1, name
        assert message in err and row in err and "Traceback" not in err, err
        assert not out.exists()
    pq.write_table(pa.table({"who": ["Hossein Taeb"]}), tmp_path / "who.parquet")
    done = resolve("match", str(tmp_path / "who.parquet"), "--db", db)
    assert done.returncode == 1 and b"no column 'name'; the columns are: 'who'\n" in done.stderr
    done = resolve("match", str(tmp_path / "who.parquet"), "--column", "who", "-t", "--db", db)
    assert done.returncode == 2 and b"-t apply to CSV input only" in done.stderr


def test_a_failed_parquet_run_leaves_an_existing_file_as_it_was(db: str, tmp_path: Path) -> None:
    out = tmp_path / "out.parquet"
    out.write_bytes(b"an earlier result")
    src = tmp_path / "in.jsonl"
    src.write_text('{"name": "Hossein Taeb"}\n' * 20_000 + '{"name": oops}\n', encoding="utf-8")
    done = resolve("match", str(src), "--db", db, "-o", str(out))
    assert done.returncode == 1 and b"line 20001 is not JSON" in done.stderr
    assert out.read_bytes() == b"an earlier result"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]
