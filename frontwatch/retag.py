"""Re-tagging stored items on every core: workers tag, this process writes what changed."""

from __future__ import annotations

import json
import os
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime

from storage import Database
from storage.item_reads import item_batches, tag_signature
from storage.items import replace_tags
from tagging.types import TagResult

_worker_tagger = None


def _start_worker(extra_places: str, extra_themes: str) -> None:
    global _worker_tagger
    from tagging.tagger import Tagger

    _worker_tagger = Tagger(
        extra_places=json.loads(extra_places) or None,
        extra_themes=json.loads(extra_themes) or None,
    )


def _tag_batch(batch: list[tuple[int, str, str]]) -> list[tuple[int, TagResult]]:
    assert _worker_tagger is not None
    return [(item_id, _worker_tagger.tag(title, body)) for item_id, title, body in batch]


def _signature(result: TagResult) -> tuple[str, ...]:
    return tuple(
        sorted(
            [f"p:{p.place_id}" for p in result.places] + [f"t:{t.theme_id}" for t in result.themes]
        )
    )


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
    extra_places: dict,
    extra_themes: dict,
    *,
    since: datetime | None = None,
    workers: int | None = None,
    on_batch: Callable[[int], None] | None = None,
) -> RetagSummary:
    """Re-tag items (all, or those published since `since`); store only changed tags."""
    summary = RetagSummary()
    started = time.perf_counter()
    workers = workers or os.cpu_count() or 2
    pending: deque[Future[list[tuple[int, TagResult]]]] = deque()
    with ProcessPoolExecutor(
        max_workers=workers,
        initializer=_start_worker,
        initargs=(json.dumps(extra_places), json.dumps(extra_themes)),
    ) as pool:
        for batch in item_batches(db, since=since):
            summary.items += len(batch)
            summary.megabytes += sum(len(t) + len(b) for _, t, b in batch) / 1_000_000
            pending.append(pool.submit(_tag_batch, batch))
            if len(pending) >= workers * 2:
                _write(db, pending.popleft().result(), summary, on_batch)
        while pending:
            _write(db, pending.popleft().result(), summary, on_batch)
    summary.seconds = time.perf_counter() - started
    return summary


def _write(
    db: Database,
    results: list[tuple[int, TagResult]],
    summary: RetagSummary,
    on_batch: Callable[[int], None] | None,
) -> None:
    old = tag_signature(db, [item_id for item_id, _ in results])
    changed = [(i, r) for i, r in results if old.get(i) != _signature(r)]
    if changed:
        replace_tags(db, changed)
    summary.changed += len(changed)
    if on_batch:
        on_batch(len(results))
