"""Small facts about the database itself (seeded lists, loaded data versions)."""

from __future__ import annotations

from storage.db import Database


def get_meta(db: Database, key: str) -> str | None:
    """A stored fact, or None."""
    with db.reading() as conn:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def set_meta(db: Database, key: str, value: str) -> None:
    """Store a fact (replacing the old value)."""
    with db.write() as conn:
        conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
