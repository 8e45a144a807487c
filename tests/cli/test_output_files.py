"""Where `resolve` writes: nothing clobbered, nothing half-written, nothing left behind.

Each test runs the command as a user does (a separate process) against real files: a
character device made with mknod, a symlink, a named pipe, an existing file with its own mode
and owner, and a run stopped by SIGTERM or SIGHUP halfway through a large input.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NAMES = "name\nHossein Taeb\nIsmail Qaani\n"


def resolve(*args: str, umask: int = 0o022, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "polyname", *args], input=stdin, capture_output=True,
                          timeout=120, preexec_fn=lambda: os.umask(umask))


@pytest.fixture
def names(tmp_path: Path) -> str:
    path = tmp_path / "names.csv"
    path.write_text(NAMES, encoding="utf-8")
    return str(path)


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".part"))


@pytest.mark.skipif(os.geteuid() != 0, reason="mknod of a character device needs root")
def test_a_character_device_stays_a_device(db: str, names: str, tmp_path: Path) -> None:
    null = tmp_path / "null"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # the numbers of /dev/null
    done = resolve("match", names, "--db", db, "-o", str(null))
    assert done.returncode == 0, done.stderr
    assert stat.S_ISCHR(null.stat().st_mode) and null.stat().st_rdev == os.makedev(1, 3)
    assert leftovers(tmp_path) == []


def test_a_symlink_is_followed_and_its_target_replaced(db: str, names: str, tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "out.csv"
    target.write_text("old\n")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    done = resolve("match", names, "--db", db, "-o", str(link))
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8").startswith("name,entity_id,matched_name,score")
    assert leftovers(tmp_path) == leftovers(tmp_path / "real") == []


def test_a_named_pipe_is_written_through(db: str, names: str, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    done = resolve("match", names, "--db", db, "-o", str(fifo))
    reader.join(timeout=60)
    assert done.returncode == 0, done.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    text = received[0].decode()
    assert text.startswith("name,entity_id") and "P-TAEB" in text and "P-QAANI" in text


def test_a_new_file_follows_the_umask(db: str, names: str, tmp_path: Path) -> None:
    for umask, mode in ((0o022, 0o644), (0o027, 0o640), (0o077, 0o600)):
        out = tmp_path / f"out-{umask:o}.csv"
        assert resolve("match", names, "--db", db, "-o", str(out), umask=umask).returncode == 0
        assert stat.S_IMODE(out.stat().st_mode) == mode, f"umask {umask:o}"


def test_an_overwritten_file_keeps_its_mode_and_owner(db: str, names: str, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    out.write_text("old\n")
    os.chmod(out, 0o604)
    owner = (os.getuid(), os.getgid())
    if os.geteuid() == 0:
        owner = (1234, 5678)  # root can give the file away: the new file must stay theirs
        os.chown(out, *owner)
    done = resolve("match", names, "--db", db, "-o", str(out))
    assert done.returncode == 0, done.stderr
    st = out.stat()
    assert stat.S_IMODE(st.st_mode) == 0o604
    assert (st.st_uid, st.st_gid) == owner
    assert "P-TAEB" in out.read_text(encoding="utf-8")


def test_a_directory_is_refused(db: str, names: str, tmp_path: Path) -> None:
    done = resolve("match", names, "--db", db, "-o", str(tmp_path))
    assert done.returncode == 1
    assert b"is a directory" in done.stderr and b"Traceback" not in done.stderr


@pytest.fixture(scope="module")
def big_input(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """400,000 rows: long enough to be stopped halfway."""
    path = tmp_path_factory.mktemp("big") / "big.csv"
    spellings = ["Hossein Taeb", "Hussein al-Tayeb", "Ismail Qaani", "Esmail Ghaani", "Kataib Hezbollah",
                 "Abu Mahdi al-Muhandis", "Popular Mobilization Units", "Jessica Thomas Bates"]
    with path.open("w", encoding="utf-8") as f:
        f.write("id,name\n")
        for k in range(400_000):
            f.write(f"{k},{spellings[k % len(spellings)]} {k % 997}\n")
    return path


@pytest.mark.parametrize("signum, status", [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_a_stopped_run_leaves_the_target_as_it_was(db: str, big_input: Path, tmp_path: Path,
                                                   signum: int, status: int) -> None:
    out = tmp_path / "out.csv"
    out.write_text("the result of an earlier run\n")
    run = subprocess.Popen([sys.executable, "-m", "polyname", "match", str(big_input), "--db", db, "-o", str(out)],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not leftovers(tmp_path) and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert run.poll() is None, "the run ended before it could be stopped"
    assert leftovers(tmp_path), "the run never started writing"
    time.sleep(0.3)  # well inside the output
    run.send_signal(signum)
    _, err = run.communicate(timeout=60)
    assert run.returncode == status, err
    assert f"stopped by {signal.Signals(signum).name}".encode() in err and b"Traceback" not in err
    assert out.read_text() == "the result of an earlier run\n"
    assert leftovers(tmp_path) == []


def test_nothing_reaches_stdout_before_the_input_is_known_good(db: str, names: str, tmp_path: Path) -> None:
    done = resolve("match", names, "--db", db, "--kind", "planet")
    assert done.returncode == 2 and done.stdout == b"" and b"unknown kind 'planet'" in done.stderr
    arabic = tmp_path / "arabic.csv"
    arabic.write_bytes("name\nحسين طائب\n".encode("cp1256"))
    done = resolve("match", str(arabic), "--db", db)
    assert done.returncode == 1 and done.stdout == b"", done.stdout
    assert b"--encoding" in done.stderr and b"Traceback" not in done.stderr
    done = resolve("match", str(arabic), "--db", db, "--encoding", "cp1256")
    assert done.returncode == 0 and "P-TAEB" in done.stdout.decode()


def test_a_run_into_a_file_says_what_it_did(db: str, names: str, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    done = resolve("match", names, "--db", db, "-o", str(out))
    assert done.returncode == 0
    assert done.stderr.decode().strip() == f"2 of 2 names resolved; written to {out}"
