"""Gazetteer rows: made from a settlement, its GeoNames match and its override; written as CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TypeVar

from tagging.gazetteer import COLUMNS

from .codifier import CodifierPlace
from .latin import national, russian_variants, ukrainian_variant
from .overrides import CLEAR, Override
from .points import GeoPoint
from .regions import OBLASTS
from .russian import ukrainian_to_russian

_N = TypeVar("_N", int, float)
TOWN_POPULATION = 2_000  # a codifier "селище" this big was an urban-type settlement


@dataclass(frozen=True, slots=True)
class Row:
    """One line of gazetteer.csv."""

    id: str
    name: str
    name_uk: str
    name_ru: str
    kind: str
    country: str
    oblast: str
    raion: str
    lat: float | None
    lon: float | None
    population: int | None
    katottg: str
    alt_names: tuple[str, ...]
    former_names: tuple[str, ...]


def kind_of(place: CodifierPlace, population: int | None) -> str:
    """Map the codifier category to city | town | village | settlement.

    K, M (місто) → city; T (селище міського типу) → town; C (село) → village. Since 2024 the
    codifier files former urban-type settlements and rural селища alike as X (селище): an X
    that heads its hromada or has ≥ 2,000 people is a town, any other X a settlement.
    """
    if place.category in ("K", "M"):
        return "city"
    if place.category == "T":
        return "town"
    if place.category == "X":
        big = population is not None and population >= TOWN_POPULATION
        return "town" if place.heads_hromada or big else "settlement"
    return "village"


def latin_alternatives(
    name: str, name_uk: str, name_ru: str, extra: Iterable[str]
) -> tuple[str, ...]:
    """Other spellings of a place, deduplicated case-insensitively, the name itself left out."""
    seen = {name.casefold()}
    out: list[str] = []
    for candidate in (ukrainian_variant(name_uk), *russian_variants(name_ru), *extra):
        if candidate and candidate.casefold() not in seen:
            seen.add(candidate.casefold())
            out.append(candidate)
    return tuple(out)


def place_row(place_id: str, place: CodifierPlace, match: GeoPoint | None) -> Row:
    """The row the sources alone give for a codifier settlement."""
    name = national(place.name_uk)
    name_ru = ukrainian_to_russian(place.name_uk)
    population = match.population if match else None
    geonames_name = [match.name] if match else []
    return Row(
        id=place_id,
        name=name,
        name_uk=place.name_uk,
        name_ru=name_ru,
        kind=kind_of(place, population),
        country="UA",
        oblast=OBLASTS[place.oblast_code][0],
        raion=national(place.raion_uk) if place.raion_uk else "",
        lat=match.lat if match else None,
        lon=match.lon if match else None,
        population=population,
        katottg=place.katottg,
        alt_names=latin_alternatives(name, place.name_uk, name_ru, geonames_name),
        former_names=(),
    )


def apply_override(row: Row, override: Override) -> Row:
    """The row with the override's non-empty fields put in."""
    name_ru = override.name_ru or row.name_ru
    alt_names = row.alt_names
    if override.name_ru:
        # The Latin spellings derived from a wrong Russian name are wrong too: redo them.
        alt_names = latin_alternatives(row.name, row.name_uk, name_ru, ())
    extra = [a for a in (*alt_names, *override.alt_names) if a.casefold() != row.name.casefold()]
    return replace(
        row,
        name_ru=name_ru,
        kind=override.kind or row.kind,
        lat=_number(override.lat, row.lat, float),
        lon=_number(override.lon, row.lon, float),
        population=_number(override.population, row.population, int),
        alt_names=tuple(dict.fromkeys(extra)),
        former_names=tuple(dict.fromkeys((*row.former_names, *override.former_names))),
    )


def _number(value: str, current: _N | None, kind: type[_N]) -> _N | None:
    if value == CLEAR:
        return None
    return kind(value) if value else current


def to_csv(rows: Iterable[Row]) -> str:
    """The gazetteer as CSV text, rows sorted by id, "\\n" line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in sorted(rows, key=lambda r: r.id):
        writer.writerow(
            [
                row.id,
                row.name,
                row.name_uk,
                row.name_ru,
                row.kind,
                row.country,
                row.oblast,
                row.raion,
                "" if row.lat is None else f"{row.lat:.5f}",
                "" if row.lon is None else f"{row.lon:.5f}",
                "" if row.population is None else str(row.population),
                row.katottg,
                ";".join(row.alt_names),
                ";".join(row.former_names),
            ]
        )
    return buffer.getvalue()
