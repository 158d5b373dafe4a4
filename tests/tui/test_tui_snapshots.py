"""Snapshots of the main, search, reader and sources screens at 120x40 (fixed data and clock)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from tui_kit import HOSTILE_TITLES, NOW, item, options, seed, started, store, wait_for

from storage import open_database
from storage.watch import watch_stats
from tui.app import FrontwatchApp

SIZE = (120, 40)
Compare = Callable[..., bool]


@pytest.fixture
def snap_app(tmp_path: Path) -> FrontwatchApp:
    """An app on a seeded database that also holds the hostile titles."""
    db = open_database(tmp_path / "fw.db")
    seed(db)
    store(
        db,
        "ru-blog",
        *[item(f"h{i}", t, "x", places=["pokrovsk"]) for i, t in enumerate(HOSTILE_TITLES)],
    )
    db.close()
    return FrontwatchApp(options(tmp_path / "fw.db"))


def _watchlist_current(app: FrontwatchApp) -> bool:
    shown = {k: app.screen.watchlist.stats(k) for k in app.screen.watchlist.keys}
    stored = {s.rule.id: s for s in watch_stats(app.db, NOW)}
    return shown == stored


async def _settle(pilot: Pilot) -> None:
    """Wait until the reader shows the cursor's item, read, and the watchlist counts agree."""
    screen = pilot.app.screen
    await wait_for(pilot, lambda: screen.reader.item_id == screen.stream.cursor_key)
    await wait_for(pilot, lambda: screen.stream.current.read)
    await wait_for(pilot, lambda: _watchlist_current(pilot.app))


async def _ready(pilot: Pilot) -> None:
    await started(pilot)
    await _settle(pilot)


def test_main_screen(snap_compare: Compare, snap_app: FrontwatchApp) -> None:
    assert snap_compare(snap_app, terminal_size=SIZE, run_before=_ready)


def test_search_screen(snap_compare: Compare, snap_app: FrontwatchApp) -> None:
    async def search(pilot: Pilot) -> None:
        await _ready(pilot)
        await pilot.press("/", *"myrnohrad")
        screen = pilot.app.screen
        screen.search_bar.input.cursor_blink = False
        await wait_for(pilot, lambda: screen.stream.query_text == "myrnohrad")
        await wait_for(pilot, lambda: screen.stream.loaded)
        await _settle(pilot)

    assert snap_compare(snap_app, terminal_size=SIZE, run_before=search)


def test_reader_screen(snap_compare: Compare, snap_app: FrontwatchApp) -> None:
    async def read(pilot: Pilot) -> None:
        await _ready(pilot)
        await pilot.press("j", "j", "j", "enter")
        await _settle(pilot)

    assert snap_compare(snap_app, terminal_size=SIZE, run_before=read)


def test_sources_screen(snap_compare: Compare, snap_app: FrontwatchApp) -> None:
    async def sources(pilot: Pilot) -> None:
        await _ready(pilot)
        await pilot.press("S")
        await wait_for(pilot, lambda: type(pilot.app.screen).__name__ == "SourcesScreen")
        await wait_for(pilot, lambda: pilot.app.screen.table.row_count == 3)

    assert snap_compare(snap_app, terminal_size=SIZE, run_before=sources)
