"""Re-tagging stored items on every core: workers read and tag, this process writes changes."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import datetime

from ingest.cpu import CpuPool, worker_tagger
from storage import Database
from storage.item_reads import id_ranges, tag_signature, texts_in_range
from storage.items import replace_tags
from storage.timeutil import to_epoch
from tagging.types import TagResult

# One read-only connection per worker process and database file, opened on first use.
_worker_databases: dict[str, Database] = {}


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


@dataclass
class _RangeResult:
    items: int
    megabytes: float
    changed: list[tuple[int, TagResult]] = field(default_factory=list)


def _retag_range(db_path: str, after: int, upto: int, since: int | None) -> _RangeResult:
    """On a worker: read a range of items, tag them, return only the ones whose tags changed.

    Reading and comparing here rather than in the writing process keeps the text off the
    pipe between processes and leaves the writer nothing to do for unchanged items.
    """
    db = _worker_databases.get(db_path)
    if db is None:
        db = _worker_databases[db_path] = Database(db_path, readonly=True)
    rows = texts_in_range(db, after, upto, since=since)
    tagger = worker_tagger()
    results = [tagger.tag(title, body) for _, title, body in rows]
    old = tag_signature(db, [item_id for item_id, _, _ in rows]) if rows else {}
    size = sum(len(title.encode()) + len(body.encode()) for _, title, body in rows)
    changed = [
        (row[0], result)
        for row, result in zip(rows, results, strict=True)
        if old.get(row[0]) != _signature(result)
    ]
    return _RangeResult(len(rows), size / 1e6, changed)


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
    since_s = to_epoch(since) if since else None
    pending: deque[Future[_RangeResult]] = deque()
    for after, upto in id_ranges(db):
        pending.append(cpu.executor.submit(_retag_range, db.path, after, upto, since_s))
        # Enough ranges in flight to keep every worker busy while this process writes.
        if len(pending) >= workers * 2:
            _write(db, pending.popleft().result(), summary, on_batch)
    while pending:
        _write(db, pending.popleft().result(), summary, on_batch)
    summary.seconds = time.perf_counter() - started
    return summary


def _write(
    db: Database,
    done: _RangeResult,
    summary: RetagSummary,
    on_batch: Callable[[int], None] | None,
) -> None:
    if done.changed:
        replace_tags(db, done.changed)
    summary.items += done.items
    summary.megabytes += done.megabytes
    summary.changed += len(done.changed)
    if on_batch:
        on_batch(done.items)
