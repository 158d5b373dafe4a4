"""The watchlist (counts, flashing, unwatching, the place picker) and alert toasts."""

from __future__ import annotations

from datetime import timedelta

from tui_kit import NOW, MakeApp, body_tag, item, started, store, wait_for

from storage import Database
from storage.alerts import claim_alerts
from storage.watch import list_rules


def _rule_id(db: Database, place_id: str) -> int:
    return next(r.id for r in list_rules(db) if r.place_id == place_id)


async def test_watch_rows_show_counts_and_flash_on_a_new_mention(
    make_app: MakeApp, db: Database
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot)
        watchlist = app.screen.watchlist
        rule_id = _rule_id(db, "myrnohrad")
        before = watchlist.stats(rule_id)
        assert len(before.hourly_7d) == 168
        assert watchlist.flashing == set()
        body = "Shelling of Myrnohrad overnight."
        tag = body_tag("myrnohrad", body, "Myrnohrad")
        store(
            db, "isw", item("m-new", "Myrnohrad", body, places=[tag]), at=NOW + timedelta(minutes=5)
        )
        await wait_for(pilot, lambda: rule_id in watchlist.flashing)
        after = watchlist.stats(rule_id)
        assert after.unread == before.unread + 1
        assert watchlist.keys[0] == rule_id  # the most recently active row comes first
        assert _rule_id(db, "pokrovsk") not in watchlist.flashing


async def test_x_on_the_watchlist_unwatches(make_app: MakeApp, db: Database) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot)
        watchlist = app.screen.watchlist
        watchlist.focus()
        label = watchlist.stats(watchlist.cursor_key).rule.label
        await pilot.press("ч")  # x under a Cyrillic layout
        await wait_for(pilot, lambda: watchlist.row_count == 1)
        assert label not in {r.label for r in list_rules(db)}


async def test_the_place_picker_finds_names_in_ukrainian(make_app: MakeApp, db: Database) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot)
        await pilot.press("Ц")  # W under a Cyrillic layout
        await wait_for(pilot, lambda: type(app.screen).__name__ == "PlacePickerScreen")
        picker = app.screen
        picker.query_one("#picker-input").insert_text_at_cursor("Гришине")
        results = picker.query_one("#picker-results")
        await wait_for(pilot, lambda: results.option_count > 0)
        assert results.get_option_at_index(0).id == "hryshyne"
        await pilot.press("enter")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "MainScreen")
        assert "hryshyne" in {r.place_id for r in list_rules(db)}
        await wait_for(pilot, lambda: "hryshyne" in app.screen.watchlist.watched_places)


async def test_an_alert_becomes_a_toast_and_rings_the_bell(make_app: MakeApp, db: Database) -> None:
    app = make_app(bell=True)
    rings = []
    app.bell = lambda: rings.append(1)  # type: ignore[method-assign]
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot)
        stream = app.screen.stream
        item_id = stream.keys[0]
        claim_alerts(db, [(item_id, _rule_id(db, "pokrovsk"))])
        await wait_for(pilot, lambda: len(app._notifications) == 1)
        note = next(iter(app._notifications))
        assert note.title == "⚑ Pokrovsk"
        assert note.message == stream.row(item_id).title
        assert rings == [1]


async def test_five_alerts_at_once_become_one_toast(make_app: MakeApp, db: Database) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot)
        rule_id = _rule_id(db, "pokrovsk")
        claim_alerts(db, [(item_id, rule_id) for item_id in app.screen.stream.keys[:6]])
        await wait_for(pilot, lambda: len(app._notifications) == 1)
        assert next(iter(app._notifications)).message == "6 new matches"


async def test_alerts_fired_before_start_are_not_toasted(make_app: MakeApp, db: Database) -> None:
    claim_alerts(db, [(1, _rule_id(db, "pokrovsk"))])
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot)
        store(db, "isw", item("later", "Later", "x"), at=NOW + timedelta(minutes=1))
        await wait_for(pilot, lambda: app.screen.stream.keys[0] > 40)
        assert not app._notifications
