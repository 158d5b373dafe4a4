"""One database, many processes: a poll daemon, `search` calls, a reader-writer, a follower TUI."""

from __future__ import annotations

import random
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from hardening_kit import query, sandbox, wait_until
from tui_kit import wait_for

from bench.child import Sandbox, group_members, kill_all
from bench.live_feeds import FeedShape, LiveFeeds
from storage import StorageError, open_database
from storage.items import mark_read, set_starred
from storage.search import search
from tui.app import FrontwatchApp
from tui.options import TuiOptions

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
FEEDS = 100


class ReaderWriter(threading.Thread):
    """What a TUI does beside a daemon: searches, and short writes (read and star marks)."""

    def __init__(self, path: Path) -> None:
        super().__init__(name="reader-writer", daemon=True)
        self.path = path
        self.stop = threading.Event()
        self.errors: list[str] = []
        self.reads = self.writes = 0

    def run(self) -> None:
        db = open_database(self.path)
        rng = random.Random(5)
        try:
            # Paced like a busy user at a TUI (some 20 searches and marks a second), not a
            # tight loop that would starve every other process of the CPU.
            while not self.stop.wait(0.05):
                try:
                    hits = search(db, "Pokrovsk OR Покровськ OR Покровск", limit=20).hits
                    self.reads += 1
                    if hits:
                        pick = rng.choice(hits).item.id
                        mark_read(db, [pick], read=rng.random() < 0.5)
                        set_starred(db, pick, rng.random() < 0.5)
                        self.writes += 2
                except StorageError as exc:
                    self.errors.append(str(exc))
        finally:
            db.close()


def _search(box: Sandbox, words: str) -> subprocess.Popen:
    return box.start("search", words, "--limit", "20", text=True)


def test_daemon_searches_and_a_writer_never_meet_a_locked_database(
    tmp_path: Path, template_db: Path
) -> None:
    # A slowish server spreads the daemon's first round (and its writes) over a few seconds.
    shape = FeedShape(feeds=FEEDS, base=10, delay=0.15)
    with LiveFeeds(shape, hosts=2) as server:
        box = sandbox(tmp_path, server, template_db)
        with (tmp_path / "daemon.err").open("w+b") as err:
            daemon = box.start("poll", stderr=err)
            side = ReaderWriter(box.db)
            failures: list[str] = []
            searches = 0
            try:
                wait_until(lambda: query(box.db, "SELECT count(*) FROM items") > 0, 30, "items")
                side.start()
                words = ["Pokrovsk", "place:Myrnohrad", "drones OR дрони", '"штурм"', "since:1h"]
                # Two `search` processes at a time for as long as the daemon's round writes.
                while query(box.db, "SELECT count(DISTINCT source_id) FROM fetch_log") < FEEDS:
                    batch = [_search(box, words[(searches + i) % len(words)]) for i in range(2)]
                    for process in batch:
                        _, stderr = process.communicate(timeout=60)
                        searches += 1
                        if process.returncode != 0 or stderr:
                            failures.append(f"exit {process.returncode}: {stderr.strip()}")
                    assert daemon.poll() is None, "the daemon ended"
            finally:
                side.stop.set()
                side.join(timeout=30)
                daemon.terminate()
                daemon.wait(timeout=15)
                kill_all(group_members(daemon.pid))
        daemon_err = (tmp_path / "daemon.err").read_text(encoding="utf-8")
    assert searches >= 4, "the round ended before the searches overlapped it"
    assert failures == []
    assert side.errors == [] and side.reads > 0 and side.writes > 0
    assert "locked" not in daemon_err and daemon.returncode == 0, daemon_err
    log = box.log.read_text(encoding="utf-8") if box.log.exists() else ""
    assert "locked" not in log and "ERROR" not in log, log[-2000:]


async def test_a_follower_tui_shows_the_daemons_items_within_2_s(
    tmp_path: Path, template_db: Path
) -> None:
    with LiveFeeds(FeedShape(feeds=3, base=5), hosts=1) as server:
        box = sandbox(tmp_path, server, template_db)
        app = FrontwatchApp(TuiOptions(db_path=box.db, poll_argv=None))
        async with app.run_test(size=(160, 48)) as pilot:
            await wait_for(pilot, lambda: app.screen.query("Stream"))
            stream = app.screen.stream
            await wait_for(pilot, lambda: stream.loaded)
            assert stream.row_count == 0
            daemon = box.start("poll")
            try:
                await wait_for(
                    pilot, lambda: query(box.db, "SELECT count(*) FROM items") > 0, limit=30
                )
                seen = time.monotonic()
                first = query(box.db, "SELECT min(id) FROM items")
                await wait_for(pilot, lambda: first in stream.keys, limit=2.0)
                shown = time.monotonic() - seen
            finally:
                daemon.terminate()
                daemon.wait(timeout=15)
                kill_all(group_members(daemon.pid))
    assert shown < 2.0
