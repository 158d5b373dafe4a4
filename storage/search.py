"""Running searches and stream listings: newest first or ranked, with snippets."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection
from datetime import UTC, datetime, tzinfo

from storage.db import Database
from storage.errors import QueryError
from storage.query import ParsedQuery, Term, parse_query
from storage.rows import load_rows
from storage.search_sql import CompiledQuery, compile_query, first_id_since
from storage.snippets import (
    SNIPPET_CHARS,
    find_spans,
    first_span_start,
    make_snippet,
    merge_spans,
)
from storage.types import ItemRow, SearchHit, SearchResult
from tagging.text import body_of

RANK_WINDOW = 10_000
# bm25 column weights: title, summary, content, tags.
_BM25 = "bm25(items_fts, 10.0, 3.0, 1.0, 0.0)"
# Age (days) at which a match's relevance is halved when ranking.
RANK_HALF_LIFE_DAYS = 7.0


def search(
    db: Database,
    query: str | ParsedQuery,
    *,
    limit: int = 50,
    sort: str = "newest",
    before_id: int | None = None,
    now: datetime | None = None,
    tz: tzinfo = UTC,
    known_themes: Collection[str] | None = None,
    snippets: bool = True,
    include_duplicates: bool = False,
) -> SearchResult:
    """Find items for a query string (see storage.query) or list the stream when it is empty.

    Newest first (by first-seen time) unless `sort="rank"`, which ranks by bm25 blended
    with age over the newest 10,000 matches. `before_id` pages older results.

    Raises:
        QueryError: the query cannot be run (the message says why, in one line).
    """
    if sort not in ("newest", "rank"):
        raise QueryError(f"sort must be newest or rank, got {sort!r}")
    parsed = parse_query(query) if isinstance(query, str) else query
    now = now or datetime.now(UTC)
    compiled = compile_query(db, parsed, now=now, tz=tz, known_themes=known_themes)
    if not include_duplicates:
        compiled.where.append("i.dup_of IS NULL")
    notes = list(compiled.notes)
    with db.reading() as conn:
        if sort == "rank" and compiled.fts:
            ids, ranks, capped = _ranked_ids(conn, compiled, limit, now)
            if capped:
                notes.append(f"ranked the newest {RANK_WINDOW:,} matches only")
        else:
            if sort == "rank":
                notes.append("nothing to rank without search words: newest first")
            ids, ranks = _newest_ids(conn, compiled, limit, before_id), {}
        rows = load_rows(conn, ids)
        hits = _hits(conn, rows, compiled, ranks, snippets)
    terms = tuple(t.text + ("*" if t.prefix else "") for t in compiled.words)
    return SearchResult(hits=tuple(hits), notes=tuple(notes), terms=terms)


def _conditions(
    conn: sqlite3.Connection, compiled: CompiledQuery, before_id: int | None, id_column: str
) -> tuple[str, list[object]]:
    where = list(compiled.where)
    params = list(compiled.params)
    if compiled.since is not None:
        where.append(f"{id_column} >= ?")
        params.append(first_id_since(conn, compiled.since))
    if before_id is not None:
        where.append(f"{id_column} < ?")
        params.append(before_id)
    return (" AND ".join(where) or "1"), params


def _newest_ids(
    conn: sqlite3.Connection, compiled: CompiledQuery, limit: int, before_id: int | None
) -> list[int]:
    if compiled.fts is None:
        where, params = _conditions(conn, compiled, before_id, "i.id")
        sql = f"SELECT i.id FROM items i WHERE {where} ORDER BY i.id DESC LIMIT ?"
        return [r[0] for r in conn.execute(sql, (*params, limit))]
    where, params = _conditions(conn, compiled, before_id, "items_fts.rowid")
    sql = (
        "SELECT i.id FROM items_fts JOIN items i ON i.id = items_fts.rowid "
        f"WHERE items_fts MATCH ? AND {where} ORDER BY items_fts.rowid DESC LIMIT ?"
    )
    return [r[0] for r in conn.execute(sql, (compiled.fts, *params, limit))]


def _ranked_ids(
    conn: sqlite3.Connection, compiled: CompiledQuery, limit: int, now: datetime
) -> tuple[list[int], dict[int, float], bool]:
    where, params = _conditions(conn, compiled, None, "items_fts.rowid")
    sql = (
        f"SELECT i.id, {_BM25}, i.fetched_at FROM items_fts JOIN items i "
        "ON i.id = items_fts.rowid "
        f"WHERE items_fts MATCH ? AND {where} ORDER BY items_fts.rowid DESC LIMIT ?"
    )
    rows = conn.execute(sql, (compiled.fts, *params, RANK_WINDOW + 1)).fetchall()
    capped = len(rows) > RANK_WINDOW
    rows = rows[:RANK_WINDOW]
    now_s = now.timestamp()
    scored = {}
    for item_id, bm25, fetched in rows:
        age_days = max(0.0, (now_s - fetched) / 86400)
        # bm25 is negative, better when lower; relevance decays with age.
        scored[item_id] = -bm25 / (1.0 + age_days / RANK_HALF_LIFE_DAYS)
    best = sorted(scored, key=lambda i: (-scored[i], -i))[:limit]
    return best, {i: scored[i] for i in best}, capped


def _hits(
    conn: sqlite3.Connection,
    rows: list[ItemRow],
    compiled: CompiledQuery,
    ranks: dict[int, float],
    snippets: bool,
) -> list[SearchHit]:
    if not snippets or not rows:
        return [SearchHit(item=r, snippet="", rank=ranks.get(r.id)) for r in rows]
    texts = {}
    marks = ",".join("?" * len(rows))
    for item_id, summary, content in conn.execute(
        f"SELECT id, summary, content FROM items WHERE id IN ({marks})", [r.id for r in rows]
    ):
        texts[item_id] = body_of(summary, content)
    evidence = _place_evidence(conn, [r.id for r in rows], compiled.place_ids)
    hits = []
    for row in rows:
        body = texts.get(row.id, "")
        places = evidence.get(row.id, [])
        # Only the snippet's window is scanned: folding every word of long bodies costs more
        # than the query itself.
        starts = [s for s, _ in places]
        first = first_span_start(body, compiled.words)
        if first is not None:
            starts.append(first)
        anchor = min(starts, default=0)
        window = find_spans(body, compiled.words, start=anchor, stop=anchor + SNIPPET_CHARS)
        snippet, highlights = make_snippet(body, merge_spans(window + places))
        hits.append(
            SearchHit(item=row, snippet=snippet, highlights=highlights, rank=ranks.get(row.id))
        )
    return hits


def _place_evidence(
    conn: sqlite3.Connection, ids: list[int], place_ids: set[str]
) -> dict[int, list[tuple[int, int]]]:
    """Body spans where the tagger found the places the query asked about."""
    if not place_ids:
        return {}
    found: dict[int, list[tuple[int, int]]] = {}
    marks = ",".join("?" * len(ids))
    place_marks = ",".join("?" * len(place_ids))
    for item_id, evidence in conn.execute(
        f"SELECT item_id, evidence FROM item_places WHERE item_id IN ({marks}) "
        f"AND place_id IN ({place_marks})",
        [*ids, *place_ids],
    ):
        for record in json.loads(evidence):
            if record.get("f") == "body":
                found.setdefault(item_id, []).append((record["s"], record["e"]))
    return found


def title_spans(title: str, result: SearchResult) -> list[tuple[int, int]]:
    """Where the query's words stand in an item's title."""
    return find_spans(title, terms_of(result))


def terms_of(result: SearchResult) -> list[Term]:
    """The query's terms back from a result (a trailing * marks a prefix)."""
    return [
        Term(words=tuple(t.rstrip("*").split()), prefix=t.endswith("*"))
        for t in result.terms
        if t.rstrip("*")
    ]


def matching_times(
    db: Database, query: str, *, since: int, now: datetime, tz: tzinfo = UTC
) -> list[tuple[int, bool]]:
    """(publish-or-seen time, read?) of every non-duplicate item matching `query` since then."""
    parsed = parse_query(query)
    compiled = compile_query(db, parsed, now=now, tz=tz)
    compiled.where.append("i.dup_of IS NULL")
    compiled.since = since if compiled.since is None else max(compiled.since, since)
    compiled.where.append("COALESCE(i.published_at, i.fetched_at) >= ?")
    compiled.params.append(since)
    with db.reading() as conn:
        where, params = _conditions(conn, compiled, None, "i.id")
        select = "SELECT COALESCE(i.published_at, i.fetched_at), i.read_at IS NOT NULL"
        if compiled.fts is None:
            sql = f"{select} FROM items i WHERE {where}"
            return [(t, bool(r)) for t, r in conn.execute(sql, params)]
        sql = (
            f"{select} FROM items_fts JOIN items i ON i.id = items_fts.rowid "
            f"WHERE items_fts MATCH ? AND {where}"
        )
        return [(t, bool(r)) for t, r in conn.execute(sql, (compiled.fts, *params))]


def match_ids(
    db: Database, query: str, ids: Collection[int], *, now: datetime | None = None, tz: tzinfo = UTC
) -> set[int]:
    """Which of `ids` match a query (for alert rules over newly stored items)."""
    if not ids:
        return set()
    compiled = compile_query(db, parse_query(query), now=now or datetime.now(UTC), tz=tz)
    marks = ",".join("?" * len(ids))
    compiled.where.append(f"i.id IN ({marks})")
    compiled.params.extend(ids)
    with db.reading() as conn:
        where, params = _conditions(conn, compiled, None, "i.id")
        if compiled.fts is None:
            rows = conn.execute(f"SELECT i.id FROM items i WHERE {where}", params)
        else:
            rows = conn.execute(
                "SELECT i.id FROM items_fts JOIN items i ON i.id = items_fts.rowid "
                f"WHERE items_fts MATCH ? AND {where}",
                (compiled.fts, *params),
            )
        return {r[0] for r in rows}
