"""`frontwatch tag` (text, JSON, JSON lines, --explain) and `frontwatch retag`."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

TEXT = "Штурм під Покровськом\nЗСУ відбили атаку біля Гришиного. Світле майбутнє настане.\n"


def test_tag_json(cli) -> None:  # noqa: ANN001
    result = cli("tag", "--format", "json", input=TEXT)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["lang"] == "uk"
    assert [p["id"] for p in data["places"]] == ["pokrovsk", "hryshyne"]
    assert data["places"][0]["lat"] is not None
    assert "assault" in [t["id"] for t in data["themes"]]
    assert all(set(p) == {"id", "name", "mentions", "lat", "lon"} for p in data["places"])


def test_tag_explain_shows_spans_forms_rules_and_rejections(cli) -> None:  # noqa: ANN001
    data = json.loads(cli("tag", "--format", "json", "--explain", input=TEXT).stdout)
    evidence = data["places"][0]["evidence"][0]
    assert evidence["field"] == "title"
    assert TEXT.splitlines()[0][evidence["start"] : evidence["end"]] == "Покровськом"
    assert evidence["rule"]
    assert any(r["form"].lower() == "світле" for r in data["rejected"])
    text = cli("tag", "--explain", input=TEXT).stdout
    assert "Pokrovsk" in text and "rule=" in text and "rejected" in text


def test_tag_file_argument(cli, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "report.txt"
    path.write_text("Russian forces shelled Kostiantynivka\n", encoding="utf-8")
    data = json.loads(cli("tag", str(path), "--format", "json").stdout)
    assert [p["name"] for p in data["places"]] == ["Kostiantynivka"]


def test_tag_jsonl_streams_with_ids_and_bad_lines(cli) -> None:  # noqa: ANN001
    lines = "\n".join(
        [
            json.dumps({"id": 7, "text": "Бои за Красноармейск"}),
            "not json",
            json.dumps({"id": "x", "text": "Drone strike on Kramatorsk"}),
        ]
    )
    result = cli("tag", "--jsonl", input=lines + "\n")
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == [7, None, "x"]
    assert out[0]["places"][0]["id"] == "pokrovsk"
    assert "error" in out[1]
    assert out[2]["places"][0]["id"] == "kramatorsk"


def test_retag_fills_tags_of_untagged_items(cli, db_path: Path) -> None:  # noqa: ANN001
    from storage import open_database
    from storage.items import store_items
    from storage.sources import add_source
    from storage.types import NewItem, Source

    assert cli("stats").exit_code == 0  # creates the database and loads places
    db = open_database(db_path)
    add_source(db, Source(id="s", kind="rss", url="http://127.0.0.1:9/feed"))
    store_items(db, "s", [NewItem(guid="1", title="Бои под Мирноградом", summary="дроны")])
    db.close()
    result = cli("retag", "--workers", "1")
    assert result.exit_code == 0, result.stderr
    assert "retagged 1 items" in result.stdout and "changed on 1" in result.stdout
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT place_id FROM item_places").fetchall() == [("myrnohrad",)]
    again = cli("retag", "--workers", "1")
    assert "changed on 0" in again.stdout
    found = cli("search", "place:Myrnohrad", "--format", "json")
    assert [r["id"] for r in json.loads(found.stdout)] == [1]


def test_retag_since_only_touches_recent_items(cli, db_path: Path) -> None:  # noqa: ANN001
    from datetime import UTC, datetime, timedelta

    from storage import open_database
    from storage.items import store_items
    from storage.sources import add_source
    from storage.types import NewItem, Source

    assert cli("stats").exit_code == 0
    db = open_database(db_path)
    add_source(db, Source(id="s", kind="rss", url="http://127.0.0.1:9/feed"))
    now = datetime.now(UTC)
    old, new = now - timedelta(days=30), now - timedelta(hours=2)
    store_items(
        db,
        "s",
        [
            NewItem(guid="old", title="Бои под Мирноградом", published_at=old),
            NewItem(guid="new", title="Бои под Покровском", published_at=new),
        ],
    )
    db.close()
    result = cli("retag", "--workers", "1", "--since", "7d")
    assert result.exit_code == 0, result.stderr
    assert "retagged 1 items" in result.stdout
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT place_id FROM item_places").fetchall() == [("pokrovsk",)]


def test_id_ranges_cover_every_item_once(tmp_path: Path) -> None:
    from storage import open_database
    from storage.items import store_items
    from storage.retags import id_ranges, texts_in_range
    from storage.sources import add_source
    from storage.types import NewItem, Source

    db = open_database(tmp_path / "r.db")
    add_source(db, Source(id="s", kind="rss", url="http://127.0.0.1:9/feed"))
    store_items(db, "s", [NewItem(guid=str(n), title=f"item {n}") for n in range(23)])
    ranges = list(id_ranges(db, size=5))
    assert len(ranges) == 5 and ranges[0][0] == 0
    assert all(a[1] == b[0] for a, b in zip(ranges, ranges[1:], strict=False))
    ids = [row[0] for after, upto in ranges for row in texts_in_range(db, after, upto)]
    assert sorted(ids) == list(range(1, 24))
    db.close()
