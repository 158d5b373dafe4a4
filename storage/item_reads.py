"""Reads over stored items for the poll loop: content hashes, the extraction queue, texts."""

from __future__ import annotations

from collections.abc import Sequence

from storage.db import Database


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
