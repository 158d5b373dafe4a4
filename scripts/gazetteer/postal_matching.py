"""Coordinates from postal-code points for settlements GeoNames matching left without any.

The postal-code data places far more villages than cities500, but names repeat across an
oblast and the data sometimes gives a village the point of a same-named one elsewhere. So a
postal point is taken only when it is checked against the place's hromada: among the points of
the oblast carrying the settlement's Ukrainian name, leaving out those of a same-named
settlement GeoNames already placed, exactly one must lie within 20 km of the hromada centre,
the median of the GeoNames-placed settlements of that hromada. A point two settlements would
take is given to neither. GeoNames matches keep priority: only places without one are filled.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .codifier import CodifierPlace, hromada_of
from .matching import HROMADA_RADIUS_KM, drop_shared_points, haversine_km
from .points import PostalPoint

SAME_PLACE_KM = 3.0  # a postal point this near a same-named placed settlement is that one

Coordinates = tuple[float, float]

_APOSTROPHES = re.compile("[\u2019\u02bc'`\u00b4\u2018]")
_HYPHEN = re.compile(r"\s*[-\u2013\u2014]\s*")
_SPACES = re.compile(r"\s+")


def uk_key(name: str) -> str:
    """Fold a Ukrainian name so the codifier's and the postal data's spellings meet.

    The two differ in case, apostrophe ("’" or "'") and spacing around hyphens.
    """
    text = unicodedata.normalize("NFC", name).casefold()
    text = _HYPHEN.sub("-", _APOSTROPHES.sub("", text))
    return _SPACES.sub(" ", text).strip()


@dataclass(frozen=True, slots=True)
class PostalReport:
    """Places given a postal point, and the places left without one with the reason."""

    placed: Mapping[str, PostalPoint]  # katottg → point
    unplaced: Mapping[str, str]  # katottg → "no-postal-point", "ambiguous", …


def place_by_postal_codes(
    places: Sequence[CodifierPlace],
    located: Mapping[str, Coordinates],
    points: Iterable[PostalPoint],
) -> PostalReport:
    """Give postal points to the `places` not in `located` (katottg → GeoNames coordinates)."""
    by_name = _points_by_name(points)
    centres = hromada_centres(located)
    taken = _located_by_name(places, located)
    placed: dict[str, PostalPoint] = {}
    unplaced: dict[str, str] = {}
    for place in places:
        if place.katottg in located:
            continue
        key = (place.oblast_code, uk_key(place.name_uk))
        found = choose_point(
            by_name.get(key, ()), taken.get(key, ()), centres.get(hromada_of(place.katottg))
        )
        if isinstance(found, PostalPoint):
            placed[place.katottg] = found
        else:
            unplaced[place.katottg] = found
    # By coordinates: two differently named places on one point cannot both be right either.
    drop_shared_points(placed, unplaced, lambda point: (point.lat, point.lon))
    return PostalReport(placed=placed, unplaced=unplaced)


def hromada_centres(located: Mapping[str, Coordinates]) -> dict[str, Coordinates]:
    """Hromada code → the median latitude and longitude of its located settlements."""
    members: dict[str, list[Coordinates]] = defaultdict(list)
    for katottg, point in located.items():
        members[hromada_of(katottg)].append(point)
    # The median, unlike the mean, is not pulled off by one wrongly placed settlement.
    return {
        hromada: (statistics.median(p[0] for p in pts), statistics.median(p[1] for p in pts))
        for hromada, pts in members.items()
    }


def choose_point(
    candidates: Iterable[PostalPoint],
    taken: Iterable[Coordinates],
    centre: Coordinates | None,
) -> PostalPoint | str:
    """The one candidate near the hromada centre that no placed namesake holds, or why none."""
    taken = list(taken)
    free = [p for p in candidates if not any(_km(p, t) <= SAME_PLACE_KM for t in taken)]
    if not free:
        return "no-postal-point"
    if centre is None:
        return "no-hromada-centre"
    near = {(p.lat, p.lon): p for p in free if _km(p, centre) <= HROMADA_RADIUS_KM}
    if not near:
        return "far-from-hromada"
    return next(iter(near.values())) if len(near) == 1 else "ambiguous"


def _points_by_name(points: Iterable[PostalPoint]) -> dict[tuple[str, str], list[PostalPoint]]:
    by_name: dict[tuple[str, str], list[PostalPoint]] = defaultdict(list)
    for point in points:
        by_name[(point.oblast_code, uk_key(point.name_uk))].append(point)
    return by_name


def _located_by_name(
    places: Iterable[CodifierPlace], located: Mapping[str, Coordinates]
) -> dict[tuple[str, str], list[Coordinates]]:
    by_name: dict[tuple[str, str], list[Coordinates]] = defaultdict(list)
    for place in places:
        if place.katottg in located:
            by_name[(place.oblast_code, uk_key(place.name_uk))].append(located[place.katottg])
    return by_name


def _km(point: PostalPoint, other: Coordinates) -> float:
    return haversine_km(point.lat, point.lon, *other)
