"""Re-tagging stored items: their texts and tags as stored, and the writes that replace them."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterator, Sequence
from typing import NamedTuple

from storage.db import Database
from storage.tags import (
    PlaceRow,
    ThemeRow,
    current_tag_tokens,
    hour_of,
    place_rows,
    remove_places,
    stamp_versions,
    stored_place_ids,
    stored_theme_ids,
    tag_tokens,
    theme_rows,
    write_place_rows,
    write_theme_rows,
)
from tagging.text import body_of
from tagging.types import TagResult


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
    query = (
        "SELECT i.id, i.title, i.summary, i.content, v.tagger_version FROM items i "
        "LEFT JOIN item_versions v ON v.item_id = i.id WHERE i.id > ? AND i.id <= ?"
    )
    params: tuple[int, ...] = (after, upto)
    if since is not None:
        query += " AND COALESCE(i.published_at, i.fetched_at) >= ?"
        params += (since,)
    with db.reading() as conn:
        rows = conn.execute(query + " ORDER BY i.id", params).fetchall()
    return [StoredText(r[0], r[1], body_of(r[2], r[3]), r[4]) for r in rows]


def stored_places(db: Database, item_ids: Sequence[int]) -> dict[int, frozenset[PlaceRow]]:
    """The place rows each item has now (to tell what a retag changed)."""
    return _stored_rows(
        db, "SELECT item_id, place_id, mentions, evidence, runners_up FROM item_places", item_ids
    )


def stored_themes(
    db: Database, item_ids: Sequence[int], but: Collection[str] = ()
) -> dict[int, frozenset[ThemeRow]]:
    """The theme rows each item has now, but those of the themes in `but`."""
    select = "SELECT item_id, theme_id, score, evidence FROM item_themes"
    if not but:
        return _stored_rows(db, select, item_ids)
    marks = ",".join("?" * len(but))
    return _stored_rows(db, select, item_ids, f"theme_id NOT IN ({marks})", tuple(but))


def _stored_rows(
    db: Database,
    select: str,
    item_ids: Sequence[int],
    where: str = "1",
    params: tuple[str, ...] = (),
) -> dict[int, frozenset]:
    """Rows of a tag table per item id (the id itself left out); empty for an item without."""
    rows: dict[int, list[tuple]] = {i: [] for i in item_ids}
    if item_ids:
        marks = ",".join("?" * len(item_ids))
        query = f"{select} WHERE item_id IN ({marks}) AND {where}"
        with db.reading() as conn:
            for row in conn.execute(query, (*item_ids, *params)):
                rows[row[0]].append(row[1:])
    return {i: frozenset(found) for i, found in rows.items()}


class RetagUpdate(NamedTuple):
    """An item's tags as a retag found them, where they differ from the stored ones.

    Rows as item_places and item_themes hold them (see storage.tags); None leaves that
    half as stored. New theme rows replace the stored ones of every theme but those in
    `kept_themes` (a retag that scored only the themes whose cues changed).
    """

    item_id: int
    places: list[PlaceRow] | None
    themes: list[ThemeRow] | None
    kept_themes: frozenset[str] = frozenset()


def store_retag(
    db: Database, version: str, updates: Sequence[RetagUpdate], unchanged: Sequence[int] = ()
) -> None:
    """Write one batch of a retag in one transaction: the changed tags, and the version of
    the tagger that re-tagged them on those items and on the `unchanged` ones."""
    with db.write() as conn:
        for update in updates:
            _apply(conn, update)
        stamp_versions(conn, version, [*(update.item_id for update in updates), *unchanged])


def replace_item_tags(conn: sqlite3.Connection, item_id: int, tags: TagResult) -> bool:
    """Replace all of a stored item's tags inside the caller's transaction (its full text
    landed); False if the item is gone."""
    update = RetagUpdate(item_id, place_rows(tags.places), theme_rows(tags.themes))
    if not _apply(conn, update):
        return False
    stamp_versions(conn, tags.version, [item_id])
    return True


def _apply(conn: sqlite3.Connection, update: RetagUpdate) -> bool:
    """Write one item's new tags; False if the item is gone (deleted since it was read)."""
    item_id = update.item_id
    row = conn.execute(
        "SELECT published_at, fetched_at, dup_of FROM items WHERE id = ?", (item_id,)
    ).fetchone()
    if row is None:
        return False
    published, fetched, dup_of = row
    if update.places is None:
        places = stored_place_ids(conn, item_id)
    else:
        hour = hour_of(published, fetched)
        remove_places(conn, item_id, hour, counted=dup_of is None)
        places = write_place_rows(conn, item_id, update.places, hour, counted=dup_of is None)
    if update.themes is not None:
        kept = update.kept_themes
        marks = ",".join("?" * len(kept))
        conn.execute(
            f"DELETE FROM item_themes WHERE item_id = ? AND theme_id NOT IN ({marks})",
            (item_id, *kept),
        )
        write_theme_rows(conn, item_id, update.themes)
    _set_tokens(conn, item_id, tag_tokens(places, stored_theme_ids(conn, item_id)))
    return True


def _set_tokens(conn: sqlite3.Connection, item_id: int, tokens: str) -> None:
    # An FTS update re-indexes the whole row, text and all: skip it when the tags are the
    # same, in whatever order (rows read back come in key order, not the tagger's).
    if set(tokens.split()) != set(current_tag_tokens(conn, item_id).split()):
        conn.execute("UPDATE items_fts SET tags = ? WHERE rowid = ?", (tokens, item_id))
