"""Parquet and JSON Lines beside CSV: which format a path is in, and reading and writing each.

The format of a file comes from its extension: ``.parquet``, ``.jsonl`` or ``.ndjson``;
anything else (and ``-``, stdin or stdout) is CSV. Every reader gives rows as dicts of text
(`polyname.csvio.TableReader`): a missing value (JSON ``null``, a Parquet null) is empty, a
number or a date is written as text. Every writer takes rows of text cells and writes them
as they are: strings in JSON Lines, string columns in Parquet (the formulas that spreadsheets
would run are escaped only in CSV). Parquet needs pyarrow, the extra ``polyname[parquet]``.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any, Optional, Protocol

from polyname._inputs import cell_text
from polyname.csvio import (
    CsvWriter,
    InputSize,
    TableReader,
    open_binary_output,
    open_output,
    read_csv,
    size_of,
)
from polyname.errors import DataError

PARQUET = (".parquet",)
JSON_LINES = (".jsonl", ".ndjson")
#: Rows a Parquet writer holds before it writes them as one row group.
PARQUET_BATCH = 10_000


def format_of(path: str) -> str:
    """``"parquet"``, ``"jsonl"`` or ``"csv"``, from the file's extension."""
    lower = str(path).lower()
    if lower.endswith(PARQUET):
        return "parquet"
    if lower.endswith(JSON_LINES):
        return "jsonl"
    return "csv"


@contextlib.contextmanager
def read_table(path: str, *, encoding: str = "utf-8", required: Sequence[str] = (), delimiter: Optional[str] = ",",
               header: bool = True, short_rows: str = "error") -> Iterator[TableReader]:
    """Opens a table in the format its extension says. The CSV options (``delimiter``,
    ``header``, ``short_rows``, ``encoding``) apply to CSV only."""
    kind = format_of(path)
    if kind == "csv":
        with read_csv(path, encoding=encoding, required=required, delimiter=delimiter, header=header,
                      short_rows=short_rows) as reader:
            yield reader
        return
    reader_class = ParquetReader if kind == "parquet" else JsonLinesReader
    try:
        stream = open(path, "rb")
    except OSError as e:
        raise DataError(f"cannot read: {e.strerror}", file=path) from None
    with stream:
        table: TableReader = reader_class(stream, file=path)
        for column in required:
            table.resolve(column)
        yield table


class JsonLinesReader(TableReader):
    """One JSON object a line; its columns are the keys of the first object. A later object
    may leave keys out (empty) but not bring new ones."""

    def __init__(self, stream: IO[bytes], *, file: str) -> None:
        super().__init__(file, header=False)
        self._stream = stream
        self.size = InputSize(size_of(stream))
        self._first = self._next_object()
        if self._first is None:
            raise DataError("the file is empty (no JSON object)", file=file)
        self.fieldnames = list(self._first)

    def _next_object(self) -> Optional[dict[str, Any]]:
        for raw in self._stream:
            self.size.read += len(raw)
            self.row += 1
            if not raw.strip():
                continue
            try:
                value = json.loads(raw)
            except (UnicodeDecodeError, json.JSONDecodeError) as e:
                raise DataError(f"line {self.row} is not JSON: {e}", file=self.file, row=self.row) from None
            if not isinstance(value, dict):
                raise DataError(f"line {self.row} is a JSON {type(value).__name__}, not an object",
                                file=self.file, row=self.row)
            return value
        return None

    def __iter__(self) -> Iterator[dict[str, str]]:
        names = self.fieldnames
        value = self._first
        while value is not None:
            extra = [k for k in value if k not in names]
            if extra:
                raise DataError(f"keys {', '.join(map(repr, extra))} are not in the first line's object "
                                f"(its keys are the columns)", file=self.file, row=self.row)
            yield {k: _text(value.get(k)) for k in names}
            value = self._next_object()


class ParquetReader(TableReader):
    """A Parquet file, read a record batch at a time (memory stays flat)."""

    def __init__(self, stream: IO[bytes], *, file: str) -> None:
        super().__init__(file, header=False)
        parquet = _pyarrow_parquet()
        try:
            self._file = parquet.ParquetFile(stream)
        except Exception as e:  # pyarrow raises its own classes for a file that is not Parquet
            raise DataError(f"not a Parquet file ({e})", file=file) from None
        self.fieldnames = list(self._file.schema_arrow.names)
        rows = self._file.metadata.num_rows
        self.size = InputSize(size_of(stream))
        self._bytes_per_row = (self.size.total or 0) / rows if rows else 0.0

    def __iter__(self) -> Iterator[dict[str, str]]:
        for batch in self._file.iter_batches(batch_size=PARQUET_BATCH):
            for record in batch.to_pylist():
                self.row += 1
                self.size.read = int(self.row * self._bytes_per_row)
                yield {k: _text(record.get(k)) for k in self.fieldnames}


class RowWriter(Protocol):
    def writerow(self, cells: Iterable[str]) -> None: ...


@contextlib.contextmanager
def open_table_output(out: str, header: Sequence[str], *, escape_formulas: bool = True) -> Iterator[RowWriter]:
    """A writer of rows under ``header`` in the format the extension of ``out`` says (CSV for
    ``-``), written as `polyname.csvio.open_output` writes: nothing is left half-written."""
    kind = format_of(out) if out != "-" else "csv"
    if kind == "csv":
        with open_output(out) as stream:
            writer = CsvWriter(stream, escape_formulas=escape_formulas)
            writer.writerow(header)
            yield writer
        return
    if kind == "jsonl":
        with open_output(out) as stream:
            yield _JsonLinesWriter(stream, header)
        return
    parquet = _pyarrow_parquet()
    with open_binary_output(out) as stream:
        columns = _ParquetWriter(parquet, stream, header)
        yield columns
        columns.close()


class _JsonLinesWriter:
    def __init__(self, stream: IO[str], header: Sequence[str]) -> None:
        self._stream, self._header = stream, list(header)

    def writerow(self, cells: Iterable[str]) -> None:
        self._stream.write(json.dumps(dict(zip(self._header, cells)), ensure_ascii=False) + "\n")


class _ParquetWriter:
    def __init__(self, parquet: Any, stream: IO[bytes], header: Sequence[str]) -> None:
        import pyarrow as pa

        self._pa = pa
        self._header = list(header)
        if len(set(self._header)) != len(self._header):
            raise DataError("a Parquet file cannot hold two columns of one name")
        self._schema = pa.schema([(name, pa.string()) for name in self._header])
        self._writer = parquet.ParquetWriter(stream, self._schema)
        self._rows: list[list[str]] = []

    def writerow(self, cells: Iterable[str]) -> None:
        self._rows.append(list(cells))
        if len(self._rows) == PARQUET_BATCH:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            columns = [self._pa.array([r[k] for r in self._rows], type=self._pa.string())
                       for k in range(len(self._header))]
            self._writer.write_table(self._pa.Table.from_arrays(columns, schema=self._schema))
            self._rows = []

    def close(self) -> None:
        self._flush()
        self._writer.close()


def _text(value: object) -> str:
    """A JSON or Parquet value as a cell: text as it is, nested values as JSON, missing ones
    empty, numbers and dates as written."""
    if isinstance(value, str):
        return value
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return cell_text(value)


def _pyarrow_parquet() -> Any:
    try:
        import pyarrow.parquet as parquet
    except ImportError:
        raise DataError("Parquet files need pyarrow: pip install 'polyname[parquet]'") from None
    return parquet
