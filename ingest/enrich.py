"""Full text after the fact: fetch pending items' pages, extract, re-tag, store."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime

from ingest.charset import decode_html
from ingest.cpu import CpuPool
from ingest.fetch import Fetcher
from ingest.netguard import source_is_private
from storage import Database
from storage.item_reads import item_texts, pending_extractions
from storage.items import set_full_text
from storage.sources import get_source
from tagging.text import body_of

log = logging.getLogger(__name__)
CONCURRENCY = 4


class Enricher:
    """Works through the queue of items stored with only a summary."""

    def __init__(
        self,
        db: Database,
        fetcher: Fetcher,
        cpu: CpuPool,
        clock: Callable[[], datetime],
        concurrency: int = CONCURRENCY,
    ) -> None:
        self.db = db
        self.fetcher = fetcher
        self.cpu = cpu
        self.clock = clock
        self._slots = asyncio.Semaphore(concurrency)

    async def run(self, limit: int = 50) -> tuple[int, list[int]]:
        """Process up to `limit` pending items; returns (done, ids whose tags changed)."""
        pending = await asyncio.to_thread(pending_extractions, self.db, limit)
        results = await asyncio.gather(*(self._one(*p) for p in pending))
        return len(pending), [item_id for item_id in results if item_id is not None]

    async def _one(self, item_id: int, source_id: str, url: str | None) -> int | None:
        async with self._slots:
            source = await asyncio.to_thread(get_source, self.db, source_id)
            if source is None or not url:
                await asyncio.to_thread(set_full_text, self.db, item_id, "", None, "skip")
                return None
            # Article links may point anywhere; only a source that itself lives on a private
            # address may lead us to one (no SSRF through a feed).
            private_ok = await source_is_private(source.url)
            page = await self.fetcher.fetch(
                url, allow_private=private_ok, user_agent=source.user_agent, proxy=source.proxy
            )
            if page.error_kind:
                log.info("full text of item %s not fetched: %s", item_id, page.error)
                await asyncio.to_thread(set_full_text, self.db, item_id, "", None, "failed")
                return None
            html = decode_html(page.body, page.headers.get("content-type"))
            return await self._store(item_id, html, page.final_url)

    async def _store(self, item_id: int, html: str, url: str) -> int | None:
        from ingest.extract import extract_article

        texts = await asyncio.to_thread(item_texts, self.db, item_id)
        if texts is None:
            return None
        title, summary, content = texts
        text = (await self.cpu.run(extract_article, html, url)).text
        if len(text) <= len(body_of(summary, content)):
            await asyncio.to_thread(set_full_text, self.db, item_id, "", None, "failed")
            return None
        (tags,) = await self.cpu.tag([(title, body_of(summary, text))])
        await asyncio.to_thread(set_full_text, self.db, item_id, text, tags)
        return item_id
