"""Opening, checking and migrating the database; one connection per thread; write transactions."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from storage.checkpoint import Checkpointer
from storage.errors import StorageError, describe_sqlite_error
from storage.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

MIN_SQLITE = (3, 37, 0)
BUSY_TIMEOUT_MS = 10_000
# A lease heartbeat older than this means its holder is gone.
LEASE_STALE_SECONDS = 30
_WRITE_RETRIES = 5


def _check_sqlite_version() -> None:
    if sqlite3.sqlite_version_info < MIN_SQLITE:
        wanted = ".".join(map(str, MIN_SQLITE))
        raise StorageError(
            f"SQLite {sqlite3.sqlite_version} is too old: frontwatch needs {wanted} or newer"
        )


class Database:
    """A frontwatch database file, opened per thread on demand.

    sqlite3 connections must not cross threads, so each thread that touches the
    database gets its own; all share the file through WAL.

    Args:
        background_checkpoints: copy the WAL into the file on a thread of its own (see
            storage.checkpoint) instead of in the commit that fills it: for the process
            that stores items all day.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        readonly: bool = False,
        background_checkpoints: bool = False,
    ) -> None:
        self.path = str(path)
        self.readonly = readonly
        self._local = threading.local()
        self._all: weakref.WeakSet[_Conn] = weakref.WeakSet()
        self._lock = threading.Lock()
        self.checkpointer = (
            Checkpointer(self._connect) if background_checkpoints and not readonly else None
        )

    # -- connections -------------------------------------------------------------------
    def conn(self) -> sqlite3.Connection:
        """This thread's connection, opened and configured on first use."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
            with self._lock:
                self._all.add(conn)
        return conn

    def _connect(self) -> _Conn:
        uri = f"file:{Path(self.path).as_posix()}" + ("?mode=ro" if self.readonly else "")
        try:
            conn = sqlite3.connect(
                uri,
                uri=True,
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
                factory=_Conn,
            )
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            # 8 MiB of page cache. Every thread has its own connection, and in WAL mode a
            # commit by another connection empties this one's cache, so a bigger cache
            # mostly grows the process (measured: 64 MiB per connection let a poller creep
            # by tens of MB as the file grew) without storing or searching any faster at a
            # million items than 8 MiB does.
            conn.execute("PRAGMA cache_size = -8192")
            if not self.readonly:
                conn.execute("PRAGMA synchronous = NORMAL")
                # Checkpoint every ~16 MB of WAL rather than 4 MB: fewer fsyncs while
                # polling, and the WAL still stays far below 64 MB. Or never in a commit,
                # where a thread of its own does it.
                pages = 0 if self.checkpointer is not None else 4000
                conn.execute(f"PRAGMA wal_autocheckpoint = {pages}")
                # A reader that held the WAL back lets it grow; once a checkpoint catches
                # up, the file is cut back to 64 MiB instead of keeping its peak size.
                conn.execute("PRAGMA journal_size_limit = 67108864")
        except sqlite3.Error as exc:
            raise describe_sqlite_error(exc, self.path) from exc
        return conn

    def close(self) -> None:
        """Close every connection this object opened (from any thread)."""
        if self.checkpointer is not None:
            self.checkpointer.close()
        with self._lock:
            conns = list(self._all)
            self._all = weakref.WeakSet()
        for conn in conns:
            # A connection of another thread cannot be closed from here: sqlite3 refuses,
            # and that thread's exit releases it.
            with contextlib.suppress(sqlite3.ProgrammingError):
                conn.close()
        self._local = threading.local()

    def interrupt(self) -> None:
        """Abort any statement running on this database's connections (any thread)."""
        with self._lock:
            conns = list(self._all)
        for conn in conns:
            with contextlib.suppress(sqlite3.ProgrammingError):
                conn.interrupt()

    def data_version(self) -> int:
        """Changes whenever another connection commits: a cheap "is there news" probe."""
        return self.conn().execute("PRAGMA data_version").fetchone()[0]

    # -- transactions ------------------------------------------------------------------
    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A short IMMEDIATE write transaction; retried a few times if the file stays busy."""
        conn = self.conn()
        for attempt in range(_WRITE_RETRIES):
            try:
                conn.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise describe_sqlite_error(exc, self.path) from exc
                if attempt == _WRITE_RETRIES - 1:
                    raise describe_sqlite_error(exc, self.path) from exc
                time.sleep(0.05 * (attempt + 1))
        try:
            yield conn
        except sqlite3.IntegrityError:
            self._rollback(conn)
            raise  # a programming error, not the file's
        except sqlite3.OperationalError as exc:
            self._rollback(conn)
            if "interrupted" in str(exc):
                raise
            raise describe_sqlite_error(exc, self.path) from exc
        except sqlite3.DatabaseError as exc:
            self._rollback(conn)
            raise describe_sqlite_error(exc, self.path) from exc
        except BaseException:
            self._rollback(conn)
            raise
        try:
            conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            self._rollback(conn)
            raise describe_sqlite_error(exc, self.path) from exc
        if self.checkpointer is not None:
            self.checkpointer.committed()

    @staticmethod
    def _rollback(conn: sqlite3.Connection) -> None:
        if conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """A connection for reads; SQLite errors of the file become StorageError."""
        try:
            yield self.conn()
        except sqlite3.OperationalError as exc:
            if "interrupted" in str(exc):
                raise
            raise describe_sqlite_error(exc, self.path) from exc
        except sqlite3.DatabaseError as exc:
            raise describe_sqlite_error(exc, self.path) from exc

    def schema_version(self) -> int:
        """The schema version recorded in the file."""
        return self.conn().execute("PRAGMA user_version").fetchone()[0]


class _Conn(sqlite3.Connection):
    """A connection that can be held in a WeakSet."""


def open_database(
    path: str | os.PathLike[str],
    *,
    readonly: bool = False,
    migrate: bool = True,
    background_checkpoints: bool = False,
) -> Database:
    """Open (creating if needed) and check a frontwatch database, migrating it to this version.

    `background_checkpoints` is Database's.

    Raises:
        StorageError: the file is not a frontwatch database, is from a newer version,
            is locked, read-only where writing is needed, or damaged.
    """
    _check_sqlite_version()
    path = Path(path)
    if readonly and not path.exists():
        raise StorageError(f"database {path} does not exist")
    if not readonly:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(
                f"database {path}: cannot create its folder ({exc.strerror})"
            ) from exc
    db = Database(path, readonly=readonly, background_checkpoints=background_checkpoints)
    try:
        _check_and_migrate(db, migrate=migrate and not readonly)
    except sqlite3.Error as exc:
        db.close()
        raise describe_sqlite_error(exc, str(path)) from exc
    except StorageError:
        db.close()
        raise
    return db


def _check_and_migrate(db: Database, *, migrate: bool) -> None:
    conn = db.conn()
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if app_id != APPLICATION_ID:
        has_tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app_id != 0 or has_tables:
            raise StorageError(f"database {db.path} is not a frontwatch database")
    if version > SCHEMA_VERSION:
        raise StorageError(
            f"database {db.path} was written by a newer frontwatch (schema {version}; "
            f"this version reads up to {SCHEMA_VERSION}): upgrade frontwatch"
        )
    if version == SCHEMA_VERSION:
        return
    if not migrate:
        raise StorageError(
            f"database {db.path} has schema {version} and needs migrating to {SCHEMA_VERSION}; "
            "open it once without --readonly"
        )
    if version > 0:
        _refuse_if_older_poller_holds_lease(db, version)
        _backup_before_migration(db, version)
    else:
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Re-read inside the lock: another process may have migrated meanwhile.
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        for number in range(version, SCHEMA_VERSION):
            MIGRATIONS[number](conn)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _refuse_if_older_poller_holds_lease(db: Database, version: int) -> None:
    conn = db.conn()
    if version < 2:
        return  # the lease table arrived with schema 2
    cutoff = int(time.time()) - LEASE_STALE_SECONDS
    row = conn.execute(
        "SELECT holder, pid FROM lease WHERE heartbeat_at >= ? AND schema_version < ?",
        (cutoff, SCHEMA_VERSION),
    ).fetchone()
    if row:
        raise StorageError(
            f"database {db.path} is in use by an older frontwatch ({row[0]}, pid {row[1]}): "
            "stop it before upgrading"
        )


def _backup_before_migration(db: Database, version: int) -> None:
    target = f"{db.path}.schema{version}.bak"
    dest = sqlite3.connect(target)
    try:
        db.conn().backup(dest)
    finally:
        dest.close()
