"""The sample sources served on loopback, fetched and parsed as the poll loop would."""

from __future__ import annotations

import gzip
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from ingest.charset import decode_html
from ingest.fetch import Fetcher, Timeouts
from ingest.parse import FeedParseError, parse_feed
from ingest.telegram import parse_telegram

FEEDS = [
    ("frontline-en.rss", "application/rss+xml; charset=utf-8", 30),
    ("analyst-en.atom", "application/atom+xml", 20),
    ("novyny-uk.rss", "text/xml", 30),
    ("oglyad-uk.rdf", "application/rdf+xml", 20),
    ("svodka-ru.xml", "text/xml; charset=utf-8", 25),  # a cp1251 feed mislabelled as UTF-8
    ("digest-ru.json", "application/feed+json", 20),
]


@pytest.fixture
async def roomy() -> AsyncIterator[Fetcher]:
    async with Fetcher("1", timeouts=Timeouts(read=5, total=10)) as fetcher:
        yield fetcher


@pytest.mark.parametrize(("name", "content_type", "count"), FEEDS)
async def test_sample_feed_over_http(
    samples: Path, httpserver: HTTPServer, roomy: Fetcher, name: str, content_type: str, count: int
) -> None:
    body = (samples / "feeds" / name).read_bytes()
    httpserver.expect_request(f"/{name}").respond_with_data(
        gzip.compress(body), content_type=content_type, headers={"Content-Encoding": "gzip"}
    )
    result = await roomy.fetch(httpserver.url_for(f"/{name}"), allow_private=True)
    assert result.ok and result.body == body
    feed = parse_feed(result.body, result.headers, result.final_url)
    assert len(feed.items) == count
    assert all(item.title and "\ufffd" not in item.title for item in feed.items)


async def test_telegram_page_over_http(
    samples: Path, httpserver: HTTPServer, roomy: Fetcher
) -> None:
    page = (samples / "telegram/milblog_ru.html").read_bytes()
    httpserver.expect_request("/s/milblog_ru").respond_with_data(
        page, content_type="text/html; charset=utf-8"
    )
    result = await roomy.fetch(httpserver.url_for("/s/milblog_ru"), allow_private=True)
    html = decode_html(result.body, result.headers.get("content-type"))
    assert len(parse_telegram(html, result.final_url).items) == 15


async def test_html_page_instead_of_a_feed(
    samples: Path, httpserver: HTTPServer, roomy: Fetcher
) -> None:
    httpserver.expect_request("/feed").respond_with_data(
        (samples / "html/index.html").read_bytes(), content_type="text/html"
    )
    result = await roomy.fetch(httpserver.url_for("/feed"), allow_private=True)
    with pytest.raises(FeedParseError, match="got an HTML page"):
        parse_feed(result.body, result.headers, result.final_url)
