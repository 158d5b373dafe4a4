"""The monitor contract: stored once, unchanged polls cost nothing, offline, gaps, slow pages."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from frontwatch.demo import DemoServer, add_demo_sources
from storage.sources import get_source, poll_now
from tests.ingest.poll_kit import add, count, fetcher, make_db, poll_round, status

# Unique guids per bundled source (novyny-uk repeats one guid on purpose).
SAMPLE_ITEMS = 30 + 20 + 29 + 20 + 25 + 20 + 15 + 15 + 3


@pytest.fixture
def demo() -> Iterator[DemoServer]:
    """The bundled samples with every item already released."""
    server = DemoServer(start=datetime.now(UTC) - timedelta(hours=1))
    server.start()
    yield server
    server.stop()


def count_item_writes(db) -> None:  # noqa: ANN001
    with db.reading() as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS item_writes (n INTEGER)")
        for event in ("INSERT", "UPDATE", "DELETE"):
            conn.execute(
                f"CREATE TRIGGER IF NOT EXISTS count_{event.lower()} AFTER {event} ON items "
                "BEGIN INSERT INTO item_writes VALUES (1); END"
            )


async def test_samples_are_stored_exactly_once(tmp_path: Path, demo: DemoServer) -> None:
    db = make_db(tmp_path)
    add_demo_sources(db, demo.base_url)
    first = await poll_round(db)
    assert first.failed == 0, [get_source(db, s).last_error for s in ("frontline-en",)]
    assert count(db, "SELECT count(*) FROM items") == SAMPLE_ITEMS
    assert (
        count(
            db,
            "SELECT count(*) FROM (SELECT source_id, guid FROM items "
            "GROUP BY 1, 2 HAVING count(*) > 1)",
        )
        == 0
    )
    # The same story in two feeds is stored twice but linked, so it counts once.
    assert count(db, "SELECT count(*) FROM items WHERE dup_of IS NOT NULL") >= 2
    second = await poll_round(db)
    assert second.new_items == 0
    assert count(db, "SELECT count(*) FROM items") == SAMPLE_ITEMS


async def test_unchanged_polls_cost_no_writes_or_article_fetches(
    tmp_path: Path, demo: DemoServer
) -> None:
    db = make_db(tmp_path)
    add_demo_sources(db, demo.base_url)
    await poll_round(db, extract=True)
    count_item_writes(db)
    demo.requests.clear()
    for _ in range(3):
        summary = await poll_round(db, extract=True)
        assert summary.new_items == 0
    assert count(db, "SELECT count(*) FROM item_writes") == 0
    # Only the sources themselves were fetched: no article page, no parse-driven fetch.
    sources = {s.path for s in __import__("sample_feeds").sample_sources()}
    assert {r.split("?")[0].lstrip("/") for r in demo.requests} <= sources


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_offline_rounds_freeze_streaks_then_recover(tmp_path: Path) -> None:
    db = make_db(tmp_path)
    port = _free_port()
    for name in ("a", "b"):
        add(db, name, f"http://127.0.0.1:{port}/{name}")
    for _ in range(3):
        summary = await poll_round(db)
        assert summary.offline
        for name in ("a", "b"):
            last_status, errors, _ = status(db, name)
            assert (last_status, errors) == ("offline", 0)
    gap = count(db, "SELECT max(next_poll_at - last_polled_at) FROM sources")
    assert gap <= 30  # polled again within a minute of the network returning
    server = HTTPServer(host="127.0.0.1", port=port)
    body = (
        '<?xml version="1.0"?><rss version="2.0"><channel><item><guid>x</guid>'
        "<title>Back near Pokrovsk</title></item></channel></rss>"
    )
    server.expect_request("/a").respond_with_data(body, content_type="application/rss+xml")
    server.expect_request("/b").respond_with_data(body, content_type="application/rss+xml")
    server.start()
    try:
        summary = await poll_round(db)
    finally:
        server.stop()
    assert not summary.offline and summary.ok == 2
    assert status(db, "a") == ("ok", 0, None)


async def test_one_unreachable_source_among_many_is_an_error(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    db = make_db(tmp_path)
    httpserver.expect_request("/ok").respond_with_data(
        '<rss version="2.0"><channel><item><guid>1</guid><title>t</title></item></channel></rss>',
        content_type="application/rss+xml",
    )
    add(db, "up", httpserver.url_for("/ok"))
    add(db, "down", f"http://127.0.0.1:{_free_port()}/feed")
    summary = await poll_round(db)
    assert not summary.offline
    assert status(db, "down")[:2] == ("error", 1)


async def test_read_timeout_and_reset(tmp_path: Path, raw_server) -> None:  # noqa: ANN001
    release = asyncio.Event()

    async def stall(conn) -> None:  # noqa: ANN001
        await conn.read_request()
        await release.wait()

    async def reset(conn) -> None:  # noqa: ANN001
        await conn.read_request()
        conn.reset()

    stalled = await raw_server(stall)
    resetting = await raw_server(reset)
    db = make_db(tmp_path)
    add(db, "slow", stalled.url + "/feed")
    add(db, "reset", resetting.url + "/feed")
    await poll_round(db)
    release.set()
    assert status(db, "slow")[0] == "error" and "timeout" in (status(db, "slow")[2] or "")
    assert status(db, "reset")[0] == "error"


def _telegram_page(channel: str, ids: range, before: int | None) -> str:
    more = (
        f'<a href="/s/{channel}?before={before}" class="tme_messages_more js-messages_more" '
        f'data-before="{before}"></a>'
        if before
        else ""
    )
    posts = "".join(
        f'<div class="tgme_widget_message_wrap"><div class="tgme_widget_message js-widget_message"'
        f' data-post="{channel}/{i}"><div class="tgme_widget_message_text js-message_text">'
        f'Post {i} about Pokrovsk</div><div class="tgme_widget_message_footer">'
        f'<a class="tgme_widget_message_date" href="https://t.me/{channel}/{i}">'
        f'<time datetime="2026-11-21T10:{i % 60:02d}:00+00:00">x</time></a></div></div></div>'
        for i in ids
    )
    return (
        '<html><body><div class="tgme_channel_info"><div class="tgme_channel_info_header_title">'
        f"<span>{channel}</span></div></div><main><section>{more}{posts}</section></main>"
        "</body></html>"
    )


async def test_gap_is_reported_and_telegram_backfills(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    db = make_db(tmp_path)
    pages = {"page": _telegram_page("chan", range(100, 110), before=100)}

    def handler(request):  # noqa: ANN001, ANN202
        from werkzeug import Response

        before = request.args.get("before")
        if before == "200":  # the page just older than the new one: joins up with what we had
            return Response(
                _telegram_page("chan", range(105, 200), before=105), content_type="text/html"
            )
        return Response(pages["page"], content_type="text/html")

    httpserver.expect_request("/s/chan").respond_with_handler(handler)
    add(db, "chan", httpserver.url_for("/s/chan"), kind="telegram")
    await poll_round(db)
    assert count(db, "SELECT count(*) FROM items") == 10
    # A burst of 220 posts later: the preview shows only the newest, none of them known.
    pages["page"] = _telegram_page("chan", range(200, 220), before=200)
    await poll_round(db)
    assert status(db, "chan")[0] == "gap"
    # Backfill fetched the older page and filled the hole between 110 and 200.
    assert count(db, "SELECT count(*) FROM items") == 120
    assert any("before=200" in str(entry[0].url) for entry in httpserver.log)


async def test_slow_article_server_never_delays_an_item(
    tmp_path: Path,
    httpserver: HTTPServer,
    raw_server,  # noqa: ANN001
) -> None:
    release = asyncio.Event()

    async def stall(conn) -> None:  # noqa: ANN001
        await conn.read_request()
        await release.wait()  # would stall 25 s and more

    article_host = await raw_server(stall)
    body = (
        '<rss version="2.0"><channel><item><guid>s1</guid><title>Short item about Pokrovsk</title>'
        f"<link>{article_host.url}/article</link><description>Short.</description></item>"
        "</channel></rss>"
    )
    httpserver.expect_request("/feed").respond_with_data(body, content_type="application/rss+xml")
    db = make_db(tmp_path)
    add(db, "s", httpserver.url_for("/feed"))
    poll_now(db)
    from ingest.cpu import CpuPool
    from ingest.monitor import Monitor
    from ingest.poll_source import PollSettings
    from tests.ingest.poll_kit import KeywordTagger

    async with fetcher(read_timeout=30.0) as f:
        monitor = Monitor(db, f, CpuPool(tagger=KeywordTagger()), settings=PollSettings(jitter=0.0))
        stop = asyncio.Event()
        started = time.monotonic()
        loop = asyncio.create_task(monitor.run_forever(stop))
        while count(db, "SELECT count(*) FROM items") == 0:
            assert time.monotonic() - started < 2.0, "item not stored within 2 s"
            await asyncio.sleep(0.02)
        stored_after = time.monotonic() - started
        with db.reading() as conn:
            state = conn.execute("SELECT extract_state FROM items").fetchone()[0]
        stop.set()
        release.set()
        await asyncio.wait_for(loop, timeout=5)
    assert stored_after < 2.0
    assert state == "pending"  # stored first; the full text would follow
