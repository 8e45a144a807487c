"""Scale curves: time and peak memory of dedup and ``resolve match`` as the names grow
(10k, 100k, 1M with ``--full``; 10k in the short mode), next to the peers.

Each point runs in a process of its own, so its peak memory is its own:
- dedup: ``scale_dedup.py SYSTEM SIZE`` clusters ``scale_names.build(SIZE)`` (all shared
  names plus systematic romanization variants); time is the clustering call;
- resolve match: a registry of ``SIZE`` names of the same list (``resolve registry import``
  into SQLite, reported apart), then ``resolve match`` of a fixed file of rows (half
  registry names, half negatives_global people) against it, beside the RapidFuzz brute force
  over the same files; time is the command's wall time.

A peer whose next point would take longer than the mode's time limit (extrapolated from its
last two points, at least linearly) is not started, and one that passes the limit is
stopped; both are reported as such.
"""

from __future__ import annotations

import json
import math
import random
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

import pytest

import datasets
import modes
import resolve_cli
import scale_names
import suite

BENCHES = Path(__file__).resolve().parent


def predicted_seconds(points: list[dict[str, Any]], size: int) -> float | None:
    """The time of the next point from the last two (exponent at least 1), or None."""
    done = [p for p in points if p.get("seconds")]
    if not done:
        return None
    last = done[-1]
    exponent = 1.0
    if len(done) >= 2:
        prev = done[-2]
        exponent = max(1.0, math.log(last["seconds"] / prev["seconds"]) / math.log(last["names"] / prev["names"]))
    return last["seconds"] * (size / last["names"]) ** exponent


def curve(system: str, limit: float | None, measure: Callable[[int], dict[str, Any]]) -> list[dict[str, Any]]:
    points: list[dict[str, Any]] = []
    for size in suite.MODE.scale_sizes:
        guess = predicted_seconds(points, size)
        if limit is not None and guess is not None and guess > limit:
            points.append({"names": size, "skipped": f"not run: about {guess:,.0f} s predicted from the last points"})
            break
        try:
            points.append({"names": size, **measure(size)})
        except (subprocess.TimeoutExpired, resolve_cli.ChildTimedOut):
            points.append({"names": size, "skipped": f"stopped after {limit:.0f} s"})
            break
        print(f"  {system} at {size:,}: {points[-1]}", file=sys.stderr)
    return points


def _dedup_point(system: str, limit: float | None) -> Callable[[int], dict[str, Any]]:
    def measure(size: int) -> dict[str, Any]:
        done = subprocess.run([sys.executable, str(BENCHES / "scale_dedup.py"), system, str(size)],
                              capture_output=True, text=True, timeout=limit, check=False)
        assert done.returncode == 0, done.stderr[-2000:]
        return json.loads(done.stdout.strip().splitlines()[-1])
    return measure


# Splink runs with --full only: its start-up alone outlasts the short mode's point.
DEDUP_SYSTEMS = ("polyname", "rapidfuzz", pytest.param("splink", marks=pytest.mark.full))


@pytest.mark.parametrize("system", DEDUP_SYSTEMS)
def test_dedup_curve(system: str) -> None:
    limit = None if system == "polyname" else suite.MODE.peer_time_limit
    points = curve(system, limit, _dedup_point(system, limit))
    suite.RESULTS["scale"].setdefault("dedup", {})[system] = points
    if system == "polyname":
        assert all("seconds" in p for p in points), points
        assert all(p["largest"] < p["names"] / 10 for p in points), "one cluster swallowed the list"


@pytest.fixture(scope="module")
def match_rows() -> list[tuple[str, str, str]]:
    """The rows matched at every size: names of the largest list (so a share of them is in
    each registry) and negatives_global people, half and half."""
    names, _ = scale_names.build(max(suite.MODE.scale_sizes))
    rng = random.Random(f"{modes.SEED}:scale-match")
    n = suite.MODE.scale_queries
    negatives = datasets.load_screening_names("negatives_global.csv")
    rows = [(name, "known") for name in rng.sample(names, n // 2)]
    rows += [(name, "negative") for name in rng.sample(negatives, n - n // 2)]
    rng.shuffle(rows)
    return [(str(i), name, origin) for i, (name, origin) in enumerate(rows)]


@pytest.mark.parametrize("system", ("polyname", "rapidfuzz"))
def test_resolve_match_curve(system: str, match_rows: list[tuple[str, str, str]],
                             tmp_path_factory: pytest.TempPathFactory) -> None:
    workdir = tmp_path_factory.mktemp(f"scale-{system}")
    limit = None if system == "polyname" else suite.MODE.peer_time_limit

    def measure(size: int) -> dict[str, Any]:
        names, gold = scale_names.build(size)
        registry = [(entity, name, "other") for name, entity in zip(names, gold)]
        return resolve_cli.measure_match(workdir, registry, match_rows, stem=f"r{size}", system=system, timeout=limit)

    points = curve(system, limit, measure)
    suite.RESULTS["scale"].setdefault("resolve match", {})[system] = points
    if system == "polyname":
        assert all("seconds" in p for p in points), points
