"""The poller child process: started beside the TUI, watched, and ended on quit."""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

STOP_GRACE = 5.0


class PollerChild:
    """One `frontwatch poll` process the TUI started (output discarded or appended to a log)."""

    def __init__(self, argv: Sequence[str], log_path: Path | None = None) -> None:
        self.argv = list(argv)
        self.log_path = log_path
        self._process: asyncio.subprocess.Process | None = None
        self._stopping = False

    @property
    def pid(self) -> int | None:
        """The child's pid once started."""
        return self._process.pid if self._process else None

    @property
    def running(self) -> bool:
        """Started and not yet exited."""
        return self._process is not None and self._process.returncode is None

    @property
    def stopping(self) -> bool:
        """Whether stop() was asked (an exit then is expected, not a failure)."""
        return self._stopping

    async def start(self) -> int:
        """Start the child; returns its pid.

        Raises:
            OSError: the program cannot be started (one-line message).
        """
        output: int | object = subprocess.DEVNULL
        log = None
        if self.log_path is not None:
            log = await asyncio.to_thread(self._open_log, self.log_path)
            output = log
        try:
            self._process = await asyncio.create_subprocess_exec(
                *self.argv,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=output,
            )
        except OSError as exc:
            raise OSError(f"cannot start the poller ({self.argv[0]}): {exc.strerror}") from exc
        finally:
            if log is not None:
                log.close()
        return self._process.pid

    @staticmethod
    def _open_log(path: Path) -> BinaryIO:
        path.parent.mkdir(parents=True, exist_ok=True)
        return open(path, "ab")  # noqa: SIM115 - closed once the child has inherited it

    async def wait(self) -> int:
        """Wait for the child to exit; returns its exit code."""
        if self._process is None:
            raise RuntimeError("the poller was not started")
        return await self._process.wait()

    async def stop(self, grace: float = STOP_GRACE) -> int | None:
        """SIGTERM, wait up to `grace` seconds, then SIGKILL; returns the exit code."""
        process = self._process
        if process is None:
            return None
        self._stopping = True
        if process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.terminate()
            try:
                await asyncio.wait_for(process.wait(), grace)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
                await process.wait()
        return process.returncode
