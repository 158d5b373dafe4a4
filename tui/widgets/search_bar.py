"""The search line: a query input (same language as `frontwatch search`) and its status."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

PLACEHOLDER = 'search: words, "a phrase", place:pokrovsk, theme:drones, since:24h …'


class SearchBar(Vertical):
    """Shown while searching or filtering; the status line holds notes or the query's error."""

    DEFAULT_CSS = """
    SearchBar {
        height: auto;
        display: none;
        &.-active { display: block; }
        & > Input, & > Input:focus { border: none; height: 1; padding: 0 1; background: $boost; }
        & > #search-status { height: auto; max-height: 2; padding: 0 1; color: $text-muted; }
        & > #search-status.-error { color: $error; text-style: bold; }
    }
    """

    def compose(self) -> ComposeResult:
        yield Input(placeholder=PLACEHOLDER, id="search-input")
        yield Static(Text(""), id="search-status")

    @property
    def input(self) -> Input:
        """The query input."""
        return self.query_one("#search-input", Input)

    @property
    def status(self) -> str:
        """What the status line says."""
        content = self.query_one("#search-status", Static).content
        return str(getattr(content, "plain", content))

    def set_query(self, query: str) -> None:
        """Put a query in the input without it counting as typing."""
        with self.input.prevent(Input.Changed):
            self.input.value = query
        self.set_class(bool(query) or self.input.has_focus, "-active")

    def show_error(self, reason: str) -> None:
        """Show why the query cannot run (one line, literally)."""
        status = self.query_one("#search-status", Static)
        status.add_class("-error")
        status.update(Text("✗ " + reason))

    def show_notes(self, notes: Sequence[str]) -> None:
        """Show what the search wants the user to know (or nothing)."""
        status = self.query_one("#search-status", Static)
        status.remove_class("-error")
        status.update(Text(" · ".join(notes)))
