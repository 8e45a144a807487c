"""``resolve match`` over a CSV file: what a user waits for, through the real command.

Registry: every OFAC and UN name (42,341 aliases) imported once with ``resolve registry
import`` into a real SQLite file. Input: rows that are half registry names, half
negatives_global people. polyname is ``python -m polyname match`` in a subprocess; the peer is
the RapidFuzz brute force a user would write over the same files (``resolve_cli.rapidfuzz_match``).
Time is the subprocess's wall time, start-up included; memory its own peak (``peak_rss.py``).

Quality through the command (``resolve_cli``): QUALITY.md's screening task at the default
threshold and OFAC alias retrieval with ``--threshold 0``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import datasets
import gates
import modes
import resolve_cli
import suite

GROUP = "resolve match"


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("resolve")


@pytest.fixture(scope="module")
def files(workdir: Path) -> dict[str, Any]:
    base = datasets.load_ofac_names() + datasets.load_un_names()
    registry = [(r.entity_id, r.name, resolve_cli.KIND_FOR_REGISTRY.get(r.kind, "other")) for r in base]
    queries = resolve_cli.throughput_queries(base, suite.MODE.resolve_rows, modes.SEED)
    db, imported = resolve_cli.import_registry(workdir, "registry", registry)
    suite.record_time("registry import", "polyname", imported.seconds, len(registry), "alias",
                      label="resolve registry import", peak_mb=imported.peak_mb)
    return {"registry": registry, "registry_base": base, "queries": queries, "db": db,
            "registry_csv": workdir / "registry.csv",
            "input": resolve_cli.write_csv(workdir / "input.csv", ["qid", "name", "origin"], queries)}


def _record(benchmark: Any, system: str, run: resolve_cli.ChildRun, rows: int, label: str) -> None:
    suite.record_speed(GROUP, system, benchmark, rows, "row", label=label)
    suite.RESULTS["speed"][GROUP][system]["peak_mb"] = run.peak_mb


def test_polyname(benchmark: Any, files: dict[str, Any], workdir: Path) -> None:
    out = workdir / "polyname-out.csv"
    run = benchmark.pedantic(resolve_cli.resolve, args=("match", str(files["input"]), "--db", str(files["db"]),
                                                        "--column", "name", "-o", str(out)),
                             kwargs={"cwd": workdir}, rounds=suite.MODE.rounds)
    answers = resolve_cli.read_answers(out)
    assert len(answers) == len(files["queries"])
    shares = resolve_cli.answer_shares(files["queries"], answers, files["registry"])
    # Half the rows are registry names: nearly all resolve to an entity holding that spelling.
    assert shares["known_same_spelling"] > 0.9, shares
    _record(benchmark, "polyname", run, len(answers), "resolve match (subprocess, SQLite registry)")
    suite.RESULTS["speed"][GROUP]["polyname"]["answers"] = shares


def test_rapidfuzz(benchmark: Any, files: dict[str, Any], workdir: Path) -> None:
    out = workdir / "rapidfuzz-out.csv"
    run = benchmark.pedantic(resolve_cli.rapidfuzz_resolve, args=(files["registry_csv"], files["input"], out, workdir),
                             rounds=suite.MODE.rounds)
    assert len(resolve_cli.read_answers(out)) == len(files["queries"])
    _record(benchmark, "rapidfuzz", run, len(files["queries"]), "RapidFuzz brute force over the same CSV files")


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    import os
    import sys
    import warnings

    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = sys.executable  # the executors' Python: this one
    warnings.filterwarnings("ignore", "PySpark does not yet fully support pandas", FutureWarning)
    session = (SparkSession.builder.master("local[2]").appName("polyname-bench")
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate())
    yield session
    session.stop()


def test_spark(benchmark: Any, files: dict[str, Any], workdir: Path, spark: Any) -> None:
    """`polyname.spark.match` on Spark ``local[2]`` over the same input file and registry: the
    registry read into a snapshot and broadcast, the rows read, resolved and written as CSV by
    Spark (the session's start-up, a few seconds, is not counted)."""
    import polyname.spark
    from polyname import Registry

    out = workdir / "spark-out"

    def run() -> None:
        with Registry(files["db"], create=False) as reg:
            rows = spark.read.csv(str(files["input"]), header=True, escape='"')  # (RFC 4180 quotes)
            polyname.spark.match(rows, reg, "name").write.mode("overwrite").csv(str(out), header=True, escape='"')

    suite.bench(benchmark, run)
    answers: dict[str, tuple[str, str, float]] = {}
    for part in out.glob("part-*.csv"):
        answers.update(resolve_cli.read_answers(part))
    cli = resolve_cli.read_answers(workdir / "polyname-out.csv")
    assert len(answers) == len(files["queries"])
    # The answers of `resolve match`, row for row (scores as CSV writes them).
    assert {q: a[0] for q, a in answers.items()} == {q: a[0] for q, a in cli.items()}
    suite.record_speed(GROUP, "spark", benchmark, len(answers), "row",
                       label="polyname.spark.match (Spark local[2], CSV in and out)")


def test_duckdb(benchmark: Any, files: dict[str, Any], workdir: Path) -> None:
    """`polyname.duckdb.match` over the same input file and registry: DuckDB reads the CSV
    file, the rows stream through in batches, and DuckDB writes the CSV output."""
    import duckdb

    import polyname.duckdb
    from polyname import Registry

    out = workdir / "duckdb-out.csv"

    def run() -> None:
        con = duckdb.connect()
        with Registry(files["db"], create=False) as reg:
            rows = con.read_csv(str(files["input"]), all_varchar=True)
            polyname.duckdb.match(rows, reg, "name", connection=con).write_csv(str(out), header=True)

    suite.bench(benchmark, run)
    answers = resolve_cli.read_answers(out)
    cli = resolve_cli.read_answers(workdir / "polyname-out.csv")
    assert {q: a[0] for q, a in answers.items()} == {q: a[0] for q, a in cli.items()}
    suite.record_speed(GROUP, "duckdb", benchmark, len(answers), "row",
                       label="polyname.duckdb.match (DuckDB, CSV in and out)")


MILLION = 1_000_000


@pytest.mark.full
def test_a_million_rows_in_process_on_duckdb_and_on_spark(files: dict[str, Any], workdir: Path, spark: Any) -> None:
    """1,000,000 rows (the throughput rows, half registry names and half negatives, drawn
    anew 25 times over) against the same registry: `resolve match` in a subprocess (its
    peak memory too), `polyname.duckdb.match` and `polyname.spark.match` on ``local[2]``, each
    once; the three give the same entity to every row."""
    import time

    import duckdb

    import polyname.duckdb
    import polyname.spark
    from polyname import Registry

    draws = MILLION // 40_000
    rows = [(f"{k}:{q}", name, origin) for k in range(draws)
            for q, name, origin in resolve_cli.throughput_queries(files["registry_base"], 40_000, modes.SEED + k)]
    big = resolve_cli.write_csv(workdir / "million.csv", ["qid", "name", "origin"], rows)
    cli_out, duck_out = workdir / "million-cli.csv", workdir / "million-duckdb.csv"
    spark_out = workdir / "million-spark"
    cli = resolve_cli.resolve("match", str(big), "--db", str(files["db"]), "--column", "name", "-o", str(cli_out),
                              cwd=workdir)
    suite.record_time("resolve match, 1M rows", "polyname", cli.seconds, len(rows), "row",
                      label="resolve match (subprocess, SQLite registry)", peak_mb=cli.peak_mb)
    start = time.perf_counter()
    con = duckdb.connect()
    with Registry(files["db"], create=False) as reg:
        polyname.duckdb.match(con.read_csv(str(big), all_varchar=True), reg, "name",
                              connection=con).write_csv(str(duck_out), header=True)
    suite.record_time("resolve match, 1M rows", "duckdb", time.perf_counter() - start, len(rows), "row",
                      label="polyname.duckdb.match (DuckDB, CSV in and out)")
    start = time.perf_counter()
    with Registry(files["db"], create=False) as reg:
        rows_df = spark.read.csv(str(big), header=True, escape='"')  # (RFC 4180 quotes, as written here)
        polyname.spark.match(rows_df, reg, "name").write.mode("overwrite").csv(str(spark_out), header=True, escape='"')
    suite.record_time("resolve match, 1M rows", "spark", time.perf_counter() - start, len(rows), "row",
                      label="polyname.spark.match (Spark local[2], CSV in and out)")
    answers = {q: a[0] for q, a in resolve_cli.read_answers(cli_out).items()}
    assert len(answers) == MILLION
    assert {q: a[0] for q, a in resolve_cli.read_answers(duck_out).items()} == answers
    on_spark: dict[str, str] = {}
    for part in spark_out.glob("part-*.csv"):
        on_spark.update((q, a[0]) for q, a in resolve_cli.read_answers(part).items())
    assert on_spark == answers


def test_speed_ratio() -> None:
    gates.assert_speed_claim(GROUP, "rapidfuzz")


@pytest.fixture(scope="module")
def screening(workdir: Path) -> dict[str, Any]:
    result = resolve_cli.measure_screening(workdir, seed=modes.SEED, negatives=suite.MODE.resolve_screening_negatives,
                                           cross_check=False)
    suite.record_quality("screening through resolve", "polyname", {
        "recall": result["recall"], "fpr": result["negatives_matched"], "n_pos": result["n_pos"],
        "n_neg": result["n_neg"], "threshold": result["threshold"]})
    return result


@pytest.fixture(scope="module")
def ofac_alias(workdir: Path) -> dict[str, Any]:
    result = resolve_cli.measure_ofac_alias(workdir, seed=modes.SEED, queries=suite.MODE.resolve_ofac_queries,
                                            cross_check=False)
    suite.record_quality("ofac_alias through resolve", "polyname",
                         {"recall_at_1": result["recall_at_1"], "n": result["n"], "registry": result["registry"]})
    return result


def test_screening_through_the_command(screening: dict[str, Any]) -> None:
    assert screening["n_pos"] == 683
    gates.assert_floor("resolve: screening recall", screening["recall"], gates.RESOLVE_SCREENING_RECALL)
    gates.assert_floor("resolve: 1 - negatives matched", 1 - screening["negatives_matched"],
                       1 - gates.RESOLVE_SCREENING_MAX_NEGATIVES_MATCHED)


def test_ofac_alias_through_the_command(ofac_alias: dict[str, Any]) -> None:
    # --threshold 0: every query gets its top-1 unless the index finds no candidate at all.
    assert ofac_alias["no_answer"] < ofac_alias["n"] // 10
    gates.assert_floor("resolve: OFAC alias recall@1", ofac_alias["recall_at_1"], gates.RESOLVE_OFAC_ALIAS_RECALL_AT_1)
