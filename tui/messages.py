"""Messages between the TUI's widgets, screens and workers (workers only post these)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from storage.types import SourceHealth, WatchStats
from tui.data.loaders import AlertBatch, PollSnapshot, ReaderDoc, StreamBatch
from tui.data.places import PlaceChoice


@dataclass
class DataChanged(Message):
    """The database changed (another connection committed)."""


@dataclass
class StorageFailed(Message):
    """A storage call failed; `reason` is one line for the user."""

    reason: str


@dataclass
class StreamLoaded(Message):
    """Rows for the stream: `mode` is replace, append (older page) or prepend (new rows)."""

    token: int
    mode: str
    batch: StreamBatch


@dataclass
class StreamFailed(Message):
    """The stream's query cannot be run: the reason is shown inline."""

    token: int
    reason: str


@dataclass
class WatchLoaded(Message):
    """Fresh watchlist counts (or why they cannot be counted)."""

    stats: tuple[WatchStats, ...]
    error: str | None = None
    signature: tuple | None = None  # what the counts were computed from


@dataclass
class ReaderLoaded(Message):
    """The reader's item (None: it is gone)."""

    item_id: int
    doc: ReaderDoc | None


@dataclass
class ItemFlagsChanged(Message):
    """Items' read or starred flags changed here; lists showing them redraw."""

    item_ids: tuple[int, ...]
    read: bool | None = None
    starred: bool | None = None
    by_reader: bool = False  # the reader marked its item read (it shows that already)


@dataclass
class AllMarkedRead(Message):
    """Everything a query matched was marked read."""

    query: str
    count: int


@dataclass
class FilterRequested(Message):
    """Show the stream for this query (a watchlist row or a chip was chosen)."""

    query: str


@dataclass
class StatusLoaded(Message):
    """The poll status as stored, and the alerts fired since the last look."""

    snapshot: PollSnapshot
    alerts: AlertBatch


@dataclass
class SourcesLoaded(Message):
    """The sources' health table."""

    rows: tuple[SourceHealth, ...]


@dataclass
class PlacesFound(Message):
    """Place picker results for a search text."""

    text: str
    choices: tuple[PlaceChoice, ...]


@dataclass
class Done(Message):
    """A background action finished: say so (and refresh whoever shows it)."""

    text: str
    severity: str = "information"


@dataclass
class SourceRemoved(Done):
    """A source and its items were deleted: the stream must drop them."""
