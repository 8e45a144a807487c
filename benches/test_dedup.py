"""Dedup: cluster one list's names into entities. polyname's ``dedup`` beside the peers a user
would pick: RapidFuzz (token_sort_ratio on unidecoded names, every pair, connected components)
and Splink 5 with DuckDB (``--full``; the configuration in ``dedup_peers.py``).

Quality: every name of a shared list, each entity_id a gold cluster (the UN list; OFAC too
with ``--full``); pairwise and B-cubed precision / recall / F1 (``cluster_metrics``).
polyname runs at its default threshold, the peers at their best threshold after the fact.

Speed: the largest list of the run, each system at the threshold it was judged at.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest

import datasets
import polyname
import suite
from cluster_metrics import bcubed_prf, pairwise_prf

GROUP = "dedup"
# polyname's floors on the UN list (measured 0.389 and 0.646).
UN_FLOORS = {"pairwise": 0.36, "bcubed": 0.62}


@cache
def names_of(dataset: str) -> tuple[list[str], list[str]]:
    rows = datasets.load_names(dataset)
    return [r.name for r in rows], [r.entity_id for r in rows]


def _cell(gold: list[str], labels: list[int], threshold: float) -> dict[str, Any]:
    return {"threshold": threshold, "clusters": len(set(labels)),
            "pairwise": pairwise_prf(gold, labels)._asdict(), "bcubed": bcubed_prf(gold, labels)._asdict()}


@pytest.fixture(scope="module")
def judged() -> dict[str, dict[str, Any]]:
    """Every system's clusters of every list of the run, with their scores."""
    from dedup_peers import rapidfuzz_best_threshold, splink_best_threshold

    out: dict[str, dict[str, Any]] = {}
    for dataset in suite.MODE.dedup_lists:
        names, gold = names_of(dataset)
        cells = {"polyname": _cell(gold, polyname.dedup(names), float(polyname.MATCH_THRESHOLD))}
        threshold, labels, _ = rapidfuzz_best_threshold(names, gold)
        cells["rapidfuzz"] = _cell(gold, labels, threshold)
        if suite.MODE.full:
            threshold, labels, _ = splink_best_threshold(names, gold)
            cells["splink"] = _cell(gold, labels, threshold)
        out[dataset] = {"names": len(names), "systems": cells}
    suite.RESULTS["dedup"] = out
    return out


def test_polyname_floors_on_the_un_list(judged: dict[str, dict[str, Any]]) -> None:
    cell = judged["un-sc-consolidated"]["systems"]["polyname"]
    suite.assert_floor("dedup UN pairwise F1", cell["pairwise"]["f1"], UN_FLOORS["pairwise"])
    suite.assert_floor("dedup UN B-cubed F1", cell["bcubed"]["f1"], UN_FLOORS["bcubed"])
    assert cell["pairwise"]["precision"] >= 0.7


def test_polyname_beats_every_peer_at_its_best_threshold(judged: dict[str, dict[str, Any]]) -> None:
    for dataset, result in judged.items():
        ours = result["systems"]["polyname"]
        for system, cell in result["systems"].items():
            for measure in ("pairwise", "bcubed"):
                assert system == "polyname" or ours[measure]["f1"] > cell[measure]["f1"], (dataset, system, measure)


def _speed_list() -> str:
    return suite.MODE.dedup_lists[-1]


def test_polyname(benchmark: Any) -> None:
    names, _ = names_of(_speed_list())
    labels = suite.bench(benchmark, polyname.dedup, names)
    assert len(labels) == len(names)
    suite.record_speed(GROUP, "polyname", benchmark, len(names), "name", label=f"polyname dedup ({_speed_list()})")


def test_rapidfuzz(benchmark: Any, judged: dict[str, dict[str, Any]]) -> None:
    from dedup_peers import rapidfuzz_components

    names, _ = names_of(_speed_list())
    threshold = judged[_speed_list()]["systems"]["rapidfuzz"]["threshold"]
    labels = suite.bench(benchmark, rapidfuzz_components, names, threshold)
    assert len(labels) == len(names)
    suite.record_speed(GROUP, "rapidfuzz", benchmark, len(names), "name",
                       label=f"RapidFuzz token_sort_ratio + components at {threshold:.2f}")


@pytest.mark.full
def test_splink(benchmark: Any, judged: dict[str, dict[str, Any]]) -> None:
    from dedup_peers import splink_clusters

    names, _ = names_of(_speed_list())
    probability = judged[_speed_list()]["systems"]["splink"]["threshold"]
    labels = benchmark.pedantic(splink_clusters, args=(names, probability), rounds=1)  # a minute per round
    assert len(labels) == len(names)
    suite.record_speed(GROUP, "splink", benchmark, len(names), "name",
                       label=f"Splink 5 + DuckDB (train, predict, cluster at p {probability})")


def test_speed_ratio() -> None:
    suite.assert_speed_claim(GROUP, "rapidfuzz")
