"""Plain records that flow from fetching and parsing into the poll loop."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class ParsedItem:
    """One entry of a source, as parsed: text already free of control characters and markup."""

    guid: str
    url: str | None
    title: str
    summary: str = ""
    content: str = ""
    author: str | None = None
    published_at: datetime | None = None  # timezone-aware UTC, or None when the source gave none
    lang: str | None = None
    forwarded_from: str | None = None  # Telegram: the channel a post was forwarded from
    forwarded_url: str | None = None  # Telegram: the original post's link, when the page gives it


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """What one fetched document yielded."""

    items: tuple[ParsedItem, ...]
    title: str | None = None
    link: str | None = None
    lang: str | None = None
    # Problems that did not stop the parse (broken XML kept as far as it went, ...).
    warnings: tuple[str, ...] = field(default=())
