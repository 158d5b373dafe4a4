"""The watchlist: watched places and saved queries, and the counts the monitor shows for them."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, tzinfo

from storage.db import Database
from storage.errors import QueryError
from storage.meta import get_meta, set_meta
from storage.places import get_place
from storage.query import parse_query
from storage.search_sql import compile_query, first_id_since
from storage.timeutil import from_epoch, now_epoch, to_epoch
from storage.types import WatchRule, WatchStats

HOURS = 7 * 24
UNREAD_WINDOW = 7 * 86400
# Counting stops here ("999+"): past it the exact number tells a reader nothing more.
UNREAD_CAP = 1000


class WatchError(ValueError):
    """A watchlist change that cannot be made (one-line reason)."""


def _rule(row: tuple) -> WatchRule:
    rule_id, place_id, query, themes, label, added = row
    return WatchRule(
        id=rule_id,
        label=label,
        place_id=place_id,
        query=query,
        themes=tuple(t for t in themes.split(",") if t),
        added_at=from_epoch(added),
    )


def list_rules(db: Database) -> list[WatchRule]:
    """Every watchlist row, oldest first."""
    with db.reading() as conn:
        return [
            _rule(r)
            for r in conn.execute(
                "SELECT id, place_id, query, themes, label, added_at FROM watch_rules ORDER BY id"
            )
        ]


def add_place(db: Database, place_id: str, themes: Sequence[str] = ()) -> WatchRule:
    """Watch a place (optionally only alerting for some themes); updates themes if watched."""
    place = get_place(db, place_id)
    if place is None:
        raise WatchError(f"unknown place id {place_id!r}")
    with db.write() as conn:
        conn.execute(
            "INSERT INTO watch_rules (place_id, themes, label, added_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (place_id) WHERE place_id IS NOT NULL DO UPDATE SET themes = "
            "excluded.themes",
            (place_id, ",".join(themes), place.name, now_epoch()),
        )
        row = conn.execute(
            "SELECT id, place_id, query, themes, label, added_at FROM watch_rules "
            "WHERE place_id = ?",
            (place_id,),
        ).fetchone()
    return _rule(row)


def add_query(
    db: Database, query: str, themes: Sequence[str] = (), label: str | None = None
) -> WatchRule:
    """Watch a saved search query."""
    parsed = parse_query(query)
    if parsed.is_empty:
        raise QueryError("an empty query cannot be watched")
    # Resolve names now: a rule naming an unknown place must be refused, not stored.
    compile_query(db, parsed, now=datetime.now(UTC), tz=UTC)
    with db.write() as conn:
        conn.execute(
            "INSERT INTO watch_rules (query, themes, label, added_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (query) WHERE query IS NOT NULL DO UPDATE SET themes = excluded.themes",
            (query, ",".join(themes), label or query, now_epoch()),
        )
        row = conn.execute(
            "SELECT id, place_id, query, themes, label, added_at FROM watch_rules WHERE query = ?",
            (query,),
        ).fetchone()
    return _rule(row)


def remove_rule(db: Database, rule_id: int) -> None:
    """Stop watching a row."""
    with db.write() as conn:
        if not conn.execute("DELETE FROM watch_rules WHERE id = ?", (rule_id,)).rowcount:
            raise WatchError(f"no watchlist row {rule_id}")


def remove_place(db: Database, place_id: str) -> bool:
    """Stop watching a place; False if it was not watched."""
    with db.write() as conn:
        return bool(
            conn.execute("DELETE FROM watch_rules WHERE place_id = ?", (place_id,)).rowcount
        )


def seed_watchlist(db: Database, place_ids: Iterable[str]) -> bool:
    """Fill the default watchlist once per database (the user may empty it afterwards)."""
    if get_meta(db, "watchlist_seeded"):
        return False
    for place_id in place_ids:
        if get_place(db, place_id) is not None:
            add_place(db, place_id)
    set_meta(db, "watchlist_seeded", "1")
    return True


def watch_stats(db: Database, now: datetime | None = None, tz: tzinfo = UTC) -> list[WatchStats]:
    """Counts, 7-day hourly series, last mention and unread count for every watchlist row.

    Sorted by latest activity, most recent first. `tz` is the zone a saved query's
    `since:`/`until:` dates are read in.
    """
    now = now or datetime.now(UTC)
    now_s = to_epoch(now)
    this_hour = now_s // 3600
    first_hour = this_hour - HOURS + 1
    stats = []
    with db.reading() as conn:
        unread_from = first_id_since(conn, now_s - UNREAD_WINDOW)
        for rule in list_rules(db):
            if rule.place_id is not None:
                series = _place_series(conn, rule.place_id, first_hour)
                last, unread = _place_latest(conn, rule.place_id, unread_from)
            else:
                try:
                    series, last, unread = _query_series(db, rule.query or "", now, first_hour, tz)
                except QueryError:
                    # A rule stored by an older version that no longer resolves: show it empty.
                    series, last, unread = {}, None, 0
            hourly = tuple(series.get(first_hour + i, 0) for i in range(HOURS))
            stats.append(
                WatchStats(
                    rule=rule,
                    mentions_24h=sum(hourly[-24:]),
                    mentions_prev_24h=sum(hourly[-48:-24]),
                    hourly_7d=hourly,
                    last_mention_at=from_epoch(last),
                    unread=unread,
                )
            )
    epoch = datetime.min.replace(tzinfo=UTC)
    stats.sort(key=lambda s: (s.last_mention_at or epoch, -s.rule.id), reverse=True)
    return stats


def _place_series(conn: sqlite3.Connection, place_id: str, first_hour: int) -> dict[int, int]:
    return dict(
        conn.execute(
            "SELECT hour, mentions FROM place_hourly WHERE place_id = ? AND hour >= ?",
            (place_id, first_hour),
        ).fetchall()
    )


def _place_latest(
    conn: sqlite3.Connection, place_id: str, unread_from: int
) -> tuple[int | None, int]:
    last = conn.execute(
        "SELECT max(COALESCE(i.published_at, i.fetched_at)) FROM items i WHERE i.id IN "
        "(SELECT item_id FROM item_places WHERE place_id = ? ORDER BY item_id DESC LIMIT 20) "
        "AND i.dup_of IS NULL",
        (place_id,),
    ).fetchone()[0]
    unread = conn.execute(
        "SELECT count(*) FROM (SELECT 1 FROM item_places p WHERE p.place_id = ? "
        "AND p.item_id >= ? AND EXISTS (SELECT 1 FROM items INDEXED BY items_unread "
        "WHERE id = p.item_id AND read_at IS NULL AND dup_of IS NULL) LIMIT ?)",
        (place_id, unread_from, UNREAD_CAP),
    ).fetchone()[0]
    return last, unread


def _query_series(
    db: Database, query: str, now: datetime, first_hour: int, tz: tzinfo
) -> tuple[dict[int, int], int | None, int]:
    from storage.search import matching_times  # search imports watch's neighbours

    series: dict[int, int] = {}
    last = None
    unread = 0
    for moment, is_read in matching_times(db, query, since=first_hour * 3600, now=now, tz=tz):
        hour = moment // 3600
        series[hour] = series.get(hour, 0) + 1
        last = moment if last is None else max(last, moment)
        unread = min(unread + (not is_read), UNREAD_CAP)
    return series, last, unread
