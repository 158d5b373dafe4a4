"""Background checkpoints: commits leave the WAL to a thread, which copies it into the file."""

from __future__ import annotations

import logging
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from frontwatch.config import load_settings
from frontwatch.context import AppContext
from storage import Database, open_database
from storage.checkpoint import Checkpointer

ROW = "x" * 2000  # a row of its own page, so a batch of them fills many WAL frames


@pytest.fixture
def writer(tmp_path: Path) -> Iterator[Database]:
    db = open_database(tmp_path / "fw.db", background_checkpoints=True)
    with db.write() as conn:
        conn.execute("CREATE TABLE bulk (id INTEGER PRIMARY KEY, body TEXT)")
    yield db
    db.close()


def _add_rows(db: Database, count: int) -> None:
    with db.write() as conn:
        conn.executemany("INSERT INTO bulk (body) VALUES (?)", [(ROW,)] * count)


def _rows_in_file_alone(db: Database, tmp_path: Path) -> int:
    """The rows a copy of the database file holds without its WAL: what was checkpointed."""
    copy = tmp_path / "alone.db"
    shutil.copyfile(db.path, copy)
    conn = sqlite3.connect(copy)
    try:
        return conn.execute("SELECT count(*) FROM bulk").fetchone()[0]
    finally:
        conn.close()


def test_commits_do_not_checkpoint_themselves(writer: Database) -> None:
    assert writer.conn().execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0


def test_other_databases_keep_automatic_checkpoints(tmp_path: Path) -> None:
    db = open_database(tmp_path / "plain.db")
    try:
        assert db.checkpointer is None
        assert db.conn().execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 4000
    finally:
        db.close()


def test_the_file_holds_every_commit_once_the_thread_caught_up(
    writer: Database, tmp_path: Path
) -> None:
    assert writer.checkpointer is not None
    for _ in range(5):
        _add_rows(writer, 50)
    assert writer.checkpointer.wait(timeout=30)
    assert writer.checkpointer.checkpoints >= 1
    assert _rows_in_file_alone(writer, tmp_path) == 250


def test_the_wal_starts_over_instead_of_growing(writer: Database) -> None:
    assert writer.checkpointer is not None
    wal = Path(writer.path + "-wal")
    _add_rows(writer, 100)
    assert writer.checkpointer.wait(timeout=30)
    one_batch = wal.stat().st_size
    for _ in range(20):
        _add_rows(writer, 100)
        assert writer.checkpointer.wait(timeout=30)
    # Twenty batches kept in the WAL would make it twenty times as long.
    assert wal.stat().st_size < 3 * one_batch


def test_closing_copies_the_rest_and_a_later_commit_starts_again(
    writer: Database, tmp_path: Path
) -> None:
    _add_rows(writer, 10)
    writer.close()
    assert _rows_in_file_alone(writer, tmp_path) == 10
    _add_rows(writer, 10)
    assert writer.checkpointer is not None
    assert writer.checkpointer.wait(timeout=30)
    assert _rows_in_file_alone(writer, tmp_path) == 20


def test_a_long_wal_gets_a_checkpoint_that_waits_for_writers(
    tmp_path: Path,
) -> None:
    db = open_database(tmp_path / "fw.db")
    path = db.path
    db.close()
    seen: list[str] = []

    class Recording(sqlite3.Connection):
        def execute(self, sql: str, *args: object) -> sqlite3.Cursor:  # type: ignore[override]
            seen.append(sql)
            return super().execute(sql, *args)

    checkpointer = Checkpointer(
        lambda: sqlite3.connect(path, factory=Recording, isolation_level=None), max_frames=10
    )
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA wal_autocheckpoint = 0")
        conn.execute("CREATE TABLE bulk (id INTEGER PRIMARY KEY, body TEXT)")
        conn.executemany("INSERT INTO bulk (body) VALUES (?)", [(ROW,)] * 50)
        checkpointer.committed()
        assert checkpointer.wait(timeout=30)
    finally:
        checkpointer.close()
        conn.close()
    assert seen == ["PRAGMA wal_checkpoint(PASSIVE)", "PRAGMA wal_checkpoint(RESTART)"]


def test_a_thread_that_cannot_connect_logs_one_line(caplog: pytest.LogCaptureFixture) -> None:
    def refuse() -> sqlite3.Connection:
        raise sqlite3.OperationalError("unable to open database file")

    checkpointer = Checkpointer(refuse)
    with caplog.at_level(logging.WARNING, logger="storage.checkpoint"):
        checkpointer.committed()
        assert checkpointer.wait(timeout=30)
        checkpointer.close()
    assert [r.getMessage() for r in caplog.records] == [
        "background checkpoints: cannot open the database: unable to open database file"
    ]


def test_only_the_poller_opens_the_database_with_a_checkpoint_thread(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "absent.toml", env={})
    for poller in (True, False):
        app = AppContext(settings, tmp_path / f"{poller}.db")
        try:
            db = app.open_db(places=False, seed_sources=False, poller=poller)
            assert (db.checkpointer is not None) is poller
        finally:
            app.close()
