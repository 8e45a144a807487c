"""The tasks of the protocol (``benches/README.md``): each runs every system of a ``Context``
on one evaluation set and returns its figures in the shape of the results file, which
``report.py`` renders. The pytest suite (``test_*.py``) and the error-analysis CLI
(``quality.py``) both call ``run`` (or one task function), so the same mode gives the same
figures through either.

polyname is judged at its documented default threshold (``polyname.MATCH_THRESHOLD``); the
peers are given their best threshold after the fact, as QUALITY.md does ("a generous
reading"), except in screening at list scale, where every system is read at its own default
and at the threshold that keeps recall 0.99.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import datasets
import evalsets
import metrics
import modes
from evalsets import RetrievalSet
from matchers import (
    LogicV2Matcher,
    Matcher,
    PolynameMatcher,
    RapidFuzzMatcher,
    Top1,
    log,
    polyname_search_modes,
)
from modes import Mode

#: Thresholds of the README's "Choosing a threshold" table.
THRESHOLDS = (0.70, 0.75, 0.80, 0.85, 0.90, 0.95)
#: Small screening: the peers are read at the threshold that lets this share of negatives through.
PEER_SCREENING_FPR = 0.01

# Screening at list scale.
#: The recall an operating point must keep.
LIST_RECALL = 0.99
#: RapidFuzz has no default threshold: the harness reads its scorers at 90 (0.90 on [0, 1]).
RAPIDFUZZ_DEFAULT_THRESHOLD = 0.90
#: logic-v2 at 0.70: nomenklatura has no threshold of its own; 0.70 is the match threshold of
#: yente, the OpenSanctions screening API that runs its matchers (``SCORE_THRESHOLD``).
LOGIC_V2_DEFAULT_THRESHOLD = 0.70
#: RapidFuzz top-1 scores under this are read as 0: no threshold of the curve lies there, and
#: a cutoff lets WRatio skip most of its partial ratios.
RAPIDFUZZ_SCORE_CUTOFF = 0.50
#: The curve: every operating point of recall at least this, and FPR on a grid of thresholds.
CURVE_MIN_RECALL = 0.90
CURVE_GRID = tuple(round(0.50 + 0.01 * i, 2) for i in range(51))
#: The dedup that the spelling-free count reads: RapidFuzz components at its best OFAC threshold.
RAPIDFUZZ_DEDUP_THRESHOLD = 0.92
#: Examples of spelling-free joins kept in the results, per system.
JOIN_EXAMPLES = 5


@dataclass
class Context:
    seed: int = modes.SEED
    mode: Mode = modes.FULL
    matchers: list[Matcher] = field(default_factory=list)
    # The systems asked for, matchers or not (the dedup peer Splink is not a matcher).
    systems: tuple[str, ...] = ()
    # Wrong answers (retrieval misses, name_bench errors, screening alerts) for error analysis.
    misses: list[dict[str, str]] | None = None

    def wants(self, system: str) -> bool:
        return system in self.systems or any(m.key == system for m in self.matchers)

    def matcher(self, cls: type[Matcher]) -> Matcher | None:
        return next((m for m in self.matchers if isinstance(m, cls)), None)


def timing(seconds: float, n: int, unit: str = "q") -> dict[str, float | str]:
    return {"seconds": seconds, "ms_per": 1000.0 * seconds / max(1, n), "unit": unit}


def _miss(ctx: Context, task: str, system: str, query: str, expected: str, got: str, score: float) -> None:
    if ctx.misses is not None:
        ctx.misses.append({"task": task, "system": system, "query": query, "expected": expected,
                           "got": got, "score": f"{score:.3f}"})


# ---------------------------------------------------------------------------------------
# Retrieval: Arabic -> Latin (UN), Arabic word -> Latin word, OFAC aliases
# ---------------------------------------------------------------------------------------


def evaluate_retrieval(task: str, rs: RetrievalSet, ctx: Context) -> dict[str, dict[str, Any]]:
    """Recall@1 of every system on one retrieval set, and the top-1 read as a decision."""
    n = len(rs.queries)
    all_ids = list(range(n))
    out: dict[str, dict[str, Any]] = {}
    answers: dict[str, Top1] = {}
    for m in (m for m in ctx.matchers if m.retrieves):
        limit = m.sample_limit(task, ctx.mode)
        ids = all_ids[:limit] if limit is not None else all_ids
        log(f"{task}: {m.key} on {len(ids)} queries x {len(rs.registry)} names")
        variants = m.retrieve(rs, ids)
        recalls = {v: metrics.recall_at_1(rs, t) for v, t in variants.items()}
        best = max(recalls, key=lambda v: recalls[v])
        top = variants[best]
        answers[m.key] = top
        _retrieval_misses(ctx, task, m.key, rs, top)
        decided = (metrics.retrieval_prf(rs, top, m.fixed_threshold) if m.fixed_threshold is not None
                   else metrics.retrieval_best_prf(rs, top))
        cell: dict[str, Any] = {
            "recall_at_1": recalls[best],
            **decided,
            "at": "default threshold" if m.fixed_threshold is not None else "best threshold",
            "n": len(ids),
            "variant": best,
            **timing(top.seconds, len(ids)),
            "variants": {
                v: {"recall_at_1": recalls[v], **timing(t.seconds, len(ids))}
                for v, t in variants.items()
            },
        }
        if isinstance(m, PolynameMatcher) and ctx.mode.exhaustive_queries > 0:
            cell["exhaustive"] = _exhaustive(m, rs, top, ctx)
        out[m.key] = {**cell, "task_n": n, "registry": len(rs.registry)}
        log(f"{task}: {m.key} recall@1 {recalls[best]:.3f} ({best}) in {top.seconds:.1f} s")
    _same_sample(rs, out, answers, {m.key: m.fixed_threshold for m in ctx.matchers if m.key in answers})
    return out


def _retrieval_misses(ctx: Context, task: str, system: str, rs: RetrievalSet, top: Top1) -> None:
    if ctx.misses is None:
        return
    names: dict[str, list[str]] = defaultdict(list)
    for n, e in zip(rs.registry, rs.registry_entities):
        names[e].append(n)
    for q, row, score in zip(top.query_ids, top.rows, top.scores):
        if not rs.is_hit(q, row):
            _miss(ctx, task, system, rs.queries[q], " | ".join(names.get(rs.expected[q], [])[:5]),
                  rs.registry[row] if row >= 0 else "", score)


def _exhaustive(m: PolynameMatcher, rs: RetrievalSet, indexed: Top1, ctx: Context) -> dict[str, Any]:
    """Recall@1 with ``exhaustive=True`` (every name scored) on a prefix of the queries, next
    to the index's recall on the same prefix: the difference is what candidate generation loses."""
    ids = indexed.query_ids[: ctx.mode.exhaustive_queries]
    try:
        brute = m.search(rs, ids, exhaustive=True)
    except TypeError as exc:  # an older build without the keyword
        log(f"polyname exhaustive search unavailable: {exc}")
        return {"error": str(exc)}
    r_index = metrics.recall_at_1(rs, indexed.subset(ids))
    r_brute = metrics.recall_at_1(rs, brute)
    return {
        "n": len(ids),
        "recall_at_1": r_brute,
        "index_recall_at_1": r_index,
        # > 0: candidate generation drops answers the scorer would rank first.
        "exhaustive_minus_index": r_brute - r_index,
        **timing(brute.seconds, len(ids)),
    }


def _same_sample(rs: RetrievalSet, out: dict[str, dict[str, Any]], answers: dict[str, Top1],
                 thresholds: dict[str, float | None]) -> None:
    """Every system's recall and F1 (at its default threshold, or its best on these queries)
    on the queries that a sampled system (logic-v2) answered, kept in that system's cell."""
    def f1(key: str, top: Top1) -> float:
        fixed = thresholds[key]
        decided = metrics.retrieval_prf(rs, top, fixed) if fixed is not None else metrics.retrieval_best_prf(rs, top)
        return decided["f1"]

    for key, top in answers.items():
        if len(top.query_ids) < len(rs.queries):
            out[key]["same_sample"] = {
                "n": len(top.query_ids),
                "recall_at_1": {k: metrics.recall_at_1(rs, t.subset(top.query_ids)) for k, t in answers.items()},
                "f1": {k: f1(k, t.subset(top.query_ids)) for k, t in answers.items()},
            }


def task_arabic_latin_un(ctx: Context) -> dict[str, Any]:
    """One Arabic-script name per UN entity vs all 4,258 Latin UN names."""
    return evaluate_retrieval("arabic_latin_un", evalsets.un_arabic_latin(ctx.seed, ctx.mode), ctx)


def task_arabic_word(ctx: Context) -> dict[str, Any]:
    """Arabic words vs all 64,969 Latin spellings (netranslit-wd-arabic)."""
    return evaluate_retrieval("arabic_word", evalsets.arabic_word(ctx.seed, ctx.mode), ctx)


def task_ofac_alias(ctx: Context) -> dict[str, Any]:
    """Held-out OFAC aliases vs the remaining OFAC names."""
    return evaluate_retrieval("ofac_alias", evalsets.ofac_alias(ctx.seed, ctx.mode), ctx)


def task_un_organizations(ctx: Context) -> dict[str, Any]:
    """UN organizations' Arabic, Cyrillic and Han names vs all Latin UN names."""
    return evaluate_retrieval("un_organizations", evalsets.un_organizations(ctx.seed, ctx.mode), ctx)


def task_anetac_organizations(ctx: Context) -> dict[str, Any]:
    """ANETAC organization names in Arabic letters vs all 79,924 Latin spellings."""
    task = "anetac_organizations"
    return evaluate_retrieval(task, evalsets.anetac_class(task, ctx.seed, ctx.mode), ctx)


def task_anetac_places(ctx: Context) -> dict[str, Any]:
    """ANETAC place names in Arabic letters vs all 79,924 Latin spellings."""
    task = "anetac_places"
    return evaluate_retrieval(task, evalsets.anetac_class(task, ctx.seed, ctx.mode), ctx)


# ---------------------------------------------------------------------------------------
# Name pairs
# ---------------------------------------------------------------------------------------


def task_name_bench(ctx: Context) -> dict[str, Any]:
    """P/R/F1 on name_bench; polyname at its default threshold, peers at their best."""
    cases = datasets.load_name_bench()
    labels = [c.is_match for c in cases]
    out: dict[str, Any] = {}
    for m in ctx.matchers:
        log(f"name_bench: {m.key} on {len(cases)} pairs")
        variants = m.score_pairs(cases)
        best_by_variant = {v: metrics.best_f1(labels, p.scores) for v, p in variants.items()}
        if m.fixed_threshold is not None:
            variant = next(iter(variants))
            main = metrics.prf(labels, variants[variant].scores, m.fixed_threshold)
        else:
            variant = max(best_by_variant, key=lambda v: best_by_variant[v]["f1"])
            main = best_by_variant[variant]
        scores = variants[variant].scores
        for c, score in zip(cases, scores):
            if (score >= main["threshold"]) != c.is_match:
                _miss(ctx, "name_bench", m.key, c.name1, "match" if c.is_match else "no match", c.name2, score)
        out[m.key] = {
            **main,
            "n": len(cases),
            "variant": variant,
            "at": "default threshold" if m.fixed_threshold is not None else "best threshold",
            "best": best_by_variant[variant],
            **timing(variants[variant].seconds, len(cases), unit="pair"),
            "variants": {
                v: {**best_by_variant[v], **timing(p.seconds, len(cases), unit="pair")}
                for v, p in variants.items()
            },
        }
        if m.fixed_threshold is not None:
            out[m.key]["by_threshold"] = [metrics.prf(labels, scores, t) for t in THRESHOLDS]
        log(f"name_bench: {m.key} F1 {main['f1']:.3f} @ {main['threshold']:.3f}")
    return out


# ---------------------------------------------------------------------------------------
# Screening against the 683 UN names
# ---------------------------------------------------------------------------------------


def task_screening(ctx: Context) -> dict[str, Any]:
    """Treated UN names + negatives vs the untreated UN names: recall and FPR."""
    rs = evalsets.screening(ctx.seed, ctx.mode)
    out: dict[str, Any] = {}
    all_ids = list(range(len(rs.queries)))
    for m in (m for m in ctx.matchers if m.retrieves):
        limit = m.sample_limit("screening", ctx.mode)
        ids = all_ids[:limit] if limit is not None else all_ids
        log(f"screening: {m.key} on {len(ids)} queries x {len(rs.registry)} names")
        variants = m.retrieve(rs, ids)
        at_fpr = {v: metrics.screening_at_fpr(rs, t, PEER_SCREENING_FPR) for v, t in variants.items()}
        if m.fixed_threshold is not None:
            variant = next(iter(variants))
            main = metrics.screening_at(rs, variants[variant], m.fixed_threshold)
        else:
            variant = max(at_fpr, key=lambda v: at_fpr[v]["recall"])
            main = at_fpr[variant]
        top = variants[variant]
        decided = metrics.retrieval_prf(rs, top, main["threshold"])
        for q, row, score in zip(top.query_ids, top.rows, top.scores):
            alerted = score >= main["threshold"]
            if (not alerted or not rs.is_hit(q, row)) if rs.expected[q] else alerted:
                _miss(ctx, "screening", m.key, rs.queries[q],
                      rs.registry[int(rs.expected[q])] if rs.expected[q] else "", rs.registry[row] if row >= 0 else "",
                      score)
        out[m.key] = {
            **main,
            "precision": decided["precision"],
            "f1": decided["f1"],
            "n": len(ids),
            "variant": variant,
            "at": "default threshold" if m.fixed_threshold is not None else f"FPR <= {PEER_SCREENING_FPR:.0%}",
            "at_1pct_fpr": at_fpr[variant],
            **timing(top.seconds, len(ids)),
            "variants": {v: {**at_fpr[v], **timing(t.seconds, len(ids))} for v, t in variants.items()},
            "task_n": len(rs.queries),
            "registry": len(rs.registry),
        }
        log(f"screening: {m.key} recall {main['recall']:.3f} FPR {main['fpr']:.4f} @ {main['threshold']:.3f}")
    return out


# ---------------------------------------------------------------------------------------
# Dedup against the gold clusters of a list
# ---------------------------------------------------------------------------------------


def _cluster_cell(gold: Sequence[str], labels: Sequence[int], threshold: float) -> dict[str, Any]:
    return {"threshold": threshold, "clusters": len(set(labels)),
            "pairwise": metrics.pairwise_prf(gold, labels)._asdict(),
            "bcubed": metrics.bcubed_prf(gold, labels)._asdict()}


def task_dedup(ctx: Context) -> dict[str, Any]:
    """Every name of each of the mode's lists clustered by each system, against the gold
    entities: polyname at its default threshold, RapidFuzz components and Splink at their best."""
    import polyname
    from dedup_peers import rapidfuzz_best_threshold, splink_best_threshold

    out: dict[str, Any] = {}
    for dataset in ctx.mode.dedup_lists:
        names, gold = evalsets.names_of(dataset)
        cells: dict[str, Any] = {}
        if ctx.wants("polyname"):
            log(f"dedup: polyname on {dataset} ({len(names):,} names)")
            cells["polyname"] = _cluster_cell(gold, polyname.dedup(names), float(polyname.MATCH_THRESHOLD))
        if ctx.wants("rapidfuzz"):
            log(f"dedup: rapidfuzz on {dataset}")
            threshold, labels, _ = rapidfuzz_best_threshold(names, gold)
            cells["rapidfuzz"] = _cluster_cell(gold, labels, threshold)
        if ctx.wants("splink"):
            log(f"dedup: splink on {dataset}")
            threshold, labels, _ = splink_best_threshold(names, gold)
            cells["splink"] = _cluster_cell(gold, labels, threshold)
        out[dataset] = {"names": len(names), "systems": cells}
    return out


# ---------------------------------------------------------------------------------------
# Screening at list scale
# ---------------------------------------------------------------------------------------


def _alert_cell(top: Top1, n_pos: int, threshold: float, at: str) -> dict[str, Any]:
    """Recall and FPR of one system's top-1 scores at its default ``threshold``, at the
    threshold that keeps ``LIST_RECALL``, and along the curve."""
    alerts = _alerts(top, n_pos)
    return {
        **alerts.at(threshold),
        "at": at,
        "n_pos": len(alerts.positives),
        "n_neg": len(alerts.negatives),
        "at_recall": {"target": LIST_RECALL, **alerts.at_recall(LIST_RECALL)},
        "curve": alerts.curve(CURVE_MIN_RECALL),
        "grid": alerts.grid(CURVE_GRID),
        **timing(top.seconds, len(top.query_ids)),
    }


def _alerts(top: Top1, n_pos: int) -> metrics.Alerts:
    return metrics.Alerts([s for q, s in zip(top.query_ids, top.scores) if q < n_pos],
                          [s for q, s in zip(top.query_ids, top.scores) if q >= n_pos])


def _alert_misses(ctx: Context, task: str, system: str, rs: RetrievalSet, top: Top1, n_pos: int,
                  threshold: float, untreated: Sequence[str]) -> None:
    """Positives not alerted, and negatives alerted, at ``threshold``."""
    for q, row, score in zip(top.query_ids, top.rows, top.scores):
        if (q < n_pos) != (score >= threshold):
            _miss(ctx, task, system, rs.queries[q], untreated[q] if q < n_pos else "",
                  rs.registry[row] if row >= 0 else "", score)


def _on_sample(answers: dict[str, tuple[Top1, float]], ids: Sequence[int], n_pos: int) -> dict[str, Any]:
    """Each system's figures on the queries ``ids`` (another system's sample)."""
    out = {}
    for key, (top, threshold) in answers.items():
        if set(ids) <= set(top.query_ids):
            alerts = _alerts(top.subset(ids), n_pos)
            at_recall = alerts.at_recall(LIST_RECALL)
            out[key] = {"recall": alerts.recall(threshold), "fpr": alerts.fpr(threshold),
                        "fpr_at_recall": at_recall["fpr"], "threshold_at_recall": at_recall["threshold"]}
    return out


def _screen(ctx: Context, task: str, rs: RetrievalSet, n_pos: int, n_neg: dict[str, int | None],
            *, scale: bool) -> tuple[dict[str, Any], dict[str, tuple[Top1, float]]]:
    """Every system of the task on ``rs``: polyname in each search mode, RapidFuzz with each
    scorer of the mode (token_sort_ratio only at scale), logic-v2 on a sample (not at scale).
    ``n_neg`` is each system's sample of the negatives (None: all). Returns the cells, and
    each system's answers with its default threshold."""
    pos_ids = list(range(n_pos))
    neg_ids = list(range(n_pos, len(rs.queries)))
    untreated = datasets.load_screening_names("positives_un_untreated.csv")

    def sample(n: int | None) -> list[int]:
        return pos_ids + neg_ids[:n]

    runs: list[tuple[str, Callable[[list[int]], Top1], float, str, int | None]] = []
    polyname_matcher = ctx.matcher(PolynameMatcher)
    if polyname_matcher is not None:
        variants = [PolynameMatcher(m) for m in polyname_search_modes()]
        if any(rs.registry_weak):
            # The same search with the lists' weak aliases read as any other: what marking
            # them is worth, and what a list without such marks reads.
            variants.append(PolynameMatcher("screening", alias_quality=False))
        for pm in variants:
            runs.append((pm.key, lambda ids, pm=pm: pm.search(rs, ids, exhaustive=False),
                         pm.fixed_threshold or 0.0, "default", n_neg.get("polyname")))
    if ctx.matcher(RapidFuzzMatcher) is not None:
        rf = RapidFuzzMatcher(score_cutoff=RAPIDFUZZ_SCORE_CUTOFF)
        for scorer in ctx.mode.list_rf_scorers[:1] if scale else ctx.mode.list_rf_scorers:
            runs.append((f"rapidfuzz:{scorer}", lambda ids, s=scorer: rf.retrieve(rs, ids, variants=[s])[s],
                         RAPIDFUZZ_DEFAULT_THRESHOLD, "ours", n_neg.get(scorer)))
    lv2 = ctx.matcher(LogicV2Matcher)
    if lv2 is not None and ctx.mode.list_lv2_negatives and not scale:
        runs.append(("logic-v2", lambda ids: lv2.retrieve(rs, ids)["logic-v2"], LOGIC_V2_DEFAULT_THRESHOLD,
                     "yente's", ctx.mode.list_lv2_negatives))

    cells: dict[str, Any] = {}
    answers: dict[str, tuple[Top1, float]] = {}
    for key, search, threshold, at, n in runs:
        ids = sample(n)
        log(f"{task}: {key} on {len(ids):,} queries x {len(rs.registry):,} names")
        top = search(ids)
        answers[key] = (top, threshold)
        cells[key] = _alert_cell(top, n_pos, threshold, at)
        _alert_misses(ctx, task, key, rs, top, n_pos, threshold, untreated)
        c = cells[key]
        log(f"{task}: {key} recall {c['recall']:.3f}, FPR {c['fpr']:.2%} @ {threshold:.2f}; "
            f"FPR {c['at_recall']['fpr']:.2%} at recall {c['at_recall']['recall']:.3f} "
            f"(@ {c['at_recall']['threshold']:.3f}) in {top.seconds:.1f} s")
    for key, (top, _) in answers.items():
        if len(top.query_ids) < len(rs.queries):
            cells[key]["same_sample"] = {"n_neg": len(top.query_ids) - n_pos,
                                         "systems": _on_sample(answers, top.query_ids, n_pos)}
    return cells, answers


def task_list_screening(ctx: Context) -> dict[str, Any]:
    """Screening at list scale: every OFAC and UN alias as the registry, the 683 treated UN
    names as the people to find, negatives_global and negatives_us as people on no list; an
    alert is a top-1 score at or above the threshold. In the full mode also a registry ten
    times larger (``scale_names``) and the dedup of the OFAC names: clusters that join
    entities sharing no spelling."""
    mode = ctx.mode
    rs, n_pos = evalsets.list_screening(ctx.seed, mode)
    cells, answers = _screen(ctx, "list_screening", rs, n_pos, {"WRatio": mode.list_wratio_negatives},
                             scale=False)
    out: dict[str, Any] = {"registry": len(rs.registry), "n_pos": n_pos, "n_neg": len(rs.queries) - n_pos,
                           "recall_target": LIST_RECALL, "systems": cells}
    if mode.list_scale_factor:
        import scale_names

        size = mode.list_scale_factor * len(rs.registry)
        log(f"list_screening: building the {mode.list_scale_factor}x registry ({size:,} names)")
        names, entities = scale_names.build(size, fixtures=False)
        big = evalsets.with_registry(rs, names, entities)
        sample = {k: mode.list_scale_negatives for k in ("polyname", "token_sort_ratio")}
        scaled, scaled_answers = _screen(ctx, "list_screening", big, n_pos, sample, scale=True)
        for key, (top, _) in scaled_answers.items():
            # The same queries against the lists alone: what the larger registry costs.
            scaled[key]["lists_alone"] = _on_sample({key: answers[key]}, top.query_ids, n_pos).get(key)
        out["scale"] = {"registry": len(names), "factor": mode.list_scale_factor, "systems": scaled}
    if mode.list_dedup:
        out["dedup"] = spelling_free_dedup(ctx)
    return out


# ---------------------------------------------------------------------------------------
# Dedup joins without a shared spelling
# ---------------------------------------------------------------------------------------


def skeleton(word: str) -> str:
    """A folded word without its vowels (a e i o u y), runs of one letter written once:
    ``mohammed`` and ``muhammad`` are both ``mhmd``. Empty for a word of vowels only."""
    out: list[str] = []
    for ch in word:
        if ch in "aeiouy" or (out and out[-1] == ch):
            continue
        out.append(ch)
    return "".join(out)


def word_keys(names: Sequence[str]) -> list[frozenset[str]]:
    """Each name's words (unidecode + RapidFuzz's default_process, split on spaces) and their
    skeletons, tagged so that a word meets only a word and a skeleton only a skeleton."""
    from matchers import rf_prepare

    out = []
    for folded in rf_prepare(names):
        words = folded.split()
        out.append(frozenset([f"w:{w}" for w in words] + [f"s:{s}" for s in map(skeleton, words) if s]))
    return out


def spelling_free_dedup(ctx: Context) -> dict[str, Any]:
    """The dedup of every OFAC name by polyname (its default threshold) and RapidFuzz
    components (``RAPIDFUZZ_DEDUP_THRESHOLD``): how many clusters join gold entities that
    share no word spelling or skeleton (``metrics.spelling_free_joins``)."""
    names, gold = evalsets.names_of("ofac-sdn")
    keys = word_keys(names)
    runs: list[tuple[str, Callable[[], list[int]], float]] = []
    if ctx.wants("polyname"):
        import polyname

        runs.append(("polyname", lambda: list(polyname.dedup(names)), float(polyname.MATCH_THRESHOLD)))
    if ctx.wants("rapidfuzz"):
        from dedup_peers import rapidfuzz_components

        runs.append(("rapidfuzz", lambda: rapidfuzz_components(names, RAPIDFUZZ_DEDUP_THRESHOLD),
                     RAPIDFUZZ_DEDUP_THRESHOLD))
    systems: dict[str, Any] = {}
    for key, cluster, threshold in runs:
        log(f"list_screening: dedup of {len(names):,} OFAC names by {key}")
        start = time.perf_counter()
        labels = cluster()
        seconds = time.perf_counter() - start
        joins = metrics.spelling_free_joins(keys, gold, labels)
        examples = [[[names[i] for i in group] for group in groups] for groups in joins.examples[:JOIN_EXAMPLES]]
        systems[key] = {"threshold": threshold, "clusters": joins.clusters, "multi_entity": joins.multi_entity,
                        "spelling_free": joins.spelling_free, "names_in_spelling_free": joins.names,
                        "examples": examples, "seconds": seconds}
        log(f"list_screening: {key} {joins.spelling_free} of {joins.multi_entity} multi-entity clusters "
            "join entities sharing no spelling")
    return {"list": "ofac-sdn", "names": len(names), "systems": systems}


# ---------------------------------------------------------------------------------------
# The tasks, and a run of several
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Task:
    """A task of the protocol: its function, its title and QUALITY.md's first bar, and the
    section of the results file its figures go to (``quality``: under the task's key)."""

    run: Callable[[Context], dict[str, Any]]
    title: str
    first_bar: str
    section: str = "quality"


TASKS: dict[str, Task] = {
    "arabic_latin_un": Task(task_arabic_latin_un, "Arabic → Latin, UN list", "R@1 ≥ 0.85"),
    "arabic_word": Task(task_arabic_word, "Arabic word → Latin word", "R@1 ≥ 0.60"),
    "ofac_alias": Task(task_ofac_alias, "OFAC alias retrieval", "R@1 ≥ 0.65"),
    "un_organizations": Task(task_un_organizations, "UN organizations, other scripts → Latin", "R@1 ≥ 0.80"),
    "anetac_organizations": Task(task_anetac_organizations, "ANETAC organizations, Arabic → Latin", "R@1 ≥ 0.80"),
    "anetac_places": Task(task_anetac_places, "ANETAC places, Arabic → Latin", "R@1 ≥ 0.90"),
    "screening": Task(task_screening, "screening (UN treated + negatives)", "R ≥ 0.99, FPR ≤ 0.5% @default"),
    "name_bench": Task(task_name_bench, "name_bench pairs", "F1 ≥ 0.82 @default"),
    "dedup": Task(task_dedup, "dedup against gold clusters", "", section="dedup"),
    "list_screening": Task(task_list_screening, "screening at list scale",
                           "R ≥ 0.99 and FPR ≤ 0.5% @default; at R 0.99 below RapidFuzz",
                           section="list_screening"),
}


def run(ctx: Context, tasks: Sequence[str]) -> dict[str, Any]:
    """Run ``tasks`` (keys of ``TASKS``) and return their figures by results section."""
    results: dict[str, Any] = {"quality": {}}
    for key in tasks:
        task = TASKS[key]
        figures = task.run(ctx)
        if task.section == "quality":
            results["quality"][key] = figures
        else:
            results[task.section] = figures
    return results


def context(systems: Sequence[str], mode: Mode, *, seed: int = modes.SEED, strict: bool = False,
            misses: list[dict[str, str]] | None = None) -> Context:
    """A context with the matchers of ``systems`` built for ``mode``."""
    from matchers import make_matchers, system_key

    keys = tuple(system_key(s) for s in systems)
    return Context(seed=seed, mode=mode, matchers=make_matchers(keys, mode, strict=strict), systems=keys,
                   misses=misses)

