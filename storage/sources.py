"""Sources: adding, listing with health, pausing, and recording each poll's outcome."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, fields
from datetime import datetime
from urllib.parse import urlsplit

from storage.db import Database
from storage.removal import delete_items
from storage.timeutil import from_epoch, now_epoch, to_epoch
from storage.types import Source, SourceHealth

MIN_INTERVAL = 60
# Fetch-log retention: the poller records the configured days in `meta` under this key
# when it starts, so each poll can trim its own source's log without knowing settings.
FETCH_LOG_DAYS_KEY = "fetch_log_days"
DEFAULT_FETCH_LOG_DAYS = 30
_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")
_URL_CONTROLS = re.compile(r"[\x00-\x20\x7f-\x9f]")
_SOURCE_FIELDS = [f.name for f in fields(Source)]
_TIME_FIELDS = {"last_polled_at", "last_success_at", "next_poll_at"}
_BOOL_FIELDS = {"enabled", "extract", "allow_file"}
_COLUMNS = ", ".join(_SOURCE_FIELDS)


class SourceError(ValueError):
    """A source that cannot be added or changed as asked (one-line reason)."""


@dataclass(frozen=True, slots=True)
class PollRecord:
    """The outcome of one poll of one source, written with its items."""

    started_at: datetime
    status: str  # ok | not_modified | error | gap | parse_empty | no_preview | offline
    next_poll_at: datetime
    http_status: int | None = None
    duration_ms: int = 0
    bytes: int = 0
    error: str | None = None
    error_count: int = 0
    # Validators to keep: the response's, or the stored ones again after a 304.
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    success: bool = True
    new_url: str | None = None  # after a permanent redirect
    pause: bool = False  # 410 Gone
    new_items: int = 0


def _source(row: sqlite3.Row | tuple) -> Source:
    values = dict(zip(_SOURCE_FIELDS, row, strict=True))
    for key in _TIME_FIELDS:
        values[key] = from_epoch(values[key])
    for key in _BOOL_FIELDS:
        values[key] = bool(values[key])
    return Source(**values)


def slug_for(url: str) -> str:
    """A readable default id for a source URL."""
    host_and_path = re.sub(r"^[a-z]+://(www\.)?", "", url.lower())
    # A Telegram channel is best known by its own name.
    host_and_path = re.sub(r"^t\.me/(s/)?", "", host_and_path)
    slug = re.sub(r"[^a-z0-9]+", "-", host_and_path).strip("-")
    return slug[:48].rstrip("-") or "source"


def check_url(url: str, *, allow_file: bool = False) -> None:
    """Refuse a URL no source may have: only http(s), and file: where the source allows it.

    Raises:
        SourceError: another scheme (ftp:, javascript:, data:, …), no host, or control
            characters (the URL is shown and logged).
    """
    if _URL_CONTROLS.search(url):
        raise SourceError(f"refused URL {url!r}: it contains control characters or spaces")
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise SourceError(f"refused URL {url!r}: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme in ("http", "https") and parts.hostname:
        return
    if scheme == "file" and allow_file:
        return
    if scheme == "file":
        reason = "file: URLs only for a source that allows them (--allow-file)"
    elif scheme in ("http", "https"):
        reason = "it names no host"
    else:
        reason = "a source must be an http or https URL"
    raise SourceError(f"refused {scheme or 'scheme-less'} URL {url!r}: {reason}")


def add_source(db: Database, source: Source) -> Source:
    """Insert a new source.

    Raises:
        SourceError: bad id, interval below a minute, a URL of another scheme than http(s)
            (or file: when allowed), or the id/URL already present.
    """
    if not _ID.match(source.id):
        raise SourceError(
            f"source id {source.id!r} must be lower-case letters, digits, '-', '_' or '.'"
        )
    if source.interval < MIN_INTERVAL:
        raise SourceError(f"interval must be at least 1 minute, got {source.interval} s")
    check_url(source.url, allow_file=source.allow_file)
    values = {name: getattr(source, name) for name in _SOURCE_FIELDS}
    for key in _TIME_FIELDS:
        values[key] = to_epoch(values[key])
    for key in _BOOL_FIELDS:
        values[key] = int(values[key])
    marks = ", ".join("?" * len(values))
    with db.write() as conn:
        clash = conn.execute(
            "SELECT id FROM sources WHERE id = ? OR url = ?", (source.id, source.url)
        ).fetchone()
        if clash:
            raise SourceError(f"a source with this id or URL already exists: {clash[0]}")
        conn.execute(
            f"INSERT INTO sources ({_COLUMNS}, created_at) VALUES ({marks}, ?)",
            (*values.values(), now_epoch()),
        )
    return source


def get_source(db: Database, source_id: str) -> Source | None:
    """One source by id."""
    with db.reading() as conn:
        row = conn.execute(f"SELECT {_COLUMNS} FROM sources WHERE id = ?", (source_id,)).fetchone()
    return _source(row) if row else None


def list_sources(db: Database) -> list[Source]:
    """Every source, by id."""
    with db.reading() as conn:
        return [_source(r) for r in conn.execute(f"SELECT {_COLUMNS} FROM sources ORDER BY id")]


def list_health(db: Database, now: datetime | None = None) -> list[SourceHealth]:
    """Every source with its item totals, for the health view."""
    day_ago = (to_epoch(now) if now else now_epoch()) - 86400
    with db.reading() as conn:
        counts = {
            sid: (total, recent)
            for sid, total, recent in conn.execute(
                "SELECT source_id, count(*), sum(fetched_at >= ?) FROM items GROUP BY source_id",
                (day_ago,),
            )
        }
    return [SourceHealth(source, *counts.get(source.id, (0, 0))) for source in list_sources(db)]


def due_sources(db: Database, now: datetime, only: str | None = None) -> list[Source]:
    """Enabled sources whose next poll time has come (or one named source, regardless)."""
    with db.reading() as conn:
        if only is not None:
            rows = conn.execute(f"SELECT {_COLUMNS} FROM sources WHERE id = ?", (only,))
        else:
            rows = conn.execute(
                f"SELECT {_COLUMNS} FROM sources WHERE enabled = 1 AND "
                "(next_poll_at IS NULL OR next_poll_at <= ?) ORDER BY next_poll_at, id",
                (to_epoch(now),),
            )
        return [_source(r) for r in rows]


def next_due_at(db: Database) -> datetime | None:
    """When the next enabled source falls due."""
    with db.reading() as conn:
        row = conn.execute("SELECT min(next_poll_at) FROM sources WHERE enabled = 1").fetchone()
    return from_epoch(row[0]) if row and row[0] is not None else None


def set_enabled(db: Database, source_id: str, enabled: bool) -> None:
    """Pause or resume a source; resuming makes it due at once."""
    with db.write() as conn:
        changed = conn.execute(
            "UPDATE sources SET enabled = ?, next_poll_at = CASE WHEN ? THEN NULL "
            "ELSE next_poll_at END, error_count = CASE WHEN ? THEN 0 ELSE error_count END "
            "WHERE id = ?",
            (int(enabled), int(enabled), int(enabled), source_id),
        ).rowcount
    if not changed:
        raise SourceError(f"no source with id {source_id!r}")


def poll_now(db: Database, source_id: str | None = None) -> int:
    """Make one source (or all enabled ones) due at once; returns how many."""
    with db.write() as conn:
        if source_id is None:
            return conn.execute("UPDATE sources SET next_poll_at = NULL WHERE enabled = 1").rowcount
        return conn.execute(
            "UPDATE sources SET next_poll_at = NULL WHERE id = ?", (source_id,)
        ).rowcount


def remove_source(db: Database, source_id: str) -> int:
    """Delete a source and its items; returns the number of items removed."""
    with db.write() as conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM items WHERE source_id = ?", (source_id,))]
        delete_items(conn, ids)
        if not conn.execute("DELETE FROM sources WHERE id = ?", (source_id,)).rowcount:
            raise SourceError(f"no source with id {source_id!r}")
    return len(ids)


def update_source(db: Database, source_id: str, **changes: object) -> None:
    """Change descriptive fields of a source (title, interval, side, type, selector, …)."""
    allowed = {
        "title",
        "lang",
        "interval",
        "side",
        "type",
        "selector",
        "extract",
        "user_agent",
        "proxy",
        "url",
        "kind",
        "allow_file",
    }
    unknown = set(changes) - allowed
    if unknown:
        raise SourceError(f"cannot change {', '.join(sorted(unknown))} of a source")
    if "interval" in changes and int(changes["interval"]) < MIN_INTERVAL:  # type: ignore[arg-type]
        raise SourceError("interval must be at least 1 minute")
    if "url" in changes or changes.get("allow_file") is False:
        current = get_source(db, source_id)
        if current is None:
            raise SourceError(f"no source with id {source_id!r}")
        allow_file = bool(changes.get("allow_file", current.allow_file))
        check_url(str(changes.get("url", current.url)), allow_file=allow_file)
    sets = ", ".join(f"{key} = ?" for key in changes)
    with db.write() as conn:
        if not conn.execute(
            f"UPDATE sources SET {sets} WHERE id = ?", (*changes.values(), source_id)
        ).rowcount:
            raise SourceError(f"no source with id {source_id!r}")


def record_poll(conn: sqlite3.Connection, source_id: str, poll: PollRecord) -> None:
    """Write a poll's bookkeeping and its fetch_log row (inside the caller's transaction)."""
    started = to_epoch(poll.started_at)
    conn.execute(
        "UPDATE sources SET last_polled_at = ?, next_poll_at = ?, last_status = ?,"
        " last_error = ?, error_count = ?, polls = polls + 1,"
        " etag = CASE WHEN ? THEN ? ELSE etag END,"
        " last_modified = CASE WHEN ? THEN ? ELSE last_modified END,"
        " body_hash = COALESCE(?, body_hash),"
        " last_success_at = CASE WHEN ? THEN ? ELSE last_success_at END,"
        " url = COALESCE(?, url),"
        " enabled = CASE WHEN ? THEN 0 ELSE enabled END"
        " WHERE id = ?",
        (
            started,
            to_epoch(poll.next_poll_at),
            poll.status,
            poll.error,
            poll.error_count,
            int(poll.success),
            poll.etag,
            int(poll.success),
            poll.last_modified,
            poll.body_hash,
            int(poll.success),
            started,
            poll.new_url,
            int(poll.pause),
            source_id,
        ),
    )
    conn.execute(
        "INSERT INTO fetch_log (source_id, started_at, status, http_status, duration_ms, bytes,"
        " new_items, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            source_id,
            started,
            poll.status,
            poll.http_status,
            poll.duration_ms,
            poll.bytes,
            poll.new_items,
            poll.error,
        ),
    )
    # Usually removes one row (the poll that just aged out): an index range on
    # (source_id, started_at), so the log stays bounded at no cost worth measuring.
    conn.execute(
        "DELETE FROM fetch_log WHERE source_id = ? AND started_at < ? - 86400 * "
        "COALESCE((SELECT CAST(value AS INTEGER) FROM meta WHERE key = ?), ?)",
        (source_id, started, FETCH_LOG_DAYS_KEY, DEFAULT_FETCH_LOG_DAYS),
    )


def require_source(db: Database, source_id: str) -> Source:
    """A source by id, or a one-line error."""
    source = get_source(db, source_id)
    if source is None:
        raise SourceError(f"no source with id {source_id!r} (see `frontwatch sources list`)")
    return source
