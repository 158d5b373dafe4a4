"""The reader: one item's full text with places and search terms highlighted, and tag reasons."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.data.loaders import reader_doc
from tui.data.reader_text import STYLE_NAMES, reader_text
from tui.jobs import run_in_thread
from tui.messages import ItemFlagsChanged, ReaderLoaded

if TYPE_CHECKING:
    from tui.app import FrontwatchApp

PLACEHOLDER = "Select an item to read it here."


class Reader(VerticalScroll, can_focus=True):
    """Shows the item the stream's cursor rests on (opening it marks it read)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {f"reader--{name}" for name in STYLE_NAMES}
    DEFAULT_CSS = """
    Reader {
        background: $surface;
        padding: 0 1;
        & > .reader--title { text-style: bold; color: $text; }
        & > .reader--label { color: $text-muted; text-style: bold; }
        & > .reader--place { background: $accent 30%; text-style: bold underline; }
        & > .reader--term { background: $warning 40%; text-style: bold; }
        & > .reader--muted { color: $text-muted; }
        & > .reader--side { text-style: bold; color: $primary; }
        & > #reader-body { width: 1fr; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.item_id: int | None = None
        self._terms: tuple[str, ...] = ()

    @property
    def fw(self) -> FrontwatchApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static(Text(PLACEHOLDER), id="reader-body")

    def on_mount(self) -> None:
        self.border_title = "Reader"

    def show(self, item_id: int | None, terms: Sequence[str] = (), *, mark: bool = True) -> None:
        """Load and show an item (None: nothing); marks it read when `mark`."""
        self._terms = tuple(terms)
        if item_id is None:
            self.item_id = None
            self.query_one("#reader-body", Static).update(Text(PLACEHOLDER))
            return
        db = self.fw.db

        def work() -> ReaderLoaded:
            return ReaderLoaded(item_id, reader_doc(db, item_id, mark=mark))

        run_in_thread(self, work, name="reader-load", group="reader")

    def on_reader_loaded(self, message: ReaderLoaded) -> None:
        message.stop()
        body = self.query_one("#reader-body", Static)
        if message.doc is None:
            body.update(Text("This item is gone from the database."))
            return
        changed = message.item_id != self.item_id
        self.item_id = message.item_id
        styles = {name: self.get_component_rich_style(f"reader--{name}") for name in STYLE_NAMES}
        body.update(reader_text(message.doc, self._terms, self.fw.options.zone, styles))
        if changed:
            self.scroll_home(animate=False)
        if message.doc.marked_read:
            self.post_message(ItemFlagsChanged((message.item_id,), read=True, by_reader=True))

    @property
    def text(self) -> str:
        """The plain text shown (for tests and copying)."""
        content = self.query_one("#reader-body", Static).content
        return str(getattr(content, "plain", content))
