"""Seeding a new database with the curated starter list of sources (once)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from storage import Database
from storage.meta import get_meta, set_meta
from storage.sources import SourceError, add_source
from storage.types import Source

STARTER_FILE = Path(__file__).with_name("starter_sources.toml")
STARTER_KEY = "starter_seeded"


def starter_sources() -> list[Source]:
    """The starter list as sources (default interval)."""
    data = tomllib.loads(STARTER_FILE.read_text(encoding="utf-8"))
    return [Source(**entry) for entry in data["sources"]]


def seed_starter_sources(db: Database) -> int:
    """Add the starter list to a database that never had it; returns how many were added."""
    if get_meta(db, STARTER_KEY):
        return 0
    added = 0
    for source in starter_sources():
        try:
            add_source(db, source)
            added += 1
        except SourceError:
            continue  # the user already has it
    set_meta(db, STARTER_KEY, "1")
    return added


def skip_starter_sources(db: Database) -> None:
    """Mark a database (the demo's) as never to be seeded."""
    set_meta(db, STARTER_KEY, "skipped")
