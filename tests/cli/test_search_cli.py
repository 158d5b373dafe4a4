"""`frontwatch search` and `stats` output: table, JSON, CSV; hostile text shown literally."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from storage import open_database
from storage.items import store_items
from storage.schema import SCHEMA_VERSION
from storage.sources import add_source
from storage.types import NewItem, Source
from tagging.tagger import default_tagger

HOSTILE = [
    "[bold]Breaking[/bold] news from Pokrovsk",
    "Pokrovsk [/] update",
    "[red]x[/red] near Pokrovsk",
    "Pokrovsk \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\ report",
    "Pokrovsk \x1b]0;title\x07 and \x1b[2J cleared",
]


@pytest.fixture
def filled(cli, db_path: Path) -> Path:  # noqa: ANN001
    assert cli("watch", "list").exit_code == 0  # creates the database and loads the places
    db = open_database(db_path)
    add_source(db, Source(id="ua-news", kind="rss", url="http://127.0.0.1:9/a", side="ua"))
    tagger = default_tagger()
    items = [
        NewItem(
            guid=f"h{i}",
            title=title,
            summary="Штурми тривають під Покровськом, дрони атакують логістику.",
            url=f"http://127.0.0.1:9/{i}",
            published_at=datetime(2026, 10, 25, 1, 30, tzinfo=UTC),
            tags=tagger.tag(title, "Штурми тривають під Покровськом, дрони атакують логістику."),
        )
        for i, title in enumerate(HOSTILE)
    ]
    store_items(db, "ua-news", items)
    db.close()
    return db_path


def test_json_fields_and_literal_titles(cli, filled: Path) -> None:  # noqa: ANN001
    result = cli("search", "place:Покровськ", "--format", "json", "--limit", "10")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) == len(HOSTILE)
    assert set(rows[0]) == {
        "id",
        "published_at",
        "source",
        "title",
        "url",
        "lang",
        "places",
        "themes",
        "snippet",
    }
    titles = {r["title"] for r in rows}
    assert "[bold]Breaking[/bold] news from Pokrovsk" in titles
    assert all("\x1b" not in t and "\x07" not in t for t in titles)
    assert rows[0]["places"] == ["Pokrovsk"] and "drones" in rows[0]["themes"]


def test_times_carry_the_configured_zone(cli, filled: Path, tmp_path: Path) -> None:  # noqa: ANN001
    config = tmp_path / "kyiv.toml"
    config.write_text('timezone = "Europe/Kyiv"\n', encoding="utf-8")
    rows = json.loads(cli("--config", str(config), "search", "дрони", "--format", "json").stdout)
    # Kyiv left summer time at 01:00 UTC on 25 Oct 2026: 01:30 UTC is 03:30 at +02:00.
    assert rows[0]["published_at"] == "2026-10-25T03:30:00+02:00"
    utc = json.loads(cli("search", "дрони", "--format", "json").stdout)
    assert utc[0]["published_at"] == "2026-10-25T01:30:00+00:00"


def test_csv(cli, filled: Path) -> None:  # noqa: ANN001
    text = cli("search", "дрони", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(HOSTILE)
    assert rows[0]["places"] == "Pokrovsk"
    assert "\x1b" not in text


def test_table_output_is_literal_and_free_of_escapes(
    cli,
    filled: Path,
    monkeypatch: pytest.MonkeyPatch,  # noqa: ANN001
) -> None:
    monkeypatch.setenv("COLUMNS", "250")
    result = cli("search", "Pokrovsk", "--limit", "10")
    assert result.exit_code == 0
    assert "[bold]Breaking[/bold]" in result.stdout
    assert "[red]x[/red]" in result.stdout and "[/]" in result.stdout
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout


def test_empty_and_only_negative_queries(cli, filled: Path) -> None:  # noqa: ANN001
    assert "nothing to search for" in cli("search", "AND", "AND").stderr
    assert "cannot only exclude" in cli("search", "-дрони").stderr
    assert len(json.loads(cli("search", "Pokrovsk", "-дрони", "--format", "json").stdout)) == 0


def test_stats(cli, filled: Path) -> None:  # noqa: ANN001
    data = json.loads(cli("stats", "--format", "json").stdout)
    assert data["items"] == len(HOSTILE) and data["sources"] == 1
    assert data["places_tagged"] == 1 and data["schema_version"] == SCHEMA_VERSION
    assert "items" in cli("stats").stdout
