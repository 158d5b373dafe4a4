"""Hardening tests: child processes on loopback feeds, hostile files and hostile text."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# The TUI tests' helpers (waiting on a pilot, reading the screen, hostile titles) are shared.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tui"))


@pytest.fixture(autouse=True)
def no_starter_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only loopback sources: the real-world starter list stays out of every database."""
    monkeypatch.setenv("FRONTWATCH_SOURCES_SEED_STARTER", "0")


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new database with the gazetteer's places and the default watchlist loaded.

    Every child would otherwise spend a second loading the places into its fresh database.
    """
    from frontwatch.config import load_settings
    from frontwatch.places_sync import ensure_places
    from storage import open_database

    folder = tmp_path_factory.mktemp("template")
    path = folder / "template.db"
    with pytest.MonkeyPatch.context() as patch:
        # Session fixtures run before the per-test home isolation: no user gazetteer here.
        patch.setenv("XDG_DATA_HOME", str(folder / "data"))
        db = open_database(path)
        try:
            ensure_places(db, load_settings(folder / "absent.toml", env={}))
        finally:
            db.close()
    return path
