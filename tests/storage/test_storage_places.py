"""The places table: loading the gazetteer once per version, resolving names and radii."""

from __future__ import annotations

import pytest
from storage_kit import PLACES

from storage import Database
from storage.places import (
    distance_km,
    get_place,
    get_places,
    places_for_forms,
    places_near,
    resolve_place,
    sync_places,
)


def test_same_version_is_not_reloaded(db: Database) -> None:
    assert sync_places(db, PLACES, [("щось", "pokrovsk")], version="test-1") is False
    assert places_for_forms(db, ["щось"]) == {}


def test_a_new_version_replaces_the_forms(db: Database) -> None:
    renamed = [("покровськ", "pokrovsk"), ("постишеве", "pokrovsk"), ("x", "no-such-place")]
    assert sync_places(db, PLACES, renamed, version="test-2") is True
    assert places_for_forms(db, ["постишеве", "красноармейск", "x"]) == {"постишеве": ("pokrovsk",)}
    assert [p.id for p in resolve_place(db, "Красноармейск")] == []
    assert [p.id for p in resolve_place(db, "pokrovsk")] == ["pokrovsk"]  # ids still resolve


@pytest.mark.parametrize(
    ("name", "ids"),
    [
        ("pokrovsk", ["pokrovsk"]),
        ("POKROVSK", ["pokrovsk"]),
        ("  Покровськом ", ["pokrovsk"]),
        ("Слов’янськ", ["sloviansk"]),
        # Both Novopavlivkas; the front-line oblast's (Donetsk) first.
        ("Новопавловка", ["novopavlivka-donetsk", "novopavlivka-dnipro"]),
        ("Atlantis", []),
        ("", []),
    ],
)
def test_resolve_place(db: Database, name: str, ids: list[str]) -> None:
    assert [p.id for p in resolve_place(db, name)] == ids


def test_get_place_and_places(db: Database) -> None:
    place = get_place(db, "hryshyne")
    assert place is not None and (place.name, place.name_ru, place.oblast) == (
        "Hryshyne",
        "Гришино",
        "Donetsk",
    )
    assert get_place(db, "atlantis") is None
    found = get_places(db, ["bakhmut", "atlantis", "bakhmut", "zelene"])
    assert sorted(found) == ["bakhmut", "zelene"]
    assert len(get_places(db, [f"x{n}" for n in range(1200)] + ["lyman", "pokrovsk"])) == 1


def test_places_near(db: Database) -> None:
    centre = get_place(db, "pokrovsk")
    assert centre is not None
    near, skipped = places_near(db, centre, 10)
    assert sorted(p.id for p in near) == ["hryshyne", "myrnohrad", "pokrovsk", "rodynske"]
    assert skipped == 1  # Zelene, same raion, no coordinates
    far, _ = places_near(db, centre, 60)
    assert {"kramatorsk", "novopavlivka-donetsk"} <= {p.id for p in far}
    assert "sloviansk" not in {p.id for p in far}


def test_distance_km() -> None:
    # Pokrovsk to Kramatorsk is about 59 km as the crow flies.
    assert distance_km(48.2824, 37.1777, 48.7389, 37.5844) == pytest.approx(59, abs=1)
    assert distance_km(48.0, 37.0, 48.0, 37.0) == 0
