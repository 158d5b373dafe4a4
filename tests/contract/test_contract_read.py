"""Read state: shared by every process on the DB and kept; first polls; a 7-day unread window."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from pytest_httpserver import HTTPServer

from storage import open_database
from storage.items import store_items
from storage.search import search
from storage.sources import add_source
from storage.types import NewItem, Source
from storage.watch import add_place, add_query, watch_stats
from tests.contract.contract_kit import REPO, Entry, Feed, Frontwatch, now, write_config
from tests.ingest.poll_kit import add, make_db, poll_round
from tests.tui.tui_kit import NOW, item, options, seed, started, wait_for
from tui.app import FrontwatchApp
from tui.data.loaders import reader_doc

MARK_READ = """
import sys
from storage import open_database
from storage.items import mark_read
db = open_database(sys.argv[1])
mark_read(db, [int(sys.argv[2])])
db.close()
"""


def _read_ids(fw: Frontwatch) -> set[int]:
    """What another process sees as read (`frontwatch search is:read`)."""
    result = fw.run("search", "report", "is:read", "--format", "json")
    assert result.returncode == 0, result.stderr
    return {row["id"] for row in json.loads(result.stdout)}


def test_read_marks_are_shared_by_processes_and_survive_restarts(tmp_path: Path) -> None:
    db = make_db(tmp_path)
    add_source(db, Source(id="s", kind="rss", url="http://127.0.0.1:9/feed"))
    items = [NewItem(f"g{i}", f"Field report {i}") for i in range(3)]
    first, second, third = store_items(db, "s", items).new_ids
    fw = Frontwatch(db.path, write_config(tmp_path / "config.toml", {}))

    # Opening an item in the reader marks it read; another process sees that at once.
    assert reader_doc(db, first, mark=True).marked_read
    assert _read_ids(fw) == {first}
    # Another process marks one read: this long-open connection sees it, no reopening needed.
    subprocess.run(
        [sys.executable, "-c", MARK_READ, db.path, str(second)], cwd=REPO, check=True, timeout=60
    )
    assert {h.item.id for h in search(db, "is:read").hits} == {first, second}
    db.close()

    # A restart keeps it all.
    again = open_database(tmp_path / "poll.db")
    assert {h.item.id for h in search(again, "is:unread").hits} == {third}
    again.close()
    assert _read_ids(fw) == {first, second}


async def test_a_first_poll_delivers_items_older_than_a_day_already_read(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    db = make_db(tmp_path)
    feed = Feed(httpserver)
    add(db, "s", feed.url)
    feed.entries = [
        Entry("old", "From the day before yesterday", now() - timedelta(hours=30)),
        Entry("recent", "From this morning", now() - timedelta(hours=23)),
        Entry("fresh", "From just now", now() - timedelta(minutes=1)),
    ]
    await poll_round(db)
    read = {h.item.title for h in search(db, "is:read").hits}
    assert read == {"From the day before yesterday"}
    # Only the first poll does that: a late old item later arrives unread.
    feed.entries.append(Entry("late", "Late and old", now() - timedelta(hours=40)))
    await poll_round(db)
    assert {h.item.title for h in search(db, "is:read").hits} == read


def test_watchlist_unread_counts_cover_the_last_seven_days(tmp_path: Path) -> None:
    db = make_db(tmp_path)
    add_source(db, Source(id="s", kind="rss", url="http://127.0.0.1:9/feed"))
    at = NOW
    for age_days, guid in ((8, "eight"), (6, "six"), (1, "one")):
        moment = at - timedelta(days=age_days)
        new = item(guid, f"Bradley near Pokrovsk, {guid}", places=["pokrovsk"], published=moment)
        store_items(db, "s", [new], now=moment)
    add_place(db, "pokrovsk")
    add_query(db, "bradley")
    unread = {s.rule.label: s.unread for s in watch_stats(db, now=at)}
    assert unread == {"Pokrovsk": 2, "bradley": 2}  # the 8-day-old item is not counted


async def test_the_stream_header_counts_unread_of_the_last_seven_days(tmp_path: Path) -> None:
    db = open_database(tmp_path / "fw.db")
    seed(db)
    old = NOW - timedelta(days=8)
    store_items(
        db,
        "ua-news",
        [item(f"old-{i}", f"Old unread report {i}", published=old) for i in range(3)],
        now=old,
    )
    db.close()
    app = FrontwatchApp(options(tmp_path / "fw.db"))
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot)
        stream = app.screen.stream
        await wait_for(pilot, lambda: stream.row_count == 43)
        week_ago = NOW - timedelta(days=7)

        def header_counts_the_week_only() -> bool:
            rows = [stream.row(key) for key in stream.keys]
            week = sum(not r.read and r.fetched_at >= week_ago for r in rows)
            # The 8-day-old rows are shown, unread, and left out of the count.
            return sum(not r.read for r in rows) == week + 3 and (
                f" · {week} unread" in str(stream.border_title)
            )

        await wait_for(pilot, header_counts_the_week_only)
