"""CSV in and out, strict about bad input and safe for spreadsheets.

Reading streams line by line (memory stays flat on any file size) and turns every problem
into a `DataError` that says where it is: a missing column (with the columns that exist),
bytes that are not valid in the encoding (with the line), a NUL byte, a ragged row, a field
too long, a quoted field never closed (with the line it opened on), duplicate header names.
A UTF-8 byte-order mark is accepted, and so are the empty trailing header columns that
spreadsheets leave; the delimiter may be given or sniffed, the header may be absent.

Writing to a file goes to a temporary file renamed into place at the end, so a failed or
interrupted run never leaves a half-written output where the user expects a result; devices
and pipes are written to as they are (see `open_output`). Cells that a spreadsheet would run
as formulas are prefixed with ``'`` so that it shows them as text (`escape_formula`: ``=``,
``@``, ``+``, ``-`` first, also after spaces or invisible characters, but not numbers and
phone numbers such as "-12.50" or "+98 21 555 1234").
"""

from __future__ import annotations

import contextlib
import csv
import itertools
import os
import re
import stat
import string
import sys
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, Optional, Union

from polyname.errors import DataError

#: Longest field accepted, in characters: longer is not a name but a mistake (a file read
#: with the wrong delimiter, a missing closing quote).
MAX_FIELD = 1 << 20
_FORMULA_SIGNS = frozenset("=+-@")
#: What may follow a leading + or - in a cell that is a number or a phone number, not a formula.
_NUMBER_OR_PHONE = re.compile(
    # (The lookahead asks for a digit without the backtracking of "X*[0-9]X*" on a long cell.)
    r"(?=[^0-9]*[0-9])[0-9 \u00a0().,/-]+%?|[0-9]+(\.[0-9]+)?[eE][+-]?[0-9]+")


def escape_formula(value: str) -> str:
    """``value`` as a spreadsheet shows it as text: with a leading ``'`` when a spreadsheet
    would run it as a formula.

    Escaped (OWASP's CSV-injection guidance): a cell that starts with a tab or a carriage
    return, or whose first character after any spaces and invisible format characters
    (zero-width space, byte-order mark, direction marks) is ``=``, ``@``, ``+`` or ``-``,
    including their full-width and small forms (``＝``, ``＋``, ``－``, ``＠``). Left as it is:
    ``+`` or ``-`` followed only by a number or a phone number (digits, spaces, ``.,()/-``,
    an exponent, a trailing ``%``): "-12.50", "+98 21 555 1234". Such a cell holds no
    function, reference or command, so a spreadsheet can at most do arithmetic with it.
    """
    if not value:
        return value
    if value[0] in "\t\r":
        return "'" + value
    i = 0
    while i < len(value) and (value[i].isspace() or unicodedata.category(value[i]) == "Cf"):
        i += 1
    if i == len(value):
        return value
    sign = unicodedata.normalize("NFKC", value[i])
    if sign not in _FORMULA_SIGNS:
        return value
    if sign in "+-" and _NUMBER_OR_PHONE.fullmatch(value, i + 1):
        return value
    return "'" + value


class CsvWriter:
    """CSV rows written to a text stream, each cell escaped for spreadsheets
    (`escape_formula`) unless ``escape_formulas`` is False: the one way polyname writes CSV."""

    def __init__(self, stream: IO[str], *, escape_formulas: bool = True) -> None:
        self._writer = csv.writer(stream)
        self._escape = escape_formulas

    def writerow(self, cells: Iterable[str]) -> None:
        self._writer.writerow([escape_formula(c) for c in cells] if self._escape else list(cells))


def column_letters(count: int) -> list[str]:
    """Names of the columns of a file without a header, as csvkit gives them: a … z, aa,
    bb, … zz, aaa, …"""
    return [string.ascii_lowercase[k % 26] * (k // 26 + 1) for k in range(count)]


class _Lines:
    """The lines of a file for `csv.reader`, each ending in a newline (the last one may not
    in the file), and whether the file has ended: a record that the reader returns after
    the end is one whose quoted field was never closed."""

    def __init__(self, lines: Iterator[str]) -> None:
        self._lines = lines
        self.ended = False

    def __iter__(self) -> "_Lines":
        return self

    def __next__(self) -> str:
        try:
            line = next(self._lines)
        except StopIteration:
            self.ended = True
            raise
        return line if line.endswith(("\n", "\r")) else line + "\n"


class TableReader:
    """What every reader of a table gives: the file's name, its columns, the rows as dicts
    of text (`__iter__`), ``row`` (the number of the row just read: spreadsheet numbering,
    the header, if any, being row 1), how far through the file reading is, and what was
    assumed or adjusted on the way. `CsvReader` reads CSV; `polyname.formats` has Parquet
    and JSON Lines."""

    file: str
    fieldnames: list[str]

    def __init__(self, file: str, *, header: bool = True) -> None:
        self.file = file
        self.header = header
        self.row = 0
        #: What was assumed about the file's dialect (a sniffed delimiter), for the user.
        self.assumed: Optional[str] = None
        #: How far through the file reading is, in bytes.
        self.size = InputSize(None)
        #: Rows shorter than the header (padded or skipped), and the first of them.
        self.short_rows = 0
        self.first_short_row: Optional[int] = None

    def __iter__(self) -> Iterator[dict[str, str]]:
        raise NotImplementedError

    def resolve(self, column: str, hint: str = "") -> str:
        """The name of the column that ``column`` means: a column name, or a number (1 is the
        first column) when no column has that name."""
        if column in self.fieldnames:
            return column
        if column.isdigit() and 1 <= int(column) <= len(self.fieldnames):
            return self.fieldnames[int(column) - 1]
        shown = ", ".join(map(repr, self.fieldnames[:20])) + (
            f" and {len(self.fieldnames) - 20} more" if len(self.fieldnames) > 20 else "")
        raise DataError(f"no column {column!r}; the columns are: {shown}{hint}", file=self.file,
                        row=1 if self.header else None)


class CsvReader(TableReader):
    """Rows of a CSV file as dicts, with ``row`` (spreadsheet numbering: the header, if
    any, is row 1).

    Args:
        delimiter: the field separator.
        header: whether the first row names the columns; without one the columns are
            named ``a``, ``b``, ``c``… (`column_letters`) and the first row is row 1.
        short_rows: what a row with fewer fields than the header gets: ``"error"``, ``"pad"``
            (empty cells at the end) or ``"skip"``; `short_rows` counts them either way.
            A longer row is always an error, except for empty cells under the empty
            trailing header columns that spreadsheets leave (those columns are dropped).
    """

    def __init__(self, lines: Iterator[str], *, file: str, required: Sequence[str] = (), delimiter: str = ",",
                 header: bool = True, short_rows: str = "error") -> None:
        if short_rows not in ("error", "pad", "skip"):
            raise ValueError(f"short_rows must be 'error', 'pad' or 'skip', not {short_rows!r}")
        super().__init__(file, header=header)
        self._short_policy = short_rows
        csv.field_size_limit(MAX_FIELD)
        self._lines = _Lines(lines)
        self._reader = csv.reader(self._lines, delimiter=delimiter)
        self._pending: Optional[list[str]] = None
        first = self._next_record()
        while first == []:
            first = self._next_record()  # blank lines
        if first is None:
            raise DataError("the file is empty" + (" (no header row)" if header else ""), file=file)
        if header:
            names = [h.strip() for h in first]
            while names and names[-1] == "":
                names.pop()  # a spreadsheet's empty trailing columns: no columns at all
            if not names:
                raise DataError("the header row has no column names", file=file, row=self.row)
            self._extra = len(first) - len(names)
            self.fieldnames = names
            self._check_duplicates()
        else:
            self._extra = 0
            self.fieldnames = column_letters(len(first))
            self._pending = first
        for column in required:
            self.resolve(column)

    def _check_duplicates(self) -> None:
        # One pass with a counter: a header of 100,000 columns is checked in an instant.
        counts = Counter(self.fieldnames)
        duplicates = [h for h, n in counts.items() if n > 1 and h]
        parts = [repr(h) for h in duplicates[:10]] + ([f"and {len(duplicates) - 10} more"] if len(duplicates) > 10
                                                      else [])
        if counts.get("", 0) > 1:
            parts.append(f"{counts['']} columns without a name")
        if parts:
            raise DataError(f"duplicate column names in the header: {', '.join(parts)}", file=self.file, row=1)

    def _next_record(self) -> Optional[list[str]]:
        """The next record (``[]`` for a blank line), or None at the end of the file."""
        start = self._reader.line_num + 1
        try:
            values = next(self._reader)
        except StopIteration:
            return None
        except csv.Error as e:
            message = str(e)
            if "field larger than field limit" in message:
                message = (f"a field of the row that starts on line {start} is longer than {MAX_FIELD:,} "
                           "characters (a quote opened there and never closed?)")
            raise DataError(message, file=self.file, row=self.row + 1) from None
        self.row += 1
        if self._lines.ended:
            # The reader only returns a record after the end when a quoted field is open:
            # the last field, which began after the line breaks of the fields before it.
            opened = start + sum(v.count("\n") for v in values[:-1])
            raise DataError(f"the quoted field opened on line {opened} is never closed (the file ends inside it)",
                            file=self.file, row=self.row)
        return values

    def __iter__(self) -> Iterator[dict[str, str]]:
        width = len(self.fieldnames)
        names = self.fieldnames
        while True:
            record: Optional[list[str]]
            if self._pending is not None:
                record, self._pending = self._pending, None
            else:
                record = self._next_record()
            if record is None:
                return
            if not record:
                continue  # blank line
            if len(record) != width:
                record = self._fit(record, width)
                if record is None:
                    continue
            values = record
            for column, value in zip(names, values):
                if "\x00" in value:
                    raise DataError("NUL byte in the value", file=self.file, row=self.row, column=column)
            yield dict(zip(names, values))

    def _fit(self, values: list[str], width: int) -> Optional[list[str]]:
        """A row of the wrong length made to fit the header, or None to skip it."""
        if len(values) > width:
            if len(values) <= width + self._extra:
                if not any(v.strip() for v in values[width:]):
                    return values[:width]  # empty cells under the header's empty trailing columns
                raise DataError(f"{len(values)} fields where the header has {width} (a value under a column "
                                "without a name)", file=self.file, row=self.row)
            raise DataError(f"{len(values)} fields where the header has {width}", file=self.file, row=self.row)
        if self._short_policy == "error":
            raise DataError(f"{len(values)} fields where the header has {width}", file=self.file, row=self.row)
        self.short_rows += 1
        if self.first_short_row is None:
            self.first_short_row = self.row
        return values + [""] * (width - len(values)) if self._short_policy == "pad" else None


class InputSize:
    """How far through its input a reader is: bytes read so far, and the input's size
    (None when it is not known beforehand: stdin, a pipe)."""

    def __init__(self, total: Optional[int]) -> None:
        self.read = 0
        self.total = total


def _decoded_lines(stream: IO[bytes], encoding: str, file: str, size: Optional[InputSize] = None) -> Iterator[str]:
    """Decodes line by line, so that a bad byte is reported with its line number."""
    for number, raw in enumerate(stream, start=1):
        if size is not None:
            size.read += len(raw)
        try:
            line = raw.decode(encoding)
        except UnicodeDecodeError as e:
            raise DataError(
                f"line {number}: byte {raw[e.start:e.start + 1]!r} at column {e.start + 1} is not valid {encoding}"
                f" (pass --encoding, e.g. --encoding cp1256 or latin-1)", file=file) from None
        if number == 1 and line.startswith("\ufeff"):
            line = line[1:]
        yield line


def sniff_delimiter(first_line: str) -> Optional[str]:
    """``;`` or a tab when the first line has no comma but one of them (the more frequent),
    else None (a comma, or a single column)."""
    if "," in first_line:
        return None
    tabs, semicolons = first_line.count("\t"), first_line.count(";")
    if not (tabs or semicolons):
        return None
    return "\t" if tabs >= semicolons else ";"


@contextlib.contextmanager
def read_csv(path: str, *, encoding: str = "utf-8", required: Sequence[str] = (), delimiter: Optional[str] = ",",
             header: bool = True, short_rows: str = "error") -> Iterator[CsvReader]:
    """Opens a CSV file (``"-"`` for stdin) for strict reading (see `CsvReader`).

    ``delimiter=None`` takes a comma unless the first line has none but a ``;`` or a tab
    (`sniff_delimiter`); the reader's ``assumed`` then says what was taken.
    """
    try:
        "".encode(encoding)
    except LookupError:
        raise DataError(f"unknown encoding {encoding!r}") from None
    file = "<stdin>" if path == "-" else path
    with contextlib.ExitStack() as stack:
        if path == "-":
            stream: IO[bytes] = sys.stdin.buffer
        else:
            try:
                stream = stack.enter_context(open(path, "rb"))
            except OSError as e:
                raise DataError(f"cannot read: {e.strerror}", file=path) from None
        size = InputSize(size_of(stream))
        lines = _decoded_lines(stream, encoding, file, size)
        assumed = None
        if delimiter is None:
            first = next(lines, "")
            lines = itertools.chain([first], lines)
            delimiter = sniff_delimiter(first) or ","
            if delimiter != ",":
                shown = "tab" if delimiter == "\t" else repr(delimiter)
                assumed = f"the first line has no comma but has {shown}: read as {shown}-separated"
        reader = CsvReader(lines, file=file, required=required, delimiter=delimiter, header=header,
                           short_rows=short_rows)
        reader.assumed = assumed
        reader.size = size
        yield reader


def size_of(stream: IO[bytes]) -> Optional[int]:
    """The size of a regular file; None for a pipe, a terminal or a device."""
    try:
        st = os.fstat(stream.fileno())
    except (OSError, ValueError, AttributeError):
        return None
    return st.st_size if stat.S_ISREG(st.st_mode) else None


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
    with _output(out, binary=False) as stream:
        yield stream


@contextlib.contextmanager
def open_binary_output(out: Union[str, "os.PathLike[str]"]) -> Iterator[IO[bytes]]:
    """`open_output` for bytes (a Parquet file): the same rules."""
    with _output(out, binary=True) as stream:
        yield stream


@contextlib.contextmanager
def _output(out: Union[str, "os.PathLike[str]"], *, binary: bool) -> Iterator[IO[Any]]:
    def opened(target: Union[str, int]) -> IO[Any]:
        if binary:
            return open(target, "wb")
        return open(target, "w", encoding="utf-8", newline="")

    if str(out) == "-":
        stdout: IO[Any] = sys.stdout.buffer if binary else sys.stdout
        yield stdout
        stdout.flush()
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
            stream = opened(str(target))
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
        with opened(fd) as f:
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
