"""Loading list rows (ItemRow) for a set of item ids, with their tags, in a few queries."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from storage.timeutil import from_epoch
from storage.types import ItemRow

ROW_COLUMNS = (
    "i.id, i.source_id, i.title, i.url, i.lang, i.published_at, i.fetched_at, i.read_at, "
    "i.starred, s.side, s.type"
)


def load_rows(conn: sqlite3.Connection, ids: Sequence[int]) -> list[ItemRow]:
    """ItemRows for `ids`, in the order given."""
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    places: dict[int, list[str]] = {}
    themes: dict[int, list[str]] = {}
    for item_id, place_id in conn.execute(
        f"SELECT item_id, place_id FROM item_places WHERE item_id IN ({marks}) "
        "ORDER BY item_id, mentions DESC, place_id",
        ids,
    ):
        places.setdefault(item_id, []).append(place_id)
    for item_id, theme_id in conn.execute(
        f"SELECT item_id, theme_id FROM item_themes WHERE item_id IN ({marks}) "
        "ORDER BY item_id, score DESC, theme_id",
        ids,
    ):
        themes.setdefault(item_id, []).append(theme_id)
    rows = {}
    for r in conn.execute(
        f"SELECT {ROW_COLUMNS} FROM items i JOIN sources s ON s.id = i.source_id "
        f"WHERE i.id IN ({marks})",
        ids,
    ):
        rows[r[0]] = ItemRow(
            id=r[0],
            source_id=r[1],
            title=r[2],
            url=r[3],
            lang=r[4],
            published_at=from_epoch(r[5]),
            fetched_at=from_epoch(r[6]),
            read=r[7] is not None,
            starred=bool(r[8]),
            places=tuple(places.get(r[0], ())),
            themes=tuple(themes.get(r[0], ())),
            source_side=r[9],
            source_type=r[10],
        )
    return [rows[i] for i in ids if i in rows]
