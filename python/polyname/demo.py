"""The bundled example: resolve the mentions of the seed articles against a small registry.

Run with ``make demo`` or ``python -m polyname.demo examples/registry.csv examples/mentions.csv``.
Prints one row per mention: the entity it resolves to (or nothing below the threshold),
the alias it matched, the score and the explanation of the alignment.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import sys
from pathlib import Path

import polyname


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def main(argv: list[str] | None = None) -> int:
    examples = Path(__file__).resolve().parents[2] / "examples"
    parser = argparse.ArgumentParser(prog="python -m polyname.demo", description=__doc__.splitlines()[0])
    parser.add_argument("registry", nargs="?", type=Path, default=examples / "registry.csv")
    parser.add_argument("mentions", nargs="?", type=Path, default=examples / "mentions.csv")
    args = parser.parse_args(argv)

    registry = read_rows(args.registry)
    mentions = [row["mention"] for row in read_rows(args.mentions)]
    index = polyname.NameIndex([r["entity_id"] for r in registry], [r["name"] for r in registry])
    results = index.search(mentions, limit=1, score_cutoff=polyname.MATCH_THRESHOLD)
    explanations = [
        polyname.explain(mention, hits[0].name) if hits else None for mention, hits in zip(mentions, results)
    ]

    width = shutil.get_terminal_size((160, 20)).columns
    print(f"{len(mentions)} mentions from the seed articles against {len(registry)} aliases "
          f"of {len({r['entity_id'] for r in registry})} entities (threshold {polyname.MATCH_THRESHOLD:.2f})\n")
    header = f"{'mention':<34} {'entity':<15} {'matched alias':<30} {'score':>5}  why"
    print(header)
    print("-" * min(width, 160))
    resolved = 0
    for mention, hits, why in zip(mentions, results, explanations):
        shown = mention if len(mention) <= 33 else mention[:32] + "…"
        if hits and why is not None:
            resolved += 1
            hit = hits[0]
            alias = hit.name if len(hit.name) <= 29 else hit.name[:28] + "…"
            reasons = "; ".join(str(p) for p in why.parts)
            line = f"{shown:<34} {hit.id:<15} {alias:<30} {hit.score:>5.2f}  {reasons}"
        else:
            line = f"{shown:<34} {'—':<15} {'':<30} {'':>5}  no alias reaches the threshold"
        print(line if len(line) <= max(width, 100) else line[: max(width, 100) - 1] + "…")
    print(f"\n{resolved} of {len(mentions)} mentions resolved.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
