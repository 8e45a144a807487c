"""Every `resolve` command the README and the `--help` texts show runs as written.

Each source's commands run in order, as a user would type them, in a directory holding a
copy of `examples/` and a registry `reg.db` made from the example files (the README's first
command makes the same one). A command passes when it exits 0 without a traceback.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from polyname.cli import _parser

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def readme_commands() -> list[str]:
    """The `resolve` lines of the README's shell blocks (fences without a language)."""
    commands, fence = [], None
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            fence = line[3:].strip() if fence is None else None
        elif fence == "" and line.startswith("resolve "):
            commands.append(_command(line))
    return commands


def help_commands() -> dict[str, list[str]]:
    """Example lines of every (sub)command's --help, by command."""
    out: dict[str, list[str]] = {}

    def walk(parser: argparse.ArgumentParser, name: str) -> None:
        lines = [_command(line.strip()) for line in (parser.epilog or "").splitlines()
                 if line.strip().startswith(("resolve ", "cat ", "echo "))]
        if lines:
            out[name] = lines
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub_name, sub in action.choices.items():
                    walk(sub, f"{name} {sub_name}")

    walk(_parser(), "resolve")
    return out


def _command(line: str) -> str:
    """A command line without its trailing comment."""
    return re.sub(r"\s+#\s.*$", "", line).strip()


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    for args in (["examples/registry.csv"], ["examples/second-list-cp1256.csv", "--encoding", "cp1256"]):
        done = shell(tmp_path, " ".join(["resolve", "registry", "import", *args, "--db", "reg.db"]))
        assert done.returncode == 0, done.stderr
    return tmp_path


def shell(cwd: Path, command: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("POLYNAME_DB", None)
    return subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


def run_in_order(cwd: Path, commands: list[str]) -> None:
    for command in commands:
        done = shell(cwd, command)
        assert done.returncode == 0 and "Traceback" not in done.stderr, f"{command}\n{done.stderr}"


def test_the_readme_shows_commands() -> None:
    assert len(readme_commands()) >= 6


def test_readme_commands_run_as_written(workdir: Path) -> None:
    run_in_order(workdir, readme_commands())


@pytest.mark.parametrize("command", sorted(help_commands()))
def test_help_examples_run_as_written(command: str, workdir: Path) -> None:
    run_in_order(workdir, help_commands()[command])
