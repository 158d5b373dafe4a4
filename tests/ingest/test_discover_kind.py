"""Telling a feed, a Telegram channel and an HTML page apart, and finding announced feeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.discover import detect_kind, feed_links, looks_like_feed


@pytest.mark.parametrize(
    "url",
    ["https://t.me/deepstate_like", "https://t.me/s/deepstate_like", "t.me/deepstate_like/10412"],
)
def test_telegram_urls(url: str) -> None:
    assert detect_kind(url, b"", None) == ("telegram", "https://t.me/s/deepstate_like")


@pytest.mark.parametrize(
    "name",
    ["frontline-en.rss", "analyst-en.atom", "oglyad-uk.rdf", "svodka-ru.xml", "digest-ru.json"],
)
def test_sample_feed_bodies_are_rss(samples: Path, name: str) -> None:
    url = f"http://127.0.0.1:8000/feeds/{name}"
    body = (samples / "feeds" / name).read_bytes()
    assert looks_like_feed(body)
    assert detect_kind(url, body, "text/plain") == ("rss", url)


def test_html_page_announcing_a_feed(samples: Path) -> None:
    body = (samples / "html/index.html").read_bytes()
    url = "http://127.0.0.1:8000/html/index.html"
    assert detect_kind(url, body, "text/html; charset=utf-8") == (
        "rss",
        "http://127.0.0.1:8000/html/feed.xml",
    )


def test_html_page_without_a_feed(samples: Path) -> None:
    body = (samples / "html/articles/dobropillia-coal-town.html").read_bytes()
    url = "http://127.0.0.1:8000/html/articles/dobropillia-coal-town.html"
    assert detect_kind(url, body, "text/html") == ("html", url)


def test_feed_links_in_order_and_filtered() -> None:
    html = """<html><head>
      <link rel="stylesheet" href="/s.css">
      <link rel="alternate" type="application/atom+xml" href="/atom.xml">
      <link rel="Alternate" type="application/rss+xml; charset=utf-8" href="https://e.org/rss">
      <link rel="alternate" type="application/feed+json" href="feed.json">
      <link rel="alternate" type="text/html" hreflang="uk" href="/uk/">
      <link rel="alternate" type="application/rss+xml" href="javascript:x()">
    </head></html>"""
    assert feed_links(html, "https://e.org/news/") == [
        "https://e.org/atom.xml",
        "https://e.org/rss",
        "https://e.org/news/feed.json",
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- c -->\n<rss version="2.0">', True),
        (b'<?xml-stylesheet href="x.xsl"?><feed xmlns="http://www.w3.org/2005/Atom">', True),
        (b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">', True),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": []}', True),
        (b'{"version": "2", "items": []}', False),
        (b"<!DOCTYPE html><html><body><rss>", False),
        (b"", False),
    ],
)
def test_looks_like_feed(body: bytes, expected: bool) -> None:
    assert looks_like_feed(body) is expected


def test_feed_content_type_with_an_empty_body() -> None:
    assert detect_kind("https://e.org/x", b"", "application/rss+xml") == ("rss", "https://e.org/x")
    assert detect_kind("https://e.org/x", b"", "") == ("html", "https://e.org/x")
