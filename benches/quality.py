"""Error analysis: run tasks of the protocol (``benches/README.md``) for chosen systems, print
their figures through ``report.py``, and write every wrong answer to a CSV.

Usage::

    python benches/quality.py [--quick] [--seed N] [--systems polyname,rapidfuzz,logic-v2]
                              [--tasks arabic_latin_un,...] [--json PATH] [--misses PATH]

The tasks, systems, sizes (``--quick``: the short mode of ``make test``; default: the full
mode of ``make bench``) and metrics are the pytest suite's (``tasks``, ``matchers``,
``modes``, ``metrics``), so a figure printed here is the figure the suite records for the
same mode and seed. The shared data folder is found through POLYNAME_SHARED (default
../shared, relative to the repository root).

``--misses`` writes one row per wrong answer: retrieval misses, name_bench errors at the
threshold the system is judged at, and in screening the people to find who got no alert and
the people on no list who got one.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

# Run as a script: the harness modules are its neighbours.
sys.path.insert(0, str(Path(__file__).resolve().parent))

import modes  # noqa: E402
import report  # noqa: E402
import suite  # noqa: E402
import tasks  # noqa: E402
from matchers import ALL_SYSTEMS, log  # noqa: E402

#: What runs when ``--tasks`` is not given: the retrieval, screening and pair tasks (a few
#: minutes). Dedup and screening at list scale are asked for by name.
DEFAULT_TASKS = ("arabic_latin_un", "arabic_word", "ofac_alias", "screening", "name_bench")


def write_json(results: dict[str, object], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)


def write_misses(rows: list[dict[str, str]], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["task", "system", "query", "expected", "got", "score"])
        writer.writeheader()
        writer.writerows(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="polyname's quality tasks beside its peers, for error analysis")
    parser.add_argument("--quick", action="store_true", help="the short mode's sizes (make test)")
    parser.add_argument("--seed", type=int, default=modes.SEED, help=f"sampling seed (default {modes.SEED})")
    parser.add_argument("--systems", default=",".join(ALL_SYSTEMS),
                        help=f"comma-separated, from {','.join(ALL_SYSTEMS)} (default: all installed)")
    parser.add_argument("--tasks", "--task", default=",".join(DEFAULT_TASKS),
                        help=f"comma-separated, from {','.join(tasks.TASKS)} (default: {','.join(DEFAULT_TASKS)})")
    parser.add_argument("--json", type=Path, help="also write the results to this file (report.py renders it)")
    parser.add_argument("--strict", action="store_true", help="fail instead of skipping a system that is not installed")
    parser.add_argument("--misses", type=Path, help="also write every wrong answer to this CSV")
    args = parser.parse_args(argv)
    chosen = [t.strip() for t in args.tasks.split(",") if t.strip()]
    unknown = [t for t in chosen if t not in tasks.TASKS]
    if unknown:
        parser.error(f"unknown task(s) {', '.join(unknown)}")
    systems = [s for s in args.systems.split(",") if s.strip()]
    mode = modes.QUICK if args.quick else modes.FULL
    misses: list[dict[str, str]] | None = [] if args.misses else None
    try:
        ctx = tasks.context(systems, mode, seed=args.seed, strict=args.strict, misses=misses)
    except ValueError as exc:
        parser.error(str(exc))
    if not ctx.matchers:
        log("no system could be run")
        return 1
    started = time.perf_counter()
    # The options that decide the figures (not where they are written).
    command = f"benches/quality.py{' --quick' if args.quick else ''} --seed {args.seed} " \
              f"--systems {','.join(ctx.systems)} --tasks {','.join(chosen)}"
    results = {"meta": suite.run_meta(mode, args.seed, command=command), **tasks.run(ctx, chosen)}
    results["meta"]["seconds"] = time.perf_counter() - started
    results["meta"]["systems"] = {m.key: m.version() for m in ctx.matchers}
    print(report.markdown(results, plots=False, bars=True), flush=True)
    if args.json:
        write_json(results, args.json)
        log(f"wrote {args.json}")
    if args.misses and misses is not None:
        write_misses(misses, args.misses)
        log(f"wrote {len(misses)} wrong answers to {args.misses}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
