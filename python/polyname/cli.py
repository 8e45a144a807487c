"""The ``resolve`` command: keep a registry of entities and resolve the names of CSV files
to their canonical IDs.

Data goes to stdout, messages to stderr. Exit status: 0 done, 1 bad data (the message says
where), 2 bad usage.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import shutil
import signal
import sys
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Optional

import polyname
from polyname.csvio import InputSize, TableReader, open_output
from polyname.dedup import dedup_records, link_to_registry
from polyname.errors import DataError, NoRegistryError, RegistryError
from polyname.formats import format_of, open_table_output, read_table
from polyname.progress import Progress
from polyname.registry import IMPORT_COLUMNS, KINDS, Registry, Resolution, kind_of
from polyname.terminal import printable

DEFAULT_DB = os.environ.get("POLYNAME_DB", "polyname.db")
#: Rows resolved per batch call: large enough to keep every core busy, small enough that
#: memory stays flat whatever the file size.
CHUNK_ROWS = 10_000
ADDED_COLUMNS = ("entity_id", "matched_name", "score")


class _Formatter(argparse.RawDescriptionHelpFormatter):
    pass


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="resolve",
        formatter_class=_Formatter,
        description="Resolve entity names in any script to canonical IDs kept in a registry (SQLite).",
        epilog="""examples:
  resolve registry import examples/registry.csv --db reg.db
  resolve match examples/mentions.csv --column mention --db reg.db -o resolved.csv
  resolve dedup examples/mentions.csv --column mention -o clusters.csv
  resolve compare "Hussein al-Tayeb" "حسين طائب"

The registry file defaults to $POLYNAME_DB, else polyname.db in the current directory.""",
    )
    parser.add_argument("--version", action="version", version=f"polyname {polyname.__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def db_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--db", default=DEFAULT_DB, metavar="REG.db", help=f"registry file (default: {DEFAULT_DB})")

    def review_options(p: argparse.ArgumentParser) -> None:
        """Who made a reviewer's change and why, then the registry."""
        p.add_argument("--author")
        p.add_argument("--note")
        db_option(p)

    def delimiter_options(p: argparse.ArgumentParser) -> None:
        dialect = p.add_mutually_exclusive_group()
        dialect.add_argument("-d", "--delimiter", metavar="CHAR",
                             help="field delimiter of the input (default: a comma, or ; or a tab when the first "
                                  "line has no comma but has one of them, which is said on stderr); the output "
                                  "is always comma-separated")
        dialect.add_argument("-t", "--tabs", action="store_true", help="the input is tab-separated (-d '\\t')")

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
        p.add_argument("--no-escape-formulas", dest="escape_formulas", action="store_false",
                       help="write cells exactly as they are, even when a spreadsheet would run them")
        p.add_argument("--workers", type=int, default=-1, help="threads to use (default: all cores)")

    # resolve registry ...
    registry = commands.add_parser("registry", help="create, edit and inspect a registry",
                                   description="Create, edit and inspect a registry of entities and aliases.",
                                   formatter_class=_Formatter, epilog="""examples:
  resolve registry import examples/registry.csv --db reg.db
  resolve registry show P-TAEB --db reg.db
  resolve registry merge P-TAEB P-TAEB-2 --db reg.db""")
    actions = registry.add_subparsers(dest="action", metavar="ACTION", required=True)

    p = actions.add_parser("import", help="import aliases from a CSV file", formatter_class=_Formatter,
                           description="Import a CSV file with columns entity_id,name and optionally "
                                       "kind,lang,source: one row per alias; rows with the same entity_id are one "
                                       "entity. The import is one transaction: a bad row imports nothing. "
                                       "Importing the same file again changes nothing.",
                           epilog="""examples:
  resolve registry import examples/registry.csv --db reg.db
  resolve registry import examples/second-list-cp1256.csv --encoding cp1256 --db reg.db
  cat examples/registry.csv | resolve registry import - --db reg.db""")
    p.add_argument("file", metavar="FILE.csv", help="CSV file, or - for stdin")
    p.add_argument("--encoding", default="utf-8", help="text encoding of the file (default: utf-8; a BOM is fine)")
    delimiter_options(p)
    p.add_argument("--author", help="who made the change (recorded in the history)")
    db_option(p)

    p = actions.add_parser("export", help="write every alias as CSV", formatter_class=_Formatter,
                           description="Write one row per alias under its canonical ID (entity_id,name,kind,lang,"
                                       "source): the file imports back into a fresh registry.",
                           epilog="""examples:
  resolve registry export --db reg.db -o aliases.csv
  resolve registry export --db reg.db | head""")
    p.add_argument("-o", "--output", default="-", metavar="FILE.csv", help="output file (default: stdout)")
    p.add_argument("--no-escape-formulas", dest="escape_formulas", action="store_false",
                   help="write names exactly as they are (cells a spreadsheet would run as formulas get a "
                        "leading ' by default, as in every CSV file resolve writes; this keeps a re-import exact)")
    db_option(p)

    p = actions.add_parser("merge", help="merge one entity into another", formatter_class=_Formatter,
                           description="Merge DROP into KEEP: DROP's ID redirects to KEEP from now on. Refused "
                                       "when a reviewer judged the two different. Undo with `registry split DROP`.",
                           epilog="""example:
  resolve registry merge P-TAEB P-TAEB-2 --db reg.db --note "the second list's entry for him" """)
    p.add_argument("keep", metavar="KEEP")
    p.add_argument("drop", metavar="DROP")
    review_options(p)

    p = actions.add_parser("split", help="undo a merge", formatter_class=_Formatter,
                           description="Undo the merge that folded ID into another entity.",
                           epilog="""example:
  resolve registry merge P-TAEB P-TAEB-2 --db reg.db
  resolve registry split P-TAEB-2 --db reg.db""")
    p.add_argument("entity_id", metavar="ID")
    review_options(p)

    p = actions.add_parser("judge", help="record a reviewer's judgement", formatter_class=_Formatter,
                           description="Record a judgement between A and B. B is an entity ID; A is an entity ID "
                                       "or a name. --same merges two entities (or adds the name as an alias); "
                                       "--different is respected by every later merge and match.",
                           epilog="""examples:
  resolve registry judge P-ZABIB-Y P-ZABIB-H --different --note "father and son" --db reg.db
  resolve registry judge "Jamal Jafaar al-Ibrahimi" P-MUHANDIS --same --author analyst1 --db reg.db""")
    p.add_argument("a", metavar="A")
    p.add_argument("b", metavar="B")
    verdict = p.add_mutually_exclusive_group(required=True)
    for v in ("same", "different", "unsure"):
        verdict.add_argument(f"--{v}", dest="verdict", action="store_const", const=v)
    review_options(p)

    p = actions.add_parser("show", help="show an entity", formatter_class=_Formatter,
                           description="Show an entity: kind, aliases, merges and judgements.",
                           epilog="""example:
  resolve registry show P-TAEB --db reg.db""")
    p.add_argument("entity_id", metavar="ID")
    db_option(p)

    p = actions.add_parser("history", help="show the change log", formatter_class=_Formatter,
                           description="Show the registry's change log, newest first.",
                           epilog="""example:
  resolve registry history --db reg.db --limit 20""")
    p.add_argument("--limit", type=int, default=50)
    db_option(p)

    # resolve match
    p = commands.add_parser("match", help="resolve the names of a CSV file", formatter_class=_Formatter,
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
  echo "Hossein Taeb" | resolve match - --no-header --db reg.db
  resolve match examples/mentions.csv --column 1 --prefix ref_ --db reg.db -o ref.csv

The default threshold is polyname.MATCH_THRESHOLD ({polyname.MATCH_THRESHOLD:.2f}).""")
    csv_job_options(p, threshold_help="lowest score that counts as a match, in [0, 1]")
    p.add_argument("--top", type=int, default=1, metavar="K",
                   help="up to K candidate entities per name, one output row each (with a rank column)")
    p.add_argument("--kind", help=f"only entities of this kind ({', '.join(KINDS)})")
    p.add_argument("--explain", action="store_true", help="add an explanation column")
    p.add_argument("--format", choices=("csv", "table"), default="csv",
                   help="csv (default) or a readable table (for a terminal)")
    db_option(p)

    # resolve dedup
    p = commands.add_parser("dedup", help="cluster the rows of a CSV file that name one entity",
                            formatter_class=_Formatter,
                            description="Cluster the rows whose names denote one entity. Writes every input column "
                                        "plus cluster_id, cluster_size and canonical_name (the cluster's most frequent "
                                        "spelling), and entity_id with --db. Cluster IDs depend on the rows' content, "
                                        "not on their order or the number of threads.\n\n"
                                        "Pairs join strongest first, and two clusters join only when they hold "
                                        "together as a whole (average linkage over their cores), so that one short "
                                        "name cannot chain two different people. With --db, each cluster takes the "
                                        "registry entity its names resolve to most often; --mint also adds new "
                                        "entities and the missing spellings as aliases, in one transaction.",
                            epilog=f"""examples:
  resolve dedup examples/mentions.csv --column mention -o clusters.csv
  resolve dedup examples/mentions.csv --column mention --block-on article -o by-article.csv
  resolve dedup examples/mentions.csv --column mention --db reg.db --mint --explain-pairs pairs.csv -o out.csv

The default threshold is polyname.MATCH_THRESHOLD ({polyname.MATCH_THRESHOLD:.2f}).""")
    csv_job_options(p, threshold_help="lowest score at which two names may join, in (0, 1]")
    kind = p.add_mutually_exclusive_group()
    kind.add_argument("--kind", help=f"the kind of every row ({', '.join(KINDS)})")
    kind.add_argument("--kind-column", metavar="COL", help="column holding each row's kind; rows of different "
                                                              "kinds are never compared")
    p.add_argument("--block-on", action="append", default=[], metavar="COL",
                   help="only compare rows with the same value in COL (repeatable)")
    p.add_argument("--evidence", action="append", default=[], metavar="COL",
                   help="a column whose agreement raises a pair's score and disagreement lowers it, enough to keep "
                        "identical names apart (repeatable; an empty value says nothing)")
    p.add_argument("--explain-pairs", metavar="FILE.csv",
                   help="also write every pair scored at or above the threshold, with its explanation and what "
                        "the clustering did with it")
    p.add_argument("--mint", action="store_true", help="with --db: record new entities and aliases in the registry")
    p.add_argument("--db", metavar="REG.db", help="registry to take entity IDs from")

    # resolve compare
    p = commands.add_parser("compare", help="score two names and explain the score", formatter_class=_Formatter,
                            description="Print the similarity of two names and the alignment behind it.",
                            epilog="""examples:
  resolve compare "Hussein al-Tayeb" "حسين طائب"
  resolve compare "Kata'ib Hezbollah" "Hezbollah Brigades" """)
    p.add_argument("a", metavar="A")
    p.add_argument("b", metavar="B")
    return parser


def _open_registry(path: str, *, create: bool = False) -> Registry:
    """The registry at ``path``. Only commands that write pass ``create``: the others refuse a
    missing or empty file and leave it as it was."""
    try:
        return Registry(path, create=create)
    except NoRegistryError as e:
        raise RegistryError(f"{e}; create one with `resolve registry import FILE.csv --db {path}`") from None


def _delimiter(args: argparse.Namespace) -> Optional[str]:
    """The input's delimiter from -d/-t, or None to sniff it."""
    if args.tabs:
        return "\t"
    if args.delimiter is None:
        return None
    given: str = args.delimiter
    d = {"\\t": "\t", "tab": "\t"}.get(given, given)
    if len(d) != 1 or d in '"\r\n':
        raise _UsageError(f"--delimiter takes one character other than a quote or a line break, "
                          f"got {args.delimiter!r}")
    return d


@contextlib.contextmanager
def _input(args: argparse.Namespace, *columns: str) -> Iterator[TableReader]:
    """The input file of `match` and `dedup`, read as the dialect options say. Turns
    args.column, and the options of args named by ``columns``, into the file's column names."""
    delimiter = _delimiter(args)
    kind = format_of(args.input) if args.input != "-" else "csv"
    if kind != "csv":
        given = [o for o, on in (("-d", args.delimiter), ("-t", args.tabs), ("--no-header", args.no_header),
                                 ("--skip-short-rows", args.skip_short_rows)) if on]
        if given:
            raise _UsageError(f"{' and '.join(given)} apply to CSV input only, not to a {kind} file")
    with read_table(args.input, encoding=args.encoding, delimiter=delimiter, header=not args.no_header,
                    short_rows="skip" if args.skip_short_rows else "pad") as reader:
        if reader.assumed:
            _say(f"{reader.file}: {reader.assumed} (-d sets the delimiter)")
        if args.column is None:
            if args.no_header and len(reader.fieldnames) > 1:
                raise _UsageError(f"{reader.file} has {len(reader.fieldnames)} columns: say which one holds the "
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
        _say(f"{reader.file}: {reader.short_rows:,} rows shorter than the header {what}; the first is row "
             f"{reader.first_short_row}")


def _chunks(rows: Iterator[dict[str, str]], size: int) -> Iterator[list[dict[str, str]]]:
    chunk: list[dict[str, str]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _match(args: argparse.Namespace) -> int:
    if not 0.0 <= args.threshold <= 1.0:
        raise _UsageError(f"--threshold must be within [0, 1], got {args.threshold}")
    if args.top < 1:
        raise _UsageError(f"--top must be at least 1, got {args.top}")
    if args.kind is not None:
        try:
            kind_of(args.kind)
        except ValueError as e:
            raise _UsageError(f"--kind: {e}") from None
    registry = _open_registry(args.db)
    with _input(args) as reader, contextlib.ExitStack() as stack:
        added = list(ADDED_COLUMNS) + (["rank"] if args.top > 1 else []) + (["explanation"] if args.explain else [])
        added = [args.prefix + c for c in added]
        _refuse_clash(reader, added)
        fieldnames = reader.fieldnames + added
        progress = stack.enter_context(Progress(reader.size, "names resolved"))
        table = _Table(args.column, args.explain, ranks=args.top > 1) if args.format == "table" else None
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
        _say(f"{resolved:,} of {progress.rows:,} names resolved; written to {args.output}")
    if blank:
        _say(f"{reader.file}: {blank:,} rows with a blank name skipped (their added cells are empty)")
    return 0


def _resolved_chunks(reader: Iterable[dict[str, str]], registry: Registry, args: argparse.Namespace
                     ) -> Iterator[tuple[list[dict[str, str]], list[list[Resolution]]]]:
    """The input's rows chunk by chunk, each with its resolutions (none for a blank name)."""
    for chunk in _chunks(iter(reader), CHUNK_ROWS):
        names = [row[args.column] for row in chunk]
        yield chunk, registry.resolve_many(names, kind=args.kind, limit=args.top, threshold=args.threshold,
                                           explain=args.explain, workers=args.workers)


def _refuse_clash(reader: TableReader, added: Sequence[str]) -> None:
    """Output columns must not overwrite input columns (an earlier run's output read again)."""
    clash = [c for c in added if c in reader.fieldnames]
    if clash:
        raise DataError(f"the input already has column(s) {', '.join(map(repr, clash))} (the output of an "
                        "earlier run?): rename them, or name the added columns differently with --prefix, "
                        "e.g. --prefix ref_", file=reader.file, row=1)


def _added_cells(hit: Optional[Resolution], rank: Optional[int], args: argparse.Namespace) -> list[str]:
    cells = [hit.entity_id, hit.name, f"{hit.score:.4f}"] if hit else ["", "", ""]
    if args.top > 1:
        cells.append(str(rank) if rank else "")
    if args.explain:
        cells.append(_reasons(hit) if hit else "")
    return cells


def _reasons(hit: Resolution) -> str:
    return "; ".join(str(p) for p in hit.explanation.parts) if hit.explanation is not None else ""


class _Table:
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
                    line += "  " + printable(_reasons(hit))
                out.write(cut(line, width) + "\n")
                shown = " " * 34  # the name once, on its first candidate's line
        resolved = sum(bool(found) for _, found in self.rows)
        out.write(f"\n{resolved} of {len(self.rows)} names resolved.\n")


DEDUP_COLUMNS = ("cluster_id", "cluster_size", "canonical_name")
PAIR_COLUMNS = ("left_row", "right_row", "left_name", "right_name", "score", "link", "explanation")


def _dedup(args: argparse.Namespace) -> int:
    if not 0.0 < args.threshold <= 1.0:
        raise _UsageError(f"--threshold must be within (0, 1], got {args.threshold}")
    if args.mint and not args.db:
        raise _UsageError("--mint needs --db")
    registry = None
    if args.db:
        registry = _open_registry(args.db, create=args.mint)
    try:
        _dedup_into(args, registry)
    except BaseException:
        if registry is not None:
            registry.close(remove_unused=True)  # a --mint that failed leaves no new file
        raise
    if registry is not None:
        registry.close()
    return 0


def _dedup_into(args: argparse.Namespace, registry: Optional[Registry]) -> None:
    """`resolve dedup` once the registry, if any, is open."""
    with _input(args, "block_on", "evidence", "kind_column") as reader:
        added = [args.prefix + c for c in list(DEDUP_COLUMNS) + (["entity_id"] if registry else [])]
        _refuse_clash(reader, added)
        records, numbers = [], []
        with Progress(reader.size, "rows read") as progress:
            for row in progress.track(reader):
                records.append(row)
                numbers.append(reader.row)
        fieldnames = reader.fieldnames
    started = time.monotonic()
    result = dedup_records(records, name=args.column, kind=args.kind, kind_column=args.kind_column,
                           block_on=args.block_on, evidence=args.evidence, threshold=args.threshold,
                           workers=args.workers, file=reader.file, row_numbers=numbers)
    names = result.names
    entity_ids = None
    if registry is not None:
        entity_ids = link_to_registry(result, registry, threshold=args.threshold, mint=args.mint,
                                      source=reader.file)
    with open_table_output(args.output, fieldnames + added, escape_formulas=args.escape_formulas) as writer:
        for k, row in enumerate(records):
            cells = [row[c] for c in fieldnames]
            # A row with a blank name is in no cluster: its added cells stay empty.
            size = str(result.cluster_sizes[k]) if result.cluster_ids[k] else ""
            cells += [result.cluster_ids[k], size, result.canonical_names[k]]
            if entity_ids is not None:
                cells.append(entity_ids[k])
            writer.writerow(cells)
    if args.explain_pairs:
        explanations = polyname.explain_many([names[p.left] for p in result.pairs],
                                             [names[p.right] for p in result.pairs], workers=args.workers)
        with open_table_output(args.explain_pairs, PAIR_COLUMNS, escape_formulas=args.escape_formulas) as writer:
            for p, e in zip(result.pairs, explanations):
                why = "; ".join(str(part) for part in e.parts)
                cells = [str(numbers[p.left]), str(numbers[p.right]), names[p.left], names[p.right],
                         f"{p.score:.4f}", p.link, why]
                writer.writerow(cells)
    multi = sum(1 for rows in result.clusters().values() if len(rows) > 1)
    linked = f", {len({e for e in entity_ids if e})} registry entities" if entity_ids is not None else ""
    _say(f"{len(records):,} rows in {result.cluster_count:,} clusters ({multi:,} with several rows){linked}; "
         f"{len(result.pairs):,} pairs scored at or above {args.threshold:.2f} "
         f"in {time.monotonic() - started:.1f} s"
         + (f"; {result.skipped:,} rows with a blank name skipped" if result.skipped else ""))


def _registry(args: argparse.Namespace) -> int:
    if args.action == "import":
        delimiter = _delimiter(args)
        registry = _open_registry(args.db, create=True)
        try:
            with Progress(InputSize(None), "aliases imported") as progress:
                report = registry.import_csv(args.file, encoding=args.encoding, author=args.author,
                                             progress=lambda rows, size: progress.follow(size).at(rows),
                                             delimiter=delimiter)
        except BaseException:
            registry.close(remove_unused=True)  # a failed first import leaves no file
            raise
        ignored = report.ignored_columns
        if report.assumed:
            _say(f"{args.file}: {report.assumed} (-d sets the delimiter)")
        _say(f"{args.file}: {report.rows} rows, {report.entities_added} new entities, "
             f"{report.aliases_added} new aliases, {report.aliases_updated} aliases updated "
             f"({len(registry)} entities in {args.db})"
             + (f"; ignored column(s) {', '.join(map(repr, ignored))} (import reads "
                f"{', '.join(IMPORT_COLUMNS)})" if ignored else ""))
        registry.close()
        return 0
    with _open_registry(args.db) as registry:
        if args.action == "export":
            count = registry.export_csv(args.output, escape_formulas=args.escape_formulas)
            _say(f"{count} aliases written")
        elif args.action == "merge":
            kept = registry.merge(args.keep, args.drop, author=args.author, note=args.note)
            _say(f"{args.drop} now redirects to {kept}")
        elif args.action == "split":
            former = registry.split(args.entity_id, author=args.author, note=args.note)
            _say(f"{args.entity_id} no longer redirects to {former}")
        elif args.action == "judge":
            j = registry.judge(args.a, args.b, args.verdict, author=args.author, note=args.note)
            _say(f"judged {j.left!r} / {j.right}: {j.verdict}")
        elif args.action == "show":
            _show(registry, args.entity_id)
        elif args.action == "history":
            for event in registry.history(args.limit):
                detail = {k: v for k, v in event.items() if k not in ("seq", "at", "author", "action") and v}
                who = f" by {printable(event['author'])}" if event["author"] else ""
                print(f"{event['seq']:>5}  {event['at']}  {printable(event['action'])}{who}  "
                      + ", ".join(f"{k}={printable(v)}" for k, v in sorted(detail.items())))
    return 0


def _show(registry: Registry, entity_id: str) -> None:
    e = registry.entity(entity_id)
    if e.merged_into:
        print(f"{printable(e.id)} was merged into {printable(registry.canonical(e.id))}; showing that entity\n")
        e = registry.entity(registry.canonical(e.id))
    print(f"{printable(e.id)}  {printable(e.name)}  ({printable(e.kind)})")
    members = [m for m in registry.members(e.id) if m != e.id]
    if members:
        print(f"  merged from: {', '.join(map(printable, members))}")
    print("  aliases:")
    for member in [e.id] + members:
        for a in registry.entity(member).aliases:
            extra = ", ".join(printable(x) for x in (a.script, a.lang, a.source) if x)
            print(f"    {printable(a.name)}  [{extra}]")
    judgements = registry.judgements(e.id)
    if judgements:
        print("  judgements:")
        for j in judgements:
            who = f" by {printable(j.author)}" if j.author else ""
            note = f": {printable(j.note)}" if j.note else ""
            print(f"    {printable(j.left)} / {printable(j.right)}: {j.verdict}{who} at {j.at}{note}")


def _compare(args: argparse.Namespace) -> int:
    e = polyname.explain(args.a, args.b)
    verdict = "match" if e.score >= polyname.MATCH_THRESHOLD else "no match"
    print(f"{e.score:.3f}  {verdict} (threshold {polyname.MATCH_THRESHOLD:.2f})")
    for part in e.parts:
        print(f"  {printable(part)}")
    return 0


def _say(message: str) -> None:
    # Messages name files, IDs and names from the data; each is one line.
    print(printable(message), file=sys.stderr)


class _UsageError(Exception):
    pass


class _Terminated(BaseException):
    """SIGTERM or SIGHUP arrived: unwinds like Ctrl-C, so that no partial output is left."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _terminate(signum: int, frame: object) -> None:
    raise _Terminated(signum)


#: Signals that stop a run the way Ctrl-C does: what `timeout`, systemd, container runtimes
#: and CI runners send (SIGTERM), and a closed terminal (SIGHUP).
_STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


@contextlib.contextmanager
def _stop_signals_raise() -> Iterator[None]:
    """Turns the stop signals into an exception for the length of a command (the main thread
    only: Python delivers signals there), and puts the previous handlers back."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.signal(s, _terminate) for s in _STOP_SIGNALS}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        with _stop_signals_raise():
            if args.command == "match":
                return _match(args)
            if args.command == "dedup":
                return _dedup(args)
            if args.command == "compare":
                return _compare(args)
            return _registry(args)
    except _UsageError as e:
        parser.error(str(e))
    except (DataError, RegistryError, polyname.PolynameError, ValueError) as e:
        print(f"resolve: error: {printable(str(e))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("resolve: interrupted", file=sys.stderr)
        return 130
    except _Terminated as e:
        print(f"resolve: stopped by {signal.Signals(e.signum).name}", file=sys.stderr)
        return 128 + e.signum
    except BrokenPipeError:
        # The reader of stdout went away (`| head`): not an error of ours.
        sys.stderr.close()
        return 0
    except OSError as e:
        # A full disk, a vanished directory: one line, not a traceback.
        where = f"{e.filename}: " if e.filename else ""
        print(f"resolve: error: {printable(where + str(e.strerror or e))}", file=sys.stderr)
        return 1
    return 0  # pragma: no cover - parser.error exits


if __name__ == "__main__":
    sys.exit(main())
