"""A keyed list of fixed-height rows drawn through the Line API, with a cursor that follows keys.

Rows are identified by key (an item or rule id), so rows can be added above the
cursor, or the whole list replaced, and the cursor stays on the same row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar, Generic, TypeVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.keys import bind

K = TypeVar("K")


class RowListMessage(Message):
    """A message of a RowList: which list, and the key of the row it concerns (if any)."""

    def __init__(self, row_list: RowList, key: object = None) -> None:
        super().__init__()
        self.row_list = row_list
        self.key = key

    @property
    def control(self) -> RowList:
        """The list the message comes from."""
        return self.row_list


class RowList(ScrollView, Generic[K], can_focus=True):
    """Base for the stream and the watchlist: subclasses draw a row in `render_row`."""

    ROW_HEIGHT: ClassVar[int] = 1
    NEAR_END: ClassVar[int] = 30

    BINDINGS: ClassVar[list[BindingType]] = [
        bind("up", "cursor_up", "Up", show=False, extra=("k",)),
        bind("down", "cursor_down", "Down", show=False, extra=("j",)),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        bind("home", "first", "First", show=False, extra=("g",)),
        bind("end", "last", "Last", show=False, extra=("G",)),
        Binding("enter", "select", "Open", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"row-list--cursor", "row-list--cursor-blurred"}
    DEFAULT_CSS = """
    RowList {
        overflow-x: hidden;
        overflow-y: auto;
        background: $surface;
        & > .row-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
        }
        & > .row-list--cursor-blurred {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
        }
    }
    """

    class Highlighted(RowListMessage):
        """The cursor moved to another row (`key`)."""

    class Selected(RowListMessage):
        """A row (`key`) was chosen (enter or double click)."""

    class NearEnd(RowListMessage):
        """The cursor or the view came close to the last row: time to load more."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self._keys: list[K] = []
        self._index: dict[K, int] = {}
        self._cursor = 0
        self._announced: K | None = None

    # -- reading --------------------------------------------------------------------------
    @property
    def keys(self) -> Sequence[K]:
        """Row keys, top to bottom."""
        return self._keys

    @property
    def row_count(self) -> int:
        """How many rows the list holds."""
        return len(self._keys)

    @property
    def cursor_index(self) -> int:
        """The cursor's row index."""
        return self._cursor

    @property
    def cursor_key(self) -> K | None:
        """The key under the cursor (None when empty)."""
        return self._keys[self._cursor] if self._keys else None

    def index_of(self, key: K) -> int | None:
        """Where a key stands, or None."""
        return self._index.get(key)

    @property
    def near_end(self) -> int:
        """How close to the last row the cursor or view may come before NearEnd is posted."""
        return self.NEAR_END

    @property
    def first_visible_index(self) -> int:
        """The top row in view."""
        return int(self.scroll_offset.y) // self.ROW_HEIGHT

    # -- changing -------------------------------------------------------------------------
    def replace(self, keys: Iterable[K], *, keep_cursor: bool = True) -> None:
        """Show these rows instead; the cursor stays on its key if it is still there."""
        current = self.cursor_key
        self._keys = list(dict.fromkeys(keys))
        self._reindex()
        if keep_cursor and current is not None and current in self._index:
            self._cursor = self._index[current]
        else:
            self._cursor = 0
            self.scroll_to(y=0, animate=False, immediate=True)
        self._after_change()

    def prepend(self, keys: Iterable[K]) -> int:
        """Add rows above the others without moving the view or the cursor's row.

        At the very top the new rows come into view (as long as the cursor row stays
        visible); scrolled down, the view keeps showing the same rows.
        """
        new = [k for k in dict.fromkeys(keys) if k not in self._index]
        if not new:
            return 0
        top = int(self.scroll_offset.y)
        had_rows = bool(self._keys)
        self._keys[0:0] = new
        self._reindex()
        if had_rows:
            self._cursor += len(new)
        self._sync_size()
        if top > 0:
            self.scroll_to(y=top + len(new) * self.ROW_HEIGHT, animate=False, immediate=True)
        self._after_change()
        return len(new)

    def append(self, keys: Iterable[K]) -> int:
        """Add rows at the bottom (an older page)."""
        new = [k for k in dict.fromkeys(keys) if k not in self._index]
        start = len(self._keys)
        self._keys.extend(new)
        for offset, key in enumerate(new):
            self._index[key] = start + offset
        self._after_change(scroll=False)
        return len(new)

    def refresh_key(self, key: K) -> None:
        """Redraw one row (its data changed)."""
        if key in self._index:
            self.refresh()

    def move_to(self, index: int) -> None:
        """Put the cursor on a row and bring it into view."""
        if not self._keys:
            return
        index = max(0, min(index, len(self._keys) - 1))
        if index != self._cursor:
            self._cursor = index
            self.refresh()
        self._scroll_cursor_visible()
        self._announce()

    def move_to_key(self, key: K) -> bool:
        """Put the cursor on a key; False if it is not in the list."""
        index = self._index.get(key)
        if index is None:
            return False
        self.move_to(index)
        return True

    # -- drawing --------------------------------------------------------------------------
    def render_row(self, key: K, line: int, width: int, selected: bool) -> Text:
        """One line (`line` of ROW_HEIGHT) of a row, as Rich Text; subclasses implement."""
        raise NotImplementedError

    @property
    def empty_text(self) -> str:
        """What the list says when it has no rows (subclasses say something useful)."""
        return ""

    def render_line(self, y: int) -> Strip:
        """Draw line `y` of the view."""
        width = self.scrollable_content_region.width
        base = self.rich_style
        index, line = divmod(int(self.scroll_offset.y) + y, self.ROW_HEIGHT)
        if not self._keys and y == 0 and width > 0:
            hint = Text(" " + self.empty_text, style="italic", no_wrap=True, end="")
            return self._strip(hint, width, base)
        if index >= len(self._keys) or width <= 0:
            return Strip.blank(width, base)
        selected = index == self._cursor
        style = base + self._cursor_style() if selected else base
        return self._strip(self.render_row(self._keys[index], line, width, selected), width, style)

    def _strip(self, text: Text, width: int, style: Style) -> Strip:
        # Every segment gets a style: line filters (NO_COLOR's monochrome) expect one.
        segments = Segment.apply_style(text.render(self.app.console, end=""), style)
        return Strip(list(segments)).crop_extend(0, width, style)

    def _cursor_style(self) -> Style:
        name = "row-list--cursor" if self.has_focus else "row-list--cursor-blurred"
        return self.get_component_rich_style(name)

    # -- behaviour ------------------------------------------------------------------------
    def action_cursor_up(self) -> None:
        self.move_to(self._cursor - 1)

    def action_cursor_down(self) -> None:
        self.move_to(self._cursor + 1)

    def action_page_up(self) -> None:
        self.move_to(self._cursor - max(1, self._page_rows()))

    def action_page_down(self) -> None:
        self.move_to(self._cursor + max(1, self._page_rows()))

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(len(self._keys) - 1)

    def action_select(self) -> None:
        if self._keys:
            self.post_message(self.Selected(self, self._keys[self._cursor]))

    def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = (offset.y + int(self.scroll_offset.y)) // self.ROW_HEIGHT
        if index < len(self._keys):
            self.move_to(index)
            if event.chain >= 2:
                self.action_select()

    def _on_focus(self, event: events.Focus) -> None:
        self.refresh()

    def _on_blur(self, event: events.Blur) -> None:
        self.refresh()

    def _on_resize(self, event: events.Resize) -> None:
        self._sync_size()
        self._scroll_cursor_visible()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if self._keys and self.first_visible_index + self._page_rows() >= (
            len(self._keys) - self.near_end
        ):
            self.post_message(self.NearEnd(self))

    # -- internals ------------------------------------------------------------------------
    def _reindex(self) -> None:
        self._index = {key: i for i, key in enumerate(self._keys)}

    def _page_rows(self) -> int:
        return self.scrollable_content_region.height // self.ROW_HEIGHT

    def _sync_size(self) -> None:
        width = self.scrollable_content_region.width
        self.virtual_size = Size(width, len(self._keys) * self.ROW_HEIGHT)

    def _after_change(self, scroll: bool = True) -> None:
        self._cursor = max(0, min(self._cursor, len(self._keys) - 1))
        self._sync_size()
        if scroll:
            self._scroll_cursor_visible()
        self.refresh()
        self._announce()

    def _scroll_cursor_visible(self) -> None:
        height = self.scrollable_content_region.height
        if height <= 0 or not self._keys:
            return
        top = self._cursor * self.ROW_HEIGHT
        bottom = top + self.ROW_HEIGHT
        view = int(self.scroll_offset.y)
        if top < view:
            self.scroll_to(y=top, animate=False, immediate=True)
        elif bottom > view + height:
            self.scroll_to(y=bottom - height, animate=False, immediate=True)

    def _announce(self) -> None:
        key = self.cursor_key
        if key != self._announced:
            self._announced = key
            self.post_message(self.Highlighted(self, key))
        if self._keys and self._cursor >= len(self._keys) - self.near_end:
            self.post_message(self.NearEnd(self))
