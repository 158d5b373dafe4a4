"""Fixtures of the storage tests: a seeded temp-dir database and a store helper."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from storage_kit import NOW, StoreFn, seed

from storage import Database, open_database
from storage.items import store_items
from storage.types import NewItem, StoreResult


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    """A fresh database with the test places and sources."""
    database = open_database(db_path)
    seed(database)
    yield database
    database.close()


@pytest.fixture
def store(db: Database) -> StoreFn:
    """Store items for a source at a given time (default NOW)."""

    def _store(
        source_id: str, *items: NewItem, now: datetime = NOW, **kwargs: object
    ) -> StoreResult:
        return store_items(db, source_id, list(items), now=now, **kwargs)

    return _store
