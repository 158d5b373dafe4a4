"""Search bench: build a synthetic database through store_items, then time searches.

Run from the repository root: `python bench/search.py --items 100000 [--db PATH] [--keep]`.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script: the repository root must be importable before our own imports.
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import (  # noqa: E402
    END,
    CorpusParams,
    batches,
    make_places,
    rare_place,
    seed_database,
)
from bench.verdict import verdict  # noqa: E402
from storage import Database, open_database  # noqa: E402
from storage.items import store_items  # noqa: E402
from storage.search import search  # noqa: E402
from storage.stats import database_stats  # noqa: E402
from storage.stream import max_item_id  # noqa: E402
from storage.watch import add_place, watch_stats  # noqa: E402

TARGET_NEWEST_MS = 50.0
TARGET_RANKED_MS = 250.0
TARGET_WATCH_MS = 20.0
TARGET_INSERT_PER_S = 1_500.0
TARGET_ITEMS = 1_000_000
WATCHED = ("pokrovsk", "myrnohrad", "rodynske", "hryshyne", "kramatorsk")


@dataclass(frozen=True, slots=True)
class Timing:
    """Repeated timings of one operation, in milliseconds."""

    label: str
    samples: tuple[float, ...]
    hits: int

    @property
    def p50(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        return statistics.quantiles(self.samples, n=20, method="inclusive")[18]


def _measure(label: str, run: Callable[[], int], repeat: int) -> Timing:
    run()  # warm the caches once, as a monitor open all day has them warm
    samples = []
    hits = 0
    for _ in range(repeat):
        start = time.perf_counter()
        hits = run()
        samples.append((time.perf_counter() - start) * 1000)
    return Timing(label, tuple(samples), hits)


def build(db: Database, params: CorpusParams) -> None:
    """Fill the database poll by poll and print insert throughput and corpus figures."""
    seed_database(db, params)
    store_seconds = generate_seconds = 0.0
    tail_items, tail_seconds = 0, 0.0  # the last tenth: how fast once the DB is big
    words = places = stored = pokrovsk = 0
    progress_step = max(1, params.items // 10)
    next_progress = progress_step
    started = time.perf_counter()
    for batch in batches(params):
        generate_seconds += time.perf_counter() - started
        begin = time.perf_counter()
        store_items(db, batch.source_id, batch.items, now=batch.fetched_at)
        elapsed = time.perf_counter() - begin
        store_seconds += elapsed
        stored += len(batch.items)
        if stored > params.items * 0.9:
            tail_items += len(batch.items)
            tail_seconds += elapsed
        for item in batch.items:
            words += len((item.content or item.summary).split())
            assert item.tags is not None
            places += len(item.tags.places)
            pokrovsk += any(p.place_id == "pokrovsk" for p in item.tags.places)
        if stored >= next_progress:
            print(f"  … {stored:,} items stored", file=sys.stderr, flush=True)
            next_progress += progress_step
        started = time.perf_counter()
    if db.checkpointer is not None:
        # The pages still to copy into the file are part of storing: count the wait.
        begin = time.perf_counter()
        db.checkpointer.wait()
        store_seconds += time.perf_counter() - begin
    print(
        f"measured corpus: {words / stored:.0f} body words/item, {places / stored:.2f} places/item,"
        f" pokrovsk in {pokrovsk / stored:.0%} of items"
    )
    rate = stored / store_seconds
    print(
        f"insert: {stored:,} items in {store_seconds:.1f} s = {rate:,.0f} items/s with FTS and tags"
        f" (last 10%: {tail_items / tail_seconds:,.0f} items/s; generating took "
        f"{generate_seconds:.1f} s, not counted)"
    )
    verdict("insert", rate >= TARGET_INSERT_PER_S, f">= {TARGET_INSERT_PER_S:,.0f} items/s")


def _report(title: str, timings: list[Timing], target_ms: float) -> None:
    print(f"\n{title} (p95 target {target_ms:.0f} ms)")
    print(f"  {'':4}  {'query':44} {'p50 ms':>8} {'p95 ms':>8} {'hits':>5}")
    for t in timings:
        mark = "PASS" if t.p95 <= target_ms else "MISS"
        print(f"  {mark}  {t.label:44} {t.p50:8.1f} {t.p95:8.1f} {t.hits:5d}")


def run_queries(db: Database, params: CorpusParams, repeat: int) -> None:
    """Time the query mix newest first and ranked, and the watchlist aggregation."""
    places = make_places(params.place_count, params.seed)
    rare = rare_place(places)
    words = ["атаки", "обстріли дрони", '"лінія фронту"', "обс*"]
    with_filters = ["атаки place:pokrovsk since:7d", "атаки theme:withdrawal since:7d"]
    other_form = [places[0].cyrillic]  # Покровськ: text or the pokrovsk tag
    # A common theme, and one on about 1 item in 40 (see THEME_WEIGHTS) with a rare place.
    themes = ["theme:drones", f"theme:withdrawal place:{rare.id}"]
    newest = words + with_filters + [f"place:{rare.id} since:7d"] + other_form + themes
    ranked = words + with_filters + other_form + ["атаки theme:drones"]

    def timed(query: str, sort: str) -> Timing:
        def run() -> int:
            return len(search(db, query, now=END, sort=sort).hits)

        return _measure(query, run, repeat)

    _report("newest first", [timed(q, "newest") for q in newest], TARGET_NEWEST_MS)
    _report("ranked (sort=rank)", [timed(q, "rank") for q in ranked], TARGET_RANKED_MS)

    watched = [*WATCHED, rare.id, places[100].id]
    for place_id in watched:
        add_place(db, place_id)
    watch = _measure(
        f"watch_stats, {len(watched)} places", lambda: len(watch_stats(db, now=END)), repeat
    )
    _report("watchlist aggregation", [watch], TARGET_WATCH_MS)


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, build or reuse the database, run the timings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000, help="items in the corpus")
    parser.add_argument("--db", type=Path, help="database file (reused if it holds items)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary database")
    parser.add_argument("--repeat", type=int, default=30, help="timed runs per query (>= 30)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.items < 1 or args.repeat < 2:
        parser.error("--items must be positive and --repeat at least 2")
    params = CorpusParams(items=args.items, seed=args.seed)
    print("\n".join(params.describe()))
    if args.items != TARGET_ITEMS:
        print(f"(targets are set for {TARGET_ITEMS:,} items; this run has {args.items:,})")

    folder = None if args.db else Path(tempfile.mkdtemp(prefix="fw-bench-"))
    path: Path = args.db if folder is None else folder / "bench.db"
    try:
        # As the poller stores: the WAL copied into the file on a thread of its own.
        db = open_database(path, background_checkpoints=True)
        existing = max_item_id(db)
        if existing:
            print(f"reusing {path} ({existing:,} items); corpus parameters above are assumed")
        else:
            build(db, params)
        db.close()
        db = open_database(path)  # fresh connection: no page cache from the build
        print(f"database: {database_stats(db).db_bytes / 2**20:,.0f} MiB at {path}")
        run_queries(db, params, args.repeat)
        db.close()
    finally:
        if folder is not None and not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
        elif folder is not None:
            print(f"kept {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
