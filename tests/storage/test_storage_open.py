"""Opening, checking and migrating database files; bad files give one-line errors."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from storage_kit import SOURCES, item

from storage import StorageError, open_database
from storage.items import store_items
from storage.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from storage.search import search
from storage.sources import add_source
from storage.watch import list_rules


def _pragma(path: Path, name: str) -> object:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        conn.close()


def _assert_one_line_naming(error: pytest.ExceptionInfo[StorageError], path: Path) -> None:
    message = str(error.value)
    assert "\n" not in message
    assert str(path) in message


def test_new_file_gets_wal_application_id_and_current_version(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "fw.db"  # the folder is created too
    db = open_database(path)
    conn = db.conn()
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    # The WAL is cut back after a checkpoint rather than keeping its peak size.
    assert conn.execute("PRAGMA journal_size_limit").fetchone()[0] == 64 * 1024 * 1024
    assert db.schema_version() == SCHEMA_VERSION
    db.close()
    assert _pragma(path, "application_id") == APPLICATION_ID
    assert _pragma(path, "user_version") == SCHEMA_VERSION


def test_reopening_a_current_file_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "fw.db"
    db = open_database(path)
    add_source(db, SOURCES[0])
    db.close()
    again = open_database(path)
    assert again.conn().execute("SELECT id FROM sources").fetchall() == [("ua-news",)]
    assert not list(tmp_path.glob("*.bak"))  # no migration, no backup
    again.close()


def _make_v1_file(path: Path) -> None:
    """A database as schema 1 left it, with a watchlist row and one item."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("BEGIN")
    MIGRATIONS[0](conn)
    conn.execute(
        "INSERT INTO sources (id, kind, url, title) VALUES ('old', 'rss', 'https://o/rss', 'Old')"
    )
    conn.execute("INSERT INTO places (id, name) VALUES ('pokrovsk', 'Pokrovsk')")
    conn.execute(
        "INSERT INTO watchlist (place_id, added_at, alert_themes) "
        "VALUES ('pokrovsk', 1700000000, 'assault,drones')"
    )
    conn.execute(
        "INSERT INTO items (id, source_id, guid, title, summary, fetched_at, content_hash) "
        "VALUES (1, 'old', 'g1', 'Бої під Покровськом', 'штурм триває', 1700000000, 'h')"
    )
    conn.execute(
        "INSERT INTO items_fts (rowid, title, summary, content, tags) "
        "VALUES (1, 'Бої під Покровськом', 'штурм триває', '', 'zp_pokrovsk')"
    )
    conn.execute("INSERT INTO item_places VALUES (1, 'pokrovsk', 1)")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    conn.execute("COMMIT")
    conn.close()


def test_schema_1_file_migrates_keeping_data_and_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "fw.db"
    _make_v1_file(path)

    db = open_database(path)

    assert db.schema_version() == SCHEMA_VERSION == 4
    automerge = db.conn().execute("SELECT v FROM items_fts_config WHERE k = 'automerge'")
    assert automerge.fetchone() == (16,)
    rules = list_rules(db)
    assert [(r.place_id, r.query, r.themes, r.label) for r in rules] == [
        ("pokrovsk", None, ("assault", "drones"), "Pokrovsk")
    ]
    tables = {r[0] for r in db.conn().execute("SELECT name FROM sqlite_master")}
    assert "watchlist" not in tables
    assert {"watch_rules", "alerts_fired", "lease", "meta", "place_names"} <= tables
    # The item survived, stays searchable, and gained the new columns' defaults.
    row = db.conn().execute("SELECT title, dup_of, source_id FROM items").fetchone()
    assert row == ("Бої під Покровськом", None, "old")
    assert [h.item.id for h in search(db, "штурм").hits] == [1]
    side = db.conn().execute("SELECT side FROM sources WHERE id = 'old'").fetchone()[0]
    assert side == "other"
    db.close()

    backup = tmp_path / "fw.db.schema1.bak"
    assert backup.exists()
    assert _pragma(backup, "user_version") == 1
    conn = sqlite3.connect(backup)
    assert conn.execute("SELECT place_id FROM watchlist").fetchall() == [("pokrovsk",)]
    conn.close()


def test_schema_3_tagger_versions_move_to_their_own_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import storage.db

    path = tmp_path / "fw.db"
    with monkeypatch.context() as patch:
        patch.setattr(storage.db, "MIGRATIONS", MIGRATIONS[:3])
        patch.setattr(storage.db, "SCHEMA_VERSION", 3)
        old = open_database(path)
        add_source(old, SOURCES[0])
        store_items(old, SOURCES[0].id, [item("a", "Бої під Покровськом"), item("b", "Тихо")])
        with old.write() as conn:
            conn.execute("UPDATE items SET tagger_version = '2.aaaa.bbbb' WHERE guid = 'a'")
        old.close()

    db = open_database(path)
    conn = db.conn()
    assert conn.execute("SELECT item_id, tagger_version FROM item_versions").fetchall() == [
        (1, "2.aaaa.bbbb")
    ]
    columns = {r[1] for r in conn.execute("PRAGMA table_info(items)")}
    assert "tagger_version" not in columns and "title" in columns
    assert [h.item.id for h in search(db, "Покровськом").hits] == [1]
    with db.write() as write:
        write.execute("DELETE FROM items_fts WHERE rowid = 1")
        write.execute("DELETE FROM items WHERE id = 1")
    assert conn.execute("SELECT count(*) FROM item_versions").fetchone() == (0,)  # cascade
    db.close()
    assert _pragma(tmp_path / "fw.db.schema3.bak", "user_version") == 3


def test_migration_is_refused_read_only(tmp_path: Path) -> None:
    path = tmp_path / "fw.db"
    _make_v1_file(path)
    with pytest.raises(StorageError, match="needs migrating") as error:
        open_database(path, readonly=True)
    _assert_one_line_naming(error, path)
    assert _pragma(path, "user_version") == 1


def test_non_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 200)
    with pytest.raises(StorageError, match="not a frontwatch database") as error:
        open_database(path)
    _assert_one_line_naming(error, path)
    assert path.read_text().startswith("these are my notes")


def test_another_apps_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(StorageError, match="not a frontwatch database") as error:
        open_database(path)
    _assert_one_line_naming(error, path)
    conn = sqlite3.connect(path)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master")]
    conn.close()
    assert tables == ["contacts"]
    assert _pragma(path, "user_version") == 0


def test_file_with_another_application_id_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 12345")
    conn.close()
    with pytest.raises(StorageError, match="not a frontwatch database") as error:
        open_database(path)
    _assert_one_line_naming(error, path)


def test_file_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "fw.db"
    open_database(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StorageError, match="newer frontwatch") as error:
        open_database(path)
    _assert_one_line_naming(error, path)
    assert _pragma(path, "user_version") == SCHEMA_VERSION + 1


def test_readonly_open_of_a_missing_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "missing.db"
    with pytest.raises(StorageError, match="does not exist") as error:
        open_database(path, readonly=True)
    _assert_one_line_naming(error, path)
    assert not path.exists()


def test_readonly_open_reads(tmp_path: Path) -> None:
    path = tmp_path / "fw.db"
    db = open_database(path)
    add_source(db, SOURCES[0])
    store_items(db, "ua-news", [item("g1", "Штурм Покровська триває")])
    db.close()
    reader = open_database(path, readonly=True)
    assert len(search(reader, "штурм").hits) == 1
    reader.close()


def test_writing_through_a_readonly_open_gives_storage_error(tmp_path: Path) -> None:
    path = tmp_path / "fw.db"
    open_database(path).close()
    reader = open_database(path, readonly=True)
    with pytest.raises(StorageError, match="read-only") as error:
        add_source(reader, SOURCES[0])
    _assert_one_line_naming(error, path)
    reader.close()


def test_writing_to_a_read_only_file_gives_storage_error(tmp_path: Path) -> None:
    path = tmp_path / "fw.db"
    open_database(path).close()
    path.chmod(0o444)
    if os.access(path, os.W_OK):
        pytest.skip("file modes do not stop this user (root); the readonly open covers it")
    db = open_database(path)
    with pytest.raises(StorageError, match="read-only") as error:
        add_source(db, SOURCES[0])
    _assert_one_line_naming(error, path)
    db.close()
