"""The enumerations the core answers with: an explanation part's `Reason`, a dedup pair's
`Link`. They are members of `polyname.enums`' classes (not strings), each one the reason
its part's text gives, and they print as the strings they replace."""

from __future__ import annotations

import csv
import pickle
import re
from pathlib import Path

import pytest

import polyname
from polyname import Link, Reason, _core

SEED_PAIRS = Path(__file__).resolve().parent.parent / "golden" / "seed_pairs.csv"
SEED_MENTIONS = Path(__file__).resolve().parent.parent / "golden" / "seed_mentions.csv"

#: What the text of a part says for each reason (explain.rs writes both from one variant).
TEXT_OF = {
    Reason.EXACT: r"^\S.*=.* exact$",
    Reason.SPELLING: r"≈.* key match \d\.\d\d$",
    Reason.TRANSLATION: r"≈.* translation \(.+\) \d\.\d\d$",
    Reason.ACRONYM: r"≈.* acronym \d\.\d\d$",
    Reason.INITIAL: r"≈.* initial \d\.\d\d$",
    Reason.MISMATCH: r"≠.* mismatch \d\.\d\d$",
    Reason.LINEAGE: r"\((left|right) only\) leads the longer name",
    Reason.EXTRA: r"\((left|right) only\) (?!leads the longer name)",
    Reason.WEAK_ALIAS: r"^\S.* is a weak alias, not the name word for word \(×0\.75\)$",
}


def _pairs() -> list[tuple[str, str]]:
    with SEED_PAIRS.open(encoding="utf-8", newline="") as f:
        seed = [(r["a"], r["b"]) for r in csv.DictReader(f)]
    return seed + [("J. Smith", "John Smith"), ("Hossein T.", "Hossein Taeb")]


def test_every_part_has_the_reason_its_text_gives() -> None:
    left, right = zip(*_pairs())
    seen: set[Reason] = set()
    for e in polyname.explain_many(list(left), list(right)):
        for part in e.parts:
            assert type(part.reason) is Reason
            assert re.search(TEXT_OF[part.reason], str(part)), (part.reason, str(part))
            seen.add(part.reason)
    # (An alias is weak in an index only: a search shows that reason, below.)
    assert seen == set(Reason) - {Reason.WEAK_ALIAS}, set(Reason) - seen


def test_search_explanations_carry_reasons_too() -> None:
    index = polyname.NameIndex(["irgc"], ["Islamic Revolutionary Guard Corps"])
    hit = index.search(["IRGC"], limit=1, explain=True)[0][0]
    assert hit.explanation is not None
    assert [p.reason for p in hit.explanation.parts] == [Reason.ACRONYM]
    weak = polyname.NameIndex(["x"], ["CRYSTAL"], weak=[True])
    hit = weak.search(["Crystal Lee"], limit=1, explain=True)[0][0]
    assert hit.explanation is not None and hit.explanation.parts[-1].reason is Reason.WEAK_ALIAS
    assert re.search(TEXT_OF[Reason.WEAK_ALIAS], str(hit.explanation.parts[-1]))
    assert hit.explanation.score == hit.score


def test_members_are_shared_and_print_as_their_values() -> None:
    a, b = polyname.explain("Hossein Taeb", "Taeb").parts[0], polyname.explain("Taeb", "Taeb").parts[0]
    assert a.reason is b.reason is Reason.EXACT
    assert str(a.reason) == f"{a.reason}" == "exact" and f"{a.reason:>7}" == "  exact"
    # Code that compared the strings still works: a member is a str equal to its value.
    assert a.reason == "exact" and Reason("exact") is Reason.EXACT
    assert pickle.loads(pickle.dumps(a.reason)) is Reason.EXACT
    assert [str(m) for m in Link] == ["joined", "within", "refused"]


def test_the_string_forms_of_an_explanation_are_unchanged() -> None:
    e = polyname.explain("Hossein Taeb", "Hussein al-Tayeb")
    assert str(e) == f"{e.score:.3f}: " + "; ".join(p.text for p in e.parts)
    assert [str(p) for p in e.parts] == [p.text for p in e.parts]


def test_pairs_carry_a_link_and_a_refusal_its_scores() -> None:
    with SEED_MENTIONS.open(encoding="utf-8", newline="") as f:
        names = [r["mention"] for r in csv.DictReader(f)]
    found = _core.dedup(names, threshold=polyname.MATCH_THRESHOLD)
    kinds = set()
    for left, right, score, link, mean, lowest in found.pairs:
        kinds.add(link)
        assert score >= polyname.MATCH_THRESHOLD
        if link is Link.REFUSED:
            assert mean is not None and lowest is not None
            assert 0.0 <= lowest <= mean <= 1.0
            assert found.labels[left] != found.labels[right]
        else:
            assert mean is None and lowest is None
            assert found.labels[left] == found.labels[right]
    assert kinds == set(Link)


def test_a_refused_pair_in_words() -> None:
    result = polyname.dedup_records([{"name": n} for n in ["Hassan Nasrallah", "Hasan Nasrallah", "Nasrallah",
                                                           "Jawad Nasrallah"]])
    refused = [p for p in result.pairs if p.link is Link.REFUSED]
    assert refused and all(p.mean is not None and p.lowest is not None for p in refused)
    for p in refused:
        assert p.link_text == f"refused (mean {p.mean:.3f}, lowest {p.lowest:.3f})"
        assert re.fullmatch(r"refused \(mean [01]\.\d{3}, lowest [01]\.\d{3}\)", p.link_text)
    assert {p.link_text for p in result.pairs if p.link is not Link.REFUSED} <= {"joined", "within"}


@pytest.mark.parametrize("cls", [Reason, Link])
def test_the_enumerations_are_str_enums(cls: type[Reason] | type[Link]) -> None:
    for member in cls:
        assert isinstance(member, str) and member == member.value and member.name == member.value.upper()
