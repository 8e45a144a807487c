"""Dedup: cluster one list's names into entities. polyname's ``dedup`` beside the peers a user
would pick: RapidFuzz (token_sort_ratio on unidecoded names, every pair, connected components)
and Splink 5 with DuckDB (``--full``; the configuration in ``dedup_peers.py``).

Quality (``tasks.task_dedup``): every name of a shared list, each entity_id a gold cluster
(the UN list; OFAC too with ``--full``); pairwise and B-cubed precision / recall / F1
(``metrics``). polyname runs at its default threshold, the peers at their best threshold
after the fact.

Speed: the largest list of the run, each system at the threshold it was judged at.
"""

from __future__ import annotations

from typing import Any

import pytest

import gates
import polyname
import suite
import tasks
from evalsets import names_of

GROUP = "dedup"


@pytest.fixture(scope="module")
def judged() -> dict[str, dict[str, Any]]:
    """Every system's clusters of every list of the run, with their scores."""
    systems = ("polyname", "rapidfuzz") + (("splink",) if suite.MODE.full else ())
    figures = tasks.run(tasks.context(systems, suite.MODE, strict=True), ("dedup",))
    suite.record_figures(figures)
    out: dict[str, dict[str, Any]] = figures["dedup"]
    return out


def test_polyname_floors_on_the_un_list(judged: dict[str, dict[str, Any]]) -> None:
    cell = judged["un-sc-consolidated"]["systems"]["polyname"]
    gates.assert_floor("dedup UN pairwise F1", cell["pairwise"]["f1"], gates.DEDUP_UN_PAIRWISE_F1)
    gates.assert_floor("dedup UN B-cubed F1", cell["bcubed"]["f1"], gates.DEDUP_UN_BCUBED_F1)
    assert cell["pairwise"]["precision"] >= gates.DEDUP_UN_PAIRWISE_PRECISION


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
    gates.assert_speed_claim(GROUP, "rapidfuzz")
