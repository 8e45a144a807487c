"""Every measure the harness reports, defined once (``benches/README.md`` states each in words).

- retrieval: recall@1, and the top-1 answer read as a decision at a threshold (precision,
  recall, F1), at a given threshold or at the best one;
- pairs: precision, recall and F1 of "score >= threshold", at a threshold or at the best one;
- screening: recall and false-positive rate of alerts (a top-1 score at or above the
  threshold), the threshold that keeps a recall, the FPR there, and the curve between them;
- clusters: pairwise and B-cubed precision, recall and F1 of a partition against gold
  clusters, from the contingency table in O(n) rather than over the O(n^2) pairs.

Pure Python: no numpy, no polyname.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter
from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from evalsets import RetrievalSet
    from matchers import Top1


# ---------------------------------------------------------------------------------------
# Decisions: precision, recall, F1
# ---------------------------------------------------------------------------------------


def decision(right: int, given: int, wanted: int, threshold: float) -> dict[str, float]:
    """Precision, recall and F1 of ``given`` answers of which ``right`` are right, out of
    ``wanted`` that should have been given."""
    p = right / given if given else 0.0
    r = right / wanted if wanted else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "threshold": threshold}


def prf(labels: Sequence[bool], scores: Sequence[float], threshold: float) -> dict[str, float]:
    """A pair is called a match when its score reaches ``threshold``."""
    tp = sum(1 for y, s in zip(labels, scores) if y and s >= threshold)
    given = sum(1 for s in scores if s >= threshold)
    return decision(tp, given, sum(1 for y in labels if y), threshold)


def best_f1(labels: Sequence[bool], scores: Sequence[float]) -> dict[str, float]:
    """P/R/F1 at the threshold (one of the observed scores) that maximises F1."""
    best = {"precision": 0.0, "recall": 0.0, "f1": 0.0, "threshold": math.inf}
    for t in sorted(set(scores)):
        m = prf(labels, scores, t)
        if m["f1"] > best["f1"]:
            best = m
    return best


# ---------------------------------------------------------------------------------------
# Retrieval
# ---------------------------------------------------------------------------------------


def recall_at_1(rs: RetrievalSet, top: Top1) -> float:
    """Share of the answered queries whose top-1 is a hit (``RetrievalSet.is_hit``)."""
    hits = [rs.is_hit(q, row) for q, row in zip(top.query_ids, top.rows)]
    return sum(hits) / len(hits) if hits else math.nan


def retrieval_prf(rs: RetrievalSet, top: Top1, threshold: float) -> dict[str, float]:
    """Top-1 retrieval read as a decision at ``threshold``: an answer is given when the best
    score reaches it. Precision: right answers over answers given; recall: right answers over
    the queries that have one (a negative given an answer costs precision)."""
    given = [(q, r) for q, r, s in zip(top.query_ids, top.rows, top.scores) if r >= 0 and s >= threshold]
    right = sum(1 for q, r in given if rs.is_hit(q, r))
    return decision(right, len(given), sum(1 for q in top.query_ids if rs.expected[q]), threshold)


def retrieval_best_prf(rs: RetrievalSet, top: Top1) -> dict[str, float]:
    """``retrieval_prf`` at the threshold (one of the observed scores) that maximises F1."""
    order = sorted(range(len(top.query_ids)), key=lambda i: -top.scores[i])
    wanted = sum(1 for q in top.query_ids if rs.expected[q])
    best = {"precision": 0.0, "recall": 0.0, "f1": 0.0, "threshold": math.inf}
    given = right = 0
    for k, i in enumerate(order):
        if top.rows[i] >= 0:
            given += 1
            right += rs.is_hit(top.query_ids[i], top.rows[i])
        # Only a threshold between two distinct scores separates the answers.
        if k + 1 < len(order) and top.scores[order[k + 1]] == top.scores[i]:
            continue
        here = decision(right, given, wanted, top.scores[i])
        if here["f1"] > best["f1"]:
            best = here
    return best


# ---------------------------------------------------------------------------------------
# Screening against a small registry (the retrieval set's own hit rule)
# ---------------------------------------------------------------------------------------


def screening_at(rs: RetrievalSet, top: Top1, threshold: float) -> dict[str, float]:
    """Recall: positives whose top-1 is their own person with score >= threshold.
    FPR: negatives whose top-1 scores >= threshold."""
    pos = [(q, r, s) for q, r, s in zip(top.query_ids, top.rows, top.scores) if rs.expected[q]]
    neg = [s for q, s in zip(top.query_ids, top.scores) if not rs.expected[q]]
    recall = sum(1 for q, r, s in pos if s >= threshold and rs.is_hit(q, r)) / max(1, len(pos))
    fpr = sum(1 for s in neg if s >= threshold) / max(1, len(neg))
    return {
        "recall": recall,
        "fpr": fpr,
        "threshold": threshold,
        "n_pos": len(pos),
        "n_neg": len(neg),
    }


def screening_at_fpr(rs: RetrievalSet, top: Top1, max_fpr: float) -> dict[str, float]:
    """Recall at the lowest threshold whose FPR is <= ``max_fpr``: just above the score of
    the (allowed + 1)-th best negative."""
    neg = sorted((s for q, s in zip(top.query_ids, top.scores) if not rs.expected[q]), reverse=True)
    if not neg:
        return screening_at(rs, top, 0.0)
    allowed = math.floor(max_fpr * len(neg) + 1e-9)
    threshold = math.nextafter(neg[allowed], math.inf) if allowed < len(neg) else 0.0
    return screening_at(rs, top, threshold)


# ---------------------------------------------------------------------------------------
# Alerts at list scale: an alert is a top-1 score at or above the threshold
# ---------------------------------------------------------------------------------------


class Alerts:
    """Top-1 scores of the positives (people to find) and of the negatives (people on no
    list). Any alias alerts: which entity it belongs to is the reviewer's question."""

    def __init__(self, positives: Sequence[float], negatives: Sequence[float]) -> None:
        if not positives or not negatives:
            raise ValueError("alerts need positives and negatives")
        self.positives = sorted(positives)
        self.negatives = sorted(negatives)

    @staticmethod
    def _at_or_above(scores: list[float], threshold: float) -> int:
        return len(scores) - bisect.bisect_left(scores, threshold)

    def recall(self, threshold: float) -> float:
        """Share of the positives alerted at ``threshold``."""
        return self._at_or_above(self.positives, threshold) / len(self.positives)

    def fpr(self, threshold: float) -> float:
        """Share of the negatives alerted at ``threshold``."""
        return self._at_or_above(self.negatives, threshold) / len(self.negatives)

    def threshold_for_recall(self, recall: float) -> float:
        """The highest threshold whose recall is at least ``recall``: the score of the
        ceil(recall x n)-th best positive."""
        k = max(1, math.ceil(recall * len(self.positives) - 1e-9))
        return self.positives[len(self.positives) - k]

    def at(self, threshold: float) -> dict[str, float]:
        return {"threshold": threshold, "recall": self.recall(threshold), "fpr": self.fpr(threshold),
                "false_alerts": self._at_or_above(self.negatives, threshold)}

    def at_recall(self, recall: float) -> dict[str, float]:
        """Recall, FPR and threshold at ``threshold_for_recall(recall)``."""
        return self.at(self.threshold_for_recall(recall))

    def curve(self, min_recall: float) -> list[list[float]]:
        """[threshold, recall, FPR] at every distinct positive score whose recall is at least
        ``min_recall``, from the highest threshold down: where recall changes, the curve has
        a point, and between two points FPR can only grow."""
        points = []
        for t in sorted(set(self.positives), reverse=True):
            r = self.recall(t)
            if r < min_recall - 1e-12:
                continue
            points.append([t, r, self.fpr(t)])
        return points

    def grid(self, thresholds: Sequence[float]) -> list[list[float]]:
        """[threshold, recall, FPR] at each of ``thresholds``."""
        return [[t, self.recall(t), self.fpr(t)] for t in thresholds]


# ---------------------------------------------------------------------------------------
# Clusters
# ---------------------------------------------------------------------------------------


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

    Large clusters weigh quadratically, so one wrongly merged big cluster dominates the score.
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
    """B-cubed precision, recall and F1 of ``predicted`` against ``gold`` (Bagga & Baldwin 1998).

    For item ``x`` with predicted cluster ``P(x)`` and gold cluster ``G(x)`` (each including
    ``x`` itself), precision(x) = |P(x) & G(x)| / |P(x)| and recall(x) = |P(x) & G(x)| / |G(x)|;
    the scores are their means over items, so every item counts once. Every item of a
    contingency cell ``n_ij`` shares the same values, hence::

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


class Joins(NamedTuple):
    """What a clustering joined: clusters, those holding names of two or more gold entities,
    and those among them that join entities sharing no word (``spelling_free_joins``)."""

    clusters: int
    multi_entity: int
    spelling_free: int
    names: int  # names in the spelling-free clusters
    # Per spelling-free cluster (largest first): its items, in groups that share no word.
    examples: list[list[list[int]]]


def _root(parent: dict[Hashable, Hashable], e: Hashable) -> Hashable:
    """Union-find: the root of ``e``, halving the path on the way."""
    while parent[e] != e:
        parent[e] = parent[parent[e]]
        e = parent[e]
    return e


def spelling_free_joins(
    words: Sequence[frozenset[str]], gold: Sequence[Hashable], predicted: Sequence[Hashable]
) -> Joins:
    """Clusters of ``predicted`` that join gold entities sharing no word.

    ``words[i]`` is the set of word keys of item i (spellings, skeletons). Within one
    predicted cluster, two of its gold entities are linked when a name of one and a name of
    the other, both in the cluster, have a word key in common; the cluster is spelling-free
    when these links leave its entities in two or more groups: some of the entities it joins
    share no word, directly or through the others, with the rest.
    """
    if not len(words) == len(gold) == len(predicted):
        raise ValueError("words, gold and predicted differ in length")
    members: dict[Hashable, list[int]] = {}
    for i, label in enumerate(predicted):
        members.setdefault(label, []).append(i)
    multi = 0
    free: list[list[list[int]]] = []
    for items in members.values():
        entities = list(dict.fromkeys(gold[i] for i in items))
        if len(entities) < 2:
            continue
        multi += 1
        parent: dict[Hashable, Hashable] = {e: e for e in entities}
        owner: dict[str, Hashable] = {}
        for i in items:
            for key in words[i]:
                a, b = _root(parent, owner.setdefault(key, gold[i])), _root(parent, gold[i])
                if a != b:
                    parent[b] = a
        groups: dict[Hashable, list[int]] = {}
        for i in items:
            groups.setdefault(_root(parent, gold[i]), []).append(i)
        if len(groups) > 1:
            free.append(list(groups.values()))
    free.sort(key=lambda g: (-sum(map(len, g)), g[0][0]))
    return Joins(len(members), multi, len(free), sum(len(i) for g in free for i in g), free)
