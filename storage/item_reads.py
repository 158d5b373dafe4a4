"""Reads over stored items for the poll loop and re-tagging: hashes, queues, batches."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from storage.db import Database
from tagging.text import body_of


def stored_hashes(db: Database, source_id: str, guids: Sequence[str]) -> dict[str, str]:
    """Content hashes of this source's stored items among `guids` (to skip unchanged ones)."""
    found: dict[str, str] = {}
    with db.reading() as conn:
        for start in range(0, len(guids), 500):
            chunk = list(guids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            found.update(
                conn.execute(
                    f"SELECT guid, content_hash FROM items WHERE source_id = ? "
                    f"AND guid IN ({marks})",
                    (source_id, *chunk),
                ).fetchall()
            )
    return found


def pending_extractions(db: Database, limit: int = 50) -> list[tuple[int, str, str]]:
    """(item id, source id, url) of items whose full text is still to be fetched, oldest first."""
    with db.reading() as conn:
        return conn.execute(
            "SELECT id, source_id, url FROM items WHERE extract_state = 'pending' "
            "ORDER BY id LIMIT ?",
            (limit,),
        ).fetchall()


def item_texts(db: Database, item_id: int) -> tuple[str, str, str] | None:
    """(title, summary, content) of one item."""
    with db.reading() as conn:
        return conn.execute(
            "SELECT title, summary, content FROM items WHERE id = ?", (item_id,)
        ).fetchone()


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
) -> list[tuple[int, str, str]]:
    """(id, title, body) of the items with after < id <= upto (published since `since`)."""
    query = "SELECT id, title, summary, content FROM items WHERE id > ? AND id <= ?"
    params: tuple[int, ...] = (after, upto)
    if since is not None:
        query += " AND COALESCE(published_at, fetched_at) >= ?"
        params += (since,)
    with db.reading() as conn:
        rows = conn.execute(query + " ORDER BY id", params).fetchall()
    return [(r[0], r[1], body_of(r[2], r[3])) for r in rows]


def tag_signature(db: Database, item_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    """The place and theme ids each item is tagged with now (to tell what a retag changed)."""
    found: dict[int, list[str]] = {i: [] for i in item_ids}
    marks = ",".join("?" * len(item_ids))
    with db.reading() as conn:
        for item_id, tag in conn.execute(
            f"SELECT item_id, 'p:' || place_id FROM item_places WHERE item_id IN ({marks}) "
            f"UNION ALL SELECT item_id, 't:' || theme_id FROM item_themes "
            f"WHERE item_id IN ({marks})",
            (*item_ids, *item_ids),
        ):
            found[item_id].append(tag)
    return {i: tuple(sorted(tags)) for i, tags in found.items()}
