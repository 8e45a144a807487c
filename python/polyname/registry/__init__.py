"""Canonical-ID registry on SQLite: entities, their aliases in any script, reviewers'
judgements, merges that redirect forever, and an append-only history.

    >>> from polyname.registry import Registry
    >>> reg = Registry(":memory:")
    >>> taeb = reg.add_entity("Hossein Taeb", kind="person", aliases=["حسين طائب"])
    >>> [(m.entity_id == taeb, m.name) for m in reg.resolve("Hussein al-Tayeb")]
    [(True, 'Hossein Taeb')]

Design:

- One SQLite file (``":memory:"`` works too); every change runs in one transaction and
  appends one row to ``history``, which triggers keep append-only.
- Only writers create a file: ``Registry(path)`` creates a missing or empty one, while
  ``Registry(path, create=False)`` (what reading needs) refuses it with `NoRegistryError` and
  leaves the path as it was.
- The file is in WAL mode with a busy timeout: readers never wait for a writer, and writers
  wait their turn (up to ``timeout`` seconds). Every write transaction starts with ``BEGIN
  IMMEDIATE``; the first one of each `Registry` checks the file's integrity
  (``PRAGMA quick_check``) and refuses to write into a damaged file.
- Every SQLite failure surfaces as a `RegistryError` with one line that names the file and
  the cause (`RegistryLockedError`, `RegistryReadOnlyError`, `RegistryFullError`,
  `RegistryCorruptError`), never as a raw ``sqlite3`` exception.
- Entities are never deleted, so an ID is never reused. A merge only sets the dropped
  entity's ``merged_into``: its aliases stay where they were, resolution follows the
  redirect, and a split is the exact undo.
- The search index (the core's ``NameIndex``) is built from all aliases on first use. Later
  aliases go to a small side index until they are a tenth of the main one, when the main
  index is rebuilt: additions never cost a full rebuild per call.

Where each part lives: `Registry` (here) holds the operations on entities, merges and
judgements; ``store`` the file, its schema and its transactions (``connection`` maps every
SQLite failure to an error); ``entities`` the entity and alias tables; ``resolution`` the
search index; ``transfer`` import and export; ``model`` the records and the vocabulary.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import IO, Any, Optional, Union

from polyname._core import MATCH_THRESHOLD as _CORE_THRESHOLD
from polyname._core import NameIndex
from polyname.csvio import InputSize
from polyname.errors import (
    DataError,
    NoRegistryError,
    PolynameError,
    RegistryCorruptError,
    RegistryError,
    RegistryFullError,
    RegistryLockedError,
    RegistryReadOnlyError,
)
from polyname.registry import transfer
from polyname.registry.connection import Connection
from polyname.registry.entities import Entities
from polyname.registry.model import ID_PREFIX as ID_PREFIX
from polyname.registry.model import (
    KINDS,
    VERDICTS,
    Alias,
    Entity,
    ImportReport,
    Judgement,
    Resolution,
    check_name,
    detect_script,
    kind_of,
    now,
)
from polyname.registry.resolution import Resolver, Snapshot
from polyname.registry.store import APPLICATION_ID, DEFAULT_TIMEOUT, QUALITIES, SCHEMA_VERSION, Store
from polyname.registry.store import PathLike as PathLike
from polyname.registry.transfer import EXPORT_COLUMNS as EXPORT_COLUMNS
from polyname.registry.transfer import IMPORT_COLUMNS
from polyname.settings import DEFAULT_MODE, Mode, SearchSettings


class Registry:
    """Entities with canonical IDs and their aliases, in one SQLite file.

    Args:
        path: the database file, or ``":memory:"``.
        create: create the registry when the file is missing or empty (what writers want).
            With False (what readers want) a missing or empty file raises `NoRegistryError`
            and the path is left exactly as it was: no file is created, none is written.
        timeout: seconds a write waits for another connection's write to finish (readers
            never wait: the file is in WAL mode).

    Raises:
        NoRegistryError: ``create`` is False and there is no registry at ``path``.
        RegistryError: the file is not a polyname registry, was written by a newer version
            of polyname, or cannot be opened or created (the message says why).

    Attributes:
        created: True when this object created the registry in a new or empty file.
    """

    def __init__(self, path: PathLike = "polyname.db", *, create: bool = True,
                 timeout: float = DEFAULT_TIMEOUT) -> None:
        self._store = Store(path, create=create, timeout=timeout)
        self._resolver = Resolver(self._store)
        self._entities = Entities(self._store, on_alias=self._resolver.added, on_quality=self._resolver.forget)
        # After a rollback the in-memory view may hold what never landed: rebuild it.
        self._store.on_rollback(self._resolver.forget)
        self._store.on_rollback(self._entities.forget)

    @property
    def path(self) -> str:
        """The database file, as given (or ``":memory:"``)."""
        return self._store.path

    @property
    def timeout(self) -> float:
        """Seconds a write waits for another connection's write to finish."""
        return self._store.timeout

    @property
    def created(self) -> bool:
        """True when this object created the registry in a new or empty file."""
        return self._store.created

    @property
    def _db(self) -> Connection:
        """The file's current connection (a new one once the file was replaced)."""
        return self._store.db

    def close(self, *, remove_unused: bool = False) -> bool:
        """Closes the registry.

        Args:
            remove_unused: also delete the file if this object created it (see ``created``)
                and nothing has been recorded in it: a first import that failed then leaves
                no file behind. The file stays when another connection has it open.

        Returns:
            Whether the file was deleted.
        """
        return self._store.close(remove_unused=remove_unused)

    def __enter__(self) -> "Registry":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __len__(self) -> int:
        """The number of canonical entities (merged-away IDs not counted)."""
        count: int = self._store.execute("SELECT count(*) FROM entity WHERE merged_into IS NULL").fetchone()[0]
        return count

    # -- entities and aliases ----------------------------------------------------------

    def add_entity(self, name: str, *, kind: str = "other", entity_id: Optional[str] = None,
                   aliases: Iterable[str] = (), lang: Optional[str] = None, source: Optional[str] = None,
                   author: Optional[str] = None) -> str:
        """Adds an entity with its display name (also its first alias) and more aliases.

        Returns:
            The entity's ID: ``entity_id`` when given, else a newly minted one.

        Raises:
            RegistryError: ``entity_id`` is already taken (IDs are never reused).
        """
        name = check_name(name)
        kind = kind_of(kind)
        if entity_id is not None:
            entity_id = check_name(entity_id, "entity_id")
        names = [name] + [check_name(a, "alias") for a in aliases]
        with self._store.transaction():
            if entity_id is None:
                entity_id = self._entities.mint()
            elif self._entities.exists(entity_id):
                raise RegistryError(f"entity ID {entity_id!r} is already taken (IDs are never reused)")
            self._entities.insert(entity_id, kind, name)
            added = [n for n in names if self._entities.insert_alias(entity_id, n, lang, source)]
            self._store.log("add_entity", {"id": entity_id, "kind": kind, "name": name, "aliases": added}, author)
        return entity_id

    def add_alias(self, entity_id: str, name: str, *, lang: Optional[str] = None, source: Optional[str] = None,
                  quality: str = "strong", author: Optional[str] = None) -> bool:
        """Adds an alias to an entity (to its canonical entity if it was merged away).

        ``quality``: "strong", or "weak" for a broad or generic alias (OFAC's "weak a.k.a.",
        the UN's "low quality a.k.a."): a screening search counts it only where the name
        searched agrees with it word for word; a mention search counts it as any alias.

        Returns:
            False when the entity already had this alias.

        Raises:
            PolynameError: ``quality`` is neither "strong" nor "weak".
        """
        name = check_name(name)
        if quality not in QUALITIES:
            raise PolynameError(f"quality must be one of {', '.join(QUALITIES)}, got {quality!r}")
        with self._store.transaction():
            target = self.canonical(entity_id)
            added = self._entities.insert_alias(target, name, lang, source, quality)
            if added:
                self._store.log("add_alias", {"id": target, "name": name, "lang": lang, "source": source,
                                              "quality": quality}, author)
        return added

    def canonical(self, entity_id: str) -> str:
        """The ID ``entity_id`` stands for now, following merges.

        Raises:
            RegistryError: no entity ever had this ID.
        """
        return self._entities.canonical(entity_id)

    def entity(self, entity_id: str) -> Entity:
        """The entity with this ID as stored (a merged-away entity shows ``merged_into``)."""
        return self._entities.entity(entity_id)

    def entities(self) -> Iterator[Entity]:
        """Every canonical entity, by ID."""
        yield from self._entities.entities()

    def members(self, entity_id: str) -> list[str]:
        """The IDs that redirect to ``entity_id``'s canonical entity, itself included."""
        return self._entities.members(entity_id)

    # -- merges, splits, judgements ----------------------------------------------------

    def merge(self, keep: str, drop: str, *, author: Optional[str] = None, note: Optional[str] = None) -> str:
        """Merges ``drop`` into ``keep``: ``drop`` redirects to ``keep`` from now on.

        Returns:
            The surviving canonical ID.

        Raises:
            RegistryError: an ID is unknown, the kinds differ, or a reviewer judged the two
                different (that judgement is always respected).
        """
        with self._store.transaction():
            k, d = self.canonical(keep), self.canonical(drop)
            if k == d:
                return k
            kinds = {self.entity(k).kind, self.entity(d).kind} - {"other"}
            if len(kinds) > 1:
                raise RegistryError(f"cannot merge {drop} into {keep}: kinds differ ({' and '.join(sorted(kinds))})")
            blocking = self._different(self.members(k), self.members(d))
            if blocking:
                j = blocking[0]
                raise RegistryError(
                    f"cannot merge {drop} into {keep}: judged different ({j.left} / {j.right}"
                    f"{', by ' + j.author if j.author else ''}, {j.at})"
                )
            self._entities.redirect(d, k)
            self._store.log("merge", {"keep": k, "drop": d, "note": note}, author)
        return k

    def split(self, entity_id: str, *, author: Optional[str] = None, note: Optional[str] = None) -> str:
        """Undoes the merge that folded ``entity_id`` into another entity.

        Returns:
            The entity it had been merged into.
        """
        with self._store.transaction():
            row = self._store.execute("SELECT merged_into FROM entity WHERE id = ?", (entity_id,)).fetchone()
            if row is None:
                raise RegistryError(f"unknown entity ID {entity_id!r}")
            if row[0] is None:
                raise RegistryError(f"{entity_id} was not merged into another entity: nothing to split")
            self._entities.redirect(entity_id, None)
            self._store.log("split", {"id": entity_id, "from": row[0], "note": note}, author)
        former: str = row[0]
        return former

    def judge(self, a: str, b: str, verdict: str, *, author: Optional[str] = None,
              note: Optional[str] = None) -> Judgement:
        """Records a reviewer's judgement between two entities, or a name and an entity.

        ``b`` must be an entity ID; ``a`` is an entity ID if one exists, else a name. "same"
        between two entities merges them; "same" between a name and an entity adds the name
        as an alias; "different" is respected by every later merge and resolution.
        """
        if verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {', '.join(VERDICTS)}, got {verdict!r}")
        with self._store.transaction():
            right = self.canonical(b)
            left_type = "entity" if self._entities.exists(a) else "name"
            left = self.canonical(a) if left_type == "entity" else check_name(a)
            if left_type == "entity" and left == right and verdict == "different":
                raise RegistryError(f"{a} and {b} are one entity: split it before judging them different")
            at = now()
            self._store.execute(
                "INSERT INTO judgement (left_type, left, right, verdict, author, note, at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (left_type, left if left_type == "name" else a, b, verdict, author, note, at),
            )
            self._store.log("judge", {"left": a, "right": b, "verdict": verdict, "note": note}, author)
            if verdict == "same" and left_type == "entity":
                self.merge(right, left, author=author, note=note or "judged same")
            elif verdict == "same":
                self._entities.insert_alias(right, left, None, "judgement")
        return Judgement(a if left_type == "entity" else left, b, verdict, author, note, at, left_type)

    def judgements(self, entity_id: Optional[str] = None) -> list[Judgement]:
        """All judgements, or those touching ``entity_id``'s canonical entity."""
        rows = self._store.execute(
            "SELECT left, right, verdict, author, note, at, left_type FROM judgement ORDER BY id").fetchall()
        out = [Judgement(*r) for r in rows]
        if entity_id is None:
            return out
        members = set(self.members(entity_id))
        return [j for j in out if j.right in members or (j.left_type == "entity" and j.left in members)]

    def _different(self, side_a: Sequence[str], side_b: Sequence[str]) -> list[Judgement]:
        a, b = set(side_a), set(side_b)
        return [
            j for j in self.judgements()
            if j.verdict == "different" and j.left_type == "entity"
            and ((j.left in a and j.right in b) or (j.left in b and j.right in a))
        ]

    def history(self, limit: Optional[int] = None) -> list[dict[str, Any]]:
        """The change log, newest first."""
        sql = "SELECT seq, at, author, action, detail FROM history ORDER BY seq DESC"
        rows = self._store.execute(sql + (" LIMIT ?" if limit else ""), (limit,) if limit else ()).fetchall()
        return [{"seq": s, "at": at, "author": au, "action": ac, **json.loads(d)} for s, at, au, ac, d in rows]

    # -- import and export -------------------------------------------------------------

    def import_rows(self, rows: Iterable[Mapping[str, Optional[str]]], *, file: str = "<rows>",
                    first_row: int = 2, author: Optional[str] = None) -> ImportReport:
        """Imports alias rows (``entity_id``, ``name``, optional ``kind``, ``lang``,
        ``source``); rows with the same ``entity_id`` are one entity.

        One pass in one transaction: each row is checked and written in turn, so memory stays
        flat on any number of rows, and the first bad row rolls everything back, leaving the
        registry as it was. Importing the same rows again changes nothing; a row for an alias
        already there with a new ``lang`` or ``source`` updates them (an empty value keeps the
        stored one). Other columns are not read and are named in ``ignored_columns``.

        Raises:
            DataError: a bad row, with its number (``first_row`` is the number of the first).
        """
        return transfer.import_numbered(self._store, self._entities, enumerate(rows, start=first_row),
                                        file=file, author=author)

    def record_clusters(self, groups: Sequence[tuple[Optional[str], str, str, Sequence[str]]], *,
                        author: Optional[str] = None, source: Optional[str] = None) -> list[str]:
        """Records clusters found by dedup, in one transaction: each group is
        ``(entity_id or None, kind, display name, spellings)``. A group without an entity
        becomes a new entity; every spelling becomes an alias of the group's (canonical)
        entity unless it already is one.

        Returns:
            The canonical entity ID of each group.
        """
        return transfer.record_clusters(self._store, self._entities, groups, author=author, source=source)

    def import_csv(self, path: PathLike, *, encoding: str = "utf-8", author: Optional[str] = None,
                   progress: Optional[Callable[[int, InputSize], None]] = None,
                   delimiter: Optional[str] = ",") -> ImportReport:
        """Imports a CSV file of aliases (see `import_rows`); ``"-"`` reads stdin.

        Args:
            progress: called every 1,000 rows (and at the end) with the rows read so far and
                how far through the file they are.
            delimiter: the field separator; None takes a comma unless the first line has
                none but a ``;`` or a tab (the report's ``assumed`` then says so).
        """
        return transfer.import_csv(self._store, self._entities, path, encoding=encoding, author=author,
                                   progress=progress, delimiter=delimiter)

    def export_rows(self) -> Iterator[dict[str, str]]:
        """One row per alias, under its canonical entity ID (re-importable)."""
        yield from transfer.export_rows(self._store, self._entities)

    def export_csv(self, out: Union[PathLike, IO[str]], *, escape_formulas: bool = True) -> int:
        """Writes `export_rows` as CSV to a path, ``"-"`` (stdout) or an open text file.

        Cells a spreadsheet would run as formulas get a leading ``'`` (`escape_formula`), as
        in every CSV file polyname writes; ``escape_formulas=False`` writes the names exactly,
        for a file that re-imports as it was.
        """
        return transfer.export_csv(self.export_rows(), out, escape_formulas=escape_formulas)

    # -- resolution --------------------------------------------------------------------

    def resolve(self, name: str, *, kind: Optional[str] = None, limit: int = 5,
                threshold: float = _CORE_THRESHOLD, mode: Mode | SearchSettings = DEFAULT_MODE,
                explain: bool = False) -> list[Resolution]:
        """The entities ``name`` may refer to, best first: one `Resolution` per canonical
        entity (its best alias), scores at or above ``threshold``. ``mode``: "screening" (a
        full name against the list), "mention" (a part of a name, as text mentions it) or a
        `polyname.SearchSettings` (the rules in full); see `polyname.settings`."""
        return self.resolve_many([name], kind=kind, limit=limit, threshold=threshold, mode=mode,
                                 explain=explain)[0]

    def resolve_many(self, names: Sequence[str], *, kind: Optional[str] = None, limit: int = 5,
                     threshold: float = _CORE_THRESHOLD, mode: Mode | SearchSettings = DEFAULT_MODE,
                     explain: bool = False, workers: int = -1) -> list[list[Resolution]]:
        """`resolve` for many names in one batch (the search runs in parallel, GIL released).

        ``names`` may be a list, a pandas Series or a pyarrow Array; empty and missing names
        (None, NaN) resolve to nothing.

        Raises:
            TypeError: ``names`` is a single string, or holds something that is not a string.
            PolynameError: ``limit`` or ``threshold`` out of range, an unknown ``kind`` or
                ``mode`` (`InvalidArgumentError`).
        """
        return self._resolver.resolve_many(self._entities, names, kind=kind, limit=limit, threshold=threshold,
                                           mode=mode, explain=explain, workers=workers)


    def snapshot(self) -> Snapshot:
        """The aliases, entities and judgements as they are now, frozen for resolving without
        this file (`Snapshot`: it pickles, so it goes to worker processes and to the
        executors of an engine, as `polyname.spark.match` sends it)."""
        return self._resolver.snapshot(self._entities)

    def _linking_index(self) -> tuple[NameIndex, dict[str, str], dict[str, str], dict[str, set[str]]]:
        """What `polyname.link` reads a registry through (`Resolver.linking_index`)."""
        return self._resolver.linking_index(self._entities)


# ID_PREFIX, PathLike and EXPORT_COLUMNS, public but never listed here, are imported "as"
# themselves above: re-exported, they stay importable from here as before.
__all__ = [
    "APPLICATION_ID", "DEFAULT_TIMEOUT", "IMPORT_COLUMNS", "KINDS", "QUALITIES", "SCHEMA_VERSION", "VERDICTS", "Alias",
    "DataError", "Entity", "ImportReport", "Judgement", "NoRegistryError", "Registry", "RegistryCorruptError",
    "RegistryError", "RegistryFullError", "RegistryLockedError", "RegistryReadOnlyError", "Resolution",
    "Snapshot", "detect_script", "kind_of",
]
