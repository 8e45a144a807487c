"""Dedup's settings: defaults defined once, in the core; every field checked, by name; the
defaults cluster exactly as no settings do, and each setting reaches the clustering."""

from __future__ import annotations

import csv
import dataclasses
import math
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

import polyname
from polyname import DedupSettings, InvalidArgumentError, Link, _core

SEED_MENTIONS = Path(__file__).resolve().parent.parent / "golden" / "seed_mentions.csv"
FRACTIONS = ["link_slack", "mean_slack", "evidence_agree", "evidence_disagree"]
COUNTS = ["candidates", "max_postings", "core"]


def _mentions() -> list[str]:
    with SEED_MENTIONS.open(encoding="utf-8", newline="") as f:
        return [r["mention"] for r in csv.DictReader(f)]


def test_the_defaults_are_the_cores() -> None:
    d = DedupSettings()
    assert [f.name for f in dataclasses.fields(d)] == FRACTIONS + COUNTS
    for name in FRACTIONS + COUNTS:
        assert getattr(d, name) == getattr(_core, f"DEDUP_{name.upper()}")
    # Shown as the decimals they are in the core, not as the nearest doubles of its floats.
    assert (d.link_slack, d.mean_slack, d.evidence_agree, d.evidence_disagree) == (0.15, 0.05, 0.05, 0.45)
    assert (d.candidates, d.max_postings, d.core) == (12, 300, 8)
    assert all(type(getattr(d, n)) is int for n in COUNTS)


def test_the_settings_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        DedupSettings().core = 4  # type: ignore[misc]


@pytest.mark.parametrize("name", FRACTIONS)
@pytest.mark.parametrize("value", [-0.01, 1.01, math.nan, math.inf])
def test_a_fraction_out_of_range_is_refused_by_name(name: str, value: float) -> None:
    with pytest.raises(InvalidArgumentError, match=rf"^DedupSettings\.{name} must be within \[0, 1\]"):
        DedupSettings(**{name: value})


@pytest.mark.parametrize("name", COUNTS)
@pytest.mark.parametrize("value", [0, -1])
def test_a_count_below_one_is_refused_by_name(name: str, value: int) -> None:
    with pytest.raises(InvalidArgumentError, match=rf"^DedupSettings\.{name} must be 1 or more, got {value}$"):
        DedupSettings(**{name: value})


@pytest.mark.parametrize(("name", "value"), [("link_slack", "0.1"), ("mean_slack", True), ("candidates", 12.0),
                                             ("core", True), ("max_postings", None)])
def test_a_value_of_the_wrong_type_is_a_type_error(name: str, value: object) -> None:
    with pytest.raises(TypeError, match=rf"^DedupSettings\.{name} must be"):
        DedupSettings(**{name: value})  # type: ignore[arg-type]


def test_the_ranges_bounds_are_allowed_and_numpy_numbers_too() -> None:
    names = ["Hossein Taeb", "Hussein al-Tayeb", "Hossein Salami"]
    for settings in (DedupSettings(link_slack=0.0, mean_slack=1.0, evidence_agree=0.0, evidence_disagree=1.0,
                                   candidates=1, max_postings=1, core=1),
                     DedupSettings(link_slack=np.float64(0.2), candidates=np.int64(5))):  # type: ignore[arg-type]
        assert len(polyname.dedup(names, settings=settings)) == 3


def test_the_core_checks_the_settings_it_is_given_too() -> None:
    fields = dataclasses.asdict(DedupSettings())
    _core.dedup(["a"], threshold=0.75, settings=SimpleNamespace(**fields))  # type: ignore[arg-type]
    for name, bad in [("core", 0), ("mean_slack", 1.5)]:
        settings = SimpleNamespace(**{**fields, name: bad})
        with pytest.raises(InvalidArgumentError, match=rf"{name} must be"):
            _core.dedup(["a"], threshold=0.75, settings=settings)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="DedupSettings"):
        polyname.dedup(["a"], settings=fields)  # type: ignore[arg-type]


def test_default_settings_cluster_as_none_does() -> None:
    names = _mentions()
    none = _core.dedup(names, threshold=polyname.MATCH_THRESHOLD)
    default = _core.dedup(names, threshold=polyname.MATCH_THRESHOLD, settings=DedupSettings())
    assert (none.labels, none.representatives, none.pairs) == (default.labels, default.representatives, default.pairs)
    assert polyname.dedup(names) == polyname.dedup(names, settings=DedupSettings())


def test_refusals_follow_the_slacks() -> None:
    names = _mentions()
    for settings in (DedupSettings(), DedupSettings(mean_slack=0.0, link_slack=0.05),
                     DedupSettings(mean_slack=0.15, link_slack=0.3)):
        threshold = polyname.MATCH_THRESHOLD
        result = polyname.dedup_records([{"name": n} for n in names], settings=settings)
        refused = [p for p in result.pairs if p.link is Link.REFUSED]
        for p in refused:
            assert p.mean is not None and p.lowest is not None
            assert p.mean < threshold - settings.mean_slack or p.lowest < threshold - settings.link_slack
    loose = polyname.dedup(names, settings=DedupSettings(mean_slack=0.15, link_slack=0.3))
    strict = polyname.dedup(names, settings=DedupSettings(mean_slack=0.0, link_slack=0.0))
    assert len(set(strict)) > len(set(polyname.dedup(names))) > len(set(loose))


def test_evidence_moves_scores_by_the_settings() -> None:
    records = [{"name": "John Smith", "dob": "1970"}, {"name": "John Smith", "dob": "1985"},
               {"name": "Jon Smyth", "dob": "1970"}]
    apart = polyname.dedup_records(records, evidence=["dob"])
    assert apart.labels[0] != apart.labels[1]
    together = polyname.dedup_records(records, evidence=["dob"], settings=DedupSettings(evidence_disagree=0.0))
    assert together.labels[0] == together.labels[1]
    plain = {(p.left, p.right): p.score for p in polyname.dedup_records(records).pairs}
    boosted = polyname.dedup_records(records, evidence=["dob"], settings=DedupSettings(evidence_agree=0.1))
    for p in boosted.pairs:
        if (p.left, p.right) in plain and records[p.left]["dob"] == records[p.right]["dob"]:
            assert p.score == pytest.approx(min(1.0, plain[(p.left, p.right)] + 0.1), abs=1e-6)


def test_fewer_candidates_and_a_smaller_core_still_cluster() -> None:
    names = _mentions()
    for settings in (DedupSettings(candidates=1), DedupSettings(core=1), DedupSettings(max_postings=1)):
        labels = polyname.dedup(names, settings=settings)
        assert len(labels) == len(names) and min(labels) == 0
    one = _core.dedup(names, threshold=polyname.MATCH_THRESHOLD, settings=DedupSettings(candidates=1))
    assert len(one.pairs) < len(_core.dedup(names, threshold=polyname.MATCH_THRESHOLD).pairs)
