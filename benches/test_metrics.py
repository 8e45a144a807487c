"""Tests of metrics: hand-computed cases and cross-checks against naive code."""

from __future__ import annotations

import math
import random
from collections.abc import Hashable, Sequence
from itertools import combinations

import pytest

from metrics import Alerts, Scores, bcubed_prf, pairwise_prf, spelling_free_joins


def approx(scores: Scores, expected: tuple[float, float, float]) -> bool:
    return all(math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12) for a, b in zip(scores, expected))


def naive_pairwise(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> Scores:
    """Enumerate every pair of items."""
    tp = fp = fn = 0
    for i, j in combinations(range(len(gold)), 2):
        same_gold, same_pred = gold[i] == gold[j], pred[i] == pred[j]
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return Scores(p, r, 2 * p * r / (p + r) if p + r else 0.0)


def naive_bcubed(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> Scores:
    """Per-item B-cubed, straight from the definition."""
    n = len(gold)
    ps, rs = [], []
    for i in range(n):
        in_pred = {j for j in range(n) if pred[j] == pred[i]}
        in_gold = {j for j in range(n) if gold[j] == gold[i]}
        ps.append(len(in_pred & in_gold) / len(in_pred))
        rs.append(len(in_pred & in_gold) / len(in_gold))
    p, r = sum(ps) / n, sum(rs) / n
    return Scores(p, r, 2 * p * r / (p + r) if p + r else 0.0)


# gold [a,a,b,b,b], pred [1,1,1,2,2]. Cells: (a,1)=2, (b,1)=1, (b,2)=2; gold sizes a=2, b=3;
# predicted sizes 1=3, 2=2.
# Pairwise: TP = C(2,2)+C(1,2)+C(2,2) = 2; predicted pairs = C(3,2)+C(2,2) = 4;
#   gold pairs = C(2,2)+C(3,2) = 4  ->  P = R = F1 = 2/4 = 0.5.
# B-cubed precision per item: 2/3, 2/3, 1/3, 1, 1 -> sum 11/3 -> P = 11/15.
# B-cubed recall per item:    1, 1, 1/3, 2/3, 2/3 -> sum 11/3 -> R = 11/15, F1 = 11/15.
GOLD = ["a", "a", "b", "b", "b"]
PRED = [1, 1, 1, 2, 2]


def test_hand_example_pairwise() -> None:
    assert approx(pairwise_prf(GOLD, PRED), (0.5, 0.5, 0.5))


def test_hand_example_bcubed() -> None:
    assert approx(bcubed_prf(GOLD, PRED), (11 / 15, 11 / 15, 11 / 15))


def test_one_big_cluster() -> None:
    # gold [a,a,b,c], everything merged: 1 true pair out of 6; recall complete.
    # B-cubed precision: a-items 2/4 each, b and c 1/4 each -> (0.5+0.5+0.25+0.25)/4 = 3/8.
    gold, pred = ["a", "a", "b", "c"], [0, 0, 0, 0]
    assert approx(pairwise_prf(gold, pred), (1 / 6, 1.0, 2 / 7))
    assert approx(bcubed_prf(gold, pred), (3 / 8, 1.0, 6 / 11))


def test_singletons() -> None:
    # No predicted pair: precision 1 by convention; gold has 1 pair, none found.
    assert approx(pairwise_prf(["a", "a", "b"], [0, 1, 2]), (1.0, 0.0, 0.0))
    # No gold pair: recall 1 by convention; the one predicted pair is wrong.
    assert approx(pairwise_prf(["a", "b", "c"], [0, 0, 1]), (0.0, 1.0, 0.0))
    # All singletons on both sides: perfect.
    assert approx(pairwise_prf(["a", "b"], [0, 1]), (1.0, 1.0, 1.0))
    assert approx(bcubed_prf(["a", "b"], [0, 1]), (1.0, 1.0, 1.0))


def test_identical_and_relabelled() -> None:
    gold = ["x", "y", "x", "z", "y"]
    pred = [7, 3, 7, 1, 3]  # same partition, other labels
    assert approx(pairwise_prf(gold, pred), (1.0, 1.0, 1.0))
    assert approx(bcubed_prf(gold, pred), (1.0, 1.0, 1.0))


def test_empty_and_length_mismatch() -> None:
    assert pairwise_prf([], []) == Scores(1.0, 1.0, 1.0)
    assert bcubed_prf([], []) == Scores(1.0, 1.0, 1.0)
    with pytest.raises(ValueError):
        pairwise_prf([1, 2], [1])
    with pytest.raises(ValueError):
        bcubed_prf([1], [1, 2])


@pytest.mark.parametrize("seed", range(200))
def test_against_naive(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.randint(1, 30)
    gold = [rng.randrange(rng.randint(1, n)) for _ in range(n)]
    pred = [f"p{rng.randrange(rng.randint(1, n))}" for _ in range(n)]
    assert approx(pairwise_prf(gold, pred), naive_pairwise(gold, pred))
    assert approx(bcubed_prf(gold, pred), naive_bcubed(gold, pred))


# --- alerts at list scale ---------------------------------------------------------------


def test_alerts_by_hand() -> None:
    # 4 positives, 5 negatives. At 0.8: positives 0.9, 0.8 alert (R 0.5), negatives 0.85 (FPR 0.2).
    alerts = Alerts([0.9, 0.8, 0.6, 0.3], [0.85, 0.5, 0.4, 0.1, 0.0])
    assert alerts.recall(0.8) == 0.5 and alerts.fpr(0.8) == 0.2
    # Recall 0.75 needs the 3rd best positive (0.6): negatives 0.85 alert, FPR 0.2.
    assert alerts.at_recall(0.75) == {"threshold": 0.6, "recall": 0.75, "fpr": 0.2, "false_alerts": 1}
    assert alerts.threshold_for_recall(1.0) == 0.3 and alerts.threshold_for_recall(0.01) == 0.9
    # The curve from recall 0.5: one point per distinct positive score (0.9 has recall 0.25).
    assert alerts.curve(0.5) == [[0.8, 0.5, 0.2], [0.6, 0.75, 0.2], [0.3, 1.0, 0.6]]
    assert alerts.grid([1.0, 0.5]) == [[1.0, 0.0, 0.0], [0.5, 0.75, 0.4]]


@pytest.mark.parametrize("seed", range(50))
def test_alerts_against_naive(seed: int) -> None:
    rng = random.Random(seed)
    pos = [round(rng.random(), 2) for _ in range(rng.randint(1, 40))]
    neg = [round(rng.random(), 2) for _ in range(rng.randint(1, 60))]
    alerts = Alerts(pos, neg)
    for t in sorted(set(pos + neg + [0.5])):
        assert alerts.recall(t) == sum(s >= t for s in pos) / len(pos)
        assert alerts.fpr(t) == sum(s >= t for s in neg) / len(neg)
    target = rng.choice([0.5, 0.9, 0.99, 1.0])
    t = alerts.threshold_for_recall(target)
    # The highest threshold that keeps the recall: any higher score loses it.
    assert alerts.recall(t) >= target - 1e-12
    assert all(alerts.recall(s) < target - 1e-12 for s in set(pos) if s > t)


# --- dedup joins without a shared word ------------------------------------------------------


def test_spelling_free_joins_by_hand() -> None:
    words = [frozenset(w.split()) for w in ["a b", "b c", "d", "e f", "f", "g", "h"]]
    gold = ["A", "B", "C", "D", "D", "E", "E"]
    # Cluster 0: A and B share "b", C shares nothing -> spelling-free (groups {A, B}, {C}).
    # Cluster 1: one entity, D -> not multi-entity. Cluster 2: E alone (two names) -> same.
    pred = [0, 0, 0, 1, 1, 2, 2]
    joins = spelling_free_joins(words, gold, pred)
    assert (joins.clusters, joins.multi_entity, joins.spelling_free, joins.names) == (3, 1, 1, 3)
    assert joins.examples == [[[0, 1], [2]]]
    # Linked through a third entity: A-B share "b", B-C share "c" -> connected, not counted.
    words2 = [frozenset(["a", "b"]), frozenset(["b", "c"]), frozenset(["c"])]
    assert spelling_free_joins(words2, ["A", "B", "C"], [0, 0, 0]).spelling_free == 0


@pytest.mark.parametrize("seed", range(50))
def test_spelling_free_joins_against_naive(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.randint(1, 25)
    words = [frozenset(rng.sample("abcdefghij", rng.randint(0, 2))) for _ in range(n)]
    gold = [rng.randrange(6) for _ in range(n)]
    pred = [rng.randrange(4) for _ in range(n)]
    expected = 0
    for label in set(pred):
        items = [i for i in range(n) if pred[i] == label]
        entities = {gold[i] for i in items}
        if len(entities) < 2:
            continue
        keys = {e: set().union(*(words[i] for i in items if gold[i] == e)) for e in entities}
        reached, todo = set(), [next(iter(entities))]
        while todo:  # flood fill over "shares a word"
            e = todo.pop()
            if e not in reached:
                reached.add(e)
                todo += [f for f in entities if f not in reached and keys[e] & keys[f]]
        expected += reached != entities
    assert spelling_free_joins(words, gold, pred).spelling_free == expected


# --- dedup_peers: the blocked RapidFuzz pairs against one dense matrix ---------------------


@pytest.mark.parametrize("seed", range(5))
def test_rapidfuzz_blocks_match_dense(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    np = pytest.importorskip("numpy")
    pytest.importorskip("rapidfuzz")
    pytest.importorskip("unidecode")
    from rapidfuzz import fuzz, process

    import dedup_peers

    rng = random.Random(seed)
    words = ["al", "abu", "ahmad", "ahmed", "bank", "sepah", "co", "ltd", "muhammad", "x"]
    names = [" ".join(rng.choices(words, k=rng.randint(1, 4))) for _ in range(60)]
    monkeypatch.setattr(dedup_peers, "BLOCK_ROWS", 7)  # many blocks, a ragged last one
    threshold = 0.7
    got = dedup_peers.rapidfuzz_components(names, threshold, workers=1)

    # Reference: full matrix, union-find over every pair at or above 70 (rounded scores).
    dense = process.cdist(names, names, scorer=fuzz.token_sort_ratio, dtype=np.uint8)
    parent = list(range(len(names)))

    def find(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    for i, j in zip(*np.nonzero(dense >= 70)):
        parent[find(int(i))] = find(int(j))
    assert pairwise_prf([find(x) for x in range(len(names))], got) == Scores(1.0, 1.0, 1.0)

    best, labels, scores = dedup_peers.rapidfuzz_best_threshold(names, got, [0.5, 0.7, 0.9])
    assert best == 0.7 and scores[0.7].f1 == 1.0 and pairwise_prf(got, labels).f1 == 1.0
