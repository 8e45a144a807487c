"""The evaluation sets of the protocol (``benches/README.md``), drawn from the shared data.

Each builder takes the seed and the run's ``Mode`` (its sample sizes) and returns a
``RetrievalSet``: queries, the registry they are matched against, and what each query should
find. Each task draws from its own seeded stream, so a task's sample does not depend on which
other tasks run; samples are drawn at the full size and truncated, so the short mode's
queries are a prefix of the full mode's.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache

import datasets
import modes
from modes import Mode


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
    #: Which registry rows the lists mark weak aliases (empty: none marked).
    registry_weak: list[bool] = field(default_factory=list)

    def is_hit(self, query: int, row: int) -> bool:
        want = self.expected[query]
        if row < 0 or not want:
            return False
        if self.registry_entities[row] == want:
            return True
        return fold(self.registry[row]) in self.spellings.get(want, frozenset())


def spellings_of(rows: Sequence[datasets.NameRow]) -> dict[str, frozenset[str]]:
    """Each entity's names, folded: the identical-spelling rule's table."""
    by_entity: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        by_entity[r.entity_id].add(fold(r.name))
    return {e: frozenset(s) for e, s in by_entity.items()}


def rows_set(
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


@cache
def _names_of(dataset: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    rows = datasets.load_names(dataset)
    return tuple(r.name for r in rows), tuple(r.entity_id for r in rows)


def names_of(dataset: str) -> tuple[list[str], list[str]]:
    """Every name of a list and its gold entity, in file order (the dedup tasks' input)."""
    names, gold = _names_of(dataset)
    return list(names), list(gold)


def task_rng(seed: int, task: str) -> random.Random:
    """One stream per task: a task's draw does not depend on which other tasks run."""
    return random.Random(f"{seed}:{task}")


def un_arabic_latin(seed: int, mode: Mode) -> RetrievalSet:
    """One Arabic-script name per UN entity that has one, against all Latin UN names."""
    rows = datasets.load_un_names()
    rng = task_rng(seed, "arabic_latin_un")
    arabic: dict[str, list[datasets.NameRow]] = defaultdict(list)
    for r in rows:
        if r.script == "Arab":
            arabic[r.entity_id].append(r)
    picked = [rng.choice(arabic[e]) for e in sorted(arabic)]
    rng.shuffle(picked)
    picked = picked[: mode.un_queries]
    latin = [r for r in rows if r.script == "Latn"]
    return rows_set(picked, latin, spellings_of(rows))


def arabic_against_latin(rows: Sequence[datasets.NameRow], rng: random.Random,
                         is_query: Callable[[datasets.NameRow], bool], full: int, wanted: int) -> RetrievalSet:
    """Sampled Arabic rows that ``is_query`` picks (of clusters with a Latin spelling) against
    every Latin spelling of the corpus: ``full`` drawn, the first ``wanted`` kept. The
    identical-spelling rule is about the clusters' Latin spellings."""
    latin = [r for r in rows if r.script == "Latn"]
    has_latin = {r.entity_id for r in latin}
    pool = [r for r in rows if r.script == "Arab" and is_query(r) and r.entity_id in has_latin]
    picked = rng.sample(pool, min(full, len(pool)))[:wanted]
    return rows_set(picked, latin, spellings_of(latin))


def arabic_word(seed: int, mode: Mode) -> RetrievalSet:
    """Sampled Arabic words (netranslit) against every Latin spelling of every cluster."""
    return arabic_against_latin(datasets.load_netranslit_names(), task_rng(seed, "arabic_word"), lambda _: True,
                                modes.FULL.arabic_word_queries, mode.arabic_word_queries)


def ofac_alias(seed: int, mode: Mode) -> RetrievalSet:
    """Held-out OFAC names (one per sampled entity with >= 2 names) against all the others."""
    rows = datasets.load_ofac_names()
    rng = task_rng(seed, "ofac_alias")
    by_entity: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        by_entity[r.entity_id].append(i)
    eligible = sorted(e for e, idx in by_entity.items() if len(idx) >= 2)
    entities = rng.sample(eligible, min(modes.FULL.ofac_holdout, len(eligible)))
    held = [rng.choice(by_entity[e]) for e in entities][: mode.ofac_holdout]
    held_set = set(held)
    registry = [r for i, r in enumerate(rows) if i not in held_set]
    picked = [rows[i] for i in held]
    return rows_set(picked, registry, spellings_of(rows))


def un_organizations(seed: int, mode: Mode) -> RetrievalSet:
    """Every name of a UN organization in a script other than Latin (Arabic, Cyrillic, Han),
    against all Latin UN names: organizations are named by what they are, and the words of
    one name in two languages are translations, not spellings."""
    rows = datasets.load_un_names()
    picked = [r for r in rows if r.kind == "organization" and r.script not in ("Latn", "Zyyy")]
    task_rng(seed, "un_organizations").shuffle(picked)
    latin = [r for r in rows if r.script == "Latn"]
    return rows_set(picked, latin, spellings_of(rows))


#: ANETAC's classes of the cross-script tasks, by the class its Arabic rows are marked with.
ANETAC_CLASSES = {"anetac_organizations": "AR(ORGANIZATION)", "anetac_places": "AR(LOCATION)"}


def anetac_class(task: str, seed: int, mode: Mode) -> RetrievalSet:
    """Sampled Arabic spellings of one ANETAC class (organizations or places: mostly foreign
    names written in Arabic letters, Parmalat, Deutschland) against every Latin spelling of
    every class."""
    return arabic_against_latin(datasets.load_names("anetac"), task_rng(seed, task),
                                lambda r: r.source_field == ANETAC_CLASSES[task],
                                modes.FULL.anetac_queries, mode.anetac_queries)


def screening(seed: int, mode: Mode) -> RetrievalSet:
    """Treated UN names (row i is person i) and sampled negatives against the untreated names.

    Queries are shuffled together, so any prefix (the logic-v2 sample) mixes both kinds.
    """
    registry = datasets.load_screening_names("positives_un_untreated.csv")
    treated = datasets.load_screening_names("positives_un_treated.csv")
    negatives = datasets.load_screening_names("negatives_global.csv")
    rng = task_rng(seed, "screening")
    pos_ids = list(range(len(treated)))
    rng.shuffle(pos_ids)
    pos_ids = pos_ids[: mode.screening_positives]
    wanted = len(negatives) if mode.screening_negatives is None else mode.screening_negatives
    # Up to the full protocol's sample, smaller sizes take a prefix of that same sample.
    full = modes.FULL.screening_negatives or 0
    neg = rng.sample(negatives, min(max(wanted, full), len(negatives)))[:wanted]
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


#: The lists a screening registry holds, and the people matched against it.
LIST_REGISTRY = ("un-sc-consolidated", "ofac-sdn")
LIST_POSITIVES = "positives_un_treated.csv"
LIST_NEGATIVES = ("negatives_global.csv", "negatives_us.csv")


def list_screening(seed: int, mode: Mode) -> tuple[RetrievalSet, int]:
    """Screening at list scale: every name of the UN and OFAC lists as the registry; queries
    are the 683 treated UN names (expected ``"p<i>"``: any alert counts) followed by the
    negatives of both negative files shuffled once (expected ``""``), all of them or the
    mode's prefix. Returns the set and the number of positives (the first queries)."""
    rows = [r for dataset in LIST_REGISTRY for r in datasets.load_names(dataset)]
    positives = datasets.load_screening_names(LIST_POSITIVES)
    negatives = [n for f in LIST_NEGATIVES for n in datasets.load_screening_names(f)]
    task_rng(seed, "list_screening").shuffle(negatives)
    negatives = negatives[: mode.list_negatives]
    queries = positives + negatives
    return RetrievalSet(
        queries=queries,
        query_kinds=["person"] * len(queries),
        expected=[f"p{i}" for i in range(len(positives))] + [""] * len(negatives),
        registry=[r.name for r in rows],
        registry_entities=[r.entity_id for r in rows],
        registry_kinds=[r.kind for r in rows],
        spellings={},
        registry_weak=[datasets.is_weak_alias(r) for r in rows],
    ), len(positives)


def with_registry(rs: RetrievalSet, names: Sequence[str], entities: Sequence[str]) -> RetrievalSet:
    """The same queries against another registry (kinds unknown: ``other``)."""
    return RetrievalSet(
        queries=rs.queries, query_kinds=rs.query_kinds, expected=rs.expected,
        registry=list(names), registry_entities=list(entities), registry_kinds=["other"] * len(names),
        spellings=rs.spellings,
    )
