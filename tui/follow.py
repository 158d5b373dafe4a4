"""Following the database: a cheap PRAGMA data_version probe ten times a second."""

from __future__ import annotations

import sqlite3
import threading

from textual.app import App
from textual.timer import Timer
from textual.worker import Worker, get_current_worker

from storage import Database, StorageError
from tui.messages import DataChanged

# Ten times a second: a probe costs microseconds, and new items then show within ~0.1 s of
# their commit plus the redraw, inside the 100 ms the monitor aims at on average.
PROBE_INTERVAL = 0.1
# The probe thread wakes this often even without a tick, to notice cancellation.
_IDLE_WAKE = 0.5


class DataFollower:
    """Posts DataChanged to the app whenever another connection commits.

    data_version only compares on one connection, so the probe runs in one long-lived
    thread worker (its own connection) and a UI timer ticks it every PROBE_INTERVAL.
    """

    def __init__(self, app: App, db: Database, interval: float = PROBE_INTERVAL) -> None:
        self._app = app
        self._db = db
        self._interval = interval
        self._tick = threading.Event()
        self._timer: Timer | None = None
        self._worker: Worker | None = None

    def start(self) -> None:
        """Start probing."""
        self._timer = self._app.set_interval(self._interval, self._tick.set, name="data-probe")
        self._worker = self._app.run_worker(
            self._probe, name="data-version", group="follow", thread=True, exit_on_error=False
        )

    def stop(self) -> None:
        """Stop probing (the thread ends at its next wake)."""
        if self._timer is not None:
            self._timer.stop()
        if self._worker is not None:
            self._worker.cancel()
        self._tick.set()

    def _probe(self) -> None:
        worker = get_current_worker()
        last: int | None = None
        while not worker.is_cancelled:
            if not self._tick.wait(_IDLE_WAKE):
                continue
            self._tick.clear()
            if worker.is_cancelled:
                break
            try:
                version = self._db.data_version()
            except (StorageError, sqlite3.Error):
                continue  # locked for a moment: the next tick tries again
            # The first reading also counts as a change: anything committed between the
            # first loads and this baseline would otherwise wait for the next commit.
            if version != last:
                last = version
                self._app.post_message(DataChanged())
