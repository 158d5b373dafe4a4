"""Helpers of the hardening tests: sandboxes on loopback feeds, database probes, waiting."""

from __future__ import annotations

import ctypes
import hashlib
import os
import shutil
import signal
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from bench.child import Sandbox, add_sources
from bench.live_feeds import LiveFeeds


def sandbox(
    folder: Path, server: LiveFeeds | None, template: Path, *, interval: int = 600
) -> Sandbox:
    """A sandbox whose database is a copy of `template` plus one source per served feed."""
    box = Sandbox(folder).prepare()
    shutil.copyfile(template, box.db)
    if server is not None:
        urls = [server.url(n) for n in range(server.shape.feeds)]
        add_sources(box.db, urls, interval=interval)
    return box


def query(path: Path, sql: str, *params: object) -> int:
    """One number from the database, read on a fresh read-only connection."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        conn.execute("PRAGMA busy_timeout = 10000")
        return conn.execute(sql, params).fetchone()[0] or 0
    finally:
        conn.close()


def wait_until(condition: Callable[[], object], limit: float, what: str) -> None:
    """Poll `condition` until it holds; fail after `limit` seconds."""
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {limit} s waiting for {what}")
        time.sleep(0.01)  # polling for a result, not waiting a fixed time for one


def consistent(path: Path) -> None:
    """Assert the file passes SQLite's and FTS's checks and items match their poll records."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.execute("INSERT INTO items_fts(items_fts) VALUES ('integrity-check')")
        items = conn.execute("SELECT count(*) FROM items").fetchone()[0]
        assert conn.execute("SELECT count(*) FROM items_fts").fetchone()[0] == items
        # Items and their poll's bookkeeping are written in one transaction.
        logged = conn.execute("SELECT coalesce(sum(new_items), 0) FROM fetch_log").fetchone()[0]
        assert logged == items
    finally:
        conn.close()


def one_error_line(stderr: str, path: Path) -> str:
    """Assert stderr is exactly one `frontwatch: error:` line naming `path`; return it."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("frontwatch: error: "), stderr
    assert str(path) in lines[0], stderr
    return lines[0]


def digest(path: Path) -> str:
    """The SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def bound_by_file_modes() -> Callable[[], None] | None:
    """A preexec_fn under which even root obeys file modes (None when not root).

    Root passes permission checks through CAP_DAC_OVERRIDE (and friends); dropping them
    from the bounding set before exec leaves the child without them.
    """
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return None
    libc = ctypes.CDLL(None, use_errno=True)

    def drop() -> None:
        for capability in (1, 2, 3):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER
            if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
                raise OSError(ctypes.get_errno(), "cannot drop a capability")

    return drop


def file_size_limit(limit: int) -> Callable[[], None]:
    """A preexec_fn that lets no file grow past `limit` bytes: writes fail with EFBIG.

    SIGXFSZ is ignored, or the kernel would kill the child instead of failing the write.
    """

    import resource  # POSIX only

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply
