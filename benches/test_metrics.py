"""Tests of metrics: hand-computed cases and cross-checks against naive code."""

from __future__ import annotations

import math
import random
from collections.abc import Hashable, Sequence
from itertools import combinations

import pytest

from metrics import Scores, bcubed_prf, pairwise_prf


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
