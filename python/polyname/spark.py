"""polyname on Spark: the names of a DataFrame resolved against a registry on the executors.

The registry is read once, on the driver, into a `Snapshot` (its index, as the index's bytes,
and the canonical entity and kind of every alias), broadcast to the executors; each Python
worker unpickles it once, and the rows flow to it in Arrow batches (`DataFrame.mapInArrow`)
through the resolution `Registry.resolve_many` runs, so a row gets the answer `resolve match`
gives it. Nothing is written to the registry from the executors.

Needs the extra ``polyname[spark]`` (PySpark 4 or later, and pyarrow).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Optional

from polyname._batches import MATCH_COLUMNS, added_columns, resolved_batch
from polyname._core import MATCH_THRESHOLD
from polyname.errors import InvalidArgumentError
from polyname.registry import Registry, Snapshot
from polyname.registry.resolution import checked_search
from polyname.settings import DEFAULT_MODE, Mode, SearchSettings

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import DataFrame

def match(df: DataFrame, registry: Registry | Snapshot, column: str = "name", *,
          threshold: float = MATCH_THRESHOLD, kind: Optional[str] = None, mode: Mode | SearchSettings = DEFAULT_MODE,
          explain: bool = False, prefix: str = "", workers: int = 1) -> DataFrame:
    """``df`` with the best entity for the name in ``column`` of each row, as `resolve match`
    finds it: ``entity_id``, ``matched_name`` and ``score`` (null where no alias reaches
    ``threshold``; a null or empty name resolves to nothing), and ``explanation`` with
    ``explain=True``; ``prefix`` goes before each added column's name.

    ``registry`` is read once, now (a `Snapshot` may be given instead). ``workers``: threads
    of each Spark task's search (Spark already runs a task on each core it has).

    Raises:
        InvalidArgumentError: ``column`` is no string column of ``df``, an added column is one
            of ``df`` already (give a ``prefix``), or the arguments of a search are out of range.
    """
    from pyspark.sql.types import DoubleType, StringType, StructField, StructType

    checked_search(mode, 1, threshold, kind)
    fields = {f.name: f for f in df.schema.fields}
    added = added_columns(list(fields), column, prefix, explain)
    if not isinstance(fields[column].dataType, StringType):
        raise InvalidArgumentError(f"column {column!r} holds {fields[column].dataType.simpleString()}, not names "
                                   "(strings)")
    snapshot = registry if isinstance(registry, Snapshot) else registry.snapshot()
    shared = df.sparkSession.sparkContext.broadcast(snapshot)
    types = [StringType(), StringType(), DoubleType()] + ([StringType()] if explain else [])
    schema = StructType(df.schema.fields + [StructField(name, t, True) for name, t in zip(added, types)])
    options: dict[str, Any] = {"threshold": threshold, "kind": kind, "mode": mode, "explain": explain,
                               "workers": workers}

    def resolve_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        found: Snapshot = shared.value  # unpickled once per Python worker
        for batch in batches:
            yield resolved_batch(found, batch, column, added, options)

    return df.mapInArrow(resolve_batches, schema)


__all__ = ["MATCH_COLUMNS", "match"]
