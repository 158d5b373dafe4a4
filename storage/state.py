"""What the user made by hand, out and back in: watchlist rules, stars and read marks."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from datetime import datetime
from itertools import islice

from storage.db import Database
from storage.timeutil import from_epoch, to_epoch

# Marks applied per write transaction: a poller beside an import waits for one batch at most.
BATCH = 1000


@dataclass(frozen=True, slots=True)
class RuleState:
    """A watchlist row as watch_rules stores it (without its row number)."""

    place_id: str | None
    query: str | None
    themes: tuple[str, ...]
    label: str
    added_at: datetime


@dataclass(frozen=True, slots=True)
class ItemMark:
    """A star or read mark, keyed by what survives a rebuild: source + guid, else the URL."""

    source_id: str
    guid: str
    url: str | None  # canonical
    starred: bool
    read_at: datetime | None


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import changed, found already so, or could not match."""

    rules_applied: int = 0
    rules_present: int = 0
    rules_unmatched: int = 0  # watched places this database does not know
    stars_applied: int = 0
    reads_applied: int = 0
    marks_present: int = 0  # items found already starred/read as the file says
    items_unmatched: int = 0


def export_rules(db: Database) -> list[RuleState]:
    """Every watchlist rule, oldest first."""
    with db.reading() as conn:
        rows = conn.execute(
            "SELECT place_id, query, themes, label, added_at FROM watch_rules ORDER BY id"
        ).fetchall()
    return [
        RuleState(
            place_id=place_id,
            query=query,
            themes=tuple(t for t in themes.split(",") if t),
            label=label,
            added_at=from_epoch(added),  # type: ignore[arg-type]
        )
        for place_id, query, themes, label, added in rows
    ]


def export_marks(db: Database, batch: int = BATCH) -> Iterator[ItemMark]:
    """Every starred or read item's mark, oldest first; each batch is its own short read."""
    after = 0
    while True:
        with db.reading() as conn:
            rows = conn.execute(
                "SELECT id, source_id, guid, canonical_url, starred, read_at FROM items "
                "WHERE id > ? AND (starred = 1 OR read_at IS NOT NULL) ORDER BY id LIMIT ?",
                (after, batch),
            ).fetchall()
        for _, source_id, guid, url, starred, read_at in rows:
            yield ItemMark(source_id, guid, url, bool(starred), from_epoch(read_at))
        if len(rows) < batch:
            return
        after = rows[-1][0]


def import_state(
    db: Database, rules: Iterable[RuleState], marks: Iterable[ItemMark], batch: int = BATCH
) -> ImportReport:
    """Merge rules and marks into the database; nothing is ever removed or un-marked.

    A rule for a place already watched (or a query already saved) takes the file's
    themes and label and keeps its own row. A mark applies to the item with the same
    source and guid, else to this source's item with the same canonical URL, else to
    the first item anywhere with that URL.
    """
    counts = {f.name: 0 for f in fields(ImportReport)}
    with db.write() as conn:
        for rule in rules:
            counts[_merge_rule(conn, rule)] += 1
    pending = iter(marks)
    while chunk := list(islice(pending, batch)):
        with db.write() as conn:
            for mark in chunk:
                for outcome in _apply_mark(conn, mark):
                    counts[outcome] += 1
    return ImportReport(**counts)


def _merge_rule(conn: sqlite3.Connection, rule: RuleState) -> str:
    themes = ",".join(rule.themes)
    if rule.place_id is not None:
        known = conn.execute("SELECT 1 FROM places WHERE id = ?", (rule.place_id,)).fetchone()
        if known is None:
            return "rules_unmatched"
        column, key = "place_id", rule.place_id
    else:
        column, key = "query", rule.query
    row = conn.execute(
        f"SELECT id, themes, label FROM watch_rules WHERE {column} = ?", (key,)
    ).fetchone()
    if row is None:
        conn.execute(
            f"INSERT INTO watch_rules ({column}, themes, label, added_at) VALUES (?, ?, ?, ?)",
            (key, themes, rule.label, to_epoch(rule.added_at)),
        )
        return "rules_applied"
    if (row[1], row[2]) == (themes, rule.label):
        return "rules_present"
    conn.execute(
        "UPDATE watch_rules SET themes = ?, label = ? WHERE id = ?", (themes, rule.label, row[0])
    )
    return "rules_applied"


def _apply_mark(conn: sqlite3.Connection, mark: ItemMark) -> list[str]:
    item_id = _find_item(conn, mark)
    if item_id is None:
        return ["items_unmatched"]
    outcomes = []
    if mark.starred:
        star = "UPDATE items SET starred = 1 WHERE id = ? AND starred = 0"
        if conn.execute(star, (item_id,)).rowcount:
            outcomes.append("stars_applied")
    if mark.read_at is not None:
        read = "UPDATE items SET read_at = ? WHERE id = ? AND read_at IS NULL"
        if conn.execute(read, (to_epoch(mark.read_at), item_id)).rowcount:
            outcomes.append("reads_applied")
    return outcomes or ["marks_present"]


# Most specific first: the same item, then this source's copy of the URL, then any copy.
_FIND_ITEM = (
    ("SELECT id FROM items WHERE source_id = ? AND guid = ?", ("source_id", "guid")),
    (
        "SELECT id FROM items WHERE canonical_url = ? AND source_id = ? ORDER BY id LIMIT 1",
        ("url", "source_id"),
    ),
    ("SELECT id FROM items WHERE canonical_url = ? ORDER BY id LIMIT 1", ("url",)),
)


def _find_item(conn: sqlite3.Connection, mark: ItemMark) -> int | None:
    for sql, keys in _FIND_ITEM:
        params = tuple(getattr(mark, key) for key in keys)
        if None in params:
            continue
        row = conn.execute(sql, params).fetchone()
        if row is not None:
            return row[0]
    return None
