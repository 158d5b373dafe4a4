"""JSON Feed 1.0 and 1.1 parsing, detected by content type or by a leading brace."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ingest.parse import FeedParseError, parse_feed

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
URL = "http://frontwatch.invalid/digest/feed.json"


def as_body(doc: object) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def test_sample_json_feed(samples: Path) -> None:
    raw = (samples / "feeds/digest-ru.json").read_bytes()
    feed = parse_feed(raw, {"content-type": "application/feed+json"}, URL, now=NOW)
    doc = json.loads(raw)
    assert feed.title == doc["title"] and feed.lang == "ru"
    assert [item.guid for item in feed.items] == [item["id"] for item in doc["items"]]
    first = feed.items[0]
    assert first.published_at == datetime.fromisoformat(doc["items"][0]["date_published"])
    assert first.author and first.lang == "ru"
    assert any("\n" in item.content for item in feed.items)  # paragraphs kept as line breaks
    assert not any("<p>" in item.content or "&nbsp;" in item.content for item in feed.items)
    assert all(item.content or item.summary for item in feed.items)


def test_json_feed_1_1_fields() -> None:
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Digest",
        "home_page_url": "https://example.org/",
        "language": "uk-UA",
        "items": [
            {
                "id": "a1",
                "url": "/posts/a1",
                "title": "Title\u0007 one",
                "content_html": "<p>Body&nbsp;text about <b>Pokrovsk</b>.</p><p>More.</p>",
                "content_text": "short",
                "summary": "A summary",
                "date_published": "2026-11-19T08:00:00+02:00",
                "authors": [{"name": "A. Author"}, {"name": "B. Author"}],
                "language": "ru",
            },
            {"id": 42, "content_text": "Untitled post. With a second sentence.\nSecond line."},
            {"id": "future", "title": "Later", "date_published": "2031-01-01T00:00:00Z"},
            {"id": "bad-date", "title": "Bad date", "date_published": "yesterday"},
            "not an object",
        ],
    }
    feed = parse_feed(as_body(doc), {"content-type": "application/feed+json"}, URL, now=NOW)
    assert feed.title == "Digest" and feed.lang == "uk" and feed.link == "https://example.org/"
    first, untitled, future, bad_date = feed.items
    assert first.title == "Title one"
    assert first.url == "http://frontwatch.invalid/posts/a1"
    assert first.content == "Body text about Pokrovsk.\n\nMore."  # the longer of html and text
    assert first.summary == "A summary"
    assert first.author == "A. Author, B. Author"
    assert first.published_at == datetime(2026, 11, 19, 6, 0, tzinfo=UTC)
    assert first.lang == "ru"
    assert untitled.guid == "42" and untitled.title == "Untitled post. With a second sentence."
    assert untitled.lang == "uk"
    assert future.published_at is None
    assert bad_date.published_at is None
    assert feed.warnings == ("JSON Feed item 4 is not an object, skipped",)


def test_json_feed_1_0_author_and_no_content_type() -> None:
    doc = {
        "version": "https://jsonfeed.org/version/1",
        "title": "Old",
        "items": [{"id": "x", "url": "https://example.org/x", "author": {"name": "Solo"}}],
    }
    (item,) = parse_feed(b"\xef\xbb\xbf  " + as_body(doc), {}, URL).items
    assert item.author == "Solo"
    assert item.title == "" and item.url == "https://example.org/x"


def test_json_feed_guid_falls_back_to_url() -> None:
    doc = {"version": "https://jsonfeed.org/version/1.1", "items": [{"url": "https://e.org/1"}]}
    (item,) = parse_feed(as_body(doc), {}, URL).items
    assert item.guid == "https://e.org/1"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"{not json", "not a feed: bad JSON"),
        (b'{"title": "no version", "items": []}', "not a feed: JSON without a JSON Feed version"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": {}}', "without an items list"),
        (b"[" * 100_000, "not a feed"),
    ],
)
def test_bad_json_feeds_raise_one_line(body: bytes, message: str) -> None:
    with pytest.raises(FeedParseError, match=message) as caught:
        parse_feed(body, {"content-type": "application/json"}, URL)
    assert "\n" not in str(caught.value)
