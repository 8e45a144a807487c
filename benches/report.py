"""The one formatter of the harness. It renders a results file (``results/latest.json`` of
``make bench``, ``results/quick.json`` of ``make test``, or the ``--json`` of ``quality.py``)
as Markdown (``latest.md`` beside it), the plots in ``docs/``, and the README's "How good,
how fast" section (between its ``bench:begin`` / ``bench:end`` markers). ``make bench`` runs
it after the suite; ``quality.py`` prints through ``markdown``; run it alone to re-render the
same figures. Each section of the results file is rendered when it is there. Only
``results/latest.json`` replaces the plots in ``docs/`` and the README's figures unless told
(``--plots-dir docs``, ``--readme``): another file's plots go beside it.

Usage::

    python benches/report.py [RESULTS_JSON] [--no-readme | --readme] [--no-plots] [--plots-dir DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import tasks  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benches" / "results"
DOCS = ROOT / "docs"
README = ROOT / "README.md"
PLOT_QUALITY = DOCS / "bench-quality-speed.svg"
PLOT_SCALE = DOCS / "bench-scale.svg"
PLOT_SCREENING = DOCS / "bench-screening-curve.svg"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"

SYSTEMS = {
    "polyname": "polyname",
    "rapidfuzz": "RapidFuzz + unidecode",
    "logic-v2": "nomenklatura logic-v2",
    "jellyfish": "jellyfish Jaro-Winkler",
    "unidecode": "unidecode",
    "splink": "Splink + DuckDB",
    "rapidfuzz:token_sort_ratio": "RapidFuzz token_sort_ratio + unidecode",
    "rapidfuzz:WRatio": "RapidFuzz WRatio + unidecode",
    "pyahocorasick": "pyahocorasick (exact aliases)",
    "spacy": "spaCy PhraseMatcher",
}
COLORS = {"polyname": "#d62728", "rapidfuzz": "#1f77b4", "logic-v2": "#2ca02c", "jellyfish": "#9467bd",
          "splink": "#ff7f0e", "unidecode": "#8c564b",
          # A second variant of a system in one plot: a lighter shade of its colour.
          "polyname:mention": "#ff9896", "rapidfuzz:WRatio": "#17becf"}
# The quality tasks, in the table's order.
TASKS = {key: task.title for key, task in tasks.TASKS.items() if task.section == "quality"}
DATASETS = {"un-sc-consolidated": "UN", "ofac-sdn": "OFAC"}


def label(system: str) -> str:
    """A system's name for a reader: ``polyname:screening`` is polyname in search mode screening."""
    if system in SYSTEMS:
        return SYSTEMS[system]
    base, _, variant = system.partition(":")
    return f"{SYSTEMS.get(base, base)} ({variant})" if variant else system


def color(system: str) -> str:
    return COLORS.get(system) or COLORS.get(system.partition(":")[0], "grey")


def _num(x: float, digits: int = 3) -> str:
    return f"{x:.{digits}f}"


def _ms(cell: dict[str, Any]) -> str:
    unit = cell.get("unit", "q")
    unit = {"q": "query", "pair": "pair"}.get(unit, unit)
    if "ms_per" not in cell:
        return ""
    ms = cell["ms_per"]
    return f"{ms:.2f} ms/{unit}" if ms >= 0.1 else f"{ms * 1000:.1f} µs/{unit}"


def _sample(cell: dict[str, Any], task_n: int | None) -> str:
    return f", n={cell['n']:,}" if task_n and cell.get("n") and cell["n"] != task_n else ""


def quality_cell(task: str, system: str, cell: dict[str, Any]) -> str:
    at = "" if system == "polyname" else f" @{cell['threshold']:.2f}" if "threshold" in cell else ""
    prf = f"P {_num(cell['precision'])} / R {_num(cell['recall'])} / F1 {_num(cell['f1'])}"
    sample = _sample(cell, cell.get("task_n"))
    if task == "screening":
        text = f"R {_num(cell['recall'])}, FPR {cell['fpr']:.2%}{at}"
        if "precision" in cell:
            text += f"; P {_num(cell['precision'])} / F1 {_num(cell['f1'])}"
    elif task == "name_bench":
        text = f"{prf}{at}"
        system_name = cell.get("variant", "")
        if system == "rapidfuzz" and system_name:
            text += f" ({system_name})"
    else:
        text = f"**R@1 {_num(cell['recall_at_1'])}**; {prf}{at}"
        if system == "rapidfuzz":
            text += f" ({cell['variant']})"
    return f"{text} ({_ms(cell)}{sample})" if _ms(cell) else text


def quality_table(results: dict[str, Any], *, bars: bool = False) -> list[str]:
    """Tasks x systems; ``bars``: a last column with QUALITY.md's first bar of each task."""
    quality = results["quality"]
    systems = [s for s in ("polyname", "rapidfuzz", "logic-v2", "jellyfish")
               if any(s in quality.get(t, {}) for t in TASKS)]
    bar = " first bar |" if bars else ""
    lines = ["| task | " + " | ".join(SYSTEMS[s] for s in systems) + f" |{bar}",
             "|---|" + "---|" * (len(systems) + bars)]
    for task, title in TASKS.items():
        if task not in quality:
            continue
        cells = [quality_cell(task, s, quality[task][s]) if s in quality[task] else "—" for s in systems]
        if bars:
            cells.append(tasks.TASKS[task].first_bar)
        lines.append(f"| {title} | " + " | ".join(cells) + " |")
    notes, sample = [], 0
    for task in ("arabic_latin_un", "arabic_word", "ofac_alias"):
        exh = quality.get(task, {}).get("polyname", {}).get("exhaustive")
        if exh and "error" not in exh:
            sample = exh["n"]
            notes.append(f"{TASKS[task]}: {_num(exh['index_recall_at_1'])} with the index, "
                         f"{_num(exh['recall_at_1'])} scoring every name")
    if notes:
        lines += ["", "What the index's candidate step costs (recall@1 on the first "
                  f"{sample} queries): " + "; ".join(notes) + "."]
    same = []
    for task, title in TASKS.items():
        for system, cell in quality.get(task, {}).items():
            if "same_sample" in cell:
                recalls = cell["same_sample"]["recall_at_1"]
                figures = ", ".join(f"{SYSTEMS.get(k, k)} {_num(v)}" for k, v in recalls.items())
                same.append(f"{title}, on the {SYSTEMS.get(system, system)} sample "
                            f"(n={cell['same_sample']['n']:,}): {figures}")
    if same:
        lines += ["", "Recall@1 of every system on the sampled system's queries: " + "; ".join(same) + "."]
    return lines


def romanization_tables(results: dict[str, Any]) -> list[str]:
    q = results.get("quality", {})
    lines: list[str] = []
    if "romanization spelling" in q:
        lines += ["| romanization of netranslit Arabic words | exact English spelling | similarity to the nearest |",
                  "|---|---|---|"]
        for system, cell in q["romanization spelling"].items():
            lines.append(f"| {SYSTEMS.get(system, system)} | {_num(cell['exact'])} | {_num(cell['similarity'])} |")
    if "romanization keys" in q:
        lines += ["", "| key equality, Arabic word vs English spelling | precision | recall | F1 |",
                  "|---|---|---|---|"]
        for system, cell in q["romanization keys"].items():
            name = "polyname match key" if system == "polyname" else f"unidecode + {system}"
            lines.append(f"| {name} | {_num(cell['precision'])} | {_num(cell['recall'])} | {_num(cell['f1'])} |")
    return lines


def _plural(unit: str) -> str:
    return {"query": "queries", "alias": "aliases"}.get(unit, unit + "s")


def _per_item(cell: dict[str, Any]) -> str:
    us = cell["us_per_item"]
    return f"{us / 1000:,.2f} ms" if us >= 1000 else f"{us:,.1f} µs"


def speed_table(results: dict[str, Any]) -> list[str]:
    lines = ["| workload | system | time per item | total (median) | peer time / polyname time |",
             "|---|---|---|---|---|"]
    for group, cells in results["speed"].items():
        ours = cells.get("polyname")
        for system, cell in cells.items():
            ratio = ""
            if ours and system != "polyname":
                r = cell["us_per_item"] / ours["us_per_item"]
                ratio = f"**{r:.2f}×**" if r >= 1 else f"{r:.2f}× (polyname slower)"
            mem = f", peak {cell['peak_mb']:,.0f} MB" if cell.get("peak_mb") else ""
            lines.append(f"| {group} ({cell['items']:,} {_plural(cell['unit'])}) | {cell['label']} | {_per_item(cell)} "
                         f"| {cell['seconds']:.3f} s ({cell['rounds']} rounds{mem}) | {ratio} |")
    return lines


def dedup_table(results: dict[str, Any]) -> list[str]:
    lines = ["| list | system | threshold | pairwise P / R / F1 | B-cubed P / R / F1 | clusters |",
             "|---|---|---|---|---|---|"]
    for dataset, res in results.get("dedup", {}).items():
        for system, c in res["systems"].items():
            pw, b3 = c["pairwise"], c["bcubed"]
            at = "default" if system == "polyname" else "best"
            lines.append(f"| {DATASETS.get(dataset, dataset)}, {res['names']:,} names | {SYSTEMS[system]} "
                         f"| {c['threshold']:.2f} ({at}) | {_num(pw['precision'])} / {_num(pw['recall'])} / "
                         f"**{_num(pw['f1'])}** | {_num(b3['precision'])} / {_num(b3['recall'])} / "
                         f"**{_num(b3['f1'])}** | {c['clusters']:,} |")
    return lines


def _point(p: dict[str, Any] | None) -> str:
    if p is None:
        return "—"
    if "seconds" not in p:
        return p.get("skipped", "—")
    return f"{p['seconds']:,.1f} s, {p['peak_mb']:,.0f} MB"


def _start_up(s: dict[str, Any] | None) -> str:
    """`resolve match` of one row: with the saved index, then building it (file size)."""
    if not s:
        return "—"
    return (f"{s['saved_index']['seconds']:,.2f} s / {s['building']['seconds']:,.2f} s "
            f"(index file {s['index_mb']:,.0f} MB)")


def scale_tables(results: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    for workload, systems in results.get("scale", {}).items():
        names = sorted({p["names"] for points in systems.values() for p in points})
        order = [s for s in ("polyname", "rapidfuzz", "splink") if s in systems]
        extras = ([" polyname registry import", " polyname start-up: saved index / building it"]
                  if workload == "resolve match" else [])
        lines += ["", f"| {workload}: names | " + " | ".join([SYSTEMS[s] for s in order] + extras) + " |",
                  "|---|" + "---|" * (len(order) + len(extras))]
        for n in names:
            cells = [_point(next((p for p in systems[s] if p["names"] == n), None)) for s in order]
            if extras:
                p = next((p for p in systems["polyname"] if p["names"] == n), {})
                cells.append(_point(p.get("import")) if p.get("import") else "—")
                cells.append(_start_up(p.get("start_up")))
            lines.append(f"| {n:,} | " + " | ".join(cells) + " |")
    return lines


def gates_list(results: dict[str, Any]) -> list[str]:
    out = []
    for name, g in results.get("gates", {}).items():
        mark = "ok" if g["ok"] else "**FAILED**"
        claim = f", claimed {g['claim']:.2f}×" if "claim" in g else ""
        gate = f"gate {g['floor']:.3f}" if "floor" in g else f"ceiling {g['ceiling']:.4f}"
        digits = 3 if "floor" in g else 4
        out.append(f"- {name}: {g['measured']:.{digits}f} ({gate}{claim}) {mark}")
    return out


def _pct(x: float) -> str:
    return f"{100 * x:.2f} %"


def _alert_row(system: str, cell: dict[str, Any], registry: int) -> str:
    at_recall = cell["at_recall"]
    return (f"| {label(system)} | {registry:,} | {cell['n_pos']:,} + {cell['n_neg']:,} "
            f"| {cell['threshold']:.2f} ({cell['at']}) | {_num(cell['recall'])} | {_pct(cell['fpr'])} "
            f"| **{_pct(at_recall['fpr'])}** (@{at_recall['threshold']:.3f}, R {_num(at_recall['recall'])}) "
            f"| {_ms(cell)} |")


def _same_sample_note(system: str, cell: dict[str, Any]) -> str:
    same = cell["same_sample"]
    figures = ", ".join(f"{label(k)} {_pct(v['fpr_at_recall'])}" for k, v in same["systems"].items())
    return f"- on the {same['n_neg']:,} negatives {label(system)} read, FPR at recall 0.99: {figures}"


def list_screening_tables(results: dict[str, Any]) -> list[str]:
    """Screening at list scale: each system's recall and FPR at its default threshold and its
    FPR at recall 0.99, on the lists' aliases and on the larger registry; the dedup count."""
    ls = results["list_screening"]
    header = ["| system | registry | positives + negatives | threshold | recall | FPR | FPR at recall 0.99 "
              "(threshold, recall) | time per query |", "|---|---|---|---|---|---|---|---|"]
    lines = [*header, *(_alert_row(s, c, ls["registry"]) for s, c in ls["systems"].items())]
    scale = ls.get("scale")
    if scale:
        lines += [_alert_row(s, c, scale["registry"]) for s, c in scale["systems"].items()]
    notes = [_same_sample_note(s, c) for s, c in ls["systems"].items() if "same_sample" in c]
    if scale:
        for s, c in scale["systems"].items():
            alone = c.get("lists_alone")
            if alone:
                notes.append(f"- {label(s)}, the same {c['n_neg']:,} negatives against the lists' "
                             f"{ls['registry']:,} aliases alone: FPR {_pct(alone['fpr'])} at the default, "
                             f"{_pct(alone['fpr_at_recall'])} at recall 0.99")
    if notes:
        lines += ["", *notes]
    dedup = ls.get("dedup")
    if dedup:
        lines += ["", f"Dedup of the {dedup['names']:,} {DATASETS.get(dedup['list'], dedup['list'])} names: clusters "
                  "that join gold entities sharing no word spelling or skeleton (benches/README.md):", "",
                  "| system | threshold | clusters | with 2+ entities | joining entities that share no word "
                  "| names in them |", "|---|---|---|---|---|---|"]
        for s, c in dedup["systems"].items():
            lines.append(f"| {label(s)} | {c['threshold']:.2f} | {c['clusters']:,} | {c['multi_entity']:,} "
                         f"| **{c['spelling_free']:,}** | {c['names_in_spelling_free']:,} |")
    return lines


def text_linking_table(results: dict[str, Any]) -> list[str]:
    """Text linking: each system's precision / recall / F1 of mentions and of the entities of
    each article, and the hard negatives it linked."""
    tl = results["text_linking"]
    lines = ["| system | mention P | mention R | mention F1 | entities per article P / R / F1 | hard negatives "
             "linked |", "|---|---|---|---|---|---|"]
    for system, c in tl["systems"].items():
        m, d = c["mentions"], c["entities_per_article"]
        lines.append(f"| {label(system)} | {_num(m['precision'])} | {_num(m['recall'])} | **{_num(m['f1'])}** "
                     f"| {_num(d['precision'])} / {_num(d['recall'])} / {_num(d['f1'])} | {c['negatives_linked']} |")
    return lines


def threshold_table(results: dict[str, Any]) -> list[str]:
    """polyname at each of ``tasks.THRESHOLDS``: name_bench P / R / F1 and list-scale recall
    and FPR (the README's "Choosing a threshold" table), from what the run holds."""
    pairs = results.get("quality", {}).get("name_bench", {}).get("polyname", {}).get("by_threshold")
    systems = results.get("list_screening", {}).get("systems", {})
    # polyname's default search, else its screening mode, else any of its modes.
    key = next((k for k in ("polyname", "polyname:screening", *systems) if k.partition(":")[0] == "polyname"
                and k in systems), None)
    cell = systems[key] if key else None
    if not pairs and not cell:
        return []
    default = cell["threshold"] if cell else None
    grid = {round(t, 2): (r, f) for t, r, f in cell["grid"]} if cell else {}
    registry = f"{results['list_screening']['registry'] / 1000:.0f}k aliases" if cell else ""
    lines = [f"| threshold | name pairs: precision / recall / F1 | screening, {registry}: recall | FPR |",
             "|---|---|---|---|"]
    for k, t in enumerate(tasks.THRESHOLDS):
        mark = " (default)" if default is not None and abs(t - default) < 1e-9 else ""
        prf = (f"{_num(pairs[k]['precision'])} / {_num(pairs[k]['recall'])} / {_num(pairs[k]['f1'])}"
               if pairs else "—")
        r, f = grid.get(round(t, 2), (None, None))
        screen = f"{_num(r)} | {_pct(f)}" if r is not None and f is not None else "— | —"
        lines.append(f"| {t:.2f}{mark} | {prf} | {screen} |")
    return lines


def markdown(results: dict[str, Any], *, plots: bool, docs: str = "docs", bars: bool = False) -> str:
    """The figures as Markdown, each section the results hold; ``docs`` is the plots' folder
    relative to where it is read; ``bars``: QUALITY.md's first bars beside the quality table."""
    meta = results["meta"]
    versions = ", ".join(f"{k} {v}" for k, v in meta["versions"].items())
    lines = [
        f"Run of {meta['started'][:10]} ({meta['mode']} mode, `{meta.get('command', 'make bench')}`) on "
        f"{meta['machine']}; Python {meta['python']}; {versions}.",
    ]
    if results.get("quality") and any(t in results["quality"] for t in TASKS):
        lines += [
            "",
            "**Quality** (QUALITY.md's protocol; polyname at its default threshold, each peer at its best "
            "threshold after the fact; R@1 is top-1 recall, P / R / F1 read the top-1 answer as a decision):",
            "",
            *quality_table(results, bars=bars),
        ]
        if plots:
            lines += ["", f"![quality against time per query]({docs}/{PLOT_QUALITY.name})"]
    if results.get("list_screening"):
        lines += ["", "**Screening at list scale** (every OFAC and UN alias as the registry; an alert is a top-1 "
                  "score at or above the threshold; each system at its own default threshold, and at the highest "
                  "threshold that keeps recall 0.99):", "", *list_screening_tables(results)]
        if plots:
            lines += ["", f"![false-positive rate against recall and threshold]({docs}/{PLOT_SCREENING.name})"]
        thresholds = threshold_table(results)
        if thresholds:
            lines += ["", "polyname at other thresholds:", "", *thresholds]
    if results.get("text_linking"):
        tl = results["text_linking"]
        lines += ["", f"**Text linking** (the five seed articles, {tl['gold']:,} gold mentions of the example "
                  f"registry's entities; the registry plus every OFAC and UN alias, {tl['aliases']:,} aliases; a "
                  "found span counts when it overlaps a gold mention of its entity):", "",
                  *text_linking_table(results)]
    if results.get("speed"):
        lines += ["", "**Speed** (pytest-benchmark medians, release build, same process and run; every system on "
                  "all cores unless its row says otherwise):", "", *speed_table(results)]
    if results.get("dedup"):
        lines += ["", "**Dedup** (every name of a list, each entity_id a gold cluster):", "", *dedup_table(results)]
    if results.get("scale"):
        lines += ["", "**Scale** (each point its own process; time of the dedup call or of the whole "
                  "`resolve match` command over a fixed input file; peak resident memory):", *scale_tables(results)]
        if plots:
            lines += ["", f"![time and memory against names]({docs}/{PLOT_SCALE.name})"]
    romanization = romanization_tables(results)
    if romanization:
        lines += ["", "**Romanization**:", "", *romanization]
    gates = gates_list(results)
    if gates:
        lines += ["", "Gates of this run (quality floors and ceilings; speed ratios against their claim ÷ 2):", "",
                  *gates]
    return "\n".join(lines) + "\n"


def plot_quality(results: dict[str, Any], path: Path) -> None:
    """One panel per task: quality (y) against time per query or pair (x, log), one point per system."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    panels = [(t, "recall_at_1", "recall@1") for t in ("arabic_latin_un", "arabic_word", "ofac_alias")]
    panels.append(("name_bench", "f1", "F1"))
    panels = [p for p in panels if p[0] in results["quality"]]
    rows = (len(panels) + 1) // 2
    fig, axes = plt.subplots(rows, 2, figsize=(10, 3.8 * rows), squeeze=False)
    for ax in axes.flat[len(panels):]:
        ax.set_visible(False)
    for ax, (task, metric, label) in zip(axes.flat, panels):
        times = [c["ms_per"] for c in results["quality"][task].values() if "ms_per" in c]
        # Room on the right for the labels.
        ax.set_xlim(min(times) / 2, max(times) * 20)
        for system, cell in results["quality"][task].items():
            if "ms_per" not in cell:
                continue
            ax.scatter(cell["ms_per"], cell[metric], s=60, color=COLORS.get(system, "grey"), zorder=3)
            ax.annotate(SYSTEMS.get(system, system), (cell["ms_per"], cell[metric]), textcoords="offset points",
                        xytext=(6, 4), fontsize=8)
        ax.set_xscale("log")
        ax.set_ylim(0, 1.05)
        ax.set_title(TASKS[task], fontsize=10)
        unit = "pair" if task == "name_bench" else "query"
        ax.set_xlabel(f"ms per {unit} (log)")
        ax.set_ylabel(label)
        ax.grid(True, which="both", alpha=0.3)
    fig.suptitle("Higher is better, left is faster", fontsize=10)
    fig.tight_layout()
    _save(fig, path)


def plot_scale(results: dict[str, Any], path: Path) -> None:
    """Time and peak memory against names (log-log), one line per system and workload."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    workloads = list(results.get("scale", {}))
    fig, axes = plt.subplots(len(workloads), 2, figsize=(9, 3.4 * len(workloads)), squeeze=False)
    for row, workload in zip(axes, workloads):
        for system, points in results["scale"][workload].items():
            done = [p for p in points if "seconds" in p]
            xs = [p["names"] for p in done]
            for ax, key in zip(row, ("seconds", "peak_mb")):
                ax.plot(xs, [p[key] for p in done], marker="o", color=COLORS.get(system, "grey"),
                        label=SYSTEMS.get(system, system))
        for ax, label in zip(row, ("seconds", "peak memory, MB")):
            ax.set_xscale("log")
            ax.set_yscale("log")
            ax.set_xlabel("names")
            ax.set_ylabel(label)
            ax.set_title(f"{workload}: {label}", fontsize=10)
            ax.grid(True, which="both", alpha=0.3)
            ax.legend(fontsize=8)
    fig.tight_layout()
    _save(fig, path)


def plot_list_screening(results: dict[str, Any], path: Path) -> None:
    """Screening at list scale, one line per system (dashed: the larger registry): FPR (log)
    against recall along each system's operating points, and FPR against the threshold; a
    dot at each system's default threshold."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ls = results["list_screening"]
    runs = [(s, c, "-", f"{ls['registry'] / 1000:.0f}k") for s, c in ls["systems"].items()]
    if ls.get("scale"):
        scale = ls["scale"]
        runs += [(s, c, "--", f"{scale['registry'] / 1000:.0f}k") for s, c in scale["systems"].items()]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 5.2))
    for system, cell, style, registry in runs:
        name = f"{label(system)}, {registry} aliases ({cell['n_neg']:,} negatives)"
        floor = 0.5 / cell["n_neg"]  # an FPR of 0 is drawn at half an alert of the system's sample
        variant = system.partition(":")[2]
        marker = {"WRatio": "s", "mention": "^"}.get(variant, "o")
        curve = cell["curve"]
        left.step([p[1] for p in curve], [max(p[2], floor) for p in curve], where="post", linestyle=style,
                  color=color(system), label=name)
        left.scatter([cell["recall"]], [max(cell["fpr"], floor)], color=color(system), marker=marker, zorder=3)
        grid = cell["grid"]
        right.plot([p[0] for p in grid], [max(p[2], floor) for p in grid], linestyle=style, color=color(system),
                   label=name)
        right.scatter([cell["threshold"]], [max(cell["fpr"], floor)], color=color(system), marker=marker, zorder=3)
    left.axvline(ls.get("recall_target", 0.99), color="grey", linewidth=0.8, linestyle=":")
    left.set_xlabel("recall (positives alerted)")
    left.set_title("FPR against recall (dots: default thresholds)", fontsize=10)
    right.set_xlabel("threshold")
    right.set_title("FPR against threshold", fontsize=10)
    for ax in (left, right):
        ax.set_yscale("log")
        ax.set_ylabel("FPR (people on no list alerted; 0 at half an alert)", fontsize=8)
        ax.grid(True, which="both", alpha=0.3)
    handles, names = right.get_legend_handles_labels()
    fig.legend(handles, names, loc="lower center", ncol=2, fontsize=7, frameon=False)
    fig.suptitle(f"Screening at list scale: {ls['n_pos']} people to find; lower is better", fontsize=10)
    fig.tight_layout(rect=(0, 0.13, 1, 1))
    _save(fig, path)


def _save(fig: Any, path: Path) -> None:
    import matplotlib.pyplot as plt

    path.parent.mkdir(exist_ok=True)
    # No date and a fixed id salt: the same figures give the same file.
    plt.rcParams["svg.hashsalt"] = "polyname"
    fig.savefig(path, format="svg", metadata={"Date": None})
    plt.close(fig)


def update_readme(section: str, readme: Path = README) -> None:
    text = readme.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.S)
    if not pattern.search(text):
        raise SystemExit(f"{readme}: no {BEGIN} ... {END} markers to replace")
    readme.write_text(pattern.sub(lambda _: f"{BEGIN}\n{section}{END}", text), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("results", nargs="?", type=Path, default=RESULTS / "latest.json")
    parser.add_argument("--no-readme", action="store_true", help="do not touch README.md")
    parser.add_argument("--readme", action="store_true",
                        help="update README.md from another results file than results/latest.json")
    parser.add_argument("--no-plots", action="store_true", help="no SVG plots (no matplotlib needed)")
    parser.add_argument("--plots-dir", type=Path,
                        help="where the plots go (default: docs/ for results/latest.json, else beside the file)")
    args = parser.parse_args(argv)
    results = json.loads(args.results.read_text(encoding="utf-8"))
    # Only the full run's file replaces the committed plots and the README's figures unasked.
    latest = args.results.resolve() == (RESULTS / "latest.json").resolve()
    plots_dir = (args.plots_dir or (DOCS if latest else args.results.parent)).resolve()
    plots = not args.no_plots
    if plots:
        if any(t in results.get("quality", {}) for t in TASKS):
            plot_quality(results, plots_dir / PLOT_QUALITY.name)
        if results.get("scale"):
            plot_scale(results, plots_dir / PLOT_SCALE.name)
        if results.get("list_screening"):
            plot_list_screening(results, plots_dir / PLOT_SCREENING.name)
    out = args.results.with_suffix(".md")
    out.write_text(markdown(results, plots=plots, docs=os.path.relpath(plots_dir, out.resolve().parent)),
                   encoding="utf-8")
    text = markdown(results, plots=plots, docs=os.path.relpath(plots_dir, ROOT))
    print(text)
    if args.readme or (latest and not args.no_readme):
        update_readme(text)
        print(f"updated {README.name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
