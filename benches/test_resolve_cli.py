"""Quality floors of the ``resolve`` command, measured through the real CLI (quick sizes).

Each test runs ``python -m polyname registry import`` and ``python -m polyname match`` in a
subprocess on CSV files in a temporary directory (see ``benches/resolve_cli.py``), then reads
the output CSV back:

- screening (QUALITY.md): 683 treated UN names + the 3,000 negatives_global people that
  quality.py samples, against the 683 untreated names, at the default threshold:
  recall >= 0.99 and at most 0.5 % of the negatives given an entity;
- OFAC alias retrieval: 500 held-out aliases against the other OFAC names with
  ``--threshold 0``: recall@1 >= 0.65.

Throughput is only reported (``python benches/resolve_cli.py``), never asserted. The whole
file takes about 6 s on 2 cores.

Run: ``POLYNAME_SHARED=../shared .venv/bin/python -m pytest benches/test_resolve_cli.py -q``
(``-s`` prints the figures).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import datasets
import resolve_cli

QUICK_NEGATIVES = resolve_cli.QUICK.screening_negatives
QUICK_OFAC_QUERIES = resolve_cli.QUICK.ofac_queries


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    try:
        datasets.shared_dir()
    except FileNotFoundError as exc:
        pytest.skip(f"shared evaluation data missing: {exc}")
    return tmp_path_factory.mktemp("resolve-cli")


@pytest.fixture(scope="module")
def screening(workdir: Path) -> dict[str, Any]:
    result = resolve_cli.measure_screening(workdir, negatives=QUICK_NEGATIVES, cross_check=False)
    print(f"\nscreening through the CLI: recall {result['recall']:.4f} on {result['n_pos']}, "
          f"negatives matched {result['negatives_matched']:.3%} of {result['n_neg']}")
    return result


@pytest.fixture(scope="module")
def ofac(workdir: Path) -> dict[str, Any]:
    result = resolve_cli.measure_ofac_alias(workdir, queries=QUICK_OFAC_QUERIES, cross_check=False)
    print(f"\nOFAC alias through the CLI: recall@1 {result['recall_at_1']:.4f} on {result['n']}")
    return result


def test_screening_recall(screening: dict[str, Any]) -> None:
    assert screening["n_pos"] == 683
    assert screening["recall"] >= resolve_cli.BARS["screening_recall"], screening["misses"]


def test_screening_negatives_matched(screening: dict[str, Any]) -> None:
    assert screening["n_neg"] == QUICK_NEGATIVES
    assert screening["negatives_matched"] <= resolve_cli.BARS["screening_negatives_matched"], (
        screening["false_matches"]
    )


def test_ofac_alias_recall_at_1(ofac: dict[str, Any]) -> None:
    assert ofac["n"] == QUICK_OFAC_QUERIES
    # --threshold 0: every query gets its top-1 unless the index finds no candidate at all.
    assert ofac["no_answer"] < ofac["n"] // 10
    assert ofac["recall_at_1"] >= resolve_cli.BARS["ofac_recall_at_1"]
