"""Choosing one settlement per accepted name: a named region, distance, then the prior."""

from __future__ import annotations

import math
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, field

from tagging.candidates import Candidate
from tagging.gazetteer import Gazetteer, Place
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
_CHOICES_CACHE = 50_000


@dataclass(slots=True)
class Mention:
    """An accepted candidate with its field and original span."""

    field: str
    start: int
    end: int
    candidate: Candidate


@dataclass(frozen=True, slots=True)
class _Choices:
    """The places one spelling may name, best prior first (cached per spelling's hit)."""

    current: tuple[str, ...]
    ids: tuple[str, ...]  # current then former ids, without repeats
    ranked: tuple[Place, ...]
    ranked_ids: tuple[str, ...]
    wheres: tuple[tuple[float, float] | None, ...]  # the locations of `ranked`


@dataclass(slots=True)
class _Group:
    """The mentions of one spelling's places in an item, and what is left of its places."""

    choices: _Choices
    mentions: list[Mention]
    keys: set[str]  # the spellings of its mentions
    pool: Sequence[Place]
    rules: list[str] = field(default_factory=list)
    choice: Place | None = None

    @property
    def ids(self) -> tuple[str, ...]:
        return self.choices.ids


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


class Resolver:
    """Resolves the accepted names of one item against a gazetteer."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self._gaz = gazetteer
        self._choices: dict[tuple[tuple[str, ...], tuple[str, ...]], _Choices] = {}
        # Per place id: its prior and the keys of its own names, for scoring.
        self._scoring: dict[str, tuple[float, frozenset[str]]] = {}

    def _choices_of(self, current: tuple[str, ...], former: tuple[str, ...]) -> _Choices:
        found = self._choices.get((current, former))
        if found is None:
            ids = tuple(dict.fromkeys(current + former))
            ranked = tuple(self._gaz.ranked(ids))
            wheres = tuple(self._gaz.location(place) for place in ranked)
            found = _Choices(current, ids, ranked, tuple(p.id for p in ranked), wheres)
            if len(self._choices) >= _CHOICES_CACHE:
                self._choices.clear()
            self._choices[current, former] = found
        return found

    def _score(self, group: _Group, place: Place) -> float:
        known = self._scoring.get(place.id)
        if known is None:
            if len(self._scoring) >= _CHOICES_CACHE:
                self._scoring.clear()
            known = self._gaz.prior(place), self._gaz.name_keys(place)
            self._scoring[place.id] = known
        score = known[0]
        if place.id not in group.choices.current:
            score -= FORMER_PENALTY
        if len(group.ids) > 1 and not known[1].isdisjoint(group.keys):
            score += OWN_NAME_BONUS
        return score

    def _by_region(self, group: _Group, regions: Sequence[RegionName]) -> None:
        """Keep the candidates in the raion, else the oblast, named nearest the name."""
        pool = group.pool
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
        ids = group.ids
        points = [point for place_id, point in anchors if place_id not in ids]
        if not points:
            return False
        pool = group.pool
        if pool is group.choices.ranked:
            wheres: Sequence[tuple[float, float] | None] = group.choices.wheres
        else:
            wheres = [self._gaz.location(place) for place in pool]
        # Distances to each other place in turn, then the nearest per candidate: a few
        # passes over the candidates instead of a call per candidate.
        hypot = math.hypot
        x, y = _KM_PER_LON, _KM_PER_LAT
        km: list[float] = []
        for p_lat, p_lon in points:
            to_point = [
                math.inf if w is None else hypot((w[1] - p_lon) * x, (w[0] - p_lat) * y)
                for w in wheres
            ]
            km = list(map(min, km, to_point)) if km else to_point
        nearest = min(km)
        if nearest == math.inf:
            return False  # no candidate has a location
        limit = nearest + DISTANCE_MARGIN_KM
        close = [
            p
            for p, d in zip(pool, km, strict=True)
            if d <= limit or (p.population or 0) >= MAJOR_CITY
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
            candidate = mention.candidate
            hit = candidate.hit
            group = groups.get((hit.current, hit.former))
            if group is None:
                choices = self._choices_of(hit.current, hit.former)
                group = _Group(choices, [mention], {candidate.key}, choices.ranked)
                groups[hit.current, hit.former] = group
            else:
                group.mentions.append(mention)
                group.keys.add(candidate.key)
        if regions:
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
            if len(group.pool) == 1:
                group.choice = group.pool[0]
                continue
            group.choice = max(group.pool, key=lambda p: (self._score(group, p), p.id))
            group.rules.append("prior")
        return self._tags(live)

    def _tags(self, groups: list[_Group]) -> list[PlaceTag]:
        evidence: dict[str, list[Evidence]] = {}
        # Per chosen place, the ranked ids of the groups that chose it: its runners-up are
        # the first few of them that no other tag took.
        runners: dict[str, list[tuple[str, ...]]] = {}
        for group in groups:
            assert group.choice is not None
            chosen = group.choice.id
            ambiguous = len(group.ids) > 1
            current = group.choices.current
            former = not current or chosen not in current
            suffix = f";{'+'.join(group.rules)}" if ambiguous and group.rules else ""
            found = evidence.get(chosen)
            if found is None:
                found = evidence[chosen] = []
                runners[chosen] = []
            for m in group.mentions:
                rule = m.candidate.rule
                if former:
                    rule = rule.replace("form", "former-name", 1)
                found.append(Evidence(m.field, m.start, m.end, m.candidate.key, rule + suffix))
            if ambiguous:
                runners[chosen].append(group.choices.ranked_ids)
        # Groups come in order of first mention (title first), so places do too.
        tags = []
        for place_id in evidence:
            found = evidence[place_id]
            if len(found) > 1:
                found.sort(key=_position)
            others = _runners_up(runners[place_id], evidence) if runners[place_id] else ()
            tags.append(PlaceTag(place_id, len(found), tuple(found), others))
        return tags


def _runners_up(ranked: list[tuple[str, ...]], tagged: Container[str]) -> tuple[str, ...]:
    """The first few ids, in order and without repeats, that are not tagged themselves."""
    out: list[str] = []
    for ids in ranked:
        for place_id in ids:
            if place_id not in tagged and place_id not in out:
                out.append(place_id)
                if len(out) == MAX_RUNNERS_UP:
                    return tuple(out)
    return tuple(out)


def _position(evidence: Evidence) -> tuple[bool, int]:
    """Where a piece of evidence stands in the item: title first, then by offset."""
    return evidence.field != "title", evidence.start
