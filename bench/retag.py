"""Retag bench: MB/s of stored text re-tagged by the real tagger on every core.

Stores the shared synthetic corpus untagged, loads the packaged gazetteer, then runs the
`frontwatch retag` code path: first to write every item's tags (the worst case); then after
the config changes a user makes (a theme whose cue words some items hold, which re-scores
themes alone; a place spelling, which re-tags in full); then with nothing changed (every
item current, skipped); then forced (the whole tagger over every item, nothing to write).
Prints the corpus parameters and the figures; the target applies to both config changes.

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
from bench.verdict import verdict  # noqa: E402
from frontwatch.config import Settings, load_settings  # noqa: E402
from frontwatch.places_sync import ensure_places  # noqa: E402
from frontwatch.retag import RetagSummary, retag  # noqa: E402
from frontwatch.wiring import build_cpu_pool  # noqa: E402
from storage import Database, open_database  # noqa: E402
from storage.items import store_items  # noqa: E402

TARGET_MB_S = 10.0
# The config changes: one user theme, cue words of middling frequency; then a place spelling.
USER_THEME = '[tagging.themes]\nbench_extra = ["geolocated", "геолокація", "геолокация"]\n'
USER_PLACE = '[tagging.places]\npokrovsk = ["Покровськ-Донецький"]\n'


def fill(db: Database, params: CorpusParams) -> None:
    """Store the corpus without tags, so the first retag has everything to write."""
    seed_database(db, params)
    for batch in batches(params):
        items = [dataclasses.replace(item, tags=None) for item in batch.items]
        store_items(db, batch.source_id, items, now=batch.fetched_at)


def _line(label: str, summary: RetagSummary) -> None:
    halves = [f"{count:,} for {half} only" for count, half in summary.halves()]
    how = f" ({', '.join(halves)})" if halves else ""
    print(
        f"  {label}: {summary.tagged:,} of {summary.items:,} items tagged{how}, "
        f"{summary.megabytes:.1f} MB in {summary.seconds:.1f} s = {summary.rate:.1f} MB/s "
        f"({summary.items / summary.seconds:,.0f} items/s); tags changed on {summary.changed:,}"
    )


def _verdict(label: str, summary: RetagSummary) -> None:
    ok = summary.rate >= TARGET_MB_S
    verdict(f"{label}: {summary.rate:.1f} MB/s", ok, f">= {TARGET_MB_S:.0f} MB/s")


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
        themed = _settings(Path(tmp) / "themed.toml", USER_THEME)
        spelled = _settings(Path(tmp) / "spelled.toml", USER_THEME + USER_PLACE)
        db = open_database(Path(tmp) / "retag.db")
        started = time.perf_counter()
        fill(db, params)
        ensure_places(db, plain)
        print(f"stored untagged in {time.perf_counter() - started:.1f} s (not counted)")
        print(f"retag with {args.workers} worker processes on {os.cpu_count()} cores:")
        runs = {}
        for label, settings, force in (
            ("untagged -> tagged (every item written)", plain, False),
            ("after adding a user theme", themed, False),
            ("after adding a place spelling", spelled, False),
            ("nothing changed", spelled, False),
            ("forced, nothing to write (the whole tagger)", spelled, True),
        ):
            with build_cpu_pool(settings, args.workers) as cpu:
                runs[label] = retag(db, cpu, workers=args.workers, force=force)
        db.close()
    for label, summary in runs.items():
        _line(label, summary)
    _verdict("retag after a theme change", runs["after adding a user theme"])
    _verdict("retag after a place change", runs["after adding a place spelling"])
    return 0


def _settings(path: Path, text: str) -> Settings:
    path.write_text(text, encoding="utf-8")
    return load_settings(path, env={})


if __name__ == "__main__":
    raise SystemExit(main())
