"""The progress bar of long commands: on a terminal (a pseudo-terminal here) it shows the
share of the input read, the rows, the rate and the time left; elsewhere nothing."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def names(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("progress") / "names.csv"
    spellings = ["Hossein Taeb", "Hussein al-Tayeb", "Ismail Qaani", "Esmail Ghaani", "Kataib Hezbollah"]
    with path.open("w", encoding="utf-8") as f:
        f.write("entity_id,name\n")
        for k in range(60_000):
            f.write(f"E{k % 5000},{spellings[k % len(spellings)]} {k % 991}\n")
    return path


def on_a_terminal(*args: str) -> tuple[int, str]:
    """Runs `resolve` with stderr on a pseudo-terminal; its exit status and what it drew."""
    leader, follower = pty.openpty()
    # A terminal of 120 columns (a new pseudo-terminal has none, and a bar needs some).
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    run = subprocess.Popen([sys.executable, "-m", "polyname", *args], stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=follower)
    os.close(follower)
    drawn = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the process is gone
            break
        if not chunk:
            break
        drawn += chunk
    os.close(leader)
    return run.wait(timeout=120), drawn.decode("utf-8", "replace")


def test_match_shows_how_far_it_got(db: str, names: Path, tmp_path: Path) -> None:
    status, drawn = on_a_terminal("match", str(names), "--db", db, "--prefix", "ref_", "-o", str(tmp_path / "out.csv"))
    assert status == 0, drawn
    assert re.search(r"\b[1-9][0-9]?%\|", drawn), drawn  # a share of the file's bytes
    assert re.search(r"\d+(\.\d+)?[kM]?B/s", drawn), drawn  # the rate
    assert re.search(r"\d[\d,]* names resolved\]", drawn), drawn  # the rows so far, in the bar
    assert "60,000 names resolved; written to" in drawn  # the summary after the bar


def test_import_and_dedup_show_progress_too(names: Path, tmp_path: Path) -> None:
    status, drawn = on_a_terminal("registry", "import", str(names), "--db", str(tmp_path / "reg.db"))
    assert status == 0, drawn
    assert re.search(r"\d+%\|.*\d[\d,]* aliases imported\]", drawn), drawn
    status, drawn = on_a_terminal("dedup", str(names), "-o", str(tmp_path / "clusters.csv"))
    assert status == 0, drawn
    assert re.search(r"\d+%\|[^\r]*/1\.\d+M ", drawn), drawn  # a share of the file's 1.4 MB


def test_no_bar_when_stderr_is_not_a_terminal(db: str, names: Path, tmp_path: Path) -> None:
    # (Mention mode: the names carry a number the registry's aliases lack.)
    done = subprocess.run([sys.executable, "-m", "polyname", "match", str(names), "--db", db, "--prefix", "ref_",
                           "--mode", "mention", "-o", str(tmp_path / "out.csv")], capture_output=True, timeout=120)
    assert done.returncode == 0
    assert done.stderr.decode().strip() == f"60,000 of 60,000 names resolved; written to {tmp_path / 'out.csv'}"
