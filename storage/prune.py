"""Pruning: items first seen before a cutoff (never starred ones) and old fetch-log rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.db import Database
from storage.meta import get_meta, set_meta
from storage.removal import delete_items
from storage.sources import DEFAULT_FETCH_LOG_DAYS, FETCH_LOG_DAYS_KEY
from storage.timeutil import to_epoch

# Items deleted per write transaction: a poller running beside a prune waits for one
# batch at most, never for the whole prune.
BATCH = 500


@dataclass(frozen=True, slots=True)
class PrunePlan:
    """What a prune would delete (or did)."""

    cutoff: datetime
    items: int
    starred_kept: int
    by_source: tuple[tuple[str, int], ...]  # (source id, items), most first
    fetch_log_rows: int


def plan_prune(db: Database, before: datetime, log_before: datetime) -> PrunePlan:
    """Count what `prune_items` and `prune_fetch_log` would delete, changing nothing."""
    cutoff = to_epoch(before)
    with db.reading() as conn:
        # Old items per source, then the few starred ones taken back out: both counts
        # come from indexes, never from reading item rows.
        old = dict(
            conn.execute(
                "SELECT source_id, count(*) FROM items WHERE fetched_at < ? GROUP BY source_id",
                (cutoff,),
            ).fetchall()
        )
        starred = dict(
            conn.execute(
                "SELECT source_id, count(*) FROM items WHERE starred = 1 AND fetched_at < ? "
                "GROUP BY source_id",
                (cutoff,),
            ).fetchall()
        )
        log_rows = conn.execute(
            f"SELECT count(*) FROM fetch_log WHERE {_LOG_OLD}", (to_epoch(log_before),)
        ).fetchone()[0]
    going = {sid: n - starred.get(sid, 0) for sid, n in old.items()}
    by_source = sorted(((s, n) for s, n in going.items() if n), key=lambda x: (-x[1], x[0]))
    return PrunePlan(
        cutoff=before,
        items=sum(n for _, n in by_source),
        starred_kept=sum(starred.values()),
        by_source=tuple(by_source),
        fetch_log_rows=log_rows,
    )


def prune_items(db: Database, before: datetime, batch: int | None = None) -> int:
    """Delete unstarred items first seen before `before`, in short batches; returns how many.

    Index rows, tags, hourly counts, fired alerts and duplicate links go with them
    (a surviving copy of a deleted story takes its place, as when a source is removed).
    """
    batch = batch or BATCH
    cutoff = to_epoch(before)
    with db.reading() as conn:
        # Old items lie at or below this id (first-seen times rise with ids), so each
        # batch walks the primary key from where the last one stopped: starred items it
        # keeps are passed once, and items stored meanwhile are never looked at.
        last = conn.execute(
            "SELECT max(id) FROM items INDEXED BY items_fetched WHERE fetched_at < ?", (cutoff,)
        ).fetchone()[0]
    if last is None:
        return 0
    deleted = 0
    after = 0
    while True:
        with db.write() as conn:
            ids = [
                r[0]
                for r in conn.execute(
                    "SELECT id FROM items WHERE id > ? AND id <= ? AND fetched_at < ? "
                    "AND starred = 0 ORDER BY id LIMIT ?",
                    (after, last, cutoff, batch),
                )
            ]
            deleted += delete_items(conn, ids)
        if len(ids) < batch:
            return deleted
        after = ids[-1]


# Per source, so the (source_id, started_at) index answers without reading the whole log.
_LOG_OLD = "source_id IN (SELECT id FROM sources) AND started_at < ?"


def prune_fetch_log(db: Database, before: datetime) -> int:
    """Delete fetch-log rows of polls started before `before`; returns how many."""
    with db.write() as conn:
        return conn.execute(f"DELETE FROM fetch_log WHERE {_LOG_OLD}", (to_epoch(before),)).rowcount


def fetch_log_days(db: Database) -> int:
    """How many days of fetch log each poll keeps (what the poller last recorded)."""
    value = get_meta(db, FETCH_LOG_DAYS_KEY)
    return int(value) if value and value.isdigit() else DEFAULT_FETCH_LOG_DAYS


def set_fetch_log_days(db: Database, days: int) -> int:
    """Record the fetch-log retention every poll trims to (at least a day); returns it."""
    days = max(1, int(days))
    if fetch_log_days(db) != days:
        set_meta(db, FETCH_LOG_DAYS_KEY, str(days))
    return days
