"""Startup: the SQLite version check, and migrations that back up first and wait for old pollers."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

import storage.db
from frontwatch.cli import main
from storage import StorageError, open_database
from storage.lease import acquire, release
from storage.schema import MIGRATIONS, SCHEMA_VERSION


def _user_version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def _tables(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        conn.close()


def test_an_old_sqlite_is_refused_with_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 36, 0))
    monkeypatch.setattr(sqlite3, "sqlite_version", "3.36.0")
    with pytest.raises(StorageError, match=r"SQLite 3\.36\.0 is too old: frontwatch needs 3\.37"):
        open_database(tmp_path / "fw.db")
    assert not (tmp_path / "fw.db").exists()
    monkeypatch.setenv("FRONTWATCH_SOURCES_SEED_STARTER", "0")
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "fw.db"), "stats"])
    assert result.exit_code == 1
    assert result.stderr == (
        "frontwatch: error: SQLite 3.36.0 is too old: frontwatch needs 3.37.0 or newer\n"
    )


def test_a_migration_waits_for_an_older_poller_then_backs_up_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "fw.db"
    old = open_database(path)  # written by "this" version: the one before the next
    assert acquire(old, "poll@host:4242") is None  # a live poller of this version
    backup = tmp_path / f"fw.db.schema{SCHEMA_VERSION}.bak"

    with monkeypatch.context() as patch:
        patch.setattr(storage.db, "MIGRATIONS", [*MIGRATIONS, _add_marker])
        patch.setattr(storage.db, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
        with pytest.raises(StorageError, match="in use by an older frontwatch") as refused:
            open_database(path)
        assert "\n" not in str(refused.value) and "stop it before upgrading" in str(refused.value)
        assert _user_version(path) == SCHEMA_VERSION and not backup.exists()  # untouched

        release(old, "poll@host:4242")  # the old poller stopped
        new = open_database(path)
        assert new.schema_version() == SCHEMA_VERSION + 1
        new.close()
    old.close()
    # The backup was taken before the migration ran: the old version, without the new table.
    assert backup.exists() and _user_version(backup) == SCHEMA_VERSION
    assert "next_version_marker" not in _tables(backup)
    assert "next_version_marker" in _tables(path)


def _add_marker(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE next_version_marker (x INTEGER)")
