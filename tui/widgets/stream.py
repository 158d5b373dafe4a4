"""The stream: newest items first, paged from storage, new rows added live above the cursor."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text

from storage import QueryError
from storage.types import ItemRow
from storage.watch import UNREAD_WINDOW
from tui.data.format import (
    STARRED_GLYPH,
    UNREAD_GLYPH,
    item_time,
    one_line,
    safe,
    side_marker,
)
from tui.data.loaders import StreamBatch, stream_newer, stream_page
from tui.jobs import SerialJob, Work, is_cancelled, run_in_thread
from tui.messages import StreamFailed, StreamLoaded
from tui.widgets.row_list import RowList

if TYPE_CHECKING:
    from tui.app import FrontwatchApp


class Stream(RowList[int]):
    """Item rows for the current query; keeps at most what was paged in."""

    COMPONENT_CLASSES: ClassVar[set[str]] = RowList.COMPONENT_CLASSES | {
        "stream--time",
        "stream--source",
        "stream--place",
        "stream--theme",
        "stream--side-ua",
        "stream--side-ru",
        "stream--side-intl",
        "stream--side-other",
    }
    DEFAULT_CSS = """
    Stream {
        & > .stream--time { color: $text-muted; }
        & > .stream--source { color: $text-muted; }
        & > .stream--place { color: $accent; }
        & > .stream--theme { color: $secondary; text-style: italic; }
        & > .stream--side-ua { color: $primary; text-style: bold; }
        & > .stream--side-ru { color: $error; text-style: bold; }
        & > .stream--side-intl { color: $success; text-style: bold; }
        & > .stream--side-other { color: $text-muted; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.query_text = ""
        self.terms: tuple[str, ...] = ()
        self.notes: tuple[str, ...] = ()
        self.names: dict[str, str] = {}
        self.new_above = 0
        self._rows: dict[int, ItemRow] = {}
        self._token = 0
        self._loaded = False
        self._exhausted = False
        self._paging = False
        self._follow = SerialJob(self, "stream-follow", self._make_follow)

    @property
    def fw(self) -> FrontwatchApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    @property
    def near_end(self) -> int:
        """Page in older rows a quarter of a page before the end."""
        return max(5, self.fw.options.stream_page // 4)

    @property
    def empty_text(self) -> str:
        if not self._loaded:
            return "Loading…"
        if self.query_text:
            return "Nothing matches this search (Esc clears it)."
        return "Nothing stored yet: the poller fetches the sources (S shows them)."

    @property
    def loaded(self) -> bool:
        """Whether the first page of the current query has arrived."""
        return self._loaded

    def row(self, item_id: int | None) -> ItemRow | None:
        """The row of an item shown in the stream."""
        return None if item_id is None else self._rows.get(item_id)

    @property
    def current(self) -> ItemRow | None:
        """The row under the cursor."""
        return self.row(self.cursor_key)

    # -- loading --------------------------------------------------------------------------
    def load(self, query: str) -> None:
        """Show the newest page of a query (a stale search still running is interrupted)."""
        self._token += 1
        token = self._token
        self.query_text = query
        self._loaded = False
        self._paging = False  # an older page of the previous query is dropped on arrival
        app = self.fw
        ctx = app.search_context()
        known = frozenset(self.names)
        app.search_db.interrupt()

        def work() -> StreamLoaded | StreamFailed:
            try:
                batch = stream_page(
                    app.search_db, query, ctx, limit=app.options.stream_page, known_names=known
                )
            except QueryError as exc:
                return StreamFailed(token, str(exc))
            return StreamLoaded(token, "replace", batch)

        run_in_thread(self, work, name="stream-load", group="stream-load")

    def follow(self) -> None:
        """Fetch rows stored since the newest shown (the database changed)."""
        self._follow.request()

    def _make_follow(self) -> Work:
        app = self.fw
        token, query = self._token, self.query_text
        ctx = app.search_context()
        known = frozenset(self.names)
        newest = max(self._rows, default=0)
        limit = app.options.stream_page
        loaded = self._loaded

        def work() -> StreamLoaded | None:
            if not loaded:
                return None  # the first page is still on its way
            try:
                batch = stream_newer(
                    app.db,
                    query,
                    ctx,
                    after_id=newest,
                    limit=limit,
                    known_names=known,
                    cancelled=is_cancelled,
                )
            except QueryError:
                return None  # the query's error is shown already
            if not batch.rows:
                return None
            return StreamLoaded(token, "prepend" if batch.complete else "reset", batch)

        return work

    def load_older(self) -> None:
        """Page in rows older than the oldest shown."""
        if self._paging or self._exhausted or not self._loaded or not self._rows:
            return
        self._paging = True
        app = self.fw
        token, query = self._token, self.query_text
        ctx = app.search_context()
        known = frozenset(self.names)
        oldest = min(self._rows)

        def work() -> StreamLoaded | None:
            try:
                batch = stream_page(
                    app.db,
                    query,
                    ctx,
                    limit=app.options.stream_page,
                    before_id=oldest,
                    known_names=known,
                )
            except QueryError:
                batch = StreamBatch(rows=(), exhausted=True)
            return StreamLoaded(token, "append", batch)

        run_in_thread(self, work, name="stream-page", group="stream-page")

    def on_stream_loaded(self, message: StreamLoaded) -> None:
        if message.token != self._token:
            message.stop()
            return
        batch = message.batch
        self.names.update(batch.names)
        rows = {row.id: row for row in batch.rows}
        if message.mode == "replace":
            self._rows = rows
            self.terms, self.notes = batch.terms, batch.notes
            self._exhausted = batch.exhausted
            self._loaded = True
            self.new_above = 0
            self.replace(list(rows), keep_cursor=False)
        elif message.mode == "reset":
            self._rows = rows
            self._exhausted = False
            self.replace(list(rows), keep_cursor=True)
        elif message.mode == "prepend":
            self._rows.update(rows)
            added = self.prepend(list(rows))
            if self.scroll_offset.y > 0:
                self.new_above += added
        else:
            self._paging = False
            self._exhausted = batch.exhausted
            self._rows.update(rows)
            self.append(list(rows))
        self._update_title()

    def on_stream_failed(self, message: StreamFailed) -> None:
        if message.token != self._token:
            message.stop()

    def on_row_list_near_end(self, message: RowList.NearEnd) -> None:
        message.stop()
        self.load_older()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if new_value <= 0 and self.new_above:
            self.new_above = 0
            self._update_title()

    # -- local changes --------------------------------------------------------------------
    def set_flags(
        self, item_ids: tuple[int, ...], read: bool | None = None, starred: bool | None = None
    ) -> None:
        """Show new read/starred flags for rows we hold (or every row when ids is empty)."""
        ids = item_ids or tuple(self._rows)
        for item_id in ids:
            row = self._rows.get(item_id)
            if row is None:
                continue
            if read is not None:
                row = replace(row, read=read)
            if starred is not None:
                row = replace(row, starred=starred)
            self._rows[item_id] = row
        self.refresh()
        self._update_title()

    def _update_title(self) -> None:
        # Like the watchlist's, the unread count covers the last 7 days (by first-seen time).
        recent = self.fw.now() - timedelta(seconds=UNREAD_WINDOW)
        unread = sum(1 for row in self._rows.values() if not row.read and row.fetched_at >= recent)
        title = Text("Stream", end="")
        title.append(f" · {len(self._rows)}{'' if self._exhausted else '+'} shown")
        title.append(f" · {unread} unread")
        if self.new_above:
            title.append(f" · ↑{self.new_above} new")
        self.border_title = title

    # -- drawing --------------------------------------------------------------------------
    def render_row(self, key: int, line: int, width: int, selected: bool) -> Text:
        row = self._rows.get(key)
        if row is None:
            return Text("")
        style = self.get_component_rich_style
        app = self.fw
        source_width = 12 if width >= 70 else 8
        out = Text(no_wrap=True, end="")
        out.append(UNREAD_GLYPH if not row.read else " ")
        out.append(STARRED_GLYPH if row.starred else " ")
        moment = row.published_at or row.fetched_at
        out.append(f" {item_time(moment, app.options.zone, app.now())} ", style("stream--time"))
        side = row.source_side if row.source_side in ("ua", "ru", "intl") else "other"
        out.append(side_marker(side), style(f"stream--side-{side}"))
        source = one_line(row.source_id)[:source_width].ljust(source_width)
        out.append(f" {source} ", style("stream--source"))
        chips = self._chips(row, min(40, max(10, (width - out.cell_len) * 2 // 5)))
        title_room = max(0, width - out.cell_len - chips.cell_len - 1)
        title = safe(row.title or "(untitled)", "bold" if not row.read else "")
        title.truncate(title_room, overflow="ellipsis", pad=True)
        out.append_text(title)
        out.append(" ")
        out.append_text(chips)
        return out

    def _chips(self, row: ItemRow, room: int) -> Text:
        chips = Text(no_wrap=True, end="")
        parts = [(one_line(self.names.get(p, p)), "stream--place") for p in row.places[:3]]
        parts += [("#" + one_line(t), "stream--theme") for t in row.themes[:2]]
        for text, component in parts:
            needed = len(text) + (1 if chips else 0)
            if chips.cell_len + needed > room:
                break
            if chips:
                chips.append(" ")
            chips.append(text, self.get_component_rich_style(component))
        return chips
