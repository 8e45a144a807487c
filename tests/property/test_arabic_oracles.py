"""polyname's Arabic normalization checked against camel-tools as an oracle.

The oracle is camel-tools' own chain, ``dediac_ar`` -> ``normalize_alef_ar`` ->
``normalize_alef_maksura_ar`` -> ``normalize_teh_marbuta_ar`` (``normalize_unicode`` first
where the input has presentation forms or marks that compose). polyname deliberately folds
a little more than that chain; each extra fold is applied to the oracle side explicitly in
``POLYNAME_EXTRA`` below, with the reason, so a change on either side fails here.

Both sides are compared after lower-casing and whitespace collapsing; that the output is
already collapsed is checked in ``test_properties.py``.
"""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

import pytest
from camel_tools.utils.charsets import AR_DIAC_CHARSET, AR_LETTERS_CHARSET
from camel_tools.utils.dediac import dediac_ar
from camel_tools.utils.normalize import (
    normalize_alef_ar,
    normalize_alef_maksura_ar,
    normalize_teh_marbuta_ar,
    normalize_unicode,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from unidecode import unidecode

import polyname

SETTINGS = settings(max_examples=300, deadline=None)

TATWEEL = "\u0640"
ZWNJ = "\u200c"
# camel-tools' Arabic letters (ء..غ, ف..ي, ٱ, and پ چ ڤ گ), without tatweel, which it lists
# as a letter, plus Persian keheh and yeh, whose fold is given in POLYNAME_EXTRA.
LETTERS = "".join(sorted(AR_LETTERS_CHARSET - {TATWEEL})) + "\u06a9\u06cc"
# camel-tools' Arabic diacritics (tanwin, harakat, shadda, sukun, superscript alef) + tatweel.
MARKS = "".join(sorted(AR_DIAC_CHARSET)) + TATWEEL
# Marks polyname removes beyond camel's set: maddah/hamza above and below, which NFKC first
# composes with a preceding alef, waw or yeh, and the rest of U+0653..U+065F.
EXTRA_MARKS = "".join(chr(c) for c in range(0x0653, 0x0660))

# Folds polyname makes on top of camel-tools' chain, all deliberate:
POLYNAME_EXTRA = str.maketrans(
    {
        "\u0624": "\u0648",  # ؤ -> و  hamza on waw, written either way in names
        "\u0626": "\u064a",  # ئ -> ي  hamza on yeh (camel's chain keeps both carriers)
        "\u06cc": "\u064a",  # ی -> ي  Persian yeh written for Arabic yeh
        "\u06a9": "\u0643",  # ک -> ك  Persian keheh written for Arabic kaf
        TATWEEL: None,  # kashida is typography; camel-tools counts it as a letter
        "\u0621": None,  # a lone hamza ء is dropped like an apostrophe; camel keeps it
        ZWNJ: None,  # Persian half-space inside a word: خامنه‌ای = خامنهای
    }
)
DIGITS = str.maketrans(
    {**{chr(0x0660 + i): str(i) for i in range(10)}, **{chr(0x06F0 + i): str(i) for i in range(10)}}
)
APOSTROPHES = "'\u2019\u02bc"
PUNCTUATION = "-:!.()/\u060c\u061b\u061f"  # incl. Arabic comma, semicolon, question mark
SEPARATE = str.maketrans({**{c: " " for c in PUNCTUATION}, **{c: None for c in APOSTROPHES}})


def camel_chain(text: str) -> str:
    return normalize_teh_marbuta_ar(normalize_alef_maksura_ar(normalize_alef_ar(dediac_ar(text))))


def canon(text: str) -> str:
    return " ".join(text.casefold().split())


def oracle(text: str) -> str:
    """camel-tools' chain, then polyname's documented extra folds."""
    return canon(camel_chain(text).translate(POLYNAME_EXTRA))


def oracle_full(text: str) -> str:
    """As ``oracle``, for text with composing marks, digits, apostrophes and punctuation."""
    out = camel_chain(normalize_unicode(text))
    out = "".join(c for c in out if c not in EXTRA_MARKS)
    return canon(out.translate(POLYNAME_EXTRA).translate(DIGITS).translate(SEPARATE))


def check(text: str, expected: str) -> None:
    got = canon(polyname.normalize(text))
    assert got == expected, (text, got, expected)


# ---------------------------------------------------------------------------------------
# Strategies


@st.composite
def words(draw: st.DrawFn, letters: str = LETTERS, marks: str = MARKS, max_letters: int = 8) -> str:
    """One word: letters, each followed by zero to three marks (tatweel included)."""
    n = draw(st.integers(min_value=1, max_value=max_letters))
    out = []
    for _ in range(n):
        out.append(draw(st.sampled_from(letters)))
        out.extend(draw(st.lists(st.sampled_from(marks), max_size=3)))
    return "".join(out)


SEPARATORS = st.sampled_from([" ", "  ", "\t", "\n"])


def texts(word: st.SearchStrategy[str], seps: st.SearchStrategy[str] = SEPARATORS):
    return st.lists(st.tuples(word, seps), min_size=1, max_size=5).map(
        lambda parts: "".join(w + s for w, s in parts).strip()
    )


# Presentation forms whose compatibility decomposition is made only of the letters and marks
# above (and spaces): for these the oracle's NFKC defines the expected letters.
_KNOWN = set(LETTERS) | set(MARKS) | {" "}


def _decomposes_into_known(ch: str) -> bool:
    nfkc = unicodedata.normalize("NFKC", ch)
    return nfkc != ch and set(nfkc) <= _KNOWN


PRESENTATION = "".join(
    chr(c) for c in [*range(0xFB50, 0xFE00), *range(0xFE70, 0xFF00)] if _decomposes_into_known(chr(c))
)


def test_presentation_alphabet_is_substantial() -> None:
    # Guards the filter above against silently shrinking to nothing.
    assert len(PRESENTATION) > 500
    assert "\ufefb" in PRESENTATION  # lam-alef ligature
    assert "\ufdf2" in PRESENTATION  # the Allah ligature


# ---------------------------------------------------------------------------------------
# Tests


@SETTINGS
@given(texts(words()))
def test_normalize_agrees_with_camel_on_vocalized_arabic(text: str) -> None:
    check(text, oracle(text))


@SETTINGS
@given(texts(words(marks=MARKS + EXTRA_MARKS)))
def test_composing_and_extra_marks(text: str) -> None:
    check(text, oracle_full(text))


@SETTINGS
@given(
    texts(
        st.one_of(
            words(),
            st.lists(st.sampled_from("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹"), min_size=1, max_size=4).map("".join),
            st.tuples(words(max_letters=4), st.sampled_from(APOSTROPHES + ZWNJ), words(max_letters=4)).map("".join),
        ),
        seps=st.sampled_from([" ", *PUNCTUATION, " - ", "، ", "؟ "]),
    )
)
def test_digits_punctuation_apostrophes_zwnj(text: str) -> None:
    check(text, oracle_full(text))


@SETTINGS
@given(texts(words(letters=LETTERS + PRESENTATION)))
def test_presentation_forms(text: str) -> None:
    check(text, oracle_full(text))


def _arabic_script_cells() -> list[str]:
    path = Path(__file__).resolve().parents[1] / "golden" / "seed_pairs.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    allowed = _KNOWN | set(PUNCTUATION) | {ZWNJ}
    cells = {cell for row in rows for cell in (row["a"], row["b"])}
    return sorted(c for c in cells if set(c) <= allowed)


ARABIC_CELLS = _arabic_script_cells()


def test_golden_file_has_arabic_script_cells() -> None:
    assert len(ARABIC_CELLS) >= 30


@pytest.mark.parametrize("text", ARABIC_CELLS, ids=unidecode)
def test_golden_arabic_cells(text: str) -> None:
    check(text, oracle_full(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("المُسيّرات", "المسيرات"),
        ("إسماعيل قاآني", "اسماعيل قااني"),
        ("عــلــيّ", "علي"),
        ("مُصطفى", "مصطفي"),
        ("فاطمة", "فاطمه"),
        ("مسؤول", "مسوول"),
        ("رئيس", "رييس"),
        ("خامنه‌ای", "خامنهاي"),
        ("كوكب ک", "كوكب ك"),
        ("ٱلله", "الله"),
        ("٢٠١٩ ۱۳۹۸", "2019 1398"),
        ("حزب‌الله", "حزبالله"),
    ],
)
def test_examples_agree_with_oracle(text: str, expected: str) -> None:
    # Spelled-out expectations, so the oracle wiring itself is checked too.
    assert oracle_full(text) == expected
    check(text, expected)
