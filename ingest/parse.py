"""Parse fetched feed bytes (RSS, Atom, RDF via feedparser; JSON Feed) into plain items."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import feedparser

from ingest import charset
from ingest.errors import FeedParseError, one_line
from ingest.itemfields import clamp_date, fallback_guid, lang_code, utc_now, web_url
from ingest.jsonfeed import looks_like_json, parse_json_feed
from ingest.textclean import clean_text, headline, html_to_text
from ingest.types import ParsedFeed, ParsedItem

__all__ = ["FeedParseError", "feed_fingerprint", "parse_feed"]

_HTML_TAG = re.compile(rb"<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.IGNORECASE)
_DATE_KEYS = ("published", "updated", "created")


def feed_fingerprint(body: bytes) -> str:
    """Return a sha256 hex digest of `body`, so an unchanged document need not be parsed."""
    return hashlib.sha256(body).hexdigest()


def parse_feed(
    body: bytes, headers: Mapping[str, str], url: str, *, now: datetime | None = None
) -> ParsedFeed:
    """Parse a fetched feed document into plain-text items.

    Args:
        body: The response body, already decompressed.
        headers: The response headers (any case); Content-Type guides charset and format.
        url: The URL the body came from; relative links resolve against it.
        now: The current time (UTC); dates over a day later than it are clamped to it.

    Returns:
        The feed's items in document order (duplicates kept) and any warnings.

    Raises:
        FeedParseError: The body holds no feed at all (empty, HTML page, junk).
    """
    now = now or utc_now()
    headers = {key.lower(): value for key, value in headers.items()}
    content_type = headers.get("content-type", "")
    start = body.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not start:
        raise FeedParseError("not a feed: empty body")
    if looks_like_json(start, content_type):
        return parse_json_feed(body, url, now=now)
    if _HTML_TAG.match(_after_comments(start[:4096])):
        raise FeedParseError("not a feed: got an HTML page")
    # No base URL for feedparser: it would resolve relative guids against it, and a guid must
    # not change when the feed moves. Links are made absolute below instead.
    body, headers, warnings = _mend_charset(body, headers)
    result = feedparser.parse(
        body, response_headers=headers, sanitize_html=False, resolve_relative_uris=False
    )
    if not result.get("version") and not result.entries:
        raise FeedParseError(f"not a feed: {_why(result, content_type)}")
    warning = _bozo_warning(result)
    if warning:
        warnings.append(warning)
    feed = result.feed
    feed_lang = lang_code(feed.get("language"))
    items = tuple(_item(entry, feed_lang, url, now) for entry in result.entries)
    return ParsedFeed(
        items=items,
        title=_text(feed.get("title_detail"), feed.get("title")) or None,
        link=web_url(feed.get("link"), url),
        lang=feed_lang,
        warnings=tuple(warnings),
    )


def _after_comments(head: bytes) -> bytes:
    """`head` without the comments (and spaces) it opens with."""
    while head.startswith(b"<!--"):
        end = head.find(b"-->")
        if end < 0:
            return b""
        head = head[end + 3 :].lstrip()
    return head


def _mend_charset(body: bytes, headers: dict[str, str]) -> tuple[bytes, dict[str, str], list[str]]:
    """Hand feedparser UTF-8 when the bytes are in a different charset than labelled."""
    content_type = headers.get("content-type")
    declared = charset.http_charset(content_type) or charset.declared_xml_charset(body)
    decision = charset.decide(body, declared)
    if decision.codec is None or decision.codec.startswith(("utf-16", "utf-32")):
        return body, headers, []
    warnings = []
    if decision.overridden:
        warnings.append(f"charset: labelled {declared}, read as {decision.codec}")
    mended = dict(headers)
    if content_type:
        mended["content-type"] = charset.with_utf8_charset(content_type) or content_type
    return charset.as_utf8_xml(body, decision.codec), mended, warnings


def _why(result: Any, content_type: str) -> str:
    if "html" in content_type:
        return "got an HTML page"
    error = result.get("bozo_exception")
    found = "no RSS, Atom or RDF document found"
    if error is None or isinstance(error, feedparser.ThingsNobodyCaresAboutButMe):
        return found
    return f"{found} ({one_line(error)})"


def _bozo_warning(result: Any) -> str | None:
    """A warning for a document feedparser flagged, or None when the flag says nothing useful.

    A missing or odd Content-Type (NonXMLContentType) is common and harmless.
    """
    error = result.get("bozo_exception")
    if not result.get("bozo") or isinstance(error, feedparser.NonXMLContentType):
        return None
    if isinstance(error, feedparser.CharacterEncodingOverride):
        return f"encoding: {one_line(error)}"
    return f"broken XML, kept {len(result.entries)} items: {one_line(error)}"


def _text(detail: Mapping[str, Any] | None, fallback: str | None = None) -> str:
    """Plain text of a feedparser text construct, converting HTML only when it is HTML.

    A value without its detail (feedparser copies content into a missing summary) is HTML.
    """
    if detail is None:
        return html_to_text(fallback)
    value = detail.get("value", "")
    if "html" in (detail.get("type") or ""):
        return html_to_text(value)
    return clean_text(value)


def _date(entry: Mapping[str, Any]) -> tuple[datetime | None, str]:
    for key in _DATE_KEYS:
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            try:
                return datetime(*parsed[:6], tzinfo=UTC), entry.get(key, "")
            except (TypeError, ValueError):
                continue
    raw = next((entry[key] for key in _DATE_KEYS if entry.get(key)), "")
    return None, raw


def _item(entry: Mapping[str, Any], feed_lang: str | None, url: str, now: datetime) -> ParsedItem:
    parts = entry.get("content") or ()
    content = max((_text(part) for part in parts), key=len, default="")
    summary = _text(entry.get("summary_detail"), entry.get("summary"))
    copied = entry.get("summary_detail") is None and entry.get("summary") in [
        part.get("value") for part in parts
    ]
    if copied or summary == content:
        summary = ""  # feedparser fills a missing summary with the content: keep one copy
    title = _text(entry.get("title_detail"), entry.get("title")) or headline(content or summary)
    published, date_text = _date(entry)
    guid = clean_text(entry.get("id"))
    link = entry.get("link")
    if link == entry.get("id") and not guid.startswith(("http://", "https://")):
        link = None  # feedparser took a guid that is no URL for the link
    link = web_url(link, url)
    guid = guid or fallback_guid(link, title, date_text, content or summary)
    detail_lang = (entry.get("title_detail") or {}).get("language")
    return ParsedItem(
        guid=guid,
        url=link,
        title=title,
        summary=summary,
        content=content,
        author=clean_text(entry.get("author")) or None,
        published_at=clamp_date(published, now),
        lang=lang_code(detail_lang) or feed_lang,
    )
