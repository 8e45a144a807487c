"""The registry's SQLite connection, which turns every ``sqlite3`` failure into one line that
names the file and the cause, in the `RegistryError` class of the cause."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Sequence
from typing import Any, Optional

from polyname.errors import (
    RegistryCorruptError,
    RegistryError,
    RegistryFullError,
    RegistryLockedError,
    RegistryReadOnlyError,
)


class Rows(list[Any]):
    """A statement's rows, read at once, with the cursor's ``rowcount`` and ``lastrowid``."""

    def __init__(self, rows: list[Any], rowcount: int, lastrowid: Optional[int]) -> None:
        super().__init__(rows)
        self.rowcount = rowcount
        self.lastrowid = lastrowid

    def fetchone(self) -> Any:
        return self[0] if self else None

    def fetchall(self) -> "Rows":
        return self


class Connection:
    """The registry's SQLite connection. Rows are read when the statement runs, so that every
    SQLite failure, whenever it happens, becomes a `RegistryError` here (`map_error`).

    Args:
        connection: the open ``sqlite3`` connection.
        path: the registry's file, named by every error.
        timeout: the seconds a write waits for another's, named when it waited in vain.
    """

    def __init__(self, connection: sqlite3.Connection, path: str, timeout: float) -> None:
        self._connection = connection
        self._path = path
        self._timeout = timeout
        self.closed = False

    @property
    def in_transaction(self) -> bool:
        return not self.closed and self._connection.in_transaction

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Rows:
        try:
            cursor = self._connection.execute(sql, params)
            return Rows(cursor.fetchall(), cursor.rowcount, cursor.lastrowid)
        except sqlite3.Error as e:
            raise map_error(e, self._path, self._timeout) from e

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


def map_error(e: sqlite3.Error, path: str, timeout: float) -> RegistryError:
    """One line that names the file and the cause, in the `RegistryError` class of the cause."""
    code, detail = _sqlite_code(e), str(e)
    err: RegistryError
    if code in (_BUSY, _LOCKED):
        err = RegistryLockedError(f"{path} is locked: another process kept it busy for more than "
                                  f"{timeout:g} s (a long import?); try again when it is done")
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


def cannot_open(e: RegistryError) -> bool:
    """Whether SQLite could not open the file at all."""
    return getattr(e, "sqlite_code", None) == _CANTOPEN


def file_id(path: str) -> Optional[tuple[int, int]]:
    """The file's device and inode (None when there is no file): tells a replaced file."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def read_only_fs(path: str) -> bool:
    """Whether the file system that holds ``path`` is mounted read-only."""
    try:
        return bool(os.statvfs(os.path.dirname(os.path.abspath(path))).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        return False


def _read_only_reason(path: str) -> str:
    directory = os.path.dirname(os.path.abspath(path))
    if read_only_fs(path):
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
    if read_only_fs(path) or not os.access(directory, os.W_OK):
        return "SQLite cannot create the files it keeps next to it (-wal, -shm) in a read-only directory"
    return "SQLite cannot open it"
