"""Aliases in and out in bulk: rows and CSV files imported in one streaming transaction, the
registry exported as a CSV file that imports back."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import IO, Optional, TypeVar, Union

from polyname._inputs import name_problem
from polyname.csvio import CsvWriter, InputSize, open_output, read_csv
from polyname.errors import DataError
from polyname.registry.entities import Entities
from polyname.registry.model import ImportReport, check_name, kind_of
from polyname.registry.store import PathLike, Store

#: The columns `Registry.import_rows` reads; any other column is reported as ignored.
IMPORT_COLUMNS = ("entity_id", "name", "kind", "lang", "source", "quality")
#: How an import's ``quality`` column may say strong or weak: the words of the lists as well
#: (OFAC's weak a.k.a., the UN's good and low quality a.k.a.).
QUALITY_WORDS = {"strong": "strong", "good": "strong", "weak": "weak", "low": "weak"}
#: The columns of `export_csv`: the file imports back into a fresh registry.
EXPORT_COLUMNS = IMPORT_COLUMNS

T = TypeVar("T")
Numbered = Iterable[tuple[int, Mapping[str, Optional[str]]]]


def import_numbered(store: Store, entities: Entities, numbered: Numbered, *, file: str, author: Optional[str],
                    columns: Optional[Sequence[str]] = None) -> ImportReport:
    """`Registry.import_rows` of rows that come with their numbers; ``columns`` are the
    file's header when there is one (else the ignored columns are gathered from the rows)."""
    kinds: dict[str, tuple[str, int]] = {}  # entity → (kind, row that gave it), for consistency
    ignored = dict.fromkeys(c for c in columns or () if c not in IMPORT_COLUMNS)
    count = entities_added = aliases_added = aliases_updated = 0
    with store.transaction():
        for number, row in numbered:
            if columns is None:
                ignored.update((c, None) for c in row if c not in IMPORT_COLUMNS and c not in ignored)
            entity_id, name = (_required(row, column, file, number) for column in ("entity_id", "name"))
            kind = None
            raw_kind = row.get("kind")
            if raw_kind is not None and raw_kind.strip():
                try:
                    kind = kind_of(raw_kind)
                except ValueError as e:
                    raise DataError(str(e), file=file, row=number, column="kind") from None
                seen = kinds.setdefault(entity_id, (kind, number))
                if seen[0] != kind:
                    raise DataError(f"kind {kind!r} contradicts {seen[0]!r} given for {entity_id} "
                                    f"on row {seen[1]}", file=file, row=number, column="kind")
            lang, source = ((row.get(c) or "").strip() or None for c in ("lang", "source"))
            raw_quality = (row.get("quality") or "").strip()
            quality = QUALITY_WORDS.get(raw_quality.lower()) if raw_quality else None
            if raw_quality and quality is None:
                raise DataError(f"quality {raw_quality!r} is none of {', '.join(QUALITY_WORDS)}",
                                file=file, row=number, column="quality")
            if entity_id not in entities.canonical_map():
                entities.insert(entity_id, kind or "other", name)
                entities_added += 1
            elif kind is not None:
                stored = entities.kind_map()[entity_id]
                if stored != kind and stored != "other":
                    raise DataError(f"kind {kind!r} contradicts the registry's {stored!r} for {entity_id}",
                                    file=file, row=number, column="kind")
                if stored != kind:
                    entities.set_kind(entity_id, kind)
            added, updated = entities.upsert_alias(entities.canonical(entity_id), name, lang, source, quality)
            aliases_added += added
            aliases_updated += updated
            count += 1
        report = ImportReport(count, entities_added, aliases_added, aliases_updated, tuple(ignored))
        if report.changed:
            store.log("import", {"file": file, "rows": count, "entities_added": entities_added,
                                 "aliases_added": aliases_added, "aliases_updated": aliases_updated}, author)
    return report


def record_clusters(store: Store, entities: Entities, groups: Sequence[tuple[Optional[str], str, str, Sequence[str]]],
                    *, author: Optional[str], source: Optional[str]) -> list[str]:
    """`Registry.record_clusters`: every group checked first, then all written in one transaction."""
    checked = [(e, kind_of(k), check_name(n), [check_name(s, "alias") for s in ss]) for e, k, n, ss in groups]
    out: list[str] = []
    minted = aliases_added = 0
    with store.transaction():
        for entity_id, kind, name, spellings in checked:
            if entity_id is None:
                entity_id = entities.mint()
                entities.insert(entity_id, kind, name)
                minted += 1
            else:
                entity_id = entities.canonical(entity_id)
            aliases_added += sum(entities.insert_alias(entity_id, s, None, source) for s in spellings)
            out.append(entity_id)
        if minted or aliases_added:
            store.log("record_clusters", {"groups": len(checked), "entities_added": minted,
                                            "aliases_added": aliases_added, "source": source}, author)
    return out


def import_csv(store: Store, entities: Entities, path: PathLike, *, encoding: str, author: Optional[str],
               progress: Optional[Callable[[int, InputSize], None]], delimiter: Optional[str] = ",") -> ImportReport:
    """`Registry.import_csv`: the file is read as it is imported."""
    name = str(path)
    with read_csv(name, encoding=encoding, required=("entity_id", "name"), delimiter=delimiter) as reader:
        # The reader's own row numbers: they count the blank lines it skips.
        rows: Numbered = ((reader.row, row) for row in reader)
        if progress is not None:
            rows = _reporting(rows, reader.size, progress)
        report = import_numbered(store, entities, rows, file=name, author=author, columns=reader.fieldnames)
        return dataclasses.replace(report, assumed=reader.assumed)


def export_rows(store: Store, entities: Entities) -> Iterator[dict[str, str]]:
    """`Registry.export_rows`: one row per alias, under its canonical entity ID."""
    canonical = entities.canonical_map()
    kinds = entities.kind_map()
    seen: set[tuple[str, str]] = set()
    query = f"SELECT entity_id, name, lang, source, {store.alias_quality} FROM alias ORDER BY entity_id, id"
    for entity_id, name, lang, source, quality in store.execute(query).fetchall():
        root = canonical[entity_id]
        if (root, name) in seen:
            continue
        seen.add((root, name))
        yield {"entity_id": root, "name": name, "kind": kinds[root], "lang": lang or "", "source": source or "",
               "quality": quality}


def export_csv(rows: Iterable[Mapping[str, str]], out: Union[PathLike, IO[str]], *, escape_formulas: bool) -> int:
    """Writes ``rows`` under `EXPORT_COLUMNS` (see `Registry.export_csv`); returns how many."""
    with open_output(out) as f:
        writer = CsvWriter(f, escape_formulas=escape_formulas)
        writer.writerow(EXPORT_COLUMNS)
        count = 0
        for row in rows:
            writer.writerow([row[c] for c in EXPORT_COLUMNS])
            count += 1
    return count


def _required(row: Mapping[str, Optional[str]], column: str, file: str, number: int) -> str:
    """A column of an import row that must hold a value."""
    value = row.get(column) or ""
    problem = name_problem(value)
    if problem:
        raise DataError(f"the {column} {problem}", file=file, row=number, column=column)
    return value.strip()


def _reporting(rows: Iterable[T], size: InputSize, progress: Callable[[int, InputSize], None]) -> Iterator[T]:
    """``rows`` as they are, telling ``progress`` every 1,000 rows how far they got."""
    count = 0
    for row in rows:
        yield row
        count += 1
        if count % 1000 == 0:
            progress(count, size)
    progress(count, size)
