"""Speed of polyname beside the peer a user would pick instead, in the same run.

Release build, all cores (``workers=-1``) on both sides. pytest-benchmark times each
workload; the ratio of the medians (peer / polyname, > 1 means polyname is faster) is
printed at the end and written to ``benches/results/speed-latest.json``. Nothing here
asserts a time: machines drift, so the figures are reported, never gated on.

Workloads:
- pair scoring: ``similarity_many`` on name pairs vs unidecode + RapidFuzz WRatio
  (``process.cpdist``), the closest element-wise peer;
- search: ``NameIndex.search`` of 1,000 queries (Arabic and Latin) against the OFAC names
  vs RapidFuzz ``cdist`` with token_sort_ratio on unidecoded strings (brute force, the
  fastest RapidFuzz scorer usable for this task).
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

import datasets
import polyname

rapidfuzz = pytest.importorskip("rapidfuzz")
unidecode = pytest.importorskip("unidecode")
from rapidfuzz import fuzz, process, utils  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "speed-latest.json"
SEED = 20261121
MEDIANS: dict[str, float] = {}


def _fold(names: list[str]) -> list[str]:
    """What a RapidFuzz user does first: ASCII-fold and lower-case."""
    return [utils.default_process(unidecode.unidecode(n)) for n in names]


@pytest.fixture(scope="module")
def ofac() -> list[datasets.NameRow]:
    return datasets.load_ofac_names()


@pytest.fixture(scope="module")
def pairs(ofac: list[datasets.NameRow]) -> tuple[list[str], list[str]]:
    """20,000 pairs: variants of one entity and random pairs, half and half."""
    rng = random.Random(SEED)
    by_entity: dict[str, list[str]] = {}
    for row in ofac:
        by_entity.setdefault(row.entity_id, []).append(row.name)
    multi = [names for names in by_entity.values() if len(names) >= 2]
    left, right = [], []
    for _ in range(10_000):
        a, b = rng.sample(rng.choice(multi), 2)
        left.append(a)
        right.append(b)
        left.append(rng.choice(ofac).name)
        right.append(rng.choice(ofac).name)
    return left, right


@pytest.fixture(scope="module")
def queries(ofac: list[datasets.NameRow]) -> list[str]:
    """1,000 queries: every Arabic-script name of the UN list, then OFAC names."""
    arabic = [r.name for r in datasets.load_un_names() if r.script == "Arab"]
    rng = random.Random(SEED)
    latin = [r.name for r in rng.sample(ofac, 1000 - len(arabic))]
    return arabic + latin


def _record(benchmark: Any, key: str) -> None:
    MEDIANS[key] = benchmark.stats.stats.median


@pytest.mark.benchmark(group="pair scoring (20,000 pairs)")
def test_pairs_polyname(benchmark: Any, pairs: tuple[list[str], list[str]]) -> None:
    left, right = pairs
    scores = benchmark.pedantic(polyname.similarity_many, args=(left, right), rounds=5, iterations=1)
    assert len(scores) == len(left)
    _record(benchmark, "pairs/polyname")


@pytest.mark.benchmark(group="pair scoring (20,000 pairs)")
def test_pairs_rapidfuzz_wratio(benchmark: Any, pairs: tuple[list[str], list[str]]) -> None:
    left, right = pairs

    def run() -> Any:
        return process.cpdist(_fold(left), _fold(right), scorer=fuzz.WRatio, workers=-1)

    scores = benchmark.pedantic(run, rounds=5, iterations=1)
    assert len(scores) == len(left)
    _record(benchmark, "pairs/rapidfuzz")


@pytest.mark.benchmark(group="search (1,000 queries x OFAC)")
def test_search_polyname(benchmark: Any, ofac: list[datasets.NameRow], queries: list[str]) -> None:
    index = polyname.NameIndex([r.entity_id for r in ofac], [r.name for r in ofac])
    results = benchmark.pedantic(index.search, args=(queries,), kwargs={"limit": 5}, rounds=5, iterations=1)
    assert len(results) == len(queries)
    _record(benchmark, "search/polyname")


@pytest.mark.benchmark(group="search (1,000 queries x OFAC)")
def test_search_rapidfuzz_cdist(benchmark: Any, ofac: list[datasets.NameRow], queries: list[str]) -> None:
    choices = _fold([r.name for r in ofac])

    def run() -> Any:
        # The user folds the queries per call; the registry once, as an index would.
        scores = process.cdist(_fold(queries), choices, scorer=fuzz.token_sort_ratio, dtype="uint8", workers=-1)
        return scores.argmax(axis=1)

    best = benchmark.pedantic(run, rounds=5, iterations=1)
    assert len(best) == len(queries)
    _record(benchmark, "search/rapidfuzz")


def test_report_ratios() -> None:
    """Prints and saves peer / polyname ratios of the medians measured above."""
    ratios = {}
    for workload in ("pairs", "search"):
        ours, peer = MEDIANS.get(f"{workload}/polyname"), MEDIANS.get(f"{workload}/rapidfuzz")
        if ours and peer:
            ratios[workload] = peer / ours
    if not ratios:
        pytest.skip("run with the benchmarks enabled (not --benchmark-disable)")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps({"medians_s": MEDIANS, "peer_over_polyname": ratios}, indent=2) + "\n")
    for workload, ratio in ratios.items():
        print(f"\n{workload}: polyname is {ratio:.2f}x the speed of the RapidFuzz peer (median, same run)")
