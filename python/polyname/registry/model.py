"""What the registry holds and the words it knows: the records it returns (`Entity`,
`Alias`, `Judgement`, `Resolution`, `ImportReport`), the kinds and verdicts, the shape of a
minted ID, the script of a name, and the checks every name passes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Optional

from polyname._core import Explanation, dominant_script
from polyname._inputs import name_problem
from polyname.errors import PolynameError

KINDS = ("person", "organization", "location", "other")
VERDICTS = ("same", "different", "unsure")
#: Minted IDs: this prefix and 8 characters of Crockford base32 (40 random bits).
ID_PREFIX = "PN-"
ID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
#: Short spellings users write for a kind.
_KIND_SYNONYMS = {
    "per": "person", "people": "person", "individual": "person",
    "org": "organization", "organisation": "organization", "group": "organization", "company": "organization",
    "loc": "location", "place": "location", "gpe": "location", "country": "location", "city": "location",
    "": "other", "unknown": "other", "misc": "other", "vessel": "other", "aircraft": "other",
}


@dataclass(frozen=True)
class Alias:
    name: str
    script: str
    lang: Optional[str] = None
    source: Optional[str] = None
    #: "strong", or "weak" for a broad or generic alias (OFAC's "weak a.k.a.", the UN's "low
    #: quality a.k.a."), which a screening search counts only on a word-for-word agreement.
    quality: str = "strong"


@dataclass(frozen=True)
class Entity:
    id: str
    kind: str
    name: str
    aliases: tuple[Alias, ...]
    #: The entity this one was merged into (it then redirects there), or None.
    merged_into: Optional[str] = None
    #: IDs merged into this one (directly).
    merged: tuple[str, ...] = ()


@dataclass(frozen=True)
class Judgement:
    left: str
    right: str
    verdict: str
    author: Optional[str]
    note: Optional[str]
    at: str
    #: "entity" when ``left`` is an entity ID, "name" when it is a name.
    left_type: str = "entity"


@dataclass(frozen=True)
class Resolution:
    """One match of a name: the canonical entity, the alias that matched and the score."""

    entity_id: str
    name: str
    score: float
    kind: str
    explanation: Optional[Explanation] = field(default=None, compare=False)


@dataclass(frozen=True)
class ImportReport:
    """What an import did."""

    rows: int
    entities_added: int
    aliases_added: int
    #: Aliases that were there already and took the row's new ``lang`` or ``source``.
    aliases_updated: int = 0
    #: Input columns the import does not read (see `IMPORT_COLUMNS`), in input order.
    ignored_columns: tuple[str, ...] = ()
    #: What was assumed about the file's dialect (a sniffed delimiter), or None.
    assumed: Optional[str] = None

    @property
    def changed(self) -> bool:
        return bool(self.entities_added or self.aliases_added or self.aliases_updated)


def detect_script(text: str) -> str:
    """The ISO 15924 code of the script most letters of ``text`` are written in ("Zyyy" for
    none): the core's `dominant_script`, the one answer to that question."""
    return dominant_script(text)


def kind_of(value: Optional[str]) -> str:
    """The registry kind for a user's spelling of it (``org`` → ``organization``)."""
    word = (value or "").strip().lower()
    kind = _KIND_SYNONYMS.get(word, word)
    if kind not in KINDS:
        raise PolynameError(f"unknown kind {value!r}: use one of {', '.join(KINDS)}")
    return kind


def check_name(name: object, what: str = "name") -> str:
    """``name`` without its surrounding spaces, once it is known to be a usable name.

    Raises:
        TypeError: it is not a string.
        PolynameError: it is empty or holds a NUL byte (`name_problem`).
    """
    if not isinstance(name, str):
        raise TypeError(f"{what} must be a string, got {type(name).__name__}")
    problem = name_problem(name)
    if problem:
        raise PolynameError(f"{what} {problem}")
    return name.strip()


def now() -> str:
    """The time stamp of every record: UTC, to the second, ISO 8601."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
