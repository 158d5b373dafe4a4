"""The places table: loading the gazetteer into it and resolving names, ids and radii."""

from __future__ import annotations

import math
from collections.abc import Iterable

from storage.db import Database
from storage.meta import get_meta
from storage.types import Place
from tagging.text import fold

_COLUMNS = "id, name, name_uk, name_ru, kind, oblast, raion, lat, lon, country, population"
EARTH_RADIUS_KM = 6371.0


def sync_places(
    db: Database, places: Iterable[Place], forms: Iterable[tuple[str, str]], version: str
) -> bool:
    """Load the gazetteer's places and name forms, if `version` differs from the loaded one.

    Returns True when the tables were (re)loaded.
    """
    if get_meta(db, "gazetteer_version") == version:
        return False
    place_rows = [
        (
            p.id,
            p.name,
            p.name_uk,
            p.name_ru,
            p.kind,
            p.oblast,
            p.raion,
            p.lat,
            p.lon,
            p.country,
            p.population,
        )
        for p in places
    ]
    form_rows = sorted(set(forms))
    with db.write() as conn:
        conn.executemany(
            f"INSERT INTO places ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET name = excluded.name, name_uk = excluded.name_uk, "
            "name_ru = excluded.name_ru, kind = excluded.kind, oblast = excluded.oblast, "
            "raion = excluded.raion, lat = excluded.lat, lon = excluded.lon, "
            "country = excluded.country, population = excluded.population",
            place_rows,
        )
        conn.execute("DELETE FROM place_names")
        conn.executemany(
            "INSERT OR IGNORE INTO place_names (form, place_id) "
            "SELECT ?, ? WHERE EXISTS (SELECT 1 FROM places WHERE id = ?)",
            [(form, place_id, place_id) for form, place_id in form_rows],
        )
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('gazetteer_version', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (version,),
        )
    return True


def _place(row: tuple) -> Place:
    return Place(*row)


def get_place(db: Database, place_id: str) -> Place | None:
    """A place by id."""
    with db.reading() as conn:
        row = conn.execute(f"SELECT {_COLUMNS} FROM places WHERE id = ?", (place_id,)).fetchone()
    return _place(row) if row else None


def get_places(db: Database, place_ids: Iterable[str]) -> dict[str, Place]:
    """Places by id, for the ids that exist."""
    ids = list(dict.fromkeys(place_ids))
    found: dict[str, Place] = {}
    with db.reading() as conn:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in conn.execute(f"SELECT {_COLUMNS} FROM places WHERE id IN ({marks})", chunk):
                found[row[0]] = _place(row)
    return found


def resolve_place(db: Database, name: str) -> list[Place]:
    """Places a name can mean: an id, or any spelling or case form the gazetteer knows.

    Best first: front-line oblasts, then population.
    """
    key = fold(name).strip()
    if not key:
        return []
    with db.reading() as conn:
        rows = conn.execute(
            f"SELECT {_COLUMNS} FROM places WHERE id = ? OR id IN "
            "(SELECT place_id FROM place_names WHERE form = ?) "
            "ORDER BY (oblast = 'Donetsk') DESC, COALESCE(population, 0) DESC, id",
            (name.strip().lower(), key),
        ).fetchall()
    return [_place(row) for row in rows]


def places_for_forms(db: Database, forms: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """For each folded form that names a place, the ids of the places it names."""
    keys = list(dict.fromkeys(forms))
    found: dict[str, list[str]] = {}
    if not keys:
        return {}
    with db.reading() as conn:
        marks = ",".join("?" * len(keys))
        for form, place_id in conn.execute(
            f"SELECT form, place_id FROM place_names WHERE form IN ({marks})", keys
        ):
            found.setdefault(form, []).append(place_id)
    return {form: tuple(ids) for form, ids in found.items()}


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def places_near(db: Database, centre: Place, radius_km: float) -> tuple[list[Place], int]:
    """Places within `radius_km` of `centre`, and how many places nearby had no coordinates.

    The second figure counts places of the centre's raion without coordinates, which a
    radius cannot judge.
    """
    if centre.lat is None or centre.lon is None:
        return [centre], 0
    dlat = radius_km / 111.0
    dlon = radius_km / (111.0 * max(math.cos(math.radians(centre.lat)), 0.01))
    with db.reading() as conn:
        rows = conn.execute(
            f"SELECT {_COLUMNS} FROM places WHERE lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?",
            (centre.lat - dlat, centre.lat + dlat, centre.lon - dlon, centre.lon + dlon),
        ).fetchall()
        unknown = conn.execute(
            "SELECT count(*) FROM places WHERE (lat IS NULL OR lon IS NULL) AND raion = ? "
            "AND oblast = ?",
            (centre.raion, centre.oblast),
        ).fetchone()[0]
    near = [
        place
        for place in map(_place, rows)
        if distance_km(centre.lat, centre.lon, place.lat, place.lon) <= radius_km
    ]
    return near, unknown
