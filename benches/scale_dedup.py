"""One point of the dedup scale curve, in a process of its own: ``python scale_dedup.py SYSTEM SIZE``.

The child builds ``SIZE`` names with ``scale_names.build`` (all shared names plus systematic
romanization variants, with their gold entities), clusters them with SYSTEM (polyname, or the
peers RapidFuzz + components and Splink at their best thresholds on OFAC), and prints one JSON
line: seconds of the clustering call, the process's peak memory, clusters, the largest
cluster and pairwise F1. ``test_scale.py`` runs it.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from metrics import pairwise_prf  # noqa: E402

#: The peers' best thresholds on OFAC (the larger gold list), used at scale.
SPLINK_SCALE_PROBABILITY = 0.3
RAPIDFUZZ_SCALE_THRESHOLD = 0.92


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


def one_run(system: str, size: int) -> dict[str, Any]:
    import scale_names

    names, gold = scale_names.build(size)
    start = time.perf_counter()
    if system == "polyname":
        import polyname

        labels = polyname.dedup(names)
    elif system == "splink":
        from dedup_peers import splink_clusters

        labels = splink_clusters(names, SPLINK_SCALE_PROBABILITY)
    elif system == "rapidfuzz":
        from dedup_peers import rapidfuzz_components

        labels = rapidfuzz_components(names, RAPIDFUZZ_SCALE_THRESHOLD)
    else:
        raise ValueError(f"unknown system {system!r}")
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "peak_mb": peak_rss_mb(), "clusters": len(set(labels)),
            "largest": max(Counter(labels).values(), default=0), "pairwise_f1": pairwise_prf(gold, labels).f1}


if __name__ == "__main__":
    print(json.dumps(one_run(sys.argv[1], int(sys.argv[2]))))
