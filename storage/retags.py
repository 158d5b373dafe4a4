"""Re-tagging stored items: their texts and tags as stored, and the writes that replace them."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from storage.db import Database
from storage.tags import (
    PlaceRow,
    ThemeRow,
    current_tag_tokens,
    hour_of,
    remove_tags,
    tag_tokens,
    write_tags,
    write_themes,
)
from tagging.text import body_of
from tagging.types import TagResult, ThemeTag


class StoredText(NamedTuple):
    """An item's text as it is tagged, and the version of the tagger that tagged it."""

    id: int
    title: str
    body: str
    tagger_version: str | None


def id_ranges(db: Database, size: int = 500) -> Iterator[tuple[int, int]]:
    """(after, upto] id ranges of about `size` stored items each, oldest first (for re-tagging).

    Each step is its own short read: no read transaction stays open between ranges.
    """
    after = 0
    while True:
        with db.reading() as conn:
            row = conn.execute(
                "SELECT max(id) FROM (SELECT id FROM items WHERE id > ? ORDER BY id LIMIT ?)",
                (after, size),
            ).fetchone()
        if row is None or row[0] is None:
            return
        yield after, row[0]
        after = row[0]


def texts_in_range(
    db: Database, after: int, upto: int, *, since: int | None = None
) -> list[StoredText]:
    """The items with after < id <= upto (published since `since`), oldest first."""
    query = "SELECT id, title, summary, content, tagger_version FROM items WHERE id > ? AND id <= ?"
    params: tuple[int, ...] = (after, upto)
    if since is not None:
        query += " AND COALESCE(published_at, fetched_at) >= ?"
        params += (since,)
    with db.reading() as conn:
        rows = conn.execute(query + " ORDER BY id", params).fetchall()
    return [StoredText(r[0], r[1], body_of(r[2], r[3]), r[4]) for r in rows]


def stored_places(db: Database, item_ids: Sequence[int]) -> dict[int, frozenset[PlaceRow]]:
    """The place rows each item has now (to tell what a retag changed)."""
    return _stored_rows(
        db, "SELECT item_id, place_id, mentions, evidence, runners_up FROM item_places", item_ids
    )


def stored_themes(db: Database, item_ids: Sequence[int]) -> dict[int, frozenset[ThemeRow]]:
    """The theme rows each item has now."""
    return _stored_rows(db, "SELECT item_id, theme_id, score, evidence FROM item_themes", item_ids)


def _stored_rows(db: Database, select: str, item_ids: Sequence[int]) -> dict[int, frozenset]:
    """Rows of a tag table per item id (the id itself left out); empty for an item without."""
    rows: dict[int, list[tuple]] = {i: [] for i in item_ids}
    if item_ids:
        marks = ",".join("?" * len(item_ids))
        with db.reading() as conn:
            for row in conn.execute(f"{select} WHERE item_id IN ({marks})", item_ids):
                rows[row[0]].append(row[1:])
    return {i: frozenset(found) for i, found in rows.items()}


def replace_tags(db: Database, updates: Sequence[tuple[int, TagResult]]) -> int:
    """Replace the tags of stored items (retag, full text landed); returns items changed."""
    with db.write() as conn:
        return sum(_replace_tags(conn, item_id, tags) for item_id, tags in updates)


def store_retag(
    db: Database,
    version: str,
    *,
    tagged: Sequence[tuple[int, TagResult]] = (),
    themed: Sequence[tuple[int, tuple[ThemeTag, ...]]] = (),
    unchanged: Sequence[int] = (),
) -> None:
    """Write one batch of a retag in one transaction.

    Args:
        version: the version of the tagger that re-tagged them.
        tagged: items whose tags changed, with all their new tags.
        themed: items whose themes alone were re-scored and changed, with the new themes.
        unchanged: items whose tags stay as they are, now known current.
    """
    with db.write() as conn:
        for item_id, tags in tagged:
            _replace_tags(conn, item_id, tags)
        for item_id, themes in themed:
            _replace_themes(conn, item_id, themes)
        conn.executemany(
            "UPDATE items SET tagger_version = ? WHERE id = ?",
            [(version, item_id) for item_id, _ in themed] + [(version, i) for i in unchanged],
        )


def _replace_tags(conn: sqlite3.Connection, item_id: int, tags: TagResult) -> bool:
    row = conn.execute(
        "SELECT published_at, fetched_at, dup_of FROM items WHERE id = ?", (item_id,)
    ).fetchone()
    if row is None:
        return False
    published, fetched, dup_of = row
    hour = hour_of(published, fetched)
    remove_tags(conn, item_id, hour, counted=dup_of is None)
    tokens = write_tags(conn, item_id, tags, hour, counted=dup_of is None)
    conn.execute("UPDATE items SET tagger_version = ? WHERE id = ?", (tags.version, item_id))
    _set_tokens(conn, item_id, tokens)
    return True


def _replace_themes(conn: sqlite3.Connection, item_id: int, themes: Sequence[ThemeTag]) -> None:
    # Places, and so the hourly counts, stay as they are.
    conn.execute("DELETE FROM item_themes WHERE item_id = ?", (item_id,))
    write_themes(conn, item_id, themes)
    places = [
        row[0]
        for row in conn.execute("SELECT place_id FROM item_places WHERE item_id = ?", (item_id,))
    ]
    _set_tokens(conn, item_id, tag_tokens(places, [t.theme_id for t in themes]))


def _set_tokens(conn: sqlite3.Connection, item_id: int, tokens: str) -> None:
    # An FTS update re-indexes the whole row, text and all: skip it when the tags read the same.
    if tokens != current_tag_tokens(conn, item_id):
        conn.execute("UPDATE items_fts SET tags = ? WHERE rowid = ?", (tokens, item_id))
