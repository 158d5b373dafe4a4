"""CLI test fixtures: a runner, and a database path no starter list is seeded into."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from frontwatch.cli import main


@pytest.fixture(autouse=True)
def no_starter_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests touch only loopback: the real-world starter list stays out of their databases."""
    monkeypatch.setenv("FRONTWATCH_SOURCES_SEED_STARTER", "0")


@pytest.fixture
def cli(db_path: Path) -> Callable[..., Result]:
    """Run `frontwatch --db <tmp> ARGS…` and return click's result (stderr kept apart)."""
    runner = CliRunner()

    def run(*args: str, db: Path | None = db_path, input: str | None = None) -> Result:  # noqa: A002
        prefix = ["--db", str(db)] if db is not None else []
        return runner.invoke(main, [*prefix, *args], input=input, catch_exceptions=False)

    return run
