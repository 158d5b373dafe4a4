"""The sources screen: health of every source; add, pause/resume, remove, poll now."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer

from storage.sources import SourceError, list_health, poll_now, remove_source, set_enabled
from tui.jobs import SerialJob, Work, run_in_thread
from tui.keys import bind
from tui.messages import Done, SourceRemoved, SourcesLoaded
from tui.screens.add_source import AddSourceScreen
from tui.screens.confirm import ConfirmScreen
from tui.widgets.sources_table import SourcesTable
from tui.widgets.status_header import StatusHeader

if TYPE_CHECKING:
    from tui.app import FrontwatchApp


class SourcesScreen(Screen):
    """The health table, refreshed whenever the database changes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        bind("S", "back", "Back", show=False),
        bind("a", "add", "Add"),
        bind("p", "pause", "Pause/resume"),
        bind("x", "remove", "Remove", extra=("delete",)),
        bind("r", "poll_selected", "Poll now"),
        bind("R", "poll_all", "Poll all", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(id="sources")
        self._job = SerialJob(self, "sources", self._make_load)
        self._enabled: dict[str, bool] = {}

    @property
    def fw(self) -> FrontwatchApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    @property
    def table(self) -> SourcesTable:
        """The health table."""
        return self.query_one(SourcesTable)

    def compose(self) -> ComposeResult:
        yield StatusHeader()
        yield SourcesTable(id="sources-table")
        yield Footer()

    def on_mount(self) -> None:
        self.table.border_title = "Sources"
        self.fw.data_changed.subscribe(self, lambda _: self._job.request())
        self._job.request()
        self.table.focus()

    def _make_load(self) -> Work:
        db, now = self.fw.db, self.fw.now()

        def work() -> SourcesLoaded:
            return SourcesLoaded(tuple(list_health(db, now)))

        return work

    def on_sources_loaded(self, message: SourcesLoaded) -> None:
        self._enabled = {h.source.id: h.source.enabled for h in message.rows}
        self.table.show(message.rows, self.fw.now())

    def on_done(self, message: Done) -> None:
        self._job.request()

    def _selected(self) -> str | None:
        source_id = self.table.current_id
        if source_id is None:
            self.notify("no source selected", severity="warning")
        return source_id

    def _run(self, name: str, work: Work) -> None:
        run_in_thread(self, work, name=name, group="source-edit", exclusive=False)

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_add(self) -> None:
        self.app.push_screen(AddSourceScreen())

    def action_pause(self) -> None:
        source_id = self._selected()
        if source_id is None:
            return
        db, enable = self.fw.db, not self._enabled.get(source_id, True)

        def work() -> Done:
            try:
                set_enabled(db, source_id, enable)
            except SourceError as exc:
                return Done(str(exc), "error")
            return Done(f"{'resumed' if enable else 'paused'} {source_id}")

        self._run("pause-source", work)

    def action_remove(self) -> None:
        source_id = self._selected()
        if source_id is None:
            return
        db = self.fw.db

        def work() -> Done:
            try:
                removed = remove_source(db, source_id)
            except SourceError as exc:
                return Done(str(exc), "error")
            return SourceRemoved(f"removed {source_id} and its {removed} items")

        def answered(yes: bool | None) -> None:
            if yes:
                self._run("remove-source", work)

        question = f"Remove source {source_id} and all its items?"
        self.app.push_screen(ConfirmScreen(question, "Remove"), answered)

    def action_poll_selected(self) -> None:
        source_id = self._selected()
        if source_id is not None:
            self._poll(source_id)

    def action_poll_all(self) -> None:
        self._poll(None)

    def _poll(self, source_id: str | None) -> None:
        db = self.fw.db

        def work() -> Done:
            count = poll_now(db, source_id)
            return Done(f"{source_id or f'{count} sources'} will be polled now")

        self._run("poll-now", work)
