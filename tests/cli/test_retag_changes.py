"""`frontwatch retag` after a change: current items skipped, themes alone re-scored when only
themes changed, and the result the same as a full re-tag would store."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

TEXTS = [
    ("Бои под Мирноградом", "Дроны атаковали позиции. Видео геолокация подтверждает."),
    ("Drone strikes near Pokrovsk", "Footage was geolocated to the outskirts of the town."),
    ("Обстріл Костянтинівки", "Дрони вдарили по місту, геолокація підтвердила місце."),
    ("Weather report", "Snow and fog over the steppe."),
]
USER_THEME = '[tagging.themes]\ngeo = ["geolocated", "геолокація", "геолокация"]\n'
USER_PLACE = '[tagging.places]\nmyrnohrad = ["Мирноградище"]\n'


@pytest.fixture
def stored(cli: Callable[..., Result], db_path: Path) -> Path:
    """A database with the texts above stored untagged, then tagged by a first retag."""
    from storage import open_database
    from storage.items import store_items
    from storage.sources import add_source
    from storage.types import NewItem, Source

    assert cli("stats").exit_code == 0
    db = open_database(db_path)
    add_source(db, Source(id="s", kind="rss", url="http://127.0.0.1:9/feed"))
    items = [NewItem(guid=str(n), title=t, summary=b) for n, (t, b) in enumerate(TEXTS)]
    store_items(db, "s", items)
    db.close()
    first = cli("retag", "--workers", "1")
    assert first.exit_code == 0, first.stderr
    assert f"retagged {len(TEXTS)} items" in first.stdout
    return db_path


def _tags(db_path: Path) -> tuple[list[tuple], list[tuple], list[tuple]]:
    with sqlite3.connect(db_path) as conn:
        return (
            conn.execute("SELECT * FROM item_places ORDER BY 1, 2").fetchall(),
            conn.execute("SELECT * FROM item_themes ORDER BY 1, 2").fetchall(),
            conn.execute("SELECT rowid, tags FROM items_fts ORDER BY 1").fetchall(),
        )


def _config(tmp_path: Path, text: str) -> str:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_items_the_tagger_already_tagged_are_skipped_unless_forced(cli, stored: Path) -> None:  # noqa: ANN001
    again = cli("retag", "--workers", "1")
    assert "retagged 0 items" in again.stdout and f"{len(TEXTS)} already current" in again.stdout
    forced = cli("retag", "--workers", "1", "--force")
    assert f"retagged {len(TEXTS)} items" in forced.stdout and "changed on 0" in forced.stdout


def test_a_theme_change_rescores_themes_alone_as_a_full_retag_would(
    cli,  # noqa: ANN001
    stored: Path,
    tmp_path: Path,
) -> None:
    places_before, _, tokens_before = _tags(stored)
    config = _config(tmp_path, USER_THEME)
    result = cli("--config", config, "retag", "--workers", "1")
    assert result.exit_code == 0, result.stderr
    assert f"{len(TEXTS)} of them for themes only" in result.stdout
    assert "changed on 3" in result.stdout  # the three texts with a "geo" cue
    places, themes, tokens = _tags(stored)
    assert places == places_before
    assert sorted(row[0] for row in themes if row[1] == "geo") == [1, 2, 3]
    assert all("zt_geo" in t for rowid, t in tokens if rowid != 4)
    assert tokens[3] == tokens_before[3]  # the weather report: no geo, its row untouched
    found = cli("--config", config, "search", "theme:geo", "--format", "json")
    assert found.exit_code == 0, found.stderr  # a user theme is a known one
    assert sorted(hit["id"] for hit in json.loads(found.stdout)) == [1, 2, 3]
    # Whatever the shortcut stored, a full re-tag by the same tagger finds nothing to change.
    forced = cli("--config", config, "retag", "--workers", "1", "--force")
    assert "changed on 0" in forced.stdout
    assert _tags(stored) == (places, themes, tokens)


def test_a_place_change_retags_in_full(cli, stored: Path, tmp_path: Path) -> None:  # noqa: ANN001
    config = _config(tmp_path, USER_PLACE)
    result = cli("--config", config, "retag", "--workers", "1")
    assert result.exit_code == 0, result.stderr
    assert f"retagged {len(TEXTS)} items (" in result.stdout  # no "for themes only"
    assert "changed on 0" in result.stdout  # nobody writes "Мирноградище"
    assert "already current" not in result.stdout
    again = cli("--config", config, "retag", "--workers", "1")
    assert f"{len(TEXTS)} already current" in again.stdout


def test_stale_evidence_is_rewritten_though_the_tags_are_the_same(cli, stored: Path) -> None:  # noqa: ANN001
    good = _tags(stored)
    with sqlite3.connect(stored) as conn:
        conn.execute("UPDATE item_places SET evidence = '[]'")
        conn.execute("UPDATE item_themes SET score = 0.5")
        conn.execute("UPDATE items SET tagger_version = '1.0123456789'")
    result = cli("retag", "--workers", "1")
    assert f"changed on {len(TEXTS)}" in result.stdout
    assert _tags(stored) == good


def test_version_halves_follow_what_changed() -> None:
    from tagging import Tagger
    from tagging.tagger import version_halves

    plain = version_halves(Tagger().version)
    themed = version_halves(Tagger(extra_themes={"geo": ["geolocated"]}).version)
    spelled = version_halves(Tagger(extra_places={"myrnohrad": ["Мирноградище"]}).version)
    assert plain and themed and spelled
    assert themed[0] == plain[0] and themed[1] != plain[1]
    assert spelled[0] != plain[0] and spelled[1] == plain[1]
    assert version_halves("1.0123456789") is None and version_halves(None) is None
