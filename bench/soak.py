"""Soak: the poll daemon for N minutes on feeds that change every minute, with a follower reading.

    python bench/soak.py [--minutes 30] [--feeds 200] [--hosts 8] [--keep DIR]

200 loopback sources polled every minute; each minute every feed gains 2 entries and drops
its oldest beyond 30. Beside the daemon (`frontwatch poll`, a child process) run a follower
(re-reads the stream, watchlist and source health on every commit, as the TUI does) and a
probe (a short BEGIN IMMEDIATE write twice a second, timing its wait for the write lock).
Prints a line a minute, then: items stored, duplicates (same guid or canonical URL twice),
entries served but never stored, errors (fetch log, the daemon's stderr and log, the
follower, the probe), the longest write-lock wait, the largest WAL file and the daemon's
RSS at start (its first round done), minute 5 and the end.
Targets for 30 minutes: 0 duplicates, 0 errors, RSS growth after minute 5 <= 10 %.
"""

from __future__ import annotations

import argparse
import json
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.child import (  # noqa: E402
    ROOT,
    Sandbox,
    add_loopback_arguments,
    add_sources,
    group_members,
    kill_all,
    rss_kib,
    work_folder,
)
from bench.live_feeds import FeedShape, LiveFeeds, guid  # noqa: E402

SAMPLE_EVERY = 5.0
STEP_EVERY = 60.0
SHAPE = {"base": 10, "per_step": 2, "window": 30}
# The daemon's banner on stderr is not an error.
_BANNER = "polling; log:"


@dataclass
class Samples:
    """Figures taken while the soak runs, and at its end."""

    rss_start: int | None = None
    rss_min5: int | None = None
    rss_end: int | None = None
    rss_max: int = 0
    workers_rss_end: int = 0
    wal_max: int = 0
    last_step: int = 0
    daemon_exit: int | None = None
    stop_seconds: float = 0.0
    follow: dict[str, object] = field(default_factory=dict)
    probe: dict[str, object] = field(default_factory=dict)


def _mb(kib: int | None) -> str:
    return "?" if kib is None else f"{kib / 1024:.1f} MB"


def _peer(role: str, box: Sandbox) -> subprocess.Popen:
    with (box.folder / f"{role}.out").open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "bench.soak_peers", role, str(box.db)],
            cwd=ROOT,
            env=box.env(),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def _stop(process: subprocess.Popen) -> float:
    """SIGTERM, then SIGKILL after 30 s; returns how long it took to exit."""
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    return time.monotonic() - started


def _peer_report(box: Sandbox, role: str) -> dict[str, object]:
    text = (box.folder / f"{role}.out").read_text(encoding="utf-8", errors="replace").strip()
    try:
        return json.loads(text.splitlines()[-1])
    except (IndexError, ValueError):
        return {"errors": [f"no report: {text[-300:]}"]}


def _count(conn: sqlite3.Connection, sql: str, *params: object) -> int:
    return conn.execute(sql, params).fetchone()[0] or 0


def soak(minutes: float, feeds: int, hosts: int, folder: Path) -> bool:
    """Run the soak in `folder`; prints its figures and returns whether the targets held."""
    box = Sandbox(folder).prepare()
    shape = FeedShape(feeds=feeds, **SHAPE)
    samples = Samples()
    with LiveFeeds(shape, hosts=hosts) as server:
        add_sources(box.db, [server.url(n) for n in range(feeds)], interval=60)
        with (folder / "daemon.err").open("wb") as err:
            daemon = box.start("poll", stderr=err)
        peers = {role: _peer(role, box) for role in ("follow", "probe")}
        try:
            _sample(box, server, daemon, samples, time.monotonic() + minutes * 60)
        finally:
            workers = [pid for pid in group_members(daemon.pid) if pid != daemon.pid]
            samples.workers_rss_end = sum(rss_kib(pid) or 0 for pid in workers)
            samples.stop_seconds = _stop(daemon)
            samples.daemon_exit = daemon.returncode
            kill_all(group_members(daemon.pid))
            for process in peers.values():
                _stop(process)
            samples.follow = _peer_report(box, "follow")
            samples.probe = _peer_report(box, "probe")
            samples.last_step = server.step
    return _report(box, shape, samples, minutes)


def _sample(
    box: Sandbox, server: LiveFeeds, daemon: subprocess.Popen, samples: Samples, end: float
) -> None:
    """Every few seconds: RSS and WAL size; every minute: a new step and a progress line."""
    watch = sqlite3.connect(f"file:{box.db}?mode=ro", uri=True, isolation_level=None)
    watch.execute("PRAGMA busy_timeout = 10000")
    wal = Path(f"{box.db}-wal")
    started = time.monotonic()
    next_minute = started + STEP_EVERY
    try:
        while time.monotonic() < end:
            time.sleep(SAMPLE_EVERY)
            if daemon.poll() is not None:
                raise RuntimeError(f"the daemon ended with exit {daemon.returncode}")
            now = time.monotonic()
            rss = rss_kib(daemon.pid)
            samples.rss_max = max(samples.rss_max, rss or 0)
            wal_size = wal.stat().st_size if wal.exists() else 0
            samples.wal_max = max(samples.wal_max, wal_size)
            polled = _count(watch, "SELECT count(DISTINCT source_id) FROM fetch_log")
            if samples.rss_start is None and polled == server.shape.feeds:
                samples.rss_start = rss  # the first round is done
            if samples.rss_min5 is None and now - started >= 300:
                samples.rss_min5 = rss
            samples.rss_end = rss
            if now >= next_minute:
                next_minute += STEP_EVERY
                server.step += 1
                items = _count(watch, "SELECT count(*) FROM items")
                errors = _count(watch, "SELECT count(*) FROM fetch_log WHERE status = 'error'")
                print(
                    f"minute {round((now - started) / 60):>3}: items {items:,}; fetch errors "
                    f"{errors}; WAL {wal_size / 1e6:.1f} MB; daemon RSS {_mb(rss)}",
                    flush=True,
                )
    finally:
        watch.close()


def _error_lines(box: Sandbox) -> tuple[list[str], list[str]]:
    """The daemon's stderr lines (its banner aside) and the log's warnings and errors."""
    err = (box.folder / "daemon.err").read_text(encoding="utf-8", errors="replace")
    stderr = [line for line in err.splitlines() if line.strip() and not line.startswith(_BANNER)]
    logged = []
    if box.log.exists():
        text = box.log.read_text(encoding="utf-8", errors="replace")
        logged = [
            line
            for line in text.splitlines()
            if " WARNING " in line or " ERROR " in line or "Traceback" in line
        ]
    return stderr, logged


def _report(box: Sandbox, shape: FeedShape, samples: Samples, minutes: float) -> bool:
    conn = sqlite3.connect(box.db, isolation_level=None)
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        items = _count(conn, "SELECT count(*) FROM items")
        dup_guids = _count(
            conn,
            "SELECT count(*) FROM (SELECT 1 FROM items GROUP BY source_id, guid "
            "HAVING count(*) > 1)",
        )
        dup_urls = _count(
            conn, "SELECT count(canonical_url) - count(DISTINCT canonical_url) FROM items"
        )
        fetch_errors = conn.execute(
            "SELECT source_id, error FROM fetch_log WHERE status = 'error'"
        ).fetchall()
        stored = set(conn.execute("SELECT source_id, guid FROM items").fetchall())
    finally:
        conn.close()
    # Entries of every step but the last two had a whole poll interval to be fetched.
    served = {
        (f"s{n}", guid(n, index))
        for step in range(max(0, samples.last_step - 1))
        for n in range(shape.feeds)
        for index in shape.indexes(step)
    }
    missing = len(served - stored)
    stderr, logged = _error_lines(box)
    follow_errors = list(samples.follow.get("errors", []))  # type: ignore[arg-type]
    probe_errors = list(samples.probe.get("errors", []))  # type: ignore[arg-type]
    errors = len(fetch_errors) + len(stderr) + len(logged) + len(follow_errors) + len(probe_errors)
    growth = None
    if samples.rss_min5 and samples.rss_end:
        growth = (samples.rss_end - samples.rss_min5) / samples.rss_min5 * 100
    max_wait = float(samples.probe.get("max_wait", 0.0))  # type: ignore[arg-type]
    p99_wait = float(samples.probe.get("p99_wait", 0.0))  # type: ignore[arg-type]
    print(f"items stored: {items:,}; integrity_check: {integrity}")
    print(
        f"duplicates: {dup_guids} by guid, {dup_urls} by canonical URL; "
        f"served but not stored: {missing}"
    )
    print(
        f"errors: {errors} (fetch log {len(fetch_errors)}, daemon stderr {len(stderr)}, "
        f"log warnings/errors {len(logged)}, follower {len(follow_errors)}, probe "
        f"{len(probe_errors)})"
    )
    examples = [*map(str, fetch_errors), *stderr, *logged, *follow_errors, *probe_errors]
    for text in examples[:10]:
        print(f"  {text[:200]}")
    print(
        f"write lock: longest wait {max_wait * 1000:.0f} ms, p99 {p99_wait * 1000:.0f} ms over "
        f"{samples.probe.get('writes', 0)} probe writes"
    )
    slowest = float(samples.follow.get("slowest_refresh", 0.0))  # type: ignore[arg-type]
    print(
        f"follower: {samples.follow.get('refreshes', 0)} refreshes, slowest {slowest * 1000:.0f} ms"
    )
    print(f"WAL file: largest {samples.wal_max / 1e6:.1f} MB")
    print(
        f"daemon RSS: start {_mb(samples.rss_start)}, minute 5 {_mb(samples.rss_min5)}, end "
        f"{_mb(samples.rss_end)} (max {_mb(samples.rss_max)}); growth after minute 5: "
        + ("n/a" if growth is None else f"{growth:+.1f} %")
        + f"; tagging workers at the end: {_mb(samples.workers_rss_end)}"
    )
    print(f"daemon stop: exit {samples.daemon_exit} {samples.stop_seconds:.1f} s after SIGTERM")
    ok = (
        integrity == "ok"
        and dup_guids == dup_urls == missing == errors == 0
        and samples.daemon_exit == 0
        and (growth is None or minutes <= 5 or growth <= 10)
    )
    print("PASS" if ok else "FAIL")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=30)
    add_loopback_arguments(parser)
    args = parser.parse_args()
    print(
        f"soak: {args.minutes:g} minutes; {args.feeds} loopback sources on {args.hosts} hosts, "
        f"polled every minute; each feed gains {SHAPE['per_step']} entries a minute (window "
        f"{SHAPE['window']}); daemon, follower and write-lock probe in their own processes; "
        "extraction off"
    )
    with work_folder(args.keep, "frontwatch-soak-") as where:
        ok = soak(args.minutes, args.feeds, args.hosts, where)
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
