"""The progress bar of long commands (`resolve match`, `dedup`, `registry import`).

On a terminal it shows how much of the input has been read (a percentage of the file's
bytes, or a count of bytes for stdin and pipes), the rows so far, the rate and the time
left; it is drawn by tqdm. When stderr is not a terminal (a log, a pipe, CI) nothing is
printed at all.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import IO, NoReturn, Optional, TypeVar

from tqdm import tqdm

from polyname.csvio import InputSize

T = TypeVar("T")


class Progress:
    """Progress through an input of ``size`` (bytes), counted in rows by the caller.

    Args:
        size: the reader's `InputSize`, read on each update.
        what: what the rows are ("names resolved", "aliases imported").
        stream: where the bar goes; silent unless it is a terminal.
    """

    def __init__(self, size: InputSize, what: str, stream: Optional[IO[str]] = None) -> None:
        stream = sys.stderr if stream is None else stream
        self.rows = 0
        self._size = size
        self._what = what
        self._bar: Optional[tqdm[NoReturn]] = None
        if stream.isatty():
            self._bar = tqdm(total=size.total, unit="B", unit_scale=True, unit_divisor=1024, file=stream,
                             dynamic_ncols=True, mininterval=0.25, leave=False, smoothing=0.1)

    def update(self, rows: int) -> None:
        """``rows`` more rows done."""
        self.rows += rows
        if self._bar is not None:
            self._bar.update(self._size.read - self._bar.n)
            self._bar.set_postfix_str(f"{self.rows:,} {self._what}", refresh=False)

    def track(self, rows: Iterable[T], every: int = 1000) -> Iterator[T]:
        """``rows`` as they are, counted (the bar moves every ``every`` rows)."""
        pending = 0
        for row in rows:
            yield row
            pending += 1
            if pending == every:
                self.update(pending)
                pending = 0
        self.update(pending)

    def follow(self, size: InputSize) -> "Progress":
        """Measures against ``size`` from now on (an input opened after the bar was made)."""
        if size is not self._size:
            self._size = size
            if self._bar is not None:
                self._bar.total = size.total
        return self

    def at(self, rows: int) -> None:
        """``rows`` done in all (for callbacks that count for themselves)."""
        self.update(rows - self.rows)

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Takes the bar off the terminal (the command's summary line follows)."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None
