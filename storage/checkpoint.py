"""Copying the WAL back into the database file on a thread of its own.

With SQLite's automatic checkpoints, the commit that crosses the threshold copies the
whole WAL into the database file and syncs it before it returns: at a million items that
is a fifth of the time spent storing. Here the writer only appends to the WAL, and a
thread copies it out while the writer prepares its next batch. sqlite3 lets go of the GIL
while SQLite works, so the copy runs beside the writer rather than between its commits.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)

# A WAL with more frames than this (4 KiB pages: the 64 MiB the file is cut back to) means
# the copies never caught up between two commits, which is what lets the WAL start again
# from its beginning: the next checkpoint then waits for the writer and holds it off.
MAX_WAL_FRAMES = 16_384
# At most one checkpoint per this many seconds: a poll's commits come in bursts, and
# copying after each would write the pages they share several times over.
MIN_INTERVAL = 0.5


class Checkpointer:
    """Checkpoints a database's WAL when asked (after commits), off the caller's thread.

    Args:
        connect: opens a connection of its own to the database (called on the thread).
        min_interval: the least time between two checkpoints, in seconds.
        max_frames: a WAL still this long after a checkpoint gets one that waits for the
            writers (see MAX_WAL_FRAMES).
    """

    def __init__(
        self,
        connect: Callable[[], sqlite3.Connection],
        *,
        min_interval: float = MIN_INTERVAL,
        max_frames: int = MAX_WAL_FRAMES,
    ) -> None:
        self._connect = connect
        self._min_interval = min_interval
        self._max_frames = max_frames
        self._changed = threading.Condition()
        self._asked = 0  # commits reported so far
        self._done = 0  # commits a finished checkpoint has copied
        self._stopping = False
        self._waiting = 0  # callers of wait(): a checkpoint is due now, not in a while
        self._thread: threading.Thread | None = None
        self.checkpoints = 0

    def committed(self) -> None:
        """Say that a transaction committed: its pages are to be copied soon."""
        with self._changed:
            self._asked += 1
            if self._thread is None and not self._stopping:
                self._thread = threading.Thread(
                    target=self._run, name="wal-checkpoint", daemon=True
                )
                self._thread.start()
            self._changed.notify_all()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until every commit reported so far has been copied; False on timeout."""
        with self._changed:
            target = self._asked
            self._waiting += 1
            self._changed.notify_all()
            try:
                return self._changed.wait_for(
                    lambda: self._done >= target or self._thread is None, timeout
                )
            finally:
                self._waiting -= 1

    def close(self) -> None:
        """Copy what is left and stop the thread (a later commit starts it again)."""
        with self._changed:
            self._stopping = True
            thread = self._thread
            self._changed.notify_all()
        if thread is not None:
            thread.join()
        with self._changed:
            self._stopping = False

    def _run(self) -> None:
        try:
            conn = self._connect()
        except Exception as exc:  # noqa: BLE001 - a thread's error goes nowhere but the log
            log.warning("background checkpoints: cannot open the database: %s", exc)
            self._finish()
            return
        try:
            while True:
                with self._changed:
                    self._changed.wait_for(lambda: self._asked > self._done or self._stopping)
                    target = self._asked
                    stopping = self._stopping
                if target > self._done:
                    self._checkpoint(conn)
                    with self._changed:
                        self._done = target
                        self._changed.notify_all()
                if stopping:
                    return
                with self._changed:
                    self._changed.wait_for(
                        lambda: self._stopping or self._waiting > 0, self._min_interval
                    )
        finally:
            conn.close()
            self._finish()

    def _checkpoint(self, conn: sqlite3.Connection) -> None:
        try:
            _busy, frames, _copied = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            if frames > self._max_frames:
                conn.execute("PRAGMA wal_checkpoint(RESTART)").fetchone()
        except sqlite3.Error as exc:
            # A busy or full disk: the next commit asks again, and SQLite keeps the WAL.
            log.warning("background checkpoint failed: %s", exc)
        self.checkpoints += 1

    def _finish(self) -> None:
        with self._changed:
            self._thread = None
            self._changed.notify_all()
