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
common given name says less than a rare family name.

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
from dataclasses import dataclass
from typing import Literal, TypeAlias

from polyname import _core
from polyname.errors import InvalidArgumentError

Mode: TypeAlias = Literal["screening", "mention"]
MODES: tuple[Mode, ...] = ("screening", "mention")
DEFAULT_MODE: Mode = "screening"


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
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, numbers.Real):
                raise TypeError(f"DedupSettings.{name} must be a number, got {type(value).__name__}")
            if not 0.0 <= float(value) <= 1.0:  # (NaN is not)
                raise InvalidArgumentError(f"DedupSettings.{name} must be within [0, 1], got {value!r}")
        for name in ("candidates", "max_postings", "core"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, numbers.Integral):
                raise TypeError(f"DedupSettings.{name} must be an integer, got {type(value).__name__}")
            if int(value) < 1:
                raise InvalidArgumentError(f"DedupSettings.{name} must be 1 or more, got {value!r}")


__all__ = ["DEFAULT_MODE", "MODES", "DedupSettings", "Mode"]
