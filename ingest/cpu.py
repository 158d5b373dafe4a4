"""CPU-heavy work (feed parsing, tagging) on every core, away from the poll loop's thread."""

from __future__ import annotations

import asyncio
import gc
import json
import os
import signal
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from tagging.types import TagResult

T = TypeVar("T")
_worker_tagger: Any = None
# How often a worker checks that the process that started it still runs.
PARENT_CHECK = 0.5


def _start_worker(extra_places: str, extra_themes: str, gazetteer_files: tuple[str, ...]) -> None:
    global _worker_tagger
    from tagging.gazetteer import Gazetteer
    from tagging.tagger import Tagger

    # Ctrl-C (a terminal) and SIGTERM (systemd stopping the unit) reach the whole process
    # group: the parent decides when workers stop. A forked worker would otherwise keep the
    # parent's asyncio handler, which swallows SIGTERM without stopping anything.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    threading.Thread(
        target=_exit_without_parent, args=(os.getppid(),), name="parent-watch", daemon=True
    ).start()
    _worker_tagger = Tagger(
        gazetteer=Gazetteer.from_csv(*map(Path, gazetteer_files)) if gazetteer_files else None,
        extra_places=json.loads(extra_places) or None,
        extra_themes=json.loads(extra_themes) or None,
    )
    # The gazetteer and theme tables live as long as the worker: kept out of the cyclic
    # collector's sight, its full collections no longer walk them (about a tenth of the
    # tagging time on a long retag).
    gc.freeze()


def _exit_without_parent(parent: int) -> None:
    """End the worker once its parent is gone (the poller, or the fork server it used).

    A parent killed outright (SIGKILL, the OOM killer) cannot shut its pool down, and a
    worker blocked on the task queue would otherwise live on as an orphan.
    """
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK)
    os._exit(0)


def _tag_with(tagger: Any, texts: Sequence[tuple[str, str]]) -> list[TagResult]:
    return [tagger.tag(title, body) for title, body in texts]


def worker_tagger() -> Any:
    """This worker process's tagger (for functions run on the pool that tag by themselves)."""
    return _worker_tagger


def worker_tag(texts: Sequence[tuple[str, str]]) -> list[TagResult]:
    """Tag (title, body) pairs with this worker process's tagger."""
    return _tag_with(_worker_tagger, texts)


class CpuPool:
    """Worker processes that each hold a tagger; or, with `tagger=`, the calling process.

    Parsing a 50-item feed costs ~20 ms and tagging its items ~15 ms of pure Python: on
    the poll loop's process they would serialise on one core.
    """

    def __init__(
        self,
        processes: int = 2,
        *,
        extra_places: Mapping[str, Sequence[str]] | None = None,
        extra_themes: Mapping[str, Sequence[str]] | None = None,
        gazetteer_files: Sequence[str] = (),
        tagger: Any = None,
    ) -> None:
        self._tagger = tagger
        self.executor: Executor | None = None
        if tagger is None:
            self.executor = ProcessPoolExecutor(
                max_workers=processes,
                initializer=_start_worker,
                initargs=(
                    json.dumps(extra_places or {}),
                    json.dumps(extra_themes or {}),
                    tuple(gazetteer_files),
                ),
            )

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """Run a picklable module-level function on a worker (or a thread, in-process)."""
        if self.executor is None:
            return await asyncio.to_thread(fn, *args)
        return await asyncio.get_running_loop().run_in_executor(self.executor, fn, *args)

    async def tag(self, texts: Sequence[tuple[str, str]]) -> list[TagResult]:
        """Tag (title, body) pairs."""
        if not texts:
            return []
        if self.executor is None:
            return await asyncio.to_thread(_tag_with, self._tagger, texts)
        return await self.run(worker_tag, list(texts))

    def close(self) -> None:
        """Stop the worker processes."""
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None

    def __enter__(self) -> CpuPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
