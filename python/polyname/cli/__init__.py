"""The ``resolve`` command: keep a registry of entities and resolve the names of CSV files
to their canonical IDs.

Data goes to stdout, messages to stderr. Exit status: 0 done, 1 bad data (the message says
where), 2 bad usage.

Each command is one module (``match``, ``link``, ``dedup``, ``registry``, ``compare``) with its parser
and its run; this one assembles the parser and turns what a run raises into a message and an
exit status.
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Sequence
from typing import Optional

import polyname
from polyname.cli import compare, dedup, link, match, registry
from polyname.cli.common import HelpFormatter, UsageError
from polyname.cli.signals import Terminated, stop_signals_raise
from polyname.errors import DataError, RegistryError
from polyname.terminal import printable


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="resolve",
        formatter_class=HelpFormatter,
        description="Resolve entity names in any script to canonical IDs kept in a registry (SQLite).",
        epilog="""examples:
  resolve registry import examples/registry.csv --db reg.db
  resolve match examples/mentions.csv --column mention --db reg.db -o resolved.csv
  resolve link examples/articles --db reg.db --format table
  resolve dedup examples/mentions.csv --column mention -o clusters.csv
  resolve compare "Hussein al-Tayeb" "حسين طائب"

The registry file defaults to $POLYNAME_DB, else polyname.db in the current directory.""",
    )
    parser.add_argument("--version", action="version", version=f"polyname {polyname.__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    # The order here is the order of `resolve --help`.
    for command in (registry, match, link, dedup, compare):
        command.add_parser(commands)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        with stop_signals_raise():
            if args.command == "match":
                return match.run(args)
            if args.command == "link":
                return link.run(args)
            if args.command == "dedup":
                return dedup.run(args)
            if args.command == "compare":
                return compare.run(args)
            return registry.run(args)
    except UsageError as e:
        parser.error(str(e))
    except (DataError, RegistryError, polyname.PolynameError, ValueError) as e:
        print(f"resolve: error: {printable(str(e))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("resolve: interrupted", file=sys.stderr)
        return 130
    except Terminated as e:
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
