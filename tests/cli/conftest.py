"""What the CLI tests share: the example files and a registry made from them."""

from __future__ import annotations

from pathlib import Path

import pytest

from polyname.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A registry file made from examples/registry.csv, as `resolve registry import` makes it."""
    path = str(tmp_path / "reg.db")
    assert main(["registry", "import", str(EXAMPLES / "registry.csv"), "--db", path]) == 0
    return path
