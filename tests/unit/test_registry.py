"""The registry on a real SQLite file: IDs, merges, judgements, history, import, resolution."""

from __future__ import annotations

import re
import sqlite3
import time
import tracemalloc
from pathlib import Path
from typing import Optional

import pytest

import polyname
from polyname.registry import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    DataError,
    NoRegistryError,
    Registry,
    RegistryCorruptError,
    RegistryError,
    RegistryLockedError,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture
def reg(tmp_path: Path) -> Registry:
    registry = Registry(tmp_path / "reg.db")
    yield registry
    registry.close()


def test_minted_ids_are_short_opaque_prefixed_and_never_reused(reg: Registry) -> None:
    ids = {reg.add_entity(f"Person {i}", kind="person") for i in range(50)}
    assert len(ids) == 50
    assert all(re.fullmatch(r"PN-[0-9A-HJKMNP-TV-Z]{8}", i) for i in ids)
    given = reg.add_entity("Hossein Taeb", kind="person", entity_id="P-TAEB")
    assert given == "P-TAEB"
    with pytest.raises(RegistryError, match="already taken"):
        reg.add_entity("Someone else", entity_id="P-TAEB")
    # A merged-away ID stays taken.
    other = reg.add_entity("Hussein al-Tayeb", kind="person", entity_id="P-TAYEB")
    reg.merge("P-TAEB", other)
    with pytest.raises(RegistryError, match="already taken"):
        reg.add_entity("New", entity_id="P-TAYEB")


def test_resolve_across_scripts_and_spellings(reg: Registry) -> None:
    taeb = reg.add_entity("Hossein Taeb", kind="person", aliases=["حسين طائب"])
    reg.add_entity("Hossein Salami", kind="person")
    kh = reg.add_entity("Kata'ib Hezbollah", kind="organization")
    results = reg.resolve_many(["Hussein al-Tayeb", "حسين طائب", "Hezbollah Brigades", "Qassem Soleimani", ""])
    assert [r[0].entity_id if r else None for r in results] == [taeb, taeb, kh, None, None]
    best = results[0][0]
    assert best.score >= polyname.MATCH_THRESHOLD and best.kind == "person"
    explained = reg.resolve("Hussein al-Tayeb", explain=True)[0]
    assert explained.explanation is not None and "taeb" in str(explained.explanation)


def test_one_result_per_entity_and_kind_filter(reg: Registry) -> None:
    taeb = reg.add_entity("Hossein Taeb", kind="person", aliases=["Hussein Taeb", "Hossein Ta'eb"])
    reg.add_entity("Taeb Street", kind="location")
    found = reg.resolve("Hossein Taeb", limit=5, threshold=0.3)
    assert len({r.entity_id for r in found}) == len(found)
    assert found[0].entity_id == taeb
    assert all(r.kind == "location" for r in reg.resolve("Taeb", kind="location", threshold=0.3))


def test_index_follows_additions(reg: Registry) -> None:
    taeb = reg.add_entity("Hossein Taeb", kind="person")
    assert reg.resolve("Abu Fadak", mode="mention") == []
    fadak = reg.add_entity("Abdul Aziz al-Muhammadawi", kind="person")
    reg.add_alias(fadak, "Abu Fadak al-Muhammadawi")
    assert reg.resolve("Abu Fadak", mode="mention")[0].entity_id == fadak
    assert reg.resolve("Hossein Taeb")[0].entity_id == taeb


def test_merge_redirects_and_split_undoes_it(reg: Registry) -> None:
    a = reg.add_entity("Hossein Taeb", kind="person")
    b = reg.add_entity("حسين طائب", kind="person")
    assert reg.merge(a, b, author="analyst", note="same man") == a
    assert reg.canonical(b) == a
    assert reg.resolve("حسين طائب")[0].entity_id == a
    assert len(reg) == 1
    with pytest.raises(RegistryError, match="kinds differ"):
        reg.merge(a, reg.add_entity("Taeb", kind="location"))
    assert reg.split(b) == a
    assert reg.canonical(b) == b
    assert reg.resolve("حسين طائب")[0].entity_id == b
    actions = [e["action"] for e in reg.history()]
    assert actions[0] == "split" and actions.index("merge") > actions.index("add_entity")


def test_different_judgement_is_always_respected(reg: Registry) -> None:
    hassan = reg.add_entity("Hassan Nasrallah", kind="person")
    jawad = reg.add_entity("Jawad Nasrallah", kind="person")
    reg.judge(hassan, jawad, "different", author="analyst", note="father and son")
    with pytest.raises(RegistryError, match="judged different"):
        reg.merge(hassan, jawad)
    # A name judged different from an entity never resolves to it again.
    assert reg.resolve("Hasan Nasrallah")[0].entity_id == hassan
    reg.judge("Hasan Nasrallah", hassan, "different")
    assert all(r.entity_id != hassan for r in reg.resolve("Hasan Nasrallah", threshold=0.0))
    assert [j.verdict for j in reg.judgements(hassan)] == ["different", "different"]


def test_same_judgement_merges_or_adds_the_name(reg: Registry) -> None:
    a = reg.add_entity("Abdul Aziz al-Muhammadawi", kind="person")
    reg.judge("Abu Fadak", a, "same", author="analyst")
    assert reg.resolve("Abu Fadak")[0].entity_id == a
    b = reg.add_entity("Abu Fadak al-Mohammadawi", kind="person")
    reg.judge(b, a, "same")
    assert reg.canonical(b) == a


def test_history_is_append_only(reg: Registry) -> None:
    reg.add_entity("Hossein Taeb", kind="person")
    db = sqlite3.connect(reg.path)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("UPDATE history SET action = 'x'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("DELETE FROM history")
    db.close()


def test_import_is_idempotent_and_persistent(tmp_path: Path) -> None:
    path = tmp_path / "reg.db"
    with Registry(path) as reg:
        first = reg.import_csv(EXAMPLES / "registry.csv")
        assert first.entities_added == 75 and first.aliases_added == first.rows
        history = len(reg.history())
        again = reg.import_csv(EXAMPLES / "registry.csv")
        assert not again.changed and len(reg.history()) == history
    with Registry(path) as reg:
        assert len(reg) == 75
        assert reg.resolve("Hossein Taeb")[0].entity_id == "P-TAEB"
        assert reg.entity("P-TAEB").kind == "person"


def test_failed_import_changes_nothing(reg: Registry, tmp_path: Path) -> None:
    reg.add_entity("Hossein Taeb", kind="person", entity_id="P-TAEB")
    before = (list(reg.export_rows()), reg.history())
    bad = tmp_path / "bad.csv"
    bad.write_text("entity_id,name,kind\nP-NEW,Ismail Qaani,person\nP-TAEB,Taeb,organization\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"row 3.*'kind'.*contradicts"):
        reg.import_csv(bad)
    assert (list(reg.export_rows()), reg.history()) == before
    assert reg.resolve("Ismail Qaani") == []


def test_export_round_trips_with_merges(reg: Registry, tmp_path: Path) -> None:
    reg.import_csv(EXAMPLES / "registry.csv")
    extra = reg.add_entity("حسین طائب‌زاده", kind="person")
    reg.merge("P-TAEB", extra)
    out = tmp_path / "export.csv"
    count = reg.export_csv(out)
    with Registry(tmp_path / "copy.db") as copy:
        report = copy.import_csv(out)
        assert report.rows == count
        assert len(copy) == len(reg)
        assert {a.name for a in copy.entity("P-TAEB").aliases} >= {"حسین طائب‌زاده", "Hossein Taeb"}


def test_rejects_files_that_are_not_registries(tmp_path: Path) -> None:
    text = tmp_path / "notes.db"
    text.write_text("just some text, not a database at all" * 10)
    with pytest.raises(RegistryError, match="not a polyname registry"):
        Registry(text)
    other = tmp_path / "other.db"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE t (x)")
    db.commit()
    db.close()
    with pytest.raises(RegistryError, match="not a polyname registry"):
        Registry(other)


def test_rejects_a_registry_from_a_newer_version(tmp_path: Path) -> None:
    path = tmp_path / "reg.db"
    Registry(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.commit()
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    db.close()
    with pytest.raises(RegistryError, match="newer polyname"):
        Registry(path)


def test_memory_registry_and_bad_arguments() -> None:
    with Registry(":memory:") as reg:
        with pytest.raises(ValueError, match="empty"):
            reg.add_entity("   ")
        with pytest.raises(ValueError, match="unknown kind"):
            reg.add_entity("x", kind="planet")
        assert reg.add_entity("Quds Force", kind="org")
        assert reg.entity(reg.resolve("Qods Force")[0].entity_id).kind == "organization"
        with pytest.raises(RegistryError, match="unknown entity ID"):
            reg.canonical("nope")
        with pytest.raises(ValueError, match="threshold"):
            reg.resolve("x", threshold=2)


def test_equal_scores_prefer_the_same_spelling_then_the_oldest_alias(reg: Registry) -> None:
    # Two entities whose aliases score 1.0 against the query; the one spelled exactly like
    # it wins, whatever the order the aliases were added in.
    first = reg.add_entity("KAYNA, Innocent", kind="person")
    for i in range(12):  # push alias row ids past 9 so that string order would differ
        reg.add_entity(f"Filler Person {i}", kind="person")
    second = reg.add_entity("INNOCENT KAINA", kind="person")
    found = reg.resolve("INNOCENT KAINA", limit=2)
    assert [r.score for r in found] == [1.0, 1.0] or found[0].score > found[1].score
    assert found[0].entity_id == second
    assert reg.resolve("KAYNA, Innocent")[0].entity_id == first
    assert reg.add_entity("Sea Star", kind="vessel")
    assert reg.entity(reg.resolve("Sea Star")[0].entity_id).kind == "other"


# -- the file: who may create it, locks, failures, damage --------------------------------

def test_reading_needs_an_existing_registry(tmp_path: Path) -> None:
    missing, zero, bare = tmp_path / "missing.db", tmp_path / "zero.db", tmp_path / "bare.db"
    zero.write_bytes(b"")
    sqlite3.connect(bare).execute("VACUUM").connection.close()  # an SQLite file with nothing in it
    bare_bytes = bare.read_bytes()
    for path, why in ((missing, "no such file"), (zero, "the file is empty"), (bare, "holds no registry")):
        with pytest.raises(NoRegistryError, match=f"no registry at .*{why}"):
            Registry(path, create=False)
    assert not missing.exists() and zero.read_bytes() == b"" and bare.read_bytes() == bare_bytes
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bare.db", "zero.db"]  # no -wal, no -shm
    with pytest.raises(NoRegistryError):
        Registry(":memory:", create=False)
    # Writers create one, and then readers open it.
    with Registry(zero) as reg:
        assert reg.created
        reg.add_entity("Hossein Taeb", kind="person", entity_id="P-TAEB")
    with Registry(zero, create=False) as reg:
        assert not reg.created and reg.resolve("Hossein Taeb")[0].entity_id == "P-TAEB"


def test_a_new_file_in_a_missing_directory_says_so(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match=r"cannot create the registry .*nowhere.*its directory does not exist"):
        Registry(tmp_path / "nowhere" / "reg.db")


def test_readers_do_not_wait_for_a_writer_and_writers_wait_until_the_timeout(reg: Registry) -> None:
    reg.add_entity("Hossein Taeb", kind="person", entity_id="P-TAEB")
    assert sqlite3.connect(reg.path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    # Another connection holds the write lock, as a long import does.
    writer = sqlite3.connect(reg.path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO history (at, action, detail) VALUES ('now', 'test', '{}')")
    try:
        started = time.monotonic()
        with Registry(reg.path, create=False, timeout=0.3) as reader:
            assert reader.resolve("Hossein Taeb")[0].entity_id == "P-TAEB"
            assert len(reader.history()) == len(reg.history())  # the open transaction is not seen
            assert time.monotonic() - started < 0.3
            with pytest.raises(RegistryLockedError, match=r"is locked: .*0\.3 s") as caught:
                reader.add_alias("P-TAEB", "Hosein Taeb")
            assert "\n" not in str(caught.value)
            assert time.monotonic() - started >= 0.3
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert reg.add_alias("P-TAEB", "Hosein Taeb")  # the lock is free: the same write goes through


def flip(path: Path, offsets: list[int]) -> None:
    data = bytearray(path.read_bytes())
    for offset in offsets:
        for k in range(offset, offset + 8):
            data[k] ^= 0xFF
    path.write_bytes(bytes(data))


def test_a_damaged_registry_is_not_written_to(tmp_path: Path) -> None:
    path = tmp_path / "reg.db"
    with Registry(path) as reg:
        reg.import_csv(EXAMPLES / "registry.csv")
    page = sqlite3.connect(path).execute("PRAGMA page_size").fetchone()[0]
    # The b-tree headers of pages 3 and 5: the kind of damage PRAGMA quick_check sees.
    # (Flipped bytes inside a stored name or in free space are beyond it: SQLite keeps no
    # checksums.)
    flip(path, [2 * page, 4 * page])
    damaged = path.read_bytes()
    with Registry(path, create=False) as reg:
        with pytest.raises(RegistryCorruptError, match="is damaged, so nothing was written") as caught:
            reg.add_entity("Ismail Qaani", kind="person")
        assert "\n" not in str(caught.value)
    assert path.read_bytes() == damaged


def test_reimport_updates_lang_and_source_and_names_ignored_columns(reg: Registry, tmp_path: Path) -> None:
    first = tmp_path / "first.csv"
    first.write_text("entity_id,name,kind,lang,source\nP-TAEB,Hossein Taeb,person,en,un\n"
                     "P-TAEB,حسين طائب,person,ar,un\nP-TAEB,Hosein Taeb,person,en,un\n", encoding="utf-8")
    assert reg.import_csv(first).aliases_added == 3
    again = tmp_path / "again.csv"
    again.write_text("entity_id,name,script,lang,source,source_field\nP-TAEB,Hossein Taeb,Latn,fa,ofac,x\n"
                     "P-TAEB,حسين طائب,Arab,ar,un,x\nP-TAEB,Hosein Taeb,Latn,,ofac,x\n", encoding="utf-8")
    report = reg.import_csv(again)
    assert (report.aliases_added, report.aliases_updated) == (0, 2)
    assert report.ignored_columns == ("script", "source_field") and report.changed
    assert [(a.name, a.lang, a.source) for a in reg.entity("P-TAEB").aliases] == [
        ("Hossein Taeb", "fa", "ofac"), ("حسين طائب", "ar", "un"), ("Hosein Taeb", "en", "ofac")]  # empty keeps
    assert reg.history(1)[0]["aliases_updated"] == 2
    assert not reg.import_csv(again).changed
    # Rows that are not CSV say which keys were ignored too.
    rows = [{"entity_id": "P-TAEB", "name": "Taeb", "note": "x"}]
    assert reg.import_rows(rows).ignored_columns == ("note",)


def test_import_streams_rows_and_a_late_bad_row_changes_nothing(reg: Registry) -> None:
    reg.add_entity("Hossein Taeb", kind="person", entity_id="P-TAEB")
    before = (list(reg.export_rows()), reg.history())
    consumed = []

    def rows(n: int, bad_at: Optional[int] = None):
        for i in range(n):
            consumed.append(i)
            name = "" if i == bad_at else f"Person {i} of the list"
            yield {"entity_id": f"E-{i % 20}", "name": name, "kind": "person", "source": "list"}

    with pytest.raises(DataError, match=r"row 3001.*the name is empty"):
        reg.import_rows(rows(5_000, bad_at=2_999))
    assert len(consumed) == 3_000  # stopped at the bad row
    assert (list(reg.export_rows()), reg.history()) == before
    # Rows are written as they come: Python's memory does not grow with their number (the
    # old two-pass import held every row: 4 MB for these 10,000).
    tracemalloc.start()
    try:
        report = reg.import_rows(rows(10_000))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert report.aliases_added == 10_000 and peak < 1_000_000, peak


def test_close_can_remove_a_file_it_created_and_left_unused(tmp_path: Path) -> None:
    new = tmp_path / "new.db"
    assert Registry(new).close(remove_unused=True)
    assert list(tmp_path.iterdir()) == []
    # A file with entities, or one this object did not create, stays.
    with Registry(new) as reg:
        reg.add_entity("Hossein Taeb", kind="person")
    assert not Registry(new).close(remove_unused=True)
    used = Registry(tmp_path / "used.db")
    used.add_entity("Ismail Qaani", kind="person")
    assert not used.close(remove_unused=True) and (tmp_path / "used.db").exists()
    # While another connection has the file open, it is left to that connection.
    empty = Registry(tmp_path / "empty.db")
    other = Registry(tmp_path / "empty.db")
    assert not empty.close(remove_unused=True)
    other.add_entity("Esmail Ghaani", kind="person")
    other.close()
    with Registry(tmp_path / "empty.db", create=False) as reg:
        assert len(reg) == 1


def test_aliases_of_unknown_entities_are_refused_by_the_schema(reg: Registry) -> None:
    # Foreign keys are on in every connection the registry opens.
    with pytest.raises(RegistryError, match="FOREIGN KEY"):
        reg._db.execute("INSERT INTO alias (entity_id, name, script) VALUES ('nope', 'x', 'Latn')")


# -- weak aliases -------------------------------------------------------------------------


def test_a_weak_alias_alerts_in_screening_only_on_the_name_itself(tmp_path: Path) -> None:
    f = tmp_path / "list.csv"
    f.write_text("entity_id,name,kind,quality\n"
                 "V-1,CRYSTAL,organization,weak\n"
                 "V-1,Crystal Navigation Holdings,organization,\n"
                 "P-1,Ricardo Albornoz,person,strong\n"
                 "P-1,RICARDO,person,low\n", encoding="utf-8")
    with Registry(tmp_path / "reg.db") as reg:
        reg.import_csv(f)
        assert [a.quality for a in reg.entity("V-1").aliases] == ["weak", "strong"]
        # A name that holds a weak alias and more: not the alias, in screening.
        assert reg.resolve("Crystal Lee") == []
        assert reg.resolve("Ricardo Cooke") == []
        # The alias itself, and any name in mention mode, as before.
        assert [r.entity_id for r in reg.resolve("Crystal")] == ["V-1"]
        assert [r.entity_id for r in reg.resolve("Crystal Lee", mode="mention")] == ["V-1"]
        # A weak alias added later counts the same before the index is rebuilt.
        reg.add_alias("P-1", "ALBO", quality="weak")
        assert reg.resolve("Albo Smith") == []
        assert [r.entity_id for r in reg.resolve("Albo")] == ["P-1"]
        with pytest.raises(ValueError, match="quality must be one of strong, weak"):
            reg.add_alias("P-1", "Ricky", quality="fair")
        rows = list(reg.export_rows())
    assert {(r["name"], r["quality"]) for r in rows} >= {("CRYSTAL", "weak"), ("RICARDO", "weak"),
                                                         ("Ricardo Albornoz", "strong")}


def test_an_import_says_which_quality_it_cannot_read(tmp_path: Path) -> None:
    f = tmp_path / "list.csv"
    f.write_text("entity_id,name,quality\nP-1,Hossein Taeb,strong\nP-1,Taeb,maybe\n", encoding="utf-8")
    with Registry(tmp_path / "reg.db") as reg:
        with pytest.raises(DataError, match="quality 'maybe'") as e:
            reg.import_csv(f)
        assert (e.value.row, e.value.column) == (3, "quality")
        assert list(reg.entities()) == []


def test_a_reimport_changes_an_aliass_quality(tmp_path: Path) -> None:
    f = tmp_path / "list.csv"
    f.write_text("entity_id,name\nV-1,CRYSTAL\n", encoding="utf-8")
    with Registry(tmp_path / "reg.db") as reg:
        reg.import_csv(f)
        assert [r.entity_id for r in reg.resolve("Crystal Lee", threshold=0.6)] == ["V-1"]
        f.write_text("entity_id,name,quality\nV-1,CRYSTAL,weak\n", encoding="utf-8")
        assert reg.import_csv(f).aliases_updated == 1
        assert reg.resolve("Crystal Lee", threshold=0.6) == []


def _schema_1_registry(path: Path) -> None:
    """A registry as schema 1 wrote it, with one entity and its alias."""
    from polyname.registry.store import _SCHEMA_V1, _statements

    db = sqlite3.connect(path)
    for statement in _statements(_SCHEMA_V1):
        db.execute(statement)
    db.execute("INSERT INTO entity (id, kind, name, created_at) VALUES ('V-1', 'other', 'CRYSTAL', '2026-01-01')")
    db.execute("INSERT INTO alias (entity_id, name, script) VALUES ('V-1', 'CRYSTAL', 'Latn')")
    db.execute("PRAGMA user_version = 1")
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.commit()
    db.close()


def test_a_schema_1_registry_is_migrated_and_its_aliases_are_strong(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _schema_1_registry(path)
    with Registry(path, create=False) as reg:
        assert [a.quality for a in reg.entity("V-1").aliases] == ["strong"]
        reg.add_alias("V-1", "CRYSTAL SHIPPING", quality="weak")
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
    assert db.execute("SELECT name, quality FROM alias ORDER BY id").fetchall() == [
        ("CRYSTAL", "strong"), ("CRYSTAL SHIPPING", "weak")]
    db.close()
