"""The sources screen: health table, pause/resume, poll now, remove, add."""

from __future__ import annotations

from tui_kit import MakeApp, started, wait_for

from storage import Database
from storage.sources import get_source, list_sources


async def _open_sources(pilot) -> object:  # noqa: ANN001
    app = pilot.app
    await started(pilot)
    await pilot.press("S")
    await wait_for(pilot, lambda: type(app.screen).__name__ == "SourcesScreen")
    table = app.screen.table
    await wait_for(pilot, lambda: table.row_count == 3)
    return table


async def test_the_table_lists_every_source_with_its_health(
    make_app: MakeApp, db: Database
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        table = await _open_sources(pilot)
        ids = [table.get_row_at(i)[0].plain for i in range(table.row_count)]
        assert ids == ["isw", "ru-blog", "ua-news"]
        row = table.get_row_at(0)
        assert row[2].plain == "IN ana"
        assert row[3].plain == "· never"
        assert int(row[6].plain) > 0
        await pilot.press("escape")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "MainScreen")


async def test_pause_resume_and_poll_now(make_app: MakeApp, db: Database) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        table = await _open_sources(pilot)
        assert table.current_id == "isw"
        await pilot.press("p")
        await wait_for(pilot, lambda: not get_source(db, "isw").enabled)
        await wait_for(pilot, lambda: table.get_row_at(0)[3].plain == "⏸ paused")
        await pilot.press("з")  # p under a Cyrillic layout
        await wait_for(pilot, lambda: get_source(db, "isw").enabled)
        await pilot.press("down", "r")
        await wait_for(
            pilot, lambda: any("ru-blog will be polled" in n.message for n in app._notifications)
        )
        assert get_source(db, "ru-blog").next_poll_at is None
        await pilot.press("R")
        await wait_for(pilot, lambda: any("3 sources" in n.message for n in app._notifications))
        await pilot.press("Ы")  # S under a Russian layout: back to the main screen
        await wait_for(pilot, lambda: type(app.screen).__name__ == "MainScreen")


async def test_remove_asks_first(make_app: MakeApp, db: Database) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        table = await _open_sources(pilot)
        await pilot.press("x")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "ConfirmScreen")
        await pilot.press("n")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "SourcesScreen")
        assert get_source(db, "isw") is not None
        await pilot.press("x")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "ConfirmScreen")
        await pilot.press("y")
        await wait_for(pilot, lambda: get_source(db, "isw") is None)
        await wait_for(pilot, lambda: table.row_count == 2)
        await pilot.press("escape")
        stream = app.screen.stream
        await wait_for(pilot, lambda: stream.loaded and stream.row_count == 27)
        assert all(stream.row(k).source_id != "isw" for k in stream.keys)


async def test_add_a_source_with_a_form(make_app: MakeApp, db: Database) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        table = await _open_sources(pilot)
        await pilot.press("a")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "AddSourceScreen")
        form = app.screen
        form.query_one("#add-url").value = "https://new.example/feed.xml"
        form.query_one("#add-interval").value = "0"
        await pilot.press("enter")  # in the URL field: submits the form
        await wait_for(
            pilot, lambda: "at least 1 minute" in str(form.query_one("#add-error").content)
        )
        form.query_one("#add-interval").value = "15"
        form.query_one("#add-side").value = "intl"
        await pilot.click("#add-ok")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "SourcesScreen")
        added = get_source(db, "new-example-feed-xml")
        assert added is not None and added.interval == 900 and added.side == "intl"
        await wait_for(pilot, lambda: table.row_count == 4)


async def test_adding_a_duplicate_url_says_why(make_app: MakeApp, db: Database) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await _open_sources(pilot)
        await pilot.press("a")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "AddSourceScreen")
        form = app.screen
        form.query_one("#add-url").value = "https://isw.example/feed"
        await pilot.click("#add-ok")
        await wait_for(pilot, lambda: "already exists" in str(form.query_one("#add-error").content))
        assert len(list_sources(db)) == 3
