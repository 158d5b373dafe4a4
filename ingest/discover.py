"""Guess what kind of source a URL is (feed, Telegram channel, HTML page) and its feed URL."""

from __future__ import annotations

import re
from typing import Literal

from ingest.charset import decode_html
from ingest.htmltree import HtmlTooDeep, parse_html
from ingest.itemfields import web_url
from ingest.telegram import preview_url, telegram_channel

SourceKind = Literal["rss", "telegram", "html"]
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")
# The first element of a feed, after any XML declaration, comments, PIs and doctype.
_PROLOGUE = re.compile(rb"^(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*", re.S | re.I)
_FEED_ROOT = re.compile(rb"<(?:[\w.-]+:)?(?:rss|feed|RDF)[\s>/]")
_JSON_FEED = re.compile(rb'"version"\s*:\s*"https://jsonfeed\.org/version/')


def looks_like_feed(body: bytes) -> bool:
    """True if `body` starts like an RSS, Atom, RDF or JSON Feed document."""
    head = body[:4096].lstrip(b"\xef\xbb\xbf")
    if head.lstrip().startswith(b"{"):
        return bool(_JSON_FEED.search(head))
    start = _PROLOGUE.match(head)
    return bool(_FEED_ROOT.match(head, start.end() if start else 0))


def feed_links(html: str, base_url: str) -> list[str]:
    """The absolute URLs of a page's `<link rel="alternate">` feeds, in page order."""
    try:
        tree = parse_html(html)
    except HtmlTooDeep:
        return []
    links = []
    for node in tree.css("link[href]"):
        rel = (node.attributes.get("rel") or "").lower().split()
        media = (node.attributes.get("type") or "").lower().split(";", 1)[0].strip()
        if "alternate" in rel and media in FEED_TYPES:
            url = web_url(node.attributes.get("href"), base_url)
            if url and url not in links:
                links.append(url)
    return links


def detect_kind(url: str, body: bytes, content_type: str | None) -> tuple[SourceKind, str]:
    """Return the kind of source at `url` and the URL to poll for it.

    `t.me/<ch>` and `t.me/s/<ch>` give a Telegram source at `https://t.me/s/<ch>`; a feed
    body gives rss at `url`; an HTML page announcing a feed gives rss at the (first) feed's
    URL; any other page gives html at `url`. An empty body is judged by the URL alone.
    """
    channel = telegram_channel(url)
    if channel:
        return "telegram", preview_url(channel)
    if looks_like_feed(body):
        return "rss", url
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if media in FEED_TYPES or media == "application/rdf+xml":
        return "rss", url
    if body:
        found = feed_links(decode_html(body, content_type), url)
        if found:
            return "rss", found[0]
    return "html", url
