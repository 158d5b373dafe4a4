"""The poll loop: rounds over due sources, offline detection, alerts, then full-text enrichment."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TypeVar

from ingest.alerting import Alert, AlertPolicy, alert_payload, evaluate, notices, run_command
from ingest.cpu import CpuPool
from ingest.enrich import Enricher
from ingest.fetch import Fetcher
from ingest.poll_source import PollSettings, SourceOutcome, SourcePoller
from storage import Database
from storage.places import get_places
from storage.sources import due_sources, next_due_at

log = logging.getLogger(__name__)
T = TypeVar("T")
# Schedules are wall-clock times checked this often, so a machine waking from sleep
# polls what fell due at once.
CHECK_EVERY = 5.0
# Storage calls, DNS lookups and the alert command run on the loop's default executor.
# Each of its threads keeps a database connection whose page cache, and the allocator
# arena behind it, stays with the thread: two threads keep a long-running poller's memory
# flat (seven, the default on two cores, let it creep as the file grew), and SQLite takes
# one write at a time anyway.
POLL_THREADS = 2


def use_poll_threads() -> None:
    """Give the running loop the poller's small default executor; call it before polling."""
    asyncio.get_running_loop().set_default_executor(
        ThreadPoolExecutor(max_workers=POLL_THREADS, thread_name_prefix="poll")
    )


@dataclass
class RoundSummary:
    """What one round did, for the progress line and the header."""

    polled: int = 0
    ok: int = 0
    not_modified: int = 0
    failed: int = 0
    new_items: int = 0
    offline: bool = False
    alerts: list[Alert] = field(default_factory=list)

    def line(self) -> str:
        """The summary line `poll --once` prints."""
        text = (
            f"polled {self.polled} sources: {self.ok} ok, {self.not_modified} not modified, "
            f"{self.failed} failed; {self.new_items} new items"
        )
        return text + (" (offline: no source could be reached)" if self.offline else "")


class Monitor:
    """Runs poll rounds against one database with one shared fetcher."""

    def __init__(
        self,
        db: Database,
        fetcher: Fetcher,
        cpu: CpuPool,
        settings: PollSettings | None = None,
        alert_policy: AlertPolicy | None = None,
        clock: Callable[[], datetime] | None = None,
        on_progress: Callable[[SourceOutcome], None] | None = None,
    ) -> None:
        self.db = db
        self.clock = clock or (lambda: datetime.now(UTC))
        self.settings = settings or PollSettings()
        self.poller = SourcePoller(db, fetcher, cpu, self.settings, self.clock)
        self.enricher = Enricher(db, fetcher, cpu, self.clock)
        self.alert_policy = alert_policy or AlertPolicy()
        self.on_progress = on_progress
        self._round_lock = asyncio.Lock()

    async def run_round(self, only: str | None = None) -> RoundSummary:
        """Poll every due source (or one named source) once; never overlaps itself."""
        async with self._round_lock:
            sources = await asyncio.to_thread(due_sources, self.db, self.clock(), only)
            summary = RoundSummary()
            if not sources:
                return summary

            async def one(source):  # noqa: ANN001, ANN202 - storage Source
                outcome = await self.poller.poll(source)
                if self.on_progress:
                    self.on_progress(outcome)
                return outcome

            outcomes = await asyncio.gather(*(one(s) for s in sources))
            unreachable = [o for o in outcomes if o.unreachable is not None]
            summary.offline = bool(unreachable) and len(unreachable) == len(outcomes)
            for outcome in unreachable:
                await self.poller.record_unreachable(outcome, offline=summary.offline)
            self._count(summary, outcomes)
            fresh = [item_id for o in outcomes for item_id in o.new_ids]
            summary.alerts = await self.deliver_alerts(fresh)
            return summary

    def _count(self, summary: RoundSummary, outcomes: list[SourceOutcome]) -> None:
        summary.polled = len(outcomes)
        for outcome in outcomes:
            if outcome.status in ("ok", "gap"):
                summary.ok += 1
            elif outcome.status == "not_modified":
                summary.not_modified += 1
            else:
                summary.failed += 1
                # The health table shows the last error only; the log keeps each one.
                log.warning("source %s: %s: %s", outcome.source.id, outcome.status, outcome.error)
            summary.new_items += len(outcome.new_ids)

    async def deliver_alerts(self, item_ids: list[int]) -> list[Alert]:
        """Evaluate alert rules for new items and run the alert command for each notice."""
        if not item_ids:
            return []
        alerts = await asyncio.to_thread(
            evaluate, self.db, item_ids, self.clock(), self.alert_policy
        )
        if alerts and self.alert_policy.command:
            names = await asyncio.to_thread(
                get_places, self.db, {p for a in alerts for p in a.item.places}
            )
            for notice in notices(alerts, self.alert_policy.group_at):
                payload = alert_payload(notice, lambda p: names[p].name if p in names else p)
                problem = await asyncio.to_thread(run_command, self.alert_policy.command, payload)
                if problem:
                    log.warning("%s", problem)
        return alerts

    async def enrich(self, limit: int = 50) -> int:
        """Fetch full text for pending items and alert for what it revealed; returns items done."""
        done, retagged = await self.enricher.run(limit)
        if retagged:
            await self.deliver_alerts(retagged)
        return done

    async def run_forever(
        self,
        stop: asyncio.Event,
        on_round: Callable[[RoundSummary], None] | None = None,
        heartbeat: Callable[[], bool] | None = None,
    ) -> None:
        """Poll rounds until `stop` is set; enrichment runs beside them, never delaying them.

        `heartbeat` is called every few seconds; when it returns False (the lease was
        taken over) the loop ends.
        """
        enrich_task = asyncio.create_task(self._enrich_loop(stop), name="enrich")
        try:
            while not stop.is_set():
                if heartbeat is not None and not await asyncio.to_thread(heartbeat):
                    log.warning("another poller took over this database; stopping")
                    return
                summary = await until_stopped(self.run_round(), stop)
                if summary is None:
                    return
                if summary.polled and on_round:
                    on_round(summary)
                await self._sleep_until_due(stop)
        finally:
            stop.set()
            await asyncio.gather(enrich_task, return_exceptions=True)

    async def _sleep_until_due(self, stop: asyncio.Event) -> None:
        due = await asyncio.to_thread(next_due_at, self.db)
        wait = CHECK_EVERY
        if due is not None:
            wait = min(CHECK_EVERY, max(0.0, (due - self.clock()).total_seconds()))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=max(wait, 0.2))

    async def _enrich_loop(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                done = await until_stopped(self.enrich(), stop) or 0
            except Exception:  # noqa: BLE001 - enrichment must never stop polling
                log.exception("full-text enrichment failed")
                done = 0
            if done:
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=CHECK_EVERY)


async def until_stopped(work: Awaitable[T], stop: asyncio.Event) -> T | None:
    """Run `work` until it ends or `stop` is set; then cancel it and return None.

    Writes run in threads, which finish their transaction before the cancel lands, so
    stopping never leaves half a write.
    """
    task = asyncio.ensure_future(work)
    stopper = asyncio.ensure_future(stop.wait())
    done, _ = await asyncio.wait({task, stopper}, return_when=asyncio.FIRST_COMPLETED)
    stopper.cancel()
    if task in done:
        return task.result()
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    return None
