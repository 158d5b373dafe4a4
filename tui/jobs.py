"""Running storage work in named thread workers whose results come back as messages."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from textual.dom import DOMNode
from textual.message import Message
from textual.worker import NoActiveWorker, Worker, get_current_worker

from storage import QueryError, StorageError
from storage.sources import SourceError
from storage.watch import WatchError
from tui.messages import StorageFailed

Work = Callable[[], Message | None]


def is_cancelled() -> bool:
    """Whether the current thread worker was cancelled (long loops check this)."""
    try:
        return get_current_worker().is_cancelled
    except NoActiveWorker:  # outside a worker nothing can cancel us
        return False


def run_in_thread(
    node: DOMNode,
    work: Work,
    *,
    name: str,
    group: str,
    exclusive: bool = True,
    on_done: Callable[[], None] | None = None,
) -> Worker:
    """Run `work` in a thread worker and post the message it returns to `node`.

    A cancelled worker's result is dropped. Storage failures and refused changes become
    a StorageFailed message; an interrupted statement (a newer search took over) posts nothing.
    `on_done` runs on the UI thread after the result was delivered.
    """

    def run() -> None:
        worker = get_current_worker()
        try:
            message = work()
        except (StorageError, QueryError, SourceError, WatchError) as exc:
            # One-line reasons by design (a row gone meanwhile, a locked file, …).
            message = StorageFailed(str(exc))
        except sqlite3.OperationalError as exc:
            message = None if "interrupt" in str(exc) else StorageFailed(f"database: {exc}")
        except BaseException:
            if on_done is not None:
                node.call_later(on_done)
            raise
        if message is not None and not worker.is_cancelled:
            node.post_message(message)
        if on_done is not None:
            # Queued after the result, so it runs once the result has been applied.
            node.call_later(on_done)

    return node.run_worker(run, name=name, group=group, exclusive=exclusive, thread=True)


class SerialJob:
    """A refresh that never runs twice at once: requests during a run coalesce into one more.

    `make` is called on the UI thread when a run starts, so each run sees the current
    view state (query, newest id) without the thread touching any widget.
    """

    def __init__(self, node: DOMNode, name: str, make: Callable[[], Work]) -> None:
        self._node = node
        self._name = name
        self._make = make
        self._running = False
        self._again = False

    @property
    def busy(self) -> bool:
        """Whether a run is in flight."""
        return self._running

    def request(self) -> None:
        """Run now, or once more after the current run."""
        if self._running:
            self._again = True
            return
        self._launch()

    def _launch(self) -> None:
        self._running = True
        self._again = False
        run_in_thread(
            self._node,
            self._make(),
            name=self._name,
            group=self._name,
            exclusive=False,
            on_done=self._finished,
        )

    def _finished(self) -> None:
        self._running = False
        if self._again:
            self._launch()
