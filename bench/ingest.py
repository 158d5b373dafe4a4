"""Ingest speed: new items/s end to end, 500 sources answering 304, CPU per unchanged feed.

    python bench/ingest.py [--feeds 200] [--items 50] [--not-modified 500] [--unchanged 200]

Serves synthetic feeds on loopback from a separate process (so its CPU is not counted) and
runs poll rounds in this process with the real tagger and a real database.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import feed_server  # noqa: E402
from ingest.cpu import CpuPool  # noqa: E402
from ingest.fetch import Fetcher  # noqa: E402
from ingest.monitor import Monitor, use_poll_threads  # noqa: E402
from ingest.poll_source import PollSettings  # noqa: E402
from storage import open_database  # noqa: E402
from storage.sources import add_source, poll_now  # noqa: E402
from storage.types import Source  # noqa: E402


def _db(folder: Path, name: str, urls: list[str]):  # noqa: ANN202
    from frontwatch.config import load_settings
    from frontwatch.places_sync import ensure_places

    db = open_database(folder / f"{name}.db")
    ensure_places(db, load_settings(folder / "none.toml"))
    for i, url in enumerate(urls):
        add_source(db, Source(id=f"s{i}", kind="rss", url=url, interval=600))
    return db


async def _round(db, pool: CpuPool) -> tuple[float, float, object]:  # noqa: ANN001
    use_poll_threads()  # as `frontwatch poll` runs
    poll_now(db)
    async with Fetcher("bench") as fetcher:
        monitor = Monitor(
            db, fetcher, pool, settings=PollSettings(jitter=0.0, extract_enabled=False)
        )
        wall, cpu = time.perf_counter(), time.process_time()
        summary = await monitor.run_round()
        return time.perf_counter() - wall, time.process_time() - cpu, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--not-modified", type=int, default=500)
    parser.add_argument("--unchanged", type=int, default=200)
    args = parser.parse_args()
    feeds = max(args.feeds, args.not_modified, args.unchanged)
    process, hosts = feed_server.start(feeds, args.items)
    pool = CpuPool(os.cpu_count() or 2)
    # Workers load the tagger once per poller's life; start them before the clock runs.
    asyncio.run(pool.tag([("warm up", "Pokrovsk")] * 8))
    print(
        f"feeds served: {feeds} x {args.items} items on {len(hosts)} loopback hosts; "
        "poll concurrency 16 overall, 2 per host; real tagger in a worker per core, "
        "extraction off"
    )
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            urls = [f"{hosts[i % len(hosts)]}/f/{i}.xml" for i in range(args.feeds)]
            db = _db(folder, "new", urls)
            wall, cpu, summary = asyncio.run(_round(db, pool))
            rate = summary.new_items / wall
            print(
                f"new items: {summary.new_items} in {wall:.2f} s = {rate:,.0f} items/s "
                f"(CPU {cpu:.2f} s) {'PASS' if rate >= 1000 else 'MISS'} (target >= 1,000/s)"
            )

            urls = [f"{hosts[i % len(hosts)]}/f/{i}.xml" for i in range(args.not_modified)]
            db = _db(folder, "etag", urls)
            asyncio.run(_round(db, pool))
            wall, cpu, summary = asyncio.run(_round(db, pool))
            print(
                f"{summary.not_modified} of {summary.polled} sources answered 304 in "
                f"{wall:.2f} s {'PASS' if wall <= 5 else 'MISS'} (target <= 5 s)"
            )

            urls = [f"{hosts[i % len(hosts)]}/n/{i}.xml" for i in range(args.unchanged)]
            db = _db(folder, "same", urls)
            asyncio.run(_round(db, pool))
            wall, cpu, summary = asyncio.run(_round(db, pool))
            per_feed = cpu / summary.polled * 1000
            print(
                f"unchanged 200 feeds of {args.items} items: {summary.polled} in {wall:.2f} s, "
                f"CPU {per_feed:.1f} ms per feed (fetch, hash, bookkeeping) "
                f"{'PASS' if per_feed <= 10 else 'MISS'} (target <= 10 ms)"
            )
    finally:
        pool.close()
        process.terminate()


if __name__ == "__main__":
    main()
