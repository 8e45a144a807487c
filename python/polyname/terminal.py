"""Text from the data made safe to print for a person to read.

Names, authors, notes and file names come from files and registries that anyone may have
written. Printed as they are, an ESC sequence in one of them can recolour, rewrite or hide
what a terminal shows (or set its title, or worse on some terminals), and a direction
override can make a line read differently from what it holds. `printable` shows every such
character as an escape instead (``\\x1b``, ``\\u202e``), so that the line shows what the data
holds. Letters, marks and the joiners that Persian and Arabic names need are left alone.

It applies to every text meant for a person (`resolve registry show`, `history`, `compare`,
`match --format table`, the messages on stderr), whether or not the output is a terminal
right now: a redirected text is read on one later (``less``, ``cat``, a CI log). CSV output
is data and is written as it is.
"""

from __future__ import annotations

import re

#: C0 controls (a newline inside a value too: it would fake a line of output), DEL, C1
#: controls (U+009B is a one-character CSI), and the bidirectional embeddings, overrides
#: and isolates. Callers apply it to values, not to the lines they build from them.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escaped(m: re.Match[str]) -> str:
    c = m.group()
    return {"\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(c) or (
        f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")


def printable(text: object) -> str:
    """``text`` (``str()`` of it) with control and direction-override characters escaped."""
    s = str(text)
    return _UNSAFE.sub(_escaped, s) if _UNSAFE.search(s) else s
