"""The frontwatch Textual app: wires storage, the poller child, DB following and the screens."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import partial
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.screen import Screen
from textual.signal import Signal
from textual.theme import Theme

from storage import Database, open_database
from storage.sources import poll_now
from tui.data.format import one_line
from tui.data.loaders import (
    AlertBatch,
    PollSnapshot,
    SearchContext,
    first_alert_id,
    new_alerts,
    poll_snapshot,
)
from tui.data.poll_state import ChildState
from tui.follow import DataFollower
from tui.jobs import SerialJob, Work, run_in_thread
from tui.keys import bind
from tui.messages import DataChanged, Done, SourceRemoved, StatusLoaded, StorageFailed
from tui.options import TuiOptions
from tui.poller import PollerChild
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.screens.sources import SourcesScreen
from tui.widgets.row_list import RowList
from tui.widgets.status_header import StatusHeader
from tui.widgets.watchlist import Watchlist

# Without any commit the poll status is still re-read this often (a poller may have died).
STATUS_EVERY = 10.0


class FrontwatchApp(App[None]):
    """Watchlist, live stream and reader over one database; polls through a child process."""

    TITLE = "frontwatch"
    CSS_PATH = "app.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("q", "quit", "Quit"),
        bind("?", "help", "Help"),
        bind("S", "sources", "Sources"),
        bind("r", "poll_now", "Poll now"),
    ]

    def __init__(self, options: TuiOptions, db: Database | None = None) -> None:
        super().__init__()
        self.options = options
        self.db = db or open_database(options.db_path)
        # Searches get their own connections so a stale one can be interrupted alone.
        self.search_db = open_database(options.db_path)
        self.data_changed: Signal[None] = Signal(self, "data-changed")
        self.child_state = ChildState()
        self.poll_snapshot: PollSnapshot | None = None
        self.poller: PollerChild | None = None
        self._alert_after: int | None = None
        self._follower = DataFollower(self, self.db)
        self._status = SerialJob(self, "status", self._make_status)
        self._theme_name = options.theme

    # -- context for widgets ----------------------------------------------------------------
    def now(self) -> datetime:
        """The app's clock (aware UTC; tests pin it through the options)."""
        return self.options.clock()

    def search_context(self) -> SearchContext:
        """The clock, zone and theme ids searches run with."""
        return SearchContext(self.now(), self.options.zone, tuple(self.options.known_themes))

    def get_default_screen(self) -> Screen:
        return MainScreen()

    # -- lifecycle ------------------------------------------------------------------------
    def on_mount(self) -> None:
        if self.options.theme in self.available_themes:
            self.theme = self.options.theme
        else:
            self.notify(f"unknown theme {self.options.theme!r}", severity="warning", markup=False)
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self._follower.start()
        self._status.request()
        self.set_interval(STATUS_EVERY, self._status.request, name="status")

    async def on_unmount(self) -> None:
        self._follower.stop()
        if self.poller is not None:
            await self.poller.stop()
        self.db.interrupt()
        self.search_db.interrupt()

    def _theme_changed(self, theme: Theme) -> None:
        if theme.name != self._theme_name and self.options.on_theme_change is not None:
            self.options.on_theme_change(theme.name)
        self._theme_name = theme.name

    # -- following the database -----------------------------------------------------------
    def on_data_changed(self, message: DataChanged) -> None:
        self._status.request()
        self.data_changed.publish(None)

    def _make_status(self) -> Work:
        db, after = self.db, self._alert_after

        def work() -> StatusLoaded:
            snapshot = poll_snapshot(db)
            if after is None:
                return StatusLoaded(snapshot, AlertBatch(last_id=first_alert_id(db), count=0))
            return StatusLoaded(snapshot, new_alerts(db, after))

        return work

    def on_status_loaded(self, message: StatusLoaded) -> None:
        first = self.poll_snapshot is None
        self.poll_snapshot = message.snapshot
        self._alert_after = message.alerts.last_id
        self._toast_alerts(message.alerts)
        if first and self.options.poll_argv is not None and message.snapshot.lease is None:
            self.run_worker(self._run_poller(), name="poller", group="poller")
        self._refresh_header()

    def _toast_alerts(self, batch: AlertBatch) -> None:
        if not batch.count:
            return
        if batch.notes:
            for note in batch.notes:
                self.notify(one_line(note.title), title=f"⚑ {one_line(note.label)}", markup=False)
        else:
            self.notify(f"{batch.count} new matches", title="⚑ Watchlist", markup=False)
        if self.options.bell:
            self.bell()

    def _refresh_header(self) -> None:
        for screen in self.screen_stack:  # empty while shutting down
            for header in screen.query(StatusHeader):
                header.refresh()

    # -- the poller child -----------------------------------------------------------------
    async def _run_poller(self) -> None:
        assert self.options.poll_argv is not None
        child = PollerChild(self.options.poll_argv, self.options.poll_log)
        try:
            pid = await child.start()
        except OSError as exc:
            self.child_state = ChildState("stopped")
            self.notify(str(exc), severity="error", markup=False)
            self._refresh_header()
            return
        self.poller = child
        self.child_state = ChildState("running", pid)
        self._refresh_header()
        code = await child.wait()
        self.child_state = ChildState("stopped", pid, code)
        if not child.stopping:
            self.notify(f"the poller stopped (exit {code})", severity="error", markup=False)
            self._status.request()
        self._refresh_header()

    # -- messages from anywhere -------------------------------------------------------------
    def on_done(self, message: Done) -> None:
        self.notify(message.text, severity=message.severity, markup=False)  # type: ignore[arg-type]

    def on_source_removed(self, message: SourceRemoved) -> None:
        self.notify(message.text, markup=False)
        main = self.screen_stack[0] if self.screen_stack else None
        if isinstance(main, MainScreen):
            main.stream.load(main.stream.query_text)

    def on_storage_failed(self, message: StorageFailed) -> None:
        self.notify(message.reason, severity="error", markup=False)

    # -- actions --------------------------------------------------------------------------
    def action_help(self) -> None:
        sections: list[tuple[str, list[BindingType]]] = [
            ("Everywhere", list(self.BINDINGS) + [("ctrl+p", "command_palette", "Commands")]),
            ("Main screen", list(MainScreen.BINDINGS)),
            ("Lists (stream, watchlist)", list(RowList.BINDINGS)),
            ("Watchlist", list(Watchlist.BINDINGS)),
            ("Sources screen", list(SourcesScreen.BINDINGS)),
        ]
        self.push_screen(HelpScreen(sections))

    def action_sources(self) -> None:
        if not isinstance(self.screen, SourcesScreen):
            self.push_screen(SourcesScreen())

    def action_poll_now(self) -> None:
        db = self.db

        def work() -> Done:
            count = poll_now(db)
            return Done(f"{count} sources will be polled now")

        run_in_thread(self, work, name="poll-now", group="poll-now", exclusive=False)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        seen = set()
        nodes = [n for n in (screen.focused, screen, self) if n is not None]
        for node in nodes:
            for binding in node.BINDINGS:
                action, description = _action_of(binding)
                if description and action not in seen:
                    seen.add(action)
                    yield SystemCommand(
                        description, f"Key: {_key_of(binding)}", partial(node.run_action, action)
                    )


def _action_of(binding: BindingType) -> tuple[str, str]:
    if isinstance(binding, tuple):
        return binding[1], binding[2] if len(binding) > 2 else ""
    return binding.action, binding.description


def _key_of(binding: BindingType) -> str:
    key = binding[0] if isinstance(binding, tuple) else (binding.key_display or binding.key)
    return key.split(",")[0]
