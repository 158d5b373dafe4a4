"""A consistent copy of a live database through SQLite's online backup API, then checked."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from storage.db import Database
from storage.errors import StorageError, describe_sqlite_error


@dataclass(frozen=True, slots=True)
class BackupResult:
    """A finished, checked copy."""

    path: Path
    items: int
    bytes: int


def backup_database(db: Database, target: Path) -> BackupResult:
    """Copy `db` to `target` (replacing it) while writers carry on; check the copy.

    The copy is made in one step under a read transaction, so in WAL mode it is a
    snapshot of one commit and writers are never blocked. It is written beside
    `target` and renamed over it only once `PRAGMA integrity_check` passes, so a
    failed backup never leaves a half-written file where a good one was.

    Raises:
        StorageError: the copy cannot be written or fails its integrity check.
    """
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    _remove(partial)
    try:
        dest = sqlite3.connect(partial)
        try:
            # pages=-1: all at once. A stepwise copy restarts whenever another
            # connection writes, and beside a busy poller it might never finish.
            db.conn().backup(dest, pages=-1)
            problems = [r[0] for r in dest.execute("PRAGMA integrity_check")]
            items = dest.execute("SELECT count(*) FROM items").fetchone()[0]
        finally:
            dest.close()
        if problems != ["ok"]:
            raise StorageError(f"backup {target} failed its integrity check: {problems[0]}")
        os.replace(partial, target)
    except sqlite3.Error as exc:
        raise describe_sqlite_error(exc, str(target)) from exc
    except OSError as exc:
        raise StorageError(f"backup {target}: cannot write it ({exc.strerror or exc})") from exc
    finally:
        _remove(partial)
    return BackupResult(path=target, items=items, bytes=target.stat().st_size)


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{path}{suffix}").unlink()
