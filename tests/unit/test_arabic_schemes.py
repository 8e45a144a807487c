"""The optional camel-tools schemes (polyname[arabic]), installed in the test environment."""

from __future__ import annotations

import pytest

from polyname.arabic import SCHEMES, transliterate


def test_buckwalter_round_trips_through_camel_tools() -> None:
    from camel_tools.utils.charmap import CharMapper

    back = CharMapper.builtin_mapper("bw2ar")
    for text in ["حسين طائب", "الحشد الشعبي", "كتائب حزب الله"]:
        assert back.map_string(transliterate(text, "bw")) == text


def test_known_spellings() -> None:
    assert transliterate("حسين طائب", "bw") == "Hsyn TA}b"
    assert transliterate("Hossein حسين", "hsb") == "Hossein Hsyn"


def test_unknown_scheme_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown scheme 'latin'"):
        transliterate("حسين", "latin")
    assert "bw" in SCHEMES
