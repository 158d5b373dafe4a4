"""Choosing one settlement per accepted name: a named region, distance, then the prior."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from tagging.gazetteer import Gazetteer, Place
from tagging.places import Candidate
from tagging.regions import RegionName
from tagging.types import Evidence, PlaceTag

# A former name is a weaker claim than a current one (Красный Лиман is a village today).
FORMER_PENALTY = 3.0
# A name met uninflected is that place's own name, not another's case form (Межова the
# town over a case form of Межове).
OWN_NAME_BONUS = 2.5
# Candidates this much farther than the nearest from the item's other places are dropped.
DISTANCE_MARGIN_KM = 15.0
MAX_RUNNERS_UP = 5
# A big city named in a text is that city even when a village of the same name lies
# nearer the other places (Гуляйполе і Запоріжжя): distance never drops it.
MAJOR_CITY = 100_000


@dataclass(slots=True)
class Mention:
    """An accepted candidate with its field and original span."""

    field: str
    start: int
    end: int
    candidate: Candidate


@dataclass(slots=True)
class _Group:
    current: tuple[str, ...]
    former: tuple[str, ...]
    mentions: list[Mention] = field(default_factory=list)
    pool: list[Place] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    choice: Place | None = None
    ids: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        self.ids = tuple(dict.fromkeys(self.current + self.former))


def _gap(group: _Group, region: RegionName) -> int:
    """Characters between a region name and the nearest mention of the group."""
    gaps = [
        max(region.start - m.end, m.start - region.end, 0) if m.field == region.field else 10_000
        for m in group.mentions
    ]
    return min(gaps)


# Kilometres per degree of longitude at the latitude of the front (48.5° N); a flat
# approximation is plenty for telling 5 km from 80 km.
_KM_PER_LON = 111.32 * math.cos(math.radians(48.5))
_KM_PER_LAT = 110.57


def _nearest_km(where: tuple[float, float], points: list[tuple[float, float]]) -> float:
    lat, lon = where
    return min(
        math.hypot((lon - p_lon) * _KM_PER_LON, (lat - p_lat) * _KM_PER_LAT)
        for p_lat, p_lon in points
    )


class Resolver:
    """Resolves the accepted names of one item against a gazetteer."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self._gaz = gazetteer

    def _score(self, group: _Group, place: Place) -> float:
        score = self._gaz.prior(place)
        if place.id not in group.current:
            score -= FORMER_PENALTY
        if len(group.ids) > 1:
            names = self._gaz.name_keys(place)
            if any(m.candidate.key in names for m in group.mentions):
                score += OWN_NAME_BONUS
        return score

    def _by_region(self, group: _Group, regions: Sequence[RegionName]) -> None:
        """Keep the candidates in the raion, else the oblast, named nearest the name."""
        pool = self._gaz.ranked(group.ids)
        group.pool = pool
        if len(pool) < 2 or not regions:
            return
        for kind, named in (
            ("raion", [r for r in regions if r.raion]),
            ("oblast", [r for r in regions if not r.raion]),
        ):
            for region in sorted(named, key=lambda r: _gap(group, r)):
                inside = [
                    p
                    for p in pool
                    if p.oblast == region.oblast and (not region.raion or p.raion == region.raion)
                ]
                if inside:
                    group.pool = inside
                    group.rules.append(f"{kind}-named")
                    return

    def _by_distance(
        self, group: _Group, anchors: Sequence[tuple[str, tuple[float, float]]]
    ) -> bool:
        """Keep the candidates nearest the item's other places; True if one is left.

        Args:
            group: the name being resolved.
            anchors: (place id, location) of the item's other, resolved places.
        """
        if len(group.pool) < 2:
            return False
        points = [point for place_id, point in anchors if place_id not in group.ids]
        if not points:
            return False
        # Candidates without coordinates share their raion's centre: measure each spot once.
        spots: dict[tuple[float, float], float] = {}
        distance: dict[str, float] = {}
        for place in group.pool:
            where = self._gaz.location(place)
            if where is None:
                continue
            if where not in spots:
                spots[where] = _nearest_km(where, points)
            distance[place.id] = spots[where]
        if not distance:
            return False
        nearest = min(distance.values())
        close = [
            p
            for p in group.pool
            if distance.get(p.id, math.inf) <= nearest + DISTANCE_MARGIN_KM
            or (p.population or 0) >= MAJOR_CITY
        ]
        if len(close) == len(group.pool):
            return False
        group.pool = close
        group.rules.append("distance")
        return len(close) == 1

    def _located(self, places: Iterable[Place]) -> list[tuple[str, tuple[float, float]]]:
        out = []
        for place in places:
            where = self._gaz.location(place)
            if where is not None:
                out.append((place.id, where))
        return out

    def resolve(self, mentions: list[Mention], regions: Sequence[RegionName]) -> list[PlaceTag]:
        """One PlaceTag per chosen place, in order of first mention."""
        groups: dict[tuple, _Group] = {}
        for mention in mentions:
            hit = mention.candidate.hit
            group = groups.setdefault((hit.current, hit.former), _Group(hit.current, hit.former))
            group.mentions.append(mention)
        for group in groups.values():
            self._by_region(group, regions)
        live = [g for g in groups.values() if g.pool]
        undecided = [g for g in live if len(g.pool) > 1]
        if undecided:
            anchors = self._located(g.pool[0] for g in live if len(g.pool) == 1)
            for group in undecided:
                self._by_distance(group, anchors)
            if not anchors and len(undecided) > 1:
                # No unambiguous neighbour: the ambiguous names pull each other together.
                guesses = {id(g): max(g.pool, key=lambda p: self._score(g, p)) for g in undecided}
                for group in undecided:
                    others = self._located(guesses[id(g)] for g in undecided if g is not group)
                    self._by_distance(group, others)
        for group in live:
            best = max(group.pool, key=lambda p: (self._score(group, p), p.id))
            group.choice = best
            if len(group.pool) > 1:
                group.rules.append("prior")
        return self._tags(live)

    def _tags(self, groups: list[_Group]) -> list[PlaceTag]:
        evidence: dict[str, list[Evidence]] = {}
        runners: dict[str, list[str]] = {}
        for group in groups:
            assert group.choice is not None
            chosen = group.choice.id
            ambiguous = len(group.ids) > 1
            for m in group.mentions:
                rule = m.candidate.rule
                if not group.current or chosen not in group.current:
                    rule = rule.replace("form", "former-name", 1)
                if ambiguous and group.rules:
                    rule = f"{rule};{'+'.join(group.rules)}"
                evidence.setdefault(chosen, []).append(
                    Evidence(m.field, m.start, m.end, m.candidate.key, rule)
                )
            others = [p.id for p in self._gaz.ranked(group.ids) if p.id != chosen]
            runners.setdefault(chosen, []).extend(others)
        order = sorted(
            evidence, key=lambda i: min((e.field != "title", e.start) for e in evidence[i])
        )
        return [
            PlaceTag(
                place_id=place_id,
                mentions=len(evidence[place_id]),
                evidence=tuple(
                    sorted(evidence[place_id], key=lambda e: (e.field != "title", e.start))
                ),
                runners_up=tuple(r for r in dict.fromkeys(runners[place_id]) if r not in evidence)[
                    :MAX_RUNNERS_UP
                ],
            )
            for place_id in order
        ]
