"""The main screen: watchlist, live stream, reader and search, and the item actions."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input

from storage import QueryError
from storage.items import mark_read, set_starred
from storage.watch import add_place, remove_place
from tui.data.loaders import mark_all_read
from tui.data.query_edit import cycle_theme
from tui.jobs import is_cancelled, run_in_thread
from tui.keys import bind
from tui.messages import (
    AllMarkedRead,
    Done,
    FilterRequested,
    ItemFlagsChanged,
    StreamFailed,
    StreamLoaded,
)
from tui.opener import open_link
from tui.screens.confirm import ConfirmScreen
from tui.screens.place_picker import PlacePickerScreen
from tui.widgets.reader import Reader
from tui.widgets.row_list import RowList
from tui.widgets.search_bar import SearchBar
from tui.widgets.status_header import StatusHeader
from tui.widgets.stream import Stream
from tui.widgets.watchlist import Watchlist

if TYPE_CHECKING:
    from storage.types import ItemRow
    from tui.app import FrontwatchApp

# Short enough that results follow the last keystroke within ~150 ms; a query started
# between keystrokes is interrupted by the next one, so typing fast costs little.
SEARCH_DEBOUNCE = 0.08
READER_DEBOUNCE = 0.15


class MainScreen(Screen):
    """Watchlist left, stream centre, reader right (stacked or collapsed when narrow)."""

    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [
        (0, "-narrow"),
        (100, "-medium"),
        (140, "-wide"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("/", "search", "Search"),
        Binding("escape", "escape", "Back", show=False),
        bind("o", "open_link", "Open"),
        bind("c", "copy_link", "Copy link", show=False),
        bind("s", "star", "Star"),
        bind("m", "toggle_read", "Read/unread"),
        bind("t", "theme_filter", "Theme"),
        bind("w", "watch_place", "Watch"),
        bind("W", "pick_place", "Add place", show=False),
        bind("A", "mark_all_read", "Mark all read", show=False),
        bind("l", "toggle_watchlist", "Watchlist", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(id="main")
        self._search_timer: Timer | None = None
        self._reader_timer: Timer | None = None

    @property
    def fw(self) -> FrontwatchApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield StatusHeader()
        with Horizontal(id="body"):
            yield Watchlist(id="watchlist")
            with Container(id="main-pane"):
                with Vertical(id="centre"):
                    yield SearchBar(id="search")
                    yield Stream(id="stream")
                yield Reader(id="reader")
        yield Footer()

    @property
    def stream(self) -> Stream:
        """The stream widget."""
        return self.query_one(Stream)

    @property
    def watchlist(self) -> Watchlist:
        """The watchlist widget."""
        return self.query_one(Watchlist)

    @property
    def reader(self) -> Reader:
        """The reader widget."""
        return self.query_one(Reader)

    @property
    def search_bar(self) -> SearchBar:
        """The search line."""
        return self.query_one(SearchBar)

    @property
    def reader_visible(self) -> bool:
        """Whether the reader is on screen (narrow layouts open it on demand)."""
        return not self.has_class("-narrow") or self.has_class("-reader-open")

    def on_mount(self) -> None:
        self.stream.load("")
        self.watchlist.reload()
        self.stream.focus()
        self.fw.data_changed.subscribe(self, self._on_data_changed)

    def _on_data_changed(self, _: object) -> None:
        self.stream.follow()
        self.watchlist.reload()

    # -- the query ------------------------------------------------------------------------
    def apply_query(self, query: str) -> None:
        """Show the stream for a query now (and put it in the search line)."""
        if self._search_timer is not None:
            self._search_timer.stop()
        self.search_bar.set_query(query)
        self.stream.load(query)

    @on(Input.Changed, "#search-input")
    def _typed(self, event: Input.Changed) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        value = event.value
        self._search_timer = self.set_timer(SEARCH_DEBOUNCE, lambda: self.stream.load(value))

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        if event.value != self.stream.query_text:
            self.apply_query(event.value)
        self.stream.focus()

    def on_filter_requested(self, message: FilterRequested) -> None:
        self.apply_query(message.query)
        self.stream.focus()

    def on_stream_loaded(self, message: StreamLoaded) -> None:
        if message.mode == "replace":
            self.search_bar.show_notes(message.batch.notes)

    def on_stream_failed(self, message: StreamFailed) -> None:
        self.search_bar.add_class("-active")
        self.search_bar.show_error(message.reason)

    # -- reader ---------------------------------------------------------------------------
    @on(RowList.Highlighted, "#stream")
    def _stream_moved(self, event: RowList.Highlighted) -> None:
        if self._reader_timer is not None:
            self._reader_timer.stop()
        if self.reader_visible:
            self._reader_timer = self.set_timer(READER_DEBOUNCE, self._show_current)

    @on(RowList.Selected, "#stream")
    def _stream_chosen(self, event: RowList.Selected) -> None:
        self.add_class("-reader-open")
        self._show_current()
        self.reader.focus()

    def _show_current(self) -> None:
        row = self.stream.current
        if row is None:
            self.reader.show(None)
        elif row.id != self.reader.item_id or not row.read:
            self.reader.show(row.id, self.stream.terms)

    def on_item_flags_changed(self, message: ItemFlagsChanged) -> None:
        self.stream.set_flags(message.item_ids, read=message.read, starred=message.starred)
        if message.read is not None:
            self.watchlist.reload(force=True)
        shown = self.reader.item_id
        if shown in message.item_ids and not message.by_reader:
            # A toggle from the keyboard: redraw the reader's flags without marking it read.
            self.reader.show(shown, self.stream.terms, mark=False)

    def on_all_marked_read(self, message: AllMarkedRead) -> None:
        if message.query == self.stream.query_text:
            self.stream.set_flags((), read=True)
        self.notify(f"marked {message.count} items read", markup=False)
        self.watchlist.reload(force=True)

    # -- actions --------------------------------------------------------------------------
    def _current(self) -> ItemRow | None:
        row = self.stream.current
        if row is None:
            self.notify("no item selected", severity="warning")
        return row

    def action_search(self) -> None:
        self.search_bar.add_class("-active")
        self.search_bar.input.focus()

    def action_escape(self) -> None:
        if self.search_bar.input.has_focus or self.stream.query_text:
            self.search_bar.set_query("")
            self.search_bar.show_notes(())
            self.search_bar.remove_class("-active")
            if self.stream.query_text:
                self.stream.load("")
            self.stream.focus()
        elif self.has_class("-reader-open") or self.reader.has_focus_within:
            self.remove_class("-reader-open")
            self.stream.focus()

    def action_open_link(self) -> None:
        row = self._current()
        if row is not None and row.url:
            open_link(self.fw, row.url)
        elif row is not None:
            self.notify("this item has no link", severity="warning")

    def action_copy_link(self) -> None:
        row = self._current()
        if row is not None and row.url:
            self.app.copy_to_clipboard(row.url)
            self.notify("link copied to the clipboard")
        elif row is not None:
            self.notify("this item has no link", severity="warning")

    def action_star(self) -> None:
        row = self._current()
        if row is None:
            return
        db, item_id, starred = self.fw.db, row.id, not row.starred

        def work() -> ItemFlagsChanged:
            set_starred(db, item_id, starred)
            return ItemFlagsChanged((item_id,), starred=starred)

        run_in_thread(self, work, name="star", group="item-edit", exclusive=False)

    def action_toggle_read(self) -> None:
        row = self._current()
        if row is None:
            return
        db, item_id, read = self.fw.db, row.id, not row.read

        def work() -> ItemFlagsChanged:
            mark_read(db, [item_id], read)
            return ItemFlagsChanged((item_id,), read=read)

        run_in_thread(self, work, name="toggle-read", group="item-edit", exclusive=False)

    def action_theme_filter(self) -> None:
        row = self._current()
        if row is None:
            return
        if not row.themes:
            self.notify("this item has no themes", severity="warning")
            return
        self.apply_query(cycle_theme(self.stream.query_text, row.themes))

    def action_watch_place(self) -> None:
        row = self._current()
        if row is None:
            return
        if not row.places:
            self.notify("this item names no place", severity="warning")
            return
        place_id = row.places[0]
        name = self.stream.names.get(place_id, place_id)
        db, watched = self.fw.db, place_id in self.watchlist.watched_places

        def work() -> Done:
            if watched:
                remove_place(db, place_id)
                return Done(f"stopped watching {name}")
            add_place(db, place_id)
            return Done(f"watching {name}")

        run_in_thread(self, work, name="watch-place", group="watch-edit", exclusive=False)

    def action_pick_place(self) -> None:
        self.app.push_screen(PlacePickerScreen())

    def action_toggle_watchlist(self) -> None:
        self.toggle_class("-hide-watchlist")

    def action_mark_all_read(self) -> None:
        query = self.stream.query_text
        what = f"everything matching {query!r}" if query else "everything in the stream"

        def answered(yes: bool | None) -> None:
            if yes:
                self._mark_all(query)

        self.app.push_screen(ConfirmScreen(f"Mark {what} read?", "Mark read"), answered)

    def _mark_all(self, query: str) -> None:
        db, ctx = self.fw.db, self.fw.search_context()

        def work() -> AllMarkedRead | Done:
            try:
                count = mark_all_read(db, query, ctx, cancelled=is_cancelled)
            except QueryError as exc:
                return Done(str(exc), "error")
            return AllMarkedRead(query, count)

        run_in_thread(self, work, name="mark-all-read", group="mark-all-read")
