"""What a threshold buys: precision and recall of polyname at a range of thresholds.

    POLYNAME_SHARED=../shared python benches/threshold_curve.py

Two readings, both from the shared data (QUALITY.md):

- name pairs: name_bench's 826 labelled pairs, a pair is a match when its similarity reaches
  the threshold: precision, recall, F1;
- screening at list scale: a registry of every OFAC and UN name (42k aliases); positives are
  the 683 treated UN names (a hit is a top-1 of the right person at or above the
  threshold), negatives the 100,000 people on no list (an alert is any top-1 at or above
  it): recall and the share of innocent people alerted (FPR).

It prints a Markdown table (the README's "Choosing a threshold" section).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import datasets  # noqa: E402
import polyname  # noqa: E402

THRESHOLDS = (0.70, 0.75, 0.80, 0.85, 0.90, 0.95)


def name_pairs() -> tuple[list[bool], list[float]]:
    cases = datasets.load_name_bench()
    scores = polyname.similarity_many([c.name1 for c in cases], [c.name2 for c in cases])
    return [c.is_match for c in cases], scores


def screening() -> tuple[list[float], list[float]]:
    """Top-1 scores of the positives (0 when the top-1 is someone else) and of the negatives."""
    un = datasets.load_un_names()
    rows = un + datasets.load_ofac_names()
    index = polyname.NameIndex([f"{k}" for k in range(len(rows))], [r.name for r in rows])
    # The untreated UN file names the person of each treated row; find them on the list.
    untreated = datasets.load_screening_names("positives_un_untreated.csv")
    treated = datasets.load_screening_names("positives_un_treated.csv")
    entity_of_name: dict[str, set[str]] = {}
    for r in rows:
        entity_of_name.setdefault(r.name.casefold(), set()).add(r.entity_id)
    positives: list[float] = []
    for hits, person in zip(index.search(treated, limit=1), untreated):
        wanted = entity_of_name.get(person.casefold(), set())
        positives.append(hits[0].score if hits and rows[int(hits[0].id)].entity_id in wanted else 0.0)
    negatives = [n for f in ("negatives_global.csv", "negatives_us.csv") for n in datasets.load_screening_names(f)]
    top = index.search(negatives, limit=1)
    return positives, [hits[0].score if hits else 0.0 for hits in top]


def main() -> None:
    labels, scores = name_pairs()
    positives, negatives = screening()
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
