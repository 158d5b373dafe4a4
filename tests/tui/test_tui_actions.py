"""Item actions: star, read toggle, watch, mark all read, links, poll now, Cyrillic keys."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from tui_kit import MakeApp, screen_text, started, wait_for

from storage import Database
from storage.search import search
from storage.sources import list_sources
from storage.stream import get_item
from storage.watch import list_rules


def _watched(db: Database) -> set[str]:
    return {r.place_id for r in list_rules(db) if r.place_id}


async def test_star_and_read_toggles_reach_storage(make_app: MakeApp, db: Database) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot)
        stream = app.screen.stream
        item_id = stream.cursor_key
        await pilot.press("s")
        await wait_for(pilot, lambda: get_item(db, item_id).row.starred)
        await wait_for(pilot, lambda: stream.current.starred)
        await pilot.press("ы")  # star again, Russian layout: unstarred
        await wait_for(pilot, lambda: not get_item(db, item_id).row.starred)
        await wait_for(pilot, lambda: get_item(db, item_id).row.read)  # the reader opened it
        await pilot.press("m")
        await wait_for(pilot, lambda: not get_item(db, item_id).row.read)
        await wait_for(pilot, lambda: not stream.current.read)
        await pilot.press("ь")
        await wait_for(pilot, lambda: get_item(db, item_id).row.read)


async def test_w_watches_and_unwatches_the_first_place(make_app: MakeApp, db: Database) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot)
        stream = app.screen.stream
        while stream.current.places[0] != "kramatorsk":
            await pilot.press("down")
        await pilot.press("w")
        await wait_for(pilot, lambda: "kramatorsk" in _watched(db))
        await wait_for(pilot, lambda: "kramatorsk" in app.screen.watchlist.watched_places)
        await pilot.press("ц")
        await wait_for(pilot, lambda: "kramatorsk" not in _watched(db))
        await wait_for(pilot, lambda: "kramatorsk" not in app.screen.watchlist.watched_places)


async def test_mark_all_read_covers_the_current_filter_only(
    make_app: MakeApp, db: Database
) -> None:
    app = make_app(stream_page=20)
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot)
        app.screen.apply_query("place:myrnohrad")
        await wait_for(pilot, lambda: app.screen.stream.loaded)
        await pilot.press("A")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "ConfirmScreen")
        await pilot.press("y")
        unread_query = "place:myrnohrad is:unread"
        await wait_for(pilot, lambda: not search(db, unread_query, limit=5).hits)
        assert search(db, "place:kramatorsk is:unread", limit=5).hits
        stream = app.screen.stream
        await wait_for(pilot, lambda: all(stream.row(k).read for k in stream.keys))


async def test_mark_all_read_can_be_refused(make_app: MakeApp, db: Database) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot)
        await pilot.press("Ф")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "ConfirmScreen")
        await pilot.press("n")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "MainScreen")
        assert len(search(db, "is:unread", limit=100).hits) >= 39


async def test_copy_link_and_open_over_ssh_use_the_clipboard(
    make_app: MakeApp, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 5000 10.0.0.2 22")
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot)
        url = app.screen.stream.current.url
        await pilot.press("с")  # c under a Cyrillic layout
        assert app.clipboard == url
        app.copy_to_clipboard("")
        await pilot.press("o")
        assert app.clipboard == url
        await wait_for(pilot, lambda: any("OSC 52" in n.message for n in app._notifications))


async def test_open_runs_the_configured_command(
    make_app: MakeApp, db: Database, tmp_path: Path
) -> None:
    out = tmp_path / "opened.txt"
    script = "import sys; open(sys.argv[1], 'w').write(sys.argv[2])"
    app = make_app(open_command=[sys.executable, "-c", script, str(out)])
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot)
        url = app.screen.stream.current.url
        await pilot.press("щ")  # o under a Cyrillic layout
        await wait_for(pilot, lambda: out.exists() and out.read_text() == url)


async def test_r_makes_every_source_due(make_app: MakeApp, db: Database) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot)
        await pilot.press("к")  # r under a Cyrillic layout
        await wait_for(pilot, lambda: any("polled now" in n.message for n in app._notifications))
        assert all(s.next_poll_at is None for s in list_sources(db))


async def test_q_in_cyrillic_quits(make_app: MakeApp, db: Database) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot)
        await pilot.press("й")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0


async def test_open_without_ssh_uses_the_browser_and_says_when_none(
    make_app: MakeApp, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SSH_CONNECTION", raising=False)
    opened: list[str] = []

    def no_browser(url: str) -> bool:
        opened.append(url)
        return False

    monkeypatch.setattr("tui.opener.webbrowser.open", no_browser)
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot)
        url = app.screen.stream.current.url
        await pilot.press("o")
        await wait_for(pilot, lambda: any("no browser" in n.message for n in app._notifications))
        assert opened == [url]


async def test_no_color_keeps_every_state_visible_by_glyph(
    make_app: MakeApp, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot)
        await pilot.press("s")
        await wait_for(pilot, lambda: app.screen.stream.current.starred)
        text = screen_text(app)
        assert "•" in text and "★" in text  # unread and starred
        assert " UA " in text and " RU " in text and " IN " in text  # sides
        assert "▲" in text or "▼" in text  # watchlist trend
