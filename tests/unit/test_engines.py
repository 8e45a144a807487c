"""The engines: `polyname.spark.match` on a real Spark session (``local[2]``) and
`polyname.duckdb.match` over DuckDB relations. Every row gets the answer the registry gives it
in process (`Registry.resolve_many`, as `resolve match` runs it), whatever the batches, and bad
arguments are refused before any job runs or any row is read.

The registry is every name of the UN list (``un-sc-consolidated/names.csv``) on a SQLite
file; the rows are the screening fixtures' treated UN names and synthetic negatives, read by
the engine from the shared CSV files (``POLYNAME_SHARED``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

import polyname
import polyname.duckdb
import polyname.spark
from polyname import Registry

# PySpark 4.3 warns of pandas 3, which its Arrow batches (all `match` uses) do not touch.
pytestmark = pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning")

SHARED = Path(os.environ.get("POLYNAME_SHARED") or "../shared").resolve() / "data"


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Registry]:
    reg = Registry(tmp_path_factory.mktemp("engines") / "un.db")
    reg.import_csv(SHARED / "un-sc-consolidated" / "names.csv")
    yield reg
    reg.close()


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from pyspark.sql import SparkSession

    # The executors' Python is this one (with polyname and pyarrow), not the first on PATH.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (SparkSession.builder.master("local[2]").appName("polyname-tests")
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate())
    yield session
    session.stop()


def test_spark_gives_every_row_the_answer_of_the_registry(spark: Any, registry: Registry) -> None:
    screening = SHARED / "screening"
    # (The files quote as RFC 4180 does: a quote inside a field is doubled.)
    treated = spark.read.csv(str(screening / "positives_un_treated.csv"), header=True, escape='"').select("full_name")
    negatives = spark.read.csv(str(screening / "negatives_global.csv"), header=True, escape='"').select(
        "full_name").limit(2000)
    df = treated.union(negatives).repartition(4)
    rows = polyname.spark.match(df, registry, "full_name", explain=True).collect()
    assert len(rows) == 683 + 2000
    names = [r["full_name"] for r in rows]
    expected = [found[0] if found else None for found in registry.resolve_many(names, limit=1, explain=True)]
    got = [(r["entity_id"], r["matched_name"], r["score"], r["explanation"]) for r in rows]
    want = [(e.entity_id, e.name, e.score, str(e.explanation)) if e else (None, None, None, None) for e in expected]
    assert got == want
    # The answers are real ones: most treated UN names are found, most negatives are not.
    found = sum(1 for g in got if g[0] is not None)
    assert 600 < found < 683 + 200


def test_spark_takes_a_snapshot_and_the_arguments_of_resolve_match(spark: Any, registry: Registry) -> None:
    df = spark.createDataFrame([("Hossein Taeb", 1), (None, 2), ("", 3), ("ERIC BADEGE", 4)], "name string, n int")
    snapshot = registry.snapshot()
    rows = sorted(polyname.spark.match(df, snapshot, prefix="ref_", kind="person").collect(), key=lambda r: r["n"])
    assert [r["ref_entity_id"] for r in rows[1:3]] == [None, None]
    assert rows[3]["ref_entity_id"] == "UN:CDi.001" and rows[3]["ref_score"] == 1.0
    expected = registry.resolve("Hossein Taeb", kind="person", limit=1)
    assert rows[0]["ref_entity_id"] == (expected[0].entity_id if expected else None)


def test_spark_refuses_bad_arguments_naming_them(spark: Any, registry: Registry) -> None:
    df = spark.createDataFrame([("Hossein Taeb", 1)], "name string, n int")
    with pytest.raises(polyname.InvalidArgumentError, match=r"no column 'mention'.*name, n"):
        polyname.spark.match(df, registry, "mention")
    with pytest.raises(polyname.InvalidArgumentError, match="column 'n' holds int"):
        polyname.spark.match(df, registry, "n")
    taken = spark.createDataFrame([("Hossein Taeb", "X")], "name string, entity_id string")
    with pytest.raises(polyname.InvalidArgumentError, match="column 'entity_id' already: give a prefix"):
        polyname.spark.match(taken, registry)
    with pytest.raises(polyname.InvalidArgumentError, match="threshold"):
        polyname.spark.match(df, registry, threshold=1.5)


def test_duckdb_gives_every_row_the_answer_of_the_registry(registry: Registry, tmp_path: Path) -> None:
    con = duckdb.connect()
    screening = SHARED / "screening"
    rows = con.sql(f"SELECT full_name, nationality FROM read_csv('{screening / 'positives_un_treated.csv'}', "
                   f"all_varchar = true) UNION ALL SELECT full_name, nationality FROM "
                   f"read_csv('{screening / 'negatives_global.csv'}', all_varchar = true) LIMIT 3000")
    out = tmp_path / "resolved.parquet"
    polyname.duckdb.match(rows, registry, "full_name", explain=True, batch_rows=700, connection=con).write_parquet(
        str(out))
    got = con.sql(f"SELECT full_name, entity_id, matched_name, score, explanation FROM '{out}'").fetchall()
    assert len(got) == 3000
    expected = registry.resolve_many([g[0] for g in got], limit=1, explain=True)
    want = [(g[0], *((e[0].entity_id, e[0].name, e[0].score, str(e[0].explanation)) if e else (None,) * 4))
            for g, e in zip(got, expected)]
    assert got == want
    found = sum(1 for g in got if g[1] is not None)
    assert 600 < found < 683 + 300


def test_duckdb_refuses_bad_arguments_naming_them(registry: Registry) -> None:
    con = duckdb.connect()
    rel = con.sql("SELECT 'Hossein Taeb' AS name, 1 AS n")
    with pytest.raises(polyname.InvalidArgumentError, match=r"no column 'mention'.*name, n"):
        polyname.duckdb.match(rel, registry, "mention")
    with pytest.raises(polyname.InvalidArgumentError, match="column 'n' holds INTEGER"):
        polyname.duckdb.match(rel, registry, "n")
    with pytest.raises(polyname.InvalidArgumentError, match="column 'entity_id' already: give a prefix"):
        polyname.duckdb.match(con.sql("SELECT 'x' AS name, 'y' AS entity_id"), registry)
    with pytest.raises(polyname.InvalidArgumentError, match="batch_rows"):
        polyname.duckdb.match(rel, registry, batch_rows=0)
    ok = polyname.duckdb.match(rel, registry, prefix="ref_", connection=con).fetchall()
    assert len(ok) == 1 and len(ok[0]) == 5
