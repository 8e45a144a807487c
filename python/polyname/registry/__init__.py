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
"""

from __future__ import annotations

import contextlib
import csv
import errno
import io
import json
import os
import secrets
import sqlite3
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any, Optional, TypeVar, Union

from polyname._core import MATCH_THRESHOLD as _CORE_THRESHOLD
from polyname._core import Explanation, Match, NameIndex, normalize, normalize_many
from polyname._core import explain as _explain_pair
from polyname._inputs import name_list
from polyname.csvio import InputSize, escape_formula, open_output, read_csv
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

#: Version of the database layout this code writes; older files are migrated on open.
SCHEMA_VERSION = 1
#: SQLite ``application_id`` of a polyname registry ("pnRG"): tells it from other databases.
APPLICATION_ID = 0x706E5247
KINDS = ("person", "organization", "location", "other")
VERDICTS = ("same", "different", "unsure")
#: Minted IDs: this prefix and 8 characters of Crockford base32 (40 random bits).
ID_PREFIX = "PN-"
_ID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
#: Short spellings users write for a kind.
_KIND_SYNONYMS = {
    "per": "person", "people": "person", "individual": "person",
    "org": "organization", "organisation": "organization", "group": "organization", "company": "organization",
    "loc": "location", "place": "location", "gpe": "location", "country": "location", "city": "location",
    "": "other", "unknown": "other", "misc": "other", "vessel": "other", "aircraft": "other",
}

#: Seconds a write waits for another connection's write to finish before giving up.
DEFAULT_TIMEOUT = 60.0
#: The columns `Registry.import_rows` reads; any other column is reported as ignored.
IMPORT_COLUMNS = ("entity_id", "name", "kind", "lang", "source")
#: The columns of `export_csv`: the file imports back into a fresh registry.
EXPORT_COLUMNS = IMPORT_COLUMNS

PathLike = Union[str, "os.PathLike[str]"]
T = TypeVar("T")


@dataclass(frozen=True)
class Alias:
    name: str
    script: str
    lang: Optional[str] = None
    source: Optional[str] = None


@dataclass(frozen=True)
class Entity:
    id: str
    kind: str
    name: str
    aliases: tuple[Alias, ...]
    #: The entity this one was merged into (it then redirects there), or None.
    merged_into: Optional[str] = None
    #: IDs merged into this one (directly).
    merged: tuple[str, ...] = ()


@dataclass(frozen=True)
class Judgement:
    left: str
    right: str
    verdict: str
    author: Optional[str]
    note: Optional[str]
    at: str
    #: "entity" when ``left`` is an entity ID, "name" when it is a name.
    left_type: str = "entity"


@dataclass(frozen=True)
class Resolution:
    """One match of a name: the canonical entity, the alias that matched and the score."""

    entity_id: str
    name: str
    score: float
    kind: str
    explanation: Optional[Explanation] = field(default=None, compare=False)


@dataclass(frozen=True)
class ImportReport:
    """What an import did."""

    rows: int
    entities_added: int
    aliases_added: int
    #: Aliases that were there already and took the row's new ``lang`` or ``source``.
    aliases_updated: int = 0
    #: Input columns the import does not read (see `IMPORT_COLUMNS`), in input order.
    ignored_columns: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.entities_added or self.aliases_added or self.aliases_updated)


def detect_script(text: str) -> str:
    """The ISO 15924 code of the script most letters of ``text`` are written in."""
    counts: dict[str, int] = {}
    for ch in text:
        if not ch.isalpha():
            continue
        name = unicodedata.name(ch, "")
        script = next((code for prefix, code in _SCRIPT_PREFIXES if name.startswith(prefix)), "Zyyy")
        counts[script] = counts.get(script, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else "Zyyy"


_SCRIPT_PREFIXES = (
    ("LATIN", "Latn"), ("ARABIC", "Arab"), ("CYRILLIC", "Cyrl"), ("GREEK", "Grek"), ("HEBREW", "Hebr"),
    ("CJK", "Hani"), ("HIRAGANA", "Hira"), ("KATAKANA", "Kana"), ("HANGUL", "Hang"), ("DEVANAGARI", "Deva"),
    ("THAI", "Thai"), ("GEORGIAN", "Geor"), ("ARMENIAN", "Armn"), ("SYRIAC", "Syrc"), ("THAANA", "Thaa"),
)


def kind_of(value: Optional[str]) -> str:
    """The registry kind for a user's spelling of it (``org`` → ``organization``)."""
    word = (value or "").strip().lower()
    kind = _KIND_SYNONYMS.get(word, word)
    if kind not in KINDS:
        raise PolynameError(f"unknown kind {value!r}: use one of {', '.join(KINDS)}")
    return kind


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _required(row: Mapping[str, Optional[str]], column: str, file: str, number: int) -> str:
    """A column of an import row that must hold a value."""
    value = row.get(column)
    if value is None or not value.strip():
        raise DataError(f"empty {column}", file=file, row=number, column=column)
    if "\x00" in value:
        raise DataError("NUL byte in the value", file=file, row=number, column=column)
    return value.strip()


def _check_name(name: object, what: str = "name") -> str:
    if not isinstance(name, str):
        raise TypeError(f"{what} must be a string, got {type(name).__name__}")
    if "\x00" in name:
        raise ValueError(f"{what} contains a NUL byte")
    if not name.strip():
        raise ValueError(f"{what} is empty")
    return name.strip()


_SCHEMA_V1 = """
CREATE TABLE entity (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('person', 'organization', 'location', 'other')),
    name        TEXT NOT NULL,
    merged_into TEXT REFERENCES entity(id),
    created_at  TEXT NOT NULL
);
CREATE TABLE alias (
    id        INTEGER PRIMARY KEY,
    entity_id TEXT NOT NULL REFERENCES entity(id),
    name      TEXT NOT NULL,
    script    TEXT NOT NULL,
    lang      TEXT,
    source    TEXT,
    UNIQUE (entity_id, name)
);
CREATE INDEX alias_entity ON alias(entity_id);
CREATE TABLE judgement (
    id        INTEGER PRIMARY KEY,
    left_type TEXT NOT NULL CHECK (left_type IN ('entity', 'name')),
    left      TEXT NOT NULL,
    right     TEXT NOT NULL REFERENCES entity(id),
    verdict   TEXT NOT NULL CHECK (verdict IN ('same', 'different', 'unsure')),
    author    TEXT,
    note      TEXT,
    at        TEXT NOT NULL
);
CREATE INDEX judgement_right ON judgement(right);
CREATE TABLE history (
    seq    INTEGER PRIMARY KEY AUTOINCREMENT,
    at     TEXT NOT NULL,
    author TEXT,
    action TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE TRIGGER history_append_only_update BEFORE UPDATE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER history_append_only_delete BEFORE DELETE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
"""

#: Migrations by the version they bring the file to; each runs in the opening transaction.
_MIGRATIONS: dict[int, str] = {1: _SCHEMA_V1}


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
        self.path = str(path)
        self.timeout = timeout
        self.created = False
        self._create = create
        self._memory = self.path == ":memory:"
        self._index: Optional[NameIndex] = None
        self._side: Optional[NameIndex] = None  # aliases added since the index was built
        self._pending: list[tuple[str, str]] = []
        self._aliases: dict[str, tuple[str, str]] = {}  # alias row id → (entity id, name)
        self._canonical: Optional[dict[str, str]] = None
        self._kinds: Optional[dict[str, str]] = None
        self._wal = False  # the file is known to be in WAL mode
        self._checked = False  # quick_check passed (done before the first write)
        self._file_id: Optional[tuple[int, int]] = None
        self._open()

    # -- file and schema --------------------------------------------------------------

    def _open(self) -> None:
        """Connects and checks (or creates) the schema."""
        if self._memory:
            if not self._create:
                raise NoRegistryError("no registry at :memory: (an in-memory registry starts empty)")
            self._db = _Connection(sqlite3.connect(":memory:", isolation_level=None), self)
        else:
            self._connect("rwc" if self._create else "rw")
        try:
            self._open_schema()
        except NoRegistryError:
            self._db.close()
            raise
        except RegistryError as e:
            self._db.close()
            if not (_cannot_open(e) and _read_only_fs(self.path)):
                raise
            # A WAL file on a read-only file system: SQLite cannot make the shared-memory
            # file it reads through, but nobody can write here, so the file is immutable.
            self._connect("ro", immutable=True)
            self._open_schema()

    def _connect(self, mode: str, immutable: bool = False) -> None:
        path = Path(self.path)
        if not self._create:
            if not path.exists():
                raise NoRegistryError(f"no registry at {self.path} (no such file)")
            if path.is_file() and path.stat().st_size == 0:
                raise NoRegistryError(f"no registry at {self.path} (the file is empty)")
        elif not path.exists():
            # Create it ourselves: SQLite would only say "unable to open database file".
            try:
                os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o666))
            except OSError as e:
                cls = RegistryReadOnlyError if e.errno in (errno.EROFS, errno.EACCES, errno.EPERM) else RegistryError
                no_new_files = " (its directory does not allow new files)"
                hint = {errno.ENOENT: " (its directory does not exist)", errno.EACCES: no_new_files,
                        errno.EPERM: no_new_files}.get(e.errno or 0, "")
                raise cls(f"cannot create the registry {self.path}: {e.strerror}{hint}") from None
        if path.is_dir():
            raise RegistryError(f"{self.path} is a directory, not a registry file")
        uri = path.absolute().as_uri() + f"?mode={mode}" + ("&immutable=1" if immutable else "")
        try:
            connection = sqlite3.connect(uri, uri=True, timeout=self.timeout, isolation_level=None)
        except sqlite3.Error as e:
            raise _map_error(e, self) from e
        self._db = _Connection(connection, self)
        self._file_id = _file_id(self.path)
        self._wal = immutable  # an immutable file is never written: no need to switch it

    def _schema_state(self) -> tuple[int, int, bool]:
        # One statement, so one snapshot: another process may be creating the schema.
        app_id, version, tables = self._db.execute(
            "SELECT (SELECT application_id FROM pragma_application_id), (SELECT user_version FROM "
            "pragma_user_version), EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table')").fetchone()
        if app_id == 0 and version == 0 and not tables:
            return 0, 0, True  # a new file
        if app_id != APPLICATION_ID:
            raise RegistryError(f"{self.path} is an SQLite database but not a polyname registry")
        if version > SCHEMA_VERSION:
            raise RegistryError(
                f"{self.path} was written by a newer polyname (registry schema {version}; "
                f"this version reads up to {SCHEMA_VERSION}): upgrade polyname to open it"
            )
        return app_id, version, False

    def _open_schema(self) -> None:
        self._db.execute("PRAGMA foreign_keys = ON")
        _, version, new = self._schema_state()
        if new and not self._create:
            raise NoRegistryError(f"no registry at {self.path} (the file holds no registry)")
        if version == SCHEMA_VERSION:
            return
        with self._transaction():
            # Another process may have created or migrated the file while we waited for the lock.
            _, version, new = self._schema_state()
            if version == SCHEMA_VERSION:
                return
            db = self._db
            for target in range(version + 1, SCHEMA_VERSION + 1):
                for statement in _statements(_MIGRATIONS[target]):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {target}")
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            self._log("migrate", {"from": version, "to": SCHEMA_VERSION}, None)
            self.created = new

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        """One write transaction: ``BEGIN IMMEDIATE`` … ``COMMIT``, or ``ROLLBACK`` on any
        exception; nested, it joins the outer one."""
        if self._db.in_transaction:
            yield
            return
        self._begin()
        try:
            yield
            self._db.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise

    def _begin(self) -> None:
        for _ in range(10):
            if not self._wal:
                self._use_wal()
            self._db.execute("BEGIN IMMEDIATE")  # waits up to `timeout` for another writer
            if self._memory or _file_id(self.path) == self._file_id:
                break
            # The file was removed or replaced while we waited (a failed first import of
            # another process removes the file it created): what we wrote would be lost.
            self._rollback()
            self._db.close()
            if not self._create:
                raise NoRegistryError(f"no registry at {self.path} any more: the file was removed or replaced "
                                      "while it was open")
            self._open()
        else:
            raise RegistryError(f"{self.path} keeps being replaced by another process: cannot write to it")
        if not self._checked:
            try:
                found = [r[0] for r in self._db.execute("PRAGMA quick_check").fetchall()]
                if found != ["ok"]:
                    lines = [" ".join(line.split()) for f in found for line in f.splitlines()]
                    problems = [line for line in lines if line and not line.startswith("***")]
                    raise RegistryCorruptError(
                        f"{self.path} is damaged, so nothing was written to it (integrity check: "
                        f"{'; '.join(problems[:2])}{'; …' if len(problems) > 2 else ''}): restore it from a backup")
            except BaseException:
                self._rollback()
                raise
            self._checked = True

    def _use_wal(self) -> None:
        """Switches the file to WAL mode (readers then never wait for writers); kept in the file."""
        if self._memory:
            self._wal = True
            return
        try:
            mode = self._db.execute("PRAGMA journal_mode").fetchone()[0]
            if mode != "wal":
                mode = self._db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        except RegistryError:
            return  # busy or read-only: the write that follows says so, or the next one retries
        self._wal = mode == "wal"

    def _rollback(self) -> None:
        # SQLite may have rolled back already (it does on a full disk): a second ROLLBACK
        # would only replace the real error with "no transaction is active".
        if self._db.in_transaction:
            with contextlib.suppress(RegistryError):
                self._db.execute("ROLLBACK")
        self._forget_caches()

    def _forget_caches(self) -> None:
        """After a rollback the in-memory view may hold what never landed: rebuild it."""
        self._forget_index()
        self._canonical, self._kinds = None, None

    def _log(self, action: str, detail: Mapping[str, Any], author: Optional[str]) -> None:
        self._db.execute(
            "INSERT INTO history (at, author, action, detail) VALUES (?, ?, ?, ?)",
            (_now(), author, action, json.dumps(detail, ensure_ascii=False, sort_keys=True)),
        )

    def close(self, *, remove_unused: bool = False) -> bool:
        """Closes the registry.

        Args:
            remove_unused: also delete the file if this object created it (see ``created``)
                and nothing has been recorded in it: a first import that failed then leaves
                no file behind. The file stays when another connection has it open.

        Returns:
            Whether the file was deleted.
        """
        removed = False
        if remove_unused and self.created and not self._memory and not self._db.closed:
            with contextlib.suppress(RegistryError):
                removed = self._remove_unused()
        self._db.close()
        return removed

    def _remove_unused(self) -> bool:
        db = self._db
        if db.in_transaction:
            self._rollback()
        # Leave WAL first: closing a WAL file deletes "<path>-wal" by name, which could by
        # then belong to a new file of the same name. Leaving WAL fails while any other
        # connection has the file open, and then that connection is welcome to it.
        db.execute("PRAGMA busy_timeout = 0")
        try:
            if db.execute("PRAGMA journal_mode = DELETE").fetchone()[0] != "delete":
                return False
            self._wal = False
        except RegistryFullError:
            pass  # leaving WAL needs a checkpoint the full disk refuses; so will the close's,
            # and SQLite deletes "<path>-wal" only after a checkpoint that went through
        db.execute("BEGIN IMMEDIATE")
        try:
            used = db.execute("SELECT (SELECT count(*) FROM entity) + (SELECT count(*) FROM judgement)"
                              " + (SELECT count(*) FROM history WHERE action != 'migrate')").fetchone()[0]
            if used or _file_id(self.path) != self._file_id:
                return False
            # Deleted while we hold the write lock: a process waiting to write finds the file
            # gone when it gets the lock, and creates its own (see `_begin`).
            for suffix in ("", "-wal", "-shm") if self._wal else ("",):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(self.path + suffix)
            return True
        finally:
            self._rollback()

    def __enter__(self) -> "Registry":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __len__(self) -> int:
        """The number of canonical entities (merged-away IDs not counted)."""
        count: int = self._db.execute("SELECT count(*) FROM entity WHERE merged_into IS NULL").fetchone()[0]
        return count

    # -- entities and aliases ----------------------------------------------------------

    def _mint(self) -> str:
        while True:
            value = secrets.randbits(40)
            candidate = ID_PREFIX + "".join(_ID_ALPHABET[(value >> (5 * k)) & 31] for k in reversed(range(8)))
            if not self._exists(candidate):
                return candidate

    def _exists(self, entity_id: str) -> bool:
        return self._db.execute("SELECT 1 FROM entity WHERE id = ?", (entity_id,)).fetchone() is not None

    def add_entity(self, name: str, *, kind: str = "other", entity_id: Optional[str] = None,
                   aliases: Iterable[str] = (), lang: Optional[str] = None, source: Optional[str] = None,
                   author: Optional[str] = None) -> str:
        """Adds an entity with its display name (also its first alias) and more aliases.

        Returns:
            The entity's ID: ``entity_id`` when given, else a newly minted one.

        Raises:
            RegistryError: ``entity_id`` is already taken (IDs are never reused).
        """
        name = _check_name(name)
        kind = kind_of(kind)
        if entity_id is not None:
            entity_id = _check_name(entity_id, "entity_id")
        names = [name] + [_check_name(a, "alias") for a in aliases]
        with self._transaction():
            if entity_id is None:
                entity_id = self._mint()
            elif self._exists(entity_id):
                raise RegistryError(f"entity ID {entity_id!r} is already taken (IDs are never reused)")
            self._insert_entity(entity_id, kind, name)
            added = [n for n in names if self._insert_alias(entity_id, n, lang, source)]
            self._log("add_entity", {"id": entity_id, "kind": kind, "name": name, "aliases": added}, author)
        return entity_id

    def _insert_entity(self, entity_id: str, kind: str, name: str) -> None:
        self._db.execute("INSERT INTO entity (id, kind, name, created_at) VALUES (?, ?, ?, ?)",
                         (entity_id, kind, name, _now()))
        # A new entity is its own canonical entity: the cached maps grow in place.
        if self._canonical is not None:
            self._canonical[entity_id] = entity_id
        if self._kinds is not None:
            self._kinds[entity_id] = kind

    def _kind_map(self) -> dict[str, str]:
        if self._kinds is None:
            self._kinds = dict(self._db.execute("SELECT id, kind FROM entity"))
        return self._kinds

    def _insert_alias(self, entity_id: str, name: str, lang: Optional[str], source: Optional[str]) -> bool:
        cur = self._db.execute(
            "INSERT OR IGNORE INTO alias (entity_id, name, script, lang, source) VALUES (?, ?, ?, ?, ?)",
            (entity_id, name, detect_script(name), lang or None, source or None),
        )
        if cur.rowcount and self._index is not None:
            if len(self._pending) >= max(1000, len(self._index) // 10):
                # The next search rebuilds the index anyway: drop it now, so that a long
                # import does not hold every new alias in memory until then.
                self._forget_index()
            else:
                alias_id = str(cur.lastrowid)
                self._aliases[alias_id] = (entity_id, name)
                self._pending.append((alias_id, name))
                self._side = None
        return bool(cur.rowcount)

    def _forget_index(self) -> None:
        self._index, self._side, self._pending, self._aliases = None, None, [], {}

    def _upsert_alias(self, entity_id: str, name: str, lang: Optional[str], source: Optional[str]) -> tuple[bool, bool]:
        """Adds an alias, or gives the one there the ``lang`` and ``source`` given (None keeps
        the stored value). Returns (added, updated)."""
        if self._insert_alias(entity_id, name, lang, source):
            return True, False
        if lang is None and source is None:
            return False, False
        cur = self._db.execute(
            "UPDATE alias SET lang = coalesce(?1, lang), source = coalesce(?2, source) WHERE entity_id = ?3 AND "
            "name = ?4 AND (lang IS NOT coalesce(?1, lang) OR source IS NOT coalesce(?2, source))",
            (lang, source, entity_id, name))
        return False, bool(cur.rowcount)

    def add_alias(self, entity_id: str, name: str, *, lang: Optional[str] = None, source: Optional[str] = None,
                  author: Optional[str] = None) -> bool:
        """Adds an alias to an entity (to its canonical entity if it was merged away).

        Returns:
            False when the entity already had this alias.
        """
        name = _check_name(name)
        with self._transaction():
            target = self.canonical(entity_id)
            added = self._insert_alias(target, name, lang, source)
            if added:
                self._log("add_alias", {"id": target, "name": name, "lang": lang, "source": source}, author)
        return added

    def canonical(self, entity_id: str) -> str:
        """The ID ``entity_id`` stands for now, following merges.

        Raises:
            RegistryError: no entity ever had this ID.
        """
        canonical = self._canonical_map().get(entity_id)
        if canonical is None:
            raise RegistryError(f"unknown entity ID {entity_id!r}")
        return canonical

    def _canonical_map(self) -> dict[str, str]:
        if self._canonical is None:
            parent = dict(self._db.execute("SELECT id, merged_into FROM entity"))
            resolved: dict[str, str] = {}
            for start in parent:
                path: list[str] = []
                node = start
                while parent.get(node) is not None and node not in resolved and len(path) <= len(parent):
                    path.append(node)
                    node = parent[node]
                root = resolved.get(node, node)
                for p in path:
                    resolved[p] = root
                resolved[start] = root
            self._canonical = resolved
        return self._canonical

    def entity(self, entity_id: str) -> Entity:
        """The entity with this ID as stored (a merged-away entity shows ``merged_into``)."""
        row = self._db.execute("SELECT id, kind, name, merged_into FROM entity WHERE id = ?", (entity_id,)).fetchone()
        if row is None:
            raise RegistryError(f"unknown entity ID {entity_id!r}")
        aliases = tuple(Alias(*r) for r in self._db.execute(
            "SELECT name, script, lang, source FROM alias WHERE entity_id = ? ORDER BY id", (entity_id,)))
        merged = tuple(r[0] for r in self._db.execute(
            "SELECT id FROM entity WHERE merged_into = ? ORDER BY id", (entity_id,)))
        return Entity(row[0], row[1], row[2], aliases, row[3], merged)

    def entities(self) -> Iterator[Entity]:
        """Every canonical entity, by ID."""
        for (entity_id,) in self._db.execute("SELECT id FROM entity WHERE merged_into IS NULL ORDER BY id").fetchall():
            yield self.entity(entity_id)

    def members(self, entity_id: str) -> list[str]:
        """The IDs that redirect to ``entity_id``'s canonical entity, itself included."""
        root = self.canonical(entity_id)
        return sorted(i for i, c in self._canonical_map().items() if c == root)

    # -- merges, splits, judgements ----------------------------------------------------

    def merge(self, keep: str, drop: str, *, author: Optional[str] = None, note: Optional[str] = None) -> str:
        """Merges ``drop`` into ``keep``: ``drop`` redirects to ``keep`` from now on.

        Returns:
            The surviving canonical ID.

        Raises:
            RegistryError: an ID is unknown, the kinds differ, or a reviewer judged the two
                different (that judgement is always respected).
        """
        with self._transaction():
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
            self._db.execute("UPDATE entity SET merged_into = ? WHERE id = ?", (k, d))
            self._canonical = None
            self._log("merge", {"keep": k, "drop": d, "note": note}, author)
        return k

    def split(self, entity_id: str, *, author: Optional[str] = None, note: Optional[str] = None) -> str:
        """Undoes the merge that folded ``entity_id`` into another entity.

        Returns:
            The entity it had been merged into.
        """
        with self._transaction():
            row = self._db.execute("SELECT merged_into FROM entity WHERE id = ?", (entity_id,)).fetchone()
            if row is None:
                raise RegistryError(f"unknown entity ID {entity_id!r}")
            if row[0] is None:
                raise RegistryError(f"{entity_id} was not merged into another entity: nothing to split")
            self._db.execute("UPDATE entity SET merged_into = NULL WHERE id = ?", (entity_id,))
            self._canonical = None
            self._log("split", {"id": entity_id, "from": row[0], "note": note}, author)
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
        with self._transaction():
            right = self.canonical(b)
            left_type = "entity" if self._exists(a) else "name"
            left = self.canonical(a) if left_type == "entity" else _check_name(a)
            if left_type == "entity" and left == right and verdict == "different":
                raise RegistryError(f"{a} and {b} are one entity: split it before judging them different")
            at = _now()
            self._db.execute(
                "INSERT INTO judgement (left_type, left, right, verdict, author, note, at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (left_type, left if left_type == "name" else a, b, verdict, author, note, at),
            )
            self._log("judge", {"left": a, "right": b, "verdict": verdict, "note": note}, author)
            if verdict == "same" and left_type == "entity":
                self.merge(right, left, author=author, note=note or "judged same")
            elif verdict == "same":
                self._insert_alias(right, left, None, "judgement")
        return Judgement(a if left_type == "entity" else left, b, verdict, author, note, at, left_type)

    def judgements(self, entity_id: Optional[str] = None) -> list[Judgement]:
        """All judgements, or those touching ``entity_id``'s canonical entity."""
        rows = self._db.execute(
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
        rows = self._db.execute(sql + (" LIMIT ?" if limit else ""), (limit,) if limit else ()).fetchall()
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
        return self._import(enumerate(rows, start=first_row), file=file, author=author)

    def _import(self, numbered: Iterable[tuple[int, Mapping[str, Optional[str]]]], *, file: str,
                author: Optional[str], columns: Optional[Sequence[str]] = None) -> ImportReport:
        kinds: dict[str, tuple[str, int]] = {}  # entity → (kind, row that gave it), for consistency
        ignored = dict.fromkeys(c for c in columns or () if c not in IMPORT_COLUMNS)
        count = entities_added = aliases_added = aliases_updated = 0
        with self._transaction():
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
                if entity_id not in self._canonical_map():
                    self._insert_entity(entity_id, kind or "other", name)
                    entities_added += 1
                elif kind is not None:
                    stored = self._kind_map()[entity_id]
                    if stored != kind and stored != "other":
                        raise DataError(f"kind {kind!r} contradicts the registry's {stored!r} for {entity_id}",
                                        file=file, row=number, column="kind")
                    if stored != kind:
                        self._db.execute("UPDATE entity SET kind = ? WHERE id = ?", (kind, entity_id))
                        self._kind_map()[entity_id] = kind
                added, updated = self._upsert_alias(self.canonical(entity_id), name, lang, source)
                aliases_added += added
                aliases_updated += updated
                count += 1
            report = ImportReport(count, entities_added, aliases_added, aliases_updated, tuple(ignored))
            if report.changed:
                self._log("import", {"file": file, "rows": count, "entities_added": entities_added,
                                     "aliases_added": aliases_added, "aliases_updated": aliases_updated}, author)
        return report

    def record_clusters(self, groups: Sequence[tuple[Optional[str], str, str, Sequence[str]]], *,
                        author: Optional[str] = None, source: Optional[str] = None) -> list[str]:
        """Records clusters found by dedup, in one transaction: each group is
        ``(entity_id or None, kind, display name, spellings)``. A group without an entity
        becomes a new entity; every spelling becomes an alias of the group's (canonical)
        entity unless it already is one.

        Returns:
            The canonical entity ID of each group.
        """
        checked = [(e, kind_of(k), _check_name(n), [_check_name(s, "alias") for s in ss]) for e, k, n, ss in groups]
        out: list[str] = []
        minted = aliases_added = 0
        with self._transaction():
            for entity_id, kind, name, spellings in checked:
                if entity_id is None:
                    entity_id = self._mint()
                    self._insert_entity(entity_id, kind, name)
                    minted += 1
                else:
                    entity_id = self.canonical(entity_id)
                aliases_added += sum(self._insert_alias(entity_id, s, None, source) for s in spellings)
                out.append(entity_id)
            if minted or aliases_added:
                self._log("record_clusters", {"groups": len(checked), "entities_added": minted,
                                              "aliases_added": aliases_added, "source": source}, author)
        return out

    def import_csv(self, path: PathLike, *, encoding: str = "utf-8", author: Optional[str] = None,
                   progress: Optional[Callable[[int, InputSize], None]] = None) -> ImportReport:
        """Imports a CSV file of aliases (see `import_rows`); ``"-"`` reads stdin.

        Args:
            progress: called every 1,000 rows (and at the end) with the rows read so far and
                how far through the file they are.
        """
        name = str(path)
        with read_csv(name, encoding=encoding, required=("entity_id", "name")) as reader:
            # The reader's own row numbers: they count the blank lines it skips.
            rows: Iterable[tuple[int, Mapping[str, Optional[str]]]] = ((reader.row, row) for row in reader)
            if progress is not None:
                rows = _reporting(rows, reader.size, progress)
            return self._import(rows, file=name, author=author, columns=reader.fieldnames)

    def export_rows(self) -> Iterator[dict[str, str]]:
        """One row per alias, under its canonical entity ID (re-importable)."""
        canonical = self._canonical_map()
        kinds = self._kind_map()
        seen: set[tuple[str, str]] = set()
        for entity_id, name, lang, source in self._db.execute(
                "SELECT entity_id, name, lang, source FROM alias ORDER BY entity_id, id").fetchall():
            root = canonical[entity_id]
            if (root, name) in seen:
                continue
            seen.add((root, name))
            yield {"entity_id": root, "name": name, "kind": kinds[root], "lang": lang or "", "source": source or ""}

    def export_csv(self, out: Union[PathLike, IO[str]], *, escape_formulas: bool = True) -> int:
        """Writes `export_rows` as CSV to a path, ``"-"`` (stdout) or an open text file.

        Cells a spreadsheet would run as formulas get a leading ``'`` (`escape_formula`), as
        in every CSV file polyname writes; ``escape_formulas=False`` writes the names exactly,
        for a file that re-imports as it was.
        """
        escape = escape_formula if escape_formulas else (lambda v: v)
        with open_output(out) as f:
            writer = csv.writer(f)
            writer.writerow(EXPORT_COLUMNS)
            count = 0
            for row in self.export_rows():
                writer.writerow([escape(row[c]) for c in EXPORT_COLUMNS])
                count += 1
        return count

    # -- resolution --------------------------------------------------------------------

    def _ensure_index(self) -> None:
        if self._index is None or len(self._pending) > max(1000, len(self._index) // 10):
            rows = self._db.execute("SELECT id, entity_id, name FROM alias ORDER BY id").fetchall()
            self._aliases = {str(i): (e, n) for i, e, n in rows}
            self._index = NameIndex([str(i) for i, _, _ in rows], [n for _, _, n in rows])
            self._pending, self._side = [], None
        elif self._pending and self._side is None:
            self._side = NameIndex([i for i, _ in self._pending], [n for _, n in self._pending])

    def resolve(self, name: str, *, kind: Optional[str] = None, limit: int = 5,
                threshold: float = _CORE_THRESHOLD, explain: bool = False) -> list[Resolution]:
        """The entities ``name`` may refer to, best first: one `Resolution` per canonical
        entity (its best alias), scores at or above ``threshold``."""
        return self.resolve_many([name], kind=kind, limit=limit, threshold=threshold, explain=explain)[0]

    def resolve_many(self, names: Sequence[str], *, kind: Optional[str] = None, limit: int = 5,
                     threshold: float = _CORE_THRESHOLD, explain: bool = False,
                     workers: int = -1) -> list[list[Resolution]]:
        """`resolve` for many names in one batch (the search runs in parallel, GIL released).

        ``names`` may be a list, a pandas Series or a pyarrow Array; empty and missing names
        (None, NaN) resolve to nothing.

        Raises:
            TypeError: ``names`` is a single string, or holds something that is not a string.
            PolynameError: ``limit`` or ``threshold`` out of range, an unknown ``kind``.
        """
        if limit < 1:
            raise PolynameError(f"limit must be at least 1, got {limit}")
        if not 0.0 <= threshold <= 1.0:
            raise PolynameError(f"threshold must be within [0, 1], got {threshold}")
        wanted_kind = kind_of(kind) if kind is not None else None
        queries = [n or "" for n in name_list(names)]
        self._ensure_index()
        assert self._index is not None
        # Several aliases of one entity compete for places: ask for more than `limit`.
        depth = max(limit * 4, 10)
        hits = self._index.search(queries, limit=depth, score_cutoff=threshold, workers=workers)
        if self._side is not None:
            side = self._side.search(queries, limit=depth, score_cutoff=threshold, workers=workers)
            hits = [a + b for a, b in zip(hits, side)]
        canonical = self._canonical_map()
        kinds = self._kind_map()
        excluded = self._excluded_names()
        forms = normalize_many(queries, workers=workers)
        out: list[list[Resolution]] = []
        for query, form, found in zip(queries, forms, hits):
            barred = excluded.get(form, set())
            best: dict[str, Resolution] = {}
            for m in _ranked(found, form):
                entity_id, alias = self._aliases[m.id]
                root = canonical[entity_id]
                if root in best or root in barred or (wanted_kind and kinds[root] != wanted_kind):
                    continue
                best[root] = Resolution(root, alias, m.score, kinds[root])
                if len(best) == limit:
                    break
            results = list(best.values())
            if explain:
                results = [Resolution(r.entity_id, r.name, r.score, r.kind, _explain_pair(query, r.name))
                           for r in results]
            out.append(results)
        return out

    def _excluded_names(self) -> dict[str, set[str]]:
        """Normalized names judged different from entities → those canonical entities."""
        canonical = self._canonical_map()
        out: dict[str, set[str]] = {}
        for left, right in self._db.execute(
                "SELECT left, right FROM judgement WHERE left_type = 'name' AND verdict = 'different'"):
            out.setdefault(normalize(left), set()).add(canonical[right])
        return out


def _reporting(rows: Iterable[T], size: InputSize, progress: Callable[[int, InputSize], None]) -> Iterator[T]:
    """``rows`` as they are, telling ``progress`` every 1,000 rows how far they got."""
    count = 0
    for row in rows:
        yield row
        count += 1
        if count % 1000 == 0:
            progress(count, size)
    progress(count, size)


def _ranked(found: Sequence[Match], query_form: str) -> list[Match]:
    """Best score first; among equal scores the alias spelled like the query, then the oldest
    alias (ids are row numbers: compared as numbers, not strings). Only tied aliases are
    normalized."""
    tied = {score for score, n in Counter(m.score for m in found).items() if n > 1}
    return sorted(found, key=lambda m: (-m.score, m.score in tied and normalize(m.name) != query_form, int(m.id)))


def _statements(script: str) -> Iterator[str]:
    """Splits a schema script into statements (triggers keep their inner semicolons)."""
    buffer = ""
    for line in io.StringIO(script):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                yield buffer.strip()
            buffer = ""


class _Rows(list[Any]):
    """A statement's rows, read at once, with the cursor's ``rowcount`` and ``lastrowid``."""

    def __init__(self, rows: list[Any], rowcount: int, lastrowid: Optional[int]) -> None:
        super().__init__(rows)
        self.rowcount = rowcount
        self.lastrowid = lastrowid

    def fetchone(self) -> Any:
        return self[0] if self else None

    def fetchall(self) -> "_Rows":
        return self


class _Connection:
    """The registry's SQLite connection. Rows are read when the statement runs, so that every
    SQLite failure, whenever it happens, becomes a `RegistryError` here (`_map_error`)."""

    def __init__(self, connection: sqlite3.Connection, registry: Registry) -> None:
        self._connection = connection
        self._registry = registry
        self.closed = False

    @property
    def in_transaction(self) -> bool:
        return not self.closed and self._connection.in_transaction

    def execute(self, sql: str, params: Sequence[Any] = ()) -> _Rows:
        try:
            cursor = self._connection.execute(sql, params)
            return _Rows(cursor.fetchall(), cursor.rowcount, cursor.lastrowid)
        except sqlite3.Error as e:
            raise _map_error(e, self._registry) from e

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            with contextlib.suppress(sqlite3.Error):
                self._connection.close()


# SQLite's primary result codes, and the words of their messages (for Python 3.10, whose
# sqlite3 exceptions do not carry the code).
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 5, 6, 8, 10, 11, 13, 14, 26
_CODE_WORDS = (("locked", _BUSY), ("readonly", _READONLY), ("disk i/o", _IOERR), ("malformed", _CORRUPT),
               ("is full", _FULL), ("unable to open", _CANTOPEN), ("not a database", _NOTADB))


def _sqlite_code(e: sqlite3.Error) -> Optional[int]:
    code: Optional[int] = getattr(e, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF
    message = str(e).lower()
    return next((c for words, c in _CODE_WORDS if words in message), None)


def _map_error(e: sqlite3.Error, registry: Registry) -> RegistryError:
    """One line that names the file and the cause, in the `RegistryError` class of the cause."""
    path, code, detail = registry.path, _sqlite_code(e), str(e)
    err: RegistryError
    if code in (_BUSY, _LOCKED):
        err = RegistryLockedError(f"{path} is locked: another process kept it busy for more than "
                                  f"{registry.timeout:g} s (a long import?); try again when it is done")
    elif code == _READONLY:
        err = RegistryReadOnlyError(f"cannot write to {path}: {_read_only_reason(path)} ({detail})")
    elif code == _FULL:
        err = RegistryFullError(f"cannot write to {path}: the disk is full, the change was rolled back ({detail})")
    elif code == _CORRUPT:
        err = RegistryCorruptError(f"{path} is damaged ({detail}): restore it from a backup")
    elif code == _NOTADB:
        err = RegistryError(f"{path} is not a polyname registry (file is not a database)")
    elif code == _IOERR:
        err = RegistryError(f"cannot read or write {path}: disk I/O error ({detail})")
    elif code == _CANTOPEN:
        err = RegistryError(f"cannot open {path}: {_cannot_open_reason(path)} ({detail})")
    else:
        err = RegistryError(f"{path}: {detail}")
    err.sqlite_code = code  # type: ignore[attr-defined]
    return err


def _cannot_open(e: RegistryError) -> bool:
    return getattr(e, "sqlite_code", None) == _CANTOPEN


def _file_id(path: str) -> Optional[tuple[int, int]]:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _read_only_fs(path: str) -> bool:
    try:
        return bool(os.statvfs(os.path.dirname(os.path.abspath(path))).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        return False


def _read_only_reason(path: str) -> str:
    directory = os.path.dirname(os.path.abspath(path))
    if _read_only_fs(path):
        return "the file system is mounted read-only"
    if os.path.exists(path) and not os.access(path, os.W_OK):
        return "the file is read-only"
    if not os.access(directory, os.W_OK):
        return "its directory is not writable (SQLite keeps its journal next to the file)"
    return "it was opened read-only"


def _cannot_open_reason(path: str) -> str:
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        return "its directory does not exist"
    if _read_only_fs(path) or not os.access(directory, os.W_OK):
        return "SQLite cannot create the files it keeps next to it (-wal, -shm) in a read-only directory"
    return "SQLite cannot open it"


__all__ = [
    "APPLICATION_ID", "DEFAULT_TIMEOUT", "IMPORT_COLUMNS", "KINDS", "SCHEMA_VERSION", "VERDICTS", "Alias",
    "DataError", "Entity", "ImportReport", "Judgement", "NoRegistryError", "Registry", "RegistryCorruptError",
    "RegistryError", "RegistryFullError", "RegistryLockedError", "RegistryReadOnlyError", "Resolution",
    "detect_script", "kind_of",
]
