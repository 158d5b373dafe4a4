"""What a killed poller leaves behind must not block the next one; no source URL sneaks in."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storage import open_database
from storage.lease import acquire, current_poller
from storage.schema import SCHEMA_VERSION
from storage.sources import SourceError, add_source, get_source, update_source
from storage.types import Source

HERE = socket.gethostname()


def _ended_pid() -> int:
    """The pid of a process that has ended (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _left_lease(path: Path, holder: str, pid: int) -> None:
    """A lease row as a poller killed a moment ago leaves it: a fresh heartbeat."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "INSERT INTO lease (name, holder, pid, schema_version, heartbeat_at) "
            "VALUES ('poller', ?, ?, ?, ?)",
            (holder, pid, SCHEMA_VERSION, int(time.time())),
        )
    conn.close()


@pytest.mark.skipif(sys.platform == "win32", reason="probes pids with signal 0")
def test_the_lease_of_a_poller_that_died_on_this_host_is_taken_at_once(tmp_path: Path) -> None:
    path = tmp_path / "fw.db"
    open_database(path).close()
    dead = _ended_pid()
    _left_lease(path, f"poll@{HERE}:{dead}", dead)
    db = open_database(path)
    try:
        assert current_poller(db) is None
        assert acquire(db, "poll@here:1") is None
    finally:
        db.close()


@pytest.mark.parametrize(
    "holder", [f"poll@{HERE}:{{pid}}", "poll@another-host:{pid}"], ids=["alive-here", "elsewhere"]
)
def test_a_live_or_unknowable_holder_keeps_its_lease(tmp_path: Path, holder: str) -> None:
    path = tmp_path / "fw.db"
    open_database(path).close()
    # Here: this very process, alive. Elsewhere: a pid we cannot probe, so it counts as alive.
    pid = _ended_pid() if "another" in holder else os.getpid()
    _left_lease(path, holder.format(pid=pid), pid)
    db = open_database(path)
    try:
        assert current_poller(db) is not None
        assert acquire(db, "poll@here:1") is not None
    finally:
        db.close()


def test_a_source_url_cannot_be_changed_to_another_scheme(tmp_path: Path) -> None:
    db = open_database(tmp_path / "fw.db")
    try:
        add_source(db, Source(id="news", kind="rss", url="https://news.example.org/rss"))
        for url in ("javascript:alert(1)", "ftp://news.example.org/rss", "file:///etc/passwd"):
            with pytest.raises(SourceError, match="refused"):
                update_source(db, "news", url=url)
        update_source(db, "news", url="file:///srv/archive.xml", allow_file=True)
        with pytest.raises(SourceError, match="allow"):
            update_source(db, "news", allow_file=False)
        source = get_source(db, "news")
        assert source is not None and source.url == "file:///srv/archive.xml"
        assert source.allow_file
    finally:
        db.close()
