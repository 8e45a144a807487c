"""Dedup: clusters of names and records (polyname.dedup), on the seed articles' mentions and
on small hand-made cases."""

from __future__ import annotations

import csv
import itertools
import random
from collections import defaultdict
from pathlib import Path

import pytest

import polyname
from polyname import Link
from polyname.csvio import DataError
from polyname.dedup import dedup, dedup_records, link_to_registry
from polyname.registry import Registry

SEED_MENTIONS = Path(__file__).resolve().parent.parent / "golden" / "seed_mentions.csv"


def _seed() -> tuple[list[str], list[str]]:
    with SEED_MENTIONS.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return [r["mention"] for r in rows], [r["entity"] for r in rows]


def _pairs(labels: list) -> set[tuple[int, int]]:
    groups = defaultdict(list)
    for i, label in enumerate(labels):
        groups[label].append(i)
    return {p for members in groups.values() for p in itertools.combinations(members, 2)}


def test_seed_mentions_never_join_two_entities():
    names, gold = _seed()
    predicted = _pairs(dedup(names))
    wrong = [(names[a], names[b]) for a, b in predicted - _pairs(gold)]
    assert not wrong


def test_seed_mentions_recall():
    names, gold = _seed()
    expected = _pairs(gold)
    found = _pairs(dedup(names)) & expected
    # Measured 65 of 85 pairs; the misses are the known gaps below (IRGC alone has 9 mentions).
    assert len(found) / len(expected) >= 0.75


# Entities of the seed articles whose mentions must form one cluster.
WHOLE = ["HEADLINE-002", "P-TAEB", "P-QAANI", "P-SOLEIMANI", "P-NASRALLAH", "P-KHAMENEI", "O-KH", "O-PMF",
         "O-QUDS", "O-SDF", "O-SAA", "P-MUHANDIS", "P-SABHAN", "P-RUDSKOI", "O-HEZBOLLAH"]
GAPS = {
    "O-IRGC": "\"Iran's Revolutionary Guards Corps\" scores 0.54 against \"Islamic Revolutionary Guard Corps\" "
              "(Iran's is not a translation of Islamic) and 'Sepah' alone is not known as the Guards",
    "O-AAH": "'League of the Righteous' is a translation of the whole name, not word by word",
    "O-MEK": "'MKO' abbreviates the Persian name, not the English one",
}


@pytest.mark.parametrize("entity", WHOLE + [pytest.param(e, marks=pytest.mark.xfail(reason=r, strict=True))
                                            for e, r in GAPS.items()])
def test_seed_entity_is_one_cluster(entity):
    names, gold = _seed()
    labels = dedup(names)
    assert len({labels[i] for i, g in enumerate(gold) if g == entity}) == 1


@pytest.mark.parametrize("a, b", [
    ("Hassan Yusuf al-Zabib", "Yusuf al-Zabib"),  # son and father
    ("Hossein Taeb", "Hossein Salami"),
    ("Kata'ib Hezbollah", "Kata'ib Sayyid al-Shuhada"),
    ("Hezbollah", "Kata'ib Hezbollah"),
])
def test_seed_hard_negatives_stay_apart(a, b):
    names, _ = _seed()
    labels = dedup(names + [a, b])
    assert labels[-1] != labels[-2]


def test_the_headline_and_its_copy_without_vowel_marks_form_one_cluster():
    names, gold = _seed()
    headline = [i for i, g in enumerate(gold) if g == "HEADLINE-002"]
    stripped = polyname.normalize(names[headline[0]])  # no vowel marks, folded letters
    labels = dedup([names[headline[0]], stripped, "Hossein Taeb"])
    assert labels[0] == labels[1] != labels[2]


def test_no_chaining_through_a_surname():
    labels = dedup(["Hassan Nasrallah", "Hasan Nasrallah", "Nasrallah", "Jawad Nasrallah", "Sayyed Hassan Nasrallah"])
    assert labels[0] == labels[1] == labels[4]
    assert labels[3] != labels[0]


def test_clusters_and_ids_do_not_depend_on_row_order_or_threads():
    names, _ = _seed()
    records = [{"name": n} for n in names]
    base = dedup_records(records, workers=1)
    order = list(range(len(names)))
    random.Random(7).shuffle(order)
    shuffled = dedup_records([records[i] for i in order], workers=2)
    assert [shuffled.cluster_ids[order.index(i)] for i in range(len(names))] == base.cluster_ids
    assert [shuffled.canonical_names[order.index(i)] for i in range(len(names))] == base.canonical_names
    assert [shuffled.labels[order.index(i)] for i in range(len(names))] == base.labels


def test_adding_unrelated_rows_keeps_other_cluster_ids():
    a = dedup_records([{"name": n} for n in ["Qasem Soleimani", "Qassem Suleimani"]])
    b = dedup_records([{"name": n} for n in ["Qasem Soleimani", "Qassem Suleimani", "Mike Pompeo"]])
    assert b.cluster_ids[:2] == a.cluster_ids


def test_records_sizes_canonical_name_and_pairs():
    names = ["Qasem Soleimani", "Qassem Soleimani", "Qassem Soleimani", "Major General Pasdar Qassem Soleimani",
             "Hezbollah"]
    result = dedup_records([{"name": n} for n in names])
    assert result.cluster_sizes == [4, 4, 4, 4, 1]
    assert set(result.canonical_names[:4]) == {"Qassem Soleimani"}
    assert result.cluster_count == 2
    joined = [p for p in result.pairs if p.link is Link.JOINED]
    assert joined and all(p.score >= polyname.MATCH_THRESHOLD for p in result.pairs)
    assert all(result.labels[p.left] == result.labels[p.right] for p in joined)


def test_kind_and_blocking_keep_rows_apart():
    names = ["Jordan", "Jordan", "Michael Jordan"]
    assert len(set(dedup(names[:2], kind=["person", "location"]))) == 2
    records = [{"name": "John Smith", "country": "US"}, {"name": "Jon Smith", "country": "UK"},
               {"name": "John Smyth", "country": "US"}]
    r = dedup_records(records, block_on=["country"])
    assert r.labels[0] == r.labels[2] != r.labels[1]


def test_conflicting_evidence_keeps_identical_names_apart():
    records = [{"name": "Ali Hassan", "dob": "1970"}, {"name": "Ali Hassan", "dob": "1982"},
               {"name": "Ali Hasan", "dob": ""}, {"name": "Ali Hassan", "dob": "1970"}]
    r = dedup_records(records, evidence=["dob"])
    assert r.labels[0] == r.labels[3] != r.labels[1]


def test_bad_records_name_the_row_and_column():
    with pytest.raises(DataError, match=r"people.csv, row 3, column 'name': the name holds a NUL byte"):
        dedup_records([{"name": "a"}, {"name": "a\x00b"}], file="people.csv")
    with pytest.raises(DataError, match="country"):
        dedup_records([{"name": "a"}], block_on=["country"])
    with pytest.raises(DataError, match="unknown kind"):
        dedup_records([{"name": "a", "k": "planet"}], kind_column="k")
    with pytest.raises(ValueError, match="threshold"):
        dedup(["a"], threshold=1.5)


def test_registry_reuses_entities_and_mints_the_rest_in_one_step(tmp_path):
    reg = Registry(tmp_path / "reg.db")
    taeb = reg.add_entity("Hossein Taeb", kind="person")
    names = ["Hussein al-Tayeb", "Hossein Taeb", "Ismail Qaani", "Esmail Ghaani"]
    result = dedup_records([{"name": n} for n in names], kind="person")
    ids = link_to_registry(result, reg)
    assert ids[:2] == [taeb, taeb] and ids[2:] == ["", ""]
    assert len(reg) == 1  # nothing written without mint
    ids = link_to_registry(result, reg, mint=True)
    assert ids[0] == taeb and ids[2] == ids[3] and ids[2].startswith("PN-")
    assert reg.entity(ids[2]).kind == "person"
    assert {a.name for a in reg.entity(taeb).aliases} == {"Hossein Taeb", "Hussein al-Tayeb"}
    assert [e["action"] for e in reg.history()][:1] == ["record_clusters"]
    # A second run finds everything and changes nothing.
    before = len(reg.history())
    assert link_to_registry(result, reg, mint=True) == ids
    assert len(reg.history()) == before
