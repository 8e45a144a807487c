"""What a threshold buys: precision and recall of polyname at a range of thresholds.

    POLYNAME_SHARED=../shared python benches/threshold_curve.py [--peers]

Two readings, both from the shared data (QUALITY.md):

- name pairs: name_bench's 826 labelled pairs, a pair is a match when its similarity reaches
  the threshold: precision, recall, F1;
- screening at list scale: a registry of every OFAC and UN name (42k aliases); positives are
  the 683 treated UN names, negatives the 100,000 people on no list; an alert is a top-1
  score at or above the threshold: recall (positives alerted) and the share of innocent
  people alerted (FPR).

It prints Markdown tables: recall and FPR at the default threshold and the FPR at recall 0.99
(with ``--peers``, unidecode + RapidFuzz token_sort_ratio over the same aliases beside it),
then the table of the README's "Choosing a threshold" section.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import datasets  # noqa: E402
import polyname  # noqa: E402
from matchers import rf_argmax, rf_prepare  # noqa: E402

THRESHOLDS = (0.70, 0.75, 0.80, 0.85, 0.90, 0.95)


def name_pairs() -> tuple[list[bool], list[float]]:
    cases = datasets.load_name_bench()
    scores = polyname.similarity_many([c.name1 for c in cases], [c.name2 for c in cases])
    return [c.is_match for c in cases], scores


def screening(system: str = "polyname") -> tuple[list[float], list[float]]:
    """Top-1 scores of the positives and of the negatives, for polyname's index or for
    unidecode + RapidFuzz token_sort_ratio over every alias. In screening an alert is a top-1
    score at or above the threshold, whichever alias it is: the lists hold one person under
    several entities (the UN's and OFAC's), and a reviewer decides which."""
    rows = datasets.load_un_names() + datasets.load_ofac_names()
    positives = datasets.load_screening_names("positives_un_treated.csv")
    negatives = [n for f in ("negatives_global.csv", "negatives_us.csv") for n in datasets.load_screening_names(f)]
    top = _top1(system, positives + negatives, [r.name for r in rows])
    return [score for _, score in top[:len(positives)]], [score for _, score in top[len(positives):]]


def _top1(system: str, queries: list[str], names: list[str]) -> list[tuple[int, float]]:
    if system == "polyname":
        index = polyname.NameIndex([str(k) for k in range(len(names))], names)
        return [(int(h[0].id), h[0].score) if h else (-1, 0.0) for h in index.search(queries, limit=1)]
    from rapidfuzz import fuzz

    rows, scores = rf_argmax(rf_prepare(queries), rf_prepare(names),
                             fuzz.token_sort_ratio)
    return list(zip(rows, scores))


def fpr_at_recall(positives: list[float], negatives: list[float], recall: float = 0.99) -> tuple[float, float]:
    """The highest threshold that keeps ``recall`` of the positives, and the FPR there."""
    kept = sorted(positives, reverse=True)
    threshold = kept[max(0, int(recall * len(kept) + 0.999999) - 1)]
    return threshold, sum(s >= threshold for s in negatives) / len(negatives)


def main() -> None:
    labels, scores = name_pairs()
    positives, negatives = screening()
    print("| system | recall at MATCH_THRESHOLD | FPR there | FPR at recall 0.99 (threshold) |")
    print("|---|---|---|---|")
    systems = [("polyname", positives, negatives)]
    if "--peers" in sys.argv:
        systems.append(("RapidFuzz token_sort_ratio + unidecode", *screening("rapidfuzz")))
    for name, pos, neg in systems:
        threshold, fpr = fpr_at_recall(pos, neg)
        at = polyname.MATCH_THRESHOLD
        default = (f"{sum(s >= at for s in pos) / len(pos):.3f} | {100 * sum(s >= at for s in neg) / len(neg):.2f} %"
                   if name == "polyname" else "— | —")
        print(f"| {name} | {default} | {100 * fpr:.2f} % ({threshold:.2f}) |")
    print()
    print("| threshold | name pairs: precision / recall / F1 | screening, 42k aliases: recall | FPR |")
    print("|---|---|---|---|")
    for t in THRESHOLDS:
        tp = sum(1 for y, s in zip(labels, scores) if y and s >= t)
        fp = sum(1 for y, s in zip(labels, scores) if not y and s >= t)
        fn = sum(1 for y, s in zip(labels, scores) if y and s < t)
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        recall = sum(s >= t for s in positives) / len(positives)
        fpr = sum(s >= t for s in negatives) / len(negatives)
        mark = " (default)" if abs(t - polyname.MATCH_THRESHOLD) < 1e-9 else ""
        print(f"| {t:.2f}{mark} | {p:.3f} / {r:.3f} / {f1:.3f} | {recall:.3f} | {100 * fpr:.2f} % |")
    print(f"\n{len(labels)} name pairs; {len(positives)} positives and {len(negatives):,} negatives "
          f"against {len(datasets.load_un_names()) + len(datasets.load_ofac_names()):,} aliases.")


if __name__ == "__main__":
    main()
