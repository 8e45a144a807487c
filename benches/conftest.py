"""The bench suite's session: ``--full`` picks the sizes (``suite.FULL``; default the short
mode of ``make test``), tests marked ``full`` (the slow peers: nomenklatura, Splink) run only
then, and the figures every module recorded are written once at the end."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

BENCHES = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCHES))
import suite  # noqa: E402

RESULTS_DIR = BENCHES / "results"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--full", action="store_true",
                     help="full sizes and every peer (make bench); default: the short mode of make test")


def pytest_configure(config: pytest.Config) -> None:
    suite.configure(full=config.getoption("--full"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if suite.MODE.full:
        return
    keep = [item for item in items if item.get_closest_marker("full") is None]
    dropped = [item for item in items if item.get_closest_marker("full") is not None]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not (suite.RESULTS.get("speed") or suite.RESULTS.get("quality") or suite.RESULTS.get("scale")):
        return
    suite.RESULTS["meta"]["exit_status"] = int(exitstatus)
    path = RESULTS_DIR / ("latest.json" if suite.MODE.full else "quick.json")
    path.parent.mkdir(exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(suite.RESULTS, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)
    print(f"\nbench results: {path.relative_to(BENCHES.parent)}", file=sys.stderr)
