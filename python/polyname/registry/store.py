"""The registry's SQLite file: who may create it, its schema and migrations, WAL mode and
the busy timeout, write transactions (each checks the file first), the append-only history,
and removing a new file nothing was recorded in."""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Optional, Union

from polyname.errors import (
    NoRegistryError,
    RegistryCorruptError,
    RegistryError,
    RegistryFullError,
    RegistryReadOnlyError,
)
from polyname.registry.connection import Connection, Rows, cannot_open, file_id, map_error, read_only_fs
from polyname.registry.model import now

#: Version of the database layout this code writes; older files are migrated on open.
SCHEMA_VERSION = 3
#: SQLite ``application_id`` of a polyname registry ("pnRG"): tells it from other databases.
APPLICATION_ID = 0x706E5247
#: Seconds a write waits for another connection's write to finish before giving up.
DEFAULT_TIMEOUT = 60.0

PathLike = Union[str, "os.PathLike[str]"]

# The layout as version 1 wrote it, kinds and verdicts spelled out: a later change of the
# vocabulary is a migration, never an edit of this text.
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
# Version 2: an alias is strong or weak (a broad or generic one, as the lists mark them: OFAC's
# "weak a.k.a.", the UN's "low quality a.k.a."); a screening search counts a weak alias only
# where the query agrees with it word for word.
_SCHEMA_V2 = """
ALTER TABLE alias ADD COLUMN quality TEXT NOT NULL DEFAULT 'strong' CHECK (quality IN ('strong', 'weak'));
"""

# Version 3: the state of the aliases, so that a saved search index (`Store.index_path`) is
# known to be of the aliases as they are without reading them: a count of the changes to them,
# kept by triggers whoever writes, and an epoch drawn anew by every transaction of ours that
# changed them (a file restored from a backup and written again never comes back to a state
# an index was saved for; a rolled-back change takes its count back with it).
_SCHEMA_V3 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value NOT NULL) WITHOUT ROWID;
INSERT INTO meta (key, value) VALUES ('alias_epoch', lower(hex(randomblob(16)))), ('alias_changes', 0);
CREATE TRIGGER alias_changes_insert AFTER INSERT ON alias
BEGIN UPDATE meta SET value = value + 1 WHERE key = 'alias_changes'; END;
CREATE TRIGGER alias_changes_update AFTER UPDATE ON alias
BEGIN UPDATE meta SET value = value + 1 WHERE key = 'alias_changes'; END;
CREATE TRIGGER alias_changes_delete AFTER DELETE ON alias
BEGIN UPDATE meta SET value = value + 1 WHERE key = 'alias_changes'; END;
"""

_MIGRATIONS: dict[int, str] = {1: _SCHEMA_V1, 2: _SCHEMA_V2, 3: _SCHEMA_V3}
#: The qualities of an alias (`Alias.quality`).
QUALITIES = ("strong", "weak")


class Store:
    """One registry file (or ``":memory:"``), open: see `Registry` for the arguments.

    Attributes:
        db: the connection; a new one when the file was replaced while we waited to write.
        created: True when this object created the registry in a new or empty file.
    """

    db: Connection

    def __init__(self, path: PathLike, *, create: bool, timeout: float) -> None:
        self.path = str(path)
        self.timeout = timeout
        self.created = False
        self.memory = self.path == ":memory:"
        self._create = create
        self._wal = False  # the file is known to be in WAL mode
        self.version = 0  # the file's schema version, once open
        self._checked = False  # quick_check passed (done before the first write)
        self._file_id: Optional[tuple[int, int]] = None
        self._after_rollback: list[Callable[[], None]] = []
        self._open()

    def on_rollback(self, forget: Callable[[], None]) -> None:
        """Calls ``forget`` after every rollback: what is cached may hold what never landed."""
        self._after_rollback.append(forget)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Rows:
        return self.db.execute(sql, params)

    # -- opening -----------------------------------------------------------------------

    def _open(self) -> None:
        """Connects and checks (or creates) the schema."""
        if self.memory:
            if not self._create:
                raise NoRegistryError("no registry at :memory: (an in-memory registry starts empty)")
            self.db = Connection(sqlite3.connect(":memory:", isolation_level=None), self.path, self.timeout)
        else:
            self._connect("rwc" if self._create else "rw")
        try:
            self._open_schema()
        except NoRegistryError:
            self.db.close()
            raise
        except RegistryError as e:
            self.db.close()
            if not (cannot_open(e) and read_only_fs(self.path)):
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
            raise map_error(e, self.path, self.timeout) from e
        self.db = Connection(connection, self.path, self.timeout)
        self._file_id = file_id(self.path)
        self._wal = immutable  # an immutable file is never written: no need to switch it

    def _schema_state(self) -> tuple[int, int, bool]:
        # One statement, so one snapshot: another process may be creating the schema.
        app_id, version, tables = self.db.execute(
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

    @property
    def alias_quality(self) -> str:
        """The SQL expression of an alias row's quality: its column, or 'strong' in a file of
        schema 1 opened where it cannot be migrated (a read-only one)."""
        return "quality" if self.version >= 2 else "'strong'"

    @property
    def index_path(self) -> Optional[Path]:
        """Where the search index of the aliases is saved: beside the file, as ``NAME.index``
        (none for an in-memory registry)."""
        return None if self.memory else Path(self.path + ".index")

    def aliases_state(self) -> Optional[str]:
        """The state of the aliases now, as the label of a saved index of them; None in a file
        too old to keep it (schema 2 or less, opened where it cannot be migrated)."""
        if self.version < 3:
            return None
        values = dict(self.execute("SELECT key, value FROM meta WHERE key IN ('alias_epoch', 'alias_changes')"))
        if len(values) != 2:
            return None  # (a meta table edited by hand: no state to trust)
        return f"polyname registry aliases {values['alias_epoch']}.{values['alias_changes']}"

    def _alias_changes(self) -> Optional[int]:
        if self.version < 3:
            return None
        row = self.execute("SELECT value FROM meta WHERE key = 'alias_changes'").fetchone()
        return int(row[0]) if row else None

    def _open_schema(self) -> None:
        self.db.execute("PRAGMA foreign_keys = ON")
        _, version, new = self._schema_state()
        self.version = version
        if new and not self._create:
            raise NoRegistryError(f"no registry at {self.path} (the file holds no registry)")
        if version == SCHEMA_VERSION:
            return
        try:
            self._migrate()
        except RegistryReadOnlyError:
            if new:
                raise
            # An older registry nobody can write here is read as it is.

    def _migrate(self) -> None:
        with self.transaction():
            # Another process may have created or migrated the file while we waited for the lock.
            _, version, new = self._schema_state()
            self.version = version
            if version == SCHEMA_VERSION:
                return
            db = self.db
            for target in range(version + 1, SCHEMA_VERSION + 1):
                for statement in _statements(_MIGRATIONS[target]):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {target}")
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            self.log("migrate", {"from": version, "to": SCHEMA_VERSION}, None)
            self.created = new
        self.version = SCHEMA_VERSION

    # -- writing -----------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction: ``BEGIN IMMEDIATE`` … ``COMMIT``, or ``ROLLBACK`` on any
        exception; nested, it joins the outer one."""
        if self.db.in_transaction:
            yield
            return
        self._begin()
        try:
            changes = self._alias_changes()
            yield
            if changes is not None and self._alias_changes() != changes:
                self.db.execute("UPDATE meta SET value = lower(hex(randomblob(16))) WHERE key = 'alias_epoch'")
            self.db.execute("COMMIT")
        except BaseException:
            self.rollback()
            raise

    def _begin(self) -> None:
        for _ in range(10):
            if not self._wal:
                self._use_wal()
            self.db.execute("BEGIN IMMEDIATE")  # waits up to `timeout` for another writer
            if self.memory or file_id(self.path) == self._file_id:
                break
            # The file was removed or replaced while we waited (a failed first import of
            # another process removes the file it created): what we wrote would be lost.
            self.rollback()
            self.db.close()
            if not self._create:
                raise NoRegistryError(f"no registry at {self.path} any more: the file was removed or replaced "
                                      "while it was open")
            self._open()
        else:
            raise RegistryError(f"{self.path} keeps being replaced by another process: cannot write to it")
        if not self._checked:
            try:
                found = [r[0] for r in self.db.execute("PRAGMA quick_check").fetchall()]
                if found != ["ok"]:
                    lines = [" ".join(line.split()) for f in found for line in f.splitlines()]
                    problems = [line for line in lines if line and not line.startswith("***")]
                    raise RegistryCorruptError(
                        f"{self.path} is damaged, so nothing was written to it (integrity check: "
                        f"{'; '.join(problems[:2])}{'; …' if len(problems) > 2 else ''}): restore it from a backup")
            except BaseException:
                self.rollback()
                raise
            self._checked = True

    def _use_wal(self) -> None:
        """Switches the file to WAL mode (readers then never wait for writers); kept in the file."""
        if self.memory:
            self._wal = True
            return
        try:
            mode = self.db.execute("PRAGMA journal_mode").fetchone()[0]
            if mode != "wal":
                mode = self.db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        except RegistryError:
            return  # busy or read-only: the write that follows says so, or the next one retries
        self._wal = mode == "wal"

    def rollback(self) -> None:
        # SQLite may have rolled back already (it does on a full disk): a second ROLLBACK
        # would only replace the real error with "no transaction is active".
        if self.db.in_transaction:
            with contextlib.suppress(RegistryError):
                self.db.execute("ROLLBACK")
        for forget in self._after_rollback:
            forget()

    def log(self, action: str, detail: Mapping[str, Any], author: Optional[str]) -> None:
        """Appends one change to the history."""
        self.db.execute(
            "INSERT INTO history (at, author, action, detail) VALUES (?, ?, ?, ?)",
            (now(), author, action, json.dumps(detail, ensure_ascii=False, sort_keys=True)),
        )

    # -- closing -----------------------------------------------------------------------

    def close(self, *, remove_unused: bool = False) -> bool:
        """Closes the file; see `Registry.close`."""
        removed = False
        if remove_unused and self.created and not self.memory and not self.db.closed:
            with contextlib.suppress(RegistryError):
                removed = self._remove_unused()
        self.db.close()
        return removed

    def _remove_unused(self) -> bool:
        db = self.db
        if db.in_transaction:
            self.rollback()
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
            if used or file_id(self.path) != self._file_id:
                return False
            # Deleted while we hold the write lock: a process waiting to write finds the file
            # gone when it gets the lock, and creates its own (see `_begin`).
            for suffix in ("", ".index", "-wal", "-shm") if self._wal else ("", ".index"):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(self.path + suffix)
            return True
        finally:
            self.rollback()


def _statements(script: str) -> Iterator[str]:
    """Splits a schema script into statements (triggers keep their inner semicolons)."""
    buffer = ""
    for line in io.StringIO(script):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                yield buffer.strip()
            buffer = ""
