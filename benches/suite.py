"""What the bench modules share: the run's mode (quick or full), the results they record, and
the speed ratios polyname claims.

Every ``test_*.py`` of ``benches/`` is one task users do (pair scoring, romanization, index
search, ``resolve match`` over a CSV, dedup, scale). Each records its figures here; at the end
of the session ``conftest.py`` writes them to ``results/latest.json`` (``--full``, what
``make bench`` runs) or ``results/quick.json`` (the short mode inside ``make test``), and
``report.py`` renders the Markdown table, the plots and the README section from that file.

Speed is compared as a ratio measured in the same run: the peer's time per item over
polyname's (> 1: polyname is faster). CI machines are noisy, so a ratio is gated only
against the claim divided by ``SPEED_SLACK``, never an absolute time.
"""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

SEED = 20261121


@dataclass(frozen=True)
class Mode:
    """Input sizes and rounds of one run."""

    full: bool
    pairs: int  # name pairs scored
    romanize_words: int  # Arabic-script words romanized
    search_queries: int  # queries against the OFAC names
    rounds: int  # pytest-benchmark rounds of an in-process workload
    resolve_rows: int  # rows of the `resolve match` input file
    dedup_lists: tuple[str, ...]  # shared lists deduplicated against their gold clusters
    scale_sizes: tuple[int, ...]  # names, for the scale curves
    scale_queries: int  # rows matched against each scale registry
    peer_time_limit: float  # seconds a peer's scale run may take


QUICK = Mode(full=False, pairs=5_000, romanize_words=5_000, search_queries=300, rounds=3,
             resolve_rows=2_000, dedup_lists=("un-sc-consolidated",), scale_sizes=(10_000,),
             scale_queries=500, peer_time_limit=120)
FULL = Mode(full=True, pairs=20_000, romanize_words=20_000, search_queries=1_000, rounds=5,
            resolve_rows=20_000, dedup_lists=("un-sc-consolidated", "ofac-sdn"),
            scale_sizes=(10_000, 100_000, 1_000_000), scale_queries=2_000, peer_time_limit=600)

MODE: Mode = QUICK

#: Speed ratios (peer time / polyname time, same run) that polyname claims, per (group, peer):
#: (short mode, full mode). They differ where the inputs do: the short mode's `resolve match`
#: file is small next to the start-up cost, and its dedup list (UN, 4,720 names) is too small
#: for the peers' all-pairs cost to show. CI fails when a measured ratio falls below
#: claim / SPEED_SLACK.
SPEED_CLAIMS: dict[tuple[str, str], tuple[float, float]] = {
    # Not yet at parity: every name is tokenized, romanized and aligned word by word.
    ("pair scoring", "rapidfuzz"): (0.7, 0.8),
    ("pair scoring", "jellyfish"): (0.9, 0.9),
    ("romanization", "unidecode"): (3.0, 3.0),
    ("index search", "rapidfuzz"): (3.0, 3.0),
    ("resolve match", "rapidfuzz"): (1.7, 2.9),
    ("dedup", "rapidfuzz"): (1.6, 10.0),
}
SPEED_SLACK = 2.0

RESULTS: dict[str, Any] = {}


def configure(full: bool) -> None:
    """Called once by conftest.py before any test is collected."""
    global MODE
    MODE = FULL if full else QUICK
    RESULTS.clear()
    RESULTS.update({"meta": run_meta(), "speed": {}, "quality": {}, "dedup": {}, "scale": {}, "gates": {}})


def run_meta() -> dict[str, Any]:
    return {
        "mode": "full" if MODE.full else "quick",
        "seed": SEED,
        "started": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(),
        "python": platform.python_version(),
        "versions": versions(),
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
    for dist in ("polyname", "rapidfuzz", "unidecode", "jellyfish", "nomenklatura", "splink", "duckdb",
                 "pytest-benchmark"):
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


def speed_ratio(group: str, peer: str) -> float:
    """Peer time per item over polyname's (> 1: polyname is faster)."""
    cells = RESULTS["speed"].get(group, {})
    missing = [s for s in ("polyname", peer) if s not in cells]
    assert not missing, f"{group}: no measurement of {', '.join(missing)} in this run (run the whole module)"
    return cells[peer]["us_per_item"] / cells["polyname"]["us_per_item"]


def assert_speed_claim(group: str, peer: str) -> float:
    """Fails when polyname loses the ratio it claims against ``peer`` by more than the slack."""
    ratio = speed_ratio(group, peer)
    claim = SPEED_CLAIMS[(group, peer)][MODE.full]
    floor = claim / SPEED_SLACK
    RESULTS["gates"][f"speed: {group} vs {peer}"] = {"measured": ratio, "claim": claim, "floor": floor,
                                                      "ok": ratio >= floor}
    assert ratio >= floor, (
        f"{group}: polyname is {ratio:.2f}x the speed of {peer}; it claims {claim:.2f}x "
        f"(gate {floor:.2f}x after a slack of {SPEED_SLACK}x)"
    )
    return ratio


def assert_floor(name: str, measured: float, floor: float) -> None:
    """A quality figure held to its floor, kept in the results whether it passes or not."""
    RESULTS["gates"][f"quality: {name}"] = {"measured": measured, "floor": floor, "ok": measured >= floor}
    assert measured >= floor, f"{name} = {measured:.3f} < floor {floor:.3f}"


def record_quality(task: str, system: str, cell: dict[str, Any]) -> None:
    RESULTS["quality"].setdefault(task, {})[system] = cell
