"""Loaders for the shared evaluation data (see QUALITY.md and each folder's SOURCE.md).

The data lives outside the repository, in the project's shared folder. It is found through
the environment variable ``POLYNAME_SHARED``; when unset, ``../shared`` is used. A relative
path is resolved against the repository root (the parent of ``benches/``), so the harness
behaves the same whatever the working directory.

Every loader returns plain lists of small named tuples, so that benches and tests can reuse
them without depending on a data-frame library.
"""

from __future__ import annotations

import csv
import os
from functools import cache
from pathlib import Path
from typing import NamedTuple

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = "../shared"


class NameRow(NamedTuple):
    """One row of a ``names.csv``: rows sharing ``entity_id`` are variants of one entity."""

    entity_id: str
    name: str
    script: str  # ISO 15924 code, e.g. "Latn", "Arab"
    kind: str  # person / organization / vessel / other
    source_field: str


def is_weak_alias(row: NameRow) -> bool:
    """Whether a list marks the row a weak alias: OFAC's "weak a.k.a." (``source_field``
    ``Remarks:a.k.a.(weak)`` and its f.k.a. and n.k.a.), the UN's "low quality a.k.a."
    (``ALIAS:Low``)."""
    return "(weak)" in row.source_field or row.source_field.startswith("ALIAS:Low")


class PairCase(NamedTuple):
    """One labelled pair of ``name_bench/cases.csv``."""

    case_group: str
    schema: str  # followthemoney schema name: Person, Company, Organization, ...
    name1: str
    name2: str
    is_match: bool
    quality: str  # STRONG / MEDIUM / WEAK (blank in the file means MEDIUM)


def shared_dir() -> Path:
    """Return the shared folder, raising FileNotFoundError with a hint when it is missing."""
    raw = os.environ.get("POLYNAME_SHARED") or DEFAULT_SHARED
    path = Path(raw).expanduser()
    if not path.is_absolute():
        path = REPO_ROOT / path
    path = path.resolve()
    if not (path / "data").is_dir():
        raise FileNotFoundError(
            f"shared data not found at {path}/data; set POLYNAME_SHARED to the shared folder"
        )
    return path


def data_path(*parts: str) -> Path:
    """Path of a file under ``<shared>/data``."""
    return shared_dir().joinpath("data", *parts)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# Cached: several tasks read the same file and the rows are immutable tuples.
@cache
def _names(dataset: str) -> tuple[NameRow, ...]:
    rows = _read_csv(data_path(dataset, "names.csv"))
    return tuple(
        NameRow(r["entity_id"], r["name"], r["script"], r["kind"], r["source_field"]) for r in rows
    )


def load_names(dataset: str) -> list[NameRow]:
    """All name rows of ``data/<dataset>/names.csv``, in file order.

    Args:
        dataset: folder name, e.g. ``"un-sc-consolidated"``, ``"ofac-sdn"``,
            ``"netranslit-wd-arabic"``, ``"anetac"``, ``"google-ar2en"``.
    """
    return list(_names(dataset))


def load_un_names() -> list[NameRow]:
    """UN Security Council consolidated list: 4,720 names of 1,204 entities."""
    return load_names("un-sc-consolidated")


def load_ofac_names() -> list[NameRow]:
    """OFAC SDN list: 37,621 Latin names of 15,443 entities."""
    return load_names("ofac-sdn")


def load_netranslit_names() -> list[NameRow]:
    """Wikidata Arabic person-name words with their Latin spellings (one cluster per Arabic key)."""
    return load_names("netranslit-wd-arabic")


def load_name_bench() -> list[PairCase]:
    """The 826 labelled pairs of ``name_bench/cases.csv``."""
    rows = _read_csv(data_path("name_bench", "cases.csv"))
    return [
        PairCase(
            r["case_group"],
            r["schema"],
            r["name1"],
            r["name2"],
            r["is_match"].strip().lower() == "true",
            (r.get("quality") or "").strip().upper() or "MEDIUM",
        )
        for r in rows
    ]


def load_screening_names(file: str) -> list[str]:
    """The ``full_name`` column of one ``screening/*.csv`` file, in file order.

    Args:
        file: e.g. ``"positives_un_untreated.csv"``, ``"positives_un_treated.csv"``
            (row i is the same person as row i of the untreated file),
            ``"negatives_global.csv"``.
    """
    return [r["full_name"] for r in _read_csv(data_path("screening", file))]
