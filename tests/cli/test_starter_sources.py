"""The first run seeds the starter list once; the user's removals stick."""

from __future__ import annotations

import json

import pytest

from frontwatch.starter import starter_sources


@pytest.fixture(autouse=True)
def seeding_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRONTWATCH_SOURCES_SEED_STARTER", "1")


def ids(cli) -> set[str]:  # noqa: ANN001
    return {s["id"] for s in json.loads(cli("sources", "list", "--format", "json").stdout)}


def test_starter_list_is_seeded_once(cli) -> None:  # noqa: ANN001
    expected = {s.id for s in starter_sources()}
    assert ids(cli) == expected
    assert cli("sources", "remove", "tass").exit_code == 0
    assert ids(cli) == expected - {"tass"}


def test_starter_list_is_well_formed() -> None:
    sources = starter_sources()
    assert len(sources) >= 10
    for source in sources:
        assert source.kind in {"rss", "telegram", "html"}
        assert source.url.startswith("https://")
        assert source.side in {"ua", "ru", "intl", "other"}
        assert source.type in {"official", "media", "analyst", "milblogger", "aggregator"}
    assert {s.side for s in sources} >= {"ua", "ru", "intl"}
    assert {s.kind for s in sources} == {"rss", "telegram", "html"}
