"""Quick quality protocol (benches/quality.py --quick) as tests.

polyname's figures are held to the floors below (QUALITY.md's first bars). The peers are run
in the same protocol and checked against the figures QUALITY.md reports for them: if they
drift, the harness (not the peer) has changed.

Run: ``POLYNAME_SHARED=../shared .venv/bin/python -m pytest benches/test_quality.py -q``
(``-s`` prints the table). The nomenklatura test needs ``make bench-setup``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

import quality

# polyname's floors: recall@1 for the retrieval tasks, F1 at MATCH_THRESHOLD for name_bench.
FLOORS = {
    "arabic_latin_un": 0.85,
    "arabic_word": 0.60,
    "ofac_alias": 0.65,
    "name_bench_f1": 0.82,
}

# QUALITY.md's peer figures (full protocol). The quick samples (300 queries) carry a
# sampling error of about +-0.03, hence the tolerance.
PEER_FIGURES = {
    "rapidfuzz": {
        "arabic_latin_un": 0.545,
        "arabic_word": 0.107,
        "ofac_alias": 0.535,
        "name_bench_f1": 0.775,
    },
    "logic-v2": {"arabic_latin_un": 0.570, "name_bench_f1": 0.804},
}
PEER_TOLERANCE = 0.08

# The test skips polyname's exhaustive pass (a minute of brute force on OFAC): it reports
# a figure but has no floor.
TEST_SIZES = replace(quality.QUICK, exhaustive_queries=0)


def figure(results: dict[str, Any], system: str, metric: str) -> float:
    """One headline number: recall@1 of a retrieval task or F1 of name_bench."""
    if metric == "name_bench_f1":
        return float(results["tasks"]["name_bench"]["systems"][system]["f1"])
    return float(results["tasks"][metric]["systems"][system]["recall_at_1"])


@pytest.fixture(scope="module")
def quick_results() -> dict[str, Any]:
    results = quality.run(
        systems=("polyname", "rapidfuzz"), quick=True, sizes=TEST_SIZES, strict=True
    )
    print("\n" + quality.format_table(results))
    return results


@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_polyname_meets_floor(quick_results: dict[str, Any], metric: str) -> None:
    got = figure(quick_results, "polyname", metric)
    peer = figure(quick_results, "rapidfuzz", metric)
    assert got >= FLOORS[metric], (
        f"polyname {metric} = {got:.3f} < floor {FLOORS[metric]:.2f} (rapidfuzz+unidecode: {peer:.3f})"
    )


# Screening at MATCH_THRESHOLD (QUALITY.md's first bar): all 683 treated UN names.
SCREENING_FLOORS = {"recall": 0.99, "max_fpr": 0.005}


def test_polyname_screening_meets_floor(quick_results: dict[str, Any]) -> None:
    cell = quick_results["tasks"]["screening"]["systems"]["polyname"]
    assert cell["recall"] >= SCREENING_FLOORS["recall"], cell
    assert cell["fpr"] <= SCREENING_FLOORS["max_fpr"], cell


def test_polyname_screening_figures_are_consistent(quick_results: dict[str, Any]) -> None:
    cell = quick_results["tasks"]["screening"]["systems"]["polyname"]
    import polyname

    assert cell["threshold"] == polyname.MATCH_THRESHOLD
    assert cell["n_pos"] > 0 and cell["n_neg"] > 0
    # Same answers read at the peers' operating point: a lower threshold never loses recall.
    assert cell["at_1pct_fpr"]["fpr"] <= 0.01
    if cell["at_1pct_fpr"]["threshold"] <= cell["threshold"]:
        assert cell["at_1pct_fpr"]["recall"] >= cell["recall"]


@pytest.mark.parametrize("metric", sorted(PEER_FIGURES["rapidfuzz"]))
def test_rapidfuzz_reproduces_quality_md(quick_results: dict[str, Any], metric: str) -> None:
    got = figure(quick_results, "rapidfuzz", metric)
    want = PEER_FIGURES["rapidfuzz"][metric]
    assert abs(got - want) <= PEER_TOLERANCE, (
        f"rapidfuzz {metric} = {got:.3f}, QUALITY.md says {want:.3f}"
    )


@pytest.mark.peers
def test_logic_v2_reproduces_quality_md() -> None:
    pytest.importorskip("nomenklatura")
    results = quality.run(
        systems=("logic-v2",),
        tasks=("arabic_latin_un", "name_bench"),
        quick=True,
        sizes=TEST_SIZES,
        strict=True,
    )
    for metric, want in PEER_FIGURES["logic-v2"].items():
        got = figure(results, "logic-v2", metric)
        assert abs(got - want) <= PEER_TOLERANCE, (
            f"logic-v2 {metric} = {got:.3f}, QUALITY.md says {want:.3f}"
        )
