"""The place picker: fuzzy search over the gazetteer in en/uk/ru, Enter watches or unwatches."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from storage.watch import WatchError, add_place, remove_place
from tui.data.format import one_line
from tui.data.places import PlaceChoice, find_places, gazetteer_available
from tui.jobs import run_in_thread
from tui.messages import Done, PlacesFound

if TYPE_CHECKING:
    from tui.app import FrontwatchApp

DEBOUNCE = 0.15


def choice_text(choice: PlaceChoice) -> Text:
    """One picker line: names in three languages, where it is, and whether it is watched."""
    out = Text(end="")
    out.append("✓ " if choice.watched else "  ", "bold")
    out.append(one_line(choice.name), "bold")
    others = [one_line(n) for n in (choice.name_uk, choice.name_ru) if n]
    if others:
        out.append(" · " + " · ".join(dict.fromkeys(others)))
    where = ", ".join(one_line(p) for p in (choice.raion, choice.oblast) if p)
    if where:
        out.append(f" — {where}", "dim")
    out.append(f"  [{one_line(choice.id)}]", "dim")
    if not choice.stored:
        out.append("  (not in this database)", "dim italic")
    return out


class PlacePickerScreen(ModalScreen[None]):
    """Type a name in any of the three languages; Enter toggles watching the place."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_picker", "Close"),
        Binding("down", "focus_results", show=False),
    ]
    DEFAULT_CSS = """
    PlacePickerScreen {
        align: center middle;
        & > Vertical {
            width: 90%;
            max-width: 100;
            height: 80%;
            border: thick $primary;
            background: $panel;
            padding: 0 1;
        }
        & Input { margin-bottom: 1; }
        & OptionList { height: 1fr; }
        & #picker-status { height: 1; color: $text-muted; }
        & #picker-status.-error { color: $error; text-style: bold; }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._timer: Timer | None = None
        self._choices: dict[str, PlaceChoice] = {}

    @property
    def fw(self) -> FrontwatchApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Watch a place"
            yield Input(placeholder="Pokrovsk, Покровськ, Покровск …", id="picker-input")
            yield OptionList(id="picker-results")
            yield Static(Text("Enter: watch / unwatch · Esc: close"), id="picker-status")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        # Load the gazetteer while the user types the first letters.
        run_in_thread(
            self, lambda: gazetteer_available() and None, name="gazetteer", group="gazetteer"
        )

    @on(Input.Changed, "#picker-input")
    def _typed(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        text = event.value
        self._timer = self.set_timer(DEBOUNCE, lambda: self._search(text))

    @on(Input.Submitted, "#picker-input")
    def _submitted(self, event: Input.Submitted) -> None:
        results = self.query_one(OptionList)
        if results.option_count:
            self._toggle(results.get_option_at_index(results.highlighted or 0).id)

    def _search(self, text: str) -> None:
        db = self.fw.db

        def work() -> PlacesFound:
            return PlacesFound(text, tuple(find_places(db, text)))

        run_in_thread(self, work, name="place-search", group="place-search")

    def on_places_found(self, message: PlacesFound) -> None:
        message.stop()
        if message.text != self.query_one(Input).value:
            return
        self._choices = {c.id: c for c in message.choices}
        results = self.query_one(OptionList)
        results.clear_options()
        results.add_options([Option(choice_text(c), id=c.id) for c in message.choices])
        if message.choices:
            results.highlighted = 0
        fuzzy = "" if gazetteer_available() else " (exact names only: no gazetteer)"
        self._status(f"{len(message.choices)} places{fuzzy} · Enter: watch / unwatch")

    @on(OptionList.OptionSelected, "#picker-results")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self._toggle(event.option.id)

    def _toggle(self, place_id: str | None) -> None:
        choice = self._choices.get(place_id or "")
        if choice is None:
            return
        db = self.fw.db

        def work() -> Done:
            try:
                if choice.watched:
                    remove_place(db, choice.id)
                    return Done(f"stopped watching {choice.name}")
                add_place(db, choice.id)
            except WatchError as exc:
                return Done(str(exc), "error")
            return Done(f"watching {choice.name}")

        run_in_thread(self, work, name="picker-toggle", group="picker-toggle")

    def on_done(self, message: Done) -> None:
        if message.severity == "error":
            message.stop()
            self._status(message.text, error=True)
        else:
            self.dismiss(None)

    def _status(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#picker-status", Static)
        status.set_class(error, "-error")
        status.update(Text(text))

    def action_focus_results(self) -> None:
        self.query_one(OptionList).focus()

    def action_dismiss_picker(self) -> None:
        self.dismiss(None)
