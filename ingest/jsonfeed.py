"""Parse JSON Feed 1.0 / 1.1 documents into plain items."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from ingest.errors import FeedParseError
from ingest.itemfields import (
    clamp_date,
    fallback_guid,
    lang_code,
    parse_iso_date,
    utc_now,
    web_url,
)
from ingest.textclean import clean_text, headline, html_to_text
from ingest.types import ParsedFeed, ParsedItem

_VERSION_PREFIX = "https://jsonfeed.org/version/"
_JSON_TYPES = ("application/feed+json", "application/json")


def looks_like_json(start: bytes, content_type: str) -> bool:
    """Tell whether a body (stripped of BOM and leading space) should be read as JSON."""
    media = content_type.split(";", 1)[0].strip().lower()
    return media in _JSON_TYPES or start.startswith(b"{")


def parse_json_feed(body: bytes, url: str, *, now: datetime | None = None) -> ParsedFeed:
    """Parse a JSON Feed document.

    Args:
        body: The document bytes (UTF-8, as the spec requires; a BOM is tolerated).
        url: Where it came from; relative item links resolve against it.
        now: The current time; dates over a day after it are clamped to it.

    Raises:
        FeedParseError: Not JSON, or JSON without a JSON Feed version and items list.
    """
    now = now or utc_now()
    try:
        doc = json.loads(body.decode("utf-8-sig", "replace"))
    except (ValueError, RecursionError) as error:
        raise FeedParseError(f"not a feed: bad JSON ({error})") from None
    if not isinstance(doc, dict) or not str(doc.get("version", "")).startswith(_VERSION_PREFIX):
        raise FeedParseError("not a feed: JSON without a JSON Feed version")
    entries = doc.get("items")
    if not isinstance(entries, list):
        raise FeedParseError("not a feed: JSON Feed without an items list")
    base = _str(doc.get("feed_url")) or url
    feed_lang = lang_code(_str(doc.get("language")))
    items = []
    warnings = []
    for index, entry in enumerate(entries):
        if isinstance(entry, dict):
            items.append(_item(entry, base, feed_lang, now))
        else:
            warnings.append(f"JSON Feed item {index} is not an object, skipped")
    return ParsedFeed(
        items=tuple(items),
        title=clean_text(_str(doc.get("title"))) or None,
        link=web_url(_str(doc.get("home_page_url")), url),
        lang=feed_lang,
        warnings=tuple(warnings),
    )


def _str(value: Any) -> str:
    """The value as a string if it is a string or a number (1.0 allowed numeric ids), else ''."""
    if isinstance(value, bool):
        return ""
    return str(value) if isinstance(value, str | int | float) else ""


def _author(entry: dict[str, Any]) -> str | None:
    authors = entry.get("authors")
    if not isinstance(authors, list):
        authors = [entry.get("author")]  # JSON Feed 1.0
    names = [clean_text(_str(a.get("name"))) for a in authors if isinstance(a, dict)]
    return ", ".join(name for name in names if name) or None


def _item(entry: dict[str, Any], base: str, feed_lang: str | None, now: datetime) -> ParsedItem:
    text = clean_text(_str(entry.get("content_text")))
    from_html = html_to_text(_str(entry.get("content_html")))
    content = max(text, from_html, key=len)
    summary = clean_text(_str(entry.get("summary")))
    title = clean_text(_str(entry.get("title"))) or headline(content or summary)
    date_text = _str(entry.get("date_published")) or _str(entry.get("date_modified"))
    link = web_url(_str(entry.get("url")), base) or web_url(_str(entry.get("external_url")), base)
    guid = clean_text(_str(entry.get("id"))) or fallback_guid(link, title, date_text, content)
    return ParsedItem(
        guid=guid,
        url=link,
        title=title,
        summary=summary,
        content=content,
        author=_author(entry),
        published_at=clamp_date(parse_iso_date(date_text), now),
        lang=lang_code(_str(entry.get("language"))) or feed_lang,
    )
