"""`resolve compare A B`: the score of two names and the alignment behind it."""

from __future__ import annotations

import argparse

import polyname
from polyname.cli.common import HelpFormatter
from polyname.terminal import printable


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = commands.add_parser("compare", help="score two names and explain the score", formatter_class=HelpFormatter,
                            description="Print the similarity of two names and the alignment behind it.",
                            epilog="""examples:
  resolve compare "Hussein al-Tayeb" "حسين طائب"
  resolve compare "Kata'ib Hezbollah" "Hezbollah Brigades" """)
    p.add_argument("a", metavar="A")
    p.add_argument("b", metavar="B")


def run(args: argparse.Namespace) -> int:
    e = polyname.explain(args.a, args.b)
    verdict = "match" if e.score >= polyname.MATCH_THRESHOLD else "no match"
    print(f"{e.score:.3f}  {verdict} (threshold {polyname.MATCH_THRESHOLD:.2f})")
    for part in e.parts:
        print(f"  {printable(part)}")
    return 0
