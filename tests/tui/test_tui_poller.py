"""The poller child: started when no poller runs, ended on quit; followed otherwise."""

from __future__ import annotations

import os
import sys

from tui_kit import MakeApp, started, wait_for

from storage import Database
from storage.lease import acquire
from tui.widgets.status_header import StatusHeader

SLEEPER = [sys.executable, "-c", "import time; time.sleep(30)"]


def _header(app: object) -> str:
    return app.screen.query_one(StatusHeader).plain  # type: ignore[attr-defined]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie still answers signal 0: look at its state where /proc exists.
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


async def test_follow_only_says_that_no_poller_runs(make_app: MakeApp, db: Database) -> None:
    app = make_app(poll_argv=None)
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot)
        assert app.poller is None
        assert "poller stopped (follow only)" in _header(app)
        assert "14:00 Europe/Kyiv" in _header(app)


async def test_a_live_poller_is_followed_not_duplicated(make_app: MakeApp, db: Database) -> None:
    acquire(db, "poller@elsewhere:4242")
    app = make_app(poll_argv=SLEEPER)
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot)
        assert app.poller is None
        assert f"following poller pid {os.getpid()}" in _header(app)


async def test_the_child_is_started_and_terminated_on_quit(make_app: MakeApp, db: Database) -> None:
    app = make_app(poll_argv=SLEEPER)
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot)
        await wait_for(pilot, lambda: app.poller is not None and app.poller.running)
        pid = app.poller.pid
        assert _alive(pid)
        await wait_for(pilot, lambda: "polling" in _header(app) or "next round" in _header(app))
        await pilot.press("q")
    assert not app.poller.running
    assert not _alive(pid)


async def test_a_dead_child_shows_in_the_header(make_app: MakeApp, db: Database) -> None:
    app = make_app(poll_argv=[sys.executable, "-c", "raise SystemExit(3)"])
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot)
        await wait_for(pilot, lambda: "poller stopped (exit 3)" in _header(app))
        assert any("exit 3" in n.message for n in app._notifications)


async def test_a_missing_poller_program_is_reported(make_app: MakeApp, db: Database) -> None:
    app = make_app(poll_argv=["/nonexistent/frontwatch-poll"])
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot)
        await wait_for(pilot, lambda: any("cannot start" in n.message for n in app._notifications))
        assert "poller stopped" in _header(app)
