"""What a search is for: the modes of `NameIndex.search`, `Registry.resolve_many` and
``resolve match --mode``.

- ``"screening"`` (the default): full names screened against a list. A word of the query that
  the listed name lacks costs twice what it costs in `similarity`, so that "Daniel Medina"
  does not meet a list's "DANIEL"; a word of the listed name missing from the query (a middle
  name left out) costs as usual.
- ``"mention"``: a name as text mentions it, often a part of it ("Nasrallah", "Taeb"): a
  missing word costs the same on both sides, as in `similarity`.

In both modes an index weighs the words of a name by how many of its names hold them: a
common given name says less than a rare family name.
"""

from __future__ import annotations

from typing import Literal, TypeAlias

Mode: TypeAlias = Literal["screening", "mention"]
MODES: tuple[Mode, ...] = ("screening", "mention")
DEFAULT_MODE: Mode = "screening"
