"""Long names: pair scoring, index search and dedup on names of 1 KB, 10 KB, 100 KB and
1 MB, each name a different text (Latin words, Arabic words joined by ZWNJ, one endless
word, compatibility ligatures that NFKC expands).

Names are compared on their first ``MAX_NAME_CHARS`` characters, each word on its first
``MAX_TOKEN_SYMBOLS`` symbols: past those caps what is left is reading the text, linear in
its length. The gate holds every call to that: from one size to the next (ten times longer),
the time may grow at most ``gates.LONG_NAMES_GROWTH_LIMIT`` times, a third of a linear cost's tenfold slack
allowed for noise. A quadratic step grows a hundredfold.
"""

from __future__ import annotations

import random
from typing import Any

import pytest

import datasets
import gates
import modes
import polyname
import suite
from polyname import _core

SIZES = (1_000, 10_000, 100_000, 1_000_000)
PAIRS = 8  # pairs scored per round
QUERIES = 4  # long queries per search round
DEDUP_ROWS = 8  # long rows among the ordinary names of a dedup round

# Fastest round of each (workload, size): less noise than the median on a shared machine.
TIMES: dict[tuple[str, int], float] = {}

PATTERNS = (
    "Mohammed Hassan al-Tayeb ",
    "\u200c".join(["محمد"] * 8) + " ",
    "a",
    "ﬃ",
)


def long_name(size: int, k: int, variant: str = "") -> str:
    """A name of ``size`` characters, the k-th of its kind (no two of a round are one text)."""
    head = f"N{k}{variant} "
    body = PATTERNS[k % len(PATTERNS)]
    return (head + body * (size // len(body) + 1))[:size]


@pytest.fixture(scope="module")
def ordinary() -> list[str]:
    rows = datasets.load_ofac_names()
    return [r.name for r in random.Random(modes.SEED).sample(rows, 500)]


def _measure(benchmark: Any, workload: str, size: int, fn: Any) -> Any:
    result = suite.bench(benchmark, fn)
    TIMES[(workload, size)] = benchmark.stats.stats.min
    return result


@pytest.mark.parametrize("size", SIZES)
def test_similarity(benchmark: Any, size: int) -> None:
    left = [long_name(size, k) for k in range(PAIRS)]
    right = [long_name(size, k, "b") for k in range(PAIRS)]
    scores = _measure(benchmark, "similarity", size, lambda: polyname.similarity_many(left, right))
    assert len(scores) == PAIRS and all(0.0 <= s <= 1.0 for s in scores)


@pytest.mark.parametrize("size", SIZES)
def test_search(benchmark: Any, size: int, ordinary: list[str]) -> None:
    names = ordinary + [long_name(size, k) for k in range(DEDUP_ROWS)]
    index = polyname.NameIndex([str(i) for i in range(len(names))], names)
    queries = [long_name(size, k, "q") for k in range(QUERIES)]
    hits = _measure(benchmark, "search", size, lambda: index.search(queries, limit=5))
    assert len(hits) == QUERIES and all(0.0 <= m.score <= 1.0 for row in hits for m in row)


@pytest.mark.parametrize("size", SIZES)
def test_dedup(benchmark: Any, size: int, ordinary: list[str]) -> None:
    names = ordinary + [long_name(size, k) for k in range(DEDUP_ROWS)]
    clusters = _measure(benchmark, "dedup", size, lambda: _core.dedup(names, threshold=polyname.MATCH_THRESHOLD))
    assert len(clusters.labels) == len(names)


@pytest.mark.parametrize("workload", ["similarity", "search", "dedup"])
def test_time_grows_at_most_linearly(workload: str) -> None:
    missing = [s for s in SIZES if (workload, s) not in TIMES]
    assert not missing, f"{workload}: no measurement at {missing} in this run (run the whole module)"
    worst = max(TIMES[(workload, big)] / TIMES[(workload, small)] for small, big in zip(SIZES, SIZES[1:]))
    figures = ", ".join(f"{s:,} chars {1e3 * TIMES[(workload, s)]:.2f} ms" for s in SIZES)
    print(f"\n{workload}: {figures}; worst growth {worst:.1f}x per tenfold length")
    gates.assert_ceiling(f"{workload}, worst growth per tenfold length", worst, gates.LONG_NAMES_GROWTH_LIMIT,
                         group="long names")
