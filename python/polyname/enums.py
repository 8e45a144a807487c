"""The enumerations in the core's answers: why two tokens of an explanation were paired
(`Reason`), and what dedup did with a scored pair (`Link`).

The native module hands out these members (it imports this module the first time it needs
them), so they are ordinary `enum.Enum` members: compared with ``is``, listed by iterating
the class, pickled, and checked for exhaustiveness by a type checker. Each is also a `str`
equal to its value, which is what ``str()`` and f-strings print:

    >>> from polyname import Reason, explain
    >>> [part.reason for part in explain("Hossein Taeb", "Hussein al-Tayeb").parts]
    [<Reason.SPELLING: 'spelling'>, <Reason.SPELLING: 'spelling'>, <Reason.EXTRA: 'extra'>]
    >>> f"{Reason.SPELLING}", Reason("spelling") is Reason.SPELLING, Reason.EXTRA == "extra"
    ('spelling', True, True)

This module imports nothing from the package: the native module can import it at any time.
"""

from __future__ import annotations

from enum import Enum


class _StrEnum(str, Enum):
    """A `str` enum whose ``str()`` and format are its value (`enum.StrEnum` from 3.11)."""

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)


class Reason(_StrEnum):
    """Why two tokens of an explanation were paired, or why a token stayed alone."""

    #: Same spelling after normalization.
    EXACT = "exact"
    #: Different spellings that the romanization-tolerant key brings together.
    SPELLING = "spelling"
    #: Translations of one organization word (kata'ib ≈ brigades).
    TRANSLATION = "translation"
    #: An acronym and the words it abbreviates.
    ACRONYM = "acronym"
    #: An initial and the name it stands for.
    INITIAL = "initial"
    #: Present in one name only.
    EXTRA = "extra"
    #: Present in both names but different.
    MISMATCH = "mismatch"
    #: The first name of the longer name, missing from a shorter name that starts at its
    #: second: in an Arabic name chain, another generation.
    LINEAGE = "lineage"
    #: The indexed name is a weak alias the query does not agree with word for word (a
    #: screening search; its score is scaled by ``WEAK_ALIAS_FACTOR``).
    WEAK_ALIAS = "weak_alias"


class Link(_StrEnum):
    """What dedup did with a pair of rows scored at or above the threshold."""

    #: The pair joined two clusters.
    JOINED = "joined"
    #: Both rows were already in one cluster.
    WITHIN = "within"
    #: The two rows' clusters did not hold together; the pair carries the mean and lowest
    #: score over the pairs between the clusters' cores.
    REFUSED = "refused"


__all__ = ["Link", "Reason"]
