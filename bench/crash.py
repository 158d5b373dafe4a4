"""Crash safety: `frontwatch poll --once` killed with SIGKILL at random moments, then checked.

    python bench/crash.py [--feeds 200] [--kills 20] [--seed 1] [--hosts 8]

Serves growing feeds on loopback (every run adds entries, so every run stores items) and
runs `poll --once` in a child process again and again. Each run but the last is killed with
SIGKILL once the child reaches a random point of its own progress, read from the database:
the lease taken, the k-th source's poll logged, or the k-th new item stored. The last run
completes. Then: `PRAGMA integrity_check` and the FTS index's own check pass, no item is
stored twice, every entry served is stored, each source a kill interrupted was polled
again, no worker process outlived its killed parent, and the lease was released.
"""

from __future__ import annotations

import argparse
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.child import (  # noqa: E402
    Sandbox,
    add_loopback_arguments,
    add_sources,
    group_members,
    kill_all,
    left_running,
    work_folder,
)
from bench.live_feeds import FeedShape, LiveFeeds  # noqa: E402

# A killed child's workers notice their parent is gone within about a second.
ORPHAN_GRACE = 5.0
RUN_TIMEOUT = 300.0
MOMENTS = ("lease", "fetch", "items")


@dataclass
class Kill:
    """One SIGKILL: when it landed and which sources had not finished their poll."""

    moment: str
    log_id: int  # the last fetch_log row at the kill
    interrupted: frozenset[str]


@dataclass
class CrashReport:
    """What the harness saw; `ok` says whether it all held."""

    feeds: int
    kills_wanted: int
    seed: int
    kills: list[Kill] = field(default_factory=list)
    finished_early: int = 0
    failed_runs: list[str] = field(default_factory=list)
    orphans: int = 0
    final_exit: int | None = None
    final_line: str = ""
    integrity: str = ""
    fts_integrity: str = ""
    foreign_keys: int = 0
    served: int = 0
    stored: int = 0
    missing: int = 0
    unexpected: int = 0
    duplicate_guids: int = 0
    duplicate_urls: int = 0
    fts_rows: int = 0
    interrupted: int = 0
    polled_again: int = 0
    lease_rows: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """Every check passed."""
        return (
            len(self.kills) == self.kills_wanted
            and not self.failed_runs
            and self.orphans == 0
            and self.final_exit == 0
            and self.integrity == "ok"
            and self.fts_integrity == "ok"
            and self.foreign_keys == 0
            and self.missing == 0
            and self.unexpected == 0
            and self.duplicate_guids == 0
            and self.duplicate_urls == 0
            and self.fts_rows == self.stored
            and self.polled_again == self.interrupted
            and self.lease_rows == 0
        )

    def lines(self) -> list[str]:
        """The figures, one per line, ending with PASS or FAIL."""
        moments = ", ".join(
            f"{name} {sum(k.moment == name for k in self.kills)}" for name in MOMENTS
        )
        lines = [
            f"kills: {len(self.kills)} of {self.kills_wanted} ({moments}); runs that finished "
            f"before their kill: {self.finished_early}; runs that failed: {len(self.failed_runs)}",
            *(f"  failed run: {text}" for text in self.failed_runs),
            f"final run: exit {self.final_exit}: {self.final_line}",
            f"integrity_check: {self.integrity}; FTS integrity-check: {self.fts_integrity}; "
            f"foreign key violations: {self.foreign_keys}",
            f"entries served: {self.served:,}; items stored: {self.stored:,}; missing: "
            f"{self.missing}; not served: {self.unexpected}; FTS rows: {self.fts_rows:,}",
            f"stored twice: {self.duplicate_guids} by guid, {self.duplicate_urls} by canonical URL",
            f"sources interrupted by a kill: {self.interrupted:,}; polled again after it: "
            f"{self.polled_again:,}",
            f"worker processes left running after a kill: {self.orphans}",
            f"lease rows left: {self.lease_rows}",
            f"time: {self.seconds:.1f} s",
            "PASS" if self.ok else "FAIL",
        ]
        return lines


class _Watch:
    """Read-only probes of the child's progress (each query its own short read)."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
        self.conn.execute("PRAGMA busy_timeout = 10000")

    def one(self, sql: str, *params: object) -> int:
        return self.conn.execute(sql, params).fetchone()[0] or 0

    def close(self) -> None:
        self.conn.close()


def _until(condition: Callable[[], bool], process: subprocess.Popen, deadline: float) -> bool:
    """Poll `condition` until it holds (True) or the child exits (False)."""
    while time.monotonic() < deadline:
        if condition():
            return True
        if process.poll() is not None:
            return False
        time.sleep(0.003)
    raise TimeoutError("the child neither reached its kill moment nor ended")


def _first_line(text: str) -> str:
    return next((line for line in text.splitlines() if line.strip()), "(nothing)")


def run(
    *,
    feeds: int = 200,
    kills: int = 20,
    seed: int = 1,
    hosts: int = 8,
    base: int = 10,
    per_step: int = 2,
    folder: Path | None = None,
) -> CrashReport:
    """Run the harness and return what it saw."""
    started = time.monotonic()
    rng = random.Random(seed)
    report = CrashReport(feeds=feeds, kills_wanted=kills, seed=seed)
    with work_folder(folder, "frontwatch-crash-") as where:
        box = Sandbox(where).prepare()
        shape = FeedShape(feeds=feeds, base=base, per_step=per_step)
        with LiveFeeds(shape, hosts=hosts) as server:
            ids = add_sources(box.db, [server.url(n) for n in range(feeds)])
            watch = _Watch(box.db)
            try:
                runs = 0
                while len(report.kills) < kills and runs < 3 * kills:
                    server.step = runs
                    runs += 1
                    _killed_run(
                        box, watch, rng, report, ids, feeds * (base if runs == 1 else per_step)
                    )
                server.step = runs
                final = box.run("poll", "--once", timeout=RUN_TIMEOUT)
                report.final_exit = final.returncode
                report.final_line = _first_line(
                    final.stdout if final.returncode == 0 else final.stderr
                )
                _check(box.db, server, report, ids)
            finally:
                watch.close()
    report.seconds = time.monotonic() - started
    return report


def _moment(
    name: str, watch: _Watch, pid: int, log_target: int, item_target: int
) -> Callable[[], bool]:
    """The condition that marks the kill moment `name` of the child `pid`."""
    if name == "lease":
        return lambda: watch.one("SELECT count(*) FROM lease WHERE pid = ?", pid) > 0
    if name == "fetch":
        return lambda: watch.one("SELECT max(id) FROM fetch_log") >= log_target
    return lambda: watch.one("SELECT max(id) FROM items") >= item_target


def _killed_run(
    box: Sandbox, watch: _Watch, rng: random.Random, report: CrashReport, ids: list[str], new: int
) -> None:
    log_before = watch.one("SELECT max(id) FROM fetch_log")
    item_before = watch.one("SELECT max(id) FROM items")
    moment = rng.choice(MOMENTS)
    # A file, not a pipe: workers outliving a killed child would hold a pipe open forever.
    err_path = box.folder / "child.err"
    with err_path.open("w+b") as err:
        child = box.start("poll", "--once", stderr=err)
        condition = _moment(
            moment,
            watch,
            child.pid,
            log_before + rng.randrange(1, len(ids)),
            item_before + rng.randrange(1, max(2, new)),
        )
        reached = _until(condition, child, time.monotonic() + RUN_TIMEOUT)
        if reached:
            child.send_signal(signal.SIGKILL)
        child.wait(timeout=RUN_TIMEOUT)
    # The child leads its own process group: its workers are the group's other members.
    left = left_running(group_members(child.pid), ORPHAN_GRACE)
    report.orphans += len(left)
    kill_all(left)
    if not reached:
        if child.returncode == 0:
            report.finished_early += 1
        else:
            text = err_path.read_text(encoding="utf-8", errors="replace")
            report.failed_runs.append(f"exit {child.returncode}: {_first_line(text)}")
        return
    done = {
        row[0]
        for row in watch.conn.execute(
            "SELECT DISTINCT source_id FROM fetch_log WHERE id > ?", (log_before,)
        )
    }
    report.kills.append(
        Kill(moment, watch.one("SELECT max(id) FROM fetch_log"), frozenset(set(ids) - done))
    )


def _check(path: Path, server: LiveFeeds, report: CrashReport, ids: list[str]) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        report.integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        try:
            conn.execute("INSERT INTO items_fts(items_fts) VALUES ('integrity-check')")
            report.fts_integrity = "ok"
        except sqlite3.DatabaseError as exc:
            report.fts_integrity = str(exc)
        report.foreign_keys = len(conn.execute("PRAGMA foreign_key_check").fetchall())
        stored = conn.execute("SELECT source_id, guid FROM items").fetchall()
        expected = {(f"s{n}", guid) for n in range(report.feeds) for guid in server.guids(n)}
        report.served = len(expected)
        report.stored = len(stored)
        report.missing = len(expected - set(stored))
        report.unexpected = len(set(stored) - expected)
        report.duplicate_guids = len(stored) - len(set(stored))
        report.duplicate_urls = conn.execute(
            "SELECT count(canonical_url) - count(DISTINCT canonical_url) FROM items"
        ).fetchone()[0]
        report.fts_rows = conn.execute("SELECT count(*) FROM items_fts").fetchone()[0]
        for kill in report.kills:
            report.interrupted += len(kill.interrupted)
            again = {
                row[0]
                for row in conn.execute(
                    "SELECT DISTINCT source_id FROM fetch_log WHERE id > ?", (kill.log_id,)
                )
            }
            report.polled_again += len(kill.interrupted & again)
        report.lease_rows = conn.execute("SELECT count(*) FROM lease").fetchone()[0]
    finally:
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    add_loopback_arguments(parser)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(
        f"crash harness: {args.feeds} feeds on {args.hosts} loopback hosts; {args.kills} "
        f"SIGKILLs of `frontwatch poll --once` (seed {args.seed}); each run adds 2 entries "
        "per feed; extraction off"
    )
    report = run(
        feeds=args.feeds, kills=args.kills, seed=args.seed, hosts=args.hosts, folder=args.keep
    )
    print("\n".join(report.lines()))
    raise SystemExit(0 if report.ok else 1)


if __name__ == "__main__":
    main()
