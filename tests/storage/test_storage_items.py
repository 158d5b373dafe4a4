"""Storing items: new, unchanged, updated; de-duplication; read marks; poll records."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from storage_kit import NOW, StoreFn, hours_ago, item, tags

from storage import Database, StorageError
from storage.items import mark_read, set_full_text, set_starred, store_items
from storage.search import search
from storage.sources import PollRecord, get_source, remove_source
from storage.stream import get_item
from storage.watch import add_place, watch_stats

TITLE = "Окупанти штурмують околиці Покровська з півдня"


def _ids(db: Database, query: str, **kwargs: object) -> list[int]:
    return [h.item.id for h in search(db, query, now=NOW, **kwargs).hits]


def _count(db: Database, sql: str, *params: object) -> int:
    return db.conn().execute(sql, params).fetchone()[0]


def test_new_then_unchanged_then_updated(db: Database, store: StoreFn) -> None:
    first = store("ua-news", item("g1", TITLE, "Ворог атакує позиції"), item("g2", "Інше", "x"))
    assert len(first.new_ids) == 2 and not first.updated_ids and first.unchanged == 0

    again = store("ua-news", item("g1", TITLE, "Ворог атакує позиції"))
    assert again.new_ids == () and again.updated_ids == () and again.unchanged == 1

    changed = store("ua-news", item("g1", TITLE, "Ворог відступає з позицій"))
    assert changed.updated_ids == (first.new_ids[0],) and changed.new_ids == ()
    assert _count(db, "SELECT count(*) FROM items") == 2
    # The index follows the update: the old word is gone, the new one found.
    assert _ids(db, "атакує") == []
    assert _ids(db, "відступає") == [first.new_ids[0]]
    assert _count(db, "SELECT count(*) FROM items_fts") == 2


def test_same_guid_in_two_sources_is_two_items(store: StoreFn) -> None:
    a = store("ua-news", item("g1", "Перша новина дня", "текст"))
    b = store("ru-blog", item("g1", "Другая новость дня", "текст"))
    assert a.new_ids and b.new_ids and a.new_ids != b.new_ids


def test_same_canonical_url_in_one_source_is_one_item(db: Database, store: StoreFn) -> None:
    url = "https://UA.example/news/1?utm_source=rss&fbclid=zz#top"
    first = store("ua-news", item("g1", TITLE, "текст", url=url))
    # A new guid for the same article (feeds do that) with other tracking noise.
    second = store(
        "ua-news", item("g1-new", TITLE, "текст", url="https://ua.example/news/1?gclid=7")
    )
    assert second.new_ids == ()
    assert second.updated_ids == first.new_ids
    assert _count(db, "SELECT count(*) FROM items") == 1
    stored = db.conn().execute("SELECT canonical_url FROM items").fetchone()[0]
    assert stored == "https://ua.example/news/1"


def test_same_title_from_another_source_is_a_duplicate(db: Database, store: StoreFn) -> None:
    body = "Під Покровськом тривають бої"
    first = store("ua-news", item("g1", TITLE, body, places=["pokrovsk"]), now=hours_ago(47))
    copy = store("ru-blog", item("x9", TITLE.upper() + "!", body, places=["pokrovsk"]))
    (first_id,), (copy_id,) = first.new_ids, copy.new_ids
    assert copy.duplicate_ids == (copy_id,)

    detail = get_item(db, copy_id)
    assert detail is not None and detail.dup_of == first_id
    assert detail.also_in == ("UA News",)
    first_detail = get_item(db, first_id)
    assert first_detail is not None and first_detail.also_in == ("RU Blog",)

    assert _ids(db, "тривають") == [first_id]  # hidden from search
    assert _ids(db, "") == [first_id]  # and from the stream
    assert _ids(db, "тривають", include_duplicates=True) == [copy_id, first_id]

    add_place(db, "pokrovsk")
    (stats,) = watch_stats(db, now=NOW)
    assert sum(stats.hourly_7d) == 1  # counted once
    assert stats.unread == 1


def test_same_title_after_48_hours_is_a_new_story(store: StoreFn) -> None:
    store("ua-news", item("g1", TITLE, "текст"), now=hours_ago(49))
    later = store("ru-blog", item("x9", TITLE, "текст"))
    assert later.new_ids and later.duplicate_ids == ()


def test_short_titles_are_not_treated_as_one_story(store: StoreFn) -> None:
    store("ua-news", item("g1", "Оновлення", "текст"))
    other = store("ru-blog", item("x9", "Оновлення", "текст"))
    assert other.duplicate_ids == ()


def test_same_url_from_another_source_is_a_duplicate(store: StoreFn) -> None:
    url = "https://agency.example/story/7"
    first = store("ua-news", item("g1", "Заголовок перший", "текст", url=url))
    copy = store("ru-blog", item("x1", "Совсем другой заголовок", "текст", url=url + "?utm_x=1"))
    assert copy.duplicate_ids == copy.new_ids
    assert first.new_ids


def test_mark_read_before(db: Database, store: StoreFn) -> None:
    cutoff = hours_ago(24)
    result = store(
        "ua-news",
        item("old", "Старе", "x", published=hours_ago(30)),
        item("new", "Нове", "x", published=hours_ago(2)),
        item("undated", "Без дати", "x"),  # first seen now, after the cutoff
        mark_read_before=cutoff,
    )
    old, new, undated = result.new_ids
    assert _ids(db, "is:unread") == [undated, new]
    assert _ids(db, "is:read") == [old]


def test_published_after_first_seen_is_clamped(db: Database, store: StoreFn) -> None:
    future = NOW + timedelta(days=3)
    (item_id,) = store("ua-news", item("g1", "З майбутнього", "x", published=future)).new_ids
    detail = get_item(db, item_id)
    assert detail is not None
    assert detail.row.published_at == NOW
    assert detail.row.fetched_at == NOW


def test_naive_datetimes_are_refused(store: StoreFn) -> None:
    naive = datetime(2026, 1, 1, 12, 0)  # noqa: DTZ001 - the point of the test
    with pytest.raises(ValueError, match="naive"):
        store("ua-news", item("g1", "x", "y", published=naive))


def _poll(**changes: object) -> PollRecord:
    record = PollRecord(
        started_at=NOW,
        status="ok",
        next_poll_at=NOW + timedelta(minutes=10),
        http_status=200,
        duration_ms=123,
        bytes=4567,
        etag='"v2"',
        last_modified="Sat, 10 Jan 2026 11:59:00 GMT",
    )
    return replace(record, **changes)


def test_poll_record_is_written_with_the_items(db: Database, store: StoreFn) -> None:
    store("ua-news", item("g1", "Перша", "x"), item("g2", "Друга", "x"), poll=_poll())
    store("ua-news", item("g1", "Перша", "x"), item("g3", "Третя", "x"), poll=_poll())
    log = db.conn().execute(
        "SELECT status, http_status, duration_ms, bytes, new_items FROM fetch_log "
        "WHERE source_id = 'ua-news' ORDER BY id"
    )
    assert log.fetchall() == [("ok", 200, 123, 4567, 2), ("ok", 200, 123, 4567, 1)]
    source = get_source(db, "ua-news")
    assert source is not None
    assert source.polls == 2
    assert source.etag == '"v2"'
    assert source.last_status == "ok"
    assert source.last_polled_at == NOW and source.last_success_at == NOW
    assert source.next_poll_at == NOW + timedelta(minutes=10)


def test_failed_poll_keeps_validators_and_last_success(db: Database, store: StoreFn) -> None:
    store("ua-news", poll=_poll())
    later = NOW + timedelta(minutes=10)
    failed = _poll(
        started_at=later,
        status="error",
        success=False,
        error="HTTP 503",
        error_count=1,
        etag=None,
        http_status=503,
    )
    store("ua-news", now=later, poll=failed)
    source = get_source(db, "ua-news")
    assert source is not None
    assert source.etag == '"v2"'
    assert source.last_success_at == NOW
    assert source.last_polled_at == later
    assert (source.last_status, source.last_error, source.error_count) == ("error", "HTTP 503", 1)


def test_items_and_poll_record_commit_together(
    db: Database, store: StoreFn, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("disk vanished")

    monkeypatch.setattr("storage.items.record_poll", broken)
    with pytest.raises(RuntimeError):
        store("ua-news", item("g1", "Перша", "x"), poll=_poll())
    assert _count(db, "SELECT count(*) FROM items") == 0
    assert _count(db, "SELECT count(*) FROM items_fts") == 0


def test_update_replaces_tags_and_hourly_counts(db: Database, store: StoreFn) -> None:
    add_place(db, "pokrovsk")
    add_place(db, "myrnohrad")
    (item_id,) = store("ua-news", item("g1", TITLE, "a", places=["pokrovsk"])).new_ids
    store("ua-news", item("g1", TITLE, "b", places=["myrnohrad"]))
    counts = {s.rule.place_id: sum(s.hourly_7d) for s in watch_stats(db, now=NOW)}
    assert counts == {"pokrovsk": 0, "myrnohrad": 1}
    assert _ids(db, "place:myrnohrad") == [item_id]
    assert _ids(db, "place:pokrovsk") == []


def test_update_without_tags_keeps_the_stored_ones(db: Database, store: StoreFn) -> None:
    (item_id,) = store("ua-news", item("g1", TITLE, "a", places=["pokrovsk"])).new_ids
    store("ua-news", item("g1", TITLE, "b"))  # an untagged update (tagging failed)
    assert _ids(db, "place:pokrovsk") == [item_id]
    detail = get_item(db, item_id)
    assert detail is not None and [p.tag_id for p in detail.places] == ["pokrovsk"]


def test_full_text_survives_a_shorter_feed_update(db: Database, store: StoreFn) -> None:
    (item_id,) = store("ua-news", item("g1", TITLE, "уривок", summary_only=False)).new_ids
    full = "Повний текст статті про контрбатарейну боротьбу біля Мирнограда."
    set_full_text(db, item_id, full, tags(["myrnohrad"]))
    assert _ids(db, "контрбатарейну") == [item_id]
    assert _ids(db, "place:myrnohrad") == [item_id]

    store("ua-news", item("g1", TITLE + " (оновлено)", "уривок", summary_only=False))
    detail = get_item(db, item_id)
    assert detail is not None and detail.content == full
    assert _ids(db, "контрбатарейну") == [item_id]


def test_mark_read_and_star(db: Database, store: StoreFn) -> None:
    ids = store("ua-news", item("g1", "Перша", "x"), item("g2", "Друга", "x")).new_ids
    assert mark_read(db, ids) == 2
    assert mark_read(db, ids) == 0  # already read
    assert mark_read(db, ids[:1], read=False) == 1
    assert _ids(db, "is:unread") == [ids[0]]
    set_starred(db, ids[1], True)
    assert _ids(db, "is:starred") == [ids[1]]
    set_starred(db, ids[1], False)
    assert _ids(db, "is:starred") == []


def test_store_items_to_an_unknown_source_stores_nothing(db: Database) -> None:
    with pytest.raises((sqlite3.IntegrityError, StorageError)):
        store_items(db, "nope", [item("g1", "x", "y")], now=NOW)
    assert _count(db, "SELECT count(*) FROM items") == 0


def test_untagged_update_moving_the_hour_keeps_counts_right(db: Database, store: StoreFn) -> None:
    store("ua-news", item("g1", TITLE, "a", places=["pokrovsk"], published=hours_ago(5)))
    store("ua-news", item("g1", TITLE, "a", published=hours_ago(2)))  # no tags this time
    this_hour = int(NOW.timestamp()) // 3600
    rows = db.conn().execute("SELECT place_id, hour, mentions FROM place_hourly").fetchall()
    assert rows == [("pokrovsk", this_hour - 2, 1)]
    remove_source(db, "ua-news")
    assert db.conn().execute("SELECT count(*) FROM place_hourly").fetchone()[0] == 0


def test_tags_of_places_not_in_the_gazetteer_are_dropped(db: Database, store: StoreFn) -> None:
    (item_id,) = store("ua-news", item("g1", TITLE, "a", places=["pokrovsk", "atlantis"])).new_ids
    detail = get_item(db, item_id)
    assert detail is not None and [p.tag_id for p in detail.places] == ["pokrovsk"]
