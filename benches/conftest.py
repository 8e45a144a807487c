"""The bench suite's session: ``--full`` picks the sizes (``modes.FULL``; default the short
mode of ``make test``), tests marked ``full`` (the slow peers: nomenklatura, Splink) run only
then, and the figures every module recorded are written once at the end: ``quick.json``,
``latest.json`` (the whole suite with ``--full``) or ``partial.json`` (part of it)."""

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


# A full run of part of the suite (-k, one module) must not replace the full run's file, from
# which report.py renders the README's figures.
PARTIAL = False


def pytest_deselected(items: list[pytest.Item]) -> None:
    global PARTIAL
    PARTIAL = PARTIAL or bool(items)


def pytest_collection_finish(session: pytest.Session) -> None:
    global PARTIAL
    modules = {Path(str(item.fspath)).name for item in session.items}
    PARTIAL = PARTIAL or modules != {p.name for p in BENCHES.glob("test_*.py")}


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not any(v for k, v in suite.RESULTS.items() if k not in ("meta", "gates")):
        return
    suite.RESULTS["meta"]["exit_status"] = int(exitstatus)
    name = ("partial.json" if PARTIAL else "latest.json") if suite.MODE.full else "quick.json"
    path = RESULTS_DIR / name
    path.parent.mkdir(exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(suite.RESULTS, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)
    print(f"\nbench results: {path.relative_to(BENCHES.parent)}", file=sys.stderr)
