"""Keeping the database's places table in step with the packaged gazetteer."""

from __future__ import annotations

from frontwatch.config import Settings
from storage import Database
from storage.places import sync_places
from storage.types import Place
from storage.watch import seed_watchlist


def ensure_places(db: Database, settings: Settings) -> None:
    """Load places and their name forms when the gazetteer changed; seed the watchlist once."""
    from frontwatch.gazetteer_user import current_gazetteer

    gazetteer = current_gazetteer()
    places = (
        Place(
            id=p.id,
            name=p.name,
            name_uk=p.name_uk,
            name_ru=p.name_ru,
            kind=p.kind,
            oblast=p.oblast,
            raion=p.raion or None,
            lat=p.lat,
            lon=p.lon,
            country=p.country,
            population=p.population,
        )
        for p in gazetteer
    )
    sync_places(db, places, gazetteer.forms(), gazetteer.digest)
    seed_watchlist(db, settings["watch.defaults"])
