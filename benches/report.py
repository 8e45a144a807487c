"""The one formatter of the harness. It renders a results file (``results/latest.json`` of
``make bench``, ``results/quick.json`` of ``make test``, or the ``--json`` of ``quality.py``)
as Markdown (``latest.md`` beside it), the plots in ``docs/``, and the README's "How good,
how fast" section (between its ``bench:begin`` / ``bench:end`` markers). ``make bench`` runs
it after the suite; ``quality.py`` prints through ``markdown``; run it alone to re-render the
same figures. Each section of the results file is rendered when it is there.

Usage::

    python benches/report.py [RESULTS_JSON] [--no-readme] [--no-plots]
"""

from __future__ import annotations

import argparse
import json
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
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"

SYSTEMS = {
    "polyname": "polyname",
    "rapidfuzz": "RapidFuzz + unidecode",
    "logic-v2": "nomenklatura logic-v2",
    "jellyfish": "jellyfish Jaro-Winkler",
    "unidecode": "unidecode",
    "splink": "Splink + DuckDB",
}
COLORS = {"polyname": "#d62728", "rapidfuzz": "#1f77b4", "logic-v2": "#2ca02c", "jellyfish": "#9467bd",
          "splink": "#ff7f0e", "unidecode": "#8c564b"}
# The quality tasks, in the table's order.
TASKS = {key: task.title for key, task in tasks.TASKS.items() if task.section == "quality"}
DATASETS = {"un-sc-consolidated": "UN", "ofac-sdn": "OFAC"}


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


def scale_tables(results: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    for workload, systems in results.get("scale", {}).items():
        names = sorted({p["names"] for points in systems.values() for p in points})
        order = [s for s in ("polyname", "rapidfuzz", "splink") if s in systems]
        extra = " | polyname registry import" if workload == "resolve match" else ""
        lines += ["", f"| {workload}: names | " + " | ".join(SYSTEMS[s] for s in order) + extra + " |",
                  "|---|" + "---|" * (len(order) + bool(extra))]
        for n in names:
            cells = [_point(next((p for p in systems[s] if p["names"] == n), None)) for s in order]
            if extra:
                p = next((p for p in systems["polyname"] if p["names"] == n), {})
                cells.append(_point(p.get("import")) if p.get("import") else "—")
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
    parser.add_argument("--no-plots", action="store_true", help="no SVG plots (no matplotlib needed)")
    args = parser.parse_args(argv)
    results = json.loads(args.results.read_text(encoding="utf-8"))
    plots = not args.no_plots
    if plots:
        if any(t in results.get("quality", {}) for t in TASKS):
            plot_quality(results, PLOT_QUALITY)
        if results.get("scale"):
            plot_scale(results, PLOT_SCALE)
    out = args.results.with_suffix(".md")
    out.write_text(markdown(results, plots=plots, docs="../../docs"), encoding="utf-8")
    text = markdown(results, plots=plots)
    print(text)
    if not args.no_readme:
        update_readme(text)
        print(f"updated {README.name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
