"""The registry file under `resolve`: which commands may create it, what a failed or a
concurrent import leaves, locks, read-only and full file systems, damaged files.

Real SQLite files, real processes and, where the machine allows it, real mounts (a tmpfs
that is full or read-only) and real immutable files (`chattr +i`): the tests run as root,
whom file modes do not stop.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from polyname.cli import main
from polyname.registry import Registry

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
MENTIONS = str(EXAMPLES / "mentions.csv")


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "polyname", *args]


def run(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    """The command as a user runs it: a separate process."""
    return subprocess.run(command(*args), input=stdin, capture_output=True, timeout=120)


def one_line_error(stderr: bytes, *expected: str) -> str:
    """The single line a failure prints: no traceback, the expected words in it."""
    text = stderr.decode()
    lines = text.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("resolve: error: "), text
    for words in expected:
        assert words in lines[0], lines[0]
    return lines[0]


def aliases_csv(path: Path, prefix: str, count: int, tail: str = "") -> str:
    path.write_text("entity_id,name\n" + "".join(f"{prefix}-{i},{prefix} person {i}\n" for i in range(count)) + tail,
                    encoding="utf-8")
    return str(path)


def entity_ids(db: Path) -> set[str]:
    with Registry(db, create=False) as reg:
        return {e.id for e in reg.entities()}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "reg.db"
    assert main(["registry", "import", str(EXAMPLES / "registry.csv"), "--db", str(path)]) == 0
    return path


# -- only commands that write create a registry ------------------------------------------

READERS = {
    "match": ["match", MENTIONS, "--column", "mention"],
    "dedup": ["dedup", MENTIONS, "--column", "mention"],
    "show": ["registry", "show", "P-TAEB"],
    "export": ["registry", "export"],
    "history": ["registry", "history"],
    # Writes, but only to entities that must exist already: they cannot create one either.
    "merge": ["registry", "merge", "P-TAEB", "P-QAANI"],
}


@pytest.mark.parametrize("state", ["missing", "zero-byte"])
@pytest.mark.parametrize("name", sorted(READERS))
def test_commands_that_only_read_refuse_a_missing_or_empty_registry(
        name: str, state: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "zero.db"
    if state == "zero-byte":
        path.write_bytes(b"")
    out = tmp_path / "out.csv"
    args = READERS[name] + (["-o", str(out)] if name in ("match", "dedup", "export") else []) + ["--db", str(path)]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert f"no registry at {path}" in err and "create one with `resolve registry import" in err, err
    # The file is exactly as it was, and nothing appeared beside it (no -wal, no -shm).
    assert (path.read_bytes() == b"") if state == "zero-byte" else not path.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == (["zero.db"] if state == "zero-byte" else [])


def test_dedup_with_mint_and_import_create_a_registry(tmp_path: Path) -> None:
    minted = tmp_path / "minted.db"
    assert main(["dedup", MENTIONS, "--column", "mention", "--db", str(minted), "--mint",
                 "-o", str(tmp_path / "out.csv")]) == 0
    assert len(entity_ids(minted)) > 10
    zero = tmp_path / "zero.db"
    zero.write_bytes(b"")
    assert main(["registry", "import", str(EXAMPLES / "registry.csv"), "--db", str(zero)]) == 0
    assert "P-TAEB" in entity_ids(zero)


# -- first imports: concurrent, failed ---------------------------------------------------

def test_two_first_imports_into_one_new_file_at_once_both_succeed(tmp_path: Path) -> None:
    a = aliases_csv(tmp_path / "a.csv", "A", 300)
    b = aliases_csv(tmp_path / "b.csv", "B", 300)
    for round_ in range(3):  # the race is in the first milliseconds: run it a few times
        path = tmp_path / f"new-{round_}.db"
        imports = [subprocess.Popen(command("registry", "import", f, "--db", str(path)), stderr=subprocess.PIPE)
                   for f in (a, b)]
        results = [(p.returncode, err.decode()) for p in imports for _, err in [p.communicate(timeout=120)]]
        assert [rc for rc, _ in results] == [0, 0], results
        ids = entity_ids(path)
        assert len(ids) == 600 and {"A-0", "A-299", "B-0", "B-299"} <= ids


def test_a_failed_first_import_leaves_no_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = aliases_csv(tmp_path / "bad.csv", "C", 50, tail="C-X,\n")  # the last row has no name
    for name in ("new.db", "zero.db"):
        path = tmp_path / name
        if name == "zero.db":
            path.write_bytes(b"")
        assert main(["registry", "import", bad, "--db", str(path)]) == 1
        assert "row 52" in capsys.readouterr().err
        assert not path.exists()
    # Bytes that are not UTF-8 on a late line: the import had written rows before it met them.
    late = tmp_path / "late.csv"
    late.write_bytes(Path(aliases_csv(tmp_path / "ok.csv", "D", 2000)).read_bytes() + b"D-X,\xff\xfe\n")
    assert main(["registry", "import", str(late), "--db", str(tmp_path / "late.db")]) == 1
    assert "not valid utf-8" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv", "late.csv", "ok.csv"]
    # A later match finds no registry instead of an empty one.
    assert main(["match", MENTIONS, "--column", "mention", "--db", str(tmp_path / "new.db")]) == 1
    assert "no registry at" in capsys.readouterr().err


def test_a_failed_dedup_mint_into_a_new_file_leaves_no_file(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "new.db"
    # A bad kind on the last row: found only after the registry was opened for writing.
    bad = tmp_path / "bad.csv"
    bad.write_text("name,kind\nHossein Taeb,person\nIsmail Qaani,planet\n", encoding="utf-8")
    assert main(["dedup", str(bad), "--kind-column", "kind", "--db", str(path), "--mint",
                 "-o", str(tmp_path / "out.csv")]) == 1
    assert "unknown kind 'planet'" in capsys.readouterr().err
    assert not path.exists() and not (tmp_path / "out.csv").exists()
    good = tmp_path / "good.csv"
    good.write_text("name\nHossein Taeb\nHussein al-Tayeb\n", encoding="utf-8")
    assert main(["dedup", str(good), "--db", str(path), "--mint", "-o", str(tmp_path / "out.csv")]) == 0
    assert len(entity_ids(path)) == 1


def test_a_failed_first_import_next_to_a_good_one_leaves_the_good_one(tmp_path: Path) -> None:
    good = aliases_csv(tmp_path / "good.csv", "G", 300)
    bad = aliases_csv(tmp_path / "bad.csv", "C", 300, tail="C-X,\n")
    for round_, files in enumerate([(good, bad), (bad, good), (good, bad)]):
        path = tmp_path / f"new-{round_}.db"
        imports = [subprocess.Popen(command("registry", "import", f, "--db", str(path)), stderr=subprocess.PIPE)
                   for f in files]
        for p in imports:
            p.communicate(timeout=120)
        codes = {f: p.returncode for f, p in zip(files, imports)}
        assert codes == {good: 0, bad: 1}
        ids = entity_ids(path)
        assert len(ids) == 300 and "G-0" in ids


# -- locks: a long import -----------------------------------------------------------------

def wait_until_write_locked(path: Path, seconds: float = 30) -> None:
    """Returns once another connection holds the registry's write lock."""
    probe = sqlite3.connect(path, timeout=0, isolation_level=None)
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            try:
                probe.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as e:
                assert "locked" in str(e)
                return
            probe.execute("ROLLBACK")
            time.sleep(0.05)
        raise AssertionError(f"nobody took the write lock of {path} in {seconds} s")
    finally:
        probe.close()


def test_a_long_import_lets_match_read_and_a_second_import_wait_its_turn(db: Path, tmp_path: Path) -> None:
    # The first import reads stdin: it holds the write lock for as long as we keep feeding it.
    first = subprocess.Popen(command("registry", "import", "-", "--db", str(db)), stdin=subprocess.PIPE,
                             stderr=subprocess.PIPE)
    second = None
    try:
        assert first.stdin is not None
        first.stdin.write(b"entity_id,name,kind\nP-SLOW-1,Mahmoud Farhat Slowimport,person\n")
        first.stdin.flush()
        wait_until_write_locked(db)
        # WAL: a reader is not blocked (had it waited for the lock, it would wait for ever:
        # the import goes on until we close its stdin), and sees the registry as it was.
        names = tmp_path / "names.csv"
        names.write_text("name\nHossein Taeb\nMahmoud Farhat Slowimport\n", encoding="utf-8")
        out = tmp_path / "out.csv"
        matched = run("match", str(names), "--db", str(db), "-o", str(out), "--threshold", "0.95")
        assert matched.returncode == 0, matched.stderr
        assert [line.split(",")[1] for line in out.read_text(encoding="utf-8").splitlines()[1:]] == ["P-TAEB", ""]
        assert first.poll() is None  # the import still holds the lock
        # A second import waits for the lock instead of failing with "database is locked".
        second = subprocess.Popen(command("registry", "import", aliases_csv(tmp_path / "b.csv", "B", 20),
                                          "--db", str(db)), stderr=subprocess.PIPE)
        time.sleep(1.5)
        assert second.poll() is None, second.communicate()[1]
        first.stdin.write(b"P-SLOW-2,Another Slow Import,person\n")
        _, err = first.communicate(timeout=60)  # closes stdin: the import ends and commits
        assert first.returncode == 0, err
        _, err = second.communicate(timeout=60)
        assert second.returncode == 0, err
    finally:
        for p in (first, second):
            if p is not None and p.poll() is None:
                p.kill()
                p.communicate()
    assert {"P-TAEB", "P-SLOW-1", "P-SLOW-2", "B-0", "B-19"} <= entity_ids(db)


# -- read-only, full, damaged -------------------------------------------------------------

@pytest.fixture
def mount(tmp_path: Path) -> Iterator[Callable[[str], Path]]:
    mounts: list[Path] = []

    def make(size: str) -> Path:
        point = tmp_path / f"mnt{len(mounts)}"
        point.mkdir()
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(point)],
                              capture_output=True, text=True)
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs on this machine: {done.stderr.strip() or done.returncode}")
        mounts.append(point)
        return point

    yield make
    for point in mounts:
        subprocess.run(["umount", "-l", str(point)], capture_output=True)



def test_a_read_only_file_system(mount, tmp_path: Path) -> None:
    media = mount("8m")
    path = media / "reg.db"
    assert main(["registry", "import", str(EXAMPLES / "registry.csv"), "--db", str(path)]) == 0
    done = subprocess.run(["mount", "-o", "remount,ro", str(media)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    before = path.read_bytes()
    # Reading works: the registry is opened as the immutable file it now is.
    out = tmp_path / "out.csv"
    matched = run("match", MENTIONS, "--column", "mention", "--db", str(path), "-o", str(out))
    assert matched.returncode == 0, matched.stderr
    assert "P-TAEB" in out.read_text(encoding="utf-8")
    extra = aliases_csv(tmp_path / "extra.csv", "E", 3)
    done = run("registry", "import", extra, "--db", str(path))
    assert done.returncode == 1
    one_line_error(done.stderr, f"cannot write to {path}", "the file system is mounted read-only")
    done = run("registry", "import", extra, "--db", str(media / "new.db"))
    assert done.returncode == 1
    one_line_error(done.stderr, f"cannot create the registry {media / 'new.db'}", "Read-only file system")
    assert path.read_bytes() == before and not (media / "new.db").exists()


@pytest.fixture
def immutable() -> Iterator[Callable[[Path], None]]:
    marked: list[Path] = []

    def mark(path: Path) -> None:
        done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
        if done.returncode != 0:
            pytest.skip(f"chattr +i does not work here: {done.stderr.strip() or done.returncode}")
        marked.append(path)

    yield mark
    for path in marked:
        subprocess.run(["chattr", "-i", str(path)], capture_output=True)


def test_an_immutable_file_and_directory(db: Path, tmp_path: Path, immutable) -> None:
    # Even root cannot write a file marked immutable: a real read-only registry.
    immutable(db)
    before = db.read_bytes()
    extra = aliases_csv(tmp_path / "extra.csv", "E", 3)
    done = run("registry", "import", extra, "--db", str(db))
    assert done.returncode == 1
    one_line_error(done.stderr, f"cannot write to {db}", "the file is read-only")
    done = run("registry", "merge", "P-TAEB", "P-QAANI", "--db", str(db))
    assert done.returncode == 1
    one_line_error(done.stderr, "the file is read-only")
    assert db.read_bytes() == before
    locked_dir = tmp_path / "locked"
    locked_dir.mkdir()
    immutable(locked_dir)
    done = run("registry", "import", extra, "--db", str(locked_dir / "new.db"))
    assert done.returncode == 1
    one_line_error(done.stderr, "cannot create the registry", "Operation not permitted",
                   "its directory does not allow new files")


def test_a_full_disk(mount, tmp_path: Path) -> None:
    disk = mount("400k")
    path = disk / "reg.db"
    assert main(["registry", "import", str(EXAMPLES / "registry.csv"), "--db", str(path)]) == 0
    with Registry(path, create=False) as reg:
        before = list(reg.export_rows())
    big = tmp_path / "big.csv"
    big.write_text("entity_id,name,source\n" + "".join(f"X-{i},Person {i} {'of a long list ' * 12},s\n"
                                                      for i in range(4000)), encoding="utf-8")
    done = run("registry", "import", str(big), "--db", str(path))
    assert done.returncode == 1
    one_line_error(done.stderr, f"cannot write to {path}", "the disk is full", "rolled back")
    with Registry(path, create=False) as reg:
        assert list(reg.export_rows()) == before
    # A first import that fills the disk leaves no file either.
    for leftover in disk.iterdir():
        leftover.unlink()
    done = run("registry", "import", str(big), "--db", str(disk / "new.db"))
    assert done.returncode == 1
    one_line_error(done.stderr, "the disk is full")
    assert list(disk.iterdir()) == []


@pytest.mark.parametrize("page", [0, 1, 2, 3, 4, 5, 6, 7, 8])
def test_a_damaged_registry_is_not_written_to(db: Path, tmp_path: Path, page: int) -> None:
    size = sqlite3.connect(db).execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(db.read_bytes())
    # Page 0 is the file header; the others are b-tree page headers, damage that SQLite or
    # its quick_check sees (flipped bytes inside a stored name or in free space are not
    # seen: SQLite keeps no checksums).
    for k in range(page * size, page * size + 8):
        data[k] ^= 0xFF
    db.write_bytes(bytes(data))
    extra = aliases_csv(tmp_path / "extra.csv", "E", 3)
    done = run("registry", "import", extra, "--db", str(db))
    assert done.returncode == 1
    one_line_error(done.stderr, str(db), "not a polyname registry" if page == 0 else "is damaged")
    assert db.read_bytes() == bytes(data)


# -- what an import says ------------------------------------------------------------------

def test_reimport_updates_lang_and_source_and_names_ignored_columns(tmp_path: Path) -> None:
    path = tmp_path / "reg.db"
    first = tmp_path / "first.csv"
    first.write_text("entity_id,name,kind,lang,source\nP-1,Hossein Taeb,person,en,un\nP-1,حسين طائب,person,ar,un\n"
                     "P-1,Hosein Taeb,person,en,un\n", encoding="utf-8")
    assert run("registry", "import", str(first), "--db", str(path)).returncode == 0
    again = tmp_path / "again.csv"
    again.write_text("entity_id,name,script,lang,source,source_field\nP-1,Hossein Taeb,Latn,fa,ofac,sdn\n"
                     "P-1,حسين طائب,Arab,ar,ofac,sdn\nP-1,Hosein Taeb,Latn,de,ofac,sdn\n", encoding="utf-8")
    done = run("registry", "import", str(again), "--db", str(path))
    assert done.returncode == 0, done.stderr
    summary = done.stderr.decode()
    assert "0 new aliases, 3 aliases updated" in summary
    assert "ignored column(s) 'script', 'source_field'" in summary
    shown = run("registry", "show", "P-1", "--db", str(path)).stdout.decode()
    assert "Hossein Taeb  [Latn, fa, ofac]" in shown and "Hosein Taeb  [Latn, de, ofac]" in shown
    assert "0 aliases updated" in run("registry", "import", str(again), "--db", str(path)).stderr.decode()
