"""Finding places to watch: fuzzy search over the gazetteer (en/uk/ru), else stored names."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from storage import Database
from storage.places import get_places, resolve_place
from storage.watch import list_rules


@dataclass(frozen=True)
class PlaceChoice:
    """A place the picker offers."""

    id: str
    name: str
    name_uk: str | None
    name_ru: str | None
    oblast: str | None
    raion: str | None
    stored: bool  # present in the database's places table (can be watched)
    watched: bool


@cache
def _gazetteer() -> Any | None:
    """The tagger's gazetteer, when that module is installed (loaded once, in a worker)."""
    try:
        from tagging.gazetteer import load_gazetteer
    except ImportError:
        return None
    return load_gazetteer()


def gazetteer_available() -> bool:
    """Whether fuzzy search is possible (else exact names and ids only)."""
    try:
        return _gazetteer() is not None
    except Exception:  # noqa: BLE001 - a broken data file must not break the picker
        return False


def find_places(db: Database, text: str, limit: int = 30) -> list[PlaceChoice]:
    """Places for what the user typed: fuzzy gazetteer hits, then exact stored names.

    Places stored in the database come first (only those can be watched).
    """
    text = text.strip()
    if not text:
        return []
    candidates: dict[str, Any] = {}
    if gazetteer_available():
        for place in _gazetteer().search(text, limit):
            candidates.setdefault(place.id, place)
    for place in resolve_place(db, text):
        candidates.setdefault(place.id, place)
    stored = get_places(db, candidates)
    watched = {rule.place_id for rule in list_rules(db) if rule.place_id}
    choices = [
        PlaceChoice(
            id=pid,
            name=place.name,
            name_uk=getattr(place, "name_uk", None),
            name_ru=getattr(place, "name_ru", None),
            oblast=getattr(place, "oblast", None),
            raion=getattr(place, "raion", None),
            stored=pid in stored,
            watched=pid in watched,
        )
        for pid, place in candidates.items()
    ]
    choices.sort(key=lambda c: not c.stored)  # stable: keeps the search's order otherwise
    return choices[:limit]
