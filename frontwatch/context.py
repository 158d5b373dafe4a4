"""What every command shares: settings, the database path, and opening the database once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path

from frontwatch.config import Settings
from frontwatch.zones import local_zone
from storage import Database, open_database


@dataclass
class AppContext:
    """Per-invocation state handed to commands through click's context object."""

    settings: Settings
    db_path: Path
    debug: bool = False
    _db: Database | None = field(default=None, repr=False)

    def open_db(
        self, *, places: bool = True, seed_sources: bool = True, poller: bool = False
    ) -> Database:
        """Open (creating and migrating) the database; load the gazetteer into it if needed.

        A poller's commits leave the WAL to a thread of its own (see storage.checkpoint).
        """
        if self._db is None:
            self._db = open_database(self.db_path, background_checkpoints=poller)
            if places:
                from frontwatch.places_sync import ensure_places

                ensure_places(self._db, self.settings)
            if seed_sources and self.settings["sources.seed_starter"]:
                from frontwatch.starter import seed_starter_sources

                seed_starter_sources(self._db)
        return self._db

    @property
    def zone(self) -> tzinfo:
        """The zone times are shown and read in."""
        return self.settings.zone() or local_zone()

    @property
    def known_themes(self) -> tuple[str, ...]:
        """The theme ids the tagger gives: the packaged taxonomy and the user's own, sorted."""
        from tagging.themes import THEME_IDS

        return tuple(sorted({*THEME_IDS, *self.settings["tagging.themes"]}))

    def close(self) -> None:
        """Close the database if it was opened."""
        if self._db is not None:
            self._db.close()
            self._db = None
