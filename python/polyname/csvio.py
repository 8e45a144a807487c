"""CSV in and out, strict about bad input and safe for spreadsheets.

Reading streams line by line (memory stays flat on any file size) and turns every problem
into a `DataError` that says where it is: a missing column (with the columns that exist),
bytes that are not valid in the encoding (with the line), a NUL byte, a ragged row, a field
too long, duplicate header names. A UTF-8 byte-order mark is accepted.

Writing to a file goes to a temporary file renamed into place at the end, so a failed or
interrupted run never leaves a half-written output where the user expects a result; devices
and pipes are written to as they are (see `open_output`). Cells that start with ``=``, ``+``,
``-``, ``@`` (or a tab or carriage return) are prefixed with ``'`` so that a spreadsheet
shows them as text instead of running them as formulas.
"""

from __future__ import annotations

import contextlib
import csv
import os
import stat
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Optional, Union

from polyname._core import PolynameError

#: Longest field accepted, in characters: longer is not a name but a mistake (a file read
#: with the wrong delimiter, a missing closing quote).
MAX_FIELD = 1 << 20
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class DataError(PolynameError):
    """Bad input data; says where (file, row, column) and what is wrong."""

    def __init__(self, message: str, *, file: Optional[str] = None, row: Optional[int] = None,
                 column: Optional[str] = None) -> None:
        where = ", ".join(part for part in (
            file and f"{file}",
            row is not None and f"row {row}" or None,
            column and f"column {column!r}",
        ) if part)
        super().__init__(f"{where}: {message}" if where else message)
        self.file, self.row, self.column = file, row, column


def escape_formula(value: str) -> str:
    """``value`` as a spreadsheet shows it as text: a leading ``'`` before ``= + - @``."""
    return "'" + value if value.startswith(_FORMULA_START) else value


class CsvReader:
    """Rows of a CSV file as dicts, with ``row`` (spreadsheet numbering: the header is row 1)."""

    def __init__(self, lines: Iterator[str], *, file: str, required: Sequence[str] = ()) -> None:
        self.file = file
        csv.field_size_limit(MAX_FIELD)
        self._reader = csv.reader(lines)
        self.row = 1
        try:
            header = next(self._reader)
        except StopIteration:
            raise DataError("the file is empty (no header row)", file=file) from None
        except csv.Error as e:
            raise DataError(f"unreadable header: {e}", file=file, row=1) from None
        self.fieldnames = [h.strip() for h in header]
        duplicates = sorted({h for h in self.fieldnames if self.fieldnames.count(h) > 1})
        if duplicates:
            raise DataError(f"duplicate column names in the header: {', '.join(map(repr, duplicates))}",
                            file=file, row=1)
        for column in required:
            if column not in self.fieldnames:
                raise DataError(f"no column {column!r}; the columns are: {', '.join(map(repr, self.fieldnames))}",
                                file=file, row=1)

    def __iter__(self) -> Iterator[dict[str, str]]:
        width = len(self.fieldnames)
        while True:
            try:
                values = next(self._reader)
            except StopIteration:
                return
            except csv.Error as e:
                message = str(e)
                if "field larger than field limit" in message:
                    message = f"a field is longer than {MAX_FIELD} characters (a missing closing quote?)"
                raise DataError(message, file=self.file, row=self.row + 1) from None
            self.row += 1
            if not values:
                continue  # blank line
            if len(values) != width:
                raise DataError(f"{len(values)} fields where the header has {width}", file=self.file, row=self.row)
            for column, value in zip(self.fieldnames, values):
                if "\x00" in value:
                    raise DataError("NUL byte in the value", file=self.file, row=self.row, column=column)
            yield dict(zip(self.fieldnames, values))


def _decoded_lines(stream: IO[bytes], encoding: str, file: str) -> Iterator[str]:
    """Decodes line by line, so that a bad byte is reported with its line number."""
    for number, raw in enumerate(stream, start=1):
        try:
            line = raw.decode(encoding)
        except UnicodeDecodeError as e:
            raise DataError(
                f"line {number}: byte {raw[e.start:e.start + 1]!r} at column {e.start + 1} is not valid {encoding}"
                f" (pass --encoding, e.g. --encoding cp1256 or latin-1)", file=file) from None
        if number == 1 and line.startswith("\ufeff"):
            line = line[1:]
        yield line


@contextlib.contextmanager
def read_csv(path: str, *, encoding: str = "utf-8", required: Sequence[str] = ()) -> Iterator[CsvReader]:
    """Opens a CSV file (``"-"`` for stdin) for strict reading."""
    try:
        "".encode(encoding)
    except LookupError:
        raise DataError(f"unknown encoding {encoding!r}") from None
    if path == "-":
        yield CsvReader(_decoded_lines(sys.stdin.buffer, encoding, "<stdin>"), file="<stdin>", required=required)
        return
    try:
        stream = open(path, "rb")
    except OSError as e:
        raise DataError(f"cannot read: {e.strerror}", file=path) from None
    with stream:
        yield CsvReader(_decoded_lines(stream, encoding, path), file=path, required=required)


@contextlib.contextmanager
def open_output(out: Union[str, "os.PathLike[str]", IO[str]]) -> Iterator[IO[str]]:
    """A text stream for CSV output: stdout for ``"-"``, an open file as is, or a path.

    A regular file (or a path that does not exist yet) is written through a temporary file
    beside it that replaces it only when everything went well: a failed or interrupted run
    leaves an existing file as it was. The new file keeps the old one's mode and owner; a
    new file gets the usual mode under the umask. A symlink is followed to its target,
    which gets the same treatment. Anything else (a device such as ``/dev/null``, a named
    pipe) is written to directly: replacing it would destroy it.
    """
    if hasattr(out, "write"):
        yield out  # type: ignore[misc]
        return
    if str(out) == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    given = str(out)
    target = Path(os.path.realpath(given))
    try:
        existing: Optional[os.stat_result] = os.stat(target)
    except FileNotFoundError:
        existing = None
    except OSError as e:
        raise DataError(f"cannot write: {e.strerror}", file=given) from None
    if existing is not None and stat.S_ISDIR(existing.st_mode):
        raise DataError("cannot write: it is a directory", file=given)
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        try:
            stream = open(target, "w", encoding="utf-8", newline="")
        except OSError as e:
            raise DataError(f"cannot write: {e.strerror}", file=given) from None
        with stream:
            yield stream
        return
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as e:
        raise DataError(f"cannot write: {e.strerror}", file=given) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        _take_mode_and_owner(tmp, existing)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _take_mode_and_owner(path: str, existing: Optional[os.stat_result]) -> None:
    """Gives a replacement file the mode and owner of the file it replaces, or a new
    file the mode ``open()`` would give it (mkstemp makes every file private, 0600)."""
    if existing is None:
        os.chmod(path, 0o666 & ~_umask())
        return
    os.chmod(path, stat.S_IMODE(existing.st_mode))
    if (existing.st_uid, existing.st_gid) != (os.getuid(), os.getgid()):
        # Only root may give a file away; anyone may keep it in a group they belong to.
        with contextlib.suppress(PermissionError):
            os.chown(path, existing.st_uid, existing.st_gid)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
