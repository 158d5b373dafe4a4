"""The soak's other processes: a follower reading like the TUI, a probe timing the write lock.

    python -m bench.soak_peers follow DB
    python -m bench.soak_peers probe DB

Each runs until SIGTERM, then prints one JSON line of what it saw.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import sys
import threading
import time
from pathlib import Path

from storage import StorageError, open_database
from storage.errors import QueryError
from storage.search import search
from storage.sources import list_health
from storage.watch import watch_stats

FOLLOW_EVERY = 0.25
PROBE_EVERY = 0.5


def _stopper() -> threading.Event:
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    return stop


def follow(path: Path) -> dict[str, object]:
    """Re-read the stream, watchlist and source health whenever another process commits."""
    stop = _stopper()
    db = open_database(path)
    refreshes = 0
    errors: list[str] = []
    slowest = 0.0
    last = None
    while not stop.wait(FOLLOW_EVERY):
        try:
            version = db.data_version()
            if version == last:
                continue
            last = version
            started = time.monotonic()
            search(db, "", limit=300, snippets=False)
            search(db, "Pokrovsk OR drones", limit=50)
            watch_stats(db)
            list_health(db)
            slowest = max(slowest, time.monotonic() - started)
            refreshes += 1
        except (StorageError, QueryError, sqlite3.Error) as exc:
            errors.append(str(exc))
    db.close()
    return {"refreshes": refreshes, "slowest_refresh": slowest, "errors": errors[:20]}


def probe(path: Path) -> dict[str, object]:
    """A short IMMEDIATE write twice a second; how long each waited for the write lock."""
    stop = _stopper()
    conn = sqlite3.connect(path, isolation_level=None, timeout=30)
    waits: list[float] = []
    errors: list[str] = []
    while not stop.wait(PROBE_EVERY):
        started = time.monotonic()
        try:
            conn.execute("BEGIN IMMEDIATE")
            waits.append(time.monotonic() - started)
            conn.execute(
                "INSERT INTO meta (key, value) VALUES ('soak_probe', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (str(time.time()),),
            )
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            errors.append(str(exc))
            if conn.in_transaction:
                conn.execute("ROLLBACK")
    conn.close()
    waits.sort()
    return {
        "writes": len(waits),
        "max_wait": waits[-1] if waits else 0.0,
        "p99_wait": waits[int(len(waits) * 0.99)] if waits else 0.0,
        "errors": errors[:20],
    }


def main() -> None:
    role, path = sys.argv[1], Path(sys.argv[2])
    result = {"follow": follow, "probe": probe}[role](path)
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
