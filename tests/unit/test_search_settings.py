"""A search's settings: each mode's defaults defined once, in the core; a mode's settings
search exactly as its name does; every field checked, by name; each field reaches the
scorer."""

from __future__ import annotations

import dataclasses
import math
import sys
from functools import cache
from pathlib import Path

import pytest

import polyname
from polyname import InvalidArgumentError, SearchSettings, _core
from polyname.registry import Registry

BENCHES = Path(__file__).resolve().parents[2] / "benches"
if str(BENCHES) not in sys.path:
    sys.path.insert(0, str(BENCHES))

import datasets  # noqa: E402

FACTORS = ["query_extra_factor", "name_extra_factor"]
FRACTIONS = ["min_evidence", "initial_similarity", "weak_alias_factor"]
FLAGS = ["name_extra_ignores_rarity", "strict_latin"]


@cache
def un_index() -> polyname.NameIndex:
    rows = datasets.load_un_names()
    return polyname.NameIndex([str(i) for i in range(len(rows))], [r.name for r in rows],
                              weak=[datasets.is_weak_alias(r) for r in rows])


def queries() -> list[str]:
    # Full names, parts of names and other scripts: every rule has something to act on.
    names = [r.name for r in datasets.load_ofac_names()[::97]][:300]
    return names + [n.split()[-1] for n in names[:100]] + ["Nasrallah", "Qaani", "A. Kabir", "Mohammad"]


def scores(mode: str | SearchSettings) -> list[list[tuple[str, float]]]:
    return [[(m.id, m.score) for m in hits] for hits in un_index().search(queries(), limit=5, mode=mode)]


def test_the_defaults_are_the_cores_and_screenings() -> None:
    assert [f.name for f in dataclasses.fields(SearchSettings)] == [
        "query_extra_factor", "name_extra_factor", "name_extra_ignores_rarity", "min_evidence",
        "initial_similarity", "weak_alias_factor", "strict_latin"]
    assert SearchSettings() == SearchSettings.of("screening")
    for mode in polyname.MODES:
        assert dataclasses.asdict(SearchSettings.of(mode)) == _core.SEARCH_DEFAULTS[mode]
    # Shown as the decimals they are in the core.
    assert SearchSettings.of("screening").min_evidence == 0.75
    assert SearchSettings.of("mention").name_extra_factor == 0.5
    assert SearchSettings.of("screening").weak_alias_factor == polyname._core.WEAK_ALIAS_FACTOR


@pytest.mark.parametrize("mode", ["screening", "mention"])
def test_a_modes_settings_search_as_its_name(mode: str) -> None:
    named = scores(mode)
    assert scores(SearchSettings.of(mode)) == named
    assert sum(len(hits) for hits in named) > 1000


@pytest.mark.parametrize("field", FACTORS + FRACTIONS + FLAGS)
def test_each_setting_reaches_the_scorer(field: str) -> None:
    base = SearchSettings.of("mention") if field == "name_extra_ignores_rarity" else SearchSettings()
    value = getattr(base, field)
    changed = dataclasses.replace(base, **{field: (not value) if isinstance(value, bool) else value * 0.5})
    assert scores(changed) != scores(base)


def test_a_stricter_evidence_rule_alerts_on_fewer_one_word_queries() -> None:
    loose, strict = (dataclasses.replace(SearchSettings(), min_evidence=m) for m in (0.5, 1.0))
    words = [n.split()[-1] for n in queries()[:100]]
    alerts = [sum(bool(hits) for hits in un_index().search(words, score_cutoff=0.75, mode=s)) for s in (loose, strict)]
    assert alerts[0] > alerts[1]


def test_the_registry_takes_the_settings(tmp_path: Path) -> None:
    with Registry(tmp_path / "reg.db") as reg:
        reg.add_entity("Hassan Nasrallah", kind="person")
        assert reg.resolve("Nasrallah") == []
        by_name = reg.resolve("Nasrallah", mode="mention")
        assert by_name and reg.resolve("Nasrallah", mode=SearchSettings.of("mention")) == by_name
        with pytest.raises(InvalidArgumentError, match="mode must be one of screening, mention or a SearchSettings"):
            reg.resolve("Nasrallah", mode="linking")  # type: ignore[arg-type]


@pytest.mark.parametrize("name", FACTORS)
@pytest.mark.parametrize("value", [-0.01, 10.5, math.nan, math.inf])
def test_a_factor_out_of_range_is_refused_by_name(name: str, value: float) -> None:
    with pytest.raises(InvalidArgumentError, match=rf"^SearchSettings\.{name} must be within \[0, 10\]"):
        SearchSettings(**{name: value})


@pytest.mark.parametrize("name", FRACTIONS)
@pytest.mark.parametrize("value", [-0.01, 1.01, math.nan])
def test_a_fraction_out_of_range_is_refused_by_name(name: str, value: float) -> None:
    with pytest.raises(InvalidArgumentError, match=rf"^SearchSettings\.{name} must be within \[0, 1\]"):
        SearchSettings(**{name: value})


@pytest.mark.parametrize(("name", "value"), [("min_evidence", "0.5"), ("query_extra_factor", True),
                                             ("strict_latin", 1), ("name_extra_ignores_rarity", None)])
def test_a_value_of_the_wrong_type_is_a_type_error(name: str, value: object) -> None:
    with pytest.raises(TypeError, match=rf"^SearchSettings\.{name} must be a"):
        SearchSettings(**{name: value})


def test_a_mode_that_is_neither_is_refused() -> None:
    index = polyname.NameIndex(["a"], ["Hassan Nasrallah"])
    with pytest.raises(InvalidArgumentError, match="mode must be 'screening' or 'mention', got \"linking\""):
        index.search(["Nasrallah"], mode="linking")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="or a polyname.SearchSettings, got int"):
        index.search(["Nasrallah"], mode=3)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="mode must be one of screening, mention"):
        SearchSettings.of("linking")  # type: ignore[arg-type]
