"""What the database remembers for a later retag: theme digests and extra spellings."""

from __future__ import annotations

from storage import Database
from storage.meta import set_meta
from storage.retag_memory import (
    recent_spellings,
    remember_spellings,
    remember_theme_digests,
    theme_digests_of,
)


def test_spellings_are_kept_latest_first_without_repeats(db: Database) -> None:
    remember_spellings(db, {})
    assert recent_spellings(db) == []
    for n in range(25):
        remember_spellings(db, {"pokrovsk": [f"Покровськ-{n}"]})
    remember_spellings(db, {"pokrovsk": ["Покровськ-10"]})
    kept = recent_spellings(db)
    assert len(kept) == 20
    assert kept[0] == {"pokrovsk": ["Покровськ-10"]}
    assert kept[1] == {"pokrovsk": ["Покровськ-24"]}
    assert kept.count({"pokrovsk": ["Покровськ-10"]}) == 1


def test_unreadable_memories_read_as_none(db: Database) -> None:
    set_meta(db, "place_spellings", "{not json")
    assert recent_spellings(db) == []
    set_meta(db, "place_spellings", '[{"pokrovsk": "not a list"}, {"a": ["b"]}]')
    assert recent_spellings(db) == [{"a": ["b"]}]
    set_meta(db, "theme_digests.2.abc", "[1, 2]")
    assert theme_digests_of(db, "2.abc") is None


def test_theme_digests_of_a_half_are_written_once(db: Database) -> None:
    remember_theme_digests(db, "2.abc", {"drones": "d1"})
    remember_theme_digests(db, "2.abc", {"drones": "other"})
    assert theme_digests_of(db, "2.abc") == {"drones": "d1"}
    assert theme_digests_of(db, "2.def") is None


def test_a_retag_batch_passes_over_items_deleted_since_they_were_read(db: Database) -> None:
    from storage_kit import SOURCES, item

    from storage.items import store_items
    from storage.retags import RetagUpdate, store_retag

    store_items(db, SOURCES[0].id, [item("a", "Бої під Покровськом")])
    store_retag(db, "2.a.b", [RetagUpdate(98, [], [])], unchanged=[1, 99])
    with db.reading() as conn:
        assert conn.execute("SELECT * FROM item_versions").fetchall() == [(1, "2.a.b")]
