"""Texts → mentions → entities: every registry entity (or indexed name) a text mentions.

The core reads each text once (`NameIndex.link`, in parallel, the GIL released): spans that
name an entity in full, in any script or spelling, and the parts of names ("Taeb", "Qods")
that refer back to an entity the text names in full. This module turns what it finds into
`Mention` rows: the registry's canonical entity, the surface as written, its sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Optional, Union

from polyname._core import MATCH_THRESHOLD, Explanation, NameIndex, TextMention, normalize
from polyname._inputs import name_list
from polyname.errors import InvalidArgumentError
from polyname.registry import Registry

#: How a mention was found: the span spelled as the alias is, another spelling, script or
#: translation of it, an acronym, or a part of a name that the text gives in full elsewhere;
#: "unknown": a span that reads as a name but resolves to no entity (``unknown=True``).
METHODS = ("exact", "fuzzy", "acronym", "reference", "unknown")


@dataclass(frozen=True)
class Mention:
    """One mention in a text. ``text[start:end] == surface`` (offsets count characters of the
    text as given). ``entity_id`` is the canonical entity (a registry's) or the indexed id
    (an index's); ``kind`` is the registry entity's kind (None for an index)."""

    start: int
    end: int
    surface: str
    entity_id: str
    matched_name: str
    score: float
    method: str
    sentence: str
    kind: Optional[str] = None
    explanation: Optional[Explanation] = None


def link(texts: Sequence[str], registry_or_index: Union[Registry, NameIndex], *,
         threshold: float = MATCH_THRESHOLD, workers: int = -1, explain: bool = False,
         unknown: bool = False) -> list[list[Mention]]:
    """The mentions of each text, in order of their offsets.

    ``registry_or_index``: a `Registry` (mentions resolve to canonical entities; a name judged
    different from an entity never links to it) or a `NameIndex` (mentions carry its ids).
    ``texts`` may be a list, a pandas Series or a pyarrow Array; missing texts (None, NaN)
    have no mentions. ``threshold``: the lowest score of a full mention. ``unknown``: also the
    spans that read as names but resolve to no entity (method "unknown", ``entity_id`` and
    ``matched_name`` empty): runs of capitalized words, and runs of Arabic-script words that
    begin and end with words of the registry's names — what an analyst may add to it.

    Raises:
        TypeError: ``texts`` is a single string, or holds something that is not a string; or
            ``registry_or_index`` is neither.
        PolynameError: ``threshold`` outside [0, 1] (`InvalidArgumentError`).
    """
    if not 0.0 <= threshold <= 1.0:
        raise InvalidArgumentError(f"threshold must be within [0, 1], got {threshold}")
    given = [t or "" for t in name_list(texts, "texts")]
    if isinstance(registry_or_index, Registry):
        index, owners, kinds, excluded = registry_or_index._linking_index()
        # (Owners in index order: the aliases of one entity are one entity to a reference.)
        found = index.link(given, threshold=threshold, entities=list(owners.values()), workers=workers,
                           explain=explain, unknown=unknown)
        out: list[list[Mention]] = []
        for text, row in zip(given, found):
            # (An unknown span has no alias, hence no entity.)
            entities = [owners.get(hit.id, "") for hit in row]
            mentions = [_mention(text, hit, e, kinds.get(e)) for hit, e in zip(row, entities)]
            out.append([m for m in mentions if m.entity_id not in excluded.get(normalize(m.surface), ())])
        return out
    if isinstance(registry_or_index, NameIndex):
        found = registry_or_index.link(given, threshold=threshold, workers=workers, explain=explain, unknown=unknown)
        return [[_mention(text, hit, hit.id, None) for hit in row] for text, row in zip(given, found)]
    raise TypeError(f"link() takes a polyname.Registry or a polyname.NameIndex, not a "
                    f"{type(registry_or_index).__name__}")


def _mention(text: str, hit: TextMention, entity_id: str, kind: Optional[str]) -> Mention:
    return Mention(hit.start, hit.end, text[hit.start:hit.end], entity_id, hit.name, hit.score, hit.method,
                   text[hit.sentence_start:hit.sentence_end], kind, hit.explanation)
