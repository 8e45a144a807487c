"""Optional Arabic transliteration schemes from camel-tools (the extra ``polyname[arabic]``).

polyname's own romanization (:func:`polyname.romanize`) aims at the spellings English
sources use. Linguists often want a reversible scheme instead: Buckwalter (``bw``), its
XML-safe and safe variants, or Habash-Soudi-Buckwalter (``hsb``). camel-tools implements
them; this module exposes them without making camel-tools a dependency of the core::

    >>> from polyname.arabic import transliterate  # doctest: +SKIP
    >>> transliterate("حسين طائب", "bw")  # doctest: +SKIP
    'Hsyn TA}b'
"""

from __future__ import annotations

from typing import Any

SCHEMES = ("bw", "safebw", "xmlbw", "hsb")
#: Each scheme's mapper, built once (building one reads its table).
_MAPPERS: dict[str, Any] = {}


def _mapper(scheme: str) -> Any:
    if scheme in _MAPPERS:
        return _MAPPERS[scheme]
    if scheme not in SCHEMES:
        raise ValueError(f"unknown scheme {scheme!r}; choose one of {', '.join(SCHEMES)}")
    try:
        from camel_tools.utils.charmap import CharMapper
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(
            "Arabic transliteration schemes need camel-tools: pip install 'polyname[arabic]'"
        ) from e
    mapper = _MAPPERS[scheme] = CharMapper.builtin_mapper(f"ar2{scheme}")
    return mapper


def transliterate(text: str, scheme: str = "bw") -> str:
    """Transliterates the Arabic letters of ``text`` with a camel-tools scheme.

    Args:
        text: any text; characters outside the Arabic script are left as they are.
        scheme: ``"bw"`` (Buckwalter), ``"safebw"``, ``"xmlbw"`` or ``"hsb"``.

    Returns:
        The transliterated text.
    """
    return str(_mapper(scheme).map_string(text))
