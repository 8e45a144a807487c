"""What the Python API takes: lists, pandas and Arrow columns, missing values; and the clear
error a wrong argument gets (a bare string is not a list of names)."""

from __future__ import annotations

import math

import pandas as pd
import pyarrow as pa
import pytest

import polyname

TAEB = ["Hossein Taeb", "Hussein al-Tayeb", "Hossein Salami"]


def test_a_bare_string_is_not_a_list_of_names() -> None:
    with pytest.raises(TypeError, match="not a single str: wrap it in a list"):
        polyname.dedup("Hassan Nasrallah")
    with pytest.raises(TypeError, match="not a single dict"):
        polyname.dedup_records({"name": "Hassan Nasrallah"})
    with pytest.raises(TypeError, match=r"names\[1\] is a int, not a string"):
        polyname.dedup(["Hassan Nasrallah", 7])  # type: ignore[list-item]
    with pytest.raises(TypeError, match=r"records\[0\] is a str"):
        polyname.dedup_records(["Hassan Nasrallah"])  # type: ignore[list-item]


def test_missing_names_are_in_no_cluster() -> None:
    labels = polyname.dedup(["nan", float("nan"), None, "Hossein Taeb", "   ", "Hussein al-Tayeb", pd.NA])
    assert labels[1] == labels[2] == labels[4] == labels[6] == -1
    assert labels[3] == labels[5] != -1
    assert labels[0] not in (-1, labels[3])  # the text "nan" is a name like any other


def test_records_without_a_name_keep_their_place() -> None:
    records = [{"name": "Hossein Taeb"}, {"name": None}, {"name": ""}, {"name": "Hussein al-Tayeb"}]
    result = polyname.dedup_records(records)
    assert result.labels[1] == result.labels[2] == -1
    assert result.cluster_ids[1] == result.cluster_ids[2] == "" and result.cluster_sizes[1] == 0
    assert result.cluster_ids[0] == result.cluster_ids[3] != ""
    assert result.skipped == 2 and result.cluster_count == 1
    assert [(p.left, p.right) for p in result.pairs] == [(0, 3)]
    assert "" not in result.clusters()


def test_the_same_clusters_from_pandas_and_arrow() -> None:
    expected = polyname.dedup(TAEB)
    assert polyname.dedup(pd.Series(TAEB)) == expected
    assert polyname.dedup(pd.Series(TAEB, index=[10, 20, 30])) == expected  # labels, not positions
    assert polyname.dedup(pa.array(TAEB)) == expected
    assert polyname.dedup(pa.chunked_array([TAEB[:1], TAEB[1:]])) == expected
    assert polyname.dedup(tuple(TAEB)) == expected


def test_records_from_a_dataframe_with_missing_evidence() -> None:
    frame = pd.DataFrame({"name": TAEB + [None], "born": [1961, 1961, math.nan, 1970]})
    from_frame = polyname.dedup_records(frame, evidence=["born"])
    as_dicts = [{"name": n, "born": b} for n, b in zip(TAEB + [""], ["1961.0", "1961.0", "", "1970.0"])]
    from_dicts = polyname.dedup_records(as_dicts, evidence=["born"])
    assert from_frame.cluster_ids == from_dicts.cluster_ids
    assert from_frame.labels[3] == -1
    table = pa.Table.from_pandas(frame)
    assert polyname.dedup_records(table, evidence=["born"]).cluster_ids == from_frame.cluster_ids


def test_bad_values_are_polyname_errors() -> None:
    with pytest.raises(polyname.PolynameError, match="threshold"):
        polyname.dedup(TAEB, threshold=0)
    with pytest.raises(polyname.PolynameError, match="kind has 1 values for 3 names"):
        polyname.dedup(TAEB, kind=["person"])


def test_registry_resolve_many_takes_columns_and_refuses_a_bare_string() -> None:
    reg = polyname.Registry(":memory:")
    taeb = reg.add_entity("Hossein Taeb", kind="person")
    with pytest.raises(TypeError, match="not a single str"):
        reg.resolve_many("Hussein al-Tayeb")
    found = reg.resolve_many(pd.Series(["Hussein al-Tayeb", None, math.nan, ""]))
    assert [[r.entity_id for r in hits] for hits in found] == [[taeb], [], [], []]
    assert [[r.entity_id for r in hits] for hits in reg.resolve_many(pa.array(["Hussein al-Tayeb"]))] == [[taeb]]
    with pytest.raises(polyname.PolynameError, match="limit"):
        reg.resolve_many(["x"], limit=0)
    with pytest.raises(polyname.PolynameError, match="unknown kind"):
        reg.resolve_many(["x"], kind="planet")
