"""The header line: name, clock, time zone and what the poller is doing."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.widget import Widget

from tui.data.poll_state import describe_polling

if TYPE_CHECKING:
    from tui.app import FrontwatchApp


class StatusHeader(Widget):
    """One line docked at the top; redrawn every second and on every poll-state change."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "status--name",
        "status--ok",
        "status--warn",
        "status--error",
        "status--muted",
    }
    DEFAULT_CSS = """
    StatusHeader {
        dock: top;
        height: 1;
        background: $panel;
        color: $foreground;
        & > .status--name { text-style: bold; color: $primary; }
        & > .status--ok { color: $success; }
        & > .status--warn { color: $warning; text-style: bold; }
        & > .status--error { color: $error; text-style: bold; }
        & > .status--muted { color: $text-muted; }
    }
    """

    @property
    def fw(self) -> FrontwatchApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    def on_mount(self) -> None:
        self.set_interval(1.0, self.refresh, name="clock")

    @property
    def plain(self) -> str:
        """The header as plain text (for tests)."""
        return self._text().plain

    def render(self) -> Text:
        return self._text()

    def _text(self) -> Text:
        app = self.fw
        style = self.get_component_rich_style
        now = app.now()
        out = Text(no_wrap=True, overflow="ellipsis", end="")
        out.append(" frontwatch", style("status--name"))
        if app.options.demo:
            out.append(" DEMO", style("status--warn"))
        local = now.astimezone(app.options.zone)
        out.append(f" │ {local:%H:%M} {app.options.zone_name}")
        for part in describe_polling(app.child_state, app.poll_snapshot, now):
            out.append(" │ ")
            out.append(part.text, style(f"status--{part.kind}"))
        return out
