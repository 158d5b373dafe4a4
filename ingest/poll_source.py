"""Polling one source: fetch, parse by kind, decide what is new, tag, store with bookkeeping."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from ingest.charset import decode_html
from ingest.convert import apply_tags, tag_texts, text_length, to_new_item
from ingest.cpu import CpuPool
from ingest.decide import decide
from ingest.fetch import Fetcher, FetchResult
from ingest.parse import feed_fingerprint
from ingest.parse_source import ParseOutcome, parse_document
from ingest.schedule import next_poll
from ingest.types import ParsedItem
from storage import Database
from storage.item_reads import stored_hashes
from storage.items import store_items
from storage.sources import PollRecord
from storage.types import NewItem, Source

# How far back a source's first poll keeps items unread.
FIRST_POLL_UNREAD = timedelta(hours=24)
OFFLINE_KINDS = frozenset({"connect", "dns"})


@dataclass(frozen=True, slots=True)
class PollSettings:
    """The knobs of one poll, from the config."""

    jitter: float = 0.1
    max_backoff: int = 6 * 3600
    extract_enabled: bool = True
    extract_min_chars: int = 600
    max_articles: int = 20  # html sources: new article pages fetched per poll
    backfill_pages: int = 5  # telegram: older pages fetched after a gap


@dataclass(frozen=True, slots=True)
class SourceOutcome:
    """What one poll did."""

    source: Source
    status: str
    new_ids: tuple[int, ...] = ()
    duplicate_ids: tuple[int, ...] = ()
    error: str | None = None
    # A connect/DNS failure: recorded by the round, which knows whether all of them failed.
    unreachable: FetchResult | None = None
    first_poll: bool = False


class SourcePoller:
    """Polls sources one at a time on behalf of the round (the round runs many at once)."""

    def __init__(
        self,
        db: Database,
        fetcher: Fetcher,
        cpu: CpuPool,
        settings: PollSettings,
        clock: Callable[[], datetime],
    ) -> None:
        self.db = db
        self.fetcher = fetcher
        self.cpu = cpu
        self.settings = settings
        self.clock = clock

    async def poll(self, source: Source) -> SourceOutcome:
        """Poll one source; failures become statuses, never exceptions."""
        started = self.clock()
        result = await self.fetcher.fetch(
            source.url,
            etag=source.etag,
            last_modified=source.last_modified,
            user_agent=source.user_agent,
            proxy=source.proxy,
            allow_private=True,
            allow_file=source.allow_file,
        )
        if result.error_kind in OFFLINE_KINDS:
            return SourceOutcome(source, "error", error=result.error, unreachable=result)
        if result.error_kind is not None:
            return await self._record_failure(source, started, result)
        if result.not_modified:
            return await self._record_plain(source, started, result, "not_modified")
        body_hash = feed_fingerprint(result.body)
        if body_hash == source.body_hash:
            return await self._record_plain(source, started, result, "ok", body_hash=body_hash)
        parsed = await parse_document(
            self.cpu,
            self.fetcher,
            source,
            result,
            self.settings.max_articles,
            known=self._known_guids,
        )
        if parsed.status != "ok":
            return await self._record_plain(
                source, started, result, parsed.status, error=parsed.error, failed=parsed.failed
            )
        return await self._store(source, started, result, parsed, body_hash)

    def _known_guids(self, source_id: str, guids: list[str]) -> set[str]:
        return set(stored_hashes(self.db, source_id, guids))

    async def _store(
        self,
        source: Source,
        started: datetime,
        result: FetchResult,
        parsed: ParseOutcome,
        body_hash: str,
    ) -> SourceOutcome:
        items = [self._new_item(source, item) for item in parsed.items]
        stored = await asyncio.to_thread(stored_hashes, self.db, source.id, [i.guid for i in items])
        has_items = source.polls > 0 and await asyncio.to_thread(self._has_items, source.id)
        decision = decide(stored, items, polled_before=has_items)
        if decision.gap and source.kind == "telegram" and parsed.before_cursor:
            items += await self._backfill(source, parsed.before_cursor)
            stored = await asyncio.to_thread(
                stored_hashes, self.db, source.id, [i.guid for i in items]
            )
            decision = replace(decide(stored, items, polled_before=True), gap=True)
        changed = [*decision.new, *decision.changed]
        tagged = apply_tags(changed, await self.cpu.tag(tag_texts(changed)))
        first_poll = not has_items
        poll = PollRecord(
            started_at=started,
            status="gap" if decision.gap else "ok",
            next_poll_at=self._next(source, started),
            http_status=result.status,
            duration_ms=int(result.elapsed * 1000),
            bytes=len(result.body),
            etag=result.etag,
            last_modified=result.last_modified,
            body_hash=body_hash,
            new_url=result.permanent_redirect,
            error="; ".join(parsed.warnings)[:500] or None,
        )
        outcome = await asyncio.to_thread(
            store_items,
            self.db,
            source.id,
            tagged,
            now=None,
            mark_read_before=started - FIRST_POLL_UNREAD if first_poll else None,
            poll=poll,
            quiet=first_poll,
        )
        return SourceOutcome(
            source,
            poll.status,
            new_ids=outcome.new_ids,
            duplicate_ids=outcome.duplicate_ids,
            first_poll=first_poll,
        )

    def _has_items(self, source_id: str) -> bool:
        with self.db.reading() as conn:
            return (
                conn.execute(
                    "SELECT 1 FROM items WHERE source_id = ? LIMIT 1", (source_id,)
                ).fetchone()
                is not None
            )

    async def _backfill(self, source: Source, cursor: int) -> list[NewItem]:
        from ingest.telegram import before_cursor, parse_telegram

        extra: list[NewItem] = []
        for _ in range(self.settings.backfill_pages):
            separator = "&" if "?" in source.url else "?"
            result = await self.fetcher.fetch(
                f"{source.url}{separator}before={cursor}", allow_private=True
            )
            if result.error_kind or not result.body:
                break
            html = decode_html(result.body, result.headers.get("content-type"))
            page = [self._new_item(source, i) for i in parse_telegram(html, source.url).items]
            extra += page
            known = self._known_guids(source.id, [i.guid for i in page])
            next_cursor = before_cursor(html)
            if known or next_cursor is None or next_cursor >= cursor:
                break
            cursor = next_cursor
        return extra

    def _new_item(self, source: Source, item: ParsedItem) -> NewItem:
        wants_text = (
            self.settings.extract_enabled
            and source.extract
            and source.kind == "rss"
            and bool(item.url)
            and text_length(item) < self.settings.extract_min_chars
        )
        if item.lang is None and source.lang:
            item = replace(item, lang=source.lang)
        return to_new_item(item, needs_full_text=wants_text)

    def _next(
        self, source: Source, now: datetime, errors: int = 0, retry_after: float | None = None
    ) -> datetime:
        return next_poll(
            now,
            source.interval,
            error_count=errors,
            retry_after=retry_after,
            jitter=self.settings.jitter,
            max_backoff=self.settings.max_backoff,
        )

    async def _record_plain(
        self,
        source: Source,
        started: datetime,
        result: FetchResult,
        status: str,
        *,
        body_hash: str | None = None,
        error: str | None = None,
        failed: bool = False,
    ) -> SourceOutcome:
        errors = source.error_count + 1 if failed else 0
        poll = PollRecord(
            started_at=started,
            status=status,
            next_poll_at=self._next(source, started, errors),
            http_status=result.status,
            duration_ms=int(result.elapsed * 1000),
            bytes=len(result.body),
            error=error,
            error_count=errors,
            # A 304 may omit validators: keep the stored ones then.
            etag=result.etag or source.etag,
            last_modified=result.last_modified or source.last_modified,
            body_hash=body_hash,
            success=not failed,
            new_url=result.permanent_redirect,
        )
        await asyncio.to_thread(store_items, self.db, source.id, [], now=started, poll=poll)
        return SourceOutcome(source, status, error=error)

    async def _record_failure(
        self, source: Source, started: datetime, result: FetchResult
    ) -> SourceOutcome:
        errors = source.error_count + 1
        gone = result.status == 410
        poll = PollRecord(
            started_at=started,
            status="error",
            next_poll_at=self._next(source, started, errors, result.retry_after),
            http_status=result.status or None,
            duration_ms=int(result.elapsed * 1000),
            bytes=len(result.body),
            error=("gone (HTTP 410): paused; " if gone else "") + (result.error or "failed"),
            error_count=errors,
            etag=source.etag,
            last_modified=source.last_modified,
            success=False,
            pause=gone,
        )
        await asyncio.to_thread(store_items, self.db, source.id, [], now=started, poll=poll)
        return SourceOutcome(source, "error", error=poll.error)

    async def record_unreachable(self, outcome: SourceOutcome, *, offline: bool) -> None:
        """Write a connect/DNS failure: as "offline" (streak frozen) or as an error."""
        source, result = outcome.source, outcome.unreachable
        assert result is not None
        started = self.clock()
        if offline:
            errors = source.error_count
            when = started + timedelta(seconds=30)
        else:
            errors = source.error_count + 1
            when = self._next(source, started, errors)
        poll = PollRecord(
            started_at=started,
            status="offline" if offline else "error",
            next_poll_at=when,
            duration_ms=int(result.elapsed * 1000),
            error=result.error,
            error_count=errors,
            etag=source.etag,
            last_modified=source.last_modified,
            success=False,
        )
        await asyncio.to_thread(store_items, self.db, source.id, [], now=started, poll=poll)
