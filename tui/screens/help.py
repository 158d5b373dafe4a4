"""The help screen: every key binding of every screen, with its Cyrillic twins."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.keys import format_key
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.keys import bind


def binding_rows(bindings: Iterable[BindingType]) -> list[tuple[str, str]]:
    """(keys, description) per action, keys joined in the order given."""
    keys: dict[str, list[str]] = {}
    descriptions: dict[str, str] = {}
    for binding in Binding.make_bindings(bindings):
        keys.setdefault(binding.action, []).append(format_key(binding.key))
        if binding.description:
            descriptions.setdefault(binding.action, binding.description)
    return [(", ".join(keys[a]), descriptions.get(a, a.replace("_", " "))) for a in keys]


def help_table(sections: Iterable[tuple[str, Iterable[BindingType]]]) -> Table:
    """A table of sections and their bindings."""
    table = Table(box=None, show_header=False, padding=(0, 2), expand=True)
    table.add_column("Keys", no_wrap=True, style="bold")
    table.add_column("Does")
    for title, bindings in sections:
        table.add_row(Text(title, style="bold underline"), "")
        for keys, description in binding_rows(bindings):
            table.add_row(Text(keys), Text(description))
        table.add_row("", "")
    return table


class HelpScreen(ModalScreen[None]):
    """Lists every binding; any of escape, ? or q-like keys closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        bind("?", "close", "Close", show=False),
    ]
    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        & > VerticalScroll {
            width: 90%;
            max-width: 110;
            height: 90%;
            border: thick $primary;
            background: $panel;
            padding: 0 1;
        }
    }
    """

    def __init__(self, sections: list[tuple[str, list[BindingType]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll() as box:
            box.border_title = "Keys (Ukrainian/Russian layouts: the same physical keys)"
            yield Static(help_table(self.sections), id="help-table")

    def action_close(self) -> None:
        self.dismiss(None)
