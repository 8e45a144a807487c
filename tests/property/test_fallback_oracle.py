"""Unidecode as the oracle of the generic romanization fallback.

Scripts without a table of polyname's own (Georgian, Armenian, Devanagari, Thai, Han,
Ethiopic, ...) are romanized by a generic transliteration table. Unidecode is the
reference users know: on words of those scripts polyname's romanization must agree with it
letter for letter for the alphabetic scripts, and on most characters for Han and Ethiopic,
where the two tables pick different readings for some characters.

Hangul has a table of polyname's own, the Revised Romanization of a syllable alone (final
consonants as they sound at the end of a word: 각 is "gak", where the generic table writes
"gag"); korean-romanizer, an implementation of the standard, is its oracle on every syllable.
"""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from korean_romanizer.romanizer import Romanizer
from unidecode import unidecode

import polyname

EXACT = {
    "georgian": (0x10D0, 0x10F0),
    "armenian": (0x0561, 0x0586),
    "devanagari": (0x0915, 0x0939),
    "thai": (0x0E01, 0x0E2E),
}
CLOSE = {"han": (0x4E00, 0x9FFF), "ethiopic": (0x1200, 0x1350)}


def words(lo: int, hi: int) -> st.SearchStrategy[str]:
    return st.text(st.characters(min_codepoint=lo, max_codepoint=hi), min_size=1, max_size=8)


def letters(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum())


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(EXACT)).flatmap(lambda k: words(*EXACT[k])))
def test_alphabetic_scripts_agree_with_unidecode(word: str) -> None:
    ours = letters(polyname.romanize(word))
    assert ours == letters(unidecode(word)), word


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(sorted(CLOSE)).flatmap(
        lambda k: st.text(st.characters(min_codepoint=CLOSE[k][0], max_codepoint=CLOSE[k][1]), min_size=4, max_size=8)
    )
)
def test_han_and_ethiopic_stay_close_to_unidecode(word: str) -> None:
    # Characters unidecode itself cannot read say nothing about the fallback.
    assume(all(letters(unidecode(c)) for c in word))
    # A character with several readings (么: me / yao) may be read either way; most of the
    # distinct characters agree (a word of one such character repeated says nothing more).
    distinct = set(word)
    agree = sum(letters(polyname.romanize(c)) == letters(unidecode(c)) for c in distinct)
    assert agree >= len(distinct) / 2, (word, polyname.romanize(word), unidecode(word))


def test_every_hangul_syllable_reads_by_the_revised_romanization() -> None:
    syllables = [chr(c) for c in range(0xAC00, 0xD7A4)]
    ours = polyname.romanize(" ".join(syllables)).split(" ")
    assert len(ours) == len(syllables)
    wrong = [(s, o) for s, o in zip(syllables, ours) if o != Romanizer(s).romanize()]
    assert not wrong, wrong[:10]
