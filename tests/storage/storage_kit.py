"""Builders shared by the storage tests: the test gazetteer, sources, items and tags."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

from storage import Database
from storage.places import sync_places
from storage.sources import add_source
from storage.types import NewItem, Place, Source, StoreResult
from tagging.text import fold
from tagging.types import Evidence, PlaceTag, TagResult, ThemeTag

# store(source_id, *items, now=NOW, **store_items_kwargs), the `store` fixture.
StoreFn = Callable[..., StoreResult]

# A fixed "now" for every test that passes one: mid-day, so hour buckets are unambiguous.
NOW = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)

# id | name | Ukrainian | Russian | oblast | raion | lat | lon | population
_GAZETTEER = """
pokrovsk|Pokrovsk|Покровськ|Покровск|Donetsk|Pokrovskyi|48.2824|37.1777|60127
myrnohrad|Myrnohrad|Мирноград|Мирноград|Donetsk|Pokrovskyi|48.3099|37.2651|46098
rodynske|Rodynske|Родинське|Родинское|Donetsk|Pokrovskyi|48.3542|37.2064|9850
hryshyne|Hryshyne|Гришине|Гришино|Donetsk|Pokrovskyi|48.3276|37.0806|2115
sloviansk|Sloviansk|Слов'янськ|Славянск|Donetsk|Kramatorskyi|48.8520|37.6050|106972
kramatorsk|Kramatorsk|Краматорськ|Краматорск|Donetsk|Kramatorskyi|48.7389|37.5844|150084
bakhmut|Bakhmut|Бахмут|Бахмут|Donetsk|Bakhmutskyi|48.5950|38.0000|71094
novopavlivka-donetsk|Novopavlivka|Новопавлівка|Новопавловка|Donetsk|Pokrovskyi|48.0497|36.7364|3000
novopavlivka-dnipro|Novopavlivka|Новопавлівка|Новопавловка|Dnipropetrovsk|Synelnykivskyi|48.15|35.9|900
zelene|Zelene|Зелене|Зеленое|Donetsk|Pokrovskyi|||
"""


def _place(line: str) -> Place:
    pid, name, uk, ru, oblast, raion, lat, lon, population = line.split("|")
    return Place(
        id=pid,
        name=name,
        name_uk=uk,
        name_ru=ru,
        kind="city" if population and int(population) > 10_000 else "village",
        oblast=oblast,
        raion=raion,
        # Zelene has no coordinates: `near:` cannot judge it and must say so.
        lat=float(lat) if lat else None,
        lon=float(lon) if lon else None,
        population=int(population) if population else None,
    )


PLACES = tuple(_place(line) for line in _GAZETTEER.strip().splitlines())

FORMS = {
    "pokrovsk": [
        "pokrovsk",
        "покровськ",
        "покровська",
        "покровськом",
        "покровск",
        "красноармейск",
        "krasnoarmiisk",
    ],
    "myrnohrad": ["myrnohrad", "мирноград", "димитров", "dymytrov"],
    "rodynske": ["rodynske", "родинське", "родинское"],
    "hryshyne": ["hryshyne", "гришине", "гришино"],
    "sloviansk": ["sloviansk", "слов'янськ", "славянск", "slavyansk"],
    "kramatorsk": ["kramatorsk", "краматорськ", "краматорск"],
    "bakhmut": ["bakhmut", "бахмут", "артемовск", "артемівськ"],
    "novopavlivka-donetsk": ["novopavlivka", "новопавлівка", "новопавловка"],
    "novopavlivka-dnipro": ["novopavlivka", "новопавлівка", "новопавловка"],
    "zelene": ["zelene", "зелене", "зеленое"],
}

SOURCES = (
    Source(
        id="ua-news",
        kind="rss",
        url="https://ua.example/rss",
        title="UA News",
        lang="uk",
        side="ua",
        type="media",
    ),
    Source(
        id="ru-blog",
        kind="telegram",
        url="https://t.me/s/rublog",
        title="RU Blog",
        lang="ru",
        side="ru",
        type="milblogger",
    ),
)


def seed(db: Database) -> None:
    """Load the test gazetteer (forms folded, as the gazetteer gives them) and two sources."""
    forms = [(fold(form), pid) for pid, names in FORMS.items() for form in names]
    sync_places(db, PLACES, forms, version="test-1")
    for source in SOURCES:
        add_source(db, source)


def tags(
    places: Sequence[str | PlaceTag] = (),
    themes: Sequence[str] = (),
    lang: str = "uk",
) -> TagResult:
    """A TagResult built by hand: place ids (one mention each) and theme ids (score 1)."""
    place_tags = tuple(p if isinstance(p, PlaceTag) else PlaceTag(p, 1) for p in places)
    theme_tags = tuple(ThemeTag(t, 1.0) for t in themes)
    return TagResult(lang=lang, places=place_tags, themes=theme_tags, version="test")


def body_tag(place_id: str, body: str, form: str) -> PlaceTag:
    """A place tag whose evidence points at `form` inside `body`."""
    start = body.index(form)
    evidence = Evidence("body", start, start + len(form), fold(form), "test")
    return PlaceTag(place_id, 1, (evidence,))


def item(
    guid: str,
    title: str,
    body: str = "",
    *,
    places: Sequence[str | PlaceTag] = (),
    themes: Sequence[str] = (),
    lang: str = "uk",
    url: str | None = None,
    published: datetime | None = None,
    summary_only: bool = True,
) -> NewItem:
    """A NewItem with its text in the summary (or the content) and hand-made tags."""
    tagged = tags(places, themes, lang) if places or themes else None
    return NewItem(
        guid=guid,
        title=title,
        url=url,
        summary=body if summary_only else "",
        content="" if summary_only else body,
        lang=lang,
        published_at=published,
        tags=tagged,
    )


def hours_ago(hours: float) -> datetime:
    """NOW minus some hours."""
    return NOW - timedelta(hours=hours)
