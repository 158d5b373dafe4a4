"""Stable place ids: the slug of the name, made unique by raion, hromada and code."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .latin import slugify

# Ranks used to decide which same-named place keeps the bare slug (lower wins).
_CATEGORY_RANK = {"K": 0, "M": 0, "T": 1, "X": 1, "C": 2}
_FRONT_OBLASTS = frozenset({"12", "23", "44", "63"})


@dataclass(frozen=True, slots=True)
class IdCandidate:
    """What the id of one place is made from."""

    key: str  # katottg, or a unique key for places outside the codifier
    name: str  # English name
    category: str  # codifier category; "M" for foreign cities
    oblast_code: str  # "14"; "" outside Ukraine
    raion_code: str
    qualifiers: tuple[str, ...]  # slugs tried in turn: raion, hromada
    centre: bool = False  # an oblast centre


def strip_adjective(slug: str) -> str:
    """Drop the adjectival ending of a raion/hromada slug ("pokrovskyi" → "pokrovsk")."""
    for ending in ("yi", "ii", "a"):
        if slug.endswith(ending) and len(slug) > len(ending) + 2:
            return slug[: -len(ending)]
    return slug


def precedence(candidate: IdCandidate) -> tuple[int, int, int, str]:
    """Sort key: who gets the bare slug when names collide.

    Cities first; then oblast centres, Donetsk oblast's Pokrovskyi raion, the rest of
    Donetsk oblast, the other front-line oblasts, Russian cities, anywhere else; then
    towns/settlements before villages; then the codifier code. Nothing from GeoNames
    enters, so ids do not move when its data does.
    """
    if candidate.centre:
        region = -1
    elif candidate.raion_code == "1416":
        region = 0
    elif candidate.oblast_code == "14":
        region = 1
    elif candidate.oblast_code in _FRONT_OBLASTS:
        region = 2
    elif not candidate.oblast_code:
        region = 3
    else:
        region = 4
    city = 0 if candidate.category in ("K", "M") else 1
    return (city, region, _CATEGORY_RANK.get(candidate.category, 3), candidate.key)


def assign_ids(
    candidates: Iterable[IdCandidate],
    order: Callable[[IdCandidate], tuple[int, int, int, str]] = precedence,
) -> dict[str, str]:
    """Give every candidate a unique slug id; returns key → id.

    The first candidate of a name (by `order`) gets the bare slug of its name; each other
    gets `-<qualifier>` appended, trying the raion slug then the hromada slug (adjectival
    endings dropped), and finally the code's last digits.
    """
    by_slug: dict[str, list[IdCandidate]] = defaultdict(list)
    for candidate in candidates:
        by_slug[slugify(candidate.name)].append(candidate)
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for slug in sorted(by_slug):
        group = sorted(by_slug[slug], key=order)
        ids[group[0].key] = slug
        taken.add(slug)
    for slug in sorted(by_slug):
        for candidate in sorted(by_slug[slug], key=order)[1:]:
            ids[candidate.key] = _qualified(slug, candidate, taken)
            taken.add(ids[candidate.key])
    return ids


def _qualified(slug: str, candidate: IdCandidate, taken: set[str]) -> str:
    suffix = ""
    for qualifier in candidate.qualifiers:
        suffix += "-" + strip_adjective(slugify(qualifier))
        if slug + suffix not in taken:
            return slug + suffix
    digits = "".join(ch for ch in candidate.key if ch.isdigit())
    # A KATOTTG code has 17 digits; digits 8-10 number the settlement within its hromada.
    tail = (digits[7:10] if len(digits) == 17 else digits[-4:]) or "x"
    number = 0
    while f"{slug}{suffix}-{tail}{number or ''}" in taken:
        number += 1
    return f"{slug}{suffix}-{tail}{number or ''}"
