"""The registry's saved search index (``NAME.index`` beside the file): read back by the next
session while the aliases are as they were, and never once they changed, whoever changed them;
a damaged or foreign index file is passed over, and a search reads the same either way.

The registry is the example registry (``examples/registry.csv``) on a real SQLite file.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import polyname
from polyname import Registry

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
QUERIES = ["Hussein al-Tayeb", "Esmail Ghaani", "الحشد الشعبي", "Hezbollah Brigades", "PMU", "Qasem Soleimani"]


def answers(reg: Registry) -> list[list[tuple[str, str, float]]]:
    return [[(r.entity_id, r.name, r.score) for r in row] for row in reg.resolve_many(QUERIES, limit=3)]


def registry(tmp_path: Path) -> Path:
    path = tmp_path / "reg.db"
    with Registry(path) as reg:
        reg.import_csv(EXAMPLES / "registry.csv")
    return path


def test_the_next_session_reads_the_saved_index_while_the_aliases_are_unchanged(tmp_path: Path) -> None:
    path = registry(tmp_path)
    index_file = Path(f"{path}.index")
    assert not index_file.exists()  # an import builds no index
    with Registry(path) as reg:
        first = answers(reg)
    assert index_file.is_file()
    saved = index_file.stat().st_mtime_ns, index_file.read_bytes()
    with Registry(path) as reg:
        assert answers(reg) == first
    # Read back, not built and saved again.
    assert (index_file.stat().st_mtime_ns, index_file.read_bytes()) == saved
    assert first[0][0][0] != "" and all(first)


def test_an_alias_added_since_is_found_and_the_index_saved_anew(tmp_path: Path) -> None:
    path = registry(tmp_path)
    with Registry(path) as reg:
        answers(reg)
        taeb = reg.resolve("Hossein Taeb")[0].entity_id
    before = Path(f"{path}.index").read_bytes()
    with Registry(path) as reg:
        reg.add_alias(taeb, "Abu Mahdi Zargar")
    with Registry(path) as reg:
        assert reg.resolve("Abu Mahdi Zargar")[0].entity_id == taeb
    assert Path(f"{path}.index").read_bytes() != before


def test_aliases_changed_by_another_program_are_not_read_from_an_older_index(tmp_path: Path) -> None:
    path = registry(tmp_path)
    with Registry(path) as reg:
        taeb = reg.resolve("Hossein Taeb")[0].entity_id
    # Another program renames an alias and removes another, through SQLite alone.
    db = sqlite3.connect(path)
    with db:
        db.execute("UPDATE alias SET name = 'Zargar Brigade Chief' WHERE entity_id = ? AND name = 'Hossein Taeb'",
                   (taeb,))
        db.execute("DELETE FROM alias WHERE name = 'PMU'")
    db.close()
    with Registry(path) as reg:
        assert reg.resolve("Zargar Brigade Chief")[0].entity_id == taeb
        assert all(r.name != "PMU" for r in reg.resolve("PMU", limit=5))


def test_a_rolled_back_import_leaves_the_saved_index_good(tmp_path: Path) -> None:
    path = registry(tmp_path)
    with Registry(path) as reg:
        first = answers(reg)
    index_file = Path(f"{path}.index")
    saved = index_file.stat().st_mtime_ns
    # The second row is bad: the first row's alias is written, then rolled back with it.
    rows = [{"entity_id": "X-1", "name": "Rolled Back Name", "kind": "person"}, {"entity_id": "X-2", "name": ""}]
    with Registry(path) as reg, pytest.raises(polyname.DataError):
        reg.import_rows(rows)
    with Registry(path) as reg:
        assert all(r.name != "Rolled Back Name" for r in reg.resolve("Rolled Back Name", limit=5))
        assert answers(reg) == first
    assert index_file.stat().st_mtime_ns == saved


def test_a_damaged_or_foreign_index_file_is_passed_over(tmp_path: Path) -> None:
    path = registry(tmp_path)
    with Registry(path) as reg:
        first = answers(reg)
    index_file = Path(f"{path}.index")
    data = index_file.read_bytes()
    other = tmp_path / "other.db"
    with Registry(other) as reg:
        reg.add_entity("Somebody Else", kind="person")
        reg.resolve("Somebody")
    for content in (data[: len(data) // 2], b"not an index", Path(f"{other}.index").read_bytes()):
        index_file.write_bytes(content)
        with Registry(path) as reg:
            assert answers(reg) == first
        # Saved again, whole: the next session reads it back.
        assert index_file.read_bytes() == data


def test_an_unused_new_registry_leaves_no_index_behind(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    reg = Registry(path)
    assert reg.resolve("Hossein Taeb") == []
    assert reg.close(remove_unused=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_registry_restored_from_a_backup_and_written_again_reads_no_newer_index(tmp_path: Path) -> None:
    path = registry(tmp_path)
    backup = tmp_path / "backup.db"
    with sqlite3.connect(path) as live, sqlite3.connect(backup) as copy:
        live.backup(copy)
    with Registry(path) as reg:
        taeb = reg.resolve("Hossein Taeb")[0].entity_id
        reg.add_alias(taeb, "Abu Mahdi Zargar")
    with Registry(path) as reg:
        assert reg.resolve("Abu Mahdi Zargar")[0].entity_id == taeb  # saved: an index with it
    # The backup comes back (its index file stays), and the same number of aliases is added.
    with sqlite3.connect(backup) as copy, sqlite3.connect(path) as live:
        copy.backup(live)
    with Registry(path) as reg:
        reg.add_alias(taeb, "Hajj Hossein")
    with Registry(path) as reg:
        assert reg.resolve("Hajj Hossein")[0].entity_id == taeb
        assert all(r.name != "Abu Mahdi Zargar" for r in reg.resolve("Abu Mahdi Zargar", limit=5))


def test_a_new_session_resolves_a_merged_entity_to_the_one_it_was_merged_into(tmp_path: Path) -> None:
    path = tmp_path / "reg.db"
    with Registry(path) as reg:
        a = reg.add_entity("Hossein Taeb", kind="person", aliases=["حسين طائب"])
        b = reg.add_entity("Hussein al-Tayeb", kind="person")
        c = reg.add_entity("Esmail Ghaani", kind="person")
        reg.merge(b, a)
        reg.merge(c, b)
    for _ in range(2):  # built and saved, then read back
        with Registry(path) as reg:
            assert {r.entity_id for r in reg.resolve("حسين طائب", limit=5)} == {c}
            assert reg.resolve("Esmail Ghaani")[0].entity_id == c
