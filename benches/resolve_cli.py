"""The ``resolve`` command measured end to end: the figures "shown when resolved" of the issue
"registry + resolve CLI".

Everything goes through the real command line: ``sys.executable -m polyname`` in a
subprocess, real CSV files in a temporary directory, a real SQLite registry built with
``resolve registry import``, names resolved with ``resolve match``. Nothing is called in
process except an optional cross-check (the same queries through ``NameIndex.search``, as
``benches/quality.py`` does), which tells a CLI/registry problem from a matcher problem.

Measurements (one function each):

1. ``measure_screening``: QUALITY.md's screening task. Registry = the 683 untreated UN names
   (``screening/positives_un_untreated.csv``, entity i = row i); queries = the 683 treated
   names and negatives_global people (all 50,000 in full mode; in ``--quick`` the 3,000 that
   ``quality.build_screening`` samples, i.e. exactly quality.py's set). ``resolve match`` at
   the default threshold (``polyname.MATCH_THRESHOLD``). Recall: treated names whose
   ``entity_id`` is their own person (or an identical spelling of it: the list holds one name
   twice, the rule of quality.py); negatives matched: negatives that get any ``entity_id``.
   Bars: recall >= 0.99, negatives matched <= 0.5 %.
2. ``measure_ofac_alias``: quality.py's ``build_ofac_alias`` (held-out OFAC aliases against
   the other names, entity = OFAC entity). ``resolve match --threshold 0`` so that the top-1
   is always written; recall@1 with quality.py's hit rule. Bar: recall@1 >= 0.65.
3. ``measure_throughput``: a registry of OFAC + UN names (42,341 aliases, 16,647 entities),
   then ten times larger (the same names plus romanization variants of each -- lower case,
   unidecoded, e<->i swapped, al- -> el- -- as aliases of the same entity, plus names
   recombined from first and last tokens of the real person names as new entities).
   ``resolve match`` of N rows (20,000; 2,000 in ``--quick``; half registry names, half
   negatives_global people) against each, and, in the same run, the brute force a RapidFuzz
   user would write: unidecode + ``rapidfuzz.utils.default_process`` on both sides, then
   ``process.cdist(..., scorer=fuzz.token_sort_ratio, workers=-1)`` in chunks of queries with
   an argmax per row (``rapidfuzz_argmax``: quality.py's chunks, a float32 score matrix of
   <= 256 MB each; RapidFuzz's peak memory is mostly that matrix, a knob of the brute force),
   reading and writing the same CSV files. Both run in a subprocess of their own; time is the
   subprocess's wall time (interpreter start, reading, folding or index building, matching,
   writing: what a user waits for) and memory its peak RSS (``ru_maxrss`` from ``os.wait4``).
   A one-row run of each gives the fixed cost (start-up, registry load, index build or
   folding), so the marginal rate is reported too.

Usage::

    POLYNAME_SHARED=/path/to/shared python benches/resolve_cli.py [--quick] [--seed N]
                                                                  [--json PATH] [--no-throughput]

Results go to ``benches/results/resolve-latest.json``; a Markdown table goes to stdout and
progress to stderr. Nothing asserts a time: ``benches/test_resolve_cli.py`` holds the
quality floors (through the CLI, quick sizes).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

BENCHES = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCHES))
import datasets  # noqa: E402
import quality  # noqa: E402

DEFAULT_SEED = quality.DEFAULT_SEED
DEFAULT_JSON = BENCHES / "results" / "resolve-latest.json"
BARS = {"screening_recall": 0.99, "screening_negatives_matched": 0.005, "ofac_recall_at_1": 0.65}
# The registry accepts person / organization / location / other; OFAC also has vessels.
KIND_FOR_REGISTRY = {"person": "person", "organization": "organization", "vessel": "other", "other": "other"}


@dataclass(frozen=True)
class Sizes:
    screening_negatives: int | None  # None: all 50,000 negatives_global people
    ofac_queries: int  # held-out aliases (a prefix of quality.py's 1,500)
    throughput_rows: int  # rows of the throughput file
    scale: int = 10  # size of the large registry, in multiples of OFAC + UN


FULL = Sizes(screening_negatives=None, ofac_queries=1500, throughput_rows=20_000)
QUICK = Sizes(screening_negatives=3000, ofac_queries=500, throughput_rows=2_000)


def log(msg: str) -> None:
    print(f"[resolve-cli {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------
# Subprocesses and files
# ---------------------------------------------------------------------------------------


class ChildFailed(RuntimeError):
    pass


@dataclass
class ChildRun:
    seconds: float  # wall time of the subprocess
    peak_mb: float  # its peak resident set size
    stdout: str
    stderr: str


def run_child(args: Sequence[str], cwd: Path) -> ChildRun:
    """Run a command, wait for it with ``os.wait4`` to get its own peak RSS (not that of
    earlier children, which is what ``RUSAGE_CHILDREN`` would mix in)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(args), cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:
            proc.kill()
            proc.wait()
            raise
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        raise ChildFailed(f"{' '.join(args)} exited with {proc.returncode}:\n{stderr[-2000:]}")
    # Linux reports ru_maxrss in KiB.
    return ChildRun(seconds, usage.ru_maxrss / 1024.0, stdout, stderr)


def resolve(*args: str, cwd: Path) -> ChildRun:
    """``resolve ARGS`` as a user runs it (``python -m polyname`` is the console script)."""
    return run_child([sys.executable, "-m", "polyname", *args], cwd)


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _unescape(cell: str) -> str:
    """Undo the CLI's spreadsheet escaping (a ``'`` before a leading ``= + - @``)."""
    if cell.startswith("'") and cell[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        return cell[1:]
    return cell


def read_answers(path: Path, key: str = "qid") -> dict[str, tuple[str, str, float]]:
    """``resolve match`` output: query key -> (entity_id, matched_name, score); entity_id is
    empty when nothing reached the threshold."""
    out: dict[str, tuple[str, str, float]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            entity = _unescape(row["entity_id"])
            score = float(row["score"]) if row["score"] else 0.0
            out[row[key]] = (entity, _unescape(row["matched_name"]), score)
    return out


def is_hit(rs: quality.RetrievalSet, q: int, entity: str, name: str) -> bool:
    """quality.py's rule: the expected entity, or an identical spelling of one of its names."""
    want = rs.expected[q]
    if not entity or not want:
        return False
    return entity == want or quality.fold(name) in rs.spellings.get(want, frozenset())


def import_registry(workdir: Path, stem: str, rows: Iterable[Sequence[str]]) -> tuple[Path, ChildRun]:
    """Write ``stem.csv`` (entity_id,name,kind) and import it into a fresh ``stem.db``."""
    csv_path = write_csv(workdir / f"{stem}.csv", ["entity_id", "name", "kind"], rows)
    db = workdir / f"{stem}.db"
    db.unlink(missing_ok=True)
    run = resolve("registry", "import", str(csv_path), "--db", str(db), cwd=workdir)
    return db, run


def in_process_top1(rs: quality.RetrievalSet) -> quality.Top1:
    """Cross-check: the same queries through ``NameIndex.search`` in process (quality.py)."""
    return quality.PolynameMatcher().search(rs, list(range(len(rs.queries))), exhaustive=False)


# ---------------------------------------------------------------------------------------
# 1. Screening
# ---------------------------------------------------------------------------------------


def screening_set(seed: int, negatives: int | None) -> quality.RetrievalSet:
    """quality.py's screening set with ``negatives`` negatives_global people (None: all)."""
    return quality.build_screening(seed, replace(quality.FULL, screening_negatives=negatives))


def measure_screening(workdir: Path, *, seed: int = DEFAULT_SEED, negatives: int | None = None,
                      cross_check: bool = True) -> dict[str, Any]:
    """Recall on the treated UN names and share of negatives matched, at the default threshold."""
    import polyname

    rs = screening_set(seed, negatives)
    n_pos = sum(1 for e in rs.expected if e)
    log(f"screening: {n_pos} positives + {len(rs.queries) - n_pos} negatives vs {len(rs.registry)} names")
    db, imported = import_registry(
        workdir, "screening-registry", ((e, n, "person") for e, n in zip(rs.registry_entities, rs.registry)))
    queries = write_csv(workdir / "screening-queries.csv", ["qid", "name"],
                        ((str(q), name) for q, name in enumerate(rs.queries)))
    out = workdir / "screening-out.csv"
    matched = resolve("match", str(queries), "--db", str(db), "--column", "name", "-o", str(out), cwd=workdir)
    answers = read_answers(out)

    hits = same_id = neg_matched = 0
    misses: list[dict[str, Any]] = []
    false_matches: list[dict[str, Any]] = []
    for q, want in enumerate(rs.expected):
        entity, name, score = answers[str(q)]
        if want:
            hit = is_hit(rs, q, entity, name)
            hits += hit
            same_id += entity == want
            if not hit:
                misses.append({"query": rs.queries[q], "expected": rs.registry[int(want)],
                               "got": name, "score": score})
        elif entity:
            neg_matched += 1
            false_matches.append({"query": rs.queries[q], "got": name, "score": score})
    n_neg = len(rs.queries) - n_pos
    result: dict[str, Any] = {
        "n_pos": n_pos,
        "n_neg": n_neg,
        "registry": len(rs.registry),
        "threshold": float(polyname.MATCH_THRESHOLD),
        "recall": hits / max(1, n_pos),
        "recall_same_id": same_id / max(1, n_pos),
        "negatives_matched": neg_matched / max(1, n_neg),
        "negatives_matched_count": neg_matched,
        "import_seconds": imported.seconds,
        "match_seconds": matched.seconds,
        "match_rows_per_s": len(rs.queries) / matched.seconds,
        "match_peak_mb": matched.peak_mb,
        "misses": misses[:20],
        "false_matches": sorted(false_matches, key=lambda m: -m["score"])[:20],
    }
    if cross_check:
        top = in_process_top1(rs)
        api = quality.screening_at(rs, top, float(polyname.MATCH_THRESHOLD))
        result["in_process"] = {"recall": api["recall"], "negatives_matched": api["fpr"],
                                "seconds": top.seconds}
    log(f"screening: recall {result['recall']:.4f}, negatives matched {result['negatives_matched']:.4%} "
        f"({matched.seconds:.1f} s for {len(rs.queries):,} rows)")
    return result


# ---------------------------------------------------------------------------------------
# 2. OFAC alias retrieval
# ---------------------------------------------------------------------------------------


def measure_ofac_alias(workdir: Path, *, seed: int = DEFAULT_SEED, queries: int = 1500,
                       cross_check: bool = True) -> dict[str, Any]:
    """Recall@1 of held-out OFAC aliases against the others, top-1 from ``--threshold 0``."""
    rs = quality.build_ofac_alias(seed, replace(quality.FULL, ofac_holdout=queries))
    log(f"ofac_alias: {len(rs.queries)} queries vs {len(rs.registry)} names")
    db, imported = import_registry(
        workdir, "ofac-registry",
        ((e, n, KIND_FOR_REGISTRY.get(k, "other"))
         for e, n, k in zip(rs.registry_entities, rs.registry, rs.registry_kinds)))
    qfile = write_csv(workdir / "ofac-queries.csv", ["qid", "name"],
                      ((str(q), name) for q, name in enumerate(rs.queries)))
    out = workdir / "ofac-out.csv"
    matched = resolve("match", str(qfile), "--db", str(db), "--column", "name", "--threshold", "0",
                      "-o", str(out), cwd=workdir)
    answers = read_answers(out)
    hits = [is_hit(rs, q, *answers[str(q)][:2]) for q in range(len(rs.queries))]
    empty = sum(1 for q in range(len(rs.queries)) if not answers[str(q)][0])
    result: dict[str, Any] = {
        "n": len(rs.queries),
        "registry": len(rs.registry),
        "recall_at_1": sum(hits) / max(1, len(hits)),
        "no_answer": empty,
        "import_seconds": imported.seconds,
        "import_rows_per_s": len(rs.registry) / imported.seconds,
        "match_seconds": matched.seconds,
        "match_peak_mb": matched.peak_mb,
    }
    if cross_check:
        top = in_process_top1(rs)
        api_hits = [rs.is_hit(q, row) for q, row in zip(top.query_ids, top.rows)]
        result["in_process"] = {
            "recall_at_1": sum(api_hits) / max(1, len(api_hits)),
            "seconds": top.seconds,
            # Queries the CLI and NameIndex.search answer differently (hit vs miss).
            "disagreements": sum(1 for a, b in zip(hits, api_hits) if a != b),
        }
    log(f"ofac_alias: recall@1 {result['recall_at_1']:.4f} ({matched.seconds:.1f} s)")
    return result


# ---------------------------------------------------------------------------------------
# 3. Throughput and memory, polyname CLI vs RapidFuzz brute force, 1x and 10x
# ---------------------------------------------------------------------------------------

_SWAP_EI = str.maketrans("eiEI", "ieIE")
_AL = re.compile(r"\b([Aa])([Ll])-")


def romanization_variants(name: str) -> list[str]:
    """Spellings a second source would plausibly carry for the same entity."""
    from unidecode import unidecode

    swapped = name.translate(_SWAP_EI)
    el = _AL.sub(lambda m: ("E" if m.group(1) == "A" else "e") + m.group(2) + "-", name)
    out = []
    for v in (name.lower(), unidecode(name).strip(), swapped, el, swapped.lower()):
        if v and v != name and v not in out:
            out.append(v)
    return out


def _first_last(name: str) -> tuple[str, str] | None:
    """Given name and surname of a person name (OFAC writes ``SURNAME, Given``)."""
    if "," in name:
        last, _, given = name.partition(",")
        tokens = given.split()
        return (tokens[0], last.strip()) if tokens and last.strip() else None
    tokens = name.split()
    return (tokens[0], tokens[-1]) if len(tokens) >= 2 else None


def scaled_registry(rows: Sequence[datasets.NameRow], factor: int, seed: int) -> list[tuple[str, str, str]]:
    """``factor`` times as many aliases as ``rows``: the rows, their romanization variants
    (same entity), then recombined person names as new entities (``SYN:n``)."""
    rng = random.Random(f"{seed}:scaled-registry")
    target = factor * len(rows)
    out = [(r.entity_id, r.name, KIND_FOR_REGISTRY.get(r.kind, "other")) for r in rows]
    seen = {(e, n) for e, n, _ in out}
    for r in rows:
        for v in romanization_variants(r.name):
            if len(out) < target and (r.entity_id, v) not in seen:
                seen.add((r.entity_id, v))
                out.append((r.entity_id, v, KIND_FOR_REGISTRY.get(r.kind, "other")))
    parts = [p for p in (_first_last(r.name) for r in rows if r.kind == "person") if p]
    firsts = sorted({f for f, _ in parts})
    lasts = sorted({last for _, last in parts})
    names = {n for _, n, _ in out}
    k = 0
    while len(out) < target:
        tokens = [rng.choice(firsts)]
        if rng.random() < 0.4:
            tokens.append(rng.choice(firsts))
        tokens.append(rng.choice(lasts))
        name = " ".join(tokens)
        if name in names:
            continue
        names.add(name)
        k += 1
        out.append((f"SYN:{k:07d}", name, "person"))
    return out


def throughput_queries(rows: Sequence[datasets.NameRow], n: int, seed: int) -> list[tuple[str, str, str]]:
    """``n`` rows (qid, name, origin): half registry names (OFAC + UN, origin ``known``), half
    negatives_global people (origin ``negative``)."""
    rng = random.Random(f"{seed}:throughput")
    negatives = datasets.load_screening_names("negatives_global.csv")
    known = [(r.name, "known") for r in rng.sample(list(rows), n // 2)]
    unknown = [(name, "negative") for name in rng.sample(negatives, n - n // 2)]
    names = known + unknown
    rng.shuffle(names)
    return [(str(i), name, origin) for i, (name, origin) in enumerate(names)]


def _answer_shares(qrows: Sequence[tuple[str, str, str]], answers: dict[str, tuple[str, str, float]],
                   registry: Sequence[tuple[str, str, str]]) -> dict[str, float]:
    """Sanity figures of a throughput run at the default threshold: known names resolved to an
    entity that holds that very spelling, and negatives given an entity (against OFAC + UN,
    a harder registry than the screening task's 683 names)."""
    spellings: dict[str, set[str]] = {}
    for entity, name, _ in registry:
        spellings.setdefault(entity, set()).add(quality.fold(name))
    known = [(name, answers[qid]) for qid, name, origin in qrows if origin == "known"]
    negative = [answers[qid] for qid, _, origin in qrows if origin == "negative"]
    return {
        "matched_share": sum(1 for a in answers.values() if a[0]) / max(1, len(answers)),
        "known_same_spelling": sum(1 for name, a in known if quality.fold(name) in spellings.get(a[0], ()))
        / max(1, len(known)),
        "negatives_matched": sum(1 for a in negative if a[0]) / max(1, len(negative)),
    }


def rapidfuzz_argmax(queries: list[str], registry: list[str]) -> tuple[list[int], list[float]]:
    """Best registry row per query: ``process.cdist`` token_sort_ratio over chunks of queries,
    the chunk size of ``quality._rf_argmax`` (a float32 matrix of <= 256 MB), each matrix
    released before the next is computed (so the peak holds one matrix, not two)."""
    import numpy as np
    from rapidfuzz import fuzz, process

    def one_chunk(part: list[str]) -> tuple[list[int], list[float]]:
        m = process.cdist(part, registry, scorer=fuzz.token_sort_ratio, dtype=np.float32, workers=-1)
        best = m.argmax(axis=1)
        return best.tolist(), (m[np.arange(len(best)), best] / 100.0).tolist()

    chunk = max(1, (64 << 20) // max(1, len(registry)))
    rows: list[int] = []
    scores: list[float] = []
    for start in range(0, len(queries), chunk):
        r, sc = one_chunk(queries[start : start + chunk])
        rows += r
        scores += sc
    return rows, scores


def rapidfuzz_match(registry_csv: str, input_csv: str, output_csv: str, column: str = "name") -> dict[str, float]:
    """The RapidFuzz brute force, as a RapidFuzz user writes ``resolve match``: read both
    files, fold both sides, ``cdist`` token_sort_ratio in chunks with an argmax per row,
    write every input column plus entity_id, matched_name, score. Runs in the subprocess
    (``--rapidfuzz-worker``); returns its phases in seconds."""
    t0 = time.perf_counter()
    with open(registry_csv, encoding="utf-8", newline="") as fh:
        reg = [(r["entity_id"], r["name"]) for r in csv.DictReader(fh)]
    with open(input_csv, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    t1 = time.perf_counter()
    reg_folded = quality._rf_prepare([n for _, n in reg])
    t2 = time.perf_counter()
    queries = quality._rf_prepare([r[column] for r in rows])
    best, scores = rapidfuzz_argmax(queries, reg_folded)
    t3 = time.perf_counter()
    with open(output_csv, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(fields + ["entity_id", "matched_name", "score"])
        for r, b, s in zip(rows, best, scores):
            writer.writerow([r[c] for c in fields] + [reg[b][0], reg[b][1], f"{s:.4f}"])
    t4 = time.perf_counter()
    return {"read": t1 - t0, "fold_registry": t2 - t1, "search": t3 - t2, "write": t4 - t3}


def _rapidfuzz(reg_csv: Path, queries: Path, out: Path, workdir: Path) -> ChildRun:
    return run_child([sys.executable, str(Path(__file__).resolve()), "--rapidfuzz-worker",
                      str(reg_csv), str(queries), str(out)], workdir)


def _system_figures(full: ChildRun, one: ChildRun, n: int) -> dict[str, float | None]:
    marginal = full.seconds - one.seconds
    return {
        "seconds": full.seconds,
        "rows_per_s": n / full.seconds,
        "peak_mb": full.peak_mb,
        # One-row run: start-up, registry load and index build (polyname) or folding (RapidFuzz).
        "fixed_seconds": one.seconds,
        "fixed_peak_mb": one.peak_mb,
        # None when the difference is too small next to the fixed cost to be measured.
        "marginal_rows_per_s": n / marginal if marginal > 0.25 * full.seconds else None,
    }


def measure_throughput(workdir: Path, *, seed: int = DEFAULT_SEED, rows: int = 20_000,
                       scale: int = 10, rapidfuzz: bool = True) -> dict[str, Any]:
    """rows/s and peak RSS of ``resolve match`` and of the RapidFuzz brute force, on the OFAC +
    UN registry and on one ``scale`` times larger."""
    base = datasets.load_ofac_names() + datasets.load_un_names()
    qrows = throughput_queries(base, rows, seed)
    qfile = write_csv(workdir / "tp-queries.csv", ["qid", "name", "origin"], qrows)
    one = write_csv(workdir / "tp-one.csv", ["qid", "name", "origin"], qrows[:1])
    out: dict[str, Any] = {"rows": rows, "scales": {}}
    for factor in (1, scale):
        reg_rows = ([(r.entity_id, r.name, KIND_FOR_REGISTRY.get(r.kind, "other")) for r in base]
                    if factor == 1 else scaled_registry(base, factor, seed))
        stem = f"tp-registry-{factor}x"
        log(f"throughput {factor}x: importing {len(reg_rows):,} aliases")
        db, imported = import_registry(workdir, stem, reg_rows)
        reg_csv = workdir / f"{stem}.csv"
        entities = len({e for e, _, _ in reg_rows})
        log(f"throughput {factor}x: resolve match, {rows:,} rows")
        pn_one = resolve("match", str(one), "--db", str(db), "--column", "name", "-o",
                         str(workdir / "tp-pn-one.csv"), cwd=workdir)
        pn_out = workdir / "tp-pn-out.csv"
        pn = resolve("match", str(qfile), "--db", str(db), "--column", "name", "-o", str(pn_out), cwd=workdir)
        answers = read_answers(pn_out)
        cell: dict[str, Any] = {
            "aliases": len(reg_rows),
            "entities": entities,
            "import_seconds": imported.seconds,
            "import_rows_per_s": len(reg_rows) / imported.seconds,
            "import_peak_mb": imported.peak_mb,
            "db_mb": db.stat().st_size / 2**20,
            "polyname": {**_system_figures(pn, pn_one, rows), **_answer_shares(qrows, answers, reg_rows)},
        }
        log(f"throughput {factor}x: polyname {rows / pn.seconds:,.0f} rows/s, {pn.peak_mb:,.0f} MB")
        if rapidfuzz:
            log(f"throughput {factor}x: rapidfuzz brute force, {rows:,} rows")
            rf_one = _rapidfuzz(reg_csv, one, workdir / "tp-rf-one.csv", workdir)
            rf = _rapidfuzz(reg_csv, qfile, workdir / "tp-rf-out.csv", workdir)
            cell["rapidfuzz"] = {**_system_figures(rf, rf_one, rows), "phases": json.loads(rf.stdout)}
            cell["rapidfuzz_over_polyname"] = {
                "seconds": rf.seconds / pn.seconds,  # > 1: polyname is faster
                "peak_mb": rf.peak_mb / pn.peak_mb,  # > 1: polyname uses less memory
            }
            log(f"throughput {factor}x: rapidfuzz {rows / rf.seconds:,.0f} rows/s, {rf.peak_mb:,.0f} MB")
        out["scales"][f"{factor}x"] = cell
        db.unlink(missing_ok=True)
    small, large = out["scales"]["1x"], out["scales"][f"{scale}x"]
    out["growth"] = {
        system: {
            "seconds": large[system]["seconds"] / small[system]["seconds"],
            "peak_mb": large[system]["peak_mb"] / small[system]["peak_mb"],
        }
        for system in ("polyname", "rapidfuzz") if system in small
    }
    out["growth"]["aliases"] = large["aliases"] / small["aliases"]
    return out


# ---------------------------------------------------------------------------------------
# Run and report
# ---------------------------------------------------------------------------------------


def run(*, quick: bool = False, seed: int = DEFAULT_SEED, sizes: Sizes | None = None,
        throughput: bool = True) -> dict[str, Any]:
    sizes = sizes or (QUICK if quick else FULL)
    import polyname
    import rapidfuzz
    import unidecode  # noqa: F401

    results: dict[str, Any] = {
        "meta": {
            **quality.run_meta(seed, quick, sizes),
            "polyname": polyname.__version__,
            "rapidfuzz": rapidfuzz.__version__,
            "unidecode": quality._dist_version("unidecode"),
            "bars": BARS,
        },
    }
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="resolve-cli-") as tmp:
        workdir = Path(tmp)
        t = time.perf_counter()
        results["screening"] = measure_screening(workdir, seed=seed, negatives=sizes.screening_negatives)
        results["screening"]["wall_seconds"] = time.perf_counter() - t
        t = time.perf_counter()
        results["ofac_alias"] = measure_ofac_alias(workdir, seed=seed, queries=sizes.ofac_queries)
        results["ofac_alias"]["wall_seconds"] = time.perf_counter() - t
        if throughput:
            t = time.perf_counter()
            results["throughput"] = measure_throughput(workdir, seed=seed, rows=sizes.throughput_rows,
                                                       scale=sizes.scale)
            results["throughput"]["wall_seconds"] = time.perf_counter() - t
    results["meta"]["seconds"] = time.perf_counter() - started
    return results


def _rate(value: float | None) -> str:
    return f"{value:,.0f}" if value is not None else "n/a"


def _ok(good: bool) -> str:
    return "yes" if good else "**NO**"


def format_report(results: dict[str, Any]) -> str:
    s, o = results["screening"], results["ofac_alias"]
    lines = [
        "| measurement (through `resolve`) | n | figure | bar | met |",
        "|---|---|---|---|---|",
        f"| screening recall, treated UN names @{s['threshold']:.2f} | {s['n_pos']:,} vs {s['registry']:,} "
        f"| {s['recall']:.4f} | ≥ {BARS['screening_recall']:.2f} | {_ok(s['recall'] >= BARS['screening_recall'])} |",
        f"| screening negatives matched @{s['threshold']:.2f} | {s['n_neg']:,} | {s['negatives_matched']:.3%} "
        f"({s['negatives_matched_count']}) | ≤ {BARS['screening_negatives_matched']:.1%} "
        f"| {_ok(s['negatives_matched'] <= BARS['screening_negatives_matched'])} |",
        f"| OFAC alias recall@1 (`--threshold 0`) | {o['n']:,} vs {o['registry']:,} | {o['recall_at_1']:.4f} "
        f"| ≥ {BARS['ofac_recall_at_1']:.2f} | {_ok(o['recall_at_1'] >= BARS['ofac_recall_at_1'])} |",
    ]
    notes = [
        f"screening: `resolve match` {s['n_pos'] + s['n_neg']:,} rows in {s['match_seconds']:.1f} s "
        f"({s['match_rows_per_s']:,.0f} rows/s, peak {s['match_peak_mb']:.0f} MB)",
        f"OFAC: registry import {o['registry']:,} aliases in {o['import_seconds']:.1f} s, "
        f"`resolve match` {o['n']:,} rows in {o['match_seconds']:.1f} s",
    ]
    if "in_process" in s:
        notes.append(f"in-process NameIndex.search on the same queries: screening recall "
                     f"{s['in_process']['recall']:.4f}, negatives matched {s['in_process']['negatives_matched']:.3%}; "
                     f"OFAC recall@1 {o['in_process']['recall_at_1']:.4f} "
                     f"({o['in_process']['disagreements']} queries answered differently)")
    tp = results.get("throughput")
    if tp:
        lines += [
            "",
            f"| `resolve match` of {tp['rows']:,} rows | registry aliases | import | polyname rows/s | "
            "polyname peak MB | RapidFuzz rows/s | RapidFuzz peak MB | RF time / polyname | RF MB / polyname |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for label, cell in tp["scales"].items():
            pn, rf = cell["polyname"], cell.get("rapidfuzz")
            ratio = cell.get("rapidfuzz_over_polyname")
            lines.append(
                f"| {label} | {cell['aliases']:,} ({cell['entities']:,} entities) | {cell['import_seconds']:.1f} s "
                f"| {pn['rows_per_s']:,.0f} (marginal {_rate(pn['marginal_rows_per_s'])}; fixed {pn['fixed_seconds']:.1f} s) "
                f"| {pn['peak_mb']:,.0f} "
                + (f"| {rf['rows_per_s']:,.0f} (marginal {_rate(rf['marginal_rows_per_s'])}; fixed {rf['fixed_seconds']:.1f} s) "
                   f"| {rf['peak_mb']:,.0f} | {ratio['seconds']:.2f}× | {ratio['peak_mb']:.2f}× |"
                   if rf else "| — | — | — | — |")
            )
        for label, cell in tp["scales"].items():
            pn = cell["polyname"]
            notes.append(f"{label}: known names resolved to an entity with that spelling {pn['known_same_spelling']:.1%}; "
                         f"negatives_global people given an entity at the default threshold {pn['negatives_matched']:.1%}")
        g = tp["growth"]
        growth = [f"{k}: time ×{v['seconds']:.2f}, peak memory ×{v['peak_mb']:.2f}"
                  for k, v in g.items() if isinstance(v, dict)]
        notes.append(f"registry ×{g['aliases']:.1f} → " + "; ".join(growth))
        notes.append("times are subprocess wall times (start-up, registry load / index build or folding, "
                     "matching, CSV out); fixed = a one-row run; RapidFuzz: unidecode + default_process, "
                     "cdist token_sort_ratio, float32 chunks ≤ 256 MB")
    meta = results["meta"]
    notes.append(f"seed {meta['seed']}{' (quick)' if meta['quick'] else ''}; polyname {meta['polyname']}, "
                 f"rapidfuzz {meta['rapidfuzz']}; total {meta['seconds']:.0f} s on {meta['machine']}")
    return "\n".join(lines + [""] + [f"- {n}" for n in notes])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The resolve CLI measured end to end (see the module docstring)")
    parser.add_argument("--quick", action="store_true",
                        help="3,000 negatives, 500 OFAC queries, 2,000 throughput rows")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="where to write the results")
    parser.add_argument("--no-throughput", dest="throughput", action="store_false",
                        help="quality figures only")
    parser.add_argument("--rapidfuzz-worker", nargs=3, metavar=("REG", "IN", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.rapidfuzz_worker:
        print(json.dumps(rapidfuzz_match(*args.rapidfuzz_worker)))
        return 0
    results = run(quick=args.quick, seed=args.seed, throughput=args.throughput)
    print(format_report(results), flush=True)
    quality.write_json(results, args.json)
    log(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
