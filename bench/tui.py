"""TUI bench: run the app headless on a big database; time first paint, refresh and search.

Run from the repository root:
`python bench/tui.py --items 100000 [--db PATH] [--keep] [--rounds N]`.

The database is built (if needed) in a child process, so the peak RSS printed at the end
is the TUI's alone.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

if __package__ in (None, ""):
    # Run as a script: the repository root must be importable before our own imports.
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import END, CorpusParams, batches, seed_database  # noqa: E402
from bench.verdict import verdict  # noqa: E402
from storage import Database, open_database  # noqa: E402
from storage.items import store_items  # noqa: E402
from storage.stream import max_item_id  # noqa: E402
from storage.types import NewItem  # noqa: E402
from storage.watch import add_place, list_rules, watch_stats  # noqa: E402
from tagging.types import PlaceTag, TagResult, ThemeTag  # noqa: E402
from tui.app import FrontwatchApp  # noqa: E402
from tui.follow import PROBE_INTERVAL  # noqa: E402
from tui.options import TuiOptions  # noqa: E402
from tui.screens.main import SEARCH_DEBOUNCE  # noqa: E402

TARGET_FIRST_PAINT_MS = 1500.0
TARGET_REFRESH_MS = 100.0
TARGET_SEARCH_MS = 150.0
TARGET_RSS_MB = 300.0
WATCHED = ("pokrovsk", "myrnohrad", "rodynske", "hryshyne", "kramatorsk")
QUERIES = ("pokrovsk", "drone", "place:myrnohrad", "обстріл", "атака since:7d")
NOW = END + timedelta(minutes=1)
POLL = 0.002  # seconds between checks while waiting for the screen


def build(path: Path, items: int, seed: int) -> None:
    """Fill a database with the synthetic corpus and watch the front-line places."""
    params = CorpusParams(items=items, seed=seed)
    db = open_database(path)
    seed_database(db, params)
    for number, batch in enumerate(batches(params), start=1):
        store_items(db, batch.source_id, batch.items, now=batch.fetched_at)
        if number % 500 == 0:
            print(f"  … {number * params.batch:,} items stored", file=sys.stderr, flush=True)
    for place_id in WATCHED:
        add_place(db, place_id)
    db.close()


def _new_items(round_number: int, count: int = 100) -> list[NewItem]:
    run = time.time_ns()  # new guids on every run, also on a reused database
    tags = TagResult("en", (PlaceTag("pokrovsk", 1),), (ThemeTag("drones", 0.8),), "bench")
    return [
        NewItem(
            guid=f"bench-live-{run}-{n}",
            title=f"Live item {round_number}/{n}: drones near Pokrovsk",
            summary="Drones were seen near Pokrovsk again this morning.",
            published_at=NOW,
            tags=tags,
        )
        for n in range(count)
    ]


async def _until(condition: Callable[[], object], limit: float = 30.0) -> float:
    """Seconds until `condition()` holds, checking every couple of milliseconds.

    A plain sleep, not pilot.pause(): that waits for every widget to go idle and would
    add its own delay to what is measured.
    """
    start = time.perf_counter()
    while not condition():
        if time.perf_counter() - start > limit:
            raise TimeoutError("the screen did not get there in time")
        await asyncio.sleep(POLL)
    return time.perf_counter() - start


def _ms(samples: list[float]) -> str:
    values = sorted(s * 1000 for s in samples)
    return f"median {statistics.median(values):.0f} ms, max {values[-1]:.0f} ms (n={len(values)})"


def _verdict(label: str, value: float, target: float, unit: str) -> None:
    verdict(f"{label}: {value:.0f} {unit}", value <= target, f"<= {target:.0f}")


async def measure(path: Path, rounds: int) -> None:
    """Start the app on the database and time what the user waits for."""
    writer = Database(path)  # another connection, as the poller process would be
    options = TuiOptions(
        db_path=path,
        poll_argv=None,
        zone=ZoneInfo("Europe/Kyiv"),
        zone_name="Europe/Kyiv",
        now=lambda: NOW,
    )
    started = time.perf_counter()
    app = FrontwatchApp(options)
    async with app.run_test(size=(160, 48)) as pilot:
        await _until(lambda: app.screen.query("Stream"))
        screen = app.screen
        stream, watchlist = screen.stream, screen.watchlist
        await _until(lambda: stream.row_count > 0)
        first_paint = time.perf_counter() - started  # the next frame (<= 1/60 s) draws them
        await _until(lambda: watchlist.row_count == len(list_rules(writer)))
        print(f"first paint (app start to stream rows shown): {first_paint * 1000:.0f} ms")

        changed_at: list[float] = []
        app.data_changed.subscribe(screen, lambda _: changed_at.append(time.perf_counter()))
        end_to_end, stream_refresh, refresh = [], [], []
        pokrovsk = next(k for k in watchlist.keys if watchlist.stats(k).rule.place_id == WATCHED[0])
        for number in range(rounds):
            await pilot.pause(0.3)  # let the previous round's follow-ups finish
            # Mentions, not unread: the unread count stops at its cap on a big database.
            before = next(s.mentions_24h for s in watch_stats(writer, NOW) if s.rule.id == pokrovsk)
            changed_at.clear()
            # From another thread, as the poller's process would: the UI loop keeps running.
            await asyncio.to_thread(store_items, writer, "ua-wire", _new_items(number), now=NOW)
            stored = time.perf_counter()
            newest = max_item_id(writer)
            await _until(lambda n=newest: stream.keys[0] == n)
            rows_shown = time.perf_counter()
            await _until(lambda n=before + 100: watchlist.stats(pokrovsk).mentions_24h == n)
            done = time.perf_counter()
            end_to_end.append(done - stored)
            stream_refresh.append(rows_shown - changed_at[0])
            refresh.append(done - changed_at[0])
        print(f"100 new items, commit to stream+watchlist shown: {_ms(end_to_end)}")
        print(
            f"  (the change is noticed within the {PROBE_INTERVAL * 1000:.0f} ms"
            " data_version probe interval)"
        )
        print(f"  change noticed to new stream rows shown: {_ms(stream_refresh)}")
        print(f"  change noticed to stream+watchlist shown: {_ms(refresh)}")

        loads: list[float] = []
        original_load = stream.load

        def timed_load(query: str) -> None:
            loads.append(time.perf_counter())
            original_load(query)

        stream.load = timed_load  # type: ignore[method-assign]
        await pilot.press("slash")
        typing, running = [], []
        for query in QUERIES * max(1, rounds // len(QUERIES)):
            screen.search_bar.set_query(query[:-1])
            screen.search_bar.input.action_end()
            loads.clear()
            keystroke = time.perf_counter()
            screen.search_bar.input.insert_text_at_cursor(query[-1])
            await _until(lambda q=query: stream.query_text == q and stream.loaded)
            shown = time.perf_counter()
            typing.append(shown - keystroke)
            running.append(shown - loads[-1])
        print(f"search as you type, keystroke to results shown: {_ms(typing)}")
        print(f"  of which the query ran and rows were drawn: {_ms(running)}")
        print(
            f"  (the rest is the {SEARCH_DEBOUNCE * 1000:.0f} ms debounce that waits for the"
            " next keystroke)"
        )
        await pilot.press("q")
    writer.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of the TUI process: {peak_mb:.0f} MB")
    _verdict("first paint", first_paint * 1000, TARGET_FIRST_PAINT_MS, "ms")
    # The targets are judged end to end, as a user sees them: from the commit (probe
    # interval included) and from the keystroke (debounce included).
    _verdict(
        "stream+watchlist refresh, commit to shown (median)",
        statistics.median(end_to_end) * 1000,
        TARGET_REFRESH_MS,
        "ms",
    )
    _verdict(
        "search, keystroke to results (median)",
        statistics.median(typing) * 1000,
        TARGET_SEARCH_MS,
        "ms",
    )
    _verdict("peak RSS", peak_mb, TARGET_RSS_MB, "MB")


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, build or reuse the database (in a child process), measure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1_000_000, help="items in the corpus")
    parser.add_argument("--db", type=Path, help="database file (reused if it holds items)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary database")
    parser.add_argument("--rounds", type=int, default=10, help="timed refreshes and searches")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--build-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.items < 1 or args.rounds < 1:
        parser.error("--items and --rounds must be positive")
    if args.build_only:
        build(args.db, args.items, args.seed)
        return 0
    folder = None if args.db else Path(tempfile.mkdtemp(prefix="fw-bench-tui-"))
    path: Path = args.db if folder is None else folder / "bench.db"
    try:
        if not path.exists() or not _has_items(path):
            print("\n".join(CorpusParams(items=args.items, seed=args.seed).describe()))
            command = [sys.executable, __file__, "--build-only", "--db", str(path)]
            command += ["--items", str(args.items), "--seed", str(args.seed)]
            subprocess.run(command, check=True)
        else:
            print(f"reusing {path}")
        asyncio.run(measure(path, args.rounds))
    finally:
        if folder is not None and not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
        elif folder is not None:
            print(f"kept {path}")
    return 0


def _has_items(path: Path) -> bool:
    db = open_database(path)
    try:
        return max_item_id(db) > 0
    finally:
        db.close()


if __name__ == "__main__":
    raise SystemExit(main())
