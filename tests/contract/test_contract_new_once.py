"""New, once: edits update silently; reposts and forwards are linked, counted and alerted once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from storage import Database
from storage.items import store_items
from storage.sources import add_source
from storage.stream import get_item
from storage.types import NewItem, Source
from storage.watch import add_place, watch_stats
from tagging.types import PlaceTag, TagResult
from tests.contract.contract_kit import Channel, Entry, Feed, Post, now
from tests.ingest.poll_kit import add, count, make_db, poll_round
from tui.data.loaders import SearchContext, stream_page


def _pokrovsk(db: Database) -> tuple[int, int]:
    """(mentions in 24 h, unread) of the Pokrovsk watch row."""
    (stats,) = [s for s in watch_stats(db) if s.rule.place_id == "pokrovsk"]
    return stats.mentions_24h, stats.unread


def _fired(db: Database) -> int:
    return count(db, "SELECT count(*) FROM alerts_fired")


async def test_an_edit_updates_the_stored_item_silently(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    db = make_db(tmp_path)
    add_place(db, "pokrovsk")
    feed = Feed(httpserver)
    add(db, "s", feed.url)
    feed.entries = [Entry("seed", "Morning summary", now())]
    await poll_round(db)
    link = "https://news.example/a/1"
    feed.entries.append(Entry("g1", "Quiet night on the front", now(), link))
    assert (await poll_round(db)).new_items == 1
    (item_id,) = [r[0] for r in db.conn().execute("SELECT id FROM items WHERE guid = 'g1'")]

    # The same guid, edited to name a watched place: updated in place, nothing new, no alert.
    feed.entries[-1] = Entry("g1", "Assault on Pokrovsk at night", now(), link)
    edited = await poll_round(db)
    assert (edited.new_items, edited.alerts) == (0, [])
    # A new guid for the same article (tracking parameters added): still the same item.
    feed.entries[-1] = Entry("g1-v2", "Assault on Pokrovsk repelled", now(), link + "?utm_source=x")
    again = await poll_round(db)
    assert (again.new_items, again.alerts) == (0, [])

    assert count(db, "SELECT count(*) FROM items") == 2
    assert get_item(db, item_id).row.title == "Assault on Pokrovsk repelled"
    assert get_item(db, item_id).row.places == ("pokrovsk",)
    assert _fired(db) == 0
    assert _pokrovsk(db) == (1, 1)  # the edited item counts, once


async def test_a_repost_from_another_source_is_linked_and_counts_and_alerts_once(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    db = make_db(tmp_path)
    add_place(db, "pokrovsk")
    first, second = Feed(httpserver, "/a", "Agency A"), Feed(httpserver, "/b", "Paper B")
    add(db, "a", first.url, title="Agency A")
    add(db, "b", second.url, title="Paper B")
    first.entries = [Entry("seed-a", "Morning summary A", now())]
    second.entries = [Entry("seed-b", "Morning summary B", now())]
    await poll_round(db)
    story = "Heavy fighting reported on the southern edge of Pokrovsk"
    first.entries.append(Entry("a1", story, now(), "https://a.example/1"))
    assert len((await poll_round(db)).alerts) == 1
    second.entries.append(Entry("b1", story + ".", now(), "https://b.example/xyz"))
    repost = await poll_round(db)

    assert repost.new_items == 1 and repost.alerts == []  # stored, but alerts once
    original, copy = (
        r[0]
        for r in db.conn().execute("SELECT id FROM items WHERE guid IN ('a1', 'b1') ORDER BY id")
    )
    assert get_item(db, copy).dup_of == original
    assert get_item(db, original).also_in == ("Paper B",)  # "also in: …"
    assert get_item(db, copy).also_in == ("Agency A",)
    assert _fired(db) == 1
    assert _pokrovsk(db) == (1, 1)  # counts once


# The forwarding page may spell the channel otherwise: Telegram names ignore case.
@pytest.mark.parametrize("link", ["origchan/12", "OrigChan/12"])
async def test_a_telegram_forward_is_linked_to_its_stored_original(
    tmp_path: Path, httpserver: HTTPServer, link: str
) -> None:
    db = make_db(tmp_path)
    add_place(db, "pokrovsk")
    origin, forwarder = Channel(httpserver, "origchan"), Channel(httpserver, "fwdchan")
    add(db, "orig", origin.url, kind="telegram")
    add(db, "fwd", forwarder.url, kind="telegram")
    origin.posts = [Post(10, "Good morning", now())]
    forwarder.posts = [Post(70, "Hello", now())]
    await poll_round(db)
    # Short text: too short a title to be matched as the same story by its words.
    origin.posts.append(Post(12, "Pokrovsk holds.", now()))
    assert len((await poll_round(db)).alerts) == 1
    forwarder.posts.append(Post(77, "Pokrovsk holds.", now(), forwarded_from=link))
    forward = await poll_round(db)

    assert forward.new_items == 1 and forward.alerts == []
    original = count(db, "SELECT id FROM items WHERE guid = 'tg:origchan/12'")
    copy = count(db, "SELECT id FROM items WHERE guid = 'tg:fwdchan/77'")
    assert get_item(db, copy).dup_of == original
    assert get_item(db, original).also_in == ("fwd",)
    assert _fired(db) == 1
    assert _pokrovsk(db) == (1, 1)


def test_a_forward_of_an_old_post_is_linked_however_old(tmp_path: Path) -> None:
    db = make_db(tmp_path)
    for name in ("orig", "fwd"):
        add_source(db, Source(id=name, kind="telegram", url=f"https://t.me/s/{name}chan"))
    tags = TagResult("en", (PlaceTag("pokrovsk", 1),), (), "test")
    week_ago = datetime.now(UTC) - timedelta(days=7)
    (original,) = store_items(
        db,
        "orig",
        [
            NewItem(
                "tg:origchan/5",
                "Pokrovsk: the long version of a report",
                "https://t.me/origchan/5",
                tags=tags,
            )
        ],
        now=week_ago,
    ).new_ids
    forward = NewItem(
        "tg:fwdchan/9",
        "Reposting this",  # a forward may carry other words than the original's title
        "https://t.me/fwdchan/9",
        forwarded_from="Original channel",
        forwarded_url="https://t.me/origchan/5",
        tags=tags,
    )
    result = store_items(db, "fwd", [forward])
    assert result.duplicate_ids == result.new_ids
    assert get_item(db, result.new_ids[0]).dup_of == original


async def test_the_stream_orders_by_first_seen_so_a_late_old_item_lands_on_top(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    db = make_db(tmp_path)
    feed = Feed(httpserver)
    add(db, "s", feed.url)
    feed.entries = [
        Entry(f"n{i}", f"Fresh report {i}", now() - timedelta(minutes=i)) for i in range(3)
    ]
    await poll_round(db)
    old_date = now() - timedelta(days=3)
    feed.entries.append(Entry("late", "A report dated three days ago", old_date))
    await poll_round(db)

    ctx = SearchContext(now(), UTC)
    rows = stream_page(db, "", ctx, limit=10).rows
    assert [r.title for r in rows] == [
        "A report dated three days ago",
        "Fresh report 0",
        "Fresh report 1",
        "Fresh report 2",
    ]
    top = rows[0]
    assert abs((top.published_at - old_date).total_seconds()) < 1  # its own date, shown beside
    assert top.fetched_at > rows[1].fetched_at - timedelta(seconds=1) and not top.read
    # Newest-first "new" filters agree: it is the newest unread item.
    assert stream_page(db, "is:unread", ctx, limit=1).rows[0].id == top.id
