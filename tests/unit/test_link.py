"""`polyname.link`: the registry entities mentioned in free text.

Measured on the seed articles (examples/articles) against their exhaustive annotation
(tests/golden/seed_links.csv: every occurrence of every entity of examples/registry.csv) and
its hard negatives (seed_link_negatives.csv), with the example registry alone and with every
OFAC and UN name of the shared data (``POLYNAME_SHARED``) beside it as distractors.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import polyname
from polyname import Registry

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
if str(ROOT / "benches") not in sys.path:
    sys.path.insert(0, str(ROOT / "benches"))

import linking  # noqa: E402


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    reg = Registry(tmp_path_factory.mktemp("link") / "reg.db")
    reg.import_csv(EXAMPLES / "registry.csv")
    return reg


@pytest.fixture(scope="module")
def with_distractors() -> polyname.NameIndex:
    return linking.polyname_index()


def texts() -> list[str]:
    return [text for _, text in linking.articles()]


def test_the_seed_articles_are_linked_with_the_example_registry(registry: Registry) -> None:
    found = polyname.link(texts(), registry)
    scores = linking.evaluate([[(m.start, m.end, m.entity_id) for m in row] for row in found])
    assert scores["mentions"]["precision"] >= 0.95 and scores["mentions"]["recall"] >= 0.92, scores
    assert scores["negatives_linked"] == 0
    for text, mentions in zip(texts(), found):
        for m in mentions:
            assert text[m.start:m.end] == m.surface
            assert m.surface in m.sentence and m.method in polyname.LINK_METHODS
            assert m.kind in ("person", "organization", "location")


def test_every_ofac_and_un_name_beside_the_registry_costs_little(with_distractors: polyname.NameIndex) -> None:
    scores = linking.evaluate(linking.polyname_linker(with_distractors)(texts()))
    # The bar: precision and recall of 0.90 or more among 42,298 aliases.
    assert scores["mentions"]["precision"] >= 0.93 and scores["mentions"]["recall"] >= 0.92, scores
    assert scores["negatives_linked"] == 0


def test_the_arabic_headline_with_and_without_vowel_marks(registry: Registry) -> None:
    text = dict(linking.articles())["002_4d8162935dcda03b.txt"]
    headlines = [line for line in text.splitlines() if "اليمنية" in line]
    assert len(headlines) == 2 and headlines[0] != headlines[1]
    for line in headlines:
        found = {(m.surface, m.entity_id) for m in polyname.link([line], registry)[0]}
        assert {("العراق", "L-IRAQ"), ("اليمنية", "L-YEMEN")} <= found, line


def test_a_part_of_a_name_refers_to_the_full_name_in_the_same_text(registry: Registry) -> None:
    text = "Hossein Taeb arrived. Later Taeb met Thamer al-Sabhan; Al-Sabhan left. The Badr Organization: Badr."
    found = [(m.surface, m.entity_id, m.method) for m in polyname.link([text], registry)[0]]
    assert ("Taeb", "P-TAEB", "reference") in found
    assert ("Al-Sabhan", "P-SABHAN", "reference") in found
    assert ("Badr", "O-BADR", "reference") in found
    # Alone, a family name or a common word is no mention: "Badr" is a month and a given name.
    assert polyname.link(["Taeb left. The month of Badr began."], registry) == [[]]
    # "Khomeini" after "Ali Khamenei" is another man: a reference is spelled as the full name.
    found = polyname.link(["Ali Khamenei spoke of Khomeini."], registry)[0]
    assert [m.surface for m in found] == ["Ali Khamenei"]


def test_the_longest_reading_wins(registry: Registry) -> None:
    found = polyname.link(["Hezbollah Brigades and Kata'ib Hezbollah are not Hezbollah."], registry)[0]
    assert [(m.surface, m.entity_id) for m in found] == [
        ("Hezbollah Brigades", "O-KH"), ("Kata'ib Hezbollah", "O-KH"), ("Hezbollah", "O-HEZBOLLAH")]


def test_a_name_judged_different_is_not_linked(tmp_path: Path) -> None:
    reg = Registry(tmp_path / "reg.db")
    reg.import_csv(EXAMPLES / "registry.csv")
    assert [m.entity_id for m in polyname.link(["Hossein Taeb"], reg)[0]] == ["P-TAEB"]
    reg.judge("Hossein Taeb", "P-TAEB", "different")
    assert polyname.link(["Hossein Taeb"], reg) == [[]]


def test_aliases_added_after_the_index_was_built_are_linked(tmp_path: Path) -> None:
    reg = Registry(tmp_path / "reg.db")
    reg.import_csv(EXAMPLES / "registry.csv")
    assert polyname.link(["Zolfaghar Brigade"], reg) == [[]]
    entity = reg.add_entity("Zolfaghar Brigade", kind="organization")
    assert [m.entity_id for m in polyname.link(["The Zolfaghar Brigade said"], reg)[0]] == [entity]


def test_bad_arguments_are_refused(registry: Registry) -> None:
    with pytest.raises(TypeError, match="single str"):
        polyname.link("Hossein Taeb", registry)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Registry or a polyname.NameIndex"):
        polyname.link(["x"], ["Hossein Taeb"])  # type: ignore[arg-type]
    with pytest.raises(polyname.InvalidArgumentError, match="threshold"):
        polyname.link(["x"], registry, threshold=1.5)
    assert polyname.link([None, ""], registry) == [[], []]  # type: ignore[list-item]
