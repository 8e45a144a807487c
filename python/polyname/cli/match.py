"""`resolve match`: the names of one column of a file, resolved to registry entities chunk by
chunk, written as CSV (or Parquet, JSON Lines) or as a readable table."""

from __future__ import annotations

import argparse
import contextlib
import itertools
from collections.abc import Iterable, Iterator
from typing import Optional

import polyname
from polyname.cli.common import HelpFormatter, UsageError, db_option, open_registry, say
from polyname.cli.input_file import csv_job_options, open_input, refuse_clash
from polyname.cli.table import Table, reasons
from polyname.csvio import open_output
from polyname.formats import open_table_output
from polyname.progress import Progress
from polyname.registry import KINDS, Registry, Resolution, kind_of
from polyname.settings import DEFAULT_MODE, MODES

#: Rows resolved per batch call: large enough to keep every core busy, small enough that
#: memory stays flat whatever the file size.
CHUNK_ROWS = 10_000
ADDED_COLUMNS = ("entity_id", "matched_name", "score")


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = commands.add_parser("match", help="resolve the names of a CSV file", formatter_class=HelpFormatter,
                            description="Resolve the names in one column of a CSV file. Writes every input "
                                        "column plus entity_id, matched_name and score (and explanation with "
                                        "--explain); entity_id is empty when no alias reaches the threshold. "
                                        "Rows stream in chunks: memory stays flat on any file size.\n\n"
                                        "Output cells that a spreadsheet would run as formulas are prefixed "
                                        "with ' so that it shows them as text: a first = @ + or - (also after "
                                        "spaces or invisible characters, and their full-width forms), a first "
                                        "tab or carriage return; not + or - before a number or a phone number "
                                        "(-12.50, +98 21 555 1234). --no-escape-formulas turns this off.\n\n"
                                        "Rows with a blank name are kept with empty added cells and counted on "
                                        "stderr.",
                            epilog=f"""examples:
  resolve match examples/mentions.csv --column mention --db reg.db -o resolved.csv
  resolve match examples/mentions.csv --column mention --kind person --top 3 --explain --db reg.db -o -
  resolve match examples/mentions.csv --column mention --db reg.db --format table
  resolve match examples/mentions.csv --column mention --mode mention --db reg.db -o resolved.csv
  echo "Hossein Taeb" | resolve match - --no-header --db reg.db
  resolve match examples/mentions.csv --column 1 --prefix ref_ --db reg.db -o ref.csv

The default threshold is polyname.MATCH_THRESHOLD ({polyname.MATCH_THRESHOLD:.2f}).""")
    csv_job_options(p, threshold_help="lowest score that counts as a match, in [0, 1]")
    p.add_argument("--top", type=int, default=1, metavar="K",
                   help="up to K candidate entities per name, one output row each (with a rank column)")
    p.add_argument("--kind", help=f"only entities of this kind ({', '.join(KINDS)})")
    p.add_argument("--mode", choices=MODES, default=DEFAULT_MODE,
                   help="screening (default): each name is a full name screened against the list, and its "
                        "words that a listed name lacks count against the match; mention: names are parts of "
                        "names as text mentions them (\"Nasrallah\"), and a missing word costs the same "
                        "on both sides")
    p.add_argument("--explain", action="store_true", help="add an explanation column")
    p.add_argument("--format", choices=("csv", "table"), default="csv",
                   help="csv (default) or a readable table (for a terminal)")
    db_option(p)


def run(args: argparse.Namespace) -> int:
    if not 0.0 <= args.threshold <= 1.0:
        raise UsageError(f"--threshold must be within [0, 1], got {args.threshold}")
    if args.top < 1:
        raise UsageError(f"--top must be at least 1, got {args.top}")
    if args.kind is not None:
        try:
            kind_of(args.kind)
        except ValueError as e:
            raise UsageError(f"--kind: {e}") from None
    registry = open_registry(args.db)
    with open_input(args) as reader, contextlib.ExitStack() as stack:
        added = list(ADDED_COLUMNS) + (["rank"] if args.top > 1 else []) + (["explanation"] if args.explain else [])
        added = [args.prefix + c for c in added]
        refuse_clash(reader, added)
        fieldnames = reader.fieldnames + added
        progress = stack.enter_context(Progress(reader.size, "names resolved"))
        table = Table(args.column, args.explain, ranks=args.top > 1) if args.format == "table" else None
        batches = _resolved_chunks(reader, registry, args)
        # What can go wrong with the input's first rows (its encoding, its shape) goes wrong
        # before anything is written: a terminal or a pipe cannot take a header back.
        first = next(batches, None)
        resolved = blank = 0
        if table is None:
            writer = stack.enter_context(open_table_output(args.output, fieldnames,
                                                           escape_formulas=args.escape_formulas))
        for chunk, results in itertools.chain([first] if first else [], batches):
            resolved += sum(1 for found in results if found)
            blank += sum(1 for row in chunk if not row[args.column].strip())  # (the registry finds nothing)
            for row, found in zip(chunk, results):
                if table is not None:
                    table.add(row[args.column], found)
                    continue
                base = [row[c] for c in reader.fieldnames]
                for rank, hit in enumerate(found or [None], start=1):
                    writer.writerow(base + _added_cells(hit, rank if hit else None, args))
            progress.update(len(chunk))
        progress.close()
        if table is not None:
            with open_output(args.output) as out:
                table.write(out)
    registry.close()
    if table is None and args.output != "-":
        say(f"{resolved:,} of {progress.rows:,} names resolved; written to {args.output}")
    if blank:
        say(f"{reader.file}: {blank:,} rows with a blank name skipped (their added cells are empty)")
    return 0


def _chunks(rows: Iterator[dict[str, str]], size: int) -> Iterator[list[dict[str, str]]]:
    chunk: list[dict[str, str]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _resolved_chunks(reader: Iterable[dict[str, str]], registry: Registry, args: argparse.Namespace
                     ) -> Iterator[tuple[list[dict[str, str]], list[list[Resolution]]]]:
    """The input's rows chunk by chunk, each with its resolutions (none for a blank name)."""
    for chunk in _chunks(iter(reader), CHUNK_ROWS):
        names = [row[args.column] for row in chunk]
        yield chunk, registry.resolve_many(names, kind=args.kind, limit=args.top, threshold=args.threshold,
                                           mode=args.mode, explain=args.explain, workers=args.workers)


def _added_cells(hit: Optional[Resolution], rank: Optional[int], args: argparse.Namespace) -> list[str]:
    cells = [hit.entity_id, hit.name, f"{hit.score:.4f}"] if hit else ["", "", ""]
    if args.top > 1:
        cells.append(str(rank) if rank else "")
    if args.explain:
        cells.append(reasons(hit) if hit else "")
    return cells
