"""Processes: each (item, rule) alerts once across pollers and restarts; one poller per DB."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

from pytest_httpserver import HTTPServer

from storage import open_database
from storage.sources import poll_now
from tests.contract.contract_kit import (
    Entry,
    Feed,
    Frontwatch,
    alert_recorder,
    now,
    query,
    recorded,
    stop,
    wait_until,
    write_config,
)


def _pairs(out: Path) -> Counter:
    """(title, rule) of every alert the command received, grouped notices unpacked."""
    pairs: Counter = Counter()
    for notice in recorded(out):
        for one in notice["items"] if notice["kind"] == "group" else [notice]:
            pairs[(one["title"], one["rule"])] += 1
    return pairs


def _make_due(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        poll_now(db)
    finally:
        db.close()


def _lease_pid(db_path: Path) -> int | None:
    rows = query(db_path, "SELECT pid FROM lease")
    return rows[0][0] if rows else None


def _polls(db_path: Path) -> int:
    return query(db_path, "SELECT polls FROM sources WHERE id = 'front'")[0][0]


def test_each_item_and_rule_alerts_once_across_processes_and_restarts(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    feed = Feed(httpserver)
    argv, out = alert_recorder(tmp_path)
    config = write_config(
        tmp_path / "config.toml",
        {"timezone": "UTC"},
        alerts={"command": argv, "bell": False},
        extract={"enabled": False},
        poll={"jitter": 0.0},
        watch={"defaults": []},
    )
    fw = Frontwatch(tmp_path / "fw.db", config)
    assert fw.run("watch", "add", "Pokrovsk").returncode == 0
    assert fw.run("watch", "add", "--query", "Abrams OR Bradley").returncode == 0
    added = fw.run("sources", "add", feed.url, "--kind", "rss", "--id", "front", "--interval", "1m")
    assert added.returncode == 0, added.stderr

    # A source's first poll stores quietly.
    feed.entries = [Entry("seed", "Abrams spotted near Pokrovsk", now() - timedelta(minutes=5))]
    first = fw.run("poll", "--once")
    assert first.returncode == 0, first.stderr
    assert recorded(out) == [] and query(fw.db_path, "SELECT count(*) FROM items") == [(1,)]

    # Two pollers at once on the same database: the item is stored by one, alerted once per rule.
    feed.entries.append(Entry("n1", "Bradley lost at Pokrovsk", now()))
    with ThreadPoolExecutor(2) as pool:
        runs = list(pool.map(lambda _: fw.run("poll", "--once", "--force"), range(2)))
    assert [r.returncode for r in runs] == [0, 0], [r.stderr for r in runs]
    assert sum(int(r.stdout.split("; ")[1].split()[0]) for r in runs) == 1  # "; N new items"
    expected = Counter(
        {
            ("Bradley lost at Pokrovsk", "Pokrovsk"): 1,
            ("Bradley lost at Pokrovsk", "Abrams OR Bradley"): 1,
        }
    )
    assert _pairs(out) == expected

    # The daemon: a new item alerts once per rule.
    feed.entries.append(Entry("n2", "Assault on Pokrovsk repelled", now()))
    _make_due(fw.db_path)
    first_daemon = fw.start("poll")
    try:
        wait_until(lambda: _lease_pid(fw.db_path) == first_daemon.pid, 15, "the daemon's lease")
        # A second daemon refuses to start beside it.
        refused = fw.run("poll", timeout=30)
        assert refused.returncode == 1
        assert "another poller is running" in refused.stderr and "--force" in refused.stderr
        expected[("Assault on Pokrovsk repelled", "Pokrovsk")] = 1
        wait_until(lambda: _pairs(out) == expected, 20, "the daemon's alert")
        assert _lease_pid(fw.db_path) == first_daemon.pid
    finally:
        assert stop(first_daemon) == 0, first_daemon.stderr.read() if first_daemon.stderr else ""

    # Restarted, the daemon polls the same items again and alerts nothing more.
    _make_due(fw.db_path)
    polls = _polls(fw.db_path)
    restarted = fw.start("poll")
    forced = None
    try:
        wait_until(lambda: _polls(fw.db_path) > polls, 20, "the restarted daemon's poll")
        # --force takes the lease over; the daemon that held it notices and stops.
        forced = fw.start("poll", "--force")
        wait_until(lambda: _lease_pid(fw.db_path) == forced.pid, 15, "the forced daemon's lease")
        wait_until(lambda: restarted.poll() is not None, 15, "the displaced daemon to stop")
        assert forced.poll() is None
    finally:
        stop(restarted)
        if forced is not None:
            assert stop(forced) == 0
    assert _pairs(out) == expected
    fired = query(
        fw.db_path, "SELECT count(*), count(DISTINCT item_id || '/' || rule_id) FROM alerts_fired"
    )
    assert fired == [(3, 3)]
    assert query(fw.db_path, "SELECT count(*) FROM items") == [(3,)]


async def test_a_tui_beside_a_live_daemon_follows_it_instead_of_polling(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    from tests.tui.tui_kit import options, wait_for
    from tui.app import FrontwatchApp
    from tui.widgets.status_header import StatusHeader

    feed = Feed(httpserver)
    feed.entries = [Entry("seed", "Morning report from Pokrovsk", now())]
    config = write_config(tmp_path / "config.toml", {}, extract={"enabled": False})
    fw = Frontwatch(tmp_path / "fw.db", config)
    added = fw.run("sources", "add", feed.url, "--kind", "rss", "--id", "front")
    assert added.returncode == 0, added.stderr
    daemon = fw.start("poll")
    try:
        wait_until(lambda: _lease_pid(fw.db_path) == daemon.pid, 15, "the daemon's lease")
        # The TUI would start `frontwatch poll` itself if nobody polled: here it must not.
        app = FrontwatchApp(options(fw.db_path, poll_argv=fw.argv("poll")))
        async with app.run_test(size=(160, 48)) as pilot:
            header = app.screen.query_one(StatusHeader)
            following = f"following poller pid {daemon.pid}"
            await wait_for(pilot, lambda: following in header.plain)
            assert app.poller is None
            # It follows what the daemon stores.
            await wait_for(pilot, lambda: app.screen.stream.row_count == 1, limit=15)
        assert _lease_pid(fw.db_path) == daemon.pid  # still the only poller
    finally:
        assert stop(daemon) == 0
