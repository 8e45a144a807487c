"""A saved index (`NameIndex.save` / `load`, `to_bytes` / `from_bytes`, pickling) searches and
links as the index it was saved from, and bytes or files that are no saved index of this
polyname are refused with `IndexFileError` naming the file, never read as one.

The index is every OFAC and UN alias of the shared data (``POLYNAME_SHARED``), weak aliases
marked, read through ``benches/datasets.py``.
"""

from __future__ import annotations

import pickle
import sys
from functools import cache
from pathlib import Path

import pytest

import polyname

BENCHES = Path(__file__).resolve().parents[2] / "benches"
if str(BENCHES) not in sys.path:
    sys.path.insert(0, str(BENCHES))

import datasets  # noqa: E402

QUERIES = ["Hossein Taeb", "حسين طائب", "Kataib Hezbollah", "Abu Bakr al-Baghdadi", "Islamic Revolutionary Guard Corps",
           "ИГИЛ", "Qods Aviation Industries", "Mohammad Reza Naqdi", "Ali Khamenei", "Zhang Wei"]
TEXT = ("The Treasury named Abu Bakr al-Baghdadi and the Islamic Revolutionary Guard Corps-Qods Force. "
        "Al-Baghdadi was not seen again; the Qods Force denied it.")


@cache
def list_index() -> polyname.NameIndex:
    rows = [r for d in ("ofac-sdn", "un-sc-consolidated") for r in datasets.load_names(d)]
    return polyname.NameIndex([r.entity_id for r in rows], [r.name for r in rows],
                              entities=[r.entity_id for r in rows], weak=[datasets.is_weak_alias(r) for r in rows])


def results(index: polyname.NameIndex) -> tuple[object, ...]:
    found = index.search(QUERIES, limit=10, explain=True)
    mentions = index.link([TEXT], explain=True)
    return (
        [[(m.id, m.name, m.score, str(m.explanation)) for m in row] for row in found],
        [[(m.start, m.end, m.id, m.score, m.method) for m in row] for row in mentions],
    )


def test_an_index_saved_and_loaded_searches_and_links_as_it_did(tmp_path: Path) -> None:
    index = list_index()
    path = tmp_path / "lists.index"
    index.save(path)
    loaded = polyname.NameIndex.load(str(path))
    assert len(loaded) == len(index) > 40_000
    assert results(loaded) == results(index)
    # The search found what it is asked for: the comparison is of real results.
    assert results(index)[0][0][0][0] != ""
    assert path.read_bytes() == index.to_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["lists.index"]


def test_bytes_and_pickles_carry_the_whole_index() -> None:
    index = list_index()
    assert results(polyname.NameIndex.from_bytes(index.to_bytes())) == results(index)
    assert results(pickle.loads(pickle.dumps(index))) == results(index)


def test_a_file_that_is_no_saved_index_is_refused_naming_it(tmp_path: Path) -> None:
    data = list_index().to_bytes()
    cases = {
        "empty.index": b"",
        "registry.db": b"SQLite format 3\x00" + bytes(200),
        "truncated.index": data[: len(data) // 2],
        "damaged.index": data[:-100] + bytes(b ^ 0xFF for b in data[-100:]),
        "appended.index": data + b"\n",
    }
    for name, content in cases.items():
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(polyname.IndexFileError, match=rf"{name}: not a saved index"):
            polyname.NameIndex.load(path)
        with pytest.raises(polyname.IndexFileError):
            polyname.NameIndex.from_bytes(content)
    other_build = bytearray(data)
    other_build[20] ^= 0xFF
    with pytest.raises(polyname.IndexFileError, match="another build of polyname"):
        polyname.NameIndex.from_bytes(bytes(other_build))
    assert issubclass(polyname.IndexFileError, polyname.PolynameError)


def test_file_errors_name_the_file_and_a_failed_save_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="missing.index"):
        polyname.NameIndex.load(tmp_path / "missing.index")
    with pytest.raises(FileNotFoundError, match="no-such-folder"):
        list_index().save(tmp_path / "no-such-folder" / "lists.index")
    # A save over a folder fails as a whole: the folder and what it holds stay as they were.
    folder = tmp_path / "taken"
    folder.mkdir()
    (folder / "kept.txt").write_text("kept")
    small = polyname.NameIndex(["A"], ["Hossein Taeb"])
    with pytest.raises(OSError, match="taken"):
        small.save(folder)
    assert (folder / "kept.txt").read_text() == "kept"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]


def test_a_save_replaces_the_file_it_is_given(tmp_path: Path) -> None:
    path = tmp_path / "names.index"
    polyname.NameIndex(["A"], ["Hossein Taeb"]).save(path)
    polyname.NameIndex(["B", "C"], ["Ismail Qaani", "Esmail Ghaani"]).save(path)
    loaded = polyname.NameIndex.load(path)
    assert len(loaded) == 2
    assert {m.id for m in loaded.search(["Esmail Qaani"], limit=2)[0]} == {"B", "C"}


def test_a_label_says_what_an_index_was_built_from(tmp_path: Path) -> None:
    path = tmp_path / "names.index"
    index = polyname.NameIndex(["A", "B"], ["Hossein Taeb", "Ismail Qaani"])
    index.save(path, label="aliases generation 7")
    assert len(polyname.NameIndex.load(path, label="aliases generation 7")) == 2
    assert len(polyname.NameIndex.load(path)) == 2
    with pytest.raises(polyname.IndexFileError, match="names.index: the index was saved from other data"):
        polyname.NameIndex.load(path, label="aliases generation 8")
    with pytest.raises(polyname.IndexFileError, match="other data"):
        polyname.NameIndex.from_bytes(index.to_bytes(label="a"), label="b")
    with pytest.raises(polyname.InvalidArgumentError, match="at most 4096 bytes"):
        index.save(path, label="x" * 5000)
    assert len(polyname.NameIndex.load(path, label="aliases generation 7")) == 2
