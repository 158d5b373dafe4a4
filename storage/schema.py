"""Numbered schema migrations, keyed on PRAGMA user_version."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

# "FWCH" as a big-endian int: marks a file as a frontwatch database.
APPLICATION_ID = 0x46574348

FTS_TOKENIZE = "unicode61 remove_diacritics 2 tokenchars '_'"


def run_script(conn: sqlite3.Connection, script: str) -> None:
    """Execute statements one by one, inside the caller's transaction.

    `executescript` would commit first, and a migration must be all or nothing.
    """
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            conn.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError("incomplete SQL statement in migration script")


def _v1_design(conn: sqlite3.Connection) -> None:
    """The schema of DESIGN.md: sources, items, FTS, places, tags, watchlist, fetch log."""
    run_script(
        conn,
        """
        CREATE TABLE sources (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            url TEXT NOT NULL,
            title TEXT,
            lang TEXT,
            interval INTEGER NOT NULL DEFAULT 600,
            enabled INTEGER NOT NULL DEFAULT 1,
            etag TEXT,
            last_modified TEXT,
            last_polled_at INTEGER,
            next_poll_at INTEGER,
            last_status TEXT,
            last_error TEXT,
            error_count INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE places (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            name_uk TEXT,
            name_ru TEXT,
            kind TEXT,
            oblast TEXT,
            raion TEXT,
            lat REAL,
            lon REAL
        );
        """,
    )
    run_script(
        conn,
        f"""
        CREATE TABLE items (
            id INTEGER PRIMARY KEY,
            source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
            guid TEXT NOT NULL,
            url TEXT,
            title TEXT NOT NULL,
            summary TEXT NOT NULL DEFAULT '',
            content TEXT NOT NULL DEFAULT '',
            author TEXT,
            lang TEXT,
            published_at INTEGER,
            fetched_at INTEGER NOT NULL,
            content_hash TEXT NOT NULL,
            read_at INTEGER,
            starred INTEGER NOT NULL DEFAULT 0,
            UNIQUE (source_id, guid)
        );
        CREATE INDEX items_fetched ON items(fetched_at);
        CREATE VIRTUAL TABLE items_fts USING fts5(
            title, summary, content, tags,
            tokenize="{FTS_TOKENIZE}", prefix='2 3'
        );
        CREATE TABLE item_places (
            item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
            place_id TEXT NOT NULL REFERENCES places(id),
            mentions INTEGER NOT NULL,
            PRIMARY KEY (item_id, place_id)
        ) WITHOUT ROWID;
        CREATE INDEX item_places_place ON item_places(place_id, item_id);
        CREATE TABLE item_themes (
            item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
            theme_id TEXT NOT NULL,
            score REAL NOT NULL,
            PRIMARY KEY (item_id, theme_id)
        ) WITHOUT ROWID;
        CREATE INDEX item_themes_theme ON item_themes(theme_id, item_id);
        CREATE TABLE watchlist (
            place_id TEXT PRIMARY KEY REFERENCES places(id),
            added_at INTEGER NOT NULL,
            alert_themes TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE fetch_log (
            id INTEGER PRIMARY KEY,
            source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
            started_at INTEGER NOT NULL,
            status TEXT NOT NULL,
            http_status INTEGER,
            duration_ms INTEGER,
            bytes INTEGER,
            new_items INTEGER NOT NULL DEFAULT 0,
            error TEXT
        );
        CREATE INDEX fetch_log_source ON fetch_log(source_id, started_at);
        """,
    )


def _v2_monitor(conn: sqlite3.Connection) -> None:
    """Monitor contract: source fields, duplicates, evidence, saved queries, alerts, lease."""
    run_script(
        conn,
        """
        ALTER TABLE sources ADD COLUMN side TEXT NOT NULL DEFAULT 'other';
        ALTER TABLE sources ADD COLUMN type TEXT NOT NULL DEFAULT 'media';
        ALTER TABLE sources ADD COLUMN selector TEXT;
        ALTER TABLE sources ADD COLUMN extract INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE sources ADD COLUMN user_agent TEXT;
        ALTER TABLE sources ADD COLUMN proxy TEXT;
        ALTER TABLE sources ADD COLUMN allow_file INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE sources ADD COLUMN last_success_at INTEGER;
        ALTER TABLE sources ADD COLUMN body_hash TEXT;
        ALTER TABLE sources ADD COLUMN polls INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE sources ADD COLUMN created_at INTEGER;

        ALTER TABLE items ADD COLUMN canonical_url TEXT;
        ALTER TABLE items ADD COLUMN title_key TEXT;
        ALTER TABLE items ADD COLUMN dup_of INTEGER REFERENCES items(id) ON DELETE SET NULL;
        ALTER TABLE items ADD COLUMN forwarded_from TEXT;
        ALTER TABLE items ADD COLUMN tagger_version TEXT;
        ALTER TABLE items ADD COLUMN extract_state TEXT;
        ALTER TABLE items ADD COLUMN quiet INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX items_canonical ON items(canonical_url, source_id);
        CREATE INDEX items_title_key ON items(title_key, fetched_at);
        CREATE INDEX items_dup ON items(dup_of) WHERE dup_of IS NOT NULL;
        CREATE INDEX items_extract ON items(extract_state) WHERE extract_state = 'pending';
        CREATE INDEX items_starred ON items(starred) WHERE starred = 1;
        -- Small enough to probe per watched place: unread counts never read item rows.
        CREATE INDEX items_unread ON items(id) WHERE read_at IS NULL AND dup_of IS NULL;
        CREATE INDEX items_source ON items(source_id, fetched_at);

        ALTER TABLE item_places ADD COLUMN evidence TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE item_places ADD COLUMN runners_up TEXT NOT NULL DEFAULT '';
        ALTER TABLE item_themes ADD COLUMN evidence TEXT NOT NULL DEFAULT '[]';

        ALTER TABLE places ADD COLUMN country TEXT NOT NULL DEFAULT 'UA';
        ALTER TABLE places ADD COLUMN population INTEGER;
        CREATE TABLE place_names (
            form TEXT NOT NULL,
            place_id TEXT NOT NULL REFERENCES places(id) ON DELETE CASCADE,
            PRIMARY KEY (form, place_id)
        ) WITHOUT ROWID;
        CREATE TABLE place_hourly (
            place_id TEXT NOT NULL,
            hour INTEGER NOT NULL,
            mentions INTEGER NOT NULL,
            PRIMARY KEY (place_id, hour)
        ) WITHOUT ROWID;

        CREATE TABLE watch_rules (
            id INTEGER PRIMARY KEY,
            place_id TEXT REFERENCES places(id) ON DELETE CASCADE,
            query TEXT,
            themes TEXT NOT NULL DEFAULT '',
            label TEXT NOT NULL,
            added_at INTEGER NOT NULL,
            CHECK ((place_id IS NULL) <> (query IS NULL))
        );
        CREATE UNIQUE INDEX watch_rules_place ON watch_rules(place_id) WHERE place_id IS NOT NULL;
        CREATE UNIQUE INDEX watch_rules_query ON watch_rules(query) WHERE query IS NOT NULL;
        INSERT INTO watch_rules (place_id, query, themes, label, added_at)
            SELECT w.place_id, NULL, w.alert_themes, COALESCE(p.name, w.place_id), w.added_at
            FROM watchlist w LEFT JOIN places p ON p.id = w.place_id;
        DROP TABLE watchlist;

        CREATE TABLE alerts_fired (
            id INTEGER PRIMARY KEY,
            item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
            rule_id INTEGER NOT NULL REFERENCES watch_rules(id) ON DELETE CASCADE,
            fired_at INTEGER NOT NULL,
            UNIQUE (item_id, rule_id)
        );

        CREATE TABLE lease (
            name TEXT PRIMARY KEY,
            holder TEXT NOT NULL,
            pid INTEGER NOT NULL,
            schema_version INTEGER NOT NULL,
            heartbeat_at INTEGER NOT NULL
        );
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """,
    )


def _v3_fts_merging(conn: sqlite3.Connection) -> None:
    """Let FTS segments gather 16 to a level before merging, not 4.

    At a million items the default merging made each commit rewrite index pages again and
    again, halving the store rate; queries, far below their targets, pay a few more seeks.
    """
    conn.execute("INSERT INTO items_fts (items_fts, rank) VALUES ('automerge', 16)")


def _v4_item_versions(conn: sqlite3.Connection) -> None:
    """Each item's tagger version in a narrow table of its own.

    A retag stamps every item it looks at with the new version. As a column of items, a
    stamp rewrote the item's whole row, text and all (measured: 25 us against 3 us), a
    sixth of the writing in a retag after a theme change.
    """
    run_script(
        conn,
        """
        CREATE TABLE item_versions (
            item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
            tagger_version TEXT NOT NULL
        );
        INSERT INTO item_versions (item_id, tagger_version)
            SELECT id, tagger_version FROM items WHERE tagger_version IS NOT NULL;
        ALTER TABLE items DROP COLUMN tagger_version;
        """,
    )


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _v1_design,
    _v2_monitor,
    _v3_fts_merging,
    _v4_item_versions,
]
SCHEMA_VERSION = len(MIGRATIONS)
