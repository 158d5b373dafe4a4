"""Offline, sleep, gaps: frozen streaks, wall-clock schedules, gap status, capped backfill."""

from __future__ import annotations

import asyncio
import socket
import time
from datetime import timedelta
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

import ingest.monitor
from ingest.cpu import CpuPool
from ingest.monitor import Monitor
from ingest.poll_source import PollSettings
from storage.sources import due_sources, get_source
from tests.contract.contract_kit import Entry, Feed, Post, now, telegram_page
from tests.ingest.poll_kit import KeywordTagger, add, count, fetcher, make_db, poll_round, status
from tui.data.loaders import poll_snapshot
from tui.data.poll_state import ChildState, describe_polling


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _header(db) -> str:  # noqa: ANN001
    parts = describe_polling(ChildState("running", 1), poll_snapshot(db), now())
    return " | ".join(p.text for p in parts)


async def test_offline_rounds_freeze_streaks_and_backoff_then_all_sources_return_within_a_minute(
    tmp_path: Path,
) -> None:
    port = _free_port()
    server = HTTPServer(host="127.0.0.1", port=port)
    good = '<rss version="2.0"><channel><item><guid>1</guid><title>t</title></item></channel></rss>'
    server.expect_request("/a").respond_with_data(good, content_type="application/rss+xml")
    server.expect_request("/b").respond_with_data("down", status=500)
    server.start()
    db = make_db(tmp_path)
    add(db, "a", f"http://127.0.0.1:{port}/a")
    add(db, "b", f"http://127.0.0.1:{port}/b")
    try:
        for _ in range(2):
            await poll_round(db)
    finally:
        server.stop()
    assert status(db, "b")[:2] == ("error", 2)  # a streak, backing off (4 min)

    for _ in range(3):  # the network is gone: every fetch is refused
        summary = await poll_round(db)
        assert summary.offline
        assert [status(db, s)[:2] for s in ("a", "b")] == [("offline", 0), ("offline", 2)]
        assert "⌁ offline" in _header(db) and "failing" not in _header(db)
        round_at = now()
        # Neither streak grew nor backed off: both are due again within a minute.
        assert not due_sources(db, round_at)
        assert {s.id for s in due_sources(db, round_at + timedelta(minutes=1))} == {"a", "b"}

    server = HTTPServer(host="127.0.0.1", port=port)
    server.expect_request("/a").respond_with_data(good, content_type="application/rss+xml")
    server.expect_request("/b").respond_with_data(good, content_type="application/rss+xml")
    server.start()
    try:
        back = await poll_round(db)
    finally:
        server.stop()
    assert not back.offline and back.ok == 2
    assert status(db, "b") == ("ok", 0, None)
    assert "offline" not in _header(db)


async def test_a_machine_waking_from_sleep_polls_what_is_due_at_once(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The real loop looks at the wall clock at least every 5 s; scaled down here.
    assert ingest.monitor.CHECK_EVERY <= 5
    monkeypatch.setattr(ingest.monitor, "CHECK_EVERY", 0.2)
    feed = Feed(httpserver)
    feed.entries = [Entry("x", "Quiet", now())]
    db = make_db(tmp_path)
    add(db, "s", feed.url)
    db.conn().execute("UPDATE sources SET interval = 3600")  # next poll an hour after this one
    wall = [now()]
    async with fetcher() as f:
        monitor = Monitor(
            db,
            f,
            CpuPool(tagger=KeywordTagger()),
            settings=PollSettings(jitter=0.0),
            clock=lambda: wall[0],
        )
        stop = asyncio.Event()
        loop = asyncio.create_task(monitor.run_forever(stop))
        try:
            await _until(lambda: get_source(db, "s").polls == 1, 5, "the first poll")
            assert get_source(db, "s").next_poll_at >= wall[0] + timedelta(minutes=59)
            # Suspended for two hours: the monotonic clock stood still, the wall clock did not.
            wall[0] += timedelta(hours=2)
            await _until(lambda: get_source(db, "s").polls == 2, 2, "the poll due while asleep")
            assert feed.hits == 2
        finally:
            stop.set()
            await asyncio.wait_for(loop, timeout=5)


async def _until(condition, limit: float, what: str) -> None:  # noqa: ANN001
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.02)


async def test_an_rss_poll_sharing_no_guid_with_what_is_stored_is_a_gap(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    db = make_db(tmp_path)
    feed = Feed(httpserver)
    add(db, "s", feed.url)
    feed.entries = [Entry(f"a{i}", f"Report {i}", now()) for i in range(5)]
    await poll_round(db)
    assert status(db, "s")[0] == "ok"  # a first poll knows nothing yet: no gap
    feed.entries = [*feed.entries[1:], Entry("a5", "Report 5", now())]
    await poll_round(db)
    assert status(db, "s")[0] == "ok"  # overlaps what is stored
    feed.entries = [Entry(f"b{i}", f"Later report {i}", now()) for i in range(5)]
    await poll_round(db)
    assert status(db, "s")[0] == "gap"
    assert count(db, "SELECT count(*) FROM items") == 11


async def test_telegram_backfill_stops_after_five_pages(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    pages = {"newest": 100}

    def handler(request):  # noqa: ANN001, ANN202
        from werkzeug import Response

        # Every page is older than the one before and never reaches what is stored.
        newest = int(request.args.get("before", pages["newest"] + 1)) - 1
        posts = [Post(n, f"Post {n}", now()) for n in range(newest - 9, newest + 1)]
        return Response(telegram_page("deep", posts, before=newest - 9), content_type="text/html")

    httpserver.expect_request("/s/deep").respond_with_handler(handler)
    db = make_db(tmp_path)
    add(db, "deep", httpserver.url_for("/s/deep"), kind="telegram")
    await poll_round(db)
    assert count(db, "SELECT count(*) FROM items") == 10
    httpserver.clear_log()
    pages["newest"] = 10_000  # a burst: nothing on the page is known any more
    await poll_round(db)
    assert status(db, "deep")[0] == "gap"
    backfills = [str(entry[0].url) for entry in httpserver.log if "before=" in str(entry[0].url)]
    assert len(backfills) == 5
    assert count(db, "SELECT count(*) FROM items") == 10 + 10 + 5 * 10
