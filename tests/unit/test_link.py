"""`polyname.link`: the registry entities mentioned in free text.

Measured on the seed articles (examples/articles) against their exhaustive annotation
(tests/golden/seed_links.csv: every occurrence of every entity of examples/registry.csv) and
its hard negatives (seed_link_negatives.csv), with the example registry alone and with every
OFAC and UN name of the shared data (``POLYNAME_SHARED``) beside it as distractors.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import pytest

import polyname
from polyname import Mention, NameIndex, Registry

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
GOLDEN = ROOT / "tests" / "golden"
if str(ROOT / "benches") not in sys.path:
    sys.path.insert(0, str(ROOT / "benches"))

import datasets  # noqa: E402


def articles() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((EXAMPLES / "articles").glob("*.txt"))}


def gold(name: str) -> list[dict[str, str]]:
    with (GOLDEN / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    reg = Registry(tmp_path_factory.mktemp("link") / "reg.db")
    reg.import_csv(EXAMPLES / "registry.csv")
    return reg


@cache
def with_distractors() -> tuple[NameIndex, frozenset[str]]:
    """The example registry's aliases and every OFAC and UN alias, each list's entities that
    share an alias with the registry left out (they are its entities, not distractors); and
    the ids of the registry's entities."""
    with (EXAMPLES / "registry.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    ids, names, weak = [r["entity_id"] for r in rows], [r["name"] for r in rows], [False] * len(rows)
    own = {polyname.normalize(n) for n in names}
    for dataset in ("ofac-sdn", "un-sc-consolidated"):
        listed = datasets.load_names(dataset)
        same = {r.entity_id for r in listed if polyname.normalize(r.name) in own}
        for r in listed:
            if r.entity_id not in same:
                ids.append(f"{dataset}:{r.entity_id}")
                names.append(r.name)
                weak.append(datasets.is_weak_alias(r))
    return NameIndex(ids, names, weak=weak), frozenset(r["entity_id"] for r in rows)


def scores(found: dict[str, Sequence[Mention]]) -> tuple[float, float]:
    """Precision and recall of (span, entity) pairs: a mention is right when it overlaps a
    gold mention of its entity not already matched."""
    right = wrong = 0
    rows = gold("seed_links.csv")
    for article, mentions in found.items():
        wanted = [(int(r["start"]), int(r["end"]), r["entity_id"]) for r in rows if r["article"] == article]
        used: set[int] = set()
        for m in mentions:
            k = next((k for k, (s, e, entity) in enumerate(wanted)
                      if k not in used and entity == m.entity_id and s < m.end and m.start < e), None)
            if k is None:
                wrong += 1
            else:
                used.add(k)
                right += 1
    return right / max(right + wrong, 1), right / len(rows)


def test_the_seed_articles_are_linked_with_the_example_registry(registry: Registry) -> None:
    texts = articles()
    found = dict(zip(texts, polyname.link(list(texts.values()), registry)))
    precision, recall = scores(found)
    assert precision >= 0.95 and recall >= 0.92, (precision, recall)
    for article, mentions in found.items():
        for m in mentions:
            assert texts[article][m.start:m.end] == m.surface
            assert m.surface in m.sentence and m.method in polyname.LINK_METHODS
            assert m.kind in ("person", "organization", "location")


def test_every_ofac_and_un_name_beside_the_registry_costs_little_precision() -> None:
    index, _ = with_distractors()
    texts = articles()
    found = dict(zip(texts, polyname.link(list(texts.values()), index)))
    precision, recall = scores(found)
    assert precision >= 0.92 and recall >= 0.90, (precision, recall)


def test_hard_negatives_are_not_linked() -> None:
    index, _ = with_distractors()
    texts = articles()
    found = dict(zip(texts, polyname.link(list(texts.values()), index)))
    violated = [(r["article"], r["surface"], r["not_entity_id"]) for r in gold("seed_link_negatives.csv")
                if any(m.entity_id == r["not_entity_id"] and m.start < int(r["end"]) and int(r["start"]) < m.end
                       for m in found[r["article"]])]
    assert violated == []


def test_the_arabic_headline_with_and_without_vowel_marks(registry: Registry) -> None:
    text = articles()["002_4d8162935dcda03b.txt"]
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
