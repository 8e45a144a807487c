"""Quality harness: the evaluation protocol of QUALITY.md, polyname side by side with its peers.

Every system runs in the same process on the same seeded queries, and one Markdown table is
printed (tasks x systems) with each system's time. polyname is judged at its documented
default threshold (``polyname.MATCH_THRESHOLD``); the peers are given their best threshold
after the fact, as QUALITY.md does ("a generous reading").

Usage::

    python benches/quality.py [--quick] [--seed N] [--systems polyname,rapidfuzz,logic-v2]
                              [--tasks arabic_latin_un,...] [--json PATH] [--misses PATH]

The shared data folder is found through POLYNAME_SHARED (default ../shared, relative to the
repository root). The bench suite (``test_index_search.py``, ``test_pair_scoring.py``) runs
the same protocol; this script is for error analysis (``--misses``) and one-off runs.

Systems:
    polyname   the public API: ``NameIndex.search`` for retrieval (plus ``exhaustive=True``
               to measure what candidate generation loses), ``similarity_many`` for pairs.
    rapidfuzz  RapidFuzz + unidecode: both sides unidecoded and ``default_process``-ed,
               ``process.cdist`` with token_sort_ratio and WRatio; the better scorer per task
               is reported.
    logic-v2   nomenklatura's logic-v2 matcher on followthemoney entities carrying only a
               ``name``. It scores ~1,000 pairs/s, so retrieval rescores the 50 best RapidFuzz
               token_sort_ratio candidates of a seeded sample of the queries.

A system whose package is not installed is skipped with a message.
"""

from __future__ import annotations

import argparse
import csv
import importlib.metadata
import itertools
import json
import math
import platform
import random
import sys
import time
from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, is_dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

# Run as a script (`python benches/quality.py`) or imported by pytest from benches/.
sys.path.insert(0, str(Path(__file__).resolve().parent))
import datasets

DEFAULT_SEED = 20261121
ALL_SYSTEMS = ("polyname", "rapidfuzz", "logic-v2", "jellyfish")
SYSTEM_ALIASES = {
    "rapidfuzz+unidecode": "rapidfuzz",
    "nomenklatura": "logic-v2",
    "logic_v2": "logic-v2",
    "logicv2": "logic-v2",
}
LABELS = {
    "polyname": "polyname",
    "rapidfuzz": "rapidfuzz+unidecode",
    "logic-v2": "nomenklatura logic-v2",
    "jellyfish": "jellyfish Jaro-Winkler",
}
# Screening peers are read at the threshold that lets this share of negatives through.
PEER_SCREENING_FPR = 0.01


@dataclass(frozen=True)
class Sizes:
    """Sample sizes. Queries are drawn once at the full size and then truncated, so the
    quick sample is a prefix of the full one and every system sees the same queries."""

    un_queries: int | None = None  # None: all 413 entities with an Arabic name
    arabic_word_queries: int = 2000
    ofac_holdout: int = 1500
    screening_positives: int | None = None  # None: all 683
    screening_negatives: int | None = 3000  # None: all negatives_global people
    lv2_queries: int = 200  # logic-v2 retrieval sample (a prefix of each task's queries)
    lv2_screening_queries: int | None = None  # logic-v2 screening sample; None: all
    lv2_candidates: int = 50  # RapidFuzz candidates rescored by logic-v2
    # polyname exhaustive=True (brute force, ~175 ms/query on OFAC) on a prefix; 0: skip.
    exhaustive_queries: int = 300


FULL = Sizes()
QUICK = Sizes(
    un_queries=300,
    arabic_word_queries=300,
    ofac_holdout=300,
    screening_negatives=1000,
    lv2_queries=100,
    lv2_screening_queries=500,
)

TASKS = {
    "arabic_latin_un": "Arabic → Latin, UN list",
    "arabic_word": "Arabic word → Latin word (netranslit)",
    "ofac_alias": "OFAC alias retrieval",
    "name_bench": "name_bench pairs",
    "screening": "screening (UN treated + negatives)",
}
# QUALITY.md's first bar for each task, printed beside the figures.
FIRST_BAR = {
    "arabic_latin_un": "R@1 ≥ 0.85",
    "arabic_word": "R@1 ≥ 0.60",
    "ofac_alias": "R@1 ≥ 0.65",
    "name_bench": "F1 ≥ 0.82 @default",
    "screening": "R ≥ 0.99, FPR ≤ 0.5% @default",
}


# ---------------------------------------------------------------------------------------
# Evaluation sets
# ---------------------------------------------------------------------------------------


def fold(name: str) -> str:
    """Key for the identical-spelling rule: case and spacing are not a different spelling."""
    return " ".join(name.casefold().split())


@dataclass
class RetrievalSet:
    """Queries against a registry of names; a query's answer is its top-1 registry row.

    A hit is a top-1 row of the expected entity, or one whose name is an identical spelling
    (see ``fold``) of a name of the expected entity: two entities that share a spelling
    cannot be told apart by name alone. ``expected == ""`` marks a query that should match
    nothing (screening negatives).
    """

    queries: list[str]
    query_kinds: list[str]
    expected: list[str]
    registry: list[str]
    registry_entities: list[str]
    registry_kinds: list[str]
    spellings: dict[str, frozenset[str]]

    def is_hit(self, query: int, row: int) -> bool:
        want = self.expected[query]
        if row < 0 or not want:
            return False
        if self.registry_entities[row] == want:
            return True
        return fold(self.registry[row]) in self.spellings.get(want, frozenset())


def _spellings(rows: Sequence[datasets.NameRow]) -> dict[str, frozenset[str]]:
    by_entity: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        by_entity[r.entity_id].add(fold(r.name))
    return {e: frozenset(s) for e, s in by_entity.items()}


def _rows_set(
    picked: Sequence[datasets.NameRow],
    registry: Sequence[datasets.NameRow],
    spellings: dict[str, frozenset[str]],
) -> RetrievalSet:
    """A retrieval set whose queries and registry are rows of a names.csv."""
    return RetrievalSet(
        queries=[r.name for r in picked],
        query_kinds=[r.kind for r in picked],
        expected=[r.entity_id for r in picked],
        registry=[r.name for r in registry],
        registry_entities=[r.entity_id for r in registry],
        registry_kinds=[r.kind for r in registry],
        spellings=spellings,
    )


def _rng(seed: int, task: str) -> random.Random:
    # One stream per task: a task's draw does not depend on which other tasks run.
    return random.Random(f"{seed}:{task}")


def build_un_arabic_latin(seed: int, sizes: Sizes) -> RetrievalSet:
    """One Arabic-script name per UN entity that has one, against all Latin UN names."""
    rows = datasets.load_un_names()
    rng = _rng(seed, "arabic_latin_un")
    arabic: dict[str, list[datasets.NameRow]] = defaultdict(list)
    for r in rows:
        if r.script == "Arab":
            arabic[r.entity_id].append(r)
    picked = [rng.choice(arabic[e]) for e in sorted(arabic)]
    rng.shuffle(picked)
    picked = picked[: sizes.un_queries]
    latin = [r for r in rows if r.script == "Latn"]
    return _rows_set(picked, latin, _spellings(rows))


def build_arabic_word(seed: int, sizes: Sizes) -> RetrievalSet:
    """Sampled Arabic words (netranslit) against every Latin spelling of every cluster."""
    rows = datasets.load_netranslit_names()
    rng = _rng(seed, "arabic_word")
    latin = [r for r in rows if r.script == "Latn"]
    has_latin = {r.entity_id for r in latin}
    pool = [r for r in rows if r.script == "Arab" and r.entity_id in has_latin]
    picked = rng.sample(pool, min(FULL.arabic_word_queries, len(pool)))
    picked = picked[: sizes.arabic_word_queries]
    # The identical-spelling rule is about the cluster's Latin spellings.
    return _rows_set(picked, latin, _spellings(latin))


def build_ofac_alias(seed: int, sizes: Sizes) -> RetrievalSet:
    """Held-out OFAC names (one per sampled entity with >= 2 names) against all the others."""
    rows = datasets.load_ofac_names()
    rng = _rng(seed, "ofac_alias")
    by_entity: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        by_entity[r.entity_id].append(i)
    eligible = sorted(e for e, idx in by_entity.items() if len(idx) >= 2)
    entities = rng.sample(eligible, min(FULL.ofac_holdout, len(eligible)))
    held = [rng.choice(by_entity[e]) for e in entities][: sizes.ofac_holdout]
    held_set = set(held)
    registry = [r for i, r in enumerate(rows) if i not in held_set]
    picked = [rows[i] for i in held]
    return _rows_set(picked, registry, _spellings(rows))


def build_screening(seed: int, sizes: Sizes) -> RetrievalSet:
    """Treated UN names (row i is person i) and sampled negatives against the untreated names.

    Queries are shuffled together, so any prefix (the logic-v2 sample) mixes both kinds.
    """
    registry = datasets.load_screening_names("positives_un_untreated.csv")
    treated = datasets.load_screening_names("positives_un_treated.csv")
    negatives = datasets.load_screening_names("negatives_global.csv")
    rng = _rng(seed, "screening")
    pos_ids = list(range(len(treated)))
    rng.shuffle(pos_ids)
    pos_ids = pos_ids[: sizes.screening_positives]
    wanted = len(negatives) if sizes.screening_negatives is None else sizes.screening_negatives
    # Up to the full protocol's sample, smaller sizes take a prefix of that same sample.
    neg = rng.sample(negatives, min(max(wanted, FULL.screening_negatives or 0), len(negatives)))[:wanted]
    queries = [(treated[i], str(i)) for i in pos_ids] + [(n, "") for n in neg]
    rng.shuffle(queries)
    return RetrievalSet(
        queries=[q for q, _ in queries],
        query_kinds=["person"] * len(queries),
        expected=[e for _, e in queries],
        registry=registry,
        registry_entities=[str(i) for i in range(len(registry))],
        registry_kinds=["person"] * len(registry),
        # Person i's own spelling: the list holds one name twice (two people).
        spellings={str(i): frozenset([fold(n)]) for i, n in enumerate(registry)},
    )


# ---------------------------------------------------------------------------------------
# Systems
# ---------------------------------------------------------------------------------------


@dataclass
class Top1:
    """Each answered query's best registry row (-1: nothing returned) and its score."""

    query_ids: list[int]
    rows: list[int]
    scores: list[float]
    seconds: float


@dataclass
class PairScores:
    scores: list[float]
    seconds: float


class Matcher(ABC):
    """One system under test. Variants are alternative configurations of one system
    (RapidFuzz scorers); the task reports the best variant, as QUALITY.md does."""

    key: str
    # None: judged at its best threshold per task (peers). A float: its own default.
    fixed_threshold: float | None = None
    # False: a pair scorer with no search of its own (brute force would take hours).
    retrieves: bool = True

    @abstractmethod
    def retrieve(self, rs: RetrievalSet, query_ids: list[int]) -> dict[str, Top1]:
        """Top-1 registry row per query, one ``Top1`` per variant."""

    @abstractmethod
    def score_pairs(self, cases: Sequence[datasets.PairCase]) -> dict[str, PairScores]:
        """Score of each pair, one ``PairScores`` per variant."""

    def sample_limit(self, task: str, sizes: Sizes) -> int | None:
        """How many queries (a prefix) this system answers for a retrieval task."""
        return None

    def version(self) -> str:
        return ""


def _dist_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "?"


class PolynameMatcher(Matcher):
    key = "polyname"

    def __init__(self) -> None:
        import polyname

        self.pn = polyname
        self.fixed_threshold = float(polyname.MATCH_THRESHOLD)

    def version(self) -> str:
        return str(getattr(self.pn, "__version__", _dist_version("polyname")))

    def retrieve(self, rs: RetrievalSet, query_ids: list[int]) -> dict[str, Top1]:
        return {"index": self.search(rs, query_ids, exhaustive=False)}

    def search(self, rs: RetrievalSet, query_ids: list[int], *, exhaustive: bool) -> Top1:
        start = time.perf_counter()
        # Row numbers as ids: the harness maps them back to entities and spellings itself.
        index = self.pn.NameIndex([str(i) for i in range(len(rs.registry))], rs.registry)
        queries = [rs.queries[q] for q in query_ids]
        kwargs: dict[str, Any] = {"limit": 1}
        if exhaustive:
            kwargs["exhaustive"] = True
        results = index.search(queries, **kwargs)
        seconds = time.perf_counter() - start
        rows = [int(r[0].id) if r else -1 for r in results]
        scores = [float(r[0].score) if r else 0.0 for r in results]
        return Top1(list(query_ids), rows, scores, seconds)

    def score_pairs(self, cases: Sequence[datasets.PairCase]) -> dict[str, PairScores]:
        start = time.perf_counter()
        scores = self.pn.similarity_many([c.name1 for c in cases], [c.name2 for c in cases])
        return {"similarity": PairScores(list(map(float, scores)), time.perf_counter() - start)}


def rf_prepare(names: Sequence[str]) -> list[str]:
    """What a RapidFuzz user does with names in several scripts: unidecode, then the
    library's default_process (lower-case, punctuation to spaces, trimmed)."""
    from rapidfuzz.utils import default_process
    from unidecode import unidecode

    return [default_process(unidecode(n)) for n in names]


def rf_argmax(
    queries: list[str], registry: list[str], scorer: Callable[..., float]
) -> tuple[list[int], list[float]]:
    """Best registry row per query with ``process.cdist``, in chunks of queries so that the
    float32 score matrix stays under ~256 MB (64,969 names x 2,000 queries would be 520 MB)."""
    import numpy as np
    from rapidfuzz import process

    chunk = max(1, (64 << 20) // max(1, len(registry)))
    rows: list[int] = []
    scores: list[float] = []
    for start in range(0, len(queries), chunk):
        m = process.cdist(
            queries[start : start + chunk], registry, scorer=scorer, dtype=np.float32, workers=-1
        )
        best = m.argmax(axis=1)
        rows.extend(int(b) for b in best)
        scores.extend(float(s) / 100.0 for s in m[np.arange(len(best)), best])
    return rows, scores


def rf_topk(queries: list[str], registry: list[str], k: int) -> list[list[int]]:
    """The k best registry rows per query by token_sort_ratio, best first."""
    import numpy as np
    from rapidfuzz import fuzz, process

    k = min(k, len(registry))
    chunk = max(1, (64 << 20) // max(1, len(registry)))
    out: list[list[int]] = []
    for start in range(0, len(queries), chunk):
        m = process.cdist(
            queries[start : start + chunk],
            registry,
            scorer=fuzz.token_sort_ratio,
            dtype=np.float32,
            workers=-1,
        )
        part = np.argpartition(-m, k - 1, axis=1)[:, :k]
        for i, cand in enumerate(part):
            # Stable order: score desc, then registry order (what argmax would prefer).
            out.append(sorted(cand.tolist(), key=lambda c: (-m[i, c], c)))
    return out


class RapidFuzzMatcher(Matcher):
    key = "rapidfuzz"

    def __init__(self) -> None:
        import numpy  # noqa: F401  (process.cdist needs it)
        import unidecode  # noqa: F401
        from rapidfuzz import fuzz

        self.scorers: dict[str, Callable[..., float]] = {
            "token_sort_ratio": fuzz.token_sort_ratio,
            "WRatio": fuzz.WRatio,
        }

    def version(self) -> str:
        return f"rapidfuzz {_dist_version('rapidfuzz')}, unidecode {_dist_version('unidecode')}"

    def retrieve(self, rs: RetrievalSet, query_ids: list[int]) -> dict[str, Top1]:
        start = time.perf_counter()
        registry = rf_prepare(rs.registry)
        queries = rf_prepare([rs.queries[q] for q in query_ids])
        prep = time.perf_counter() - start
        out = {}
        for name, scorer in self.scorers.items():
            start = time.perf_counter()
            rows, scores = rf_argmax(queries, registry, scorer)
            out[name] = Top1(list(query_ids), rows, scores, prep + time.perf_counter() - start)
        return out

    def score_pairs(self, cases: Sequence[datasets.PairCase]) -> dict[str, PairScores]:
        from rapidfuzz import process

        start = time.perf_counter()
        left = rf_prepare([c.name1 for c in cases])
        right = rf_prepare([c.name2 for c in cases])
        prep = time.perf_counter() - start
        out = {}
        for name, scorer in self.scorers.items():
            start = time.perf_counter()
            m = process.cpdist(left, right, scorer=scorer, workers=-1)
            scores = [float(s) / 100.0 for s in m]
            out[name] = PairScores(scores, prep + time.perf_counter() - start)
        return out


# names.csv kinds -> followthemoney schemata. logic-v2 reads the schema (person-name rules vs
# organization words) and scores 0 across schemata that cannot match (Person vs Organization):
# a logic-v2 user always states it, so it is given the gold kind.
KIND_SCHEMA = {
    "person": "Person",
    "organization": "Organization",
    "vessel": "Vessel",
    "other": "LegalEntity",
}


_PROXY_IDS = itertools.count()


class LogicV2Matcher(Matcher):
    key = "logic-v2"

    def __init__(self) -> None:
        from followthemoney import model
        from nomenklatura.matching import get_algorithm

        algorithm = get_algorithm("logic-v2")
        if algorithm is None:
            raise ImportError("nomenklatura has no 'logic-v2' algorithm")
        self.algorithm = algorithm
        self.config = algorithm.default_config()
        self.model = model
        # logic-v2 memoises name analysis by entity id (lru_cache on Entity.__hash__, shared by
        # every instance), so an id must never be reused for another name: one proxy per
        # distinct (schema, name), ids from one counter for the whole process.
        self.proxies: dict[tuple[str, str], Any] = {}
        self.sizes = FULL

    def version(self) -> str:
        return f"nomenklatura {_dist_version('nomenklatura')}, followthemoney {_dist_version('followthemoney')}"

    def proxy(self, schema: str, name: str) -> Any:
        key = (schema, name)
        entity = self.proxies.get(key)
        if entity is None:
            entity = self.model.make_entity(schema)
            entity.id = f"e{next(_PROXY_IDS)}"
            entity.add("name", name)
            self.proxies[key] = entity
        return entity

    def compare(self, schema_a: str, a: str, schema_b: str, b: str) -> float:
        result = self.algorithm.compare(
            self.proxy(schema_a, a), self.proxy(schema_b, b), self.config
        )
        return float(result.score)

    def sample_limit(self, task: str, sizes: Sizes) -> int | None:
        return sizes.lv2_screening_queries if task == "screening" else sizes.lv2_queries

    def retrieve(self, rs: RetrievalSet, query_ids: list[int]) -> dict[str, Top1]:
        start = time.perf_counter()
        candidates = rf_topk(
            rf_prepare([rs.queries[q] for q in query_ids]),
            rf_prepare(rs.registry),
            self.sizes.lv2_candidates,
        )
        rows: list[int] = []
        scores: list[float] = []
        for q, cands in zip(query_ids, candidates):
            q_schema = KIND_SCHEMA.get(rs.query_kinds[q], "LegalEntity")
            best_row, best = -1, 0.0
            for c in cands:
                s = self.compare(
                    q_schema,
                    rs.queries[q],
                    KIND_SCHEMA.get(rs.registry_kinds[c], "LegalEntity"),
                    rs.registry[c],
                )
                # Strictly greater: ties keep the better RapidFuzz candidate; a query whose
                # candidates all score 0 returns nothing (logic-v2 saw no match at all).
                if s > best:
                    best_row, best = c, s
            rows.append(best_row)
            scores.append(best)
        return {"logic-v2": Top1(list(query_ids), rows, scores, time.perf_counter() - start)}

    def score_pairs(self, cases: Sequence[datasets.PairCase]) -> dict[str, PairScores]:
        start = time.perf_counter()
        scores = [self.compare(c.schema, c.name1, c.schema, c.name2) for c in cases]
        return {"logic-v2": PairScores(scores, time.perf_counter() - start)}


class JellyfishMatcher(Matcher):
    """jellyfish's Jaro-Winkler on unidecoded, folded names: pairs only (it has no batch or
    search API, so retrieval would be a Python loop over every pair)."""

    key = "jellyfish"
    retrieves = False

    def __init__(self) -> None:
        import jellyfish
        import unidecode  # noqa: F401

        self.jw = jellyfish.jaro_winkler_similarity

    def version(self) -> str:
        return f"jellyfish {_dist_version('jellyfish')}, unidecode {_dist_version('unidecode')}"

    def retrieve(self, rs: RetrievalSet, query_ids: list[int]) -> dict[str, Top1]:
        raise NotImplementedError("jellyfish scores pairs only")

    def score_pairs(self, cases: Sequence[datasets.PairCase]) -> dict[str, PairScores]:
        start = time.perf_counter()
        left = rf_prepare([c.name1 for c in cases])
        right = rf_prepare([c.name2 for c in cases])
        scores = [self.jw(a, b) for a, b in zip(left, right)]
        return {"jaro_winkler": PairScores(scores, time.perf_counter() - start)}


MATCHERS: dict[str, Callable[[], Matcher]] = {
    "polyname": PolynameMatcher,
    "rapidfuzz": RapidFuzzMatcher,
    "logic-v2": LogicV2Matcher,
    "jellyfish": JellyfishMatcher,
}


def make_matchers(systems: Sequence[str], *, strict: bool = False) -> list[Matcher]:
    """Instantiate the requested systems; a missing package skips the system (or raises,
    with ``strict``)."""
    out = []
    for raw in systems:
        key = SYSTEM_ALIASES.get(raw.strip(), raw.strip())
        if key not in MATCHERS:
            raise ValueError(f"unknown system {raw!r}; choose from {', '.join(ALL_SYSTEMS)}")
        try:
            out.append(MATCHERS[key]())
        except ImportError as exc:
            if strict:
                raise
            log(f"skipping {LABELS[key]}: not importable ({exc})")
    return out


# ---------------------------------------------------------------------------------------
# Metrics
# ---------------------------------------------------------------------------------------


def recall_at_1(rs: RetrievalSet, top: Top1) -> float:
    hits = [rs.is_hit(q, row) for q, row in zip(top.query_ids, top.rows)]
    return sum(hits) / len(hits) if hits else math.nan


def subset(top: Top1, query_ids: Sequence[int]) -> Top1:
    """The answers of ``top`` restricted to ``query_ids`` (time is not apportioned)."""
    where = {q: i for i, q in enumerate(top.query_ids)}
    idx = [where[q] for q in query_ids]
    return Top1(list(query_ids), [top.rows[i] for i in idx], [top.scores[i] for i in idx], math.nan)


def decision(right: int, given: int, wanted: int, threshold: float) -> dict[str, float]:
    """Precision, recall and F1 of ``given`` answers of which ``right`` are right, out of
    ``wanted`` that should have been given."""
    p = right / given if given else 0.0
    r = right / wanted if wanted else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "threshold": threshold}


def prf(labels: Sequence[bool], scores: Sequence[float], threshold: float) -> dict[str, float]:
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
# Tasks
# ---------------------------------------------------------------------------------------


@dataclass
class Context:
    seed: int = DEFAULT_SEED
    sizes: Sizes = FULL
    matchers: list[Matcher] = field(default_factory=list)
    # Wrong answers (retrieval misses, name_bench errors) for error analysis, or None.
    misses: list[dict[str, str]] | None = None


def log(msg: str) -> None:
    print(f"[quality {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def _timing(seconds: float, n: int, unit: str = "q") -> dict[str, float | str]:
    return {"seconds": seconds, "ms_per": 1000.0 * seconds / max(1, n), "unit": unit}


def evaluate_retrieval(task: str, rs: RetrievalSet, ctx: Context) -> dict[str, Any]:
    """Recall@1 of every system on one retrieval set (tasks 1-3)."""
    n = len(rs.queries)
    all_ids = list(range(n))
    out: dict[str, Any] = {"n": n, "registry": len(rs.registry), "systems": {}}
    answers: dict[str, Top1] = {}
    for m in (m for m in ctx.matchers if m.retrieves):
        limit = m.sample_limit(task, ctx.sizes)
        ids = all_ids[:limit] if limit is not None else all_ids
        log(f"{task}: {m.key} on {len(ids)} queries x {len(rs.registry)} names")
        variants = m.retrieve(rs, ids)
        recalls = {v: recall_at_1(rs, t) for v, t in variants.items()}
        best = max(recalls, key=lambda v: recalls[v])
        answers[m.key] = variants[best]
        _record_misses(ctx, task, m.key, rs, variants[best])
        top = variants[best]
        decided = (retrieval_prf(rs, top, m.fixed_threshold) if m.fixed_threshold is not None
                   else retrieval_best_prf(rs, top))
        cell: dict[str, Any] = {
            "recall_at_1": recalls[best],
            **decided,
            "at": "default threshold" if m.fixed_threshold is not None else "best threshold",
            "n": len(ids),
            "variant": best,
            **_timing(variants[best].seconds, len(ids)),
            "variants": {
                v: {"recall_at_1": recalls[v], **_timing(t.seconds, len(ids))}
                for v, t in variants.items()
            },
        }
        if isinstance(m, PolynameMatcher) and ctx.sizes.exhaustive_queries > 0:
            cell["exhaustive"] = _exhaustive(m, rs, variants[best], ctx)
        out["systems"][m.key] = cell
        log(
            f"{task}: {m.key} recall@1 {recalls[best]:.3f} ({best}) in {variants[best].seconds:.1f} s"
        )
    _same_sample(rs, out, answers)
    return out


def _record_misses(ctx: Context, task: str, system: str, rs: RetrievalSet, top: Top1) -> None:
    if ctx.misses is None:
        return
    names: dict[str, list[str]] = defaultdict(list)
    for n, e in zip(rs.registry, rs.registry_entities):
        names[e].append(n)
    for q, row, score in zip(top.query_ids, top.rows, top.scores):
        if not rs.is_hit(q, row):
            want = names.get(rs.expected[q], [])
            ctx.misses.append(
                {
                    "task": task,
                    "system": system,
                    "query": rs.queries[q],
                    "expected": " | ".join(want[:5]),
                    "got": rs.registry[row] if row >= 0 else "",
                    "score": f"{score:.3f}",
                }
            )


def _exhaustive(
    m: PolynameMatcher, rs: RetrievalSet, indexed: Top1, ctx: Context
) -> dict[str, Any]:
    """Recall@1 with ``exhaustive=True`` (every name scored) on a prefix of the queries, next
    to the index's recall on the same prefix: the difference is what candidate generation loses."""
    ids = indexed.query_ids[: ctx.sizes.exhaustive_queries]
    try:
        brute = m.search(rs, ids, exhaustive=True)
    except TypeError as exc:  # an older build without the keyword
        log(f"polyname exhaustive search unavailable: {exc}")
        return {"error": str(exc)}
    r_index = recall_at_1(rs, subset(indexed, ids))
    r_brute = recall_at_1(rs, brute)
    return {
        "n": len(ids),
        "recall_at_1": r_brute,
        "index_recall_at_1": r_index,
        # > 0: candidate generation drops answers the scorer would rank first.
        "exhaustive_minus_index": r_brute - r_index,
        **_timing(brute.seconds, len(ids)),
    }


def _same_sample(rs: RetrievalSet, out: dict[str, Any], answers: dict[str, Top1]) -> None:
    """Every system's recall on the queries that the sampled system (logic-v2) answered."""
    sampled = [t for t in answers.values() if len(t.query_ids) < len(rs.queries)]
    if not sampled:
        return
    ids = min(sampled, key=lambda t: len(t.query_ids)).query_ids
    out["same_sample"] = {
        "n": len(ids),
        "recall_at_1": {k: recall_at_1(rs, subset(t, ids)) for k, t in answers.items()},
    }


def task_arabic_latin_un(ctx: Context) -> dict[str, Any]:
    """Task 1: one Arabic-script name per UN entity vs all 4,258 Latin UN names."""
    return evaluate_retrieval("arabic_latin_un", build_un_arabic_latin(ctx.seed, ctx.sizes), ctx)


def task_arabic_word(ctx: Context) -> dict[str, Any]:
    """Task 2: Arabic words vs all 64,969 Latin spellings (netranslit-wd-arabic)."""
    return evaluate_retrieval("arabic_word", build_arabic_word(ctx.seed, ctx.sizes), ctx)


def task_ofac_alias(ctx: Context) -> dict[str, Any]:
    """Task 3: held-out OFAC aliases vs the remaining OFAC names."""
    return evaluate_retrieval("ofac_alias", build_ofac_alias(ctx.seed, ctx.sizes), ctx)


def task_name_bench(ctx: Context) -> dict[str, Any]:
    """Task 4: P/R/F1 on name_bench; polyname at its default threshold, peers at their best."""
    cases = datasets.load_name_bench()
    labels = [c.is_match for c in cases]
    out: dict[str, Any] = {"n": len(cases), "systems": {}}
    for m in ctx.matchers:
        log(f"name_bench: {m.key} on {len(cases)} pairs")
        variants = m.score_pairs(cases)
        best_by_variant = {v: best_f1(labels, p.scores) for v, p in variants.items()}
        if m.fixed_threshold is not None:
            variant = next(iter(variants))
            main = prf(labels, variants[variant].scores, m.fixed_threshold)
        else:
            variant = max(best_by_variant, key=lambda v: best_by_variant[v]["f1"])
            main = best_by_variant[variant]
        if ctx.misses is not None:
            for c, score in zip(cases, variants[variant].scores):
                if (score >= main["threshold"]) != c.is_match:
                    ctx.misses.append(
                        {
                            "task": "name_bench",
                            "system": m.key,
                            "query": c.name1,
                            "expected": "match" if c.is_match else "no match",
                            "got": c.name2,
                            "score": f"{score:.3f}",
                        }
                    )
        out["systems"][m.key] = {
            **main,
            "n": len(cases),
            "variant": variant,
            "at": "default threshold" if m.fixed_threshold is not None else "best threshold",
            "best": best_by_variant[variant],
            **_timing(variants[variant].seconds, len(cases), unit="pair"),
            "variants": {
                v: {**best_by_variant[v], **_timing(p.seconds, len(cases), unit="pair")}
                for v, p in variants.items()
            },
        }
        log(f"name_bench: {m.key} F1 {main['f1']:.3f} @ {main['threshold']:.3f}")
    return out


def task_screening(ctx: Context) -> dict[str, Any]:
    """Task 5: treated UN names + negatives vs the untreated UN names: recall and FPR."""
    rs = build_screening(ctx.seed, ctx.sizes)
    n_pos = sum(1 for e in rs.expected if e)
    out: dict[str, Any] = {
        "n": len(rs.queries),
        "n_pos": n_pos,
        "n_neg": len(rs.queries) - n_pos,
        "registry": len(rs.registry),
        "systems": {},
    }
    all_ids = list(range(len(rs.queries)))
    for m in (m for m in ctx.matchers if m.retrieves):
        limit = m.sample_limit("screening", ctx.sizes)
        ids = all_ids[:limit] if limit is not None else all_ids
        log(f"screening: {m.key} on {len(ids)} queries x {len(rs.registry)} names")
        variants = m.retrieve(rs, ids)
        at_fpr = {v: screening_at_fpr(rs, t, PEER_SCREENING_FPR) for v, t in variants.items()}
        if m.fixed_threshold is not None:
            variant = next(iter(variants))
            main = screening_at(rs, variants[variant], m.fixed_threshold)
        else:
            variant = max(at_fpr, key=lambda v: at_fpr[v]["recall"])
            main = at_fpr[variant]
        decided = retrieval_prf(rs, variants[variant], main["threshold"])
        out["systems"][m.key] = {
            **main,
            "precision": decided["precision"],
            "f1": decided["f1"],
            "n": len(ids),
            "variant": variant,
            "at": "default threshold"
            if m.fixed_threshold is not None
            else f"FPR <= {PEER_SCREENING_FPR:.0%}",
            "at_1pct_fpr": at_fpr[variant],
            **_timing(variants[variant].seconds, len(ids)),
            "variants": {
                v: {**at_fpr[v], **_timing(t.seconds, len(ids))} for v, t in variants.items()
            },
        }
        log(
            f"screening: {m.key} recall {main['recall']:.3f} FPR {main['fpr']:.4f} @ {main['threshold']:.3f}"
        )
    return out


TASK_FUNCS: dict[str, Callable[[Context], dict[str, Any]]] = {
    "arabic_latin_un": task_arabic_latin_un,
    "arabic_word": task_arabic_word,
    "ofac_alias": task_ofac_alias,
    "name_bench": task_name_bench,
    "screening": task_screening,
}


def run(
    *,
    seed: int = DEFAULT_SEED,
    quick: bool = False,
    systems: Sequence[str] = ALL_SYSTEMS,
    tasks: Sequence[str] = tuple(TASK_FUNCS),
    strict: bool = False,
    sizes: Sizes | None = None,
    misses: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    """Run the protocol and return the results as a JSON-able dict.

    Args:
        misses: when a list is given, every wrong answer is appended to it (see ``--misses``).
    """
    sizes = sizes or (QUICK if quick else FULL)
    matchers = make_matchers(systems, strict=strict)
    for m in matchers:
        if isinstance(m, LogicV2Matcher):
            m.sizes = sizes
    ctx = Context(seed=seed, sizes=sizes, matchers=matchers, misses=misses)
    started = time.perf_counter()
    results: dict[str, Any] = {
        "meta": {
            **run_meta(seed, quick, sizes),
            "systems": {m.key: m.version() for m in matchers},
            "thresholds": {m.key: m.fixed_threshold for m in matchers},
        },
        "tasks": {},
    }
    for task in tasks:
        results["tasks"][task] = TASK_FUNCS[task](ctx)
    results["meta"]["seconds"] = time.perf_counter() - started
    return results


def run_meta(seed: int, quick: bool, sizes: Any) -> dict[str, Any]:
    """What every results file says about its run: seed, sizes, time, machine."""
    return {
        "seed": seed,
        "quick": quick,
        "sizes": asdict(sizes) if is_dataclass(sizes) else sizes,
        "started": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {_cpus()} cores",
    }


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


# ---------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------


def _secs(cell: dict[str, Any]) -> str:
    return f"{cell['seconds']:.1f} s, {cell['ms_per']:.2f} ms/{cell['unit']}"


def format_cell(task: str, key: str, cell: dict[str, Any], task_n: int) -> str:
    n = f" (n={cell['n']})" if cell["n"] != task_n else ""
    variant = f" {cell['variant']}" if key == "rapidfuzz" else ""
    if task in ("arabic_latin_un", "arabic_word", "ofac_alias"):
        text = f"R@1 {cell['recall_at_1']:.3f}{variant}{n}"
        exh = cell.get("exhaustive")
        if exh and "error" not in exh:
            text += (
                f"; exhaustive {exh['recall_at_1']:.3f} vs index {exh['index_recall_at_1']:.3f}"
                f" on n={exh['n']} ({exh['seconds']:.1f} s)"
            )
    elif task == "name_bench":
        text = (
            f"F1 {cell['f1']:.3f} (P {cell['precision']:.3f}, R {cell['recall']:.3f})"
            f" @{cell['threshold']:.3f}{variant}"
        )
        if cell["at"] == "default threshold":
            text += f"; best F1 {cell['best']['f1']:.3f} @{cell['best']['threshold']:.3f}"
    else:
        text = f"R {cell['recall']:.3f}, FPR {cell['fpr']:.2%} @{cell['threshold']:.3f}{variant}{n}"
        if cell["at"] == "default threshold":
            text += f"; at 1% FPR: R {cell['at_1pct_fpr']['recall']:.3f} @{cell['at_1pct_fpr']['threshold']:.3f}"
    return f"{text} · {_secs(cell)}"


def format_table(results: dict[str, Any]) -> str:
    systems = list(results["meta"]["systems"])
    header = ["task", "n"] + [LABELS[s] for s in systems] + ["first bar"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    notes = []
    for task, res in results["tasks"].items():
        cells = [
            format_cell(task, s, res["systems"][s], res["n"]) if s in res["systems"] else "—"
            for s in systems
        ]
        n = f"{res['n']:,}"
        if "registry" in res:
            n += f" vs {res['registry']:,}"
        lines.append("| " + " | ".join([TASKS[task], n, *cells, FIRST_BAR[task]]) + " |")
        same = res.get("same_sample")
        if same:
            figures = ", ".join(f"{LABELS[k]} {v:.3f}" for k, v in same["recall_at_1"].items())
            notes.append(f"- {TASKS[task]}, on the logic-v2 sample (n={same['n']}): {figures}")
    meta = results["meta"]
    thresholds = ", ".join(
        f"{LABELS[k]} {f'{v:.3f}' if v is not None else 'best per task'}"
        for k, v in meta["thresholds"].items()
    )
    foot = [
        "",
        (
            f"seed {meta['seed']}{' (quick)' if meta['quick'] else ''}; thresholds: {thresholds};"
            " peers: best scorer and best threshold per task (screening: recall at ≤1% FPR);"
            f" total {meta['seconds']:.0f} s on {meta['machine']}."
        ),
        *notes,
    ]
    return "\n".join(lines + foot)


def write_json(results: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)


def write_misses(rows: list[dict[str, str]], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(
            fh, fieldnames=["task", "system", "query", "expected", "got", "score"]
        )
        writer.writeheader()
        writer.writerows(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="polyname quality harness (QUALITY.md protocol)")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="small samples (300 queries per retrieval task), for CI",
    )
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"sampling seed (default {DEFAULT_SEED})"
    )
    parser.add_argument(
        "--systems",
        default=",".join(ALL_SYSTEMS),
        help=f"comma-separated, from {','.join(ALL_SYSTEMS)} (default: all installed)",
    )
    parser.add_argument(
        "--tasks",
        default=",".join(TASK_FUNCS),
        help=f"comma-separated, from {','.join(TASK_FUNCS)}",
    )
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument(
        "--strict",
        action="store_true",
        help="fail instead of skipping a system that is not installed",
    )
    parser.add_argument(
        "--misses",
        type=Path,
        help="also write every wrong answer (retrieval misses, name_bench errors) to this CSV",
    )
    args = parser.parse_args(argv)
    tasks = [t.strip() for t in args.tasks.split(",") if t.strip()]
    unknown = [t for t in tasks if t not in TASK_FUNCS]
    if unknown:
        parser.error(f"unknown task(s) {', '.join(unknown)}")
    systems = [s for s in args.systems.split(",") if s.strip()]
    misses: list[dict[str, str]] | None = [] if args.misses else None
    results = run(
        seed=args.seed,
        quick=args.quick,
        systems=systems,
        tasks=tasks,
        strict=args.strict,
        misses=misses,
    )
    if not results["meta"]["systems"]:
        log("no system could be run")
        return 1
    print(format_table(results), flush=True)
    if args.json:
        write_json(results, args.json)
        log(f"wrote {args.json}")
    if args.misses and misses is not None:
        write_misses(misses, args.misses)
        log(f"wrote {len(misses)} wrong answers to {args.misses}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
