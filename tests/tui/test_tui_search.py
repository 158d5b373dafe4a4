"""Search as you type, bad queries shown inline, watchlist and theme filters, Esc."""

from __future__ import annotations

from tui_kit import MakeApp, started, wait_for

from storage import Database


def _places(app: object) -> set[str]:
    stream = app.screen.stream  # type: ignore[attr-defined]
    return {p for key in stream.keys for p in stream.row(key).places}


async def test_typing_searches_as_you_type_and_esc_clears(make_app: MakeApp, db: Database) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot)
        stream = app.screen.stream
        total = stream.row_count
        await pilot.press("/")
        assert app.screen.search_bar.input.has_focus
        await pilot.press(*"Kramat")
        bar = app.screen.search_bar
        bar.input.insert_text_at_cursor("orsk")
        await wait_for(pilot, lambda: stream.query_text == "Kramatorsk" and stream.loaded)
        assert 0 < stream.row_count < total
        assert _places(app) == {"kramatorsk"}
        await pilot.press("escape")
        await wait_for(pilot, lambda: stream.query_text == "" and stream.row_count == total)
        assert not app.screen.search_bar.has_class("-active")
        assert stream.has_focus


async def test_a_bad_query_shows_its_reason_inline(make_app: MakeApp, db: Database) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot)
        bar = app.screen.search_bar
        await pilot.press("/", *"place:zz")
        await wait_for(pilot, lambda: "unknown place" in bar.status)
        assert bar.status.startswith("✗")
        assert not app._notifications  # no toast storm, and the app is still up
        await pilot.press("backspace", "backspace")
        bar.input.insert_text_at_cursor("pokrovsk")
        await wait_for(pilot, lambda: app.screen.stream.query_text == "place:pokrovsk")
        await wait_for(pilot, lambda: app.screen.stream.loaded)
        await wait_for(pilot, lambda: not bar.status.startswith("✗"))
        assert _places(app) >= {"pokrovsk"}


async def test_choosing_a_watch_row_filters_the_stream(make_app: MakeApp, db: Database) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot)
        watchlist = app.screen.watchlist
        watchlist.focus()
        rule = watchlist.stats(watchlist.cursor_key).rule
        await pilot.press("enter")
        stream = app.screen.stream
        await wait_for(pilot, lambda: stream.query_text == f"place:{rule.place_id}")
        await wait_for(pilot, lambda: stream.loaded)
        assert all(rule.place_id in stream.row(k).places for k in stream.keys)
        assert app.screen.search_bar.input.value == f"place:{rule.place_id}"
        assert stream.has_focus


async def test_t_cycles_the_theme_filter_of_the_selected_item(
    make_app: MakeApp, db: Database
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot)
        stream = app.screen.stream
        theme = stream.current.themes[0]
        await pilot.press("t")
        await wait_for(pilot, lambda: stream.query_text == f"theme:{theme}" and stream.loaded)
        assert all(theme in stream.row(k).themes for k in stream.keys)
        await pilot.press("е")  # the same key under a Cyrillic layout: the only theme, so off
        await wait_for(pilot, lambda: stream.query_text == "" and stream.loaded)
