"""Retag bench: MB/s of stored text re-tagged by the real tagger on every core.

Stores the shared synthetic corpus untagged, loads the packaged gazetteer, then runs the
`frontwatch retag` code path three times: the first writes every item's tags (the worst
case); the second follows a config change (a user theme whose cue words some items hold),
the retag a user actually runs; the third finds nothing changed (pure tagging throughput).
Prints the corpus parameters and the three figures; the target applies to the second.

    python bench/retag.py [--items 40000] [--workers N]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script: the repository root must be importable before our own imports.
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import CorpusParams, batches, seed_database  # noqa: E402
from frontwatch.config import load_settings  # noqa: E402
from frontwatch.places_sync import ensure_places  # noqa: E402
from frontwatch.retag import RetagSummary, retag  # noqa: E402
from frontwatch.wiring import build_cpu_pool  # noqa: E402
from storage import Database, open_database  # noqa: E402
from storage.items import store_items  # noqa: E402

TARGET_MB_S = 10.0
# The config change of the second run: one user theme, cue words of middling frequency.
USER_THEME = '[tagging.themes]\nbench_extra = ["geolocated", "геолокація", "геолокация"]\n'


def fill(db: Database, params: CorpusParams) -> None:
    """Store the corpus without tags, so the first retag has everything to write."""
    seed_database(db, params)
    for batch in batches(params):
        items = [dataclasses.replace(item, tags=None) for item in batch.items]
        store_items(db, batch.source_id, items, now=batch.fetched_at)


def _line(label: str, summary: RetagSummary) -> None:
    print(
        f"  {label}: {summary.items:,} items, {summary.megabytes:.1f} MB in "
        f"{summary.seconds:.1f} s = {summary.rate:.1f} MB/s "
        f"({summary.items / summary.seconds:,.0f} items/s); tags changed on {summary.changed:,}"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the bench and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=40_000, help="items in the corpus")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    params = CorpusParams(items=args.items, seed=args.seed)
    for line in params.describe():
        print(line)
    with tempfile.TemporaryDirectory() as tmp:
        plain = load_settings(Path(tmp) / "none.toml", env={})
        changed_config = Path(tmp) / "config.toml"
        changed_config.write_text(USER_THEME, encoding="utf-8")
        db = open_database(Path(tmp) / "retag.db")
        started = time.perf_counter()
        fill(db, params)
        ensure_places(db, plain)
        print(f"stored untagged in {time.perf_counter() - started:.1f} s (not counted)")
        print(f"retag with {args.workers} worker processes on {os.cpu_count()} cores:")
        with build_cpu_pool(plain, args.workers) as cpu:
            first = retag(db, cpu, workers=args.workers)
        with build_cpu_pool(load_settings(changed_config, env={}), args.workers) as cpu:
            second = retag(db, cpu, workers=args.workers)
            third = retag(db, cpu, workers=args.workers)
        db.close()
    _line("untagged -> tagged (every item written)", first)
    _line("after adding a user theme", second)
    _line("nothing changed", third)
    ok = second.rate >= TARGET_MB_S
    verdict = "PASS" if ok else "MISS"
    print(f"  {verdict}  retag after a config change (target >= {TARGET_MB_S:.0f} MB/s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
