"""Choosing one settlement per accepted name: a named region, distance, then the prior."""

from __future__ import annotations

import math
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass

from tagging.candidates import Candidate
from tagging.gazetteer import Gazetteer, Place
from tagging.records import maker
from tagging.regions import RegionName
from tagging.types import Evidence, PlaceTag

# A former name is a weaker claim than a current one (Красный Лиман is a village today).
FORMER_PENALTY = 3.0
# A name met uninflected is that place's own name, not another's case form (Межова the
# town over a case form of Межове).
OWN_NAME_BONUS = 2.5
# Candidates this much farther than the nearest from the item's other places are dropped.
DISTANCE_MARGIN_KM = 15.0
# A city, though, only this much farther: a name a city shares with villages means the city
# when the text lists it beside places a few tens of km off (Покровськ і Добропілля), and
# a village only when the city lies far beyond them (Миколаївка біля Гришиного).
CITY_MARGIN_KM = 50.0
MAX_RUNNERS_UP = 5
# A big city named in a text is that city even when a village of the same name lies
# nearer the other places (Гуляйполе і Запоріжжя): distance never drops it.
MAJOR_CITY = 100_000
_CHOICES_CACHE = 50_000
_make_evidence = maker(Evidence)
_make_tag = maker(PlaceTag)


@dataclass(slots=True)
class Mention:
    """An accepted candidate with its field and original span."""

    field: str
    start: int
    end: int
    candidate: Candidate


# Compared by identity: one object per spelling's hit while it is cached, so it can key
# an item's groups without hashing its id tuples again.
@dataclass(frozen=True, slots=True, eq=False)
class _Choices:
    """The places one spelling may name, best prior first (cached per spelling's hit)."""

    current: tuple[str, ...]
    current_set: frozenset[str]  # `current`, for membership tests
    ids: tuple[str, ...]  # current then former ids, without repeats
    id_set: frozenset[str]  # `ids`, for membership tests
    ambiguous: bool  # more than one place
    ranked: tuple[Place, ...]
    ranked_ids: tuple[str, ...]
    wheres: tuple[tuple[float, float] | None, ...]  # the points of `ranked` (Resolver._point)
    # How much farther than the nearest each of `ranked` may be and stay (see _margin).
    margins: tuple[float, ...]


class _Group:
    """The mentions of one spelling's places in an item, and what is left of its places."""

    __slots__ = ("choices", "mentions", "keys", "pool", "rules", "choice")

    def __init__(self, choices: _Choices, mention: Mention) -> None:
        self.choices = choices
        self.mentions = [mention]
        self.keys = {mention.candidate.key}  # the spellings of its mentions
        self.pool: Sequence[Place] = choices.ranked
        self.rules: list[str] = []
        self.choice: Place | None = None


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
        # Per place id: its location on a flat km plane (see _point).
        self._points: dict[str, tuple[float, float] | None] = {}

    def _point(self, place: Place) -> tuple[float, float] | None:
        """Where a place is, in km north and east of (0° N, 0° E) on the front's flat plane,
        so math.dist of two points is their distance in km (None: no location)."""
        try:
            return self._points[place.id]
        except KeyError:
            pass
        where = self._gaz.location(place)
        point = None if where is None else (where[0] * _KM_PER_LAT, where[1] * _KM_PER_LON)
        if len(self._points) >= _CHOICES_CACHE:
            self._points.clear()
        self._points[place.id] = point
        return point

    def _new_choices(self, hit: tuple[tuple[str, ...], tuple[str, ...]]) -> _Choices:
        """The choices of a spelling's (current, former) ids, remembered (resolve() bounds
        the cache)."""
        current, former = hit
        ids = tuple(dict.fromkeys(current + former))
        ranked = tuple(self._gaz.ranked(ids))
        wheres = tuple(self._point(place) for place in ranked)
        found = self._choices[hit] = _Choices(
            current,
            frozenset(current),
            ids,
            frozenset(ids),
            len(ids) > 1,
            ranked,
            tuple(p.id for p in ranked),
            wheres,
            tuple(_margin(p) for p in ranked),
        )
        return found

    def _score(self, group: _Group, place: Place) -> float:
        known = self._scoring.get(place.id)
        if known is None:
            if len(self._scoring) >= _CHOICES_CACHE:
                self._scoring.clear()
            known = self._gaz.prior(place), self._gaz.name_keys(place)
            self._scoring[place.id] = known
        score = known[0]
        if place.id not in group.choices.current_set:
            score -= FORMER_PENALTY
        if group.choices.ambiguous and not known[1].isdisjoint(group.keys):
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
            anchors: (place id, point) of the item's other, resolved places.
        """
        if len(group.pool) < 2:
            return False
        ids = group.choices.id_set
        points = [point for place_id, point in anchors if place_id not in ids]
        if not points:
            return False
        pool = group.pool
        choices = group.choices
        if pool is choices.ranked:
            km = _nearest_km(choices.wheres, points)
            margins: Sequence[float] = choices.margins
        else:
            km = _nearest_km([self._point(place) for place in pool], points)
            margins = [_margin(place) for place in pool]
        nearest = min(km)
        if nearest == math.inf:
            return False  # no candidate has a location
        close = [p for p, d, margin in zip(pool, km, margins, strict=True) if d <= nearest + margin]
        if len(close) == len(pool):
            return False
        group.pool = close
        group.rules.append("distance")
        return len(close) == 1

    def _located(self, places: Iterable[Place]) -> list[tuple[str, tuple[float, float]]]:
        out = []
        for place in places:
            point = self._point(place)
            if point is not None:
                out.append((place.id, point))
        return out

    def resolve(self, mentions: list[Mention], regions: Sequence[RegionName]) -> list[PlaceTag]:
        """One PlaceTag per chosen place, in order of first mention."""
        if len(self._choices) >= _CHOICES_CACHE:
            self._choices.clear()  # here, not mid-item: a group is one _Choices object
        groups: dict[_Choices, _Group] = {}
        known = self._choices
        for mention in mentions:
            hit = mention.candidate.hit
            key = (hit.current, hit.former)
            choices = known.get(key) or self._new_choices(key)
            group = groups.get(choices)
            if group is None:
                groups[choices] = _Group(choices, mention)
            else:
                group.mentions.append(mention)
                group.keys.add(mention.candidate.key)
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
        # Per chosen place, the ranked ids of the ambiguous groups that chose it: its
        # runners-up are the first few of them that no other tag took.
        runners: dict[str, list[tuple[str, ...]]] = {}
        for group in groups:
            assert group.choice is not None
            choices = group.choices
            chosen = group.choice.id
            suffix = ""
            if choices.ambiguous:
                if group.rules:
                    suffix = ";" + "+".join(group.rules)
                runners.setdefault(chosen, []).append(choices.ranked_ids)
            former = not choices.current or chosen not in choices.current_set
            found = evidence.get(chosen)
            if found is None:
                found = evidence[chosen] = []
            for m in group.mentions:
                candidate = m.candidate
                rule = candidate.rule
                if former:
                    rule = rule.replace("form", "former-name", 1)
                found.append(_make_evidence(m.field, m.start, m.end, candidate.key, rule + suffix))
        # Groups come in order of first mention (title first), so places do too.
        tags = []
        for place_id, found in evidence.items():
            if len(found) > 1:
                found.sort(key=_position)
            ranked = runners.get(place_id)
            others = _runners_up(ranked, evidence) if ranked else ()
            tags.append(_make_tag(place_id, len(found), tuple(found), others))
        return tags


def _margin(place: Place) -> float:
    """How much farther than the nearest candidate a place may lie and stay a candidate."""
    if (place.population or 0) >= MAJOR_CITY:
        return math.inf
    return CITY_MARGIN_KM if place.kind == "city" else DISTANCE_MARGIN_KM


def _nearest_km(
    wheres: Sequence[tuple[float, float] | None], points: Sequence[tuple[float, float]]
) -> list[float]:
    """Per candidate point, the km to the nearest of `points` (inf where one is unknown).

    A few passes over the candidates, one per point, instead of a call per candidate;
    when every location is known (the usual case) the passes skip the None checks.
    """
    dist = math.dist
    located = None not in wheres
    km: list[float] | None = None
    for point in points:
        if located:
            to_point = [dist(where, point) for where in wheres]  # type: ignore[arg-type]
        else:
            to_point = [math.inf if w is None else dist(w, point) for w in wheres]
        if km is None:
            km = to_point
        else:  # min(a, b) inline: the builtin's call costs more than the comparison
            km = [a if a <= b else b for a, b in zip(km, to_point, strict=True)]
    return km or []


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
