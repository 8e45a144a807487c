"""Scores for a clustering of names against gold clusters (one cluster per entity).

Deduplication is judged on the partition it produces, not on single pairs, so two standard
measures are given, both computed from the contingency table (gold cluster x predicted
cluster sizes) in O(n) time rather than by enumerating the O(n^2) pairs of items:

* pairwise P/R/F1: over the unordered pairs of items put in one cluster. Large clusters weigh
  quadratically, so one wrongly merged big cluster dominates the score.
* B-cubed P/R/F1 (Bagga & Baldwin 1998): per-item precision and recall, averaged over items.
  Every item counts once, so it is less dominated by the largest clusters.

Labels are any hashable values; only equality matters, so gold entity ids and predicted
integer labels can be passed as they are. Pure Python, no numpy.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from typing import NamedTuple


class Scores(NamedTuple):
    """Precision, recall and their harmonic mean (F1), each in [0, 1]."""

    precision: float
    recall: float
    f1: float


def _f1(precision: float, recall: float) -> float:
    total = precision + recall
    return 2.0 * precision * recall / total if total > 0 else 0.0


def _counts(
    gold: Sequence[Hashable], predicted: Sequence[Hashable]
) -> tuple[Counter[Hashable], Counter[Hashable], Counter[tuple[Hashable, Hashable]]]:
    """Gold cluster sizes, predicted cluster sizes and the contingency cells."""
    if len(gold) != len(predicted):
        raise ValueError(f"gold has {len(gold)} items, predicted {len(predicted)}")
    return Counter(gold), Counter(predicted), Counter(zip(gold, predicted))


def _pairs(size: int) -> int:
    return size * (size - 1) // 2


def pairwise_prf(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> Scores:
    """Pairwise precision, recall and F1 of ``predicted`` against ``gold``.

    A pair of items is predicted positive when both carry the same predicted label, and truly
    positive when both carry the same gold label. With ``a_i`` the gold cluster sizes,
    ``b_j`` the predicted ones and ``n_ij`` the contingency cells::

        TP = sum C(n_ij, 2)    precision = TP / sum C(b_j, 2)    recall = TP / sum C(a_i, 2)

    Edge cases: with no predicted pair (all predicted singletons) precision is 1.0, since no
    wrong pair was made; with no gold pair (all gold singletons) recall is 1.0, since no pair
    was missed. F1 is 0.0 when precision and recall are both 0. Empty inputs give (1, 1, 1).

    Raises:
        ValueError: if the two sequences differ in length.
    """
    gold_sizes, pred_sizes, cells = _counts(gold, predicted)
    true_pairs = sum(_pairs(c) for c in cells.values())
    pred_pairs = sum(_pairs(c) for c in pred_sizes.values())
    gold_pairs = sum(_pairs(c) for c in gold_sizes.values())
    precision = true_pairs / pred_pairs if pred_pairs else 1.0
    recall = true_pairs / gold_pairs if gold_pairs else 1.0
    return Scores(precision, recall, _f1(precision, recall))


def bcubed_prf(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> Scores:
    """B-cubed precision, recall and F1 of ``predicted`` against ``gold`` (Bagga & Baldwin).

    For item ``x`` with predicted cluster ``P(x)`` and gold cluster ``G(x)`` (each including
    ``x`` itself), precision(x) = |P(x) & G(x)| / |P(x)| and recall(x) = |P(x) & G(x)| / |G(x)|;
    the scores are their means over items. Every item of a contingency cell ``n_ij`` shares
    the same values, hence::

        precision = sum n_ij^2 / b_j / n    recall = sum n_ij^2 / a_i / n

    All singletons on both sides score (1, 1, 1); all predicted singletons against any gold
    give precision 1.0. Empty inputs give (1, 1, 1). F1 is the harmonic mean of the means
    (the usual reading), not the mean of per-item F1s.

    Raises:
        ValueError: if the two sequences differ in length.
    """
    gold_sizes, pred_sizes, cells = _counts(gold, predicted)
    n = len(gold)
    if n == 0:
        return Scores(1.0, 1.0, 1.0)
    precision = sum(c * c / pred_sizes[p] for (_, p), c in cells.items()) / n
    recall = sum(c * c / gold_sizes[g] for (g, _), c in cells.items()) / n
    return Scores(precision, recall, _f1(precision, recall))
