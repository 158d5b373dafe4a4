"""`frontwatch state export|import`: watchlist, stars and read marks survive a rebuilt database."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from storage import Database, open_database
from storage.items import mark_read, set_starred, store_items
from storage.sources import add_source
from storage.types import NewItem, Source

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def empty_default_watchlist(monkeypatch: pytest.MonkeyPatch) -> None:
    """Both databases start with no watchlist, so every rule compared is one the test made."""
    monkeypatch.setenv("FRONTWATCH_WATCH_DEFAULTS", "[]")


def news(guid: str, url: str | None = None) -> NewItem:
    return NewItem(guid=guid, title=f"Story {guid}", url=url, summary=f"Text of {guid}")


# (source, guid, url) of the items of database A.
ITEMS_A = [
    ("ua-news", "g1", "https://ua.example/a/1"),
    ("ua-news", "g2", "https://ua.example/a/2"),
    ("ua-news", "g3", None),
    ("ua-news", "gone", "https://ua.example/a/gone"),
    ("ru-blog", "p7", "https://t.me/rublog/7"),
    ("old-id", "x1", "https://intl.example/x/1?utm_source=feed"),
]


def build(db_path: Path, cli, items: list[tuple[str, str, str | None]]) -> Database:  # noqa: ANN001
    """A database with places loaded (through the CLI), three sources and these items."""
    assert cli("watch", "list", db=db_path).exit_code == 0
    db = open_database(db_path)
    for source_id in ("ua-news", "ru-blog", "old-id", "new-id"):
        add_source(db, Source(id=source_id, kind="rss", url=f"https://{source_id}.example/rss"))
    for number, (source_id, guid, url) in enumerate(items):
        store_items(db, source_id, [news(guid, url)], now=T0 + timedelta(minutes=number))
    return db


def item_id(db: Database, source_id: str, guid: str) -> int:
    return (
        db.conn()
        .execute("SELECT id FROM items WHERE source_id = ? AND guid = ?", (source_id, guid))
        .fetchone()[0]
    )


def marks(db: Database) -> dict[str, tuple[int, int | None]]:
    """Title → (starred, read_at) of every item: titles name the same story in both DBs."""
    rows = db.conn().execute("SELECT title, starred, read_at FROM items").fetchall()
    return {title: (starred, read_at) for title, starred, read_at in rows}


def rules(db: Database) -> set[tuple]:
    return set(
        db.conn().execute("SELECT place_id, query, themes, label, added_at FROM watch_rules")
    )


@pytest.fixture
def db_a(tmp_path: Path, cli) -> Database:  # noqa: ANN001
    """A database with a watchlist, starred and read items."""
    path = tmp_path / "a.db"
    for args in (
        ("watch", "add", "Hryshyne", "--themes", "assault,capture"),
        ("watch", "add", "Покровськ"),
        ("watch", "add", "--query", "дрони place:Myrnohrad", "--themes", "drones"),
    ):
        assert cli(*args, db=path).exit_code == 0
    db = build(path, cli, ITEMS_A)
    set_starred(db, item_id(db, "ua-news", "g1"), True)
    set_starred(db, item_id(db, "ua-news", "gone"), True)
    set_starred(db, item_id(db, "old-id", "x1"), True)
    mark_read(db, [item_id(db, "ua-news", g) for g in ("g1", "g2", "g3")])
    mark_read(db, [item_id(db, "ru-blog", "p7")])
    with db.write() as conn:  # distinct read times, so the test sees them carried exactly
        conn.execute("UPDATE items SET read_at = read_at - id WHERE read_at IS NOT NULL")
    yield db
    db.close()


@pytest.fixture
def db_b(tmp_path: Path, cli) -> Database:  # noqa: ANN001
    """The same stories stored again in another order, as a rebuild would: new ids, one
    item re-keyed by its feed (same URL, new guid), one source renamed, one item missing."""
    filler = [("ru-blog", f"filler{i}", None) for i in range(3)]
    again = [
        ("ru-blog", "p7", "https://t.me/rublog/7"),
        ("ua-news", "g3", None),
        ("ua-news", "g2-new-guid", "https://ua.example/a/2"),
        ("ua-news", "g1", "https://ua.example/a/1"),
        ("new-id", "x1-renamed", "https://intl.example/x/1"),
    ]
    db = build(tmp_path / "b.db", cli, filler + again)
    with db.write() as conn:  # the rebuilt copies carry the old titles, so marks() can pair them
        conn.execute("UPDATE items SET title = 'Story g2' WHERE guid = 'g2-new-guid'")
        conn.execute("UPDATE items SET title = 'Story x1' WHERE guid = 'x1-renamed'")
    yield db
    db.close()


def test_export_then_import_into_a_rebuilt_database(
    cli,  # noqa: ANN001
    tmp_path: Path,
    db_a: Database,
    db_b: Database,
) -> None:
    state = tmp_path / "state.json"
    exported = cli("state", "export", str(state), db=Path(db_a.path))
    assert exported.exit_code == 0, exported.stderr
    assert exported.stdout == (
        f"wrote 3 watch rules and 6 item marks (3 starred, 4 read) to {state}\n"
    )
    data = json.loads(state.read_text(encoding="utf-8"))
    assert (data["format"], data["version"]) == ("frontwatch-state", 1)
    hryshyne = next(r for r in data["watch"] if r["place"] == "hryshyne")
    assert hryshyne["themes"] == ["assault", "capture"]
    assert all("id" not in m for m in data["items"])  # never keyed by row number

    # Before: B has a rule and a star of its own, which the merge must keep.
    assert cli("watch", "add", "Kramatorsk", db=Path(db_b.path)).exit_code == 0
    set_starred(db_b, item_id(db_b, "ru-blog", "filler0"), True)
    own_rules = rules(db_b)

    imported = cli("state", "import", str(state), db=Path(db_b.path))
    assert imported.exit_code == 0, imported.stderr
    assert imported.stdout == (
        f"imported {state}: applied 3 watch rules, 2 stars, 4 read marks; "
        "0 already so; not found: 1 items, 0 watched places\n"
    )
    assert rules(db_b) == rules(db_a) | own_rules
    wanted = {title: mark for title, mark in marks(db_a).items() if title != "Story gone"}
    got = marks(db_b)
    assert {title: got[title] for title in wanted} == wanted
    assert got["Story filler0"] == (1, None)

    again = cli("state", "import", str(state), db=Path(db_b.path))
    assert again.stdout == (
        f"imported {state}: applied 0 watch rules, 0 stars, 0 read marks; "
        "8 already so; not found: 1 items, 0 watched places\n"
    )
    assert marks(db_b) == got and rules(db_b) == rules(db_a) | own_rules


def test_import_never_unmarks_and_keeps_earlier_read_time(
    cli,  # noqa: ANN001
    tmp_path: Path,
    db_a: Database,
    db_b: Database,
) -> None:
    g1 = item_id(db_b, "ua-news", "g1")
    with db_b.write() as conn:
        conn.execute("UPDATE items SET starred = 1, read_at = 5 WHERE id = ?", (g1,))
    state = tmp_path / "state.json"
    state.write_text(
        json.dumps(
            {
                "format": "frontwatch-state",
                "version": 1,
                "items": [
                    {
                        "source": "ua-news",
                        "guid": "g1",
                        "starred": False,
                        "read_at": "2026-05-01T00:00:00+00:00",
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    result = cli("state", "import", str(state), db=Path(db_b.path))
    assert result.exit_code == 0, result.stderr
    assert "1 already so" in result.stdout
    row = db_b.conn().execute("SELECT starred, read_at FROM items WHERE id = ?", (g1,)).fetchone()
    assert row == (1, 5)


def test_standard_streams(cli, db_a: Database, db_b: Database) -> None:  # noqa: ANN001
    exported = cli("state", "export", "-", db=Path(db_a.path))
    assert exported.exit_code == 0, exported.stderr
    assert json.loads(exported.stdout)["format"] == "frontwatch-state"
    imported = cli("state", "import", "-", db=Path(db_b.path), input=exported.stdout)
    assert imported.exit_code == 0, imported.stderr
    assert imported.stdout.startswith("imported standard input: applied 3 watch rules, 2 stars")


def test_unknown_place_is_counted_not_fatal(cli, tmp_path: Path) -> None:  # noqa: ANN001
    state = tmp_path / "state.json"
    watch = [
        {"place": "no-such-place", "themes": []},
        {"query": "штурм", "themes": ["assault"]},
    ]
    state.write_text(
        json.dumps({"format": "frontwatch-state", "version": 1, "watch": watch}), encoding="utf-8"
    )
    result = cli("state", "import", str(state))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith("not found: 0 items, 1 watched places\n")
    listed = json.loads(cli("watch", "list", "--format", "json").stdout)
    assert [(r["query"], r["themes"], r["label"]) for r in listed] == [
        ("штурм", ["assault"], "штурм")
    ]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"{not json", "not valid JSON (line 1"),
        (b"\xff\xfe{}", "not UTF-8 text"),
        (b"[]", "not a frontwatch state file"),
        (b'{"format": "frontwatch-state", "version": 2}', "newer frontwatch (state version 2"),
        (b'{"format": "frontwatch-state", "version": "1"}', '"version" must be a whole number'),
        (b'{"format": "frontwatch-state", "version": 1, "items": {}}', '"items" must be a list'),
        (
            b'{"format": "frontwatch-state", "version": 1, "items": [{"guid": "g"}]}',
            'items[0]: needs "source" and "guid"',
        ),
        (
            b'{"format": "frontwatch-state", "version": 1, "items": '
            b'[{"source": "s", "guid": "g", "read_at": "yesterday"}]}',
            'items[0]: "read_at" is not an ISO 8601 time',
        ),
        (
            b'{"format": "frontwatch-state", "version": 1, "items": '
            b'[{"source": "s", "guid": "g", "read_at": "2026-01-01T10:00:00"}]}',
            'items[0]: "read_at" has no UTC offset',
        ),
        (
            b'{"format": "frontwatch-state", "version": 1, "items": '
            b'[{"source": "s", "guid": "g", "starred": "yes"}]}',
            'items[0]: "starred" has the wrong type (str)',
        ),
        (
            b'{"format": "frontwatch-state", "version": 1, "watch": '
            b'[{"place": "a", "query": "b"}]}',
            'watch[0]: needs exactly one of "place" and "query"',
        ),
        (
            b'{"format": "frontwatch-state", "version": 1, "watch": '
            b'[{"place": "a", "themes": ["x,y"]}]}',
            'watch[0]: "themes" must be a list of theme ids',
        ),
    ],
)
def test_malformed_files_are_one_line_errors_naming_the_file(
    cli,  # noqa: ANN001
    tmp_path: Path,
    content: bytes,
    reason: str,
) -> None:
    state = tmp_path / "bad.json"
    state.write_bytes(content)
    result = cli("state", "import", str(state))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"frontwatch: error: {state}: ")
    assert reason in result.stderr and result.stderr.count("\n") == 1, result.stderr


def test_missing_file_and_missing_database(cli, tmp_path: Path) -> None:  # noqa: ANN001
    missing = tmp_path / "nope.json"
    result = cli("state", "import", str(missing))
    assert result.exit_code == 1 and f"{missing}: cannot read it" in result.stderr
    result = cli("state", "export", str(tmp_path / "out.json"), db=tmp_path / "none.db")
    assert result.exit_code == 1 and "no database at" in result.stderr
    assert not (tmp_path / "none.db").exists() and not (tmp_path / "out.json").exists()
    assert cli("stats").exit_code == 0
    nowhere = tmp_path / "no-such-folder" / "out.json"
    result = cli("state", "export", str(nowhere))
    assert result.exit_code == 1 and f"{nowhere}: cannot write it" in result.stderr
