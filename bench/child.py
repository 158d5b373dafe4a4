"""frontwatch as a child process on a throwaway home: its environment, database and /proc figures.

The crash harness, the soak and the process tests start `python -m frontwatch` this way:
HOME, the XDG folders and the config live in one folder, no starter sources are seeded,
and the database holds loopback sources only.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storage import open_database
from storage.sources import add_source
from storage.types import Source

ROOT = Path(__file__).resolve().parents[1]
# Full-text fetching would follow the bench entries' links to a closed port: off.
DEFAULT_CONFIG = "[extract]\nenabled = false\n"


@dataclass(frozen=True)
class Sandbox:
    """A folder holding a home, a config file and the database of one run."""

    folder: Path

    @property
    def db(self) -> Path:
        """The database file."""
        return self.folder / "frontwatch.db"

    @property
    def config(self) -> Path:
        """The config file every child reads."""
        return self.folder / "config.toml"

    @property
    def log(self) -> Path:
        """The rotating log the children write (platformdirs' Linux layout)."""
        return self.folder / "home/state/frontwatch/log/frontwatch.log"

    def prepare(self, config: str = DEFAULT_CONFIG) -> Sandbox:
        """Create the folders and the config file."""
        for name in ("config", "data", "cache", "state"):
            (self.folder / "home" / name).mkdir(parents=True, exist_ok=True)
        self.config.write_text(config, encoding="utf-8")
        return self

    def env(self) -> dict[str, str]:
        """The environment of a child: this sandbox's home, no starter list, our code first."""
        home = self.folder / "home"
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith("FRONTWATCH_") and not key.startswith("XDG_")
        }
        env.update(
            HOME=str(home),
            XDG_CONFIG_HOME=str(home / "config"),
            XDG_DATA_HOME=str(home / "data"),
            XDG_CACHE_HOME=str(home / "cache"),
            XDG_STATE_HOME=str(home / "state"),
            FRONTWATCH_SOURCES_SEED_STARTER="0",
            PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        )
        return env

    def argv(self, *args: str) -> list[str]:
        """`python -m frontwatch --db DB --config CONFIG ARGS…`."""
        return [
            sys.executable,
            "-m",
            "frontwatch",
            "--db",
            str(self.db),
            "--config",
            str(self.config),
            *args,
        ]

    def start(
        self, *args: str, stdout: object = None, stderr: object = None, **options: Any
    ) -> subprocess.Popen:
        """Start `frontwatch ARGS…` in this sandbox, leading its own process group.

        Its own group: a terminal's Ctrl-C meant for the harness does not reach it, and
        the processes it starts can be found (and cleaned up) after it is killed.
        `options` go to Popen (text=True, preexec_fn=…).
        """
        return subprocess.Popen(
            self.argv(*args),
            env=self.env(),
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=stdout if stdout is not None else subprocess.DEVNULL,
            stderr=stderr if stderr is not None else subprocess.PIPE,
            start_new_session=True,
            **options,
        )

    def run(
        self, *args: str, timeout: float = 60, argv: list[str] | None = None, **options: Any
    ) -> subprocess.CompletedProcess[str]:
        """Run `frontwatch ARGS…` (or `argv`) to the end, capturing its output.

        `options` go to subprocess.run (preexec_fn=…).
        """
        return subprocess.run(
            argv or self.argv(*args),
            env=self.env(),
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            **options,
        )


def add_sources(db_path: Path, urls: Sequence[str], interval: int = 600) -> list[str]:
    """Create the database and add one rss source per URL (ids s0, s1, …)."""
    db = open_database(db_path)
    try:
        ids = []
        for number, url in enumerate(urls):
            ids.append(
                add_source(db, Source(id=f"s{number}", kind="rss", url=url, interval=interval)).id
            )
        return ids
    finally:
        db.close()


# -- /proc figures (Linux; elsewhere they read as unknown) ---------------------------------


def rss_kib(pid: int) -> int | None:
    """Resident memory of a process in KiB, or None when it cannot be read."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def _stat(pid: int) -> list[str] | None:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            # The command name may hold spaces: fields start after its closing parenthesis.
            return stat.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def group_members(pgid: int) -> list[int]:
    """Running processes of the process group `pgid` (a child started by `Sandbox.start`
    leads its own group, so these are it and whatever it started)."""
    found = []
    with contextlib.suppress(OSError):
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                fields = _stat(int(entry))
                if fields and int(fields[2]) == pgid and fields[0] != "Z":
                    found.append(int(entry))
    return found


def running(pid: int) -> bool:
    """Whether `pid` runs (a zombie, ended but not yet reaped, does not)."""
    fields = _stat(pid)
    return fields is not None and fields[0] != "Z"


def left_running(pids: Iterable[int], within: float) -> list[int]:
    """The processes of `pids` still running after `within` seconds (checked as they end)."""
    deadline = time.monotonic() + within
    waiting = [pid for pid in pids if running(pid)]
    while waiting and time.monotonic() < deadline:
        time.sleep(0.05)
        waiting = [pid for pid in waiting if running(pid)]
    return waiting


def kill_all(pids: Iterable[int]) -> None:
    """SIGKILL each of `pids` (processes this harness started, directly or not)."""
    for pid in pids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)


def add_loopback_arguments(parser: argparse.ArgumentParser) -> None:
    """The options every loopback harness takes: how many feeds, on how many hosts, where."""
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--hosts", type=int, default=8, help="loopback addresses serving")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")


@contextlib.contextmanager
def work_folder(folder: Path | None, prefix: str) -> Iterator[Path]:
    """The given folder, or a temporary one removed afterwards."""
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
        yield folder
        return
    with tempfile.TemporaryDirectory(prefix=prefix) as temp:
        yield Path(temp)
