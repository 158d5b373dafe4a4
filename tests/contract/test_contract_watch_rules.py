"""Watchlist rows: places and saved queries, each with optional themes, count and alert alike."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from pytest_httpserver import HTTPServer

from storage.watch import add_place, add_query, watch_stats
from tests.contract.contract_kit import Entry, Feed, now
from tests.ingest.poll_kit import add, make_db, poll_round
from tui.data.sparkline import bucket_series, sparkline

QUERY = "Bradley OR Abrams place:Pokrovsk"


async def test_place_and_query_rows_with_themes_count_spark_and_alert_alike(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    db = make_db(tmp_path)
    add_place(db, "pokrovsk", themes=["drones"])
    add_query(db, QUERY, themes=["drones"])
    add_query(db, '"47th brigade"')
    feed = Feed(httpserver)
    add(db, "s", feed.url)
    feed.entries = [Entry("seed", "Quiet morning", now())]
    await poll_round(db)
    feed.entries += [
        Entry("1", "Drone hits a Bradley near Pokrovsk", now()),
        Entry("2", "Abrams seen in Pokrovsk", now()),  # no drones: counted, not alerted
        Entry("3", "Drone hits a Bradley near Myrnohrad", now()),  # another place
        Entry("4", "The 47th Brigade holds the line", now()),
    ]
    summary = await poll_round(db)

    fired = sorted((a.item.title, a.rule.label) for a in summary.alerts)
    assert fired == [
        ("Drone hits a Bradley near Pokrovsk", QUERY),
        ("Drone hits a Bradley near Pokrovsk", "Pokrovsk"),
        ("The 47th Brigade holds the line", '"47th brigade"'),
    ]
    stats = {s.rule.label: s for s in watch_stats(db)}
    place, query = stats["Pokrovsk"], stats[QUERY]
    # Both rows count every match (themes narrow alerts only), spark and show unread alike.
    assert (place.mentions_24h, place.unread) == (query.mentions_24h, query.unread) == (2, 2)
    assert place.hourly_7d == query.hourly_7d and sum(place.hourly_7d) == 2
    at = datetime.now(UTC)
    assert sparkline(bucket_series(place.hourly_7d, at, UTC)) == sparkline(
        bucket_series(query.hourly_7d, at, UTC)
    )
    assert place.last_mention_at == query.last_mention_at is not None
    assert stats['"47th brigade"'].mentions_24h == 1
