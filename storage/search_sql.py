"""Turning a parsed query into an FTS5 expression and SQL conditions, resolving names first."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from storage.errors import QueryError
from storage.places import places_for_forms, places_near, resolve_place
from storage.query import ParsedQuery, Term
from storage.tags import place_token, theme_token
from storage.timespec import parse_moment

SIDES = ("ua", "ru", "intl", "other")
TYPES = ("official", "media", "analyst", "milblogger", "aggregator")
LANGS = ("en", "uk", "ru", "other")
DEFAULT_NEAR_KM = 15.0
_NEAR = re.compile(r"^(.*?)(?:/(\d+(?:\.\d+)?)\s*(?:km)?)?$", re.I)
_YES = {"yes", "true", "1", "y"}
_NO = {"no", "false", "0", "n"}


@dataclass(slots=True)
class CompiledQuery:
    """What the search runs: an FTS expression (or None), SQL conditions and bounds."""

    fts: str | None = None
    where: list[str] = field(default_factory=list)
    params: list[object] = field(default_factory=list)
    since: int | None = None  # epoch; items first seen before it cannot match
    notes: list[str] = field(default_factory=list)
    words: list[Term] = field(default_factory=list)  # positive terms, for highlighting
    place_ids: set[str] = field(default_factory=set)  # places whose evidence to highlight


def _quote(term: Term) -> str:
    # Words hold only letters and digits (the parser guarantees it), so quoting is safe.
    phrase = '"' + " ".join(term.words) + '"'
    return phrase + ("*" if term.prefix else "")


def _term_expr(term: Term, place_ids: Collection[str]) -> str:
    """A word or phrase; one that is a place's name also matches the items tagged with it."""
    if not place_ids:
        return _quote(term)
    return f"({_quote(term)} OR {_tags_expr([place_token(i) for i in place_ids])})"


def _tags_expr(tokens: Collection[str]) -> str:
    return "(" + " OR ".join(f'tags : "{t}"' for t in sorted(tokens)) + ")"


def compile_query(
    db,  # noqa: ANN001 - storage.db.Database (circular import otherwise)
    parsed: ParsedQuery,
    *,
    now: datetime,
    tz: tzinfo,
    known_themes: Collection[str] | None = None,
) -> CompiledQuery:
    """Resolve filters and words against the database and build the query parts.

    Raises:
        QueryError: unknown place, theme, source or a bad filter value.
    """
    out = CompiledQuery(notes=list(parsed.notes))
    terms = [t for group in parsed.groups for t in group] + list(parsed.negated)
    place_terms = places_for_forms(db, [t.text for t in terms if not t.prefix])
    and_parts: list[str] = []
    for group in parsed.groups:
        alternatives = []
        for term in group:
            out.words.append(term)
            ids = place_terms.get(term.text, ())
            out.place_ids.update(ids)
            alternatives.append(_term_expr(term, ids))
        and_parts.append(
            alternatives[0] if len(alternatives) == 1 else f"({' OR '.join(alternatives)})"
        )
    for flt in parsed.filters:
        _apply_filter(db, flt.key, flt.value, out, and_parts, now=now, tz=tz, themes=known_themes)
    # "-Покровськ" leaves out what "Покровськ" would find: the word, and the place's tags.
    negation = " OR ".join(_term_expr(t, place_terms.get(t.text, ())) for t in parsed.negated)
    if and_parts:
        out.fts = " AND ".join(and_parts)
        if negation:
            out.fts = f"({out.fts}) NOT ({negation})"
    elif negation:
        out.where.append("i.id NOT IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?)")
        out.params.append(negation)
    return out


def _apply_filter(
    db,  # noqa: ANN001
    key: str,
    value: str,
    out: CompiledQuery,
    and_parts: list[str],
    *,
    now: datetime,
    tz: tzinfo,
    themes: Collection[str] | None,
) -> None:
    lowered = value.lower()
    if key == "place":
        places = resolve_place(db, value)
        if not places:
            raise QueryError(
                f"unknown place: {value!r} (try `frontwatch watch add` to search names)"
            )
        if len(places) > 1:
            out.notes.append(
                f"place:{value} matches {len(places)} places; searching all of them "
                f"({', '.join(p.id for p in places[:5])})"
            )
        ids = [p.id for p in places]
        out.place_ids.update(ids)
        and_parts.append(_tags_expr([place_token(i) for i in ids]))
    elif key == "near":
        _apply_near(db, value, out, and_parts)
    elif key == "theme":
        if themes is not None and lowered not in themes:
            raise QueryError(f"unknown theme: {value!r} (known: {', '.join(sorted(themes))})")
        and_parts.append(_tags_expr([theme_token(lowered)]))
    elif key == "source":
        with db.reading() as conn:
            exists = conn.execute("SELECT 1 FROM sources WHERE id = ?", (value,)).fetchone()
        if not exists:
            raise QueryError(f"unknown source: {value!r} (see `frontwatch sources list`)")
        out.where.append("i.source_id = ?")
        out.params.append(value)
    elif key == "lang":
        _require(key, lowered, LANGS)
        out.where.append("i.lang = ?")
        out.params.append(lowered)
    elif key in ("side", "type"):
        _require(key, lowered, SIDES if key == "side" else TYPES)
        out.where.append(f"i.source_id IN (SELECT id FROM sources WHERE {key} = ?)")
        out.params.append(lowered)
    elif key == "since":
        moment = parse_moment(value, now=now, tz=tz, key=key)
        out.since = moment if out.since is None else max(out.since, moment)
        out.where.append("COALESCE(i.published_at, i.fetched_at) >= ?")
        out.params.append(moment)
    elif key == "until":
        moment = parse_moment(value, now=now, tz=tz, key=key, end=True)
        out.where.append("COALESCE(i.published_at, i.fetched_at) < ?")
        out.params.append(moment)
    elif key in ("read", "starred"):
        wanted = _yes_no(key, lowered)
        column = "i.read_at IS NOT NULL" if key == "read" else "i.starred = 1"
        out.where.append(column if wanted else f"NOT ({column})")
    elif key == "is":
        states = {"read": "i.read_at IS NOT NULL", "unread": "i.read_at IS NULL"}
        states["starred"] = "i.starred = 1"
        _require(key, lowered, tuple(states))
        out.where.append(states[lowered])


def _apply_near(db, value: str, out: CompiledQuery, and_parts: list[str]) -> None:  # noqa: ANN001
    match = _NEAR.match(value.strip())
    name = match.group(1) if match else value
    radius = float(match.group(2)) if match and match.group(2) else DEFAULT_NEAR_KM
    if not 1 <= radius <= 300:
        raise QueryError(f"near: radius must be between 1 and 300 km, got {radius:g}")
    places = resolve_place(db, name)
    if not places:
        raise QueryError(f"unknown place: {name!r}")
    centre = places[0]
    if centre.lat is None:
        raise QueryError(f"near: {centre.name} has no coordinates; use place:{centre.id}")
    near, skipped = places_near(db, centre, radius)
    if skipped:
        out.notes.append(
            f"near:{centre.name}/{radius:g}km skipped {skipped} places of {centre.raion} "
            "without coordinates"
        )
    out.place_ids.update(p.id for p in near)
    and_parts.append(_tags_expr([place_token(p.id) for p in near]))


def _require(key: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise QueryError(f"{key}: must be one of {', '.join(allowed)}; got {value!r}")


def _yes_no(key: str, value: str) -> bool:
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise QueryError(f"{key}: must be yes or no, got {value!r}")


def first_id_since(conn: sqlite3.Connection, moment: int) -> int:
    """The lowest item id first seen at or after `moment` (ids grow with first-seen time)."""
    # ORDER BY ... LIMIT 1 walks the fetched_at index; min(id) would scan the table.
    row = conn.execute(
        "SELECT id FROM items WHERE fetched_at >= ? ORDER BY fetched_at, id LIMIT 1", (moment,)
    ).fetchone()
    if row is None:
        return (conn.execute("SELECT max(id) FROM items").fetchone()[0] or 0) + 1
    return row[0]
