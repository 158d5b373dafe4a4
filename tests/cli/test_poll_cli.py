"""`frontwatch poll`: --once over the samples, the lease, and stopping on a signal."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from frontwatch.demo import DemoServer, add_demo_sources
from storage import open_database
from storage.lease import acquire

SAMPLE_ITEMS = 177


@pytest.fixture
def demo() -> Iterator[DemoServer]:
    server = DemoServer(start=datetime.now(UTC) - timedelta(hours=1))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def demo_db(db_path: Path, demo: DemoServer, cli) -> Path:  # noqa: ANN001
    assert cli("stats").exit_code == 0
    db = open_database(db_path)
    add_demo_sources(db, demo.base_url)
    db.close()
    return db_path


def items(db_path: Path) -> int:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT count(*) FROM items").fetchone()[0]


def test_poll_once_stores_every_sample_once(cli, demo_db: Path) -> None:  # noqa: ANN001
    first = cli("poll", "--once")
    assert first.exit_code == 0, first.stderr
    assert first.stdout.strip() == (
        f"polled 9 sources: 9 ok, 0 not modified, 0 failed; {SAMPLE_ITEMS} new items"
    )
    assert items(demo_db) == SAMPLE_ITEMS
    second = cli("poll", "--once")
    assert second.stdout.strip().endswith("; 0 new items")
    assert items(demo_db) == SAMPLE_ITEMS
    with sqlite3.connect(demo_db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        tagged = conn.execute("SELECT count(DISTINCT item_id) FROM item_places").fetchone()[0]
    assert tagged > SAMPLE_ITEMS // 2
    found = cli("search", "place:Pokrovsk", "--format", "json", "--limit", "5")
    assert found.exit_code == 0 and found.stdout.count('"id"') == 5


def test_poll_one_source(cli, demo_db: Path) -> None:  # noqa: ANN001
    result = cli("poll", "--once", "--source", "svodka-ru")
    assert result.stdout.strip() == "polled 1 sources: 1 ok, 0 not modified, 0 failed; 25 new items"
    assert cli("poll", "--once", "--source", "nope").exit_code == 1


def test_poll_with_nothing_to_poll_fails(cli) -> None:  # noqa: ANN001
    result = cli("poll", "--once")
    assert result.exit_code == 1


def test_poll_refuses_beside_a_live_poller(cli, demo_db: Path) -> None:  # noqa: ANN001
    db = open_database(demo_db)
    assert acquire(db, "poll@elsewhere:1") is None
    db.close()
    result = cli("poll", "--once")
    assert result.exit_code == 1
    assert "another poller is running" in result.stderr and "--force" in result.stderr
    assert cli("poll", "--once", "--force").exit_code == 0


def test_sigterm_stops_the_daemon_cleanly(demo_db: Path, tmp_path: Path) -> None:
    env = {**os.environ, "FRONTWATCH_SOURCES_SEED_STARTER": "0"}
    process = subprocess.Popen(
        [sys.executable, "-m", "frontwatch", "--db", str(demo_db), "poll"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
    )
    deadline = time.monotonic() + 60
    while items(demo_db) == 0:
        assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
        assert time.monotonic() < deadline, "the daemon stored nothing"
        time.sleep(0.1)  # polling for a result, not waiting a fixed time for one
    process.send_signal(signal.SIGTERM)
    started = time.monotonic()
    process.wait(timeout=10)
    assert time.monotonic() - started < 5
    assert process.returncode == 0, process.stderr.read().decode() if process.stderr else ""
    with sqlite3.connect(demo_db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM lease").fetchone()[0] == 0
