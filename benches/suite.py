"""The bench session: its mode (``modes.QUICK`` or ``modes.FULL``), the results every module
records, and how a pytest-benchmark measurement becomes a speed figure.

Every ``test_*.py`` of ``benches/`` is one task users do (pair scoring, romanization, index
search, ``resolve match`` over a CSV, dedup, screening at list scale, scale). Each records its
figures here; at the end of the session ``conftest.py`` writes them to ``results/latest.json``
(``--full``, what ``make bench`` runs) or ``results/quick.json`` (the short mode inside
``make test``), and ``report.py`` renders the Markdown tables, the plots and the README
section from that file. The gates (floors, ceilings, speed claims) are in ``gates.py``.
"""

from __future__ import annotations

import os
import platform
from datetime import datetime, timezone
from typing import Any

import modes
from modes import Mode

MODE: Mode = modes.QUICK
RESULTS: dict[str, Any] = {}


def configure(full: bool) -> None:
    """Called once by conftest.py before any test is collected."""
    global MODE
    MODE = modes.FULL if full else modes.QUICK
    RESULTS.clear()
    RESULTS.update({"meta": run_meta(MODE), "speed": {}, "quality": {}, "dedup": {}, "scale": {}, "gates": {}})


def run_meta(mode: Mode, seed: int = modes.SEED, command: str = "make bench") -> dict[str, Any]:
    """What every results file says about its run: mode, seed, start, machine, versions, and
    the command that made it."""
    return {
        "mode": modes.name(mode),
        "seed": seed,
        "started": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(),
        "python": platform.python_version(),
        "versions": versions(),
        "command": command,
    }


def machine() -> str:
    """CPU model, cores this process may use, memory: what a reader needs to weigh the times."""
    model = platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            model = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), model)
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    memory = ""
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            kib = int(next(line.split()[1] for line in f if line.startswith("MemTotal:")))
        memory = f", {kib / 2**20:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    return f"{model}, {cores} cores{memory}, {platform.system()} {platform.machine()}"


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for dist in ("polyname", "rapidfuzz", "unidecode", "jellyfish", "nomenklatura", "splink", "duckdb", "pyahocorasick",
                 "spacy", "pytest-benchmark"):
        try:
            out[dist] = version(dist)
        except PackageNotFoundError:
            pass
    return out


def bench(benchmark: Any, fn: Any, *args: Any, rounds: int | None = None) -> Any:
    """One in-process workload through pytest-benchmark: a warm-up round, then the mode's rounds."""
    return benchmark.pedantic(fn, args=args, rounds=rounds or MODE.rounds, warmup_rounds=1)


def record_speed(group: str, system: str, benchmark: Any, items: int, unit: str, *, label: str = "",
                 note: str = "") -> None:
    """A pytest-benchmark measurement of ``items`` work items (pairs, names, queries, rows)."""
    stats = benchmark.stats.stats
    record_time(group, system, stats.median, items, unit, label=label, note=note, rounds=stats.rounds,
                spread=(stats.min, stats.max))


def record_time(group: str, system: str, seconds: float, items: int, unit: str, *, label: str = "",
                note: str = "", rounds: int = 1, spread: tuple[float, float] | None = None,
                peak_mb: float | None = None) -> None:
    cell: dict[str, Any] = {
        "label": label or system, "seconds": seconds, "items": items, "unit": unit, "rounds": rounds,
        "us_per_item": 1e6 * seconds / max(1, items),
    }
    if spread:
        cell["min_max_s"] = list(spread)
    if peak_mb is not None:
        cell["peak_mb"] = peak_mb
    if note:
        cell["note"] = note
    RESULTS["speed"].setdefault(group, {})[system] = cell


def record_quality(task: str, system: str, cell: dict[str, Any]) -> None:
    RESULTS["quality"].setdefault(task, {})[system] = cell


def record_figures(figures: dict[str, Any]) -> None:
    """The figures of ``tasks.run`` (or of one task), by results section."""
    for section, value in figures.items():
        if section == "quality":
            for task, cells in value.items():
                RESULTS["quality"].setdefault(task, {}).update(cells)
        else:
            RESULTS[section] = value
