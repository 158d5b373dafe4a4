"""Storing items (de-duplicated, updated in place, FTS and tags in step); read and star marks."""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from storage.db import Database
from storage.retags import replace_item_tags
from storage.sources import PollRecord, record_poll
from storage.tags import (
    add_hourly,
    current_tag_tokens,
    hour_of,
    index_text,
    remove_tags,
    write_tags,
)
from storage.timeutil import now_epoch, to_epoch
from storage.types import NewItem, StoreResult
from storage.urls import canonical_url
from tagging.text import fold
from tagging.types import TagResult

# Items from other sources with the same normalised title within this window are one story.
DUPLICATE_WINDOW = 48 * 3600
# Shorter titles ("Update", "Live") are too generic to call two items the same story.
MIN_TITLE_KEY = 24
_NON_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True, slots=True)
class _Prepared:
    item: NewItem
    canonical: str | None
    forwarded: str | None  # canonical URL of the original post a forward repeats
    title_key: str | None
    content_hash: str
    published: int | None
    fts: tuple[str, str, str]  # title, summary, content as indexed


def title_key(title: str) -> str | None:
    """A title folded to its words, for spotting the same story from two sources."""
    key = _NON_WORD.sub(" ", fold(title)).strip()
    return key if len(key) >= MIN_TITLE_KEY else None


def content_hash(item: NewItem) -> str:
    """A hash of the fields a feed gives; enrichment (full text, tags) does not change it."""
    published = to_epoch(item.published_at)
    parts = (item.title, item.summary, item.content, item.url or "", item.author or "")
    raw = "\x1f".join(parts) + f"\x1f{published}"
    return hashlib.blake2b(raw.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _prepare(item: NewItem) -> _Prepared:
    return _Prepared(
        item=item,
        canonical=canonical_url(item.url),
        forwarded=canonical_url(item.forwarded_url),
        title_key=title_key(item.title),
        content_hash=content_hash(item),
        published=to_epoch(item.published_at),
        fts=(
            index_text(item.title),
            index_text(item.summary),
            index_text(item.content),
        ),
    )


def store_items(
    db: Database,
    source_id: str,
    items: Sequence[NewItem],
    *,
    now: datetime | None = None,
    mark_read_before: datetime | None = None,
    poll: PollRecord | None = None,
    quiet: bool = False,
) -> StoreResult:
    """Store one source's items in one short transaction.

    Items already stored (same source and guid, or same canonical URL from this
    source) are updated in place when their feed fields changed and left alone
    otherwise. A new item whose title or URL matches another source's item of the
    last 48 h, or a forward whose original is stored, is stored but linked to that
    first one, so it counts once.

    Args:
        mark_read_before: items published before this arrive already read (first polls).
        poll: the poll's bookkeeping, written in the same transaction.
        quiet: these items never alert (a source's first poll).
    """
    # All CPU work before the lock. Oldest first: items first seen together then stand
    # newest-on-top in the stream, which orders by first-seen id.
    # Undated items count as published now.
    prepared = [_prepare(item) for item in items]
    order = sorted(
        range(len(prepared)),
        key=lambda i: prepared[i].published if prepared[i].published is not None else 2**62,
    )
    read_cutoff = to_epoch(mark_read_before)
    updated: list[int] = []
    duplicates: list[int] = []
    unchanged = 0
    fts_rows: list[tuple[int, str, str, str, str]] = []
    with db.write() as conn:
        # Taken under the write lock, so first-seen times rise with ids (`since:` relies on it).
        fetched = to_epoch(now) if now else now_epoch()
        inserted: dict[int, int] = {}
        for index in order:
            prep = prepared[index]
            existing = _find_existing(conn, source_id, prep)
            if existing is None:
                item_id, dup, tokens = _insert(conn, source_id, prep, fetched, read_cutoff, quiet)
                fts_rows.append((item_id, *prep.fts, tokens))
                inserted[index] = item_id
                if dup:
                    duplicates.append(item_id)
            elif existing[1] == prep.content_hash:
                unchanged += 1
            else:
                _update(conn, existing[0], prep)
                updated.append(existing[0])
        new_ids = [inserted[i] for i in sorted(inserted)]  # reported in the caller's order
        # FTS rows last: a write to another table after an FTS insert makes FTS flush a
        # segment per item; batched, it writes one per transaction.
        conn.executemany(
            "INSERT INTO items_fts (rowid, title, summary, content, tags) VALUES (?, ?, ?, ?, ?)",
            fts_rows,
        )
        if poll is not None:
            record_poll(conn, source_id, replace(poll, new_items=len(new_ids)))
    return StoreResult(tuple(new_ids), tuple(updated), unchanged, tuple(duplicates))


def _find_existing(
    conn: sqlite3.Connection, source_id: str, prep: _Prepared
) -> tuple[int, str] | None:
    row = conn.execute(
        "SELECT id, content_hash FROM items WHERE source_id = ? AND guid = ?",
        (source_id, prep.item.guid),
    ).fetchone()
    if row is None and prep.canonical:
        row = conn.execute(
            "SELECT id, content_hash FROM items WHERE canonical_url = ? AND source_id = ?",
            (prep.canonical, source_id),
        ).fetchone()
    return row


def _find_first_story(
    conn: sqlite3.Connection, source_id: str, prep: _Prepared, fetched: int
) -> int | None:
    row = None
    if prep.forwarded:
        # A forward names its original: linked to it however old it is and whatever it says.
        row = conn.execute(
            "SELECT COALESCE(dup_of, id) FROM items WHERE canonical_url = ? ORDER BY id LIMIT 1",
            (prep.forwarded,),
        ).fetchone()
    if row is None and prep.canonical:
        row = conn.execute(
            "SELECT COALESCE(dup_of, id) FROM items WHERE canonical_url = ? AND source_id <> ? "
            "ORDER BY id LIMIT 1",
            (prep.canonical, source_id),
        ).fetchone()
    if row is None and prep.title_key:
        row = conn.execute(
            "SELECT COALESCE(dup_of, id) FROM items WHERE title_key = ? AND fetched_at >= ? "
            "AND source_id <> ? ORDER BY id LIMIT 1",
            (prep.title_key, fetched - DUPLICATE_WINDOW, source_id),
        ).fetchone()
    return row[0] if row else None


def _insert(
    conn: sqlite3.Connection,
    source_id: str,
    prep: _Prepared,
    fetched: int,
    read_cutoff: int | None,
    quiet: bool,
) -> tuple[int, bool, str]:
    item = prep.item
    dup_of = _find_first_story(conn, source_id, prep, fetched)
    # Never later than first seen: keeps "published since T" within "first seen since T".
    published = None if prep.published is None else min(prep.published, fetched)
    read_at = None
    if read_cutoff is not None and (published if published is not None else fetched) < read_cutoff:
        read_at = fetched
    cursor = conn.execute(
        "INSERT INTO items (source_id, guid, url, canonical_url, title, summary, content, author,"
        " lang, published_at, fetched_at, content_hash, read_at, title_key, dup_of,"
        " forwarded_from, extract_state, quiet)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            source_id,
            item.guid,
            item.url,
            prep.canonical,
            item.title,
            item.summary,
            item.content,
            item.author,
            item.lang or (item.tags.lang if item.tags else None),
            published,
            fetched,
            prep.content_hash,
            read_at,
            prep.title_key,
            dup_of,
            item.forwarded_from,
            item.extract_state,
            int(quiet),
        ),
    )
    item_id = cursor.lastrowid
    tokens = write_tags(conn, item_id, item.tags, hour_of(published, fetched), dup_of is None)
    return item_id, dup_of is not None, tokens


def _update(conn: sqlite3.Connection, item_id: int, prep: _Prepared) -> None:
    item = prep.item
    old = conn.execute(
        "SELECT published_at, fetched_at, dup_of, content, extract_state FROM items WHERE id = ?",
        (item_id,),
    ).fetchone()
    old_published, fetched, dup_of, old_content, extract_state = old
    published = None if prep.published is None else min(prep.published, fetched)
    # Full text fetched earlier beats a feed's shorter excerpt.
    content = item.content
    if extract_state == "done" and len(old_content) > len(content):
        content = old_content
    conn.execute(
        "UPDATE items SET url = ?, canonical_url = ?, title = ?, summary = ?, content = ?,"
        " author = ?, published_at = ?, content_hash = ?, title_key = ? WHERE id = ?",
        (
            item.url,
            prep.canonical,
            item.title,
            item.summary,
            content,
            item.author,
            published,
            prep.content_hash,
            prep.title_key,
            item_id,
        ),
    )
    texts = (prep.fts[0], prep.fts[1], index_text(content))
    if item.tags is not None:
        remove_tags(conn, item_id, hour_of(old_published, fetched), counted=dup_of is None)
        tokens = write_tags(conn, item_id, item.tags, hour_of(published, fetched), dup_of is None)
    else:
        tokens = current_tag_tokens(conn, item_id)
        old_hour, new_hour = hour_of(old_published, fetched), hour_of(published, fetched)
        if dup_of is None and old_hour != new_hour:
            add_hourly(conn, item_id, old_hour, -1)
            add_hourly(conn, item_id, new_hour, +1)
    conn.execute("DELETE FROM items_fts WHERE rowid = ?", (item_id,))
    conn.execute(
        "INSERT INTO items_fts (rowid, title, summary, content, tags) VALUES (?, ?, ?, ?, ?)",
        (item_id, *texts, tokens),
    )


def set_full_text(
    db: Database, item_id: int, content: str, tags: TagResult | None, state: str = "done"
) -> None:
    """Store extracted full text (and the tags it yields) for an item; state done|failed|skip."""
    with db.write() as conn:
        if state == "done" and content:
            conn.execute(
                "UPDATE items SET content = ?, extract_state = ? WHERE id = ?",
                (content, state, item_id),
            )
            conn.execute(
                "UPDATE items_fts SET content = ? WHERE rowid = ?", (index_text(content), item_id)
            )
        else:
            conn.execute("UPDATE items SET extract_state = ? WHERE id = ?", (state, item_id))
        if tags is not None and state == "done":
            replace_item_tags(conn, item_id, tags)


def mark_read(db: Database, item_ids: Iterable[int], read: bool = True) -> int:
    """Mark items read (or unread); returns how many changed."""
    ids = list(item_ids)
    stamp = now_epoch() if read else None
    with db.write() as conn:
        changed = 0
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            condition = "read_at IS NULL" if read else "read_at IS NOT NULL"
            changed += conn.execute(
                f"UPDATE items SET read_at = ? WHERE id IN ({marks}) AND {condition}",
                (stamp, *chunk),
            ).rowcount
    return changed


def set_starred(db: Database, item_id: int, starred: bool) -> None:
    """Star or unstar one item."""
    with db.write() as conn:
        conn.execute("UPDATE items SET starred = ? WHERE id = ?", (int(starred), item_id))
