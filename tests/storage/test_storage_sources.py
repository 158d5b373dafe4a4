"""Sources: adding, validating, health, scheduling, pausing and editing; database totals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from storage_kit import NOW, StoreFn, item

from storage import Database
from storage.schema import SCHEMA_VERSION
from storage.sources import (
    PollRecord,
    SourceError,
    add_source,
    due_sources,
    get_source,
    list_health,
    list_sources,
    next_due_at,
    poll_now,
    require_source,
    set_enabled,
    slug_for,
    update_source,
)
from storage.stats import database_stats
from storage.types import Source


def _new(source_id: str = "kyiv-post", url: str = "https://kyiv.example/rss", **kw) -> Source:
    return Source(id=source_id, kind="rss", url=url, **kw)


def _poll(db: Database, store: StoreFn, source_id: str, next_in: timedelta, *items) -> None:
    record = PollRecord(started_at=NOW, status="ok", next_poll_at=NOW + next_in)
    store(source_id, *items, poll=record)


def test_add_get_list(db: Database) -> None:
    added = add_source(db, _new(title="Kyiv", interval=900, side="ua", type="media"))
    assert get_source(db, "kyiv-post") == added
    assert [s.id for s in list_sources(db)] == ["kyiv-post", "ru-blog", "ua-news"]
    assert get_source(db, "nope") is None
    with pytest.raises(SourceError, match="no source with id 'nope'"):
        require_source(db, "nope")


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (_new("Kyiv Post"), "must be lower-case"),
        (_new(""), "must be lower-case"),
        (_new("-kyiv"), "must be lower-case"),
        (_new("a" * 65), "must be lower-case"),
        (_new("kyiv/post"), "must be lower-case"),
        (_new(interval=59), "at least 1 minute"),
        (_new(interval=0), "at least 1 minute"),
        (_new("ua-news"), "already exists: ua-news"),
        (_new("other", url="https://ua.example/rss"), "already exists: ua-news"),
    ],
)
def test_bad_sources_are_refused(db: Database, source: Source, message: str) -> None:
    with pytest.raises(SourceError, match=message) as error:
        add_source(db, source)
    assert "\n" not in str(error.value)
    assert len(list_sources(db)) == 2


@pytest.mark.parametrize("source_id", ["a", "a.b_c-d", "x" * 64, "9news"])
def test_good_ids(db: Database, source_id: str) -> None:
    add_source(db, _new(source_id))
    assert get_source(db, source_id) is not None


def test_health(db: Database, store: StoreFn) -> None:
    set_enabled(db, "ru-blog", False)
    store("ua-news", item("old", "Старе", "x"), now=NOW - timedelta(days=2))
    _poll(db, store, "ua-news", timedelta(minutes=10), item("new", "Нове", "x"))
    health = {h.source.id: h for h in list_health(db, now=NOW)}
    assert (health["ua-news"].items_total, health["ua-news"].items_24h) == (2, 1)
    assert health["ua-news"].status == "ok"
    assert (health["ru-blog"].items_total, health["ru-blog"].status) == (0, "paused")
    add_source(db, _new())
    assert {h.source.id: h.status for h in list_health(db)}["kyiv-post"] == "never"


def test_due_sources_and_next_due(db: Database, store: StoreFn) -> None:
    # Never polled: both are due.
    assert [s.id for s in due_sources(db, NOW)] == ["ru-blog", "ua-news"]
    _poll(db, store, "ua-news", timedelta(minutes=10))
    _poll(db, store, "ru-blog", timedelta(minutes=30))
    assert due_sources(db, NOW) == []
    assert next_due_at(db) == NOW + timedelta(minutes=10)
    assert [s.id for s in due_sources(db, NOW + timedelta(minutes=10))] == ["ua-news"]
    later = NOW + timedelta(hours=1)
    assert [s.id for s in due_sources(db, later)] == ["ua-news", "ru-blog"]  # soonest first
    assert [s.id for s in due_sources(db, NOW, only="ru-blog")] == ["ru-blog"]


def test_pause_and_resume(db: Database, store: StoreFn) -> None:
    failed = PollRecord(
        started_at=NOW,
        status="error",
        next_poll_at=NOW + timedelta(hours=2),
        error="HTTP 500",
        error_count=4,
        success=False,
    )
    store("ua-news", poll=failed)
    set_enabled(db, "ua-news", False)
    assert [s.id for s in due_sources(db, NOW + timedelta(days=1))] == ["ru-blog"]
    assert poll_now(db) == 1  # paused sources are not woken
    set_enabled(db, "ua-news", True)
    source = get_source(db, "ua-news")
    assert source is not None and source.enabled
    assert source.next_poll_at is None and source.error_count == 0  # due at once, fresh start
    with pytest.raises(SourceError, match="no source with id 'nope'"):
        set_enabled(db, "nope", True)


def test_gone_source_is_paused_by_its_poll(db: Database, store: StoreFn) -> None:
    gone = PollRecord(started_at=NOW, status="error", next_poll_at=NOW, http_status=410, pause=True)
    store("ru-blog", poll=gone)
    source = get_source(db, "ru-blog")
    assert source is not None and not source.enabled


def test_permanent_redirect_updates_the_url(db: Database, store: StoreFn) -> None:
    moved = PollRecord(
        started_at=NOW, status="ok", next_poll_at=NOW, new_url="https://ua.example/feed"
    )
    store("ua-news", poll=moved)
    source = get_source(db, "ua-news")
    assert source is not None and source.url == "https://ua.example/feed"


def test_poll_now(db: Database, store: StoreFn) -> None:
    _poll(db, store, "ua-news", timedelta(hours=1))
    _poll(db, store, "ru-blog", timedelta(hours=1))
    assert poll_now(db, "ua-news") == 1
    assert [s.id for s in due_sources(db, NOW)] == ["ua-news"]
    assert poll_now(db, "nope") == 0
    assert poll_now(db) == 2
    assert len(due_sources(db, NOW)) == 2


def test_update_source(db: Database) -> None:
    update_source(db, "ua-news", title="Українські новини", interval=1800, side="ua")
    source = get_source(db, "ua-news")
    assert source is not None
    assert (source.title, source.interval, source.side) == ("Українські новини", 1800, "ua")


@pytest.mark.parametrize(
    ("source_id", "changes", "message"),
    [
        ("ua-news", {"interval": 30}, "at least 1 minute"),
        ("ua-news", {"etag": "x"}, "cannot change etag"),
        ("ua-news", {"id": "new-id", "polls": 3}, "cannot change id, polls"),
        ("nope", {"title": "x"}, "no source with id 'nope'"),
    ],
)
def test_bad_updates_are_refused(db: Database, source_id: str, changes: dict, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        update_source(db, source_id, **changes)
    source = get_source(db, "ua-news")
    assert source is not None and source.interval == 600 and source.title == "UA News"


@pytest.mark.parametrize(
    ("url", "slug"),
    [
        ("https://www.Example.com/feeds/rss.xml", "example-com-feeds-rss-xml"),
        ("https://t.me/s/deepstate", "deepstate"),
        ("!!!", "source"),
    ],
)
def test_slug_for(url: str, slug: str) -> None:
    assert slug_for(url) == slug


def test_long_slugs_are_cut_and_still_valid(db: Database) -> None:
    slug = slug_for("https://news.example/" + "very-long-path-segment/" * 10)
    assert len(slug) <= 48 and not slug.endswith("-")
    add_source(db, _new(slug))


def test_database_stats(db: Database, store: StoreFn) -> None:
    now = datetime.now(UTC)
    store("ua-news", item("old", "Старе", "x", places=["pokrovsk"]), now=now - timedelta(days=3))
    store("ua-news", item("new", "Нове", "x", places=["pokrovsk", "myrnohrad"]), now=now)
    store("ru-blog", item("ru", "Новое", "x", places=["hryshyne"]), now=now)
    stats = database_stats(db)
    assert (stats.items, stats.sources, stats.places_tagged, stats.items_24h) == (3, 2, 3, 2)
    assert stats.schema_version == SCHEMA_VERSION
    assert stats.db_bytes >= 4096
