"""The two sizes the harness runs at: the short mode of ``make test`` and the full mode of
``make bench``. Every sample size, round count and optional step of every task is a field of
``Mode``, so the pytest suite and the error-analysis CLI (``quality.py``) run the same inputs
for the same mode, and ``benches/README.md`` can list them in one table.

Samples are seeded (``SEED``). A retrieval task draws its queries once at the full size and
truncates, so the short mode's queries are a prefix of the full mode's.
"""

from __future__ import annotations

from dataclasses import dataclass

SEED = 20261121


@dataclass(frozen=True)
class Mode:
    """Input sizes, rounds and optional steps of one run. ``None`` as a size means "all"."""

    full: bool

    # --- speed workloads (test_*.py) ---
    pairs: int  # name pairs scored (pair scoring)
    romanize_words: int  # Arabic-script words romanized
    search_queries: int  # queries against the OFAC names (index search)
    rounds: int  # pytest-benchmark rounds of an in-process workload
    resolve_rows: int  # rows of the `resolve match` input file
    scale_sizes: tuple[int, ...]  # names, for the scale curves
    scale_queries: int  # rows matched against each scale registry
    peer_time_limit: float  # seconds a peer's scale run may take

    # --- quality tasks (tasks.py) ---
    un_queries: int | None  # Arabic → Latin: Arabic UN names (None: all 413 entities)
    arabic_word_queries: int  # Arabic word → Latin word: netranslit Arabic words
    ofac_holdout: int  # OFAC alias retrieval: held-out aliases
    anetac_queries: int  # ANETAC organizations and places: Arabic spellings of each class
    screening_positives: int | None  # small screening: treated UN names (None: all 683)
    screening_negatives: int | None  # small screening: negatives_global people (None: all)
    lv2_queries: int  # logic-v2's retrieval sample (a prefix of each task's queries)
    lv2_screening_queries: int | None  # logic-v2's small-screening sample (None: all)
    lv2_candidates: int  # RapidFuzz token_sort candidates rescored by logic-v2
    lv2_pairs: int  # logic-v2's pair-scoring speed sample
    exhaustive_queries: int  # polyname `exhaustive=True` on a prefix of the queries; 0: skip
    spelling_words: int  # romanization: netranslit words whose spellings are checked
    dedup_lists: tuple[str, ...]  # shared lists deduplicated against their gold clusters
    resolve_screening_negatives: int | None  # screening through `resolve match` (None: all)
    resolve_ofac_queries: int  # OFAC alias retrieval through `resolve match`

    # --- screening at list scale (tasks.task_list_screening) ---
    list_negatives: int | None  # negatives_global + negatives_us people (None: all 100,000)
    list_rf_scorers: tuple[str, ...]  # RapidFuzz scorers measured
    list_wratio_negatives: int | None  # WRatio's sample of the negatives (None: all)
    list_lv2_negatives: int  # logic-v2's sample of the negatives; 0: logic-v2 not run
    list_scale_factor: int  # the larger registry, this many times the lists' aliases; 0: skip
    list_scale_negatives: int | None  # negatives matched against the larger registry
    list_dedup: bool  # count the dedup clusters that join entities sharing no spelling

    # --- text linking (test_text_linking.py) ---
    link_articles: int  # articles linked for the speed figure (linking.speed_corpus)


QUICK = Mode(
    full=False,
    pairs=5_000, romanize_words=5_000, search_queries=300, rounds=3, resolve_rows=2_000,
    scale_sizes=(10_000,), scale_queries=500, peer_time_limit=120,
    un_queries=300, arabic_word_queries=300, ofac_holdout=300, anetac_queries=300, screening_positives=None,
    screening_negatives=1_000, lv2_queries=100, lv2_screening_queries=500, lv2_candidates=50,
    lv2_pairs=500, exhaustive_queries=0, spelling_words=2_000, dedup_lists=("un-sc-consolidated",),
    resolve_screening_negatives=3_000, resolve_ofac_queries=500,
    list_negatives=5_000, list_rf_scorers=("token_sort_ratio",), list_wratio_negatives=None,
    list_lv2_negatives=0, list_scale_factor=0, list_scale_negatives=None, list_dedup=False,
    link_articles=50,
)
FULL = Mode(
    full=True,
    pairs=20_000, romanize_words=20_000, search_queries=1_000, rounds=5, resolve_rows=20_000,
    scale_sizes=(10_000, 100_000, 1_000_000), scale_queries=2_000, peer_time_limit=600,
    un_queries=None, arabic_word_queries=2_000, ofac_holdout=1_500, anetac_queries=2_000, screening_positives=None,
    screening_negatives=3_000, lv2_queries=200, lv2_screening_queries=None, lv2_candidates=50,
    lv2_pairs=500, exhaustive_queries=300, spelling_words=2_000,
    dedup_lists=("un-sc-consolidated", "ofac-sdn"),
    resolve_screening_negatives=None, resolve_ofac_queries=1_500,
    # WRatio scores about 30 ms a query against 42k aliases on 2 cores: all 100,000 negatives
    # would take most of an hour, so it reads a sample, as logic-v2 does.
    list_negatives=None, list_rf_scorers=("token_sort_ratio", "WRatio"), list_wratio_negatives=5_000,
    list_lv2_negatives=3_000, list_scale_factor=10, list_scale_negatives=10_000, list_dedup=True,
    link_articles=500,
)

MODES = {"quick": QUICK, "full": FULL}


def name(mode: Mode) -> str:
    """``"full"`` or ``"quick"``: how results files and reports name the mode."""
    return "full" if mode.full else "quick"
