"""`polyname.duckdb.match` over DuckDB relations: every row gets the answer the registry gives
it in process (`Registry.resolve_many`, as `resolve match` runs it), whatever the batch size,
and bad arguments are refused before any row is read.

The registry is every name of the UN list (``un-sc-consolidated/names.csv``) on a SQLite
file; the rows are the screening fixtures' treated UN names and synthetic negatives, read by
DuckDB from the shared CSV files (``POLYNAME_SHARED``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

import polyname
import polyname.duckdb
from polyname import Registry

SHARED = Path(os.environ.get("POLYNAME_SHARED") or "../shared").resolve() / "data"


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Registry]:
    reg = Registry(tmp_path_factory.mktemp("duckdb") / "un.db")
    reg.import_csv(SHARED / "un-sc-consolidated" / "names.csv")
    yield reg
    reg.close()


def test_every_row_gets_the_answer_of_the_registry(registry: Registry, tmp_path: Path) -> None:
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


def test_bad_arguments_are_refused_naming_them(registry: Registry) -> None:
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
