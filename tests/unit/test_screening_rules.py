"""What screening a name against a list of tens of thousands asks of a match.

The list is every OFAC and UN alias of the shared data (``POLYNAME_SHARED``) with a few
entries of our own, so that word frequencies are those of a real list. Each test is one
phenomenon behind innocent people's alerts at list scale (the bench's ``list_screening``
task), checked on names that are not in the bench's sets, beside the case that must still
alert.
"""

from __future__ import annotations

import csv
import sys
from functools import cache
from pathlib import Path

import polyname
from polyname import MATCH_THRESHOLD
from polyname.registry import Registry

BENCHES = Path(__file__).resolve().parents[2] / "benches"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
if str(BENCHES) not in sys.path:
    sys.path.insert(0, str(BENCHES))

import datasets  # noqa: E402

OURS = ["GALLI, Morna", "R. Okonkwo", "CHEN, Zhu", "WANG, Chen", "John Smith", "DANIEL", "YK-ABA",
        "ORTEGA, Lucia", "CHANG, Wei-ming", "KIM, Kwang Su", "PARK, Ji-hoon", "ZHONG, Liqin", "JOHN K", "TAVI-B",
        "Hussein al-Tayeb", "Esmail Ghaani", "Qasem Soleimani", "Abu Mahdi al-Muhandis", "Mohammed Bagheri"]


@cache
def list_index() -> polyname.NameIndex:
    names = [r.name for r in datasets.load_un_names() + datasets.load_ofac_names()] + OURS
    return polyname.NameIndex([f"#{i}" for i in range(len(names))], names)


def score(query: str, listed: str) -> float:
    """The score of our listed entry for the query in a screening search (0 when not found)."""
    hits = list_index().search([query], limit=10, score_cutoff=0.0)[0]
    return max((h.score for h in hits if h.name == listed), default=0.0)


def test_latin_words_that_share_a_sound_key_but_few_letters_do_not_alert() -> None:
    # kelly / galli: one vowel-blind key, one letter of five in place.
    assert score("Morna Kelly", "GALLI, Morna") < MATCH_THRESHOLD
    assert score("Lucy Ortega", "ORTEGA, Lucia") >= 0.9
    assert score("Lucia Ortega", "ORTEGA, Lucia") == 1.0


def test_the_romanizations_of_one_name_still_agree_nearly_in_full() -> None:
    # Held to their letters, Latin spellings of one Arabic or Persian name still differ in
    # a few of them: the margin of `SPELLING_MARGIN` is theirs.
    for query, listed in [("Hossein Taeb", "Hussein al-Tayeb"), ("Ismail Qaani", "Esmail Ghaani"),
                          ("Ghasem Soleymani", "Qasem Soleimani"), ("Abu Mehdi al-Mohandes", "Abu Mahdi al-Muhandis"),
                          ("Mohammad Baqeri", "Mohammed Bagheri")]:
        assert score(query, listed) >= 0.88, (query, listed)


def test_an_initial_is_weaker_evidence_than_a_spelled_word() -> None:
    assert score("Rashid Okonkwo", "R. Okonkwo") >= MATCH_THRESHOLD
    assert score("Amara Okonkwo", "R. Okonkwo") < MATCH_THRESHOLD
    # In a pair the initial stands as before.
    assert polyname.similarity("Rashid Okonkwo", "R. Okonkwo") > score("Rashid Okonkwo", "R. Okonkwo")


def test_a_han_word_agrees_as_a_whole() -> None:
    # 麗珠 is one given name: a listed name holding only its second syllable is another person.
    assert score("麗珠 陳", "CHEN, Zhu") < MATCH_THRESHOLD
    assert score("珠 陳", "CHEN, Zhu") == 1.0
    # A name written without spaces is read syllable by syllable as before.
    assert score("王晨", "WANG, Chen") == 1.0


def test_an_initial_adds_no_evidence_to_a_common_word() -> None:
    # A common word and a letter: the letter starts many names.
    assert score("John Kowalczyk", "JOHN K") < MATCH_THRESHOLD
    assert score("Rashid Okonkwo", "R. Okonkwo") >= MATCH_THRESHOLD


def test_a_letter_hyphenated_to_a_word_is_part_of_a_code() -> None:
    assert score("Tavi Bergstrom", "TAVI-B") < MATCH_THRESHOLD
    assert score("TAVI-B", "TAVI-B") == 1.0
    assert score("Tavib", "TAVI-B") == 1.0
    # Not the Persian ezafe.
    assert polyname.similarity("Sepah-e Pasdaran", "Sepah Pasdaran") >= 0.95


def test_a_syllable_meets_its_spellings_in_every_romanization_system() -> None:
    # Wade-Giles for Han (Chang, Wei-ming), McCune-Reischauer and the usual surname spellings
    # for Hangul (Kim, Kwang, Park): the same syllables as pinyin's and the Revised
    # Romanization's.
    assert score("张伟明", "CHANG, Wei-ming") >= 0.95
    assert score("김광수", "KIM, Kwang Su") >= 0.95
    assert score("박지훈", "PARK, Ji-hoon") >= 0.95
    assert polyname.similarity("광수 김", "Kwangsoo Kim") >= 0.95


def test_a_near_spelling_of_a_syllable_is_another_syllable() -> None:
    assert score("钟丽琴", "ZHONG, Liqin") == 1.0
    # zhang / zhong: one letter apart, two syllables, two family names.
    assert score("张丽琴", "ZHONG, Liqin") < MATCH_THRESHOLD
    assert score("张丽琴", "ZHONG, Liqin") < polyname.similarity("张丽琴", "ZHONG, Liqin")


def test_the_syllables_of_a_given_name_keep_their_order() -> None:
    # 광수 is not 수광; the family name may stand at either end.
    assert score("김수광", "KIM, Kwang Su") < MATCH_THRESHOLD
    assert score("수광 김", "KIM, Kwang Su") < MATCH_THRESHOLD
    assert score("광수 김", "KIM, Kwang Su") >= 0.95


def test_a_missing_word_costs_on_either_side_but_a_middle_name_still_alerts() -> None:
    assert score("Daniel Medina", "DANIEL") < MATCH_THRESHOLD
    assert score("John Michael Smith", "John Smith") >= MATCH_THRESHOLD


def test_a_code_is_no_acronym_of_a_persons_name() -> None:
    # "yk" and "Akça" share a one-consonant key, no word.
    assert score("Aylin Berk Akça", "YK-ABA") < MATCH_THRESHOLD
    assert polyname.explain("Samuel Jesse Riley", "KNOWLES, JR., Samuel").score < MATCH_THRESHOLD


def test_indic_marks_stay_in_their_word() -> None:
    # The virama joins प and र: no space, so no single letters to pass as initials.
    assert polyname.normalize("प्रणव") == "प्रणव"
    assert len(polyname.normalize("ईब्राहीम").split()) == 1


def test_a_common_given_name_alone_is_nobody_but_a_family_name_is_a_mention() -> None:
    # Our two people, weighed by the list's frequencies, in mention mode.
    ours = polyname.NameIndex(["qaani", "nasrallah"], ["Esmail Qaani", "Hassan Nasrallah"],
                              frequencies_of=list_index())
    queries = ["Qaani", "Nasrallah", "Mohammad", "Ali"]
    found = dict(zip(queries, ours.search(queries, mode="mention")))
    for surname in ("Qaani", "Nasrallah"):
        assert found[surname][0].id == surname.lower() and found[surname][0].score >= MATCH_THRESHOLD
    for common in ("Mohammad", "Ali"):
        assert all(h.score < MATCH_THRESHOLD for h in found[common])
    # Against the whole list, with its own one-word alias "Mohammad" and its "ABU ALI".
    for hits in list_index().search(["Mohammad", "Ali"], mode="mention"):
        assert all(h.score < MATCH_THRESHOLD for h in hits)


def test_a_registry_with_the_lists_as_distractors_resolves_a_family_name_mention(tmp_path: Path) -> None:
    # As a user builds it: the example registry and every OFAC and UN alias, each entity's
    # aliases counted once.
    lists = tmp_path / "lists.csv"
    with lists.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["entity_id", "name"])
        out.writerows([r.entity_id, r.name] for r in datasets.load_un_names() + datasets.load_ofac_names())
    with Registry(":memory:") as reg:
        reg.import_csv(EXAMPLES / "registry.csv")
        reg.import_csv(lists)
        found = reg.resolve_many(["Qaani", "Taeb", "Nasrallah", "Mohammad", "Ali"], mode="mention", limit=10)
    assert [r.entity_id for r in found[0]][:1] in (["P-QAANI"], ["OFAC:13107"])  # OFAC's QANI, Esmail: the man
    assert [r.entity_id for r in found[1]][:1] == ["P-TAEB"]
    # The lists hold three men of the family (Hasan, his son Jawad, a Muhammad): the family
    # name alone cannot tell them apart and scores them alike, ours first as imported first;
    # Ansarallah, one word near it in its letters, ranks below them.
    nasrallah = found[2]
    assert nasrallah[0].entity_id == "P-NASRALLAH" and nasrallah[0].score >= MATCH_THRESHOLD
    alike = {r.entity_id for r in nasrallah if r.score == nasrallah[0].score}
    assert {"OFAC:2686", "OFAC:26037", "OFAC:45610"} <= alike
    assert all(r.score < nasrallah[0].score for r in nasrallah if "ANSAR" in r.name.upper())
    assert found[3] == found[4] == []


def test_a_mention_leaves_out_a_common_given_name_as_it_does_a_rare_one() -> None:
    # What the mention says ranks the names it may mean, not how common the rest of them is;
    # the family name found as written ranks above another one near it in its letters.
    ours = polyname.NameIndex(["common", "rare", "near"], ["Mohammed Kurdali", "Zuhair Kurdali", "Kurdani"],
                              frequencies_of=list_index())
    hits = {h.id: h.score for h in ours.search(["Kurdali"], mode="mention", limit=3)[0]}
    assert hits["common"] == hits["rare"] > hits.get("near", 0.0)
    assert hits["common"] >= MATCH_THRESHOLD
    # In a screening search the listed name's rarer given name still costs more.
    hits = {h.id: h.score for h in ours.search(["Kurdali"], limit=3)[0]}
    assert hits.get("common", 0.0) >= hits.get("rare", 0.0)


def test_names_common_among_people_weigh_less_than_rare_ones() -> None:
    # The list holds few Smiths; people screened against it hold many (the census prior):
    # the middle name a list entry lacks costs more beside common words than beside rare ones.
    ours = polyname.NameIndex(["smith", "okonkwo"], ["John Smith", "Jorma Okonkwo"], frequencies_of=list_index())
    smith, rare = (hits[0].score for hits in ours.search(["John Michael Smith", "Jorma Michael Okonkwo"]))
    assert smith < rare
