"""Every gate of the bench suite, in one place: the quality floors and ceilings polyname is
held to, and the speed ratios it claims. A gate that fails fails ``make test`` (short mode)
or ``make bench`` (full mode); every gate's figure is kept in the results either way
(``suite.RESULTS["gates"]``, listed by ``report.py``).

Quality floors are QUALITY.md's first bars where it has one, else the figure measured when
the gate was set less a little slack. Raise a floor (lower a ceiling) when polyname improves:
the constants below are the only place to change.
"""

from __future__ import annotations

import suite

# --- retrieval (tasks.evaluate_retrieval): recall@1, QUALITY.md's first bars ---
ARABIC_LATIN_UN_RECALL_AT_1 = 0.85
ARABIC_WORD_RECALL_AT_1 = 0.60
OFAC_ALIAS_RECALL_AT_1 = 0.65
# Organizations and places across scripts (test_across_languages.py): tasks.TASKS's bar of
# 0.80 on organizations, which polyname meets (full run of 2026-12-03 after issue 16's
# organization words: UN organizations 0.842 on 57 queries, ANETAC organizations 0.822 on
# 2,000; 0.842 and 0.827 in the short mode). Places are short of their bar of 0.90 (0.843 on
# 2,000, 0.867 in the short mode): the floor is today's level less the short mode's
# sampling error.
UN_ORGANIZATIONS_RECALL_AT_1 = 0.80
ANETAC_ORGANIZATIONS_RECALL_AT_1 = 0.80
ANETAC_PLACES_RECALL_AT_1 = 0.82
# Against each peer, on the queries it answered: polyname's recall@1 above the peer's, and its
# F1 at MATCH_THRESHOLD (the top-1 read as a decision) not below the peer's F1 at the peer's
# best threshold by more than one answer in two hundred moves it. (polyname's default is set
# for precision at list scale: on OFAC alias retrieval, P 0.92 / R 0.57 against logic-v2's
# P 0.86 / R 0.63 at its best, F1 0.722 against 0.723 on logic-v2's 200 queries.)
RETRIEVAL_F1_TIE = 0.005

# --- small screening (683 UN names as the registry) at MATCH_THRESHOLD ---
SCREENING_RECALL = 0.99
SCREENING_MAX_FPR = 0.005

# --- name pairs: name_bench F1 at MATCH_THRESHOLD ---
NAME_BENCH_F1 = 0.82

# --- dedup of the UN list at MATCH_THRESHOLD (measured 0.389 and 0.646) ---
DEDUP_UN_PAIRWISE_F1 = 0.36
DEDUP_UN_BCUBED_F1 = 0.62
DEDUP_UN_PAIRWISE_PRECISION = 0.70

# --- the same through the `resolve` command ---
RESOLVE_SCREENING_RECALL = 0.99
RESOLVE_SCREENING_MAX_NEGATIVES_MATCHED = 0.005
RESOLVE_OFAC_ALIAS_RECALL_AT_1 = 0.65
# Against each peer, on the queries it answered: polyname's recall@1 above the peer's, and its
# F1 at MATCH_THRESHOLD (the top-1 read as a decision) not below the peer's F1 at the peer's
# best threshold by more than one answer in two hundred moves it. (polyname's default is set
# for precision at list scale: on OFAC alias retrieval, P 0.92 / R 0.57 against logic-v2's
# P 0.86 / R 0.63 at its best, F1 0.722 against 0.723 on logic-v2's 200 queries.)
RETRIEVAL_F1_TIE = 0.005

# --- romanization (measured similarity 0.666, key F1 0.852) ---
ROMANIZATION_SIMILARITY = 0.62
ROMANIZATION_KEYS_F1 = 0.5

# --- screening at list scale (tasks.task_list_screening): polyname in LIST_SCREENING_MODE,
# the lists' weak aliases marked. Set from the short mode's run of 2026-12-02 (683 positives,
# 5,000 negatives), after Han and Hangul syllables were read by every romanization system and
# weak aliases marked: recall 0.994 and FPR 0.36 % at MATCH_THRESHOLD (0.44 % unmarked), FPR
# 0.08 % at recall 0.99 (RapidFuzz token_sort_ratio: 0.40 % on that sample).
# QUALITY.md's first bar: recall >= 0.99 and FPR <= 0.5 % at the default, and at recall 0.99
# an FPR below RapidFuzz token_sort_ratio's. The ceilings leave room for the sample's noise.
LIST_SCREENING_MODE = "screening"
LIST_SCREENING_RECALL = 0.99
LIST_SCREENING_MAX_FPR = 0.005
LIST_SCREENING_MAX_FPR_AT_RECALL = 0.002

# --- text linking (test_text_linking.py): the seed articles against the example registry with
# every OFAC and UN alias beside it. The bar: precision and recall of 0.90 or more
# (measured 0.971 and 0.938 on 2026-12-03).
LINK_PRECISION = 0.90
LINK_RECALL = 0.90

# --- long names: time ratio allowed between two sizes a decade apart (linear is 10) ---
LONG_NAMES_GROWTH_LIMIT = 30.0

#: Speed ratios (peer time / polyname time, same run) that polyname claims, per (group, peer):
#: (short mode, full mode). They differ where the inputs do: the short mode's `resolve match`
#: file is small next to the start-up cost, and its dedup list (UN, 4,720 names) is too small
#: for the peers' all-pairs cost to show. CI fails when a measured ratio falls below
#: claim / SPEED_SLACK: machines are noisy, so absolute times are never gated.
SPEED_CLAIMS: dict[tuple[str, str], tuple[float, float]] = {
    # Not yet at parity: every name is tokenized, romanized and aligned word by word.
    ("pair scoring", "rapidfuzz"): (0.7, 0.8),
    ("pair scoring", "jellyfish"): (0.9, 0.9),
    ("romanization", "unidecode"): (3.0, 3.0),
    ("index search", "rapidfuzz"): (3.0, 3.0),
    ("resolve match", "rapidfuzz"): (1.7, 2.9),
    ("dedup", "rapidfuzz"): (1.6, 10.0),
    # Against spaCy's PhraseMatcher over the same aliases (measured 2.5x on 2 cores); exact
    # Aho-Corasick is faster than polyname and is reported, not claimed.
    ("text linking", "spacy"): (1.5, 1.5),
}
SPEED_SLACK = 2.0


def assert_floor(name: str, measured: float, floor: float, *, group: str = "quality") -> None:
    """A figure held to its floor, kept in the results (as ``group: name``) whether it passes
    or not."""
    suite.RESULTS["gates"][f"{group}: {name}"] = {"measured": measured, "floor": floor, "ok": measured >= floor}
    assert measured >= floor, f"{name} = {measured:.3f} < floor {floor:.3f}"


def assert_ceiling(name: str, measured: float, ceiling: float, *, group: str = "quality") -> None:
    """A figure held under its ceiling (a false-positive rate, a growth), kept in the results
    (as ``group: name``) whether it passes or not."""
    suite.RESULTS["gates"][f"{group}: {name}"] = {"measured": measured, "ceiling": ceiling,
                                                   "ok": measured <= ceiling}
    assert measured <= ceiling, f"{name} = {measured:.4f} > ceiling {ceiling:.4f}"


def speed_ratio(group: str, peer: str) -> float:
    """Peer time per item over polyname's (> 1: polyname is faster)."""
    cells = suite.RESULTS["speed"].get(group, {})
    missing = [s for s in ("polyname", peer) if s not in cells]
    assert not missing, f"{group}: no measurement of {', '.join(missing)} in this run (run the whole module)"
    return float(cells[peer]["us_per_item"] / cells["polyname"]["us_per_item"])


def assert_speed_claim(group: str, peer: str) -> float:
    """Fails when polyname loses the ratio it claims against ``peer`` by more than the slack."""
    ratio = speed_ratio(group, peer)
    claim = SPEED_CLAIMS[(group, peer)][suite.MODE.full]
    floor = claim / SPEED_SLACK
    suite.RESULTS["gates"][f"speed: {group} vs {peer}"] = {"measured": ratio, "claim": claim, "floor": floor,
                                                            "ok": ratio >= floor}
    assert ratio >= floor, (
        f"{group}: polyname is {ratio:.2f}x the speed of {peer}; it claims {claim:.2f}x "
        f"(gate {floor:.2f}x after a slack of {SPEED_SLACK}x)"
    )
    return ratio
