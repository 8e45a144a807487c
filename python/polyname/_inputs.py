"""What the Python API accepts where it takes names or records.

A list of names may also be a tuple, a pandas Series, a NumPy array or a pyarrow Array; a
list of records may be a pandas DataFrame or a pyarrow Table. None, NaN and pandas' missing
values are missing names. pandas, NumPy and pyarrow stay optional: they are recognised by
the methods they have, never imported here.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Optional


def is_missing(value: object) -> bool:
    """None, a float NaN (how pandas and NumPy spell a missing value), pandas.NA or NaT."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    # pandas.NA and NaT are singletons whose type names say what they are.
    return type(value).__name__ in ("NAType", "NaTType")


def name_problem(name: str) -> Optional[str]:
    """What makes ``name`` unusable as a name ("is empty", "holds a NUL byte"), or None.
    The one rule for names, wherever they come from (a call, a CSV row, a registry)."""
    if "\x00" in name:
        return "holds a NUL byte"
    if not name.strip():
        return "is empty"
    return None


def name_list(names: object, what: str = "names") -> list[Optional[str]]:
    """The names of a collection, with None for each missing one.

    Raises:
        TypeError: ``names`` is a single string (which would be read letter by letter), a
            mapping, not a collection at all, or holds something that is not a string.
    """
    if isinstance(names, (str, bytes)):
        raise TypeError(f"{what} must be a list of names, not a single {type(names).__name__}: "
                        f"wrap it in a list ([name])")
    if isinstance(names, Mapping):
        raise TypeError(f"{what} must be a list of names, not a {type(names).__name__}")
    values = _plain_list(names, what)
    out: list[Optional[str]] = []
    for k, value in enumerate(values):
        if is_missing(value):
            out.append(None)
        elif isinstance(value, str):
            out.append(value)
        else:
            raise TypeError(f"{what}[{k}] is a {type(value).__name__}, not a string")
    return out


def record_list(records: object, what: str = "records") -> list[Mapping[str, Any]]:
    """The records of a collection of mappings, a pandas DataFrame or a pyarrow Table.

    Raises:
        TypeError: ``records`` is a string, a single mapping, or holds something that is not
            a mapping.
    """
    if isinstance(records, (str, bytes)):
        raise TypeError(f"{what} must be a list of records (mappings of column to value), "
                        f"not a {type(records).__name__}")
    if isinstance(records, Mapping):
        raise TypeError(f"{what} must be a list of records, not a single {type(records).__name__}: "
                        f"wrap it in a list ([record])")
    to_dict = getattr(records, "to_dict", None)
    if callable(to_dict) and hasattr(records, "columns"):  # a pandas DataFrame
        rows: list[Any] = to_dict("records")
    else:
        rows = _plain_list(records, what)
    for k, row in enumerate(rows):
        if not isinstance(row, Mapping):
            raise TypeError(f"{what}[{k}] is a {type(row).__name__}, not a mapping of column to value")
    return rows


def cell_text(value: object) -> str:
    """A record's value as text: missing values are empty; numbers and dates as written."""
    if is_missing(value):
        return ""
    return value.strip() if isinstance(value, str) else str(value).strip()


def _plain_list(values: object, what: str) -> list[Any]:
    # pyarrow Arrays, ChunkedArrays and Tables; pandas Series and NumPy arrays.
    for method in ("to_pylist", "tolist"):
        convert = getattr(values, method, None)
        if callable(convert):
            return list(convert())
    if isinstance(values, Sequence):
        return list(values)
    if isinstance(values, Iterable):
        return list(values)
    raise TypeError(f"{what} must be a list, not a {type(values).__name__}")
