"""Frozen records that storage hands out and takes in; never database rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from tagging.types import TagResult


@dataclass(frozen=True, slots=True)
class Source:
    """A polled source and its health."""

    id: str
    kind: str  # rss | telegram | html
    url: str
    title: str | None = None
    lang: str | None = None
    interval: int = 600  # seconds
    enabled: bool = True
    side: str = "other"  # ua | ru | intl | other
    type: str = "media"  # official | media | analyst | milblogger | aggregator
    selector: str | None = None
    extract: bool = True
    user_agent: str | None = None
    proxy: str | None = None
    allow_file: bool = False
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    last_polled_at: datetime | None = None
    last_success_at: datetime | None = None
    next_poll_at: datetime | None = None
    last_status: str | None = None
    last_error: str | None = None
    error_count: int = 0
    polls: int = 0


@dataclass(frozen=True, slots=True)
class SourceHealth:
    """A source with the counts the health view shows."""

    source: Source
    items_total: int
    items_24h: int

    @property
    def status(self) -> str:
        """ok / not_modified / error / paused / never, or a finer parse status."""
        if not self.source.enabled:
            return "paused"
        return self.source.last_status or "never"


@dataclass(frozen=True, slots=True)
class NewItem:
    """An item about to be stored, with its tags."""

    guid: str
    title: str
    url: str | None = None
    summary: str = ""
    content: str = ""
    author: str | None = None
    lang: str | None = None
    published_at: datetime | None = None
    forwarded_from: str | None = None
    # A forward's original post: when stored, the forward is linked to it (not part of the hash).
    forwarded_url: str | None = None
    tags: TagResult | None = None
    # "pending" when the full text is still to be fetched, else None.
    extract_state: str | None = None


@dataclass(frozen=True, slots=True)
class StoreResult:
    """What one store call did."""

    new_ids: tuple[int, ...] = ()
    updated_ids: tuple[int, ...] = ()
    unchanged: int = 0
    # New items stored but linked to an earlier one from another source.
    duplicate_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class ItemRow:
    """An item as a list shows it: no body text."""

    id: int
    source_id: str
    title: str
    url: str | None
    lang: str | None
    published_at: datetime | None
    fetched_at: datetime
    read: bool
    starred: bool
    places: tuple[str, ...] = ()  # place ids
    themes: tuple[str, ...] = ()
    source_side: str = "other"
    source_type: str = "media"


@dataclass(frozen=True, slots=True)
class TagEvidence:
    """A stored tag with the evidence kept when it was given."""

    tag_id: str  # place or theme id
    weight: float  # mentions for places, score for themes
    evidence: tuple[dict, ...] = ()
    runners_up: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ItemDetail:
    """An item with everything the reader shows."""

    row: ItemRow
    guid: str
    summary: str
    content: str
    author: str | None
    source_title: str | None
    forwarded_from: str | None
    tagger_version: str | None
    places: tuple[TagEvidence, ...] = ()
    themes: tuple[TagEvidence, ...] = ()
    also_in: tuple[str, ...] = ()  # titles/ids of sources carrying the same story
    dup_of: int | None = None


@dataclass(frozen=True, slots=True)
class Place:
    """A settlement as stored in the places table."""

    id: str
    name: str
    name_uk: str | None = None
    name_ru: str | None = None
    kind: str | None = None
    oblast: str | None = None
    raion: str | None = None
    lat: float | None = None
    lon: float | None = None
    country: str = "UA"
    population: int | None = None


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One search result: the item, a snippet and where the matches are in it."""

    item: ItemRow
    snippet: str
    highlights: tuple[tuple[int, int], ...] = ()
    rank: float | None = None


@dataclass(frozen=True, slots=True)
class SearchResult:
    """A page of hits and what the user should know about how they were found."""

    hits: tuple[SearchHit, ...]
    notes: tuple[str, ...] = ()
    # Folded query terms, for highlighting; a trailing * marks a prefix.
    terms: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class WatchRule:
    """A watchlist row: a place or a saved query, optionally narrowed to themes."""

    id: int
    label: str
    place_id: str | None
    query: str | None
    themes: tuple[str, ...]
    added_at: datetime


@dataclass(frozen=True, slots=True)
class WatchStats:
    """What the watchlist shows for one rule."""

    rule: WatchRule
    mentions_24h: int
    mentions_prev_24h: int
    hourly_7d: tuple[int, ...]  # 168 buckets, oldest first
    last_mention_at: datetime | None
    unread: int  # capped at storage.watch.UNREAD_CAP


@dataclass(frozen=True, slots=True)
class Stats:
    """Database totals for `frontwatch stats`."""

    items: int
    sources: int
    places_tagged: int
    items_24h: int
    db_bytes: int
    schema_version: int
