"""Every exception polyname raises on purpose, in one place.

All of them are `PolynameError`, itself a `ValueError`: one ``except PolynameError`` catches
what polyname reports about its input, and code that already catches ``ValueError`` keeps
working. Wrong types (a bare string where a list of names belongs) are ``TypeError``; a file
that cannot be read is reported as a `DataError` naming it.

    PolynameError(ValueError)
    ├── InvalidArgumentError     an argument out of its range (the native core)
    ├── LengthMismatchError      two lists that must be as long as each other are not
    ├── IndexFileError           no saved index this polyname can read (another build's,
    │                            truncated, damaged): build it again from the names
    ├── DataError                bad input data: says file, row and column
    └── RegistryError            a registry operation that cannot be done
        ├── NoRegistryError      no registry at the path (a command that only reads)
        ├── RegistryLockedError  another writer held the lock past the timeout
        ├── RegistryReadOnlyError
        ├── RegistryFullError    the disk is full; the change was rolled back
        └── RegistryCorruptError
"""

from __future__ import annotations

from typing import Optional

# The native core raises these four; they are defined there so that Rust can raise them.
from polyname._core import IndexFileError, InvalidArgumentError, LengthMismatchError, PolynameError


class DataError(PolynameError):
    """Bad input data; says where (file, row, column) and what is wrong."""

    def __init__(self, message: str, *, file: Optional[str] = None, row: Optional[int] = None,
                 column: Optional[str] = None) -> None:
        where = ", ".join(part for part in (
            file and f"{file}",
            row is not None and f"row {row}" or None,
            column and f"column {column!r}",
        ) if part)
        super().__init__(f"{where}: {message}" if where else message)
        self.file, self.row, self.column = file, row, column


class RegistryError(PolynameError):
    """A registry operation that cannot be done (unknown ID, refused merge, bad file)."""


class NoRegistryError(RegistryError):
    """No registry at the path (missing or empty file), opened with ``create=False``."""


class RegistryLockedError(RegistryError):
    """Another connection held the registry's lock for longer than the timeout."""


class RegistryReadOnlyError(RegistryError):
    """The registry cannot be written: a read-only file, directory or file system."""


class RegistryFullError(RegistryError):
    """The disk holding the registry is full; the change was rolled back."""


class RegistryCorruptError(RegistryError):
    """The registry file is damaged: SQLite or its integrity check says so."""


__all__ = [
    "DataError", "IndexFileError", "InvalidArgumentError", "LengthMismatchError", "NoRegistryError", "PolynameError",
    "RegistryCorruptError", "RegistryError", "RegistryFullError", "RegistryLockedError", "RegistryReadOnlyError",
]
