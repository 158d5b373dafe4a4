"""Match codifier settlements to GeoNames points by name, oblast and raion, or leave them be.

A place and a point match on a folded Latin key of their names. A match must be unambiguous:
exactly one place of the raion carries the key, and the points carrying it inside that raion
are one place (several points within 5 km are taken as duplicates; the most populous wins).
Where several same-named places share a raion, a lone big point (10,000+) goes to the one city
among them, a lone point to the one hromada centre among them; otherwise a point goes to the
place whose hromada centre is clearly nearest to it (and it is clearly the nearest such point
to that centre). A point with no raion in GeoNames may match a place whose key is unique in the
whole oblast, if it lies within the area spanned by the raion's other matched points. A point
matched by two places is given to neither, nor is one more than 35 km from the place's hromada
centre. Anything else stays unmatched: no coordinates beat wrong ones.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from .codifier import CodifierPlace, hromada_of
from .points import GeoPoint

T = TypeVar("T")

DUPLICATE_RADIUS_KM = 5.0
RAION_MARGIN_DEG = 0.15  # ~15 km around the raion's matched points
CITY_POPULATION = 10_000  # a point this big sharing a name with a village is the city
HROMADA_RADIUS_KM = 20.0  # a settlement lies this near its hromada centre at most
HROMADA_MARGIN = 2.0  # the runner-up must be this many times farther away
HROMADA_FAR_KM = 35.0  # a match farther than this from its hromada centre is doubted

_APOSTROPHES = re.compile("[\u2019\u02bc'`\u2018\u02b9]")
_NON_LETTERS = re.compile(r"[^a-z ]+")
_DOUBLED = re.compile(r"(.)\1+")
_SPACES = re.compile(r"\s+")


def name_key(latin: str) -> str:
    """Fold a Latin place name so transliteration variants meet.

    "Yenakiyeve", "Yenakiieve" and "Ienakiieve" all give "ienakieve": case, diacritics,
    apostrophes, y/i, g/h and doubled letters are not told apart.
    """
    text = unicodedata.normalize("NFKD", latin).encode("ascii", "ignore").decode().lower()
    text = _APOSTROPHES.sub("", text).replace("-", " ")
    text = _NON_LETTERS.sub("", text)
    text = text.replace("gh", "h").replace("g", "h").replace("y", "i").replace("j", "i")
    return _SPACES.sub(" ", _DOUBLED.sub(r"\1", text)).strip()


@dataclass(frozen=True, slots=True)
class Match:
    """A point chosen for a place, and by which rule."""

    point: GeoPoint
    rule: str  # raion, raion-duplicates, city-over-village, centre-over-village, hromada, oblast


@dataclass(frozen=True, slots=True)
class _Ambiguity:
    """Same-named places of one raion and the points that could be theirs."""

    points: tuple[GeoPoint, ...]
    rivals: tuple[CodifierPlace, ...]


@dataclass(frozen=True, slots=True)
class MatchReport:
    """What matching found: the matches, and the places left out with the reason."""

    matches: Mapping[str, Match]
    unmatched: Mapping[str, str]  # katottg → "no-point", "ambiguous", "other-raion", …


def match_places(
    places: Sequence[CodifierPlace],
    keys: Mapping[str, frozenset[str]],
    points: Iterable[GeoPoint],
    universe: Sequence[CodifierPlace],
) -> MatchReport:
    """Match `places` to `points`.

    Args:
        places: the settlements to find coordinates for.
        keys: katottg → the folded name keys of that place (see `name_key`).
        points: GeoNames points of Ukraine, already placed in oblasts and raions.
        universe: every settlement of the codifier, so a same-named neighbour outside
            `places` still makes a name ambiguous.
    """
    by_key: dict[tuple[str, str], list[GeoPoint]] = defaultdict(list)
    for point in points:
        for key in _point_keys(point):
            by_key[(point.admin1, key)].append(point)
    holders: dict[tuple[str, str], list[CodifierPlace]] = defaultdict(list)
    for place in universe:
        for key in keys.get(place.katottg, frozenset()):
            holders[(place.oblast_code, key)].append(place)

    matches: dict[str, Match] = {}
    unmatched: dict[str, str] = {}
    loose: list[tuple[CodifierPlace, GeoPoint]] = []
    ambiguous: dict[str, _Ambiguity] = {}
    for place in places:
        found = _match_in_raion(place, keys.get(place.katottg, frozenset()), by_key, holders)
        if isinstance(found, Match):
            matches[place.katottg] = found
        elif isinstance(found, GeoPoint):
            loose.append((place, found))
        elif isinstance(found, _Ambiguity):
            ambiguous[place.katottg] = found
            unmatched[place.katottg] = "ambiguous"
        else:
            unmatched[place.katottg] = found
    centres = _hromada_centres(universe)
    _resolve_by_hromada(ambiguous, centres, matches, unmatched)
    _accept_loose(loose, matches, unmatched)
    _drop_far_from_centre(centres, matches, unmatched)
    drop_shared_points(matches, unmatched, lambda match: match.point.geonameid)
    return MatchReport(matches=matches, unmatched=unmatched)


def _point_keys(point: GeoPoint) -> set[str]:
    return {name_key(point.name)} | {
        name_key(a) for a in point.alternate_names if a.isascii() and a.strip()
    }


def _match_in_raion(
    place: CodifierPlace,
    place_keys: frozenset[str],
    by_key: Mapping[tuple[str, str], list[GeoPoint]],
    holders: Mapping[tuple[str, str], list[CodifierPlace]],
) -> Match | GeoPoint | _Ambiguity | str:
    """A Match, a loose point to check against the raion's area, an ambiguity to resolve
    by hromada, or the reason for no match."""
    candidates = {
        p.geonameid: p for k in place_keys for p in by_key.get((place.oblast_code, k), [])
    }
    if not candidates:
        return "no-point"
    in_raion = [p for p in candidates.values() if p.raion_code == place.raion_code]
    rivals = {
        other.katottg: other
        for k in place_keys
        for other in holders.get((place.oblast_code, k), [])
        if other.raion_code == place.raion_code
    }
    if in_raion:
        if len(rivals) > 1:
            found = _city_among_rivals(place, rivals.values(), in_raion)
            return found or _Ambiguity(tuple(in_raion), tuple(rivals.values()))
        return _one_place(in_raion) or _Ambiguity(tuple(in_raion), (place,))
    no_raion = [p for p in candidates.values() if not p.raion_code]
    oblast_rivals = {o.katottg for k in place_keys for o in holders.get((place.oblast_code, k), [])}
    if len(no_raion) == 1 and len(oblast_rivals) == 1:
        return no_raion[0]
    return "other-raion" if not no_raion else "ambiguous"


def _city_among_rivals(
    place: CodifierPlace, rivals: Iterable[CodifierPlace], in_raion: list[GeoPoint]
) -> Match | None:
    rivals = list(rivals)
    cities = [r for r in rivals if r.category in ("M", "K")]
    big = [p for p in in_raion if (p.population or 0) >= CITY_POPULATION]
    if len(cities) == 1 and cities[0].katottg == place.katottg and len(big) == 1:
        return Match(big[0], "city-over-village")
    # GeoNames lists places of 500+ people: one point for two same-named villages is the
    # hromada centre's, when exactly one of them is a centre.
    heads = [r for r in rivals if r.heads_hromada]
    if not cities and len(heads) == 1 and heads[0].katottg == place.katottg and len(in_raion) == 1:
        return Match(in_raion[0], "centre-over-village")
    return None


def _one_place(points: list[GeoPoint]) -> Match | None:
    if len(points) == 1:
        return Match(points[0], "raion")
    best = max(points, key=lambda p: (p.population or 0, -p.geonameid))
    if all(distance_km(best, p) <= DUPLICATE_RADIUS_KM for p in points):
        return Match(best, "raion-duplicates")
    return None


def _hromada_centres(universe: Iterable[CodifierPlace]) -> dict[str, str]:
    """Hromada code prefix → katottg of its centre."""
    return {hromada_of(p.katottg): p.katottg for p in universe if p.heads_hromada}


def _resolve_by_hromada(
    ambiguous: Mapping[str, _Ambiguity],
    centres: Mapping[str, str],
    matches: dict[str, Match],
    unmatched: dict[str, str],
) -> None:
    def centre_of(katottg: str) -> GeoPoint | None:
        centre = matches.get(centres.get(hromada_of(katottg), ""))
        return centre.point if centre is not None else None

    for katottg, ambiguity in ambiguous.items():
        centre = centre_of(katottg)
        if centre is None:
            continue
        point = _clear_nearest(centre, ambiguity.points)
        if point is None:
            continue
        rival_centres = [
            c for r in ambiguity.rivals if r.katottg != katottg and (c := centre_of(r.katottg))
        ]
        hromada = hromada_of(katottg)
        if any(hromada_of(r.katottg) == hromada for r in ambiguity.rivals if r.katottg != katottg):
            continue  # two same-named places in one hromada: the centre cannot tell them apart
        own = distance_km(point, centre)
        if all(distance_km(point, c) >= HROMADA_MARGIN * own for c in rival_centres):
            matches[katottg] = Match(point, "hromada")
            del unmatched[katottg]


def _drop_far_from_centre(
    centres: Mapping[str, str], matches: dict[str, Match], unmatched: dict[str, str]
) -> None:
    far = []
    for katottg, match in matches.items():
        centre = matches.get(centres.get(hromada_of(katottg), ""))
        if centre is not None and distance_km(match.point, centre.point) > HROMADA_FAR_KM:
            far.append(katottg)
    for katottg in far:
        del matches[katottg]
        unmatched[katottg] = "far-from-hromada"


def _clear_nearest(centre: GeoPoint, points: Iterable[GeoPoint]) -> GeoPoint | None:
    ranked = sorted(points, key=lambda p: (distance_km(centre, p), p.geonameid))
    if not ranked or distance_km(centre, ranked[0]) > HROMADA_RADIUS_KM:
        return None
    first = distance_km(centre, ranked[0])
    if len(ranked) > 1 and distance_km(centre, ranked[1]) < HROMADA_MARGIN * max(first, 1.0):
        return None
    return ranked[0]


def _accept_loose(
    loose: list[tuple[CodifierPlace, GeoPoint]],
    matches: dict[str, Match],
    unmatched: dict[str, str],
) -> None:
    boxes: dict[str, tuple[float, float, float, float]] = {}
    for katottg, match in matches.items():
        raion = katottg[2:6]
        lat, lon = match.point.lat, match.point.lon
        s, w, n, e = boxes.get(raion, (lat, lon, lat, lon))
        boxes[raion] = (min(s, lat), min(w, lon), max(n, lat), max(e, lon))
    for place, point in loose:
        box = boxes.get(place.raion_code)
        if box is None and not place.raion_code:
            matches[place.katottg] = Match(point, "oblast")
            continue
        if box is not None and _inside(point, box):
            matches[place.katottg] = Match(point, "oblast")
        else:
            unmatched[place.katottg] = "outside-raion"


def _inside(point: GeoPoint, box: tuple[float, float, float, float]) -> bool:
    s, w, n, e = box
    m = RAION_MARGIN_DEG
    return s - m <= point.lat <= n + m and w - m <= point.lon <= e + m


def drop_shared_points(
    chosen: dict[str, T], unmatched: dict[str, str], point_of: Callable[[T], Hashable]
) -> None:
    """Take back every choice (katottg → point) that shares its point with another: two
    settlements on one point cannot both be right, so neither keeps it."""
    users: dict[Hashable, list[str]] = defaultdict(list)
    for katottg, value in chosen.items():
        users[point_of(value)].append(katottg)
    for katottgs in users.values():
        if len(katottgs) > 1:
            for katottg in katottgs:
                del chosen[katottg]
                unmatched[katottg] = "shared-point"


def distance_km(a: GeoPoint, b: GeoPoint) -> float:
    """Great-circle distance between two points in kilometres."""
    return haversine_km(a.lat, a.lon, b.lat, b.lon)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two coordinates in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))
