"""Removing a source takes its items, index rows, tags and counts with it, and nothing else."""

from __future__ import annotations

import sqlite3

import pytest
from storage_kit import NOW, StoreFn, hours_ago, item

from storage import Database
from storage.alerts import claim_alerts
from storage.search import search
from storage.sources import SourceError, add_source, remove_source
from storage.stream import get_item
from storage.types import Source
from storage.watch import add_place, watch_stats

STORY = "Окупанти штурмують околиці Покровська з півдня"


def _count(db: Database, sql: str, *params: object) -> int:
    return db.conn().execute(sql, params).fetchone()[0]


def _hourly(db: Database) -> dict[str, int]:
    return {s.rule.place_id or "": sum(s.hourly_7d) for s in watch_stats(db, now=NOW)}


def _assert_intact(db: Database) -> None:
    conn = db.conn()
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    # Raises if the FTS index is inconsistent with the text it holds.
    conn.execute("INSERT INTO items_fts (items_fts, rank) VALUES ('integrity-check', 1)")
    # The index is a table of its own: it must hold exactly the stored items.
    orphans = "SELECT count(*) FROM items_fts WHERE rowid NOT IN (SELECT id FROM items)"
    assert conn.execute(orphans).fetchone()[0] == 0
    missing = "SELECT count(*) FROM items WHERE id NOT IN (SELECT rowid FROM items_fts)"
    assert conn.execute(missing).fetchone()[0] == 0


@pytest.fixture
def three_copies(db: Database, store: StoreFn) -> dict[str, int]:
    """A story first seen in ua-news, then copied by ru-blog and a third source."""
    add_source(db, Source(id="intl", kind="rss", url="https://intl.example/rss", side="intl"))
    add_place(db, "pokrovsk")
    add_place(db, "myrnohrad")
    ids = {}
    plan = [
        ("first", "ua-news", 3, STORY, ["pokrovsk"]),
        ("only_ua", "ua-news", 3, "Мирноград під обстрілом", ["myrnohrad"]),
        ("copy", "ru-blog", 2, STORY, ["pokrovsk"]),
        ("third", "intl", 1, STORY, ["pokrovsk"]),
    ]
    for key, source, age, title, places in plan:
        new = item(key, title, f"{title}. Деталі {key}", places=places)
        (ids[key],) = store(source, new, now=hours_ago(age)).new_ids
    return ids


def test_remove_source_cleans_up_and_promotes_a_copy(
    db: Database, three_copies: dict[str, int]
) -> None:
    ids = three_copies
    claim_alerts(db, [(ids["first"], 1)])
    assert _hourly(db) == {"pokrovsk": 1, "myrnohrad": 1}
    with db.write() as conn:
        conn.execute(
            "INSERT INTO fetch_log (source_id, started_at, status) VALUES ('ua-news', 1, 'ok')"
        )

    assert remove_source(db, "ua-news") == 2

    assert _count(db, "SELECT count(*) FROM items WHERE source_id = 'ua-news'") == 0
    assert _count(db, "SELECT count(*) FROM items_fts") == 2
    gone = (ids["first"], ids["only_ua"])
    assert _count(db, "SELECT count(*) FROM item_places WHERE item_id IN (?, ?)", *gone) == 0
    assert _count(db, "SELECT count(*) FROM item_themes WHERE item_id IN (?, ?)", *gone) == 0
    assert _count(db, "SELECT count(*) FROM alerts_fired") == 0
    assert _count(db, "SELECT count(*) FROM fetch_log WHERE source_id = 'ua-news'") == 0
    assert _count(db, "SELECT count(*) FROM sources WHERE id = 'ua-news'") == 0
    assert search(db, "мирноград", now=NOW).hits == ()
    assert search(db, "деталі first", now=NOW).hits == ()

    # The oldest remaining copy now stands for the story and counts once.
    assert _hourly(db) == {"pokrovsk": 1, "myrnohrad": 0}
    copy, third = get_item(db, ids["copy"]), get_item(db, ids["third"])
    assert copy is not None and copy.dup_of is None
    assert third is not None and third.dup_of == ids["copy"]
    assert [h.item.id for h in search(db, "штурмують", now=NOW).hits] == [ids["copy"]]
    _assert_intact(db)


def test_removing_the_copy_keeps_the_first(db: Database, three_copies: dict[str, int]) -> None:
    assert remove_source(db, "ru-blog") == 1
    assert _hourly(db) == {"pokrovsk": 1, "myrnohrad": 1}
    third = get_item(db, three_copies["third"])
    assert third is not None and third.dup_of == three_copies["first"]
    first = get_item(db, three_copies["first"])
    assert first is not None and first.also_in == ("intl",)
    _assert_intact(db)


def test_removing_every_source_empties_the_database(
    db: Database, three_copies: dict[str, int]
) -> None:
    for source_id in ("intl", "ua-news", "ru-blog"):
        remove_source(db, source_id)
    for table in ("items", "items_fts", "item_places", "item_themes", "place_hourly"):
        assert _count(db, f"SELECT count(*) FROM {table}") == 0, table
    _assert_intact(db)


def test_removing_an_unknown_source_changes_nothing(
    db: Database, three_copies: dict[str, int]
) -> None:
    with pytest.raises(SourceError, match="no source with id 'nope'"):
        remove_source(db, "nope")
    assert _count(db, "SELECT count(*) FROM items") == 4


def test_integrity_check_detects_a_broken_index(db: Database, store: StoreFn) -> None:
    """The FTS check used above can fail: a damaged index is caught."""
    store("ua-news", item("g1", "Новина", "текст"))
    with db.write() as conn:
        conn.execute("DELETE FROM items_fts_data WHERE id > 10")  # the index's segments
    with pytest.raises(sqlite3.DatabaseError, match="malformed"):
        _assert_intact(db)
