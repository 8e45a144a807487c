"""Text linking: every registry entity in news articles, polyname beside the two linkers a user
would otherwise build (``linking.py``): exact aliases through an Aho-Corasick automaton
(pyahocorasick) and spaCy's ``PhraseMatcher``.

Registry: the example registry plus every OFAC and UN alias (42,298 aliases). Quality: the
five seed articles against their exhaustive annotation (471 mentions), precision / recall /
F1 of (span, entity) pairs and of the entities each article mentions, and the hard negatives
linked. Speed: ``link_articles`` texts made of the seed articles with each gold mention
replaced by a list alias drawn at random (``linking.speed_corpus``: no text repeats another,
and each is as dense in list names as a sanctions story), linked in one batch; polyname on
all cores, the baselines in one process as their APIs run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pytest

import gates
import linking
import suite

GROUP = "text linking"
Linker = Callable[[Sequence[str]], list[list[linking.Found]]]


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    return linking.speed_corpus(suite.MODE.link_articles)


@pytest.fixture(scope="module")
def linkers() -> dict[str, Linker]:
    return {"polyname": linking.polyname_linker(linking.polyname_index()),
            "pyahocorasick": linking.ahocorasick_linker(), "spacy": linking.spacy_linker()}


LABELS = {"polyname": "polyname.link (all cores)", "pyahocorasick": "pyahocorasick exact aliases (whole words)",
          "spacy": "spaCy PhraseMatcher (LOWER, blank xx)"}


@pytest.mark.parametrize("system", ["polyname", "pyahocorasick", "spacy"])
def test_link(benchmark: Any, system: str, linkers: dict[str, Linker], corpus: list[str]) -> None:
    link = linkers[system]
    scores = linking.evaluate(link([text for _, text in linking.articles()]))
    suite.RESULTS.setdefault("text_linking", {"aliases": scores["aliases"], "gold": scores["gold_mentions"],
                                              "systems": {}})["systems"][system] = scores
    found = suite.bench(benchmark, link, corpus)
    assert len(found) == len(corpus)
    chars = sum(map(len, corpus))
    suite.record_speed(GROUP, system, benchmark, len(corpus), "article", label=LABELS[system],
                       note=f"{chars / len(corpus):,.0f} characters per article")


def test_quality_gates() -> None:
    ours = suite.RESULTS["text_linking"]["systems"]["polyname"]
    gates.assert_floor("text linking precision", ours["mentions"]["precision"], gates.LINK_PRECISION)
    gates.assert_floor("text linking recall", ours["mentions"]["recall"], gates.LINK_RECALL)
    gates.assert_ceiling("text linking hard negatives linked", ours["negatives_linked"], 0)
    for peer in ("pyahocorasick", "spacy"):
        theirs = suite.RESULTS["text_linking"]["systems"][peer]
        assert ours["mentions"]["f1"] > theirs["mentions"]["f1"], (peer, ours, theirs)


def test_speed_ratio() -> None:
    gates.assert_speed_claim(GROUP, "spacy")
