"""The watchlist: place and query rules, the one-time seed, and the counts it shows."""

from __future__ import annotations

import contextlib
from datetime import timedelta

import pytest
from storage_kit import NOW, StoreFn, hours_ago, item

from storage import Database, QueryError
from storage.items import mark_read
from storage.watch import (
    HOURS,
    WatchError,
    add_place,
    add_query,
    list_rules,
    remove_place,
    remove_rule,
    seed_watchlist,
    watch_stats,
)


def test_add_and_remove_place_rules(db: Database) -> None:
    rule = add_place(db, "pokrovsk", themes=["assault"])
    assert (rule.place_id, rule.query, rule.label, rule.themes) == (
        "pokrovsk",
        None,
        "Pokrovsk",
        ("assault",),
    )
    again = add_place(db, "pokrovsk", themes=["assault", "drones"])  # updates, never doubles
    assert again.id == rule.id and again.themes == ("assault", "drones")
    assert [r.place_id for r in list_rules(db)] == ["pokrovsk"]
    assert remove_place(db, "pokrovsk") is True
    assert remove_place(db, "pokrovsk") is False
    assert list_rules(db) == []


def test_unknown_place_cannot_be_watched(db: Database) -> None:
    with pytest.raises(WatchError, match="unknown place id 'atlantis'"):
        add_place(db, "atlantis")


def test_add_and_remove_query_rules(db: Database) -> None:
    rule = add_query(db, "дрони place:pokrovsk", label="Drones at Pokrovsk")
    assert (rule.place_id, rule.query, rule.label) == (
        None,
        "дрони place:pokrovsk",
        "Drones at Pokrovsk",
    )
    assert add_query(db, "обстріл").label == "обстріл"
    assert add_query(db, "дрони place:pokrovsk", themes=["drones"]).id == rule.id
    remove_rule(db, rule.id)
    assert [r.query for r in list_rules(db)] == ["обстріл"]
    with pytest.raises(WatchError, match=f"no watchlist row {rule.id}"):
        remove_rule(db, rule.id)


@pytest.mark.parametrize(("query", "error"), [("", "empty"), ("   ", "empty"), ("п*", "prefix")])
def test_bad_query_rules_are_refused(db: Database, query: str, error: str) -> None:
    with pytest.raises(QueryError, match=error):
        add_query(db, query)
    assert list_rules(db) == []


def test_seed_watchlist_runs_once(db: Database) -> None:
    assert seed_watchlist(db, ["pokrovsk", "myrnohrad", "no-such-place"]) is True
    assert [r.place_id for r in list_rules(db)] == ["pokrovsk", "myrnohrad"]
    remove_place(db, "pokrovsk")
    remove_place(db, "myrnohrad")
    # The user emptied it: a later start must not refill it.
    assert seed_watchlist(db, ["pokrovsk", "hryshyne"]) is False
    assert list_rules(db) == []


@pytest.fixture
def activity(db: Database, store: StoreFn) -> dict[str, int]:
    """Mentions at known hours; the watched rules are added after the items."""
    plan = [
        # key, source, hours ago, places, text
        ("p_week", "ua-news", 8 * 24, ["pokrovsk"], "Давня згадка"),
        ("p_100h", "ua-news", 100, ["pokrovsk"], "Бої тривають"),
        ("drone_50h", "ru-blog", 50, [], "Дрони над полем"),
        ("p_30h", "ua-news", 30, ["pokrovsk"], "Обстріл уночі"),
        ("drone_5h", "ua-news", 5, [], "Дрони атакували"),
        ("m_3h", "ua-news", 3, ["myrnohrad"], "Мирноград під вогнем сьогодні вночі знову"),
        ("m_copy", "ru-blog", 2.5, ["myrnohrad"], "Мирноград під вогнем сьогодні вночі знову"),
        ("p_1h_a", "ua-news", 1, ["pokrovsk"], "Штурм відбито"),
        ("p_1h_b", "ru-blog", 1, ["pokrovsk", "myrnohrad"], "Штурм продолжается"),
    ]
    ids = {}
    for key, source, age, places, text in plan:
        moment = hours_ago(age)
        new = item(key, text, text, places=places, published=moment)
        (ids[key],) = store(source, new, now=moment).new_ids
    mark_read(db, [ids["p_1h_a"]])
    for place_id in ("hryshyne", "myrnohrad", "pokrovsk"):
        add_place(db, place_id)
    add_query(db, "дрони")
    return ids


def test_place_counts(db: Database, activity: dict[str, int]) -> None:
    stats = {s.rule.label: s for s in watch_stats(db, now=NOW)}
    pokrovsk = stats["Pokrovsk"]
    assert pokrovsk.mentions_24h == 2
    assert pokrovsk.mentions_prev_24h == 1
    assert len(pokrovsk.hourly_7d) == HOURS == 168
    assert sum(pokrovsk.hourly_7d) == 4  # the 8-day-old mention is outside the week
    # Oldest first: the last bucket is the current hour (12:00), one hour ago is 166.
    assert pokrovsk.hourly_7d[166] == 2 and pokrovsk.hourly_7d[167] == 0
    assert pokrovsk.hourly_7d[167 - 30] == 1 and pokrovsk.hourly_7d[167 - 100] == 1
    assert pokrovsk.last_mention_at == hours_ago(1)
    assert pokrovsk.unread == 3  # 1 h (one of two read), 30 h, 100 h; not the 8-day-old one

    myrnohrad = stats["Myrnohrad"]
    # The ru-blog copy of the 3 h story is a duplicate: it counts once.
    assert (myrnohrad.mentions_24h, myrnohrad.unread) == (2, 2)
    assert myrnohrad.hourly_7d[167 - 3] == 1 and myrnohrad.hourly_7d[166] == 1
    assert myrnohrad.last_mention_at == hours_ago(1)

    hryshyne = stats["Hryshyne"]
    assert (hryshyne.mentions_24h, hryshyne.unread, hryshyne.last_mention_at) == (0, 0, None)
    assert sum(hryshyne.hourly_7d) == 0


def test_query_rules_count_too(db: Database, activity: dict[str, int]) -> None:
    (drones,) = [s for s in watch_stats(db, now=NOW) if s.rule.query == "дрони"]
    assert (drones.mentions_24h, drones.mentions_prev_24h) == (1, 0)
    assert drones.hourly_7d[167 - 5] == 1 and drones.hourly_7d[167 - 50] == 1
    assert sum(drones.hourly_7d) == 2
    assert drones.last_mention_at == hours_ago(5)
    assert drones.unread == 2


def test_sorted_by_latest_activity(db: Database, activity: dict[str, int]) -> None:
    order = [s.rule.label for s in watch_stats(db, now=NOW)]
    # Pokrovsk and Myrnohrad tie at 1 h: the older rule (Myrnohrad, added first) leads.
    assert order == ["Myrnohrad", "Pokrovsk", "дрони", "Hryshyne"]


def test_counts_move_with_time(db: Database, activity: dict[str, int]) -> None:
    later = NOW + timedelta(hours=22)  # the 1 h mentions are 23 h old, the 30 h one 52 h
    pokrovsk = next(s for s in watch_stats(db, now=later) if s.rule.place_id == "pokrovsk")
    assert (pokrovsk.mentions_24h, pokrovsk.mentions_prev_24h) == (2, 0)
    assert sum(pokrovsk.hourly_7d) == 4


def test_reading_lowers_unread(db: Database, activity: dict[str, int]) -> None:
    mark_read(db, [activity["p_30h"], activity["p_100h"]])
    pokrovsk = next(s for s in watch_stats(db, now=NOW) if s.rule.place_id == "pokrovsk")
    assert pokrovsk.unread == 1


def test_a_query_rule_that_cannot_run_is_refused(db: Database) -> None:
    add_place(db, "pokrovsk")
    with contextlib.suppress(QueryError):
        add_query(db, "штурм place:atlantis")
    assert [s.rule.place_id for s in watch_stats(db, now=NOW)] == ["pokrovsk"]
