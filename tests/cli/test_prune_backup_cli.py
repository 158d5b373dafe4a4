"""`frontwatch prune` and `backup`, and the fetch log that trims itself as sources are polled."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import NamedTuple

import pytest

from frontwatch.config import load_settings
from frontwatch.wiring import build_monitor
from ingest.cpu import CpuPool
from ingest.fetch import Fetcher
from storage import Database, open_database
from storage.alerts import claim_alerts
from storage.items import set_starred, store_items
from storage.places import sync_places
from storage.prune import set_fetch_log_days
from storage.sources import PollRecord, add_source, record_poll
from storage.types import NewItem, Place, Source
from storage.watch import add_place
from tagging.types import PlaceTag, TagResult, ThemeTag

NOW = datetime.now(UTC).replace(microsecond=0)
PLACES = [
    Place("pokrovsk", "Pokrovsk", "Покровськ", "Покровск", "city", "Donetsk", None, 48.28, 37.18),
    Place("myrnohrad", "Myrnohrad", "Мирноград", "Мирноград", "city", "Donetsk", None, 48.3, 37.3),
]
STORY = "Окупанти штурмують околиці Покровська з півдня"


def ago(days: float, hours: float = 0) -> datetime:
    return NOW - timedelta(days=days, hours=hours)


def tagged(guid: str, title: str, places: tuple[str, ...] = ("pokrovsk",), **kw) -> NewItem:  # noqa: ANN003
    tags = TagResult("uk", tuple(PlaceTag(p, 1) for p in places), (ThemeTag("assault", 1.0),), "t")
    return NewItem(guid=guid, title=title, summary=f"{title}. Деталі {guid}", tags=tags, **kw)


def count(db: Database, sql: str, *params: object) -> int:
    return db.conn().execute(sql, params).fetchone()[0]


class Seeded(NamedTuple):
    db: Database
    ids: dict[str, int]  # item ids by guid
    rule_id: int


@pytest.fixture
def seeded(db_path: Path) -> Iterator[Seeded]:
    """Items from 200 days ago to yesterday, a duplicate across the cutoff, stars and alerts."""
    database = open_database(db_path)
    sync_places(database, PLACES, [("pokrovsk", "pokrovsk"), ("myrnohrad", "myrnohrad")], "t")
    for source_id in ("ua-news", "ru-blog"):
        add_source(database, Source(id=source_id, kind="rss", url=f"https://{source_id}.example/"))
    rule = add_place(database, "pokrovsk")
    plan = [
        # (source, guid, title, first seen, places)
        ("ua-news", "old1", "Давня новина перша", ago(200), ("pokrovsk",)),
        ("ua-news", "old2", "Давня новина друга", ago(199), ("pokrovsk", "myrnohrad")),
        ("ru-blog", "old3", "Старая новость", ago(190), ("myrnohrad",)),
        ("ua-news", "star", "Давня, але з зірочкою", ago(195), ("pokrovsk",)),
        # The first copy of a story falls before the cutoff, its copy after: the copy
        # must take over the count.
        ("ua-news", "first", STORY, ago(180, hours=1), ("pokrovsk",)),
        ("ru-blog", "copy", STORY, ago(180, hours=-1), ("pokrovsk",)),
        ("ua-news", "new1", "Свіжа новина", ago(10), ("pokrovsk",)),
        ("ru-blog", "new2", "Свежая новость", ago(1), ("myrnohrad",)),
    ]
    ids = {}
    for source_id, guid, title, seen, places in plan:
        (ids[guid],) = store_items(
            database, source_id, [tagged(guid, title, places)], now=seen
        ).new_ids
    set_starred(database, ids["star"], True)
    claim_alerts(database, [(ids["old1"], rule.id), (ids["new1"], rule.id)])
    yield Seeded(database, ids, rule.id)
    database.close()


@pytest.fixture
def db(seeded: Seeded) -> Database:
    """The seeded database alone."""
    return seeded.db


def snapshot(db: Database) -> dict[str, list]:
    """Every table prune touches, in full."""
    conn = db.conn()
    tables = {
        "items": "SELECT id, source_id, guid, dup_of, starred FROM items ORDER BY id",
        "fts": "SELECT rowid, title, tags FROM items_fts ORDER BY rowid",
        "places": "SELECT item_id, place_id FROM item_places ORDER BY 1, 2",
        "themes": "SELECT item_id, theme_id FROM item_themes ORDER BY 1, 2",
        "hourly": "SELECT place_id, hour, mentions FROM place_hourly ORDER BY 1, 2",
        "alerts": "SELECT item_id, rule_id FROM alerts_fired ORDER BY 1",
        "log": "SELECT source_id, started_at FROM fetch_log ORDER BY 1, 2",
    }
    return {name: conn.execute(sql).fetchall() for name, sql in tables.items()}


def assert_consistent(db: Database) -> None:
    """Integrity, FTS in step with items, tag rows only for items, hourly counts recounted."""
    conn = db.conn()
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.execute("INSERT INTO items_fts (items_fts, rank) VALUES ('integrity-check', 1)")
    item_ids = [r[0] for r in conn.execute("SELECT id FROM items ORDER BY id")]
    assert [r[0] for r in conn.execute("SELECT rowid FROM items_fts ORDER BY rowid")] == item_ids
    for table in ("item_places", "item_themes", "alerts_fired"):
        orphans = f"SELECT count(*) FROM {table} WHERE item_id NOT IN (SELECT id FROM items)"
        assert count(db, orphans) == 0, table
    # Every copy points at a story's first item, which itself counts.
    assert (
        count(
            db,
            "SELECT count(*) FROM items c JOIN items f ON f.id = c.dup_of "
            "WHERE f.dup_of IS NOT NULL",
        )
        == 0
    )
    recount = conn.execute(
        "SELECT p.place_id, min(COALESCE(i.published_at, i.fetched_at), i.fetched_at) / 3600, "
        "count(*) FROM items i JOIN item_places p ON p.item_id = i.id "
        "WHERE i.dup_of IS NULL GROUP BY 1, 2 ORDER BY 1, 2"
    ).fetchall()
    hourly = conn.execute("SELECT place_id, hour, mentions FROM place_hourly ORDER BY 1, 2")
    assert hourly.fetchall() == recount


def dup_of(rows: list[tuple], item_id: int) -> int | None:
    return next(row[3] for row in rows if row[0] == item_id)


def test_prune_keeps_starred_and_everything_in_step(cli, seeded: Seeded) -> None:  # noqa: ANN001
    db, ids = seeded.db, seeded.ids
    assert_consistent(db)  # the recount agrees before, so it means something after
    before = snapshot(db)
    assert dup_of(before["items"], ids["copy"]) == ids["first"]

    dry = cli("prune", "--older-than", "180d", "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    lines = dry.stdout.splitlines()
    assert lines[0].startswith("would delete 4 items first seen before ")
    assert lines[0].endswith("(1 starred kept) and 0 fetch-log rows older than 30 days")
    assert [line.split() for line in lines[1:]] == [["ua-news", "3"], ["ru-blog", "1"]]
    assert snapshot(db) == before

    result = cli("prune", "--older-than", "180d")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("deleted 4 items first seen before ")

    kept = {"star", "copy", "new1", "new2"}
    after = snapshot(db)
    assert {row[0] for row in after["items"]} == {ids[g] for g in kept}
    assert dup_of(after["items"], ids["copy"]) is None  # the copy now stands for the story
    survivors = {ids[g] for g in kept}
    for table in ("fts", "places", "themes"):
        assert after[table] == [r for r in before[table] if r[0] in survivors], table
    assert after["alerts"] == [(ids["new1"], seeded.rule_id)]
    assert after["hourly"] != before["hourly"]
    assert_consistent(db)
    assert cli("prune", "--older-than", "180d").stdout.startswith("deleted 0 items")


def test_prune_in_small_batches_walks_past_starred_items(
    cli,  # noqa: ANN001
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("storage.prune.BATCH", 2)
    stored = store_items(
        db,
        "ua-news",
        [tagged(f"bulk{i}", f"Масова новина номер {i}") for i in range(9)],
        now=ago(300),
    )
    for item_id in stored.new_ids[::3]:
        set_starred(db, item_id, True)
    result = cli("prune", "--older-than", "30d")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("deleted 11 items first seen before ")
    assert "(4 starred kept)" in result.stdout
    assert (
        count(db, "SELECT count(*) FROM items WHERE fetched_at < ?", int(ago(30).timestamp())) == 4
    )
    assert count(db, "SELECT count(*) FROM items") == 6
    assert_consistent(db)


def test_prune_prunes_the_fetch_log(cli, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    with db.write() as conn:
        for days in (45, 31, 29, 1):
            conn.execute(
                "INSERT INTO fetch_log (source_id, started_at, status) VALUES ('ru-blog', ?, 'ok')",
                (int(ago(days).timestamp()),),
            )
    dry = cli("prune", "--older-than", "365d", "--dry-run")
    assert "and 2 fetch-log rows older than 30 days" in dry.stdout
    assert count(db, "SELECT count(*) FROM fetch_log") == 4
    monkeypatch.setenv("FRONTWATCH_RETENTION_FETCH_LOG_DAYS", "10")
    result = cli("prune", "--older-than", "365d")
    assert result.stdout.endswith("and 3 fetch-log rows older than 10 days\n")
    assert count(db, "SELECT count(*) FROM fetch_log") == 1


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("180", "--older-than needs a unit, e.g. 180d"),
        ("2h", "--older-than must be at least 1d"),
        ("soon", "expected a duration like"),
    ],
)
def test_prune_refuses_risky_ages(cli, db: Database, value: str, reason: str) -> None:  # noqa: ANN001
    result = cli("prune", "--older-than", value)
    assert result.exit_code == 1
    assert reason in result.stderr and result.stderr.count("\n") == 1
    assert count(db, "SELECT count(*) FROM items") == 8


def poll(db: Database, source_id: str, started: datetime) -> None:
    record = PollRecord(started_at=started, status="ok", next_poll_at=started)
    with db.write() as conn:
        record_poll(conn, source_id, record)


def log_ages(db: Database, source_id: str) -> list[int]:
    rows = db.conn().execute(
        "SELECT started_at FROM fetch_log WHERE source_id = ? ORDER BY started_at", (source_id,)
    )
    return [round((NOW.timestamp() - r[0]) / 86400) for r in rows]


def test_each_poll_trims_its_own_sources_log(db: Database) -> None:
    for days in (40, 35, 20):
        poll(db, "ua-news", ago(days))
        poll(db, "ru-blog", ago(days))
    # Each poll trims relative to its own start: 20 days after the 40-day poll, both stay.
    assert log_ages(db, "ua-news") == [40, 35, 20]
    poll(db, "ua-news", NOW)
    assert log_ages(db, "ua-news") == [20, 0]
    assert log_ages(db, "ru-blog") == [40, 35, 20]  # another source's log is its own poll's job
    set_fetch_log_days(db, 5)
    poll(db, "ru-blog", NOW)
    assert log_ages(db, "ru-blog") == [0]


def test_poller_start_trims_the_whole_log(db: Database) -> None:
    for days in (40, 12, 2):
        poll(db, "ua-news", ago(days))
        poll(db, "ru-blog", ago(days))
    settings = load_settings(env={"FRONTWATCH_RETENTION_FETCH_LOG_DAYS": "7"})
    build_monitor(db, settings, Fetcher("9.9-test"), CpuPool(tagger=object()))
    assert log_ages(db, "ua-news") == log_ages(db, "ru-blog") == [2]
    with db.write() as conn:
        conn.execute(
            "INSERT INTO fetch_log (source_id, started_at, status) VALUES ('ua-news', ?, 'ok')",
            (int(ago(10).timestamp()),),
        )
    poll(db, "ua-news", NOW)
    assert log_ages(db, "ua-news") == [2, 0]  # the poller's 7 days, not the default 30


# -- backup -----------------------------------------------------------------------------


def items_in(path: Path) -> tuple[int, int, str]:
    """(items, FTS rows, integrity) of a database file."""
    with sqlite3.connect(path) as conn:
        return (
            conn.execute("SELECT count(*) FROM items").fetchone()[0],
            conn.execute("SELECT count(*) FROM items_fts").fetchone()[0],
            conn.execute("PRAGMA integrity_check").fetchone()[0],
        )


def test_backup_leaves_out_an_uncommitted_write(cli, db: Database, tmp_path: Path) -> None:  # noqa: ANN001
    target = tmp_path / "copy.db"
    writer = open_database(db.path)
    try:
        with writer.write():
            store = writer.conn().execute
            store(
                "INSERT INTO items (source_id, guid, title, fetched_at, content_hash) "
                "VALUES ('ua-news', 'pending', 'Не збережено', 1, 'h')"
            )
            # The writer holds the write lock and has not committed: the backup neither
            # waits for it nor copies its row.
            result = cli("backup", str(target))
        assert result.exit_code == 0, result.stderr
        assert result.stdout.startswith(f"backed up 8 items to {target} (")
        assert result.stdout.endswith("integrity check ok)\n")
        assert items_in(target) == (8, 8, "ok")
        assert count(db, "SELECT count(*) FROM items") == 9
    finally:
        writer.close()
    copy = open_database(target)  # a working frontwatch database, in WAL mode like the original
    assert copy.conn().execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    copy.close()


def test_backup_while_a_writer_keeps_storing(cli, db_path: Path, tmp_path: Path) -> None:  # noqa: ANN001
    per_batch = 25
    base = open_database(db_path)
    add_source(base, Source(id="busy", kind="rss", url="https://busy.example/"))
    body = "Довгий текст новини про фронт. " * 40
    for batch in range(40):  # enough pages that the copy takes a while
        store_items(
            base,
            "busy",
            [
                NewItem(guid=f"s{batch}-{i}", title=f"Новина {batch}-{i}", summary=body)
                for i in range(per_batch)
            ],
        )
    base.close()
    committed = [0]
    progress = threading.Condition()
    stop = threading.Event()

    def write_until_stopped() -> None:
        db = open_database(db_path)
        try:
            while not stop.is_set():
                n = committed[0]
                store_items(
                    db,
                    "busy",
                    [
                        NewItem(guid=f"w{n}-{i}", title=f"Свіже {n}-{i}", summary=body)
                        for i in range(per_batch)
                    ],
                )
                with progress:
                    committed[0] += 1
                    progress.notify_all()
        finally:
            db.close()

    thread = threading.Thread(target=write_until_stopped)
    thread.start()
    try:
        with progress:
            assert progress.wait_for(lambda: committed[0] >= 1, timeout=30)
        target = tmp_path / "live.db"
        result = cli("backup", str(target))
        with progress:
            seen = committed[0]
            # The writer carried on after the copy was taken.
            assert progress.wait_for(lambda: committed[0] >= seen + 1, timeout=30)
    finally:
        stop.set()
        thread.join(timeout=30)
    assert result.exit_code == 0, result.stderr
    items, fts, integrity = items_in(target)
    assert integrity == "ok" and items == fts
    assert items % per_batch == 0  # whole transactions only: a snapshot of one commit
    assert items >= (40 + 1) * per_batch  # it holds what was committed before it started
    with sqlite3.connect(db_path) as conn:
        assert items < conn.execute("SELECT count(*) FROM items").fetchone()[0]


def test_backup_refuses_to_overwrite_without_force(cli, db: Database, tmp_path: Path) -> None:  # noqa: ANN001
    target = tmp_path / "copy.db"
    target.write_bytes(b"precious")
    refused = cli("backup", str(target))
    assert refused.exit_code == 1
    assert refused.stderr == f"frontwatch: error: {target} exists: use --force to replace it\n"
    assert target.read_bytes() == b"precious"
    forced = cli("backup", str(target), "--force")
    assert forced.exit_code == 0, forced.stderr
    assert items_in(target) == (8, 8, "ok")
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []


def test_backup_errors_are_one_line(cli, db: Database, db_path: Path, tmp_path: Path) -> None:  # noqa: ANN001
    for args, reason in [
        ((str(db_path), "--force"), "is the database itself"),
        ((str(tmp_path / "missing" / "copy.db"),), "is not a folder"),
    ]:
        result = cli("backup", *args)
        assert result.exit_code == 1, args
        assert reason in result.stderr and result.stderr.count("\n") == 1
    result = cli("backup", str(tmp_path / "x.db"), db=tmp_path / "none.db")
    assert result.exit_code == 1 and "no database at" in result.stderr
    assert not (tmp_path / "none.db").exists()
