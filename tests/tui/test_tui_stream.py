"""The stream: newest first, hostile text shown literally, live arrivals, paging, the reader."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from tui_kit import (
    HOSTILE_TITLES,
    NOW,
    MakeApp,
    body_tag,
    item,
    options,
    screen_text,
    started,
    store,
    wait_for,
)

from storage import Database
from storage.stream import get_item, max_item_id
from tui.app import FrontwatchApp


async def test_stream_lists_newest_first_and_the_reader_marks_read(
    make_app: MakeApp, db: Database
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot)
        stream = app.screen.stream
        assert list(stream.keys) == sorted(stream.keys, reverse=True)
        assert stream.cursor_key == max_item_id(db)
        await wait_for(pilot, lambda: app.screen.reader.item_id == stream.cursor_key)
        assert "Item 39 about Pokrovsk" in app.screen.reader.text
        assert "Why these tags" in app.screen.reader.text
        await wait_for(pilot, lambda: get_item(db, stream.cursor_key).row.read)
        await wait_for(pilot, lambda: stream.current.read)


async def test_hostile_titles_render_literally(make_app: MakeApp, db: Database) -> None:
    store(db, "ru-blog", *[item(f"h{i}", t, "x") for i, t in enumerate(HOSTILE_TITLES)])
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot)
        await wait_for(pilot, lambda: "retitle" in app.screen.reader.text)
        text = screen_text(app)
        assert "[/] closes [bold nothing [red]x[/red]" in text
        assert "link click here" in text
        assert "retitle and clear done" in text
        assert "\x1b" not in text and "\x07" not in text
        svg = app.export_screenshot()
        assert "\x1b" not in svg and "\x07" not in svg


async def test_new_items_appear_on_top_without_moving_the_cursor(
    make_app: MakeApp, db: Database
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot)
        stream = app.screen.stream
        await pilot.press("j", "j", "j")
        chosen = stream.cursor_key
        before = stream.row_count
        body = "Drones over Pokrovsk again."
        new = store(
            db,
            "ua-news",
            item("live-1", "Live one", body, places=[body_tag("pokrovsk", body, "Pokrovsk")]),
            item("live-2", "Live two", "quiet"),
            at=NOW + timedelta(minutes=1),
        )
        await wait_for(pilot, lambda: stream.row_count == before + 2)
        assert stream.cursor_key == chosen
        assert list(stream.keys[:2]) == sorted(new.new_ids, reverse=True)
        assert stream.scroll_offset.y == 0
        assert "Live two" in screen_text(app)


async def test_arrivals_keep_a_scrolled_view_still(make_app: MakeApp, db: Database) -> None:
    app = make_app()
    async with app.run_test(size=(160, 24)) as pilot:
        await started(pilot)
        stream = app.screen.stream
        await pilot.press("pagedown", "pagedown", "j")
        top_item = stream.keys[stream.first_visible_index]
        scroll = stream.scroll_offset.y
        assert scroll > 0
        chosen = stream.cursor_key
        store(db, "isw", item("live-3", "Scrolled arrival", "x"), at=NOW + timedelta(minutes=2))
        await wait_for(pilot, lambda: stream.new_above == 1)
        assert stream.cursor_key == chosen
        assert stream.scroll_offset.y == scroll + 1
        assert stream.keys[stream.first_visible_index] == top_item
        assert "↑1 new" in screen_text(app)


async def test_older_pages_load_near_the_end(make_app: MakeApp, db: Database) -> None:
    app = make_app(stream_page=20)
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot)
        stream = app.screen.stream
        assert stream.row_count == 20
        await pilot.press("end")
        await wait_for(pilot, lambda: stream.row_count == 40)
        assert list(stream.keys) == sorted(stream.keys, reverse=True)
        assert len(set(stream.keys)) == 40


async def test_an_empty_database_says_what_to_do(tmp_path: Path) -> None:
    app = FrontwatchApp(options(tmp_path / "empty.db"))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.screen.query("Stream") and app.screen.stream.loaded)
        await pilot.pause()
        text = screen_text(app)
        assert "Nothing stored yet" in text
        assert "No places watched: press W." in text
        assert "no sources: press S" in text
