"""The systems under test: polyname and the peers a user would pick instead, each behind one
interface (``Matcher``): the top-1 registry row of each query, and the score of each pair.

Systems:
    polyname   the public API: ``NameIndex.search`` for retrieval (plus ``exhaustive=True``
               to measure what candidate generation loses), ``similarity_many`` for pairs.
               A search mode (``polyname_search_modes``) is a parameter of the matcher.
    rapidfuzz  RapidFuzz + unidecode: both sides unidecoded and ``default_process``-ed,
               ``process.cdist`` with token_sort_ratio and WRatio (the variants); the tasks
               report the better scorer, or each one.
    logic-v2   nomenklatura's logic-v2 matcher on followthemoney entities carrying only a
               ``name``. It scores ~1,000 pairs/s, so retrieval rescores the 50 best RapidFuzz
               token_sort_ratio candidates of a seeded sample of the queries.
    jellyfish  jellyfish's Jaro-Winkler on the same folded names: pairs only.
    splink     Splink + DuckDB clusters names (the dedup task only; ``dedup_peers``).

A system whose package is not installed is skipped with a message (``make_matchers``).
"""

from __future__ import annotations

import importlib.metadata
import itertools
import sys
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import datasets
from evalsets import RetrievalSet
from modes import Mode

#: Peers that only cluster (the dedup task's): no ``Matcher``, named like the others.
CLUSTER_PEERS = ("splink",)
ALL_SYSTEMS = ("polyname", "rapidfuzz", "logic-v2", "jellyfish", *CLUSTER_PEERS)
SYSTEM_ALIASES = {
    "rapidfuzz+unidecode": "rapidfuzz",
    "nomenklatura": "logic-v2",
    "logic_v2": "logic-v2",
    "logicv2": "logic-v2",
}
#: The search modes polyname's ``NameIndex.search`` may take (``polyname_search_modes``).
POLYNAME_SEARCH_MODES = ("screening", "mention")


@dataclass
class Top1:
    """Each answered query's best registry row (-1: nothing returned) and its score."""

    query_ids: list[int]
    rows: list[int]
    scores: list[float]
    seconds: float

    def subset(self, query_ids: Sequence[int]) -> Top1:
        """The answers restricted to ``query_ids`` (time is not apportioned)."""
        where = {q: i for i, q in enumerate(self.query_ids)}
        idx = [where[q] for q in query_ids]
        return Top1(list(query_ids), [self.rows[i] for i in idx], [self.scores[i] for i in idx], float("nan"))


@dataclass
class PairScores:
    scores: list[float]
    seconds: float


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def dist_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "?"


class Matcher(ABC):
    """One system under test. Variants are alternative configurations of one system
    (RapidFuzz scorers); a task reports the best variant, or each one."""

    key: str
    # None: judged at its best threshold per task (peers). A float: its own default.
    fixed_threshold: float | None = None
    # False: a pair scorer with no search of its own (brute force would take hours).
    retrieves: bool = True

    @abstractmethod
    def retrieve(self, rs: RetrievalSet, query_ids: list[int], *,
                 variants: Sequence[str] | None = None) -> dict[str, Top1]:
        """Top-1 registry row per query, one ``Top1`` per variant (``variants``: only those)."""

    @abstractmethod
    def score_pairs(self, cases: Sequence[datasets.PairCase]) -> dict[str, PairScores]:
        """Score of each pair, one ``PairScores`` per variant."""

    def sample_limit(self, task: str, mode: Mode) -> int | None:
        """How many queries (a prefix) this system answers for a retrieval task."""
        return None

    def version(self) -> str:
        return ""


# ---------------------------------------------------------------------------------------
# polyname
# ---------------------------------------------------------------------------------------


def polyname_search_modes() -> tuple[str | None, ...]:
    """The search modes to measure: each of ``POLYNAME_SEARCH_MODES`` when
    ``NameIndex.search`` takes a ``mode`` keyword, else only the default (``None``)."""
    import polyname

    index = polyname.NameIndex(["0"], ["probe"])
    try:
        index.search(["probe"], limit=1, mode=POLYNAME_SEARCH_MODES[0])
    except TypeError:
        return (None,)
    return POLYNAME_SEARCH_MODES


class PolynameMatcher(Matcher):
    """polyname's public API; ``search_mode`` is passed to ``NameIndex.search`` as ``mode``
    (None: the default, no keyword). The registry's weak aliases (``RetrievalSet.registry_weak``)
    are marked in the index unless ``alias_quality`` is False (key suffix ``:unmarked``)."""

    def __init__(self, search_mode: str | None = None, *, alias_quality: bool = True) -> None:
        import polyname

        self.pn = polyname
        self.search_mode = search_mode
        self.alias_quality = alias_quality
        self.key = ("polyname" if search_mode is None else f"polyname:{search_mode}") + (
            "" if alias_quality else ":unmarked")
        self.fixed_threshold = float(polyname.MATCH_THRESHOLD)

    def version(self) -> str:
        return str(getattr(self.pn, "__version__", dist_version("polyname")))

    def retrieve(self, rs: RetrievalSet, query_ids: list[int], *,
                 variants: Sequence[str] | None = None) -> dict[str, Top1]:
        return {self.search_mode or "index": self.search(rs, query_ids, exhaustive=False)}

    def search(self, rs: RetrievalSet, query_ids: list[int], *, exhaustive: bool) -> Top1:
        """Index the registry, then the top-1 of each query; the time includes the build."""
        start = time.perf_counter()
        # Row numbers as ids: the harness maps them back to entities and spellings itself.
        # (Its words counted once per entity, as a registry counts them.)
        weak = {"weak": list(rs.registry_weak)} if self.alias_quality and any(rs.registry_weak) else {}
        index = self.pn.NameIndex([str(i) for i in range(len(rs.registry))], rs.registry,
                                  entities=list(rs.registry_entities), **weak)
        queries = [rs.queries[q] for q in query_ids]
        kwargs: dict[str, Any] = {"limit": 1}
        if exhaustive:
            kwargs["exhaustive"] = True
        if self.search_mode is not None:
            kwargs["mode"] = self.search_mode
        results = index.search(queries, **kwargs)
        seconds = time.perf_counter() - start
        rows = [int(r[0].id) if r else -1 for r in results]
        scores = [float(r[0].score) if r else 0.0 for r in results]
        return Top1(list(query_ids), rows, scores, seconds)

    def score_pairs(self, cases: Sequence[datasets.PairCase]) -> dict[str, PairScores]:
        start = time.perf_counter()
        scores = self.pn.similarity_many([c.name1 for c in cases], [c.name2 for c in cases])
        return {"similarity": PairScores(list(map(float, scores)), time.perf_counter() - start)}


# ---------------------------------------------------------------------------------------
# RapidFuzz + unidecode
# ---------------------------------------------------------------------------------------


def rf_prepare(names: Sequence[str]) -> list[str]:
    """What a RapidFuzz user does with names in several scripts: unidecode, then the
    library's default_process (lower-case, punctuation to spaces, trimmed)."""
    from rapidfuzz.utils import default_process
    from unidecode import unidecode

    return [default_process(unidecode(n)) for n in names]


def _chunk(registry: Sequence[str]) -> int:
    """Queries per ``cdist`` call: a float32 score matrix of at most ~256 MB (64,969 names
    x 2,000 queries would be 520 MB)."""
    return max(1, (64 << 20) // max(1, len(registry)))


def rf_argmax(
    queries: list[str], registry: list[str], scorer: Callable[..., float], score_cutoff: float = 0.0
) -> tuple[list[int], list[float]]:
    """Best registry row per query (the first of equal scores) and its score in [0, 1], with
    ``process.cdist`` on all cores in chunks of queries (``_chunk``), each matrix released
    before the next is computed. ``score_cutoff`` (in [0, 1]) lets a scorer skip work:
    a best score under it is returned as 0."""
    import numpy as np
    from rapidfuzz import process

    def one(part: list[str]) -> tuple[list[int], list[float]]:
        m = process.cdist(part, registry, scorer=scorer, dtype=np.float32, workers=-1,
                          score_cutoff=100.0 * score_cutoff if score_cutoff else None)
        best = m.argmax(axis=1)
        return [int(b) for b in best], [float(s) / 100.0 for s in m[np.arange(len(best)), best]]

    rows: list[int] = []
    scores: list[float] = []
    step = _chunk(registry)
    for start in range(0, len(queries), step):
        r, s = one(queries[start : start + step])
        rows += r
        scores += s
    return rows, scores


def rf_topk(queries: list[str], registry: list[str], k: int) -> list[list[int]]:
    """The k best registry rows per query by token_sort_ratio, best first."""
    import numpy as np
    from rapidfuzz import fuzz, process

    k = min(k, len(registry))
    out: list[list[int]] = []
    step = _chunk(registry)
    for start in range(0, len(queries), step):
        m = process.cdist(
            queries[start : start + step],
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

    def __init__(self, score_cutoff: float = 0.0) -> None:
        import numpy  # noqa: F401  (process.cdist needs it)
        import unidecode  # noqa: F401
        from rapidfuzz import fuzz

        self.scorers: dict[str, Callable[..., float]] = {
            "token_sort_ratio": fuzz.token_sort_ratio,
            "WRatio": fuzz.WRatio,
        }
        self.score_cutoff = score_cutoff
        self._prepared: tuple[list[str], list[str]] | None = None

    def version(self) -> str:
        return f"rapidfuzz {dist_version('rapidfuzz')}, unidecode {dist_version('unidecode')}"

    def _registry(self, rs: RetrievalSet) -> list[str]:
        # One registry folded once for the variants and samples of a task.
        if self._prepared is None or self._prepared[0] is not rs.registry:
            self._prepared = (rs.registry, rf_prepare(rs.registry))
        return self._prepared[1]

    def retrieve(self, rs: RetrievalSet, query_ids: list[int], *,
                 variants: Sequence[str] | None = None) -> dict[str, Top1]:
        start = time.perf_counter()
        registry = self._registry(rs)
        queries = rf_prepare([rs.queries[q] for q in query_ids])
        prep = time.perf_counter() - start
        out = {}
        for name in variants or self.scorers:
            start = time.perf_counter()
            rows, scores = rf_argmax(queries, registry, self.scorers[name], self.score_cutoff)
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


# ---------------------------------------------------------------------------------------
# nomenklatura logic-v2
# ---------------------------------------------------------------------------------------

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

    def __init__(self, candidates: int = 50) -> None:
        from followthemoney import model
        from nomenklatura.matching import get_algorithm

        algorithm = get_algorithm("logic-v2")
        if algorithm is None:
            raise ImportError("nomenklatura has no 'logic-v2' algorithm")
        self.algorithm = algorithm
        self.config = algorithm.default_config()
        self.model = model
        self.candidates = candidates
        # logic-v2 memoises name analysis by entity id (lru_cache on Entity.__hash__, shared by
        # every instance), so an id must never be reused for another name: one proxy per
        # distinct (schema, name), ids from one counter for the whole process.
        self.proxies: dict[tuple[str, str], Any] = {}

    def version(self) -> str:
        return f"nomenklatura {dist_version('nomenklatura')}, followthemoney {dist_version('followthemoney')}"

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

    def sample_limit(self, task: str, mode: Mode) -> int | None:
        return mode.lv2_screening_queries if task == "screening" else mode.lv2_queries

    def retrieve(self, rs: RetrievalSet, query_ids: list[int], *,
                 variants: Sequence[str] | None = None) -> dict[str, Top1]:
        start = time.perf_counter()
        candidates = rf_topk(
            rf_prepare([rs.queries[q] for q in query_ids]),
            rf_prepare(rs.registry),
            self.candidates,
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


# ---------------------------------------------------------------------------------------
# jellyfish
# ---------------------------------------------------------------------------------------


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
        return f"jellyfish {dist_version('jellyfish')}, unidecode {dist_version('unidecode')}"

    def retrieve(self, rs: RetrievalSet, query_ids: list[int], *,
                 variants: Sequence[str] | None = None) -> dict[str, Top1]:
        raise NotImplementedError("jellyfish scores pairs only")

    def score_pairs(self, cases: Sequence[datasets.PairCase]) -> dict[str, PairScores]:
        start = time.perf_counter()
        left = rf_prepare([c.name1 for c in cases])
        right = rf_prepare([c.name2 for c in cases])
        scores = [self.jw(a, b) for a, b in zip(left, right)]
        return {"jaro_winkler": PairScores(scores, time.perf_counter() - start)}


MATCHERS: dict[str, Callable[[Mode], Matcher]] = {
    "polyname": lambda mode: PolynameMatcher(),
    "rapidfuzz": lambda mode: RapidFuzzMatcher(),
    "logic-v2": lambda mode: LogicV2Matcher(candidates=mode.lv2_candidates),
    "jellyfish": lambda mode: JellyfishMatcher(),
}


def system_key(raw: str) -> str:
    """A system's name as the harness keys it (``nomenklatura`` -> ``logic-v2``)."""
    key = SYSTEM_ALIASES.get(raw.strip(), raw.strip())
    if key not in MATCHERS and key not in CLUSTER_PEERS:
        raise ValueError(f"unknown system {raw!r}; choose from {', '.join(ALL_SYSTEMS)}")
    return key


def make_matchers(systems: Sequence[str], mode: Mode, *, strict: bool = False) -> list[Matcher]:
    """Instantiate the requested systems; a missing package skips the system (or raises,
    with ``strict``)."""
    out = []
    for raw in systems:
        key = system_key(raw)
        if key in CLUSTER_PEERS:
            continue
        try:
            out.append(MATCHERS[key](mode))
        except ImportError as exc:
            if strict:
                raise
            log(f"skipping {key}: not importable ({exc})")
    return out
