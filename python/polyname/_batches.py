"""Arrow batches of rows resolved to entities: what the engines (`polyname.spark`,
`polyname.duckdb`) run on each batch, so that a row gets the answer `resolve match` gives it.

Needs pyarrow (the extras spark and duckdb bring it).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Optional, Protocol

from polyname.errors import InvalidArgumentError
from polyname.registry import Resolution

if TYPE_CHECKING:
    import pyarrow as pa

#: The columns a match adds, before a prefix (and ``explanation`` when asked for).
MATCH_COLUMNS = ("entity_id", "matched_name", "score")


class ResolvesNames(Protocol):
    """A `Registry` or a `Snapshot`."""

    def resolve_many(self, names: Sequence[str], *, kind: Optional[str] = ..., limit: int = ...,
                     threshold: float = ..., mode: Any = ..., explain: bool = ...,
                     workers: int = ...) -> list[list[Resolution]]: ...


def added_columns(columns: Sequence[str], column: str, prefix: str, explain: bool) -> list[str]:
    """The names of the columns a match adds to a table of ``columns``, checked: ``column``
    is one of them, and no added one is.

    Raises:
        InvalidArgumentError: naming the column.
    """
    if column not in columns:
        raise InvalidArgumentError(f"no column {column!r} in the input (its columns: {', '.join(columns)})")
    added = [prefix + c for c in MATCH_COLUMNS + (("explanation",) if explain else ())]
    taken = [c for c in added if c in columns]
    if taken:
        raise InvalidArgumentError(f"the input has a column {taken[0]!r} already: give a prefix "
                                   f"(prefix='ref_' adds {'ref_' + MATCH_COLUMNS[0]!r}, ...)")
    return added


def added_types(explain: bool) -> list[pa.DataType]:
    import pyarrow as pa

    return [pa.string(), pa.string(), pa.float64()] + ([pa.string()] if explain else [])


def resolved_batch(resolver: ResolvesNames, batch: pa.RecordBatch, column: str, added: Sequence[str],
                   options: dict[str, Any]) -> pa.RecordBatch:
    """``batch`` with the best entity for the name in ``column`` of each row in the columns
    ``added`` (null where none reaches the threshold; a null or empty name resolves to
    nothing). ``options``: those of `Registry.resolve_many` but ``limit``."""
    import pyarrow as pa

    names = batch.column(column).to_pylist()
    best = [row[0] if row else None for row in resolver.resolve_many(names, limit=1, **options)]
    values: list[list[Any]] = [[r and r.entity_id for r in best], [r and r.name for r in best],
                               [r and r.score for r in best]]
    explain = bool(options.get("explain"))
    if explain:
        values.append([r and r.explanation and str(r.explanation) for r in best])
    new = [pa.array(v, type=t) for v, t in zip(values, added_types(explain))]
    return pa.RecordBatch.from_arrays(batch.columns + new, names=list(batch.schema.names) + list(added))
