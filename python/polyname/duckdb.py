"""polyname in DuckDB: the names of a relation resolved to registry entities as they stream.

`match` takes any DuckDB relation (a table, a query over Parquet or CSV files larger than
memory) and gives back a relation of its rows with the columns `resolve match` adds. The rows
are read in Arrow batches and resolved batch by batch as DuckDB pulls them, so memory holds a
batch, not the input; the answers are those of `Registry.resolve_many`. Write the result with
DuckDB (``.write_parquet``, ``COPY``) or read it as Arrow.

Needs the extra ``polyname[duckdb]`` (DuckDB and pyarrow).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Optional

from polyname._batches import added_columns, added_types, resolved_batch
from polyname._core import MATCH_THRESHOLD
from polyname.errors import InvalidArgumentError
from polyname.registry import Registry, Snapshot
from polyname.registry.resolution import checked_search
from polyname.settings import DEFAULT_MODE, Mode, SearchSettings

if TYPE_CHECKING:
    import duckdb as _duckdb
    import pyarrow as pa

#: Rows resolved per batch call (as `resolve match` reads them).
BATCH_ROWS = 10_000


def match(relation: _duckdb.DuckDBPyRelation, registry: Registry | Snapshot, column: str = "name", *,
          threshold: float = MATCH_THRESHOLD, kind: Optional[str] = None, mode: Mode | SearchSettings = DEFAULT_MODE,
          explain: bool = False, prefix: str = "", batch_rows: int = BATCH_ROWS, workers: int = -1,
          connection: Optional[_duckdb.DuckDBPyConnection] = None) -> _duckdb.DuckDBPyRelation:
    """``relation`` with the best entity for the name in ``column`` of each row, as `resolve
    match` finds it: ``entity_id``, ``matched_name`` and ``score`` (null where no alias
    reaches ``threshold``; a null or empty name resolves to nothing), and ``explanation``
    with ``explain=True``; ``prefix`` goes before each added column's name.

    ``registry`` is read once, now (a `Snapshot` may be given instead). The result streams: it
    is read once (write it, or fetch it). ``connection``: the database the result relation reads in (on a cursor of
    its own; by default DuckDB's default connection).

    Raises:
        InvalidArgumentError: ``column`` is no text column of ``relation``, an added column is
            one of it already (give a ``prefix``), or the arguments of a search are out of range.
    """
    import duckdb
    import pyarrow as pa

    checked_search(mode, 1, threshold, kind)
    if batch_rows < 1:
        raise InvalidArgumentError(f"batch_rows must be at least 1, got {batch_rows}")
    columns = list(relation.columns)
    added = added_columns(columns, column, prefix, explain)
    kind_of_column = str(relation.types[columns.index(column)])
    if kind_of_column != "VARCHAR":
        raise InvalidArgumentError(f"column {column!r} holds {kind_of_column}, not names (text)")
    # (DuckDB pulls the batches from a thread of its own: they are resolved on a snapshot,
    # which needs no SQLite connection.)
    snapshot = registry if isinstance(registry, Snapshot) else registry.snapshot()
    # (DuckDB 1.4 names it to_arrow_reader; before, fetch_arrow_reader.)
    reader = getattr(relation, "to_arrow_reader", None) or relation.fetch_arrow_reader
    reader = reader(batch_rows)
    schema = reader.schema
    for name, t in zip(added, added_types(explain)):
        schema = schema.append(pa.field(name, t))
    options: dict[str, Any] = {"threshold": threshold, "kind": kind, "mode": mode, "explain": explain,
                               "workers": workers}

    def batches() -> Iterator[pa.RecordBatch]:
        for batch in reader:
            yield resolved_batch(snapshot, batch, column, added, options)

    stream = pa.RecordBatchReader.from_batches(schema, batches())
    # (On a cursor of its own: the input's result stays open on its connection while this
    # one is read.)
    return (connection or duckdb.default_connection()).cursor().from_arrow(stream)


__all__ = ["BATCH_ROWS", "match"]
