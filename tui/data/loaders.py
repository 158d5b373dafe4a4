"""Storage reads and writes the TUI runs in thread workers, returning plain records."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, tzinfo

from storage import Database
from storage.alerts import alerts_after, last_alert_id
from storage.item_reads import item_texts
from storage.items import mark_read
from storage.lease import LeaseHolder, current_poller
from storage.places import get_places
from storage.search import search
from storage.sources import list_sources, next_due_at
from storage.stream import get_item, max_item_id
from storage.types import ItemDetail, ItemRow, SearchResult
from storage.watch import list_rules

# Past this many new rows at once the stream starts again from the newest page.
NEWER_CAP_PAGES = 5
# Five or more alerts arriving together become one grouped toast.
ALERT_GROUP = 5
_ALERT_PAGE = 200


@dataclass(frozen=True)
class SearchContext:
    """What every search needs besides the query: the clock, the zone, the theme ids."""

    now: datetime
    zone: tzinfo
    known_themes: tuple[str, ...] = ()

    @property
    def themes(self) -> tuple[str, ...] | None:
        """Theme ids to validate `theme:` against (None: accept any)."""
        return self.known_themes or None


@dataclass(frozen=True)
class StreamBatch:
    """Stream rows from storage, with what is needed to draw and highlight them."""

    rows: tuple[ItemRow, ...]
    terms: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    names: dict[str, str] = field(default_factory=dict)  # place id -> name, newly seen ids
    exhausted: bool = False  # no older rows to page in
    complete: bool = True  # (newer rows) every row since the asked id is here


def place_names(db: Database, ids: Iterable[str], known: Collection[str]) -> dict[str, str]:
    """Display names of the place ids not already known (unknown ids name themselves)."""
    missing = {i for i in ids if i not in known}
    if not missing:
        return {}
    found = get_places(db, missing)
    return {i: (found[i].name if i in found else i) for i in missing}


def _names_of(db: Database, rows: Iterable[ItemRow], known: Collection[str]) -> dict[str, str]:
    return place_names(db, (p for row in rows for p in row.places), known)


def _stream_search(
    db: Database, query: str, ctx: SearchContext, limit: int, before_id: int | None
) -> SearchResult:
    """A page of the stream's search, newest first (rows only: the stream shows no snippets)."""
    return search(
        db,
        query,
        limit=limit,
        before_id=before_id,
        now=ctx.now,
        tz=ctx.zone,
        known_themes=ctx.themes,
        snippets=False,
    )


def stream_page(
    db: Database,
    query: str,
    ctx: SearchContext,
    *,
    limit: int,
    before_id: int | None = None,
    known_names: Collection[str] = (),
) -> StreamBatch:
    """One page of the stream (newest first), older than `before_id` when given.

    Raises:
        QueryError: the query cannot be run.
    """
    result = _stream_search(db, query, ctx, limit, before_id)
    rows = tuple(hit.item for hit in result.hits)
    return StreamBatch(
        rows=rows,
        terms=result.terms,
        notes=result.notes,
        names=_names_of(db, rows, known_names),
        exhausted=len(rows) < limit,
    )


def stream_newer(
    db: Database,
    query: str,
    ctx: SearchContext,
    *,
    after_id: int,
    limit: int,
    known_names: Collection[str] = (),
    cancelled: Callable[[], bool] = lambda: False,
) -> StreamBatch:
    """Rows newer than `after_id`, newest first; `complete` is False past the cap."""
    if max_item_id(db) <= after_id:
        return StreamBatch(rows=())
    found: list[ItemRow] = []
    before: int | None = None
    for _ in range(NEWER_CAP_PAGES):
        if cancelled():
            break
        result = _stream_search(db, query, ctx, limit, before)
        rows = [hit.item for hit in result.hits]
        found.extend(row for row in rows if row.id > after_id)
        if len(rows) < limit or not rows or rows[-1].id <= after_id:
            return StreamBatch(rows=tuple(found), names=_names_of(db, found, known_names))
        before = rows[-1].id
    return StreamBatch(
        rows=tuple(found[:limit]),
        names=_names_of(db, found[:limit], known_names),
        complete=False,
    )


def watch_signature(db: Database) -> tuple:
    """A cheap fingerprint of what the watchlist counts depend on: newest item and rules.

    Read marks made elsewhere are not in it; the watchlist recounts now and then anyway.
    """
    rules = tuple((r.id, r.place_id, r.query, r.themes) for r in list_rules(db))
    return (max_item_id(db), rules)


@dataclass(frozen=True)
class ReaderDoc:
    """An item for the reader, with its places' names."""

    detail: ItemDetail
    names: dict[str, str]
    marked_read: bool = False


def reader_doc(db: Database, item_id: int, *, mark: bool) -> ReaderDoc | None:
    """The item to show; marks it read when asked and it was unread."""
    detail = get_item(db, item_id)
    if detail is None:
        return None
    marked = False
    if mark and not detail.row.read:
        marked = mark_read(db, [item_id], True) > 0
        if marked:
            detail = replace(detail, row=replace(detail.row, read=True))
    names = place_names(db, [p.tag_id for p in detail.places], ())
    return ReaderDoc(detail=detail, names=names, marked_read=marked)


def mark_all_read(
    db: Database,
    query: str,
    ctx: SearchContext,
    *,
    page: int = 500,
    cancelled: Callable[[], bool] = lambda: False,
) -> int:
    """Mark read every item the query matches (paging through the unread ones)."""
    unread_query = f"{query} is:unread".strip()
    before: int | None = None
    total = 0
    while not cancelled():
        result = _stream_search(db, unread_query, ctx, page, before)
        ids = [hit.item.id for hit in result.hits]
        if not ids:
            break
        total += mark_read(db, ids, True)
        if len(ids) < page:
            break
        before = ids[-1]
    return total


@dataclass(frozen=True)
class PollSnapshot:
    """What the header says about polling, as stored."""

    lease: LeaseHolder | None
    next_due: datetime | None
    failing: int
    offline: bool
    sources: int


def poll_snapshot(db: Database) -> PollSnapshot:
    """The live poller (if any), the next due time, failing and offline sources."""
    sources = [s for s in list_sources(db) if s.enabled]
    polled = [s for s in sources if s.last_status]
    failing = sum(1 for s in polled if s.last_status == "error")
    offline = bool(polled) and all(s.last_status == "offline" for s in polled)
    return PollSnapshot(
        lease=current_poller(db),
        next_due=next_due_at(db),
        failing=failing,
        offline=offline,
        sources=len(sources),
    )


@dataclass(frozen=True)
class AlertNote:
    """One alert to show: which watch row matched which item."""

    alert_id: int
    item_id: int
    label: str
    title: str


@dataclass(frozen=True)
class AlertBatch:
    """Alerts fired since the last look; details only when few enough to toast one by one."""

    last_id: int
    count: int
    notes: tuple[AlertNote, ...] = ()


def first_alert_id(db: Database) -> int:
    """Where following alerts starts: after everything already fired."""
    return last_alert_id(db)


def new_alerts(db: Database, after_id: int) -> AlertBatch:
    """Alerts fired after `after_id`, oldest first."""
    fired: list[tuple[int, int, int]] = []
    last = after_id
    while True:
        page = alerts_after(db, last, limit=_ALERT_PAGE)
        fired.extend(page)
        if len(page) < _ALERT_PAGE:
            break
        last = page[-1][0]
    if not fired:
        return AlertBatch(last_id=after_id, count=0)
    last = fired[-1][0]
    if len(fired) >= ALERT_GROUP:
        return AlertBatch(last_id=last, count=len(fired))
    labels = {rule.id: rule.label for rule in list_rules(db)}
    notes = []
    for alert_id, item_id, rule_id in fired:
        texts = item_texts(db, item_id)
        title = texts[0] if texts else f"item {item_id}"
        notes.append(AlertNote(alert_id, item_id, labels.get(rule_id, f"rule {rule_id}"), title))
    return AlertBatch(last_id=last, count=len(fired), notes=tuple(notes))
