"""Writing an item's place and theme tags, the FTS tag tokens and the hourly place counts."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable

from tagging.text import normalise
from tagging.types import Evidence, PlaceTag, TagResult, ThemeTag

_NON_TOKEN = re.compile(r"[^a-z0-9]+")


def place_token(place_id: str) -> str:
    """The FTS token that stands for "tagged with this place" in the tags column."""
    return "zp_" + _NON_TOKEN.sub("_", place_id.lower())


def theme_token(theme_id: str) -> str:
    """The FTS token that stands for "tagged with this theme" in the tags column."""
    return "zt_" + _NON_TOKEN.sub("_", theme_id.lower())


def tag_tokens(place_ids: list[str], theme_ids: list[str]) -> str:
    """The text of the FTS tags column for an item's places and themes.

    Themes are in it, though a retag that changes an item's themes must then rewrite its
    FTS row (re-indexing the whole text, about a millisecond): a ranked "word theme:X"
    intersects the two inside the index. Probing item_themes per match instead walked the
    common word's matches: 329-431 ms p95 at 1M items, against 57-135 ms with the tokens.
    """
    return " ".join([place_token(p) for p in place_ids] + [theme_token(t) for t in theme_ids])


def index_text(text: str) -> str:
    """Text as the FTS index holds it; underscores cannot forge tag tokens."""
    return normalise(text).replace("_", " ")


def evidence_json(evidence: tuple[Evidence, ...]) -> str:
    """Compact JSON of evidence records (what json.dumps gives, without ASCII escapes)."""
    # Written out by hand: every stored tag and every retag comparison encodes evidence,
    # and json.dumps of a dict per record cost more than the tagging of short items.
    return "[" + ",".join(map(_evidence_record, evidence)) + "]"


def _evidence_record(e: Evidence) -> str:
    return (
        f'{{"f":{_json_string(e.field)},"s":{int(e.start)},"e":{int(e.end)},'
        f'"form":{_json_string(e.form)},"rule":{_json_string(e.rule)}}}'
    )


# What json.dumps(ensure_ascii=False) escapes in a string: quotes, backslashes, C0 controls.
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f]')


# Field names, forms and rules repeat across the records of a retag: each is encoded once.
_encoded: dict[str, str] = {}
_ENCODED_CACHE = 20_000


def _json_string(text: str) -> str:
    found = _encoded.get(text)
    if found is None:
        if len(_encoded) >= _ENCODED_CACHE:
            _encoded.clear()
        if _NEEDS_ESCAPE.search(text) is None:
            found = f'"{text}"'
        else:
            found = json.dumps(text, ensure_ascii=False)
        _encoded[text] = found
    return found


def write_tags(
    conn: sqlite3.Connection, item_id: int, tags: TagResult | None, hour: int, counted: bool
) -> str:
    """Insert an item's tags; add its mentions to the hourly counts if it counts.

    Places the database does not know (a newer gazetteer than the DB's) are skipped.
    Returns the FTS tags text for exactly what was written, so both stay in step.
    """
    if tags is None:
        return ""
    places = write_place_rows(conn, item_id, place_rows(tags.places), hour, counted)
    write_theme_rows(conn, item_id, theme_rows(tags.themes))
    stamp_versions(conn, tags.version, [item_id])
    return tag_tokens(places, [t.theme_id for t in tags.themes])


def stamp_versions(conn: sqlite3.Connection, version: str, item_ids: Iterable[int]) -> None:
    """Record that the tagger of this version tagged these items (their tags as stored).

    An item deleted since it was tagged (a prune during a retag) is passed over.
    """
    conn.executemany(
        "INSERT INTO item_versions (item_id, tagger_version) SELECT id, ? FROM items WHERE id = ? "
        "ON CONFLICT (item_id) DO UPDATE SET tagger_version = excluded.tagger_version",
        [(version, item_id) for item_id in item_ids],
    )


def write_place_rows(
    conn: sqlite3.Connection, item_id: int, rows: Iterable[PlaceRow], hour: int, counted: bool
) -> list[str]:
    """Insert an item's place rows (of places the database knows); add them to the hourly
    counts if the item counts. Returns the ids of the places written."""
    rows = [row for row in rows if _known_place(conn, row[0])]
    conn.executemany(
        "INSERT INTO item_places (item_id, place_id, mentions, evidence, runners_up) "
        "VALUES (?, ?, ?, ?, ?)",
        [(item_id, *row) for row in rows],
    )
    place_ids = [row[0] for row in rows]
    if counted:
        _count_places(conn, place_ids, hour, +1)
    return place_ids


def write_theme_rows(conn: sqlite3.Connection, item_id: int, rows: Iterable[ThemeRow]) -> None:
    """Insert an item's theme rows."""
    conn.executemany(
        "INSERT INTO item_themes (item_id, theme_id, score, evidence) VALUES (?, ?, ?, ?)",
        [(item_id, *row) for row in rows],
    )


PlaceRow = tuple[str, int, str, str]
ThemeRow = tuple[str, float, str]


def place_rows(places: Iterable[PlaceTag]) -> list[PlaceRow]:
    """Place tags as item_places stores them: (place_id, mentions, evidence, runners_up)."""
    return [
        (p.place_id, p.mentions, evidence_json(p.evidence), ",".join(p.runners_up)) for p in places
    ]


def theme_rows(themes: Iterable[ThemeTag]) -> list[ThemeRow]:
    """Theme tags as item_themes stores them: (theme_id, score, evidence)."""
    return [(t.theme_id, t.score, evidence_json(t.evidence)) for t in themes]


def current_tag_tokens(conn: sqlite3.Connection, item_id: int) -> str:
    """The FTS tags text an item has now."""
    row = conn.execute("SELECT tags FROM items_fts WHERE rowid = ?", (item_id,)).fetchone()
    return row[0] if row else ""


def _known_place(conn: sqlite3.Connection, place_id: str) -> bool:
    return conn.execute("SELECT 1 FROM places WHERE id = ?", (place_id,)).fetchone() is not None


def remove_tags(conn: sqlite3.Connection, item_id: int, hour: int, counted: bool) -> None:
    """Delete an item's tags, taking its mentions back out of the hourly counts."""
    remove_places(conn, item_id, hour, counted)
    conn.execute("DELETE FROM item_themes WHERE item_id = ?", (item_id,))


def remove_places(conn: sqlite3.Connection, item_id: int, hour: int, counted: bool) -> None:
    """Delete an item's place tags, taking them back out of the hourly counts."""
    if counted:
        add_hourly(conn, item_id, hour, -1)
    conn.execute("DELETE FROM item_places WHERE item_id = ?", (item_id,))


def add_hourly(conn: sqlite3.Connection, item_id: int, hour: int, sign: int) -> None:
    """Add (or take back) a stored item's places in the hourly counts of its hour."""
    _count_places(conn, stored_place_ids(conn, item_id), hour, sign)


def stored_place_ids(conn: sqlite3.Connection, item_id: int) -> list[str]:
    """The places an item is tagged with now."""
    return [
        r[0] for r in conn.execute("SELECT place_id FROM item_places WHERE item_id = ?", (item_id,))
    ]


def stored_theme_ids(conn: sqlite3.Connection, item_id: int) -> list[str]:
    """The themes an item is tagged with now."""
    return [
        r[0] for r in conn.execute("SELECT theme_id FROM item_themes WHERE item_id = ?", (item_id,))
    ]


def _count_places(conn: sqlite3.Connection, place_ids: list[str], hour: int, sign: int) -> None:
    # One item counts once per place per hour, whatever its mention count: the watchlist
    # shows how many items name a place, not how often one item repeats it.
    conn.executemany(
        "INSERT INTO place_hourly (place_id, hour, mentions) VALUES (?, ?, ?) "
        "ON CONFLICT (place_id, hour) DO UPDATE SET mentions = mentions + excluded.mentions",
        [(place_id, hour, sign) for place_id in place_ids],
    )
    if sign < 0:
        # By primary key: a delete by hour alone would scan every place's hours.
        conn.executemany(
            "DELETE FROM place_hourly WHERE place_id = ? AND hour = ? AND mentions <= 0",
            [(place_id, hour) for place_id in place_ids],
        )


def hour_of(published_at: int | None, fetched_at: int) -> int:
    """The hourly bucket an item counts in: when it was published, else when first seen."""
    moment = published_at if published_at is not None else fetched_at
    return min(moment, fetched_at) // 3600
