"""Re-tagging stored items on every core: workers tag, this process writes what changed."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import datetime

from ingest.cpu import CpuPool, worker_tag
from storage import Database
from storage.item_reads import item_batches, tag_signature
from storage.items import replace_tags
from tagging.types import TagResult


def _signature(result: TagResult) -> tuple[str, ...]:
    places = [f"p:{p.place_id}" for p in result.places]
    return tuple(sorted(places + [f"t:{t.theme_id}" for t in result.themes]))


@dataclass
class RetagSummary:
    """What a retag did."""

    items: int = 0
    changed: int = 0
    megabytes: float = 0.0
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        """Megabytes of text tagged per second."""
        return self.megabytes / self.seconds if self.seconds else 0.0


def retag(
    db: Database,
    cpu: CpuPool,
    *,
    since: datetime | None = None,
    workers: int = 2,
    on_batch: Callable[[int], None] | None = None,
) -> RetagSummary:
    """Re-tag items (all, or those published since `since`); store only changed tags."""
    assert cpu.executor is not None, "retag needs worker processes"
    summary = RetagSummary()
    started = time.perf_counter()
    pending: deque[tuple[list[int], Future[list[TagResult]]]] = deque()
    for batch in item_batches(db, since=since):
        summary.items += len(batch)
        summary.megabytes += sum(len(t.encode()) + len(b.encode()) for _, t, b in batch) / 1e6
        future = cpu.executor.submit(worker_tag, [(t, b) for _, t, b in batch])
        pending.append(([item_id for item_id, _, _ in batch], future))
        # Enough batches in flight to keep every worker busy while this process writes.
        if len(pending) >= workers * 2:
            _write(db, *pending.popleft(), summary, on_batch)
    while pending:
        _write(db, *pending.popleft(), summary, on_batch)
    summary.seconds = time.perf_counter() - started
    return summary


def _write(
    db: Database,
    ids: list[int],
    future: Future[list[TagResult]],
    summary: RetagSummary,
    on_batch: Callable[[int], None] | None,
) -> None:
    results = list(zip(ids, future.result(), strict=True))
    old = tag_signature(db, ids)
    changed = [(i, r) for i, r in results if old.get(i) != _signature(r)]
    if changed:
        replace_tags(db, changed)
    summary.changed += len(changed)
    if on_batch:
        on_batch(len(results))
