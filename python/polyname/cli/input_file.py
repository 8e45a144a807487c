"""The input file of `resolve match` and `resolve dedup`: its options (and the delimiter
options `registry import` shares), opening it as they say, and the check that the added
columns do not overwrite its own."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator, Sequence
from typing import Optional

import polyname
from polyname.cli.common import UsageError, output_cell_and_thread_options, say
from polyname.csvio import TableReader
from polyname.errors import DataError
from polyname.formats import format_of, read_table


def delimiter_options(p: argparse.ArgumentParser) -> None:
    dialect = p.add_mutually_exclusive_group()
    dialect.add_argument("-d", "--delimiter", metavar="CHAR",
                         help="field delimiter of the input (default: a comma, or ; or a tab when the first "
                              "line has no comma but has one of them, which is said on stderr); the output "
                              "is always comma-separated")
    dialect.add_argument("-t", "--tabs", action="store_true", help="the input is tab-separated (-d '\\t')")


def delimiter(args: argparse.Namespace) -> Optional[str]:
    """The input's delimiter from -d/-t, or None to sniff it."""
    if args.tabs:
        return "\t"
    if args.delimiter is None:
        return None
    given: str = args.delimiter
    d = {"\\t": "\t", "tab": "\t"}.get(given, given)
    if len(d) != 1 or d in '"\r\n':
        raise UsageError(f"--delimiter takes one character other than a quote or a line break, "
                         f"got {args.delimiter!r}")
    return d


def csv_job_options(p: argparse.ArgumentParser, threshold_help: str) -> None:
    """Options every command over an input CSV file shares."""
    p.add_argument("input", metavar="IN.csv", help="CSV file, or - for stdin; a .parquet (with the extra "
                                                   "polyname[parquet]) or .jsonl/.ndjson file is read as such")
    p.add_argument("--column", help="column holding the names: its name, or its number (1 is the first) "
                                    "(default: name; with --no-header, the only column)")
    p.add_argument("-o", "--output", default="-", metavar="OUT.csv",
                   help="output file (default: stdout); .parquet and .jsonl/.ndjson are written as such, "
                        "every column as text")
    p.add_argument("--threshold", type=float, default=polyname.MATCH_THRESHOLD, help=threshold_help)
    p.add_argument("--encoding", default="utf-8", help="text encoding of the input (default: utf-8)")
    delimiter_options(p)
    p.add_argument("--no-header", action="store_true",
                   help="the input has no header row: its columns are named a, b, c, ... (aa, bb, ... "
                        "after z, as csvkit does), --column takes a number or one of those names, and "
                        "the output's header uses them")
    p.add_argument("--skip-short-rows", action="store_true",
                   help="skip rows with fewer fields than the header (by default they get empty cells at "
                        "the end); either way stderr says how many (a longer row is an error)")
    p.add_argument("--prefix", default="", metavar="TEXT",
                   help="put TEXT before the names of the added columns (--prefix ref_ writes ref_entity_id, "
                        "...), for an input that already has columns of those names")
    output_cell_and_thread_options(p)


@contextlib.contextmanager
def open_input(args: argparse.Namespace, *columns: str) -> Iterator[TableReader]:
    """The input file of `match` and `dedup`, read as the dialect options say. Turns
    args.column, and the options of args named by ``columns``, into the file's column names."""
    sep = delimiter(args)
    kind = format_of(args.input) if args.input != "-" else "csv"
    if kind != "csv":
        given = [o for o, on in (("-d", args.delimiter), ("-t", args.tabs), ("--no-header", args.no_header),
                                 ("--skip-short-rows", args.skip_short_rows)) if on]
        if given:
            raise UsageError(f"{' and '.join(given)} apply to CSV input only, not to a {kind} file")
    with read_table(args.input, encoding=args.encoding, delimiter=sep, header=not args.no_header,
                    short_rows="skip" if args.skip_short_rows else "pad") as reader:
        if reader.assumed:
            say(f"{reader.file}: {reader.assumed} (-d sets the delimiter)")
        if args.column is None:
            if args.no_header and len(reader.fieldnames) > 1:
                raise UsageError(f"{reader.file} has {len(reader.fieldnames)} columns: say which one holds the "
                                 "names with --column N (1 is the first)")
            args.column = reader.fieldnames[0] if args.no_header else "name"
        args.column = reader.resolve(args.column, "" if args.no_header or kind != "csv" else
                                     " (a file without a header row takes --no-header)")
        for option in columns:
            value = getattr(args, option)
            if isinstance(value, list):
                setattr(args, option, [reader.resolve(v) for v in value])
            elif value is not None:
                setattr(args, option, reader.resolve(value))
        yield reader
    if reader.short_rows:
        what = "skipped" if args.skip_short_rows else "given empty cells at the end (--skip-short-rows skips them)"
        say(f"{reader.file}: {reader.short_rows:,} rows shorter than the header {what}; the first is row "
            f"{reader.first_short_row}")


def refuse_clash(reader: TableReader, added: Sequence[str]) -> None:
    """Output columns must not overwrite input columns (an earlier run's output read again)."""
    clash = [c for c in added if c in reader.fieldnames]
    if clash:
        raise DataError(f"the input already has column(s) {', '.join(map(repr, clash))} (the output of an "
                        "earlier run?): rename them, or name the added columns differently with --prefix, "
                        "e.g. --prefix ref_", file=reader.file, row=1)
