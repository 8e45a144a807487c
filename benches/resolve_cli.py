"""The ``resolve`` command measured end to end: the figures "shown when resolved" of the issue
"registry + resolve CLI".

Everything goes through the real command line: ``sys.executable -m polyname`` in a
subprocess, real CSV files in a temporary directory, a real SQLite registry built with
``resolve registry import``, names resolved with ``resolve match``. Nothing is called in
process except an optional cross-check (the same queries through ``NameIndex.search``, as
the harness's polyname matcher runs them), which tells a CLI/registry problem from a matcher
problem. The evaluation sets are the harness's (``evalsets``).

Measurements (one function each):

1. ``measure_screening``: QUALITY.md's screening task. Registry = the 683 untreated UN names
   (``screening/positives_un_untreated.csv``, entity i = row i); queries = the 683 treated
   names and negatives_global people (all 50,000 in full mode; in the short mode the first
   3,000 of ``evalsets.screening``'s sample). ``resolve match`` at
   the default threshold (``polyname.MATCH_THRESHOLD``). Recall: treated names whose
   ``entity_id`` is their own person (or an identical spelling of it: the list holds one name
   twice, the rule of ``RetrievalSet.is_hit``); negatives matched: negatives that get any ``entity_id``.
   Bars: recall >= 0.99, negatives matched <= 0.5 %.
2. ``measure_ofac_alias``: ``evalsets.ofac_alias`` (held-out OFAC aliases against the
   other names, entity = OFAC entity). ``resolve match --threshold 0`` so that the top-1
   is always written; recall@1 with the same hit rule. Bar: recall@1 >= 0.65.
3. ``measure_match``: ``resolve match`` of a file of rows against a registry, and in the same
   run the brute force a RapidFuzz user would write: unidecode + ``default_process`` on both
   sides, then ``process.cdist(..., scorer=fuzz.token_sort_ratio, workers=-1)`` in chunks of
   queries with an argmax per row (``matchers.rf_argmax``), reading and writing the same CSV
   files. Each runs in a subprocess of its own: time is its wall time (interpreter start,
   reading, folding or index building, matching, writing: what a user waits for), memory its
   own peak RSS (through ``peak_rss.py``).

``benches/test_resolve_match.py`` and ``benches/test_scale.py`` drive these; this file runs as
a script only as the RapidFuzz worker (``--rapidfuzz-worker REG IN OUT``).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
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
import evalsets  # noqa: E402
import metrics  # noqa: E402
import modes  # noqa: E402
from matchers import PolynameMatcher, Top1, rf_argmax, rf_prepare  # noqa: E402

DEFAULT_SEED = modes.SEED
# The registry accepts person / organization / location / other; OFAC also has vessels.
KIND_FOR_REGISTRY = {"person": "person", "organization": "organization", "vessel": "other", "other": "other"}


def log(msg: str) -> None:
    print(f"[resolve-cli {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------
# Subprocesses and files
# ---------------------------------------------------------------------------------------


class ChildFailed(RuntimeError):
    pass


class ChildTimedOut(RuntimeError):
    pass


@dataclass
class ChildRun:
    seconds: float  # wall time of the command
    peak_mb: float  # its own peak resident set size
    stdout: str
    stderr: str


PEAK_RSS = BENCHES / "peak_rss.py"


def run_child(args: Sequence[str], cwd: Path, timeout: float | None = None) -> ChildRun:
    """Run a command through ``peak_rss.py`` (its own peak memory, not this process's) and
    stop it after ``timeout`` seconds (``ChildTimedOut``)."""
    with tempfile.TemporaryDirectory(prefix="child-") as tmp, \
            tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        report = Path(tmp) / "peak.json"
        # -S: the launcher imports nothing beyond the standard library, and stays small.
        proc = subprocess.Popen([sys.executable, "-S", str(PEAK_RSS), str(report), "--", *args], cwd=cwd,
                                stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.terminate()
            proc.wait()
            raise ChildTimedOut(f"{' '.join(args[:4])} ... stopped after {timeout:.0f} s") from None
        except BaseException:
            proc.terminate()
            proc.wait()
            raise
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
        if proc.returncode != 0 or not report.exists():
            raise ChildFailed(f"{' '.join(args)} exited with {proc.returncode}:\n{stderr[-2000:]}")
        figures = json.loads(report.read_text(encoding="utf-8"))
    return ChildRun(figures["seconds"], figures["peak_mb"], stdout, stderr)


def resolve(*args: str, cwd: Path, timeout: float | None = None) -> ChildRun:
    """``resolve ARGS`` as a user runs it (``python -m polyname`` is the console script)."""
    return run_child([sys.executable, "-m", "polyname", *args], cwd, timeout)


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


def is_hit(rs: evalsets.RetrievalSet, q: int, entity: str, name: str) -> bool:
    """``RetrievalSet.is_hit`` on an answer of the command: the expected entity, or an
    identical spelling of one of its names."""
    want = rs.expected[q]
    if not entity or not want:
        return False
    return entity == want or evalsets.fold(name) in rs.spellings.get(want, frozenset())


def import_registry(workdir: Path, stem: str, rows: Iterable[Sequence[str]],
                    timeout: float | None = None) -> tuple[Path, ChildRun]:
    """Write ``stem.csv`` (entity_id,name,kind) and import it into a fresh ``stem.db``."""
    csv_path = write_csv(workdir / f"{stem}.csv", ["entity_id", "name", "kind"], rows)
    db = workdir / f"{stem}.db"
    db.unlink(missing_ok=True)
    run = resolve("registry", "import", str(csv_path), "--db", str(db), cwd=workdir, timeout=timeout)
    return db, run


def in_process_top1(rs: evalsets.RetrievalSet) -> Top1:
    """Cross-check: the same queries through ``NameIndex.search`` in process."""
    return PolynameMatcher().search(rs, list(range(len(rs.queries))), exhaustive=False)


# ---------------------------------------------------------------------------------------
# 1. Screening
# ---------------------------------------------------------------------------------------


def screening_set(seed: int, negatives: int | None) -> evalsets.RetrievalSet:
    """The harness's screening set with ``negatives`` negatives_global people (None: all)."""
    return evalsets.screening(seed, replace(modes.FULL, screening_negatives=negatives))


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
        api = metrics.screening_at(rs, top, float(polyname.MATCH_THRESHOLD))
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
    rs = evalsets.ofac_alias(seed, replace(modes.FULL, ofac_holdout=queries))
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


def answer_shares(qrows: Sequence[tuple[str, str, str]], answers: dict[str, tuple[str, str, float]],
                   registry: Sequence[tuple[str, str, str]]) -> dict[str, float]:
    """Sanity figures of a throughput run at the default threshold: known names resolved to an
    entity that holds that very spelling, and negatives given an entity (against OFAC + UN,
    a harder registry than the screening task's 683 names)."""
    spellings: dict[str, set[str]] = {}
    for entity, name, _ in registry:
        spellings.setdefault(entity, set()).add(evalsets.fold(name))
    known = [(name, answers[qid]) for qid, name, origin in qrows if origin == "known"]
    negative = [answers[qid] for qid, _, origin in qrows if origin == "negative"]
    return {
        "matched_share": sum(1 for a in answers.values() if a[0]) / max(1, len(answers)),
        "known_same_spelling": sum(1 for name, a in known if evalsets.fold(name) in spellings.get(a[0], ()))
        / max(1, len(known)),
        "negatives_matched": sum(1 for a in negative if a[0]) / max(1, len(negative)),
    }


def rapidfuzz_match(registry_csv: str, input_csv: str, output_csv: str, column: str = "name") -> dict[str, float]:
    """The RapidFuzz brute force, as a RapidFuzz user writes ``resolve match``: read both
    files, fold both sides, ``cdist`` token_sort_ratio in chunks with an argmax per row,
    write every input column plus entity_id, matched_name, score. Runs in the subprocess
    (``--rapidfuzz-worker``); returns its phases in seconds."""
    from rapidfuzz import fuzz

    t0 = time.perf_counter()
    with open(registry_csv, encoding="utf-8", newline="") as fh:
        reg = [(r["entity_id"], r["name"]) for r in csv.DictReader(fh)]
    with open(input_csv, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    t1 = time.perf_counter()
    reg_folded = rf_prepare([n for _, n in reg])
    t2 = time.perf_counter()
    queries = rf_prepare([r[column] for r in rows])
    best, scores = rf_argmax(queries, reg_folded, fuzz.token_sort_ratio)
    t3 = time.perf_counter()
    with open(output_csv, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(fields + ["entity_id", "matched_name", "score"])
        for r, b, s in zip(rows, best, scores):
            writer.writerow([r[c] for c in fields] + [reg[b][0], reg[b][1], f"{s:.4f}"])
    t4 = time.perf_counter()
    return {"read": t1 - t0, "fold_registry": t2 - t1, "search": t3 - t2, "write": t4 - t3}


def rapidfuzz_resolve(reg_csv: Path, queries: Path, out: Path, workdir: Path,
                      timeout: float | None = None) -> ChildRun:
    """``rapidfuzz_match`` in a subprocess of its own, as ``resolve`` runs in one."""
    return run_child([sys.executable, str(Path(__file__).resolve()), "--rapidfuzz-worker",
                      str(reg_csv), str(queries), str(out)], workdir, timeout)


def measure_match(workdir: Path, registry: Sequence[tuple[str, str, str]], queries: Sequence[tuple[str, str, str]],
                  *, stem: str, system: str, timeout: float | None = None) -> dict[str, Any]:
    """``resolve match`` (``system`` "polyname", after a ``registry import`` reported under
    "import") or the RapidFuzz brute force ("rapidfuzz") of ``queries`` (qid, name, origin)
    against ``registry`` (entity_id, name, kind), in a subprocess of its own: its time is the
    wall time a user waits for (start-up, registry load and index build or folding, matching,
    CSV out), its memory its own peak. Raises ``ChildTimedOut`` past ``timeout``."""
    qfile = write_csv(workdir / f"{stem}-queries.csv", ["qid", "name", "origin"], queries)
    answers_csv = workdir / f"{stem}-{system}.csv"
    if system == "rapidfuzz":
        reg_csv = write_csv(workdir / f"{stem}.csv", ["entity_id", "name", "kind"], registry)
        log(f"{stem}: RapidFuzz brute force, {len(queries):,} rows")
        rf = rapidfuzz_resolve(reg_csv, qfile, answers_csv, workdir, timeout)
        return {"seconds": rf.seconds, "rows_per_s": len(queries) / rf.seconds, "peak_mb": rf.peak_mb}
    log(f"{stem}: importing {len(registry):,} aliases")
    db, imported = import_registry(workdir, stem, registry, timeout)
    try:
        log(f"{stem}: resolve match, {len(queries):,} rows")
        pn = resolve("match", str(qfile), "--db", str(db), "--column", "name", "-o", str(answers_csv),
                     cwd=workdir, timeout=timeout)
        return {"seconds": pn.seconds, "rows_per_s": len(queries) / pn.seconds, "peak_mb": pn.peak_mb,
                **answer_shares(queries, read_answers(answers_csv), registry),
                "import": {"seconds": imported.seconds, "rows_per_s": len(registry) / imported.seconds,
                           "peak_mb": imported.peak_mb, "db_mb": db.stat().st_size / 2**20},
                "start_up": measure_start_up(workdir, db, queries[0][1], stem, timeout)}
    finally:
        for path in (db, Path(f"{db}.index")):
            path.unlink(missing_ok=True)


def measure_start_up(workdir: Path, db: Path, name: str, stem: str, timeout: float | None) -> dict[str, Any]:
    """``resolve match`` of one row against ``db`` (whose search has run once): reading the
    index saved beside the registry, then (the file removed) building it as before it was
    saved; the best of three runs each, wall time."""
    one = write_csv(workdir / f"{stem}-one.csv", ["name"], [(name,)])
    index_file = Path(f"{db}.index")
    out: dict[str, Any] = {"index_mb": index_file.stat().st_size / 2**20}

    def one_row() -> ChildRun:
        return resolve("match", str(one), "--db", str(db), "-o", str(workdir / f"{stem}-one-out.csv"), cwd=workdir,
                       timeout=timeout)

    saved = min((one_row() for _ in range(3)), key=lambda r: r.seconds)
    out["saved_index"] = {"seconds": saved.seconds, "peak_mb": saved.peak_mb}
    runs = []
    for _ in range(3):
        index_file.unlink()
        runs.append(one_row())
    built = min(runs, key=lambda r: r.seconds)
    out["building"] = {"seconds": built.seconds, "peak_mb": built.peak_mb}
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """The RapidFuzz side of ``measure_match``, run in its own process."""
    parser = argparse.ArgumentParser(description="RapidFuzz brute-force resolve over CSV (bench worker)")
    parser.add_argument("--rapidfuzz-worker", nargs=3, metavar=("REG", "IN", "OUT"), required=True)
    args = parser.parse_args(argv)
    print(json.dumps(rapidfuzz_match(*args.rapidfuzz_worker)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
