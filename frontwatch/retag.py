"""Re-tagging stored items on every core: workers read and tag, this process writes changes."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import datetime

from frontwatch.retag_plan import RetagPlan
from ingest.cpu import CpuPool, worker_tagger
from storage import Database
from storage.retag_memory import remember_tagger
from storage.retags import (
    RetagUpdate,
    id_ranges,
    store_retag,
    stored_places,
    stored_themes,
    texts_in_range,
)
from storage.tags import ThemeRow, place_rows, theme_rows
from storage.timeutil import to_epoch
from tagging.scan import FieldText, WordScreen
from tagging.tagger import version_halves

# One read-only connection per worker process and database file, opened on first use.
_worker_databases: dict[str, Database] = {}
# Per worker process: the plan for items of each (database, old version, force), made
# once rather than for every range (a spelling change's screen generates word forms).
_worker_plans: dict[tuple[str, str | None, bool], RetagPlan] = {}


@dataclass
class RetagSummary:
    """What a retag did."""

    items: int = 0  # items looked at
    tagged: int = 0  # items the tagger ran on (the rest were current)
    themes_only: int = 0  # of those, items whose themes alone were re-scored
    places_only: int = 0  # of those, items whose places alone were found again
    changed: int = 0
    megabytes: float = 0.0  # text of the items tagged
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        """Megabytes of text tagged per second."""
        return self.megabytes / self.seconds if self.seconds else 0.0

    def halves(self) -> list[tuple[int, str]]:
        """(items, "themes" or "places") for the items one half of the tagger ran on."""
        runs = ((self.themes_only, "themes"), (self.places_only, "places"))
        return [(count, half) for count, half in runs if count]


@dataclass
class _RangeResult:
    version: str
    theme_digests: dict[str, str]
    spellings: dict[str, list[str]]
    items: int = 0
    tagged: int = 0
    themes_only: int = 0
    places_only: int = 0
    megabytes: float = 0.0
    updates: list[RetagUpdate] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)


def _retag_range(
    db_path: str, after: int, upto: int, since: int | None, force: bool
) -> _RangeResult:
    """On a worker: read a range of items, tag them, return what changed.

    Reading and comparing here rather than in the writing process keeps the text off the
    pipe between processes and leaves the writer little to do for unchanged items. An item
    tagged by this very tagger is skipped (unless `force`); of the others, only the half
    of the tagger that changed runs (see RetagPlan).
    """
    db = _worker_databases.get(db_path)
    if db is None:
        db = _worker_databases[db_path] = Database(db_path, readonly=True)
    tagger = worker_tagger()
    version = tagger.version
    rows = texts_in_range(db, after, upto, since=since)
    out = _RangeResult(version, tagger.theme_digests, tagger.extra_places, items=len(rows))
    todo = rows if force else [row for row in rows if row.tagger_version != version]
    work = {v: _plan(db, db_path, v, force) for v in {row.tagger_version for row in todo}}
    places_then = stored_places(db, [row.id for row in todo if work[row.tagger_version].places])
    themes_then: dict[int, frozenset[ThemeRow]] = {}
    for plan in set(work.values()):
        if plan.themes:
            ids = [row.id for row in todo if work[row.tagger_version] == plan]
            themes_then.update(stored_themes(db, ids, but=plan.keep))
    size = 0
    for row in todo:
        size += len(row.title.encode()) + len(row.body.encode())
        plan = work[row.tagger_version]
        fields = tagger.fields(row.title, row.body)
        places = themes = None
        if plan.places and (plan.respelled is None or _names_any(plan.respelled, fields)):
            places = place_rows(tagger.places_of(fields))
            if frozenset(places) == places_then[row.id]:
                places = None
        if plan.themes:
            # Compared with the stored rows of the same themes: the others stay as they are.
            themes = theme_rows(tagger.themes_of(fields, plan.only))
            if frozenset(themes) == themes_then[row.id]:
                themes = None
        out.themes_only += not plan.places
        out.places_only += not plan.themes
        if places is not None or themes is not None:
            out.updates.append(RetagUpdate(row.id, places, themes, plan.keep))
        elif row.tagger_version != version:
            out.unchanged.append(row.id)
    out.tagged = len(todo)
    out.megabytes = size / 1e6
    return out


def _plan(db: Database, db_path: str, old: str | None, force: bool) -> RetagPlan:
    key = (db_path, old, force)
    plan = _worker_plans.get(key)
    if plan is None:
        plan = _worker_plans[key] = RetagPlan.for_version(db, worker_tagger(), old, force)
    return plan


def _names_any(screen: WordScreen, fields: list[FieldText]) -> bool:
    return any(screen.holds(field.key) for field in fields)


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
    remembered: set[str] = set()
    for after, upto in id_ranges(db):
        pending.append(cpu.executor.submit(_retag_range, db.path, after, upto, since_s, force))
        # Enough ranges in flight to keep every worker busy while this process writes.
        if len(pending) >= workers * 2:
            _write(db, pending.popleft().result(), summary, on_batch, remembered)
    while pending:
        _write(db, pending.popleft().result(), summary, on_batch, remembered)
    summary.seconds = time.perf_counter() - started
    return summary


def _write(
    db: Database,
    done: _RangeResult,
    summary: RetagSummary,
    on_batch: Callable[[int], None] | None,
    remembered: set[str],
) -> None:
    if done.updates or done.unchanged:
        if done.version not in remembered:
            # Before the version is stored: a later retag reads what was behind it.
            halves = version_halves(done.version)
            themes_half = halves[1] if halves else None
            remember_tagger(db, themes_half, done.theme_digests, done.spellings)
            remembered.add(done.version)
        store_retag(db, done.version, done.updates, done.unchanged)
    summary.items += done.items
    summary.tagged += done.tagged
    summary.themes_only += done.themes_only
    summary.places_only += done.places_only
    summary.megabytes += done.megabytes
    summary.changed += len(done.updates)
    if on_batch:
        on_batch(done.items)
