"""`resolve dedup`: the rows of a file that name one entity, clustered; with --db, each
cluster linked to (or, with --mint, recorded in) the registry."""

from __future__ import annotations

import argparse
import time
from typing import Optional

import polyname
from polyname.cli.common import HelpFormatter, UsageError, open_registry, say
from polyname.cli.input_file import csv_job_options, open_input, refuse_clash
from polyname.dedup import dedup_records, link_to_registry
from polyname.formats import open_table_output
from polyname.progress import Progress
from polyname.registry import KINDS, Registry

DEDUP_COLUMNS = ("cluster_id", "cluster_size", "canonical_name")
PAIR_COLUMNS = ("left_row", "right_row", "left_name", "right_name", "score", "link", "explanation")


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = commands.add_parser("dedup", help="cluster the rows of a CSV file that name one entity",
                            formatter_class=HelpFormatter,
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


def run(args: argparse.Namespace) -> int:
    if not 0.0 < args.threshold <= 1.0:
        raise UsageError(f"--threshold must be within (0, 1], got {args.threshold}")
    if args.mint and not args.db:
        raise UsageError("--mint needs --db")
    registry = None
    if args.db:
        registry = open_registry(args.db, create=args.mint)
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
    with open_input(args, "block_on", "evidence", "kind_column") as reader:
        added = [args.prefix + c for c in list(DEDUP_COLUMNS) + (["entity_id"] if registry else [])]
        refuse_clash(reader, added)
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
                         f"{p.score:.4f}", p.link_text, why]
                writer.writerow(cells)
    multi = sum(1 for rows in result.clusters().values() if len(rows) > 1)
    linked = f", {len({e for e in entity_ids if e})} registry entities" if entity_ids is not None else ""
    say(f"{len(records):,} rows in {result.cluster_count:,} clusters ({multi:,} with several rows){linked}; "
        f"{len(result.pairs):,} pairs scored at or above {args.threshold:.2f} "
        f"in {time.monotonic() - started:.1f} s"
        + (f"; {result.skipped:,} rows with a blank name skipped" if result.skipped else ""))
