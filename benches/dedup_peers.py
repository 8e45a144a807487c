"""The peers a user would pick instead of polyname to deduplicate a list of names.

Deduplication (clustering the names of one list into entities) is judged against the gold
entity ids of the shared name lists, with the cluster measures of ``metrics``. Two peers:

* RapidFuzz + unidecode: all pairs scored with ``token_sort_ratio``, pairs at or above a
  threshold joined into connected components. The brute-force baseline most users write.
* Splink 5 (DuckDB backend): a Fellegi-Sunter model trained without labels (u by random
  sampling, m by expectation maximisation), blocked pair predictions, then Splink's own
  connected-components clustering at a match-probability threshold.

Both see the names as the RapidFuzz matcher does (``matchers.rf_prepare``): unidecode, then
RapidFuzz's ``default_process`` (lower-case, non-alphanumerics to spaces, trimmed).

The ``*_best_threshold`` helpers score the pairs once and cluster at every threshold of a
grid, keeping the best by pairwise F1 against the gold clusters. The peer is thus given its
best threshold after the fact: a generous reading, the same as QUALITY.md's protocol.
``tasks.task_dedup`` runs them (``python benches/quality.py --tasks dedup``).
"""

from __future__ import annotations

import contextlib
import logging
import math
import warnings
from collections.abc import Hashable, Iterable, Iterator, Sequence
from typing import Any

import numpy as np

from matchers import rf_prepare
from metrics import Scores, pairwise_prf
from modes import SEED

# Integer percent thresholds for token_sort_ratio, 0.60 to 1.00 by 0.02.
DEFAULT_RAPIDFUZZ_THRESHOLDS = tuple(t / 100 for t in range(60, 101, 2))
# Match probabilities: wider than 0.5-0.99 as the prior is underestimated (splink_clusters).
DEFAULT_SPLINK_PROBABILITIES = (0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.95, 0.99)
BLOCK_ROWS = 2000  # rows of the score matrix held at once: 2,000 x 37,621 bytes = 75 MB


# --- connected components ------------------------------------------------------------------


def _components_at(
    n: int, left: np.ndarray, right: np.ndarray, weight: np.ndarray, thresholds: Iterable[float]
) -> dict[float, list[int]]:
    """Connected components of the graph of edges with ``weight >= t``, for every ``t``.

    One union-find is grown from the heaviest edges down and read off at each threshold
    (highest first), so the edges are visited once whatever the number of thresholds.
    Labels are consecutive integers in order of first appearance.
    """
    order = np.argsort(-weight, kind="stable")
    lefts, rights, weights = left[order].tolist(), right[order].tolist(), weight[order].tolist()
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]  # path halving
            x = parent[x]
        return x

    out: dict[float, list[int]] = {}
    k = 0
    for t in sorted(set(thresholds), reverse=True):
        while k < len(weights) and weights[k] >= t:
            a, b = find(lefts[k]), find(rights[k])
            if a != b:
                parent[max(a, b)] = min(a, b)
            k += 1
        roots: dict[int, int] = {}
        out[t] = [roots.setdefault(find(x), len(roots)) for x in range(n)]
    return out


def _pick_best(
    labels_by_threshold: dict[float, list[int]], gold: Sequence[Hashable]
) -> tuple[float, list[int], dict[float, Scores]]:
    """The threshold with the best pairwise F1 (ties: the higher threshold)."""
    scores = {t: pairwise_prf(gold, labels) for t, labels in sorted(labels_by_threshold.items())}
    best = max(scores, key=lambda t: (scores[t].f1, t))
    return best, labels_by_threshold[best], scores


# --- RapidFuzz -----------------------------------------------------------------------------


def _percent(threshold: float) -> int:
    """A threshold in [0, 1] as the least whole percent at or above it (0.7 -> 70, not 71)."""
    return math.ceil(round(threshold * 100, 6))


def _rapidfuzz_pairs(
    names: list[str], min_threshold: float, workers: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs ``i < j`` whose token_sort_ratio, rounded to a whole percent, is at least
    ``min_threshold * 100``; as arrays (i, j, score). The score matrix is computed in blocks
    of BLOCK_ROWS rows against the columns to their right (upper triangle only)."""
    from rapidfuzz import fuzz, process

    processed = rf_prepare(names)
    n = len(processed)
    cut = _percent(min_threshold)
    lefts, rights, scores = [], [], []
    for start in range(0, n, BLOCK_ROWS):
        stop = min(start + BLOCK_ROWS, n)
        # Columns from `start`: the block's own square plus everything to its right. The
        # cutoff is lowered by half a point so that scores rounding up to it are kept.
        m = process.cdist(
            processed[start:stop],
            processed[start:],
            scorer=fuzz.token_sort_ratio,
            score_cutoff=max(cut - 0.5, 0),
            workers=workers,
            dtype=np.uint8,
        )
        rows, cols = np.nonzero(m >= cut)
        keep = cols > rows  # strict upper triangle: i < j
        rows, cols = rows[keep], cols[keep]
        lefts.append((rows + start).astype(np.int32))
        rights.append((cols + start).astype(np.int32))
        scores.append(m[rows, cols])
        del m
    if not lefts:
        empty = np.empty(0, np.int32)
        return empty, empty, np.empty(0, np.uint8)
    return np.concatenate(lefts), np.concatenate(rights), np.concatenate(scores)


def rapidfuzz_components(names: list[str], threshold: float, workers: int = -1) -> list[int]:
    """Cluster labels: connected components of the pairs whose RapidFuzz ``token_sort_ratio``
    of the normalised names is at least ``threshold`` (in [0, 1]).

    Scores are RapidFuzz's, rounded to whole percents (``dtype=uint8``); all n(n-1)/2 pairs
    are scored, in row blocks to bound memory. ``workers=-1`` uses every core.
    """
    i, j, s = _rapidfuzz_pairs(names, threshold, workers)
    return _components_at(len(names), i, j, s, [_percent(threshold)])[_percent(threshold)]


def rapidfuzz_best_threshold(
    names: list[str],
    gold: Sequence[Hashable],
    thresholds: Sequence[float] = DEFAULT_RAPIDFUZZ_THRESHOLDS,
    workers: int = -1,
) -> tuple[float, list[int], dict[float, Scores]]:
    """RapidFuzz components at the threshold with the best pairwise F1 against ``gold``.

    The pairs are scored once (kept from the lowest threshold up) and clustered at each
    threshold. The peer is given its best threshold after the fact: a generous reading.

    Returns:
        (best threshold, its labels, pairwise Scores for every threshold).
    """
    i, j, s = _rapidfuzz_pairs(names, min(thresholds), workers)
    by_percent = _components_at(len(names), i, j, s, [_percent(t) for t in thresholds])
    best, labels, scores = _pick_best(by_percent, gold)
    return best / 100, labels, {t / 100: sc for t, sc in scores.items()}


# --- Splink --------------------------------------------------------------------------------


@contextlib.contextmanager
def _quiet_splink() -> Iterator[None]:
    """Silence Splink's logging and warnings for the duration."""
    logger = logging.getLogger("splink")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _splink_frame(names: list[str]) -> dict[str, list[Any]]:
    """The input table, as columns derived from the normalised name: its tokens sorted and
    re-joined, the token array, the first and the last token (None for an empty name).
    Splink registers a dict of lists through pyarrow, so pandas is not needed."""
    cols: dict[str, list[Any]] = {
        k: [] for k in ("unique_id", "name_sorted", "tokens", "first_token", "last_token")
    }
    for uid, name in enumerate(rf_prepare(names)):
        tokens = name.split()
        cols["unique_id"].append(uid)
        cols["name_sorted"].append(" ".join(sorted(tokens)) or None)
        cols["tokens"].append(tokens or None)
        cols["first_token"].append(tokens[0] if tokens else None)
        cols["last_token"].append(tokens[-1] if tokens else None)
    return cols


def _splink_predict(names: list[str], min_probability: float, u_max_pairs: float) -> Any:
    """Train the model (see ``splink_clusters``) and predict the blocked pairs at or above
    ``min_probability``. Returns (linker, predictions).

    Training steps are best effort: a step that fails is logged and skipped, leaving Splink's
    default parameters for what it would have trained; predictions are still made.
    """
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("name_sorted"),
            cl.ArrayIntersectAtSizes("tokens", [3, 2, 1]),
            cl.ExactMatch("first_token").configure(term_frequency_adjustments=True),
            cl.ExactMatch("last_token").configure(term_frequency_adjustments=True),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("first_token"),
            block_on("last_token"),
            block_on("substr(name_sorted, 1, 4)"),
        ],
        retain_matching_columns=False,
    )
    db_api = DuckDBAPI()
    linker = Linker(db_api.register(_splink_frame(names)), settings, log_level=None)
    steps = [
        lambda: linker.training.estimate_probability_two_random_records_match(
            [block_on("name_sorted")], recall=0.5
        ),
        lambda: linker.training.estimate_u_using_random_sampling(
            max_pairs=u_max_pairs, seed=SEED
        ),
        lambda: linker.training.estimate_parameters_using_expectation_maximisation(
            block_on("first_token")
        ),
        lambda: linker.training.estimate_parameters_using_expectation_maximisation(
            block_on("last_token")
        ),
    ]
    for step in steps:
        try:
            step()
        except Exception as exc:  # noqa: BLE001  (Splink raises several types)
            logging.getLogger(__name__).warning("splink training step failed: %s", exc)
    predictions = linker.inference.predict(
        threshold_match_probability=min_probability, warning_mode="never"
    )
    return linker, predictions


def _splink_labels(linker: Any, predictions: Any, probability: float, n: int) -> list[int]:
    """Splink's connected components at ``probability``, as labels in input order."""
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=probability
    ).as_dict()
    by_uid = dict(zip(clusters["unique_id"], clusters["cluster_id"]))
    ids: dict[Any, int] = {}
    return [ids.setdefault(by_uid[uid], len(ids)) for uid in range(n)]


def splink_clusters(
    names: list[str], threshold_match_probability: float = 0.9, u_max_pairs: float = 1e7
) -> list[int]:
    """Cluster labels from a Splink 5 dedupe model with the DuckDB backend.

    A standard configuration for a table holding only names (no date of birth or address).
    Input columns, all derived from the normalised name: ``name_sorted`` (tokens sorted and
    re-joined, so that word order does not matter), ``tokens`` (the token array),
    ``first_token`` and ``last_token``.

    * comparisons: ``cl.NameComparison("name_sorted")`` (exact match with term-frequency
      adjustment, Jaro-Winkler >= 0.92 / 0.88 / 0.7, else),
      ``cl.ArrayIntersectAtSizes("tokens", [3, 2, 1])`` (shared tokens), and
      ``cl.ExactMatch`` on ``first_token`` and on ``last_token``, both with term-frequency
      adjustments (a shared "al" or "company" says little, a shared rare surname a lot);
    * prediction blocking: ``block_on("first_token")``, ``block_on("last_token")``,
      ``block_on("substr(name_sorted, 1, 4)")``;
    * training: ``estimate_probability_two_random_records_match`` with the deterministic rule
      "same tokens" (``block_on("name_sorted")``) at an assumed recall of 0.5; u by random
      sampling (``u_max_pairs`` pairs, seeded); m by EM blocked on the first token, then on
      the last token (each session trains the comparisons its rule leaves free);
    * ``predict`` then ``cluster_pairwise_predictions_at_threshold``.

    Limitations: the comparisons all read the same string, so Fellegi-Sunter's conditional
    independence does not hold. Aliases rarely share all their tokens, so the deterministic
    rule underestimates the prior match rate (25-55x on the shared lists) and match
    probabilities come out low: the best threshold is often well below 0.9, which is why
    ``splink_best_threshold`` searches down to 0.05. Pairs sharing neither first token, last
    token nor 4-letter sorted prefix are never compared.
    """
    n = len(names)
    if n < 2:
        return list(range(n))
    with _quiet_splink():
        linker, predictions = _splink_predict(names, threshold_match_probability, u_max_pairs)
        return _splink_labels(linker, predictions, threshold_match_probability, n)


def splink_best_threshold(
    names: list[str],
    gold: Sequence[Hashable],
    probabilities: Sequence[float] = DEFAULT_SPLINK_PROBABILITIES,
    u_max_pairs: float = 1e7,
) -> tuple[float, list[int], dict[float, Scores]]:
    """Splink clusters (configuration of ``splink_clusters``) at the match probability with
    the best pairwise F1 against ``gold``.

    The model is trained and predicts once, at the lowest probability; Splink then clusters
    at each one. The peer is given its best threshold after the fact: a generous reading.

    Returns:
        (best probability, its labels, pairwise Scores for every probability).
    """
    n = len(names)
    if n < 2:
        labels = list(range(n))
        return max(probabilities), labels, {p: pairwise_prf(gold, labels) for p in probabilities}
    with _quiet_splink():
        linker, predictions = _splink_predict(names, min(probabilities), u_max_pairs)
        by_p = {p: _splink_labels(linker, predictions, p, n) for p in probabilities}
    return _pick_best(by_p, gold)
