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
from storage.retags import id_ranges, store_retag, stored_places, stored_themes, texts_in_range
from storage.tags import PlaceRow, ThemeRow, place_rows, theme_rows
from storage.timeutil import to_epoch
from tagging.tagger import version_halves
from tagging.types import TagResult, ThemeTag

# One read-only connection per worker process and database file, opened on first use.
_worker_databases: dict[str, Database] = {}


@dataclass
class RetagSummary:
    """What a retag did."""

    items: int = 0  # items looked at
    tagged: int = 0  # items the tagger ran on (the rest were current)
    themes_only: int = 0  # of those, items whose themes alone were re-scored
    changed: int = 0
    megabytes: float = 0.0  # text of the items tagged
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        """Megabytes of text tagged per second."""
        return self.megabytes / self.seconds if self.seconds else 0.0


@dataclass
class _RangeResult:
    version: str
    items: int = 0
    tagged: int = 0
    themes_only: int = 0
    megabytes: float = 0.0
    changed: list[tuple[int, TagResult]] = field(default_factory=list)
    themed: list[tuple[int, tuple[ThemeTag, ...]]] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)


def _retag_range(
    db_path: str, after: int, upto: int, since: int | None, force: bool
) -> _RangeResult:
    """On a worker: read a range of items, tag them, return what changed.

    Reading and comparing here rather than in the writing process keeps the text off the
    pipe between processes and leaves the writer little to do for unchanged items. An item
    tagged by this very tagger is skipped (unless `force`); one whose place half of the
    version is current has only its themes scored again.
    """
    db = _worker_databases.get(db_path)
    if db is None:
        db = _worker_databases[db_path] = Database(db_path, readonly=True)
    tagger = worker_tagger()
    version = tagger.version
    places_half = _places_half(version)
    rows = texts_in_range(db, after, upto, since=since)
    out = _RangeResult(version, items=len(rows))
    todo = rows if force else [row for row in rows if row.tagger_version != version]
    full = [row.id for row in todo if force or _places_half(row.tagger_version) != places_half]
    themes_then = stored_themes(db, [row.id for row in todo])
    places_then = stored_places(db, full)
    size = 0
    for row in todo:
        size += len(row.title.encode()) + len(row.body.encode())
        places = places_then.get(row.id)
        if places is None:
            themes = tagger.tag_themes(row.title, row.body)
            out.themes_only += 1
            if not _same_themes(themes, themes_then[row.id]):
                out.themed.append((row.id, themes))
                continue
        else:
            result = tagger.tag(row.title, row.body)
            same = _same_places(result, places) and _same_themes(result.themes, themes_then[row.id])
            if not same:
                out.changed.append((row.id, result))
                continue
        if row.tagger_version != version:
            out.unchanged.append(row.id)
    out.tagged = len(todo)
    out.megabytes = size / 1e6
    return out


def _places_half(version: str | None) -> str | None:
    halves = version_halves(version)
    return halves[0] if halves else None


def _same_themes(themes: tuple[ThemeTag, ...], stored: frozenset[ThemeRow]) -> bool:
    return frozenset(theme_rows(themes)) == stored


def _same_places(result: TagResult, stored: frozenset[PlaceRow]) -> bool:
    return frozenset(place_rows(result.places)) == stored


def retag(
    db: Database,
    cpu: CpuPool,
    *,
    since: datetime | None = None,
    workers: int = 2,
    force: bool = False,
    on_batch: Callable[[int], None] | None = None,
) -> RetagSummary:
    """Re-tag items (all, or those published since `since`); store only changed tags.

    Items this tagger already tagged are skipped unless `force` (a rules change bumps the
    tagger's version, so `force` is for measuring, or for doubt).
    """
    assert cpu.executor is not None, "retag needs worker processes"
    summary = RetagSummary()
    started = time.perf_counter()
    since_s = to_epoch(since) if since else None
    pending: deque[Future[_RangeResult]] = deque()
    for after, upto in id_ranges(db):
        pending.append(cpu.executor.submit(_retag_range, db.path, after, upto, since_s, force))
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
    if done.changed or done.themed or done.unchanged:
        store_retag(
            db, done.version, tagged=done.changed, themed=done.themed, unchanged=done.unchanged
        )
    summary.items += done.items
    summary.tagged += done.tagged
    summary.themes_only += done.themes_only
    summary.megabytes += done.megabytes
    summary.changed += len(done.changed) + len(done.themed)
    if on_batch:
        on_batch(done.items)
