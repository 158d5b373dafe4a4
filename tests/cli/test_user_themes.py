"""A theme the user adds in the config is a theme like the packaged ones: search and the
watchlist accept its id, and refuse it once it is gone from the config."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

USER_THEME = '[tagging.themes]\ngeo = ["geolocated", "геолокація"]\n'


@pytest.fixture
def config(tmp_path: Path) -> str:
    path = tmp_path / "config.toml"
    path.write_text(USER_THEME, encoding="utf-8")
    return str(path)


def test_search_knows_a_user_theme(cli: Callable[..., Result], config: str) -> None:
    assert cli("--config", config, "search", "theme:geo").exit_code == 0
    refused = cli("search", "theme:geo")
    assert refused.exit_code != 0
    assert "unknown theme: 'geo'" in refused.stderr


def test_watch_alerts_may_name_a_user_theme(cli: Callable[..., Result], config: str) -> None:
    added = cli("--config", config, "watch", "add", "Hryshyne", "--themes", "geo,assault")
    assert added.exit_code == 0, added.stderr
    refused = cli("watch", "add", "Pokrovsk", "--themes", "geo")
    assert refused.exit_code != 0
    assert "unknown theme 'geo'" in refused.stderr
