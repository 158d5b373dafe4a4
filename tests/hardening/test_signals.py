"""SIGTERM and Ctrl-C in the middle of a poll round: out within 5 s, nothing half written."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest
from hardening_kit import consistent, query, sandbox, wait_until

from bench.child import group_members, kill_all, left_running
from bench.live_feeds import FeedShape, LiveFeeds

FEEDS = 8
# Two fetches at a time against one slow host: a round lasts about two seconds.
SLOW = FeedShape(feeds=FEEDS, base=5, delay=0.6)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize(
    ("once", "signum", "whole_group"),
    [
        (False, signal.SIGTERM, False),  # `kill PID`
        (False, signal.SIGINT, True),  # Ctrl-C in the terminal reaches the whole group
        (True, signal.SIGTERM, True),  # systemd stopping a unit signals every process
    ],
    ids=["daemon-sigterm", "daemon-ctrl-c", "once-sigterm-group"],
)
def test_a_signal_mid_round_stops_the_poller_cleanly(
    tmp_path: Path, template_db: Path, once: bool, signum: int, whole_group: bool
) -> None:
    with LiveFeeds(SLOW, hosts=1) as server:
        box = sandbox(tmp_path, server, template_db)
        with (tmp_path / "poll.err").open("w+b") as err:
            child = box.start("poll", *(["--once"] if once else []), stderr=err)
            try:
                wait_until(
                    lambda: (
                        child.poll() is not None
                        or query(box.db, "SELECT count(*) FROM fetch_log") > 0
                    ),
                    30,
                    "the first poll to be recorded",
                )
                assert child.poll() is None, "the poller ended before the signal"
                (os.killpg if whole_group else os.kill)(child.pid, signum)
                sent = time.monotonic()
                child.wait(timeout=15)
                took = time.monotonic() - sent
            finally:
                kill_all(group_members(child.pid))
        stderr = (tmp_path / "poll.err").read_text(encoding="utf-8")
    assert took < 5, f"exit took {took:.1f} s"
    assert "Traceback" not in stderr, stderr
    if once:
        assert child.returncode == 1
        assert stderr.strip().splitlines()[-1] == (
            "frontwatch: error: interrupted; what was stored so far is kept"
        )
    else:
        assert child.returncode == 0, stderr
    assert left_running(group_members(child.pid), 2.0) == []  # its workers are gone too
    assert query(box.db, "SELECT count(DISTINCT source_id) FROM fetch_log") < FEEDS  # mid-round
    assert query(box.db, "SELECT count(*) FROM lease") == 0
    consistent(box.db)
