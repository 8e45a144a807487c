"""Pair scoring: how similar are these two names? polyname's ``similarity_many`` beside the
scorers a user would pick instead, on the same pairs in the same run.

- RapidFuzz WRatio over unidecoded, folded names (``process.cpdist``, all cores);
- jellyfish Jaro-Winkler on the same folded names (no batch API: a Python loop, one core);
- nomenklatura logic-v2 (``--full`` only: about a thousand pairs a second, so a sample).

Quality is name_bench's 826 labelled pairs (QUALITY.md): precision, recall and F1, polyname at
``MATCH_THRESHOLD``, each peer at its best threshold after the fact.
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
import tasks
from matchers import LogicV2Matcher, rf_prepare

GROUP = "pair scoring"


@pytest.fixture(scope="module")
def pairs() -> tuple[list[str], list[str]]:
    """Variants of one OFAC entity and random OFAC pairs, half and half."""
    ofac = datasets.load_ofac_names()
    rng = random.Random(modes.SEED)
    by_entity: dict[str, list[str]] = {}
    for row in ofac:
        by_entity.setdefault(row.entity_id, []).append(row.name)
    multi = [names for names in by_entity.values() if len(names) >= 2]
    left, right = [], []
    for _ in range(suite.MODE.pairs // 2):
        a, b = rng.sample(rng.choice(multi), 2)
        left += [a, rng.choice(ofac).name]
        right += [b, rng.choice(ofac).name]
    return left, right


def test_polyname(benchmark: Any, pairs: tuple[list[str], list[str]]) -> None:
    left, right = pairs
    scores = suite.bench(benchmark, polyname.similarity_many, left, right)
    assert len(scores) == len(left) and all(0.0 <= s <= 1.0 for s in scores)
    suite.record_speed(GROUP, "polyname", benchmark, len(left), "pair", label="polyname similarity_many")


def test_rapidfuzz_wratio(benchmark: Any, pairs: tuple[list[str], list[str]]) -> None:
    from rapidfuzz import fuzz, process

    left, right = pairs

    def run() -> Any:
        return process.cpdist(rf_prepare(left), rf_prepare(right), scorer=fuzz.WRatio, workers=-1)

    scores = suite.bench(benchmark, run)
    assert len(scores) == len(left)
    suite.record_speed(GROUP, "rapidfuzz", benchmark, len(left), "pair", label="unidecode + RapidFuzz WRatio cpdist")


def test_jellyfish_jaro_winkler(benchmark: Any, pairs: tuple[list[str], list[str]]) -> None:
    import jellyfish

    left, right = pairs

    def run() -> list[float]:
        a, b = rf_prepare(left), rf_prepare(right)
        return [jellyfish.jaro_winkler_similarity(x, y) for x, y in zip(a, b)]

    scores = suite.bench(benchmark, run)
    assert len(scores) == len(left)
    suite.record_speed(GROUP, "jellyfish", benchmark, len(left), "pair",
                       label="unidecode + jellyfish Jaro-Winkler (loop, one core)")


@pytest.mark.full
def test_logic_v2_sample(benchmark: Any, pairs: tuple[list[str], list[str]]) -> None:
    matcher = LogicV2Matcher()
    sample = suite.MODE.lv2_pairs
    left, right = (side[:sample] for side in pairs)

    def run() -> list[float]:
        return [matcher.compare("LegalEntity", a, "LegalEntity", b) for a, b in zip(left, right)]

    # One cold round: logic-v2 memoises its name analysis, so a warm-up would flatter it.
    scores = benchmark.pedantic(run, rounds=1)
    assert len(scores) == len(left)
    suite.record_speed(GROUP, "logic-v2", benchmark, len(left), "pair",
                       label=f"nomenklatura logic-v2 (first {sample} pairs, one core)")


@pytest.fixture(scope="module")
def name_bench() -> dict[str, Any]:
    systems = ("polyname", "rapidfuzz", "jellyfish") + (("logic-v2",) if suite.MODE.full else ())
    figures = tasks.run(tasks.context(systems, suite.MODE, strict=True), ("name_bench",))
    suite.record_figures(figures)
    return figures["quality"]["name_bench"]


def test_name_bench_floor(name_bench: dict[str, Any]) -> None:
    gates.assert_floor("name_bench F1 at MATCH_THRESHOLD", name_bench["polyname"]["f1"], gates.NAME_BENCH_F1)


def test_name_bench_beats_every_peer_at_its_best_threshold(name_bench: dict[str, Any]) -> None:
    ours = name_bench["polyname"]["f1"]
    for system, cell in name_bench.items():
        assert system == "polyname" or ours > cell["f1"], (system, cell["f1"], ours)


def test_speed_ratios() -> None:
    gates.assert_speed_claim(GROUP, "rapidfuzz")
    gates.assert_speed_claim(GROUP, "jellyfish")
