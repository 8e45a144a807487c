"""Names across languages: organizations and places, whose names in another script are
translations or foreign names written in its letters rather than romanizations of one
name. polyname beside RapidFuzz (and logic-v2 with ``--full``), on the same queries.

- ``un_organizations``: every Arabic-, Cyrillic- or Han-script name of a UN organization
  against the Latin UN names;
- ``anetac_organizations``, ``anetac_places``: Arabic spellings of ANETAC's organization
  and place names against every Latin spelling of the corpus.

The floors hold today's level (a fall is a regression); the bars of ``tasks.TASKS`` are the
aim (R@1 0.80 on organizations, 0.90 on places), which the report shows beside the figures.
"""

from __future__ import annotations

from typing import Any

import pytest

import gates
import report
import suite
import tasks

TASKS = ("un_organizations", "anetac_organizations", "anetac_places")
FLOORS = {"un_organizations": gates.UN_ORGANIZATIONS_RECALL_AT_1,
          "anetac_organizations": gates.ANETAC_ORGANIZATIONS_RECALL_AT_1,
          "anetac_places": gates.ANETAC_PLACES_RECALL_AT_1}


@pytest.fixture(scope="module")
def retrieval() -> dict[str, Any]:
    systems = ("polyname", "rapidfuzz") + (("logic-v2",) if suite.MODE.full else ())
    ctx = tasks.context(systems, suite.MODE, strict=True)
    figures = tasks.run(ctx, TASKS)
    suite.record_figures(figures)
    print("\n" + "\n".join(report.quality_table(figures)))
    return figures["quality"]


@pytest.mark.parametrize("task", TASKS)
def test_polyname_meets_floor(retrieval: dict[str, Any], task: str) -> None:
    gates.assert_floor(f"{task} recall@1", retrieval[task]["polyname"]["recall_at_1"], FLOORS[task])


@pytest.mark.parametrize("task", TASKS)
def test_polyname_finds_more_than_the_peers(retrieval: dict[str, Any], task: str) -> None:
    """More right at top-1 than each peer, on the queries the peer answered."""
    cells = retrieval[task]
    for system, cell in cells.items():
        if system == "polyname":
            continue
        same = cell.get("same_sample")
        recall = same["recall_at_1"] if same else {k: c["recall_at_1"] for k, c in cells.items()}
        assert recall["polyname"] > recall[system], (task, system, recall)
