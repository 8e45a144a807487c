"""`resolve link`: the registry entities mentioned in texts (text files, a directory of them,
stdin, or a column of a CSV / JSON Lines / Parquet file), one output row per mention."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import os
import sys
from collections.abc import Iterator
from typing import IO, Optional

import polyname
from polyname.cli.common import HelpFormatter, UsageError, db_option, open_registry, output_cell_and_thread_options, say
from polyname.csvio import open_output
from polyname.dedup import dedup_records, link_to_registry
from polyname.errors import DataError
from polyname.formats import open_table_output, read_table
from polyname.link import Mention
from polyname.registry import Registry
from polyname.terminal import printable

COLUMNS = ("doc", "start", "end", "surface", "entity_id", "matched_name", "score", "method", "sentence")
#: Texts linked per batch call: enough to keep every core busy, few enough that memory stays
#: flat on any number of files.
CHUNK_TEXTS = 256


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = commands.add_parser("link", help="find the registry's entities in texts", formatter_class=HelpFormatter,
                            description="Find every mention of a registry entity in texts: full names in any "
                                        "script or spelling, acronyms, and parts of names (\"Taeb\") where the "
                                        "text names the entity in full. Writes one row per mention: doc, start "
                                        "and end (character offsets into the text as read, end exclusive), "
                                        "surface, entity_id (canonical), matched_name, score, method (exact, "
                                        "fuzzy, acronym, reference; unknown with --unknown) and sentence.\n\n"
                                        "Each FILE is a text file (UTF-8 unless --encoding says otherwise), "
                                        "a directory (its files, in name order), or - for stdin (doc <stdin>). With "
                                        "--column, a .csv, .jsonl/.ndjson or .parquet FILE is a table whose "
                                        "column holds one text per row; its doc is FILE:ROW, or the value of "
                                        "--id-column.",
                            epilog=f"""examples:
  resolve link examples/articles --db reg.db -o mentions.csv
  resolve link examples/articles/*.txt --db reg.db --format table
  resolve link examples/mentions.csv --column sentence --id-column article --db reg.db -o found.csv
  echo "Hossein Taeb met Ismail Qaani in Baghdad" | resolve link - --db reg.db
  resolve link examples/articles --unknown --mint --db reg.db -o mentions-and-new.csv

The default threshold is polyname.MATCH_THRESHOLD ({polyname.MATCH_THRESHOLD:.2f}).""")
    p.add_argument("files", nargs="+", metavar="FILE", help="text file, directory, table file (with --column) or -")
    p.add_argument("--column", help="the column holding the texts, in table files (its name or number)")
    p.add_argument("--id-column", help="the column naming each text of a table file (default: FILE:ROW)")
    p.add_argument("-o", "--output", default="-", metavar="OUT.csv",
                   help="output file (default: stdout); .parquet and .jsonl/.ndjson are written as such")
    p.add_argument("--format", choices=("csv", "table"), default="csv",
                   help="csv (default) or a readable table (for a terminal)")
    p.add_argument("--threshold", type=float, default=polyname.MATCH_THRESHOLD,
                   help="lowest score of a full mention, in [0, 1]")
    p.add_argument("--explain", action="store_true", help="add an explanation column")
    p.add_argument("--unknown", action="store_true",
                   help="also write the spans that read as names but resolve to no entity (method unknown, "
                        "entity_id empty): runs of capitalized words, and runs of Arabic-script words that "
                        "begin and end with words of the registry's names")
    p.add_argument("--mint", action="store_true",
                   help="with --unknown: add those names to the registry in one transaction (clustered as "
                        "resolve dedup --mint does: variants of one name are one new entity, a name that "
                        "resolves to an entity becomes its alias); their rows get the entity_id")
    p.add_argument("--encoding", default="utf-8", help="text encoding of the inputs (default: utf-8)")
    output_cell_and_thread_options(p)
    db_option(p)


def run(args: argparse.Namespace) -> int:
    if not 0.0 <= args.threshold <= 1.0:
        raise UsageError(f"--threshold must be within [0, 1], got {args.threshold}")
    if args.id_column and not args.column:
        raise UsageError("--id-column names the texts of a table file: give --column too")
    if args.files.count("-") > 1:
        raise UsageError("- (stdin) can be read once")
    if args.mint and not args.unknown:
        raise UsageError("--mint adds the unknown names: give --unknown too")
    registry = open_registry(args.db)
    header = list(COLUMNS) + (["explanation"] if args.explain else [])
    docs = mentions = 0
    # (A table, and the rows of --mint, wait for the end: the new entities' IDs are known then.)
    held: Optional[list[tuple[str, Mention]]] = [] if args.format == "table" or args.mint else None
    with contextlib.ExitStack() as stack:
        chunks = _linked_chunks(_texts(args), registry, args)
        # What can go wrong with the first input (a missing file, its encoding) goes wrong
        # before anything is written.
        first = next(chunks, None)
        writer = None if held is not None else stack.enter_context(
            open_table_output(args.output, header, escape_formulas=args.escape_formulas))
        for chunk in _with_first(first, chunks):
            for doc, found in chunk:
                docs += 1
                mentions += len(found)
                for m in found:
                    if held is not None:
                        held.append((doc, m))
                    elif writer is not None:
                        writer.writerow(_cells(doc, m, args.explain))
    if args.mint and held is not None:
        held = _minted(held, registry, args)
    registry.close()
    if args.format == "table" and held is not None:
        with open_output(args.output) as out:
            _write_table(out, held, docs)
        return 0
    if held is not None:
        with open_table_output(args.output, header, escape_formulas=args.escape_formulas) as writer:
            for doc, m in held:
                writer.writerow(_cells(doc, m, args.explain))
    if args.output != "-":
        say(f"{mentions:,} mentions in {docs:,} texts; written to {args.output}")
    return 0


def _minted(rows: list[tuple[str, Mention]], registry: Registry, args: argparse.Namespace
            ) -> list[tuple[str, Mention]]:
    """The unknown names recorded in the registry in one transaction, clustered as `resolve
    dedup --mint` clusters names; each unknown row with the entity its name went to."""
    names = sorted({m.surface for _, m in rows if m.method == "unknown"})
    if not names:
        return rows
    before = len(registry)
    result = dedup_records([{"name": n} for n in names], threshold=args.threshold, workers=args.workers)
    entity_of = dict(zip(names, link_to_registry(result, registry, threshold=args.threshold, mint=True,
                                                 source="resolve link")))
    say(f"{len(names):,} unknown names recorded: {len(registry) - before:,} new entities in {args.db}")
    return [(doc, dataclasses.replace(m, entity_id=entity_of[m.surface]) if m.method == "unknown" else m)
            for doc, m in rows]


def _with_first(first: Optional[list[tuple[str, list[Mention]]]],
                rest: Iterator[list[tuple[str, list[Mention]]]]) -> Iterator[list[tuple[str, list[Mention]]]]:
    if first is not None:
        yield first
    yield from rest


def _linked_chunks(texts: Iterator[tuple[str, str]], registry: Registry, args: argparse.Namespace
                   ) -> Iterator[list[tuple[str, list[Mention]]]]:
    """The texts chunk by chunk, each with its mentions."""
    chunk: list[tuple[str, str]] = []
    for item in texts:
        chunk.append(item)
        if len(chunk) == CHUNK_TEXTS:
            yield _linked(chunk, registry, args)
            chunk = []
    if chunk:
        yield _linked(chunk, registry, args)


def _linked(chunk: list[tuple[str, str]], registry: Registry, args: argparse.Namespace
            ) -> list[tuple[str, list[Mention]]]:
    found = polyname.link([text for _, text in chunk], registry, threshold=args.threshold, workers=args.workers,
                          explain=args.explain, unknown=args.unknown)
    return [(doc, mentions) for (doc, _), mentions in zip(chunk, found)]


def _texts(args: argparse.Namespace) -> Iterator[tuple[str, str]]:
    """(doc, text) of every input, in the order given."""
    for given in args.files:
        if given == "-":
            # (Named so in the doc column: a cell "-" reads as a formula to a spreadsheet.)
            yield "<stdin>", _decoded(sys.stdin.buffer, "<stdin>", args.encoding)
        elif os.path.isdir(given):
            names = sorted(n for n in os.listdir(given) if os.path.isfile(os.path.join(given, n)))
            if not names:
                say(f"{given}: no files in this directory")
            for name in names:
                path = os.path.join(given, name)
                yield path, _read_text(path, args.encoding)
        elif args.column and _is_table(given):
            yield from _table_texts(given, args)
        else:
            yield given, _read_text(given, args.encoding)


def _is_table(path: str) -> bool:
    """Whether a file given with --column is a table (by its extension): a .txt file never is."""
    return path.lower().endswith((".csv", ".tsv", ".jsonl", ".ndjson", ".parquet"))


def _table_texts(path: str, args: argparse.Namespace) -> Iterator[tuple[str, str]]:
    with read_table(path, encoding=args.encoding, delimiter=None) as reader:
        if reader.assumed:
            say(f"{reader.file}: {reader.assumed}")
        column = reader.resolve(args.column)
        id_column = reader.resolve(args.id_column) if args.id_column else None
        for row in reader:
            doc = row[id_column] if id_column else f"{path}:{reader.row}"
            yield doc, row[column] or ""


def _read_text(path: str, encoding: str) -> str:
    try:
        with open(path, "rb") as f:
            return _decoded(f, path, encoding)
    except FileNotFoundError:
        raise DataError("no such file", file=path) from None
    except IsADirectoryError:  # pragma: no cover - directories are read above
        raise DataError("is a directory", file=path) from None
    except PermissionError:
        raise DataError("cannot read: permission denied", file=path) from None


def _decoded(stream: IO[bytes], file: str, encoding: str) -> str:
    data = stream.read()
    try:
        # (Universal newlines, as Python reads text: offsets count "\n" for "\r\n".)
        return data.decode(encoding).replace("\r\n", "\n").replace("\r", "\n")
    except LookupError:
        raise UsageError(f"--encoding: unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise DataError(f"not valid {encoding} at byte {e.start} (line {line}); give the file's encoding with "
                        "--encoding", file=file) from None


def _cells(doc: str, m: Mention, explain: bool) -> list[str]:
    score = f"{m.score:.4f}" if m.method != "unknown" else ""
    cells = [doc, str(m.start), str(m.end), m.surface, m.entity_id, m.matched_name, score, m.method, m.sentence]
    if explain:
        cells.append("; ".join(str(p) for p in m.explanation.parts) if m.explanation is not None else "")
    return cells


def _write_table(out: IO[str], rows: list[tuple[str, Mention]], docs: int) -> None:
    def cut(text: str, n: int) -> str:
        text = printable(text)
        return text if len(text) <= n else text[: n - 1] + "…"

    out.write(f"{'doc':<24} {'start':>6}  {'surface':<30} {'entity':<16} {'matched alias':<30} {'score':>5}  method\n")
    out.write("-" * 124 + "\n")
    for doc, m in rows:
        score = f"{m.score:>5.2f}" if m.method != "unknown" else " " * 5
        out.write(f"{cut(os.path.basename(doc) or doc, 24):<24} {m.start:>6}  {cut(m.surface, 30):<30} "
                  f"{cut(m.entity_id or '—', 16):<16} {cut(m.matched_name, 30):<30} {score}  {m.method}\n")
    entities = len({m.entity_id for _, m in rows if m.entity_id})
    out.write(f"\n{len(rows)} mentions of {entities} entities in {docs} texts.\n")
