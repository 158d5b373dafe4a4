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


def test_a_place_change_finds_places_alone_as_a_full_retag_would(
    cli,  # noqa: ANN001
    stored: Path,
    tmp_path: Path,
) -> None:
    places_plain = _tags(stored)[0]
    with sqlite3.connect(stored) as conn:
        # A theme row only a theme re-score would repair: the place half must leave it.
        conn.execute("UPDATE item_themes SET score = 0.5 WHERE item_id = 1")
        # And a place row of an item without a word of the new spelling is not looked at.
        conn.execute("UPDATE item_places SET evidence = '[]' WHERE item_id = 1")
    _, themes_before, _ = _tags(stored)
    config = _config(tmp_path, '[tagging.places]\nsiversk = ["Footage"]\n')
    result = cli("--config", config, "retag", "--workers", "1")
    assert result.exit_code == 0, result.stderr
    assert f"retagged {len(TEXTS)} items, {len(TEXTS)} of them for places only" in result.stdout
    assert "changed on 1" in result.stdout  # "Footage was geolocated…" now names Siversk
    places, themes, tokens = _tags(stored)
    assert themes == themes_before
    assert [row[:2] for row in places if row[0] == 2] == [(2, "pokrovsk"), (2, "siversk")]
    assert [row[3] for row in places if row[0] == 1] == ["[]"]
    assert "zp_siversk" in tokens[1][1]
    again = cli("--config", config, "retag", "--workers", "1")
    assert f"{len(TEXTS)} already current" in again.stdout
    forced = cli("--config", config, "retag", "--workers", "1", "--force")
    assert "changed on 1" in forced.stdout  # item 1, and nothing else
    repaired = _tags(stored)[0]
    assert [row for row in repaired if row[0] != 1] == [row for row in places if row[0] != 1]
    # Taking the spelling out again takes Siversk off the item that named it.
    back = cli("retag", "--workers", "1")
    assert "changed on 1" in back.stdout
    assert _tags(stored)[0] == places_plain


def test_a_theme_change_rescores_only_the_themes_it_changed(
    cli,  # noqa: ANN001
    stored: Path,
    tmp_path: Path,
) -> None:
    assert cli("--config", _config(tmp_path, USER_THEME), "retag", "--workers", "1").exit_code == 0
    _, themes_before, _ = _tags(stored)
    geo_before = {row[0]: row[2] for row in themes_before if row[1] == "geo"}
    with sqlite3.connect(stored) as conn:
        # Rows of a theme the change leaves alone are kept as stored, not scored again.
        conn.execute("UPDATE item_themes SET score = 0.5 WHERE theme_id = 'drones'")
    more = USER_THEME.replace('"геолокация"]', '"геолокация", "footage"]')
    result = cli("--config", _config(tmp_path, more), "retag", "--workers", "1")
    assert result.exit_code == 0, result.stderr
    assert "changed on 1" in result.stdout  # item 2 says both "footage" and "geolocated"
    _, themes, _ = _tags(stored)
    assert {row[2] for row in themes if row[1] == "drones"} == {0.5}
    geo = {row[0]: row[2] for row in themes if row[1] == "geo"}
    assert geo.keys() == geo_before.keys() and geo[2] > geo_before[2]
    forced = cli("--config", _config(tmp_path, more), "retag", "--workers", "1", "--force")
    drones = len([row for row in themes if row[1] == "drones"])
    assert f"changed on {drones}" in forced.stdout


def test_removing_a_user_theme_removes_its_tags(cli, stored: Path, tmp_path: Path) -> None:  # noqa: ANN001
    plain = _tags(stored)
    assert cli("--config", _config(tmp_path, USER_THEME), "retag", "--workers", "1").exit_code == 0
    result = cli("retag", "--workers", "1")
    assert "changed on 3" in result.stdout
    assert _tags(stored) == plain


def test_without_the_old_theme_digests_every_theme_is_scored_again(
    cli,  # noqa: ANN001
    stored: Path,
    tmp_path: Path,
) -> None:
    with sqlite3.connect(stored) as conn:
        conn.execute("DELETE FROM meta WHERE key LIKE 'theme_digests.%'")
        conn.execute("UPDATE item_themes SET score = 0.5 WHERE theme_id = 'drones'")
    result = cli("--config", _config(tmp_path, USER_THEME), "retag", "--workers", "1")
    assert result.exit_code == 0, result.stderr
    _, themes, _ = _tags(stored)
    assert 0.5 not in {row[2] for row in themes if row[1] == "drones"}


def test_items_of_other_rules_are_tagged_in_full_though_the_data_is_the_same(
    cli,  # noqa: ANN001
    stored: Path,
) -> None:
    good = _tags(stored)
    with sqlite3.connect(stored) as conn:
        conn.execute("UPDATE item_themes SET score = 0.5")
        conn.execute("UPDATE item_places SET evidence = '[]'")
        # Same data digests, rules of another release: no shortcut may trust the old tags.
        conn.execute("UPDATE item_versions SET tagger_version = '0' || substr(tagger_version, 2)")
        # As if that release had kept the same theme digests.
        added = conn.execute(
            "INSERT INTO meta (key, value) SELECT 'theme_digests.0' || substr(key, 16), value "
            "FROM meta WHERE key LIKE 'theme_digests.2.%'"
        ).rowcount
    assert added == 1
    result = cli("retag", "--workers", "1")
    assert f"changed on {len(TEXTS)}" in result.stdout
    assert _tags(stored) == good


def test_the_poller_keeps_the_theme_digests_of_what_it_stores(cli, db_path: Path) -> None:  # noqa: ANN001
    from tagging import Tagger
    from tagging.tagger import version_halves

    # No source to poll (exit status 1), but the monitor was built for this database.
    assert "polled 0 sources" in cli("poll", "--once").stdout
    tagger = Tagger()
    halves = version_halves(tagger.version)
    assert halves is not None
    with sqlite3.connect(db_path) as conn:
        (stored,) = conn.execute(
            "SELECT value FROM meta WHERE key = ?", (f"theme_digests.{halves[1]}",)
        ).fetchone()
    assert json.loads(stored) == tagger.theme_digests


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ('[tagging.themes]\nbad = ["=3"]\n', "cue '=3' of 'bad' must start with a word"),
        (
            '[tagging.places]\nnowhere = ["Foo"]\n',
            "extra spellings name an unknown place id: 'nowhere'",
        ),
    ],
)
def test_unusable_extras_are_one_line_errors(
    cli,  # noqa: ANN001
    stored: Path,
    tmp_path: Path,
    config: str,
    message: str,
) -> None:
    path = _config(tmp_path, config)
    for command in (["retag"], ["tag", "-"]):
        result = cli("--config", path, *command, input="Бої під Покровськом")
        assert result.exit_code == 1
        assert result.stderr == f"frontwatch: error: tagging: {message}\n"


def test_stale_evidence_is_rewritten_though_the_tags_are_the_same(cli, stored: Path) -> None:  # noqa: ANN001
    good = _tags(stored)
    with sqlite3.connect(stored) as conn:
        conn.execute("UPDATE item_places SET evidence = '[]'")
        conn.execute("UPDATE item_themes SET score = 0.5")
        conn.execute("UPDATE item_versions SET tagger_version = '1.0123456789'")
    result = cli("retag", "--workers", "1")
    assert f"changed on {len(TEXTS)}" in result.stdout
    assert _tags(stored) == good


def test_version_halves_follow_what_changed() -> None:
    from tagging import Tagger
    from tagging.tagger import joined_halves, version_halves

    plain = version_halves(Tagger().version)
    themed = version_halves(Tagger(extra_themes={"geo": ["geolocated"]}).version)
    spelled = version_halves(Tagger(extra_places={"myrnohrad": ["Мирноградище"]}).version)
    assert plain and themed and spelled
    assert themed[0] == plain[0] and themed[1] != plain[1]
    assert spelled[0] != plain[0] and spelled[1] == plain[1]
    assert version_halves("1.0123456789") is None and version_halves(None) is None
    assert joined_halves(*plain) == Tagger().version


def test_the_poller_keeps_the_extra_spellings_it_tags_with(
    cli, db_path: Path, tmp_path: Path
) -> None:  # noqa: ANN001
    config = _config(tmp_path, USER_PLACE)
    assert "polled 0 sources" in cli("--config", config, "poll", "--once").stdout
    with sqlite3.connect(db_path) as conn:
        (stored,) = conn.execute("SELECT value FROM meta WHERE key = 'place_spellings'").fetchone()
    assert json.loads(stored) == [{"myrnohrad": ["Мирноградище"]}]
