"""Alert bookkeeping: each (item, rule) fires at most once, across processes and restarts."""

from __future__ import annotations

from collections.abc import Iterable

from storage.db import Database
from storage.timeutil import now_epoch


def claim_alerts(db: Database, pairs: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Record (item_id, rule_id) pairs as fired; returns only those not fired before.

    The INSERT decides inside one transaction, so two processes can never both claim
    the same pair.
    """
    claimed = []
    stamp = now_epoch()
    with db.write() as conn:
        for item_id, rule_id in pairs:
            cursor = conn.execute(
                "INSERT OR IGNORE INTO alerts_fired (item_id, rule_id, fired_at) VALUES (?, ?, ?)",
                (item_id, rule_id, stamp),
            )
            if cursor.rowcount:
                claimed.append((item_id, rule_id))
    return claimed


def alerts_after(db: Database, after_id: int, limit: int = 200) -> list[tuple[int, int, int]]:
    """(alert id, item id, rule id) fired after `after_id`, oldest first (for followers)."""
    with db.reading() as conn:
        return conn.execute(
            "SELECT id, item_id, rule_id FROM alerts_fired WHERE id > ? ORDER BY id LIMIT ?",
            (after_id, limit),
        ).fetchall()


def last_alert_id(db: Database) -> int:
    """The newest alert id (0 when none fired yet)."""
    with db.reading() as conn:
        return conn.execute("SELECT COALESCE(max(id), 0) FROM alerts_fired").fetchone()[0]
