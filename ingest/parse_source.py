"""Turning a fetched document into items, by source kind (feed, Telegram preview, HTML index)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ingest.charset import decode_html
from ingest.cpu import CpuPool
from ingest.fetch import Fetcher, FetchResult
from ingest.netguard import source_is_private
from ingest.types import ParsedItem
from storage.types import Source
from storage.urls import canonical_url


@dataclass(frozen=True, slots=True)
class ParseOutcome:
    """Items parsed from one document, or why there are none."""

    status: str  # ok | parse_empty | no_preview | error
    items: tuple[ParsedItem, ...] = ()
    warnings: tuple[str, ...] = ()
    error: str | None = None
    failed: bool = False
    before_cursor: int | None = None
    extra: dict = field(default_factory=dict)


async def parse_document(
    cpu: CpuPool,
    fetcher: Fetcher,
    source: Source,
    result: FetchResult,
    max_articles: int,
    known: Callable[[str, list[str]], set[str]],
) -> ParseOutcome:
    """Parse by kind off the event loop; follow an HTML index's new article links."""
    if source.kind == "telegram":
        return await asyncio.to_thread(_parse_telegram, result)
    if source.kind == "html":
        return await _parse_html_index(fetcher, source, result, max_articles, known)
    return await cpu.run(parse_feed_result, result)


def parse_feed_result(result: FetchResult) -> ParseOutcome:
    """Parse a fetched feed (a module-level function, so a worker process can run it)."""
    from ingest.parse import FeedParseError, parse_feed

    try:
        feed = parse_feed(result.body, result.headers, result.final_url)
    except FeedParseError as exc:
        return ParseOutcome("error", error=str(exc), failed=True)
    if not feed.items:
        return ParseOutcome(
            "parse_empty", warnings=feed.warnings, error="the feed has no entries", failed=True
        )
    return ParseOutcome("ok", items=feed.items, warnings=feed.warnings)


def _parse_telegram(result: FetchResult) -> ParseOutcome:
    from ingest.telegram import (
        TelegramEmptyError,
        TelegramNoPreviewError,
        before_cursor,
        parse_telegram,
    )

    html = decode_html(result.body, result.headers.get("content-type"))
    try:
        feed = parse_telegram(html, result.final_url)
    except TelegramNoPreviewError as exc:
        return ParseOutcome("no_preview", error=str(exc), failed=True)
    except TelegramEmptyError as exc:
        return ParseOutcome("parse_empty", error=str(exc), failed=True)
    if not feed.items:
        return ParseOutcome("parse_empty", error="no posts found on the page", failed=True)
    return ParseOutcome(
        "ok", items=feed.items, warnings=feed.warnings, before_cursor=before_cursor(html)
    )


async def _parse_html_index(
    fetcher: Fetcher,
    source: Source,
    result: FetchResult,
    max_articles: int,
    known: Callable[[str, list[str]], set[str]],
) -> ParseOutcome:
    from ingest.errors import FeedParseError
    from ingest.html_index import article_item, find_article_links

    html = decode_html(result.body, result.headers.get("content-type"))
    try:
        links = await asyncio.to_thread(find_article_links, html, result.final_url, source.selector)
    except FeedParseError as exc:
        return ParseOutcome("error", error=str(exc), failed=True)
    if not links:
        return ParseOutcome("parse_empty", error="no article links found", failed=True)
    guids = [canonical_url(link) or link for link in links]
    seen = await asyncio.to_thread(known, source.id, guids)
    fresh = [(link, guid) for link, guid in zip(links, guids, strict=True) if guid not in seen]
    fresh = fresh[:max_articles]
    # Article links may point anywhere: private addresses only for a source that is on one.
    private_ok = await source_is_private(source.url)

    async def one(link: str, guid: str) -> ParsedItem | str:
        page = await fetcher.fetch(
            link, allow_private=private_ok, user_agent=source.user_agent, proxy=source.proxy
        )
        if page.error_kind:
            return f"{link}: {page.error}"
        text = decode_html(page.body, page.headers.get("content-type"))
        item = await asyncio.to_thread(article_item, text, page.final_url)
        # Keyed by the link as the index gives it, so the next poll knows it without a fetch.
        return replace(item, guid=guid)

    pages = await asyncio.gather(*(one(link, guid) for link, guid in fresh))
    items = tuple(p for p in pages if isinstance(p, ParsedItem))
    warnings = tuple(p for p in pages if isinstance(p, str))
    if fresh and not items:
        return ParseOutcome("error", error=warnings[0] if warnings else "no article", failed=True)
    return ParseOutcome("ok", items=items, warnings=warnings)
