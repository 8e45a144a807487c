"""Dedup beside the peers: quality on real gold clusters, then time and memory at scale.

Quality: every name of a shared list is deduplicated and each entity_id is a gold cluster
(pairwise and B-cubed precision / recall / F1). polyname runs at its default threshold;
RapidFuzz (token_sort_ratio on unidecoded names + connected components) and Splink (DuckDB,
the configuration documented in ``dedup_peers.py``) are given their best threshold after
the fact, as in QUALITY.md.

Scale: lists of 100k to 1M names built by ``scale_names`` (all shared names plus systematic
romanization variants). Each run is a separate process, so that its peak memory (max RSS)
is its own (read from ``VmHWM``); a peer that passes the time limit is reported as such.

Usage::

    POLYNAME_SHARED=../shared python benches/dedup_bench.py [--quick] [--no-peers]

Writes ``benches/results/dedup-latest.json`` and prints Markdown tables.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cluster_metrics import bcubed_prf, pairwise_prf  # noqa: E402
from datasets import load_names  # noqa: E402
from quality import run_meta  # noqa: E402
from scale_names import SEED  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "dedup-latest.json"
QUALITY_SETS = ("un-sc-consolidated", "ofac-sdn")
SCALE_SIZES = (100_000, 300_000, 1_000_000)
QUICK_SCALE_SIZES = (20_000, 50_000)
#: A peer run at scale is stopped after this long.
PEER_TIME_LIMIT = 600
#: The peers' best thresholds on OFAC (the larger gold list), used at scale.
SPLINK_SCALE_PROBABILITY = 0.3
RAPIDFUZZ_SCALE_THRESHOLD = 0.92


def _row(dataset: str, system: str, threshold: float, gold: list[str], labels: list, seconds: float) -> dict[str, Any]:
    pw, b3 = pairwise_prf(gold, labels), bcubed_prf(gold, labels)
    return {"dataset": dataset, "system": system, "threshold": round(threshold, 3), "seconds": round(seconds, 2),
            "clusters": len(set(labels)), "pairwise": pw._asdict(), "bcubed": b3._asdict()}


def polyname_labels(names: list[str], workers: int = -1) -> list[int]:
    from polyname import dedup

    return dedup(names, workers=workers)


def quality(datasets: tuple[str, ...], peers: bool) -> list[dict[str, Any]]:
    import polyname

    rows = []
    for dataset in datasets:
        names_rows = load_names(dataset)
        names, gold = [r.name for r in names_rows], [r.entity_id for r in names_rows]
        start = time.perf_counter()
        labels = polyname_labels(names)
        rows.append(_row(dataset, "polyname", polyname.MATCH_THRESHOLD, gold, labels, time.perf_counter() - start))
        if not peers:
            continue
        from dedup_peers import rapidfuzz_best_threshold, splink_best_threshold

        start = time.perf_counter()
        threshold, labels, _ = rapidfuzz_best_threshold(names, gold)
        rows.append(_row(dataset, "RapidFuzz token_sort + components (best threshold)", threshold, gold, labels,
                         time.perf_counter() - start))
        start = time.perf_counter()
        threshold, labels, _ = splink_best_threshold(names, gold)
        rows.append(_row(dataset, "Splink DuckDB (best probability)", threshold, gold, labels,
                         time.perf_counter() - start))
    return rows


def peak_rss_mb() -> float:
    """Peak resident memory of this process image. Linux keeps ``ru_maxrss`` across fork and
    exec, so a child would report its parent's peak when that was larger; ``VmHWM`` belongs
    to the image alone."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _one_run(system: str, size: int) -> dict[str, Any]:
    """Runs in the child process: builds the list, deduplicates it, reports."""
    import scale_names

    names, gold = scale_names.build(size)
    start = time.perf_counter()
    if system == "polyname":
        labels = polyname_labels(names)
    elif system == "splink":
        from dedup_peers import splink_clusters

        labels = splink_clusters(names, SPLINK_SCALE_PROBABILITY)
    elif system == "rapidfuzz":
        from dedup_peers import rapidfuzz_components

        labels = rapidfuzz_components(names, RAPIDFUZZ_SCALE_THRESHOLD)
    else:
        raise ValueError(system)
    seconds = time.perf_counter() - start
    return {"system": system, "names": size, "seconds": round(seconds, 2),
            "peak_mb": round(peak_rss_mb()),
            "clusters": len(set(labels)), "largest": max(Counter(labels).values(), default=0),
            "pairwise_f1": round(pairwise_prf(gold, labels).f1, 4)}


def scale(sizes: tuple[int, ...], peers: bool) -> list[dict[str, Any]]:
    rows = []
    for system in ["polyname"] + (["splink", "rapidfuzz"] if peers else []):
        for size in sizes:
            limit = None if system == "polyname" else PEER_TIME_LIMIT
            try:
                done = subprocess.run([sys.executable, __file__, "--one", system, str(size)], capture_output=True,
                                      text=True, timeout=limit, check=True)
                rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
            except subprocess.TimeoutExpired:
                rows.append({"system": system, "names": size, "seconds": None, "note": f"stopped after {limit} s"})
                break  # larger sizes take longer still
            except subprocess.CalledProcessError as e:
                tail = (e.stderr or "").strip().splitlines()[-1:] or ["?"]
                rows.append({"system": system, "names": size, "seconds": None, "note": f"failed: {tail[0][:200]}"})
                break
            print(f"  {rows[-1]}", file=sys.stderr)
    return rows


def markdown(result: dict[str, Any]) -> str:
    lines = ["| list | system | threshold | pairwise P / R / F1 | B-cubed P / R / F1 | time |", "|---|---|---|---|---|---|"]
    for r in result["quality"]:
        pw, b3 = r["pairwise"], r["bcubed"]
        lines.append(f"| {r['dataset']} | {r['system']} | {r['threshold']} | {pw['precision']:.3f} / {pw['recall']:.3f} / "
                     f"**{pw['f1']:.3f}** | {b3['precision']:.3f} / {b3['recall']:.3f} / **{b3['f1']:.3f}** | "
                     f"{r['seconds']:.1f} s |")
    lines += ["", "| names | system | wall time | peak memory | clusters | largest | pairwise F1 |",
              "|---|---|---|---|---|---|---|"]
    for r in result["scale"]:
        if r.get("seconds") is None:
            lines.append(f"| {r['names']:,} | {r['system']} | {r['note']} | | | | |")
        else:
            lines.append(f"| {r['names']:,} | {r['system']} | {r['seconds']:.1f} s | {r['peak_mb']:,} MB | "
                         f"{r['clusters']:,} | {r.get('largest', '?')} | {r['pairwise_f1']:.3f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="the UN list and small scale sizes only")
    parser.add_argument("--no-peers", action="store_true", help="polyname alone")
    parser.add_argument("--one", nargs=2, metavar=("SYSTEM", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(_one_run(args.one[0], int(args.one[1]))))
        return 0
    peers = not args.no_peers
    sets = QUALITY_SETS[:1] if args.quick else QUALITY_SETS
    sizes = QUICK_SCALE_SIZES if args.quick else SCALE_SIZES
    result = {
        "meta": run_meta(SEED, args.quick, {"quality": list(sets), "scale": list(sizes)}),
        "quality": quality(sets, peers),
        "scale": scale(sizes, peers and not args.quick),
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
