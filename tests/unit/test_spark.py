"""`polyname.spark.match` on a real Spark session (``local[2]``): every row gets the answer the
registry gives it in process (`Registry.resolve_many`, as `resolve match` runs it), and bad
arguments are refused before any job runs.

The registry is every name of the UN list (``un-sc-consolidated/names.csv``) on a SQLite
file; the rows are the screening fixtures' treated UN names and 2,000 of its synthetic
negatives, read by Spark from the shared CSV files (``POLYNAME_SHARED``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import polyname
import polyname.spark
from polyname import Registry

# PySpark 4.3 warns of pandas 3, which its Arrow batches (all `match` uses) do not touch.
pytestmark = pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning")

SHARED = Path(os.environ.get("POLYNAME_SHARED") or "../shared").resolve() / "data"


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from pyspark.sql import SparkSession

    # The executors' Python is this one (with polyname and pyarrow), not the first on PATH.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (SparkSession.builder.master("local[2]").appName("polyname-tests")
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate())
    yield session
    session.stop()


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Registry]:
    reg = Registry(tmp_path_factory.mktemp("spark") / "un.db")
    reg.import_csv(SHARED / "un-sc-consolidated" / "names.csv")
    yield reg
    reg.close()


def test_every_row_gets_the_answer_of_the_registry(spark: Any, registry: Registry) -> None:
    screening = SHARED / "screening"
    treated = spark.read.csv(str(screening / "positives_un_treated.csv"), header=True).select("full_name")
    negatives = spark.read.csv(str(screening / "negatives_global.csv"), header=True).select("full_name").limit(2000)
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


def test_a_snapshot_and_the_arguments_of_resolve_match(spark: Any, registry: Registry) -> None:
    df = spark.createDataFrame([("Hossein Taeb", 1), (None, 2), ("", 3), ("ERIC BADEGE", 4)], "name string, n int")
    snapshot = registry.snapshot()
    rows = sorted(polyname.spark.match(df, snapshot, prefix="ref_", kind="person").collect(), key=lambda r: r["n"])
    assert [r["ref_entity_id"] for r in rows[1:3]] == [None, None]
    assert rows[3]["ref_entity_id"] == "UN:CDi.001" and rows[3]["ref_score"] == 1.0
    expected = registry.resolve("Hossein Taeb", kind="person", limit=1)
    assert rows[0]["ref_entity_id"] == (expected[0].entity_id if expected else None)


def test_bad_arguments_are_refused_naming_them(spark: Any, registry: Registry) -> None:
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
