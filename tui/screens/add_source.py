"""Adding a source: URL, kind, interval and labels; the source is stored as given."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from storage.sources import SourceError, add_source, slug_for
from storage.types import Source
from tui.jobs import run_in_thread
from tui.messages import Done

if TYPE_CHECKING:
    from tui.app import FrontwatchApp

KINDS = ("rss", "telegram", "html")
SIDES = ("ua", "ru", "intl", "other")
TYPES = ("media", "official", "analyst", "milblogger", "aggregator")


class AddSourceError(ValueError):
    """The form cannot make a source (one-line reason)."""


def build_source(
    url: str, kind: str, interval: str, source_id: str, side: str, type_: str, title: str
) -> Source:
    """A Source from the form's fields.

    Raises:
        AddSourceError: a missing URL or a bad interval.
    """
    url = url.strip()
    if not url.startswith(("http://", "https://")):
        raise AddSourceError("the URL must start with http:// or https://")
    try:
        minutes = float(interval.strip() or "10")
    except ValueError:
        raise AddSourceError(f"interval must be a number of minutes, got {interval!r}") from None
    if minutes < 1:
        raise AddSourceError("interval must be at least 1 minute")
    return Source(
        id=source_id.strip() or slug_for(url),
        kind=kind,
        url=url,
        title=title.strip() or None,
        interval=int(minutes * 60),
        side=side,
        type=type_,
    )


class AddSourceScreen(ModalScreen[bool]):
    """A form; dismisses with True once the source is stored."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]
    DEFAULT_CSS = """
    AddSourceScreen {
        align: center middle;
        & > Vertical {
            width: 80;
            max-width: 95%;
            height: auto;
            max-height: 95%;
            border: thick $primary;
            background: $panel;
            padding: 0 1;
        }
        & Horizontal { height: auto; }
        & Label { width: 12; padding: 1 0 0 0; }
        & Input, & Select { width: 1fr; }
        & #add-error { color: $error; text-style: bold; height: auto; }
        & #add-buttons { align-horizontal: right; }
        & Button { margin-left: 1; }
    }
    """

    @property
    def fw(self) -> FrontwatchApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Add a source"
            for label, widget in (
                ("URL", Input(placeholder="https://…/rss", id="add-url")),
                (
                    "Kind",
                    Select([(k, k) for k in KINDS], value="rss", id="add-kind", allow_blank=False),
                ),
                ("Every (min)", Input("10", id="add-interval")),
                ("Id", Input(placeholder="from the URL", id="add-id")),
                ("Title", Input(placeholder="optional", id="add-title")),
                (
                    "Side",
                    Select(
                        [(s, s) for s in SIDES], value="other", id="add-side", allow_blank=False
                    ),
                ),
                (
                    "Type",
                    Select(
                        [(t, t) for t in TYPES], value="media", id="add-type", allow_blank=False
                    ),
                ),
            ):
                with Horizontal():
                    yield Label(label)
                    yield widget
            yield Static(Text(""), id="add-error")
            with Horizontal(id="add-buttons"):
                yield Button("Add", id="add-ok", variant="primary")
                yield Button("Cancel", id="add-cancel")

    def on_mount(self) -> None:
        self.query_one("#add-url", Input).focus()

    def _value(self, widget_id: str) -> str:
        widget = self.query_one(f"#{widget_id}")
        return str(widget.value)  # type: ignore[attr-defined]

    @on(Input.Submitted)
    @on(Button.Pressed, "#add-ok")
    def _submit(self) -> None:
        try:
            source = build_source(
                self._value("add-url"),
                self._value("add-kind"),
                self._value("add-interval"),
                self._value("add-id"),
                self._value("add-side"),
                self._value("add-type"),
                self._value("add-title"),
            )
        except AddSourceError as exc:
            self._error(str(exc))
            return
        db = self.fw.db

        def work() -> Done:
            try:
                add_source(db, source)
            except SourceError as exc:
                return Done(str(exc), "error")
            return Done(f"added source {source.id}")

        run_in_thread(self, work, name="add-source", group="add-source")

    def on_done(self, message: Done) -> None:
        if message.severity == "error":
            message.stop()
            self._error(message.text)
        else:
            self.dismiss(True)

    def _error(self, text: str) -> None:
        self.query_one("#add-error", Static).update(Text("✗ " + text))

    @on(Button.Pressed, "#add-cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
