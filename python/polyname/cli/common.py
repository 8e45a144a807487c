"""What every command of `resolve` shares: the help layout, the registry option and the
opening of the registry, the usage error, and the one-line messages on stderr."""

from __future__ import annotations

import argparse
import os
import sys

from polyname.errors import NoRegistryError, RegistryError
from polyname.registry import Registry
from polyname.terminal import printable

DEFAULT_DB = os.environ.get("POLYNAME_DB", "polyname.db")


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the line breaks of descriptions and epilogs: the examples are one per line."""


class UsageError(Exception):
    """Bad usage found after parsing (a value out of range, options that do not fit the
    input): `main` reports it as argparse does, with exit status 2."""


def say(message: str) -> None:
    # Messages name files, IDs and names from the data; each is one line.
    print(printable(message), file=sys.stderr)


def output_cell_and_thread_options(p: argparse.ArgumentParser) -> None:
    """--no-escape-formulas and --workers, as every command that writes rows of data takes them."""
    p.add_argument("--no-escape-formulas", dest="escape_formulas", action="store_false",
                   help="write cells exactly as they are, even when a spreadsheet would run them")
    p.add_argument("--workers", type=int, default=-1, help="threads to use (default: all cores)")


def db_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", default=DEFAULT_DB, metavar="REG.db", help=f"registry file (default: {DEFAULT_DB})")


def open_registry(path: str, *, create: bool = False) -> Registry:
    """The registry at ``path``. Only commands that write pass ``create``: the others refuse a
    missing or empty file and leave it as it was."""
    try:
        return Registry(path, create=create)
    except NoRegistryError as e:
        raise RegistryError(f"{e}; create one with `resolve registry import FILE.csv --db {path}`") from None
