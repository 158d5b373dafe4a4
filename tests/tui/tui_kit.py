"""Builders for the TUI tests: a seeded database, a pinned clock, hostile titles, waiting."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from textual.pilot import Pilot

from storage import Database
from storage.items import store_items
from storage.places import sync_places
from storage.sources import add_source
from storage.types import NewItem, Place, Source, StoreResult
from storage.watch import add_place
from tagging.text import fold
from tagging.types import Evidence, PlaceTag, TagResult, ThemeTag
from tui.app import FrontwatchApp
from tui.options import TuiOptions

NOW = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)
# The `make_app` fixture: build an app on the seeded database, keyword args change options.
MakeApp = Callable[..., FrontwatchApp]
ZONE = ZoneInfo("Europe/Kyiv")

# Titles that must reach the screen literally: markup, OSC 8 links, title sets, clears.
HOSTILE_TITLES = (
    "[/] closes [bold nothing [red]x[/red]",
    "link \x1b]8;;http://x\x1b\\click\x1b]8;;\x1b\\ here",
    "retitle \x1b]0;title\x07 and clear \x1b[2J done",
)

PLACES = (
    Place("pokrovsk", "Pokrovsk", "Покровськ", "Покровск", "city", "Donetsk", "Pokrovskyi"),
    Place("myrnohrad", "Myrnohrad", "Мирноград", "Мирноград", "city", "Donetsk", "Pokrovskyi"),
    Place("rodynske", "Rodynske", "Родинське", "Родинское", "town", "Donetsk", "Pokrovskyi"),
    Place("hryshyne", "Hryshyne", "Гришине", "Гришино", "village", "Donetsk", "Pokrovskyi"),
    Place("kramatorsk", "Kramatorsk", "Краматорськ", "Краматорск", "city", "Donetsk", None),
)
FORMS = {
    "pokrovsk": ("pokrovsk", "покровськ", "покровська", "покровск"),
    "myrnohrad": ("myrnohrad", "мирноград", "мирнограда"),
    "rodynske": ("rodynske", "родинське", "родинское"),
    "hryshyne": ("hryshyne", "гришине", "гришино"),
    "kramatorsk": ("kramatorsk", "краматорськ", "краматорск"),
}
SOURCES = (
    Source("ua-news", "rss", "https://ua.example/rss", "UA News", "uk", side="ua"),
    Source(
        "ru-blog",
        "telegram",
        "https://t.me/s/rublog",
        "RU Blog",
        "ru",
        side="ru",
        type="milblogger",
    ),
    Source("isw", "rss", "https://isw.example/feed", "ISW", "en", side="intl", type="analyst"),
)


def tags(places: Sequence[PlaceTag | str] = (), themes: Sequence[str] = ()) -> TagResult:
    """Hand-made tags: place ids (or PlaceTags with evidence) and theme ids."""
    place_tags = tuple(p if isinstance(p, PlaceTag) else PlaceTag(p, 1) for p in places)
    return TagResult("uk", place_tags, tuple(ThemeTag(t, 1.0) for t in themes), "test")


def body_tag(place_id: str, body: str, form: str, field: str = "body") -> PlaceTag:
    """A place tag whose evidence points at `form` inside `body` (or the title)."""
    start = body.index(form)
    return PlaceTag(place_id, 1, (Evidence(field, start, start + len(form), fold(form), "exact"),))


def item(
    guid: str,
    title: str,
    body: str = "",
    *,
    places: Sequence[PlaceTag | str] = (),
    themes: Sequence[str] = (),
    url: str | None = None,
    published: datetime | None = None,
) -> NewItem:
    """A NewItem with its text in the summary."""
    return NewItem(
        guid=guid,
        title=title,
        url=url or f"https://example.org/{guid}",
        summary=body,
        published_at=published,
        tags=tags(places, themes) if places or themes else None,
    )


def store(db: Database, source_id: str, *items: NewItem, at: datetime = NOW) -> StoreResult:
    """Store items for a source as first seen at `at`."""
    return store_items(db, source_id, list(items), now=at)


def seed(db: Database, *, items: int = 40) -> None:
    """Places, three sources, two watched places and `items` items over the last two days."""
    forms = [(fold(f), pid) for pid, names in FORMS.items() for f in names]
    sync_places(db, PLACES, forms, version="tui-test")
    for source in SOURCES:
        add_source(db, source)
    add_place(db, "pokrovsk")
    add_place(db, "myrnohrad")
    rotation = (("pokrovsk", "drones"), ("myrnohrad", "assault"), ("kramatorsk", "logistics"))
    for n in range(items):
        place, theme = rotation[n % 3]
        source = SOURCES[n % 3].id
        at = NOW - timedelta(minutes=70 * (items - n))
        body = f"Report {n}: fighting near {place.title()} continues."
        store(
            db,
            source,
            item(
                f"seed-{n}",
                f"Item {n} about {place.title()}",
                body,
                places=[body_tag(place, body, place.title())],
                themes=[theme],
                published=at,
            ),
            at=at,
        )


def options(db_path: Path, **changes: object) -> TuiOptions:
    """TuiOptions for a test: no poller, Kyiv time, the pinned clock."""
    values: dict[str, object] = {
        "db_path": db_path,
        "poll_argv": None,
        "zone": ZONE,
        "zone_name": "Europe/Kyiv",
        "now": lambda: NOW,
        "known_themes": ("drones", "assault", "logistics", "shelling"),
    }
    values.update(changes)
    return TuiOptions(**values)  # type: ignore[arg-type]


async def wait_for(pilot: Pilot, condition: Callable[[], object], limit: float = 10.0) -> None:
    """Let the app work until `condition()` holds (at most `limit` seconds, else fail)."""
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(
                f"timed out waiting for {getattr(condition, '__name__', condition)}"
            )
        await pilot.pause(0.01)


async def started(pilot: Pilot) -> None:
    """Wait until the main screen shows the stream, the watchlist and the poll status."""
    app = pilot.app
    await wait_for(pilot, lambda: app.screen.query("Stream"))  # composed
    screen = app.screen
    await wait_for(pilot, lambda: screen.stream.loaded and screen.stream.row_count > 0)
    await wait_for(pilot, lambda: screen.watchlist.row_count > 0)
    await wait_for(pilot, lambda: app.poll_snapshot is not None)


def screen_text(app: object) -> str:
    """What the terminal shows now, as plain text lines."""
    strips = app.screen._compositor.render_strips()  # type: ignore[attr-defined]
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)
