"""Search filters (place, theme, source, lang, time, near, side, type, read/starred) and errors."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from storage_kit import NOW, StoreFn, hours_ago, item

from storage import Database, QueryError
from storage.items import mark_read, set_starred
from storage.search import search

KYIV = ZoneInfo("Europe/Kyiv")  # UTC+2 in January
THEMES = {"assault", "drones", "airstrikes", "logistics"}


@pytest.fixture
def ids(db: Database, store: StoreFn) -> dict[str, int]:
    """Five items at known times, sources, languages, places and themes."""
    plan = [
        # key, source, lang, hours ago, places, themes
        ("old", "ua-news", "uk", 240, ["pokrovsk"], ["assault"]),
        ("day", "ru-blog", "ru", 36, ["myrnohrad"], ["drones"]),
        ("eve", "ua-news", "en", 12.5, ["kramatorsk"], ["airstrikes"]),  # 23:30 UTC on the 9th
        ("dnipro", "ru-blog", "ru", 2, ["novopavlivka-dnipro"], ["drones"]),
        ("fresh", "ua-news", "uk", 1, ["rodynske", "pokrovsk"], ["assault", "logistics"]),
    ]
    found = {}
    for key, source, lang, age, places, themes in plan:
        moment = hours_ago(age)
        new = item(
            key,
            f"Новина {key}",
            "Зведення з фронту",
            places=places,
            themes=themes,
            lang=lang,
            published=moment,
        )
        (found[key],) = store(source, new, now=moment).new_ids
    mark_read(db, [found["fresh"]])
    set_starred(db, found["fresh"], True)
    return found


def _keys(db: Database, ids: dict[str, int], query: str, **kwargs: object) -> set[str]:
    by_id = {v: k for k, v in ids.items()}
    kwargs.setdefault("known_themes", THEMES)
    result = search(db, query, now=NOW, **kwargs)
    return {by_id[h.item.id] for h in result.hits}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("place:pokrovsk", {"old", "fresh"}),
        ("place:Pokrovsk", {"old", "fresh"}),
        ("place:Покровськом", {"old", "fresh"}),
        ("place:Красноармейск", {"old", "fresh"}),
        ("place:Димитров", {"day"}),
        ("place:pokrovsk place:rodynske", {"fresh"}),
        ('place:"Myrnohrad"', {"day"}),
        ("theme:drones", {"day", "dnipro"}),
        ("theme:DRONES", {"day", "dnipro"}),
        ("theme:assault place:rodynske", {"fresh"}),
        ("theme:drones theme:assault", set()),
        ("theme:drones since:24h", {"dnipro"}),
        ("theme:assault зведення", {"old", "fresh"}),
        ("theme:assault -rodynske", {"old"}),
        ("lang:uk -Родинське", {"old"}),
        ("source:ru-blog", {"day", "dnipro"}),
        ("lang:ru", {"day", "dnipro"}),
        ("lang:EN", {"eve"}),
        ("side:ru", {"day", "dnipro"}),
        ("side:UA", {"old", "eve", "fresh"}),
        ("type:milblogger", {"day", "dnipro"}),
        ("type:media", {"old", "eve", "fresh"}),
        ("read:yes", {"fresh"}),
        ("read:no", {"old", "day", "eve", "dnipro"}),
        ("is:read", {"fresh"}),
        ("is:unread", {"old", "day", "eve", "dnipro"}),
        ("is:starred", {"fresh"}),
        ("starred:yes", {"fresh"}),
        ("starred:no", {"old", "day", "eve", "dnipro"}),
        ("since:24h", {"eve", "dnipro", "fresh"}),
        ("since:90m", {"fresh"}),
        ("since:7d", {"day", "eve", "dnipro", "fresh"}),
        ("since:2w", {"old", "day", "eve", "dnipro", "fresh"}),
        ("until:24h", {"old", "day"}),
        ("since:48h until:24h", {"day"}),
        ("since:2026-01-10", {"dnipro", "fresh"}),
        ("until:2026-01-09", {"old", "day", "eve"}),
        ("since:2026-01-10T10:30", {"fresh"}),
        ("since:2026-01-10T12:30+02:00", {"fresh"}),
        ("зведення place:pokrovsk since:7d", {"fresh"}),
    ],
)
def test_filter(db: Database, ids: dict[str, int], query: str, expected: set[str]) -> None:
    assert _keys(db, ids, query) == expected


@pytest.mark.parametrize(
    ("query", "utc", "kyiv"),
    [
        # Kyiv's midnight of the 10th is 22:00 UTC on the 9th: "eve" (23:30 UTC) is on the 10th.
        ("since:2026-01-10", {"dnipro", "fresh"}, {"eve", "dnipro", "fresh"}),
        ("until:2026-01-09", {"old", "day", "eve"}, {"old", "day"}),
        ("since:2026-01-10T11:30", set(), {"dnipro", "fresh"}),
        ("since:24h", {"eve", "dnipro", "fresh"}, {"eve", "dnipro", "fresh"}),
    ],
)
def test_dates_are_read_in_the_given_zone(
    db: Database, ids: dict[str, int], query: str, utc: set[str], kyiv: set[str]
) -> None:
    assert _keys(db, ids, query) == utc
    assert _keys(db, ids, query, tz=KYIV) == kyiv


def test_since_uses_publication_time(db: Database, store: StoreFn) -> None:
    late, fresh = store(
        "ua-news",
        item("late", "Стара стаття", "x", published=NOW - timedelta(days=3)),
        item("fresh", "Свіжа стаття", "x", published=hours_ago(1)),
    ).new_ids
    assert [h.item.id for h in search(db, "since:24h", now=NOW).hits] == [fresh]
    assert late in {h.item.id for h in search(db, "since:4d", now=NOW).hits}


def test_a_name_of_two_places_searches_both(db: Database, ids: dict[str, int]) -> None:
    result = search(db, "place:Novopavlivka", now=NOW)
    assert [h.item.id for h in result.hits] == [ids["dnipro"]]
    (note,) = result.notes
    assert "2 places" in note and "novopavlivka-dnipro" in note


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("near:Pokrovsk", {"old", "day", "fresh"}),  # 15 km: Myrnohrad 7, Rodynske 8
        ("near:Покровськ/5km", {"old", "fresh"}),
        ("near:pokrovsk/45", {"old", "day", "fresh"}),  # Novopavlivka (Donetsk) 42 km: no items
        ("near:Pokrovsk/60km", {"old", "day", "eve", "fresh"}),  # Kramatorsk 59 km
    ],
)
def test_near(db: Database, ids: dict[str, int], query: str, expected: set[str]) -> None:
    assert _keys(db, ids, query) == expected


def test_near_notes_places_without_coordinates(db: Database, ids: dict[str, int]) -> None:
    notes = search(db, "near:Pokrovsk/10km", now=NOW).notes
    assert any("skipped 1 places" in n for n in notes), notes


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("place:Atlantis", "unknown place"),
        ("place:", "needs a value"),
        ("theme:dragons", "unknown theme"),
        ("source:nowhere", "unknown source"),
        ("lang:de", "lang: must be one of"),
        ("side:nato", "side: must be one of"),
        ("type:blog", "type: must be one of"),
        ("read:maybe", "read: must be yes or no"),
        ("starred:perhaps", "starred: must be yes or no"),
        ("is:new", "is: must be one of"),
        ("since:yesterday", "since: expects a span"),
        ("since:2026-13-45", "since: expects a span"),
        ("until:soon", "until: expects a span"),
        ("since:   ", "needs a value"),
        ("near:Atlantis", "unknown place"),
        ("near:Zelene", "no coordinates"),
        ("near:Pokrovsk/0", "radius"),
        ("near:Pokrovsk/500km", "radius"),
        ("-place:pokrovsk", "cannot be negated"),
        ("штурм " * 70, "too many words"),
        ("x" * 1001, "too long"),
    ],
)
def test_bad_queries_give_one_line_errors(
    db: Database, ids: dict[str, int], query: str, message: str
) -> None:
    with pytest.raises(QueryError, match=message) as error:
        search(db, query, now=NOW, known_themes=THEMES)
    assert "\n" not in str(error.value)


def test_bad_sort_is_a_query_error(db: Database) -> None:
    with pytest.raises(QueryError, match="sort"):
        search(db, "штурм", sort="oldest", now=NOW)


def test_unknown_theme_passes_without_a_taxonomy(db: Database, ids: dict[str, int]) -> None:
    assert _keys(db, ids, "theme:dragons", known_themes=None) == set()


def test_an_unknown_key_is_just_words(db: Database, store: StoreFn) -> None:
    (item_id,) = store("ua-news", item("g1", "Новина", "Сказав: http щось")).new_ids
    assert [h.item.id for h in search(db, "сказав:", now=NOW).hits] == [item_id]
    assert [h.item.id for h in search(db, "http://щось", now=NOW).hits] == [item_id]
