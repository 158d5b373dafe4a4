"""Each HTTP outcome leaves the database consistent and the source's status true."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from tests.ingest.poll_kit import add, count, make_db, poll_round, status

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>t</title>
{items}
</channel></rss>"""
ITEM = """<item><title>{title}</title><link>http://example.invalid/{guid}</link>
<guid>{guid}</guid><pubDate>Sun, 22 Nov 2026 03:00:00 +0000</pubDate>
<description>{body}</description></item>"""


def feed(*items: tuple[str, str, str]) -> str:
    return RSS.format(items="".join(ITEM.format(guid=g, title=t, body=b) for g, t, b in items))


ONE = feed(("a1", "Fighting near Pokrovsk", "Assaults continue near Pokrovsk."))


def integrity(db) -> None:  # noqa: ANN001
    assert count(db, "SELECT count(*) FROM items") == count(db, "SELECT count(*) FROM items_fts")
    with db.reading() as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.execute("INSERT INTO items_fts(items_fts) VALUES ('integrity-check')")


async def test_200_stores_and_says_ok(tmp_path: Path, httpserver: HTTPServer) -> None:
    db = make_db(tmp_path)
    httpserver.expect_request("/feed").respond_with_data(ONE, content_type="application/rss+xml")
    add(db, "s", httpserver.url_for("/feed"))
    summary = await poll_round(db)
    assert (summary.ok, summary.new_items) == (1, 1)
    assert status(db, "s") == ("ok", 0, None)
    assert count(db, "SELECT count(*) FROM item_places WHERE place_id = 'pokrovsk'") == 1
    assert count(db, "SELECT count(*) FROM fetch_log WHERE source_id = 's'") == 1
    integrity(db)


async def test_304_costs_no_parse_and_keeps_validators(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    db = make_db(tmp_path)

    def handler(request):  # noqa: ANN001, ANN202
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304)
        return Response(ONE, content_type="application/rss+xml", headers={"ETag": '"v1"'})

    httpserver.expect_request("/feed").respond_with_handler(handler)
    add(db, "s", httpserver.url_for("/feed"))
    await poll_round(db)
    summary = await poll_round(db)
    assert summary.not_modified == 1
    assert status(db, "s")[0] == "not_modified"
    with db.reading() as conn:
        assert conn.execute("SELECT etag FROM sources").fetchone()[0] == '"v1"'
    assert count(db, "SELECT count(*) FROM items") == 1
    integrity(db)


@pytest.mark.parametrize(
    ("code", "paused"),
    [(404, False), (500, False), (410, True)],
)
async def test_http_errors(tmp_path: Path, httpserver: HTTPServer, code: int, paused: bool) -> None:
    db = make_db(tmp_path)
    httpserver.expect_request("/feed").respond_with_data("nope", status=code)
    add(db, "s", httpserver.url_for("/feed"))
    summary = await poll_round(db)
    assert summary.failed == 1
    last_status, errors, error = status(db, "s")
    assert last_status == "error" and errors == 1 and str(code) in (error or "")
    with db.reading() as conn:
        enabled = conn.execute("SELECT enabled FROM sources").fetchone()[0]
    assert enabled == (0 if paused else 1)
    integrity(db)


async def test_errors_back_off_and_recover(tmp_path: Path, httpserver: HTTPServer) -> None:
    db = make_db(tmp_path)
    calls = {"n": 0}

    def handler(request):  # noqa: ANN001, ANN202
        calls["n"] += 1
        if calls["n"] <= 2:
            return Response("down", status=503)
        return Response(ONE, content_type="application/rss+xml")

    httpserver.expect_request("/feed").respond_with_handler(handler)
    add(db, "s", httpserver.url_for("/feed"))
    await poll_round(db)
    first_gap = count(db, "SELECT next_poll_at - last_polled_at FROM sources")
    await poll_round(db)
    second_gap = count(db, "SELECT next_poll_at - last_polled_at FROM sources")
    assert status(db, "s")[1] == 2
    assert second_gap >= 2 * first_gap - 1  # doubled
    await poll_round(db)
    assert status(db, "s") == ("ok", 0, None)
    assert count(db, "SELECT count(*) FROM items") == 1


async def test_429_retry_after_is_honoured(tmp_path: Path, httpserver: HTTPServer) -> None:
    db = make_db(tmp_path)
    httpserver.expect_request("/feed").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "3600"}
    )
    add(db, "s", httpserver.url_for("/feed"))
    await poll_round(db)
    assert count(db, "SELECT next_poll_at - last_polled_at FROM sources") >= 3600
    assert status(db, "s")[0] == "error"


async def test_permanent_redirect_updates_url(tmp_path: Path, httpserver: HTTPServer) -> None:
    db = make_db(tmp_path)
    new_url = httpserver.url_for("/new")
    httpserver.expect_request("/old").respond_with_data(
        "", status=301, headers={"Location": new_url}
    )
    httpserver.expect_request("/new").respond_with_data(ONE, content_type="application/rss+xml")
    add(db, "s", httpserver.url_for("/old"))
    await poll_round(db)
    with db.reading() as conn:
        assert conn.execute("SELECT url FROM sources").fetchone()[0] == new_url
    assert status(db, "s")[0] == "ok"


async def test_redirect_loop_is_an_error(tmp_path: Path, httpserver: HTTPServer) -> None:
    db = make_db(tmp_path)
    httpserver.expect_request("/a").respond_with_data(
        "", status=302, headers={"Location": httpserver.url_for("/b")}
    )
    httpserver.expect_request("/b").respond_with_data(
        "", status=302, headers={"Location": httpserver.url_for("/a")}
    )
    add(db, "s", httpserver.url_for("/a"))
    await poll_round(db)
    assert status(db, "s")[0] == "error"
    assert "redirect" in (status(db, "s")[2] or "")


async def test_gzip_body(tmp_path: Path, httpserver: HTTPServer) -> None:
    db = make_db(tmp_path)
    httpserver.expect_request("/feed").respond_with_data(
        gzip.compress(ONE.encode()),
        content_type="application/rss+xml",
        headers={"Content-Encoding": "gzip"},
    )
    add(db, "s", httpserver.url_for("/feed"))
    assert (await poll_round(db)).new_items == 1


async def test_gzip_bomb_stops_at_cap(tmp_path: Path, httpserver: HTTPServer) -> None:
    db = make_db(tmp_path)
    bomb = gzip.compress(b"<rss>" + b" " * 30_000_000)
    httpserver.expect_request("/feed").respond_with_data(
        bomb, content_type="application/rss+xml", headers={"Content-Encoding": "gzip"}
    )
    add(db, "s", httpserver.url_for("/feed"))
    await poll_round(db)
    last_status, errors, error = status(db, "s")
    assert last_status == "error" and errors == 1
    assert "large" in (error or "") or "cap" in (error or "") or "MB" in (error or "")


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        ("<html><body><p>a news site</p></body></html>", "text/html", "error"),
        ("", "application/rss+xml", "error"),
        (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>',
            "application/rss+xml",
            "parse_empty",
        ),
    ],
)
async def test_not_a_feed(
    tmp_path: Path, httpserver: HTTPServer, body: str, content_type: str, expected: str
) -> None:
    db = make_db(tmp_path)
    httpserver.expect_request("/feed").respond_with_data(body, content_type=content_type)
    add(db, "s", httpserver.url_for("/feed"))
    await poll_round(db)
    assert status(db, "s")[0] == expected
    assert status(db, "s")[1] == 1
    assert count(db, "SELECT count(*) FROM items") == 0


async def test_truncated_xml_keeps_what_parses(tmp_path: Path, httpserver: HTTPServer) -> None:
    db = make_db(tmp_path)
    whole = feed(("a1", "First about Pokrovsk", "x"), ("a2", "Second", "y"), ("a3", "Third", "z"))
    httpserver.expect_request("/feed").respond_with_data(
        whole[: whole.index("<guid>a3")], content_type="application/rss+xml"
    )
    add(db, "s", httpserver.url_for("/feed"))
    await poll_round(db)
    assert count(db, "SELECT count(*) FROM items") >= 2
    last_status, _, warning = status(db, "s")
    assert last_status == "ok" and warning  # kept, with the parser's warning recorded


async def test_duplicate_missing_guids_and_dates(tmp_path: Path, httpserver: HTTPServer) -> None:
    db = make_db(tmp_path)
    body = RSS.format(
        items=(
            "<item><title>Same guid first</title><guid>dup</guid></item>"
            "<item><title>Same guid second</title><guid>dup</guid></item>"
            "<item><title>No guid but a link</title><link>http://example.invalid/x</link></item>"
            "<item><title>Neither guid nor link</title><description>text</description></item>"
            "<item><title>From the future</title><guid>fut</guid>"
            "<pubDate>Tue, 01 Jan 2036 00:00:00 +0000</pubDate></item>"
        )
    )
    httpserver.expect_request("/feed").respond_with_data(body, content_type="application/rss+xml")
    add(db, "s", httpserver.url_for("/feed"))
    await poll_round(db)
    assert count(db, "SELECT count(*) FROM items") == 4
    # Undated and future-dated items take their first-seen time.
    assert count(db, "SELECT count(*) FROM items WHERE published_at > fetched_at") == 0
    second = await poll_round(db)
    assert second.new_items == 0
    assert count(db, "SELECT count(*) FROM items") == 4


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r"])
async def test_wrong_or_missing_charset(
    tmp_path: Path, httpserver: HTTPServer, encoding: str
) -> None:
    db = make_db(tmp_path)
    body = feed(("r1", "Бои под Покровском", "Штурмы продолжаются")).replace(
        'encoding="utf-8"', f'encoding="{encoding}"'
    )
    httpserver.expect_request("/feed").respond_with_data(
        body.encode(encoding), content_type="text/xml; charset=utf-8"
    )
    add(db, "s", httpserver.url_for("/feed"))
    await poll_round(db)
    with db.reading() as conn:
        assert conn.execute("SELECT title FROM items").fetchone()[0] == "Бои под Покровском"
    assert count(db, "SELECT count(*) FROM item_places WHERE place_id = 'pokrovsk'") == 1


async def test_one_failure_never_touches_another(tmp_path: Path, httpserver: HTTPServer) -> None:
    db = make_db(tmp_path)
    httpserver.expect_request("/bad").respond_with_data("x", status=500)
    httpserver.expect_request("/good").respond_with_data(ONE, content_type="application/rss+xml")
    add(db, "bad", httpserver.url_for("/bad"))
    add(db, "good", httpserver.url_for("/good"))
    await poll_round(db)
    assert status(db, "good") == ("ok", 0, None)
    assert status(db, "bad")[0] == "error"
