"""Readers never hold a read transaction open, so checkpoints complete and the WAL stays bounded.

A reader that keeps a snapshot pins every WAL frame written after it: no checkpoint can
reset the log, and it grows with every write. The tests below make sure each reading path
lets go, and show that a pinned snapshot would be caught (each has a negative control).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from storage import Database, open_database
from storage.items import store_items
from storage.lease import current_poller
from storage.search import search
from storage.sources import add_source, list_sources
from storage.stream import get_item
from storage.types import NewItem, Source
from storage.watch import add_place, watch_stats
from tests.ingest.poll_kit import make_db
from tests.tui.tui_kit import NOW, item, options, seed, started, wait_for
from tui.app import FrontwatchApp
from tui.data.loaders import SearchContext, new_alerts, poll_snapshot, stream_page

# The scaled-down checkpoint step the bounded-WAL test writes with: 100 pages (400 KiB).
SCALED_AUTOCHECKPOINT = 100
# The real limit, and the largest single write transaction frontwatch makes leaves room for.
WAL_LIMIT = 64 * 1024 * 1024


def _wal_size(path: str | Path) -> int:
    wal = Path(f"{path}-wal")
    return wal.stat().st_size if wal.exists() else 0


def _truncating_checkpoint(path: str | Path, wait: float) -> tuple[int, int, int]:
    """(busy, log frames, checkpointed frames) of a TRUNCATE checkpoint from a new connection.

    TRUNCATE waits (up to `wait` s) for every reader to leave the WAL; busy=1 means one
    still held a snapshot.
    """
    conn = sqlite3.connect(path, timeout=wait, isolation_level=None)
    try:
        return conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        conn.close()


def _items(prefix: str, n: int, size: int = 1500) -> list[NewItem]:
    text = ("Fighting continues near Pokrovsk; drones and artillery along the line. " * 40)[:size]
    return [
        NewItem(f"{prefix}-{i}", f"Report {prefix} {i} from Pokrovsk", summary=text)
        for i in range(n)
    ]


def _reading_paths(db: Database) -> dict[str, Callable[[], object]]:
    """Every read the monitor and the TUI make between writes, by name."""
    ctx = SearchContext(datetime.now(UTC), UTC)
    return {
        "search": lambda: search(db, "pokrovsk", limit=20),
        "stream_page": lambda: stream_page(db, "", ctx, limit=50),
        "watch_stats": lambda: watch_stats(db),
        "poll_snapshot": lambda: poll_snapshot(db),
        "new_alerts": lambda: new_alerts(db, 0),
        "get_item": lambda: get_item(db, 1),
        "current_poller": lambda: current_poller(db),
        "list_sources": lambda: list_sources(db),
        "data_version": db.data_version,
    }


def test_every_reading_path_leaves_no_transaction_open(tmp_path: Path) -> None:
    writer = make_db(tmp_path)
    add_source(writer, Source(id="s", kind="rss", url="http://127.0.0.1:9/feed"))
    add_place(writer, "pokrovsk")
    store_items(writer, "s", _items("a", 50))
    reader = open_database(writer.path)
    for name, read in _reading_paths(reader).items():
        store_items(writer, "s", _items(name, 5))  # new frames a kept snapshot would pin
        with reader.reading() as conn:
            read()
            assert not conn.in_transaction, name
        assert _truncating_checkpoint(writer.path, wait=2)[0] == 0, name
        assert _wal_size(writer.path) == 0, name

    # Negative control: a reader that keeps its snapshot makes the same checkpoint fail.
    with reader.reading() as conn:
        conn.execute("BEGIN")
        conn.execute("SELECT count(*) FROM items").fetchone()
        store_items(writer, "s", _items("pinned", 5))
        assert _truncating_checkpoint(writer.path, wait=0.2)[0] == 1
        conn.execute("ROLLBACK")
    reader.close()
    writer.close()


def test_the_wal_stays_bounded_while_a_reader_keeps_reading(tmp_path: Path) -> None:
    """Many store batches beside a long-lived reader that reads all the time.

    Scaled bound: the writer checkpoints every 100 pages (400 KiB) instead of 4000 (16 MiB).
    After a checkpoint the WAL is rewritten from its start, so its file holds the step plus
    the transactions written while a checkpoint could not finish: here the largest single
    transactions (FTS segment merges) reach ~2 MiB, and a reader caught mid-read by a
    checkpoint delays the restart by a transaction or two; the worst seen was 3.1 MiB. The
    bound, 6 MiB, is twice that, against ~30 MiB written: a kept snapshot passes it within
    about eight batches (the negative control). With the real step the same reasoning gives
    16 MiB plus a few transactions: under 64 MiB.
    """
    writer = make_db(tmp_path)
    add_source(writer, Source(id="s", kind="rss", url="http://127.0.0.1:9/feed"))
    add_place(writer, "pokrovsk")
    conn = writer.conn()
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    real_step = conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
    assert real_step * page_size <= WAL_LIMIT // 4
    conn.execute(f"PRAGMA wal_autocheckpoint = {SCALED_AUTOCHECKPOINT}")
    bound = 6 * 1024 * 1024

    reader = open_database(writer.path)
    stop = threading.Event()
    reads = [0]

    def keep_reading() -> None:
        paths = list(_reading_paths(reader).values())
        while not stop.is_set():
            paths[reads[0] % len(paths)]()
            reads[0] += 1

    thread = threading.Thread(target=keep_reading, daemon=True)
    thread.start()
    largest = 0
    try:
        for batch in range(60):
            store_items(writer, "s", _items(f"b{batch}", 50, size=3000))
            largest = max(largest, _wal_size(writer.path))
    finally:
        stop.set()
        thread.join(timeout=10)
    assert reads[0] > 60  # the reader really read alongside the writes
    written = writer.conn().execute("PRAGMA page_count").fetchone()[0] * page_size
    assert written > 4 * bound  # enough was written that an unbounded WAL would show
    assert largest <= bound, f"WAL reached {largest} bytes"

    # Negative control: one kept snapshot and the same writes grow the WAL past the bound.
    with reader.reading() as held:
        held.execute("BEGIN")
        held.execute("SELECT count(*) FROM items").fetchone()
        for batch in range(30):
            store_items(writer, "s", _items(f"p{batch}", 50, size=3000))
            if _wal_size(writer.path) > bound:
                break
        assert _wal_size(writer.path) > bound
        held.execute("ROLLBACK")
    reader.close()
    writer.close()


async def test_the_tui_follow_loop_holds_no_snapshot(tmp_path: Path) -> None:
    db_path = tmp_path / "fw.db"
    db = open_database(db_path)
    seed(db)
    app = FrontwatchApp(options(db_path))
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot)
        stream = app.screen.stream
        before = stream.row_count
        # Another process's writes: the TUI follows them (data_version probe, then reads).
        for n in range(3):
            store_items(db, "ua-news", [item(f"live-{n}", f"Live {n}", "Pokrovsk")], now=NOW)
            await wait_for(pilot, lambda n=n: stream.row_count == before + n + 1)
        # While the app keeps probing and reading, a checkpoint still gets the whole WAL.
        busy, _, _ = _truncating_checkpoint(db_path, wait=5)
        assert busy == 0
        assert _wal_size(db_path) == 0
        for conn in list(app.db._all) + list(app.search_db._all):
            assert not conn.in_transaction
    db.close()
