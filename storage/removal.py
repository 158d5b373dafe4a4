"""Deleting items with everything that hangs off them: FTS rows, tags, hourly counts."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from storage.tags import add_hourly, hour_of, remove_tags


def delete_items(conn: sqlite3.Connection, ids: Sequence[int]) -> int:
    """Delete items inside the caller's transaction; returns how many went."""
    deleted = 0
    for item_id in ids:
        row = conn.execute(
            "SELECT published_at, fetched_at, dup_of FROM items WHERE id = ?", (item_id,)
        ).fetchone()
        if row is None:
            continue
        published, fetched, dup_of = row
        remove_tags(conn, item_id, hour_of(published, fetched), counted=dup_of is None)
        conn.execute("DELETE FROM items_fts WHERE rowid = ?", (item_id,))
        if dup_of is None:
            _promote_next_copy(conn, item_id)
        conn.execute("DELETE FROM items WHERE id = ?", (item_id,))
        deleted += 1
    return deleted


def _promote_next_copy(conn: sqlite3.Connection, first_id: int) -> None:
    """The oldest remaining copy of a deleted story becomes the one that counts."""
    row = conn.execute(
        "SELECT id, published_at, fetched_at FROM items WHERE dup_of = ? ORDER BY id LIMIT 1",
        (first_id,),
    ).fetchone()
    if row is None:
        return
    heir, published, fetched = row
    conn.execute("UPDATE items SET dup_of = NULL WHERE id = ?", (heir,))
    conn.execute("UPDATE items SET dup_of = ? WHERE dup_of = ?", (heir, first_id))
    add_hourly(conn, heir, hour_of(published, fetched), +1)
