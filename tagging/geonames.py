"""Parse GeoNames country dumps (UA.txt format) into populated-place records."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

# GeoNames admin1 codes of Ukraine → oblast names as the gazetteer spells them.
UA_ADMIN1: dict[str, str] = {
    "01": "Cherkasy",
    "02": "Chernihiv",
    "03": "Chernivtsi",
    "04": "Dnipropetrovsk",
    "05": "Donetsk",
    "06": "Ivano-Frankivsk",
    "07": "Kharkiv",
    "08": "Kherson",
    "09": "Khmelnytskyi",
    "10": "Kirovohrad",
    "11": "Crimea",
    "12": "Kyiv City",
    "13": "Kyiv",
    "14": "Luhansk",
    "15": "Lviv",
    "16": "Mykolaiv",
    "17": "Odesa",
    "18": "Poltava",
    "19": "Rivne",
    "20": "Sevastopol City",
    "21": "Sumy",
    "22": "Ternopil",
    "23": "Vinnytsia",
    "24": "Volyn",
    "25": "Zakarpattia",
    "26": "Zaporizhzhia",
    "27": "Zhytomyr",
}

_FIELD_COUNT = 19
_POPULATED_PLACE = "P"


@dataclass(frozen=True, slots=True)
class GeoNamesPlace:
    """One populated place (feature class P) of a GeoNames dump."""

    id: str  # "gn-<geonameid>"
    name: str
    lat: float
    lon: float
    population: int | None  # None where GeoNames says 0 (unknown)
    alternate_names: tuple[str, ...]
    admin1: str
    admin2: str = ""
    feature_code: str = ""
    country: str = ""


@dataclass(slots=True)
class ParseStats:
    """Counts of what a parse kept and skipped; filled in as the parse goes."""

    kept: int = 0
    not_populated: int = 0
    malformed: int = 0


class MalformedLine(ValueError):
    """A dump line that does not hold a valid GeoNames record."""


def parse_geonames(
    lines: Iterable[str], stats: ParseStats | None = None
) -> Iterator[GeoNamesPlace]:
    """Yield the populated places of a GeoNames dump, skipping malformed lines.

    Args:
        lines: lines of a dump in the UA.txt format (tab-separated, 19 fields).
        stats: if given, counts kept, non-P and malformed lines as the parse goes.

    Yields:
        One record per line of feature class P; blank and `#` comment lines are ignored.
    """
    counts = stats if stats is not None else ParseStats()
    for line in lines:
        text = line.rstrip("\r\n")
        if not text.strip() or text.startswith("#"):
            continue
        try:
            place = parse_line(text)
        except MalformedLine:
            counts.malformed += 1
            continue
        if place is None:
            counts.not_populated += 1
            continue
        counts.kept += 1
        yield place


def parse_line(line: str) -> GeoNamesPlace | None:
    """Parse one dump line; None for a valid record that is not a populated place.

    Raises:
        MalformedLine: when the line has the wrong shape or unreadable numbers.
    """
    fields = line.rstrip("\r\n").split("\t")
    if len(fields) != _FIELD_COUNT:
        raise MalformedLine(f"expected {_FIELD_COUNT} tab-separated fields, got {len(fields)}")
    geonameid, name, _ascii, alternates, lat_text, lon_text, feature_class, feature_code = fields[
        :8
    ]
    country, _cc2, admin1, admin2 = fields[8:12]
    if not geonameid.isdigit() or not name.strip():
        raise MalformedLine(f"bad geonameid or empty name: {geonameid!r}")
    lat = _coordinate(lat_text, 90.0)
    lon = _coordinate(lon_text, 180.0)
    population = _population(fields[14])
    if feature_class != _POPULATED_PLACE:
        return None
    return GeoNamesPlace(
        id=f"gn-{geonameid}",
        name=name.strip(),
        lat=lat,
        lon=lon,
        population=population,
        alternate_names=tuple(a.strip() for a in alternates.split(",") if a.strip()),
        admin1=admin1,
        admin2=admin2,
        feature_code=feature_code,
        country=country,
    )


def oblast_of(place: GeoNamesPlace) -> str | None:
    """The oblast name of a Ukrainian place, or None for another country or unknown code."""
    if place.country and place.country != "UA":
        return None
    return UA_ADMIN1.get(place.admin1)


def _coordinate(text: str, limit: float) -> float:
    try:
        value = float(text)
    except ValueError:
        raise MalformedLine(f"not a coordinate: {text!r}") from None
    if not math.isfinite(value) or abs(value) > limit:
        raise MalformedLine(f"coordinate out of range: {text!r}")
    return value


def _population(text: str) -> int | None:
    if not text:
        return None
    if not text.isdigit():
        raise MalformedLine(f"not a population: {text!r}")
    return int(text) or None
