"""Fixtures of the TUI tests: a seeded temp database and an app factory with a pinned clock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tui_kit import MakeApp, options, seed

from storage import Database, open_database
from tui.app import FrontwatchApp


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    """The test's own connection to a seeded database (the app opens its own)."""
    database = open_database(db_path)
    seed(database)
    yield database
    database.close()


@pytest.fixture
def make_app(db: Database, db_path: Path) -> MakeApp:
    """Build an app on the seeded database; keyword arguments change its TuiOptions."""

    def _make(**changes: object) -> FrontwatchApp:
        return FrontwatchApp(options(db_path, **changes))

    return _make
