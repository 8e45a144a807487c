"""The readable table `resolve match --format table` prints, and the one-cell form of a
match's explanation that it shares with the CSV output."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from typing import IO

from polyname.registry import Resolution
from polyname.terminal import printable


def reasons(hit: Resolution) -> str:
    """The parts of a match's explanation in one cell (empty without --explain)."""
    return "; ".join(str(p) for p in hit.explanation.parts) if hit.explanation is not None else ""


class Table:
    """The readable form of `resolve match --format table`: every candidate of each name,
    with its rank when there may be several (--top), and the data's text made printable."""

    def __init__(self, column: str, explain: bool, ranks: bool = False) -> None:
        self.column, self.explain, self.ranks = column, explain, ranks
        self.rows: list[tuple[str, list[Resolution]]] = []

    def add(self, name: str, found: Sequence[Resolution]) -> None:
        self.rows.append((name, list(found)))

    def write(self, out: IO[str]) -> None:
        width = max(shutil.get_terminal_size((160, 20)).columns, 100)

        def cut(text: str, n: int) -> str:
            return text if len(text) <= n else text[: n - 1] + "…"

        def rank(r: object) -> str:
            return f"{r!s:>4} " if self.ranks else ""

        out.write(f"{cut(printable(self.column), 33):<34} {rank('rank')}{'entity':<15} {'matched alias':<30} "
                  f"{'score':>5}{'  why' if self.explain else ''}\n")
        out.write("-" * min(width, 160) + "\n")
        for name, found in self.rows:
            shown = f"{cut(printable(name), 33):<34}"
            if not found:
                why = "blank name, not looked up" if not name.strip() else "no alias reaches the threshold"
                out.write(cut(f"{shown} {rank('')}{'—':<15} {'':<30} {'':>5}  {why}", width) + "\n")
            for r, hit in enumerate(found, start=1):
                line = (f"{shown} {rank(r)}{printable(hit.entity_id):<15} {cut(printable(hit.name), 29):<30} "
                        f"{hit.score:>5.2f}")
                if self.explain:
                    line += "  " + printable(reasons(hit))
                out.write(cut(line, width) + "\n")
                shown = " " * 34  # the name once, on its first candidate's line
        resolved = sum(bool(found) for _, found in self.rows)
        out.write(f"\n{resolved} of {len(self.rows)} names resolved.\n")
