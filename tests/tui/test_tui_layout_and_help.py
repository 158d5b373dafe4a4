"""Layouts from 80x24 to wide, the help screen, the command palette, themes, Cyrillic keys."""

from __future__ import annotations

from textual.binding import Binding
from tui_kit import MakeApp, screen_text, started, wait_for

from storage import Database
from storage.stream import get_item
from tui.app import FrontwatchApp
from tui.keys import layout_aliases
from tui.screens.main import MainScreen


async def test_wide_layout_shows_three_panes_side_by_side(make_app: MakeApp, db: Database) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot)
        screen = app.screen
        assert screen.has_class("-wide")
        watch, stream, reader = screen.watchlist.region, screen.stream.region, screen.reader.region
        assert watch.right <= stream.x and stream.right <= reader.x
        assert stream.y == reader.y


async def test_80x24_stacks_and_opens_the_reader_on_enter(make_app: MakeApp, db: Database) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        screen = app.screen
        assert screen.has_class("-narrow")
        assert not screen.reader.display or screen.reader.region.height == 0
        assert screen.watchlist.region.bottom <= screen.stream.region.y
        item_id = screen.stream.cursor_key
        assert not get_item(db, item_id).row.read  # not opened yet: still unread
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.reader.item_id == item_id)
        assert screen.reader.region.height > 0 and screen.reader.has_focus
        await wait_for(pilot, lambda: get_item(db, item_id).row.read)
        await pilot.press("escape")
        assert screen.stream.has_focus and not screen.has_class("-reader-open")
        await pilot.press("l")
        assert not screen.watchlist.display
        assert "Item 39 about Pokrovsk" in screen_text(app)


async def test_help_lists_every_binding_with_its_cyrillic_twin(
    make_app: MakeApp, db: Database
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "HelpScreen")
        text = screen_text(app)
        for binding in Binding.make_bindings(MainScreen.BINDINGS + FrontwatchApp.BINDINGS):
            if binding.description:
                assert binding.description in text
        assert "q, й" in text and "s, і, ы" in text
        await pilot.press("escape")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "MainScreen")


async def test_every_main_action_is_in_the_command_palette(make_app: MakeApp, db: Database) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot)
        titles = {c.title: c for c in app.get_system_commands(app.screen)}
        for binding in Binding.make_bindings(MainScreen.BINDINGS + FrontwatchApp.BINDINGS):
            if binding.description:
                assert binding.description in titles
        item_id = app.screen.stream.cursor_key
        await titles["Star"].callback()
        await wait_for(pilot, lambda: get_item(db, item_id).row.starred)


async def test_a_theme_change_is_reported(make_app: MakeApp, db: Database) -> None:
    seen: list[str] = []
    app = make_app(on_theme_change=seen.append, theme="textual-dark")
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot)
        assert seen == []
        app.theme = "nord"
        await wait_for(pilot, lambda: seen == ["nord"])


def test_cyrillic_aliases_sit_on_the_same_physical_keys() -> None:
    assert layout_aliases("q") == ["q", "й"]
    assert layout_aliases("s") == ["s", "і", "ы"]
    assert layout_aliases("W") == ["W", "Ц"]
    assert layout_aliases("?") == ["question_mark", "comma"]
    assert layout_aliases("/") == ["slash", "full_stop"]
    assert layout_aliases("enter") == ["enter"]
