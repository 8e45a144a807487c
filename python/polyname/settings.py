"""What a search is for, and how dedup links rows.

The modes of `NameIndex.search`, `Registry.resolve_many` and ``resolve match --mode``:

- ``"screening"`` (the default): full names screened against a list. A word found on one
  side only costs twice what it costs in `similarity`: a word of the query that the listed
  name lacks, so that "Daniel Medina" does not meet a list's "DANIEL", and a word of the
  listed name that the query leaves out (a name of three words still meets it without its
  middle name).
- ``"mention"``: a name as text mentions it, often a part of it ("Nasrallah", "Taeb"): a word
  of the mention that the name lacks costs as in `similarity`; a word of the name that the
  mention leaves out costs half that, and as much whether it is common or rare, so that the
  men a bare family name may mean score alike (ties keep the index's order).

In both modes an index weighs the words of a name by how many of its names hold them: a
common given name says less than a rare family name. `SearchSettings` holds a search's rules
in full; ``SearchSettings.of(mode)`` gives a mode's (the core's, ``polyname._core.SEARCH_DEFAULTS``,
defined there once), to tune and pass as ``mode``:

    >>> import polyname
    >>> from dataclasses import replace
    >>> from polyname import SearchSettings
    >>> SearchSettings.of("mention").name_extra_factor
    0.5
    >>> stricter = replace(SearchSettings.of("mention"), min_evidence=0.8)
    >>> index = polyname.NameIndex(["n"], ["Hassan Nasrallah"])
    >>> [round(m.score, 2) for m in index.search(["Nasrallah"], mode=stricter)[0]]
    [0.87]

`DedupSettings` holds dedup's policy besides its threshold; its defaults are the core's
(``polyname._core.DEDUP_*``), defined there once:

    >>> import polyname
    >>> from polyname import DedupSettings
    >>> strict = DedupSettings(mean_slack=0.0)
    >>> strict.link_slack, strict.mean_slack, strict.evidence_disagree, strict.candidates
    (0.15, 0.0, 0.45, 12)
    >>> try:
    ...     DedupSettings(mean_slack=2.0)
    ... except polyname.InvalidArgumentError as e:
    ...     print(e)
    DedupSettings.mean_slack must be within [0, 1], got 2.0
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass, replace
from typing import Literal, TypeAlias

from polyname import _core
from polyname.errors import InvalidArgumentError

Mode: TypeAlias = Literal["screening", "mention"]
MODES: tuple[Mode, ...] = ("screening", "mention")
DEFAULT_MODE: Mode = "screening"


def _check_number(owner: str, name: str, value: object, low: float, high: float) -> None:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{owner}.{name} must be a number, got {type(value).__name__}")
    if not low <= float(value) <= high:  # (NaN is not)
        raise InvalidArgumentError(f"{owner}.{name} must be within [{low:g}, {high:g}], got {value!r}")


@dataclass(frozen=True)
class DedupSettings:
    """How dedup links rows (`polyname.dedup`, `dedup_records`), besides its threshold.

    Two clusters join only when they hold together: over the pairs between their cores, the
    mean score reaches ``threshold - mean_slack`` and no pair falls below
    ``threshold - link_slack`` (average linkage; what keeps one short name from chaining two
    people).

    Attributes:
        link_slack: how far below the threshold one pair between two clusters' cores may
            score when they join, in [0, 1]: spellings of one name are rarely all close.
        mean_slack: how far below the threshold the mean over the cores' pairs may fall, in
            [0, 1]: a surname alone ("Taeb") meets a full name in another spelling a little
            below it.
        evidence_agree: added to a pair's score for each evidence column in which both rows
            have the same value, in [0, 1].
        evidence_disagree: taken away for each evidence column in which both rows have a
            value and the values differ, in [0, 1]. The default keeps even identical names
            with conflicting evidence apart at the default threshold.
        candidates: candidates fully scored for each distinct row, 1 or more; every one
            that reaches the threshold is an edge. More cost time and, on sanctions lists,
            bring more false joins than true ones.
        max_postings: names sharing a feature (a word key, a trigram) beyond which the
            feature is passed over when looking for candidates, 1 or more: such features
            say little ("mohammed") and cost much on large inputs.
        core: members that stand for a cluster when another cluster asks to join, 1 or
            more; a linkage check scores up to ``core * core`` pairs.

    Raises:
        InvalidArgumentError: a value out of its range, naming the field.
        TypeError: a value that is not a number (``candidates``, ``max_postings`` and
            ``core``: not an integer).
    """

    link_slack: float = _core.DEDUP_LINK_SLACK
    mean_slack: float = _core.DEDUP_MEAN_SLACK
    evidence_agree: float = _core.DEDUP_EVIDENCE_AGREE
    evidence_disagree: float = _core.DEDUP_EVIDENCE_DISAGREE
    candidates: int = _core.DEDUP_CANDIDATES
    max_postings: int = _core.DEDUP_MAX_POSTINGS
    core: int = _core.DEDUP_CORE

    def __post_init__(self) -> None:
        for name in ("link_slack", "mean_slack", "evidence_agree", "evidence_disagree"):
            _check_number("DedupSettings", name, getattr(self, name), 0.0, 1.0)
        for name in ("candidates", "max_postings", "core"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, numbers.Integral):
                raise TypeError(f"DedupSettings.{name} must be an integer, got {type(value).__name__}")
            if int(value) < 1:
                raise InvalidArgumentError(f"DedupSettings.{name} must be 1 or more, got {value!r}")


_SCREENING = _core.SEARCH_DEFAULTS["screening"]


@dataclass(frozen=True)
class SearchSettings:
    """The rules of a search (`NameIndex.search`, `Registry.resolve_many`): what a mode
    stands for, to tune field by field. The defaults are screening's; ``of(mode)`` gives
    either mode's.

    Attributes:
        query_extra_factor: how many times what it costs in `similarity` a word of the query
            that the indexed name lacks costs, in [0, 10].
        name_extra_factor: the same for a word of the indexed name that the query leaves
            out, in [0, 10].
        name_extra_ignores_rarity: whether such a word costs as much common or rare (a
            mention leaves a given name out whatever it is) rather than by its rarity.
        min_evidence: the agreement (the rarity-weighed weight of the query's paired words)
            that a match resting on one query word must reach for its full score, in [0, 1]:
            below it the score falls as the square of the shortfall ("Mohammad" alone is
            nobody).
        initial_similarity: the similarity of an initial and a word it starts, in [0, 1].
        weak_alias_factor: the factor on the score of a weak alias that the query does not
            agree with word for word, in [0, 1] (1: weak aliases count as any other).
        strict_latin: whether two words written in Latin letters are held to their letters
            (a loose pair counts in part, a word read as two must be read clearly).

    Raises:
        InvalidArgumentError: a value out of its range, naming the field.
        TypeError: a number that is not one, or a flag that is not a bool.
    """

    query_extra_factor: float = float(_SCREENING["query_extra_factor"])
    name_extra_factor: float = float(_SCREENING["name_extra_factor"])
    name_extra_ignores_rarity: bool = bool(_SCREENING["name_extra_ignores_rarity"])
    min_evidence: float = float(_SCREENING["min_evidence"])
    initial_similarity: float = float(_SCREENING["initial_similarity"])
    weak_alias_factor: float = float(_SCREENING["weak_alias_factor"])
    strict_latin: bool = bool(_SCREENING["strict_latin"])

    def __post_init__(self) -> None:
        for name in ("query_extra_factor", "name_extra_factor"):
            _check_number("SearchSettings", name, getattr(self, name), 0.0, 10.0)
        for name in ("min_evidence", "initial_similarity", "weak_alias_factor"):
            _check_number("SearchSettings", name, getattr(self, name), 0.0, 1.0)
        for name in ("name_extra_ignores_rarity", "strict_latin"):
            if not isinstance(getattr(self, name), bool):
                raise TypeError(f"SearchSettings.{name} must be a bool, got {type(getattr(self, name)).__name__}")

    @classmethod
    def of(cls, mode: Mode) -> SearchSettings:
        """The rules of ``mode``, "screening" or "mention"."""
        if mode not in MODES:
            raise InvalidArgumentError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
        return replace(cls(), **_core.SEARCH_DEFAULTS[mode])


__all__ = ["DEFAULT_MODE", "MODES", "DedupSettings", "Mode", "SearchSettings"]
