"""Golden name pairs from the seed articles, checked through the public API.

``tests/golden/seed_pairs.csv`` is shared with the Rust tests. Each row says whether a
careful analyst would call ``a`` and ``b`` the same entity; the matcher must agree at its
documented default threshold. A behaviour change edits the CSV, never these assertions.

A row whose ``gap`` column is filled is a known gap of the pair scorer (an exonym, an
alias that no spelling rule can reach, ...): it is run as a strict xfail, so a fix that
closes the gap fails the test until the row's ``gap`` is cleared.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import NamedTuple

import pytest

import polyname

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "seed_pairs.csv"
COLUMNS = ["a", "b", "expected", "kind", "notes", "gap"]
EXPECTED = {"match", "no-match"}
KINDS = {"person", "organization", "location", "other"}


class Row(NamedTuple):
    line: int
    a: str
    b: str
    expected: str
    kind: str
    notes: str
    gap: str


def _read() -> tuple[list[str], list[Row]]:
    with GOLDEN.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = [Row(reader.line_num, *fields) for fields in reader]
    return header, rows


HEADER, ROWS = _read()


def _id(row: Row) -> str:
    return f"L{row.line}-{row.expected}-{row.notes}"


def test_golden_file_is_well_formed() -> None:
    assert HEADER == COLUMNS
    assert len(ROWS) >= 100
    seen: dict[frozenset[str], int] = {}
    for row in ROWS:
        where = f"line {row.line}"
        assert row.expected in EXPECTED, where
        assert row.kind in KINDS, where
        assert row.a and row.b and row.notes, where
        assert row.a != row.b, where
        for field in row[1:6]:
            assert field == field.strip(), f"{where}: surrounding whitespace in {field!r}"
        pair = frozenset((row.a, row.b))
        assert pair not in seen, f"{where} repeats line {seen.get(pair)}"
        seen[pair] = row.line
    # Both outcomes are represented, so neither "always match" nor "never match" passes.
    assert {row.expected for row in ROWS} == EXPECTED


def _param(row: Row) -> object:
    marks = [pytest.mark.xfail(strict=True, reason=f"known gap: {row.gap}")] if row.gap else []
    return pytest.param(row, id=_id(row), marks=marks)


@pytest.mark.parametrize("row", [_param(row) for row in ROWS])
def test_golden_pair(row: Row) -> None:
    score = polyname.similarity(row.a, row.b)
    assert 0.0 <= score <= 1.0
    verdict = "match" if score >= polyname.MATCH_THRESHOLD else "no-match"
    assert verdict == row.expected, (
        f"{row.a!r} vs {row.b!r} ({row.kind}; {row.notes}): score {score:.4f}, "
        f"threshold {polyname.MATCH_THRESHOLD}, expected {row.expected}\n"
        f"{polyname.explain(row.a, row.b)}"
    )


def test_golden_scores_are_symmetric() -> None:
    asymmetric = []
    for row in ROWS:
        ab = polyname.similarity(row.a, row.b)
        ba = polyname.similarity(row.b, row.a)
        if ab != ba:
            asymmetric.append((row.line, row.a, row.b, ab, ba))
    assert not asymmetric, asymmetric


def test_golden_batch_equals_single_calls() -> None:
    left = [row.a for row in ROWS]
    right = [row.b for row in ROWS]
    single = [polyname.similarity(a, b) for a, b in zip(left, right)]
    assert polyname.similarity_many(left, right) == single
    assert polyname.similarity_many(right, left) == single
    assert polyname.similarity_many(left, right, workers=1) == single


def test_golden_explanations_carry_the_score() -> None:
    for row in ROWS:
        explanation = polyname.explain(row.a, row.b)
        assert explanation.score == polyname.similarity(row.a, row.b), row.line
        assert str(explanation).strip(), row.line
