"""Reading single items for the reader, and what changed since a given id."""

from __future__ import annotations

import json

from storage.db import Database
from storage.rows import load_rows
from storage.types import ItemDetail, TagEvidence


def get_item(db: Database, item_id: int) -> ItemDetail | None:
    """Everything the reader shows for one item, or None if it is gone."""
    with db.reading() as conn:
        rows = load_rows(conn, [item_id])
        if not rows:
            return None
        guid, summary, content, author, forwarded, version, dup_of, source_title = conn.execute(
            "SELECT i.guid, i.summary, i.content, i.author, i.forwarded_from, v.tagger_version,"
            " i.dup_of, s.title FROM items i JOIN sources s ON s.id = i.source_id"
            " LEFT JOIN item_versions v ON v.item_id = i.id WHERE i.id = ?",
            (item_id,),
        ).fetchone()
        places = tuple(
            TagEvidence(pid, mentions, tuple(json.loads(ev)), tuple(filter(None, ru.split(","))))
            for pid, mentions, ev, ru in conn.execute(
                "SELECT place_id, mentions, evidence, runners_up FROM item_places "
                "WHERE item_id = ? ORDER BY mentions DESC, place_id",
                (item_id,),
            )
        )
        themes = tuple(
            TagEvidence(tid, score, tuple(json.loads(ev)))
            for tid, score, ev in conn.execute(
                "SELECT theme_id, score, evidence FROM item_themes WHERE item_id = ? "
                "ORDER BY score DESC, theme_id",
                (item_id,),
            )
        )
        first = dup_of or item_id
        also_in = tuple(
            r[0]
            for r in conn.execute(
                "SELECT DISTINCT COALESCE(s.title, s.id) FROM items i "
                "JOIN sources s ON s.id = i.source_id "
                "WHERE (i.id = ? OR i.dup_of = ?) AND i.id <> ? ORDER BY i.id",
                (first, first, item_id),
            )
        )
    return ItemDetail(
        row=rows[0],
        guid=guid,
        summary=summary,
        content=content,
        author=author,
        source_title=source_title,
        forwarded_from=forwarded,
        tagger_version=version,
        places=places,
        themes=themes,
        also_in=also_in,
        dup_of=dup_of,
    )


def max_item_id(db: Database) -> int:
    """The newest item id (0 for an empty database)."""
    with db.reading() as conn:
        return conn.execute("SELECT COALESCE(max(id), 0) FROM items").fetchone()[0]
