"""Index search: which registry name is this query? polyname's ``NameIndex`` beside the
RapidFuzz brute force a user would write (unidecode + ``default_process`` on both sides,
``process.cdist`` with token_sort_ratio, its fastest scorer usable here, all cores).

Speed: queries (every Arabic-script UN name, then OFAC names) against the 37,621 OFAC names;
the index is built once, as the registry does, and its build is reported on its own.

Quality: the retrieval tasks of QUALITY.md (Arabic → Latin on the UN list, Arabic word →
Latin word, OFAC alias retrieval, screening) run by ``quality.py``: recall@1, and precision /
recall / F1 of the top-1 answer read as a decision (polyname at ``MATCH_THRESHOLD``, the
peers at their best threshold). nomenklatura logic-v2 joins with ``--full`` (on a sample).
"""

from __future__ import annotations

import random
from dataclasses import replace
from typing import Any

import pytest

import datasets
import polyname
import quality
import suite

GROUP = "index search"
RETRIEVAL_TASKS = ("arabic_latin_un", "arabic_word", "ofac_alias")

# polyname's floors (QUALITY.md's first bars): recall@1 per retrieval task.
FLOORS = {"arabic_latin_un": 0.85, "arabic_word": 0.60, "ofac_alias": 0.65}
SCREENING_FLOORS = {"recall": 0.99, "max_fpr": 0.005}
# QUALITY.md's peer figures (full protocol). The quick samples (300 queries) carry a sampling
# error of about +-0.03, hence the tolerance: a drift means the harness changed, not the peer.
PEER_FIGURES = {
    "rapidfuzz": {"arabic_latin_un": 0.545, "arabic_word": 0.107, "ofac_alias": 0.535},
    "logic-v2": {"arabic_latin_un": 0.570},
}
PEER_TOLERANCE = 0.08


@pytest.fixture(scope="module")
def ofac() -> list[datasets.NameRow]:
    return datasets.load_ofac_names()


@pytest.fixture(scope="module")
def queries(ofac: list[datasets.NameRow]) -> list[str]:
    """Arabic-script UN names (at most half) and OFAC names."""
    arabic = [r.name for r in datasets.load_un_names() if r.script == "Arab"]
    wanted = suite.MODE.search_queries
    arabic = arabic[: min(len(arabic), wanted // 2)]
    return arabic + [r.name for r in random.Random(suite.SEED).sample(ofac, wanted - len(arabic))]


@pytest.fixture(scope="module")
def index(ofac: list[datasets.NameRow]) -> polyname.NameIndex:
    return polyname.NameIndex([r.entity_id for r in ofac], [r.name for r in ofac])


def test_build_polyname(benchmark: Any, ofac: list[datasets.NameRow]) -> None:
    ids, names = [r.entity_id for r in ofac], [r.name for r in ofac]
    built = suite.bench(benchmark, polyname.NameIndex, ids, names)
    assert len(built) == len(names)
    suite.record_speed("index build", "polyname", benchmark, len(names), "name", label="polyname NameIndex")


def test_build_rapidfuzz(benchmark: Any, ofac: list[datasets.NameRow]) -> None:
    names = [r.name for r in ofac]
    folded = suite.bench(benchmark, quality.rf_prepare, names)
    assert len(folded) == len(names)
    suite.record_speed("index build", "rapidfuzz", benchmark, len(names), "name",
                       label="unidecode + default_process of the names")


def test_search_polyname(benchmark: Any, index: polyname.NameIndex, queries: list[str]) -> None:
    results = suite.bench(benchmark, lambda: index.search(queries, limit=5))
    assert len(results) == len(queries) and sum(1 for r in results if r) > 0.9 * len(queries)
    suite.record_speed(GROUP, "polyname", benchmark, len(queries), "query", label="polyname NameIndex.search")


def test_search_rapidfuzz(benchmark: Any, ofac: list[datasets.NameRow], queries: list[str]) -> None:
    from rapidfuzz import fuzz, process

    choices = quality.rf_prepare([r.name for r in ofac])

    def run() -> Any:
        # The queries are folded per call, the registry once (as an index would be built).
        scores = process.cdist(quality.rf_prepare(queries), choices, scorer=fuzz.token_sort_ratio,
                               dtype="uint8", workers=-1)
        return scores.argmax(axis=1)

    best = suite.bench(benchmark, run)
    assert len(best) == len(queries)
    suite.record_speed(GROUP, "rapidfuzz", benchmark, len(queries), "query",
                       label="unidecode + RapidFuzz cdist token_sort_ratio")


def test_speed_ratio() -> None:
    suite.assert_speed_claim(GROUP, "rapidfuzz")


@pytest.fixture(scope="module")
def retrieval() -> dict[str, Any]:
    systems = ("polyname", "rapidfuzz") + (("logic-v2",) if suite.MODE.full else ())
    # The exhaustive pass (what candidate generation loses) is a minute of brute force: --full only.
    sizes = quality.FULL if suite.MODE.full else replace(quality.QUICK, exhaustive_queries=0)
    results = quality.run(seed=suite.SEED, systems=systems, tasks=RETRIEVAL_TASKS + ("screening",),
                          sizes=sizes, quick=not suite.MODE.full, strict=True)
    for task, res in results["tasks"].items():
        for system, cell in res["systems"].items():
            suite.record_quality(task, system, {**cell, "task_n": res["n"], "registry": res.get("registry")})
    print("\n" + quality.format_table(results))
    return results


@pytest.mark.parametrize("task", RETRIEVAL_TASKS)
def test_polyname_meets_floor(retrieval: dict[str, Any], task: str) -> None:
    cell = retrieval["tasks"][task]["systems"]["polyname"]
    suite.assert_floor(f"{task} recall@1", cell["recall_at_1"], FLOORS[task])


def test_polyname_screening_meets_floor(retrieval: dict[str, Any]) -> None:
    cell = retrieval["tasks"]["screening"]["systems"]["polyname"]
    assert cell["threshold"] == polyname.MATCH_THRESHOLD
    suite.assert_floor("screening recall at MATCH_THRESHOLD", cell["recall"], SCREENING_FLOORS["recall"])
    suite.assert_floor("screening 1 - FPR at MATCH_THRESHOLD", 1 - cell["fpr"], 1 - SCREENING_FLOORS["max_fpr"])
    # The same answers at the peers' operating point: a lower threshold never loses recall.
    at_1pct = cell["at_1pct_fpr"]
    assert at_1pct["fpr"] <= 0.01
    assert at_1pct["threshold"] > cell["threshold"] or at_1pct["recall"] >= cell["recall"]


@pytest.mark.parametrize("task", RETRIEVAL_TASKS)
def test_polyname_f1_beats_the_peers(retrieval: dict[str, Any], task: str) -> None:
    """polyname at its default threshold against each peer at its best one."""
    cells = retrieval["tasks"][task]["systems"]
    for system, cell in cells.items():
        assert system == "polyname" or cells["polyname"]["f1"] > cell["f1"], (task, system, cell["f1"])


@pytest.mark.parametrize("metric", sorted(PEER_FIGURES["rapidfuzz"]))
def test_rapidfuzz_reproduces_quality_md(retrieval: dict[str, Any], metric: str) -> None:
    got = retrieval["tasks"][metric]["systems"]["rapidfuzz"]["recall_at_1"]
    assert abs(got - PEER_FIGURES["rapidfuzz"][metric]) <= PEER_TOLERANCE, (metric, got)


@pytest.mark.full
def test_logic_v2_reproduces_quality_md(retrieval: dict[str, Any]) -> None:
    for metric, want in PEER_FIGURES["logic-v2"].items():
        got = retrieval["tasks"][metric]["systems"]["logic-v2"]["recall_at_1"]
        assert abs(got - want) <= PEER_TOLERANCE, (metric, got, want)
