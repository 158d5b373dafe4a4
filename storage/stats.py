"""Database totals for `frontwatch stats`."""

from __future__ import annotations

import os

from storage.db import Database
from storage.timeutil import now_epoch
from storage.types import Stats


def database_stats(db: Database) -> Stats:
    """Items, sources, distinct places tagged, items first seen in the last 24 h, size, schema."""
    with db.reading() as conn:
        items = conn.execute("SELECT count(*) FROM items").fetchone()[0]
        sources = conn.execute("SELECT count(*) FROM sources").fetchone()[0]
        places = conn.execute(
            "SELECT count(*) FROM (SELECT DISTINCT place_id FROM item_places)"
        ).fetchone()[0]
        recent = conn.execute(
            "SELECT count(*) FROM items WHERE fetched_at >= ?", (now_epoch() - 86400,)
        ).fetchone()[0]
    size = sum(
        os.path.getsize(db.path + suffix)
        for suffix in ("", "-wal", "-shm")
        if os.path.exists(db.path + suffix)
    )
    return Stats(
        items=items,
        sources=sources,
        places_tagged=places,
        items_24h=recent,
        db_bytes=size,
        schema_version=db.schema_version(),
    )
