"""Time: stored in UTC, read and shown in the user's zone, across Kyiv's October 2026 change.

Kyiv leaves summer time at 01:00 UTC on 25 October 2026 (04:00 EEST becomes 03:00 EET), so
its 25 October lasts 25 hours, 21:00 UTC on the 24th to 22:00 UTC on the 25th, and 03:30
happens twice. Every test runs for UTC and for Europe/Kyiv; the command-line ones also for
the zone given in the config and for the system's zone ($TZ, no config key).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from dataclasses import replace
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from frontwatch.cli import main
from frontwatch.config import load_settings
from frontwatch.wiring import build_monitor
from ingest.cpu import CpuPool
from ingest.fetch import Fetcher
from storage import open_database
from storage.items import store_items
from storage.search import match_ids
from storage.sources import add_source
from storage.types import NewItem, Source
from storage.watch import add_place, add_query, watch_stats
from tagging.types import PlaceTag, TagResult
from tests.contract.contract_kit import write_config
from tui.data.sparkline import bucket_series

KYIV = ZoneInfo("Europe/Kyiv")
ZONES = {"UTC": ZoneInfo("UTC"), "Europe/Kyiv": KYIV}


def _utc(day: int, hour: int, minute: int = 30) -> datetime:
    return datetime(2026, 10, day, hour, minute, tzinfo=UTC)


# Publication times either side of the change (all of them mention Pokrovsk).
MOMENTS = {
    "a": _utc(24, 20),  # Kyiv 23:30 on the 24th (+03)
    "b": _utc(24, 21),  # Kyiv 00:30 on the 25th (+03): the 25th in Kyiv, the 24th in UTC
    "c": _utc(25, 0),  # Kyiv 03:30 (+03), the first 03:30
    "d": _utc(25, 1),  # Kyiv 03:30 (+02), the second 03:30
    "e": _utc(25, 21),  # Kyiv 23:30 on the 25th (+02)
    "f": _utc(25, 22),  # Kyiv 00:30 on the 26th (+02): the 26th in Kyiv, the 25th in UTC
    "g": _utc(26, 0),  # both: the 26th
}
SEEN = datetime(2026, 10, 27, 12, 0, tzinfo=UTC)
DAY_FILTERS = {
    # query: (keys in UTC, keys in Kyiv)
    "since:2026-10-25 until:2026-10-25": ("cdef", "bcde"),
    "until:2026-10-24": ("ab", "a"),
    "since:2026-10-26": ("g", "fg"),
    # A date and time is read in the zone too: Kyiv's 03:30 is the first (summer) one.
    "since:2026-10-25T03:30": ("efg", "cdefg"),
}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """A database (made by the CLI, so it has the real gazetteer) with one item per moment.

    Made once per module (loading the gazetteer takes a while); each test gets a copy.
    """
    folder = tmp_path_factory.mktemp("dst")
    home = {name: str(folder / name.lower()) for name in ("HOME", "XDG_DATA_HOME")}
    env = {"FRONTWATCH_SOURCES_SEED_STARTER": "0", "FRONTWATCH_TIMEZONE": None, **home}
    db_path = folder / "fw.db"
    config = write_config(folder / "empty.toml", {})
    args = ["--db", str(db_path), "--config", str(config), "watch", "list"]
    result = CliRunner().invoke(main, args, env=env)
    assert result.exit_code == 0, result.output
    db = open_database(db_path)
    add_source(db, Source(id="front", kind="rss", url="http://127.0.0.1:9/feed"))
    tags = TagResult("en", (PlaceTag("pokrovsk", 1),), (), "test")
    items = [
        NewItem(guid=key, title=f"Report {key} from Pokrovsk", published_at=moment, tags=tags)
        for key, moment in MOMENTS.items()
    ]
    ids = store_items(db, "front", items, now=SEEN).new_ids
    db.close()  # the last connection to close checkpoints the WAL into the file
    return db_path, dict(zip(MOMENTS, ids, strict=True))


@pytest.fixture
def filled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, template: tuple[Path, dict[str, int]]
) -> dict[str, int]:
    """This test's copy of the template database: item ids by moment key."""
    monkeypatch.setenv("FRONTWATCH_SOURCES_SEED_STARTER", "0")
    monkeypatch.delenv("FRONTWATCH_TIMEZONE", raising=False)
    shutil.copyfile(template[0], tmp_path / "fw.db")
    return template[1]


def _search(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, zone: str, how: str, *args: str
) -> str:
    """`frontwatch search ARGS` with the zone set in the config or only as the system's ($TZ)."""
    top = {"timezone": zone} if how == "config" else {}
    config = write_config(tmp_path / f"{how}.toml", top)
    # The system zone is the other one when the config names it: the config must win.
    monkeypatch.setenv(
        "TZ", zone if how == "system" else ("Europe/Kyiv" if zone == "UTC" else "UTC")
    )
    args = ("--db", str(tmp_path / "fw.db"), "--config", str(config), "search", *args)
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("how", ["config", "system"])
@pytest.mark.parametrize("zone", list(ZONES))
def test_day_filters_read_dates_in_the_zone_across_the_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, filled: dict[str, int], zone: str, how: str
) -> None:
    keys_of = {item_id: key for key, item_id in filled.items()}
    for query, (in_utc, in_kyiv) in DAY_FILTERS.items():
        out = _search(
            tmp_path, monkeypatch, zone, how, "report", *query.split(), "--format", "json"
        )
        found = "".join(sorted(keys_of[row["id"]] for row in json.loads(out)))
        assert found == (in_utc if zone == "UTC" else in_kyiv), query


@pytest.mark.parametrize("how", ["config", "system"])
@pytest.mark.parametrize("zone", list(ZONES))
def test_json_and_csv_carry_iso_times_with_the_offset_of_their_side_of_the_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, filled: dict[str, int], zone: str, how: str
) -> None:
    by_id = {item_id: key for key, item_id in filled.items()}
    rows = json.loads(_search(tmp_path, monkeypatch, zone, how, "report", "--format", "json"))
    table = csv.DictReader(
        io.StringIO(_search(tmp_path, monkeypatch, zone, how, "report", "--format", "csv"))
    )
    as_csv = {int(row["id"]): row["published_at"] for row in table}
    times = {by_id[row["id"]]: row["published_at"] for row in rows}
    assert times == {by_id[i]: text for i, text in as_csv.items()}
    for key, text in times.items():
        moment = datetime.fromisoformat(text)
        assert moment == MOMENTS[key]  # the same instant as stored
        assert moment.utcoffset() == MOMENTS[key].astimezone(ZONES[zone]).utcoffset()
    if zone == "UTC":
        assert (times["c"], times["d"]) == (
            "2026-10-25T00:30:00+00:00",
            "2026-10-25T01:30:00+00:00",
        )
    else:
        # The same wall-clock time twice, told apart by the offset.
        assert (times["c"], times["d"]) == (
            "2026-10-25T03:30:00+03:00",
            "2026-10-25T03:30:00+02:00",
        )
        assert times["f"] == "2026-10-26T00:30:00+02:00"


def _bucket_keys(zone: tzinfo, hours_per: int, now: datetime) -> list[str]:
    """Which moments each sparkline bucket (oldest first) should hold, computed by hand."""
    span = timedelta(hours=hours_per)
    local_now = now.astimezone(zone)
    # Bucket starts are local wall-clock multiples of `hours_per` hours from midnight.
    start = local_now.replace(hour=local_now.hour - local_now.hour % hours_per, minute=0)
    starts = []
    wall = start.replace(tzinfo=None)
    for _ in range(168 // hours_per):
        starts.append(wall.replace(tzinfo=zone).astimezone(UTC))
        wall -= span
    starts.reverse()
    ends = [*starts[1:], now + timedelta(hours=1)]
    return [
        "".join(k for k, m in MOMENTS.items() if lo <= m < hi)
        for lo, hi in zip(starts, ends, strict=True)
    ]


@pytest.mark.parametrize("zone", list(ZONES))
def test_watchlist_sparkline_buckets_follow_the_zone_across_the_change(
    tmp_path: Path, filled: dict[str, int], zone: str
) -> None:
    db = open_database(tmp_path / "fw.db")
    add_place(db, "pokrovsk")
    now = datetime(2026, 10, 26, 12, 40, tzinfo=UTC)  # Kyiv 14:40 (+02)
    (stats,) = [s for s in watch_stats(db, now=now) if s.rule.place_id == "pokrovsk"]
    db.close()
    assert sum(stats.hourly_7d) == 7  # the hourly series is kept in UTC hours
    days = bucket_series(stats.hourly_7d, now, ZONES[zone], 24)
    quarters = bucket_series(stats.hourly_7d, now, ZONES[zone], 6)
    assert days == [len(keys) for keys in _bucket_keys(ZONES[zone], 24, now)]
    assert quarters == [len(keys) for keys in _bucket_keys(ZONES[zone], 6, now)]
    if zone == "UTC":
        assert days[-3:] == [2, 4, 1]  # the 24th: a b; the 25th: c d e f; the 26th: g
    else:
        # Kyiv's 25-hour 25th holds b c d e; its first quarter (00-06) ran 7 hours.
        assert days[-3:] == [1, 4, 2]
        assert quarters[-8:-3] == [1, 3, 0, 0, 1]


@pytest.mark.parametrize("zone", list(ZONES))
def test_saved_queries_count_and_alert_with_dates_in_the_zone(
    tmp_path: Path, filled: dict[str, int], zone: str
) -> None:
    query = "report since:2026-10-25 until:2026-10-25"
    in_utc, in_kyiv = DAY_FILTERS["since:2026-10-25 until:2026-10-25"]
    expected = {filled[key] for key in (in_utc if zone == "UTC" else in_kyiv)}
    db = open_database(tmp_path / "fw.db")
    add_query(db, query)
    (stats,) = [s for s in watch_stats(db, now=SEEN, tz=ZONES[zone]) if s.rule.query == query]
    matched = match_ids(db, query, list(filled.values()), now=SEEN, tz=ZONES[zone])
    db.close()
    assert sum(stats.hourly_7d) == len(expected)
    assert matched == expected


def test_the_poller_reads_saved_query_dates_in_the_configured_zone(tmp_path: Path) -> None:
    settings = load_settings(write_config(tmp_path / "kyiv.toml", {"timezone": "Europe/Kyiv"}))
    db = open_database(tmp_path / "fw.db")
    monitor = build_monitor(db, settings, Fetcher("test"), CpuPool(tagger=object()))
    db.close()
    assert monitor.alert_policy.zone == KYIV


@pytest.mark.parametrize("how", ["config", "system"])
@pytest.mark.parametrize("zone", list(ZONES))
async def test_the_monitor_shows_times_in_the_zone_and_names_it_in_the_header(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, filled: dict[str, int], zone: str, how: str
) -> None:
    from tui.app import FrontwatchApp
    from tui.widgets.status_header import StatusHeader

    started: list[FrontwatchApp] = []
    monkeypatch.setattr(FrontwatchApp, "run", lambda app: started.append(app))
    top = {"timezone": zone} if how == "config" else {}
    config = write_config(tmp_path / "tui.toml", top)
    monkeypatch.setenv("TZ", zone if how == "system" else ("UTC" if zone != "UTC" else KYIV.key))
    args = ["--db", str(tmp_path / "fw.db"), "--config", str(config), "--no-poll"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    (opened,) = started
    opened.db.close()
    opened.search_db.close()
    assert opened.options.zone_name == zone
    assert opened.options.zone.utcoffset(MOMENTS["d"].replace(tzinfo=None)) == (
        ZONES[zone].utcoffset(MOMENTS["d"].replace(tzinfo=None))
    )
    if zone == "UTC":
        return  # the header itself is drawn once per way of naming Kyiv (a TUI run is slow)
    # The second 03:30 of Kyiv's long night (01:30 UTC), on the clock in the header.
    app = FrontwatchApp(replace(opened.options, now=lambda: MOMENTS["d"]))
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        header = app.screen.query_one(StatusHeader).plain
    assert " │ 03:30 Europe/Kyiv" in header
