"""The tasks of the protocol (``benches/README.md``): each runs every system of a ``Context``
on one evaluation set and returns its figures in the shape of the results file, which
``report.py`` renders. The pytest suite (``test_*.py``) and the error-analysis CLI
(``quality.py``) both call ``run`` (or one task function), so the same mode gives the same
figures through either.

polyname is judged at its documented default threshold (``polyname.MATCH_THRESHOLD``); the
peers are given their best threshold after the fact, as QUALITY.md does ("a generous
reading").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import datasets
import evalsets
import metrics
import modes
from evalsets import RetrievalSet
from matchers import Matcher, PolynameMatcher, Top1, log
from modes import Mode

#: Thresholds of the README's "Choosing a threshold" table.
THRESHOLDS = (0.70, 0.75, 0.80, 0.85, 0.90, 0.95)
#: Small screening: the peers are read at the threshold that lets this share of negatives through.
PEER_SCREENING_FPR = 0.01


@dataclass
class Context:
    seed: int = modes.SEED
    mode: Mode = modes.FULL
    matchers: list[Matcher] = field(default_factory=list)
    # The systems asked for, matchers or not (the dedup peer Splink is not a matcher).
    systems: tuple[str, ...] = ()
    # Wrong answers (retrieval misses, name_bench errors, screening errors) for error analysis.
    misses: list[dict[str, str]] | None = None

    def wants(self, system: str) -> bool:
        return system in self.systems or any(m.key == system for m in self.matchers)


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
    _same_sample(rs, out, answers)
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


def _same_sample(rs: RetrievalSet, out: dict[str, dict[str, Any]], answers: dict[str, Top1]) -> None:
    """Every system's recall on the queries that a sampled system (logic-v2) answered, kept
    in that system's cell."""
    for key, top in answers.items():
        if len(top.query_ids) < len(rs.queries):
            out[key]["same_sample"] = {
                "n": len(top.query_ids),
                "recall_at_1": {k: metrics.recall_at_1(rs, t.subset(top.query_ids)) for k, t in answers.items()},
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
    "screening": Task(task_screening, "screening (UN treated + negatives)", "R ≥ 0.99, FPR ≤ 0.5% @default"),
    "name_bench": Task(task_name_bench, "name_bench pairs", "F1 ≥ 0.82 @default"),
    "dedup": Task(task_dedup, "dedup against gold clusters", "", section="dedup"),
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

