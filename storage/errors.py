"""The errors storage lets through to callers: one for the database, one for queries."""

from __future__ import annotations

import sqlite3


class StorageError(Exception):
    """The database cannot be used: locked, corrupt, not ours, too new, read-only or full."""


class QueryError(ValueError):
    """A search query that cannot be run, with a one-line reason for the user."""


def describe_sqlite_error(exc: sqlite3.Error, path: str) -> StorageError:
    """Turn an SQLite error into a one-line StorageError naming the file."""
    text = str(exc).lower()
    code = getattr(exc, "sqlite_errorname", "")
    if "locked" in text or "busy" in text:
        reason = "is locked by another process (try again in a moment)"
    elif code == "SQLITE_READONLY_DIRECTORY":
        reason = "is in a read-only folder (SQLite needs to create files beside it)"
    elif "readonly" in text or "read-only" in text:
        reason = "is read-only"
    elif "full" in text:
        reason = "cannot grow: the disk is full"
    elif "disk i/o error" in text:
        # A write past a file size limit (EFBIG) or a failing disk: SQLite says no more.
        reason = "cannot be written: disk I/O error (is the disk full or failing?)"
    elif "not a database" in text or "malformed" in text or "corrupt" in text:
        reason = "is not a frontwatch database (or it is damaged)"
    elif "unable to open" in text:
        reason = "cannot be opened (check the folder exists and is writable)"
    else:
        reason = f"failed: {exc}"
    return StorageError(f"database {path} {reason}")
