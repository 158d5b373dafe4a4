"""The user's own additions to the gazetteer: settlements imported from a GeoNames dump."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import platformdirs

from frontwatch.paths import APP
from tagging.gazetteer import COLUMNS, Gazetteer, load_gazetteer
from tagging.geonames import GeoNamesPlace, ParseStats, oblast_of, parse_geonames

USER_FILE = "places-geonames.csv"
_UK_LETTERS = re.compile("[іїєґІЇЄҐ]")
_RU_LETTERS = re.compile("[ыэъёЫЭЪЁ]")
_CYRILLIC = re.compile("[а-яА-Я]")
_CITY_CODES = {"PPLA", "PPLA2", "PPLA3", "PPLC"}


def user_gazetteer_path() -> Path:
    """Where imported places are kept (beside the database's default folder)."""
    return Path(platformdirs.user_data_dir(APP)) / USER_FILE


def gazetteer_files() -> tuple[str, ...]:
    """The packaged gazetteer plus the user's import, if there is one."""
    from tagging.datafiles import data_path

    files = [str(data_path("gazetteer.csv"))]
    if user_gazetteer_path().is_file():
        files.append(str(user_gazetteer_path()))
    return tuple(files)


@cache
def _load(files: tuple[str, ...]) -> Gazetteer:
    if len(files) == 1:
        return load_gazetteer()
    return Gazetteer.from_csv(*map(Path, files))


def current_gazetteer() -> Gazetteer:
    """The gazetteer every part of the app uses: packaged, plus the user's import."""
    return _load(gazetteer_files())


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What `gazetteer import` did."""

    kept: int
    known: int
    outside: int
    stats: ParseStats


def _kind(place: GeoNamesPlace) -> str:
    population = place.population or 0
    if place.feature_code in _CITY_CODES or population >= 10_000:
        return "city"
    return "town" if population >= 2_000 else "village"


def _names(place: GeoNamesPlace) -> tuple[str, str, list[str]]:
    """(Ukrainian, Russian, other) names from an unlabelled list of alternate names."""
    cyrillic = [n for n in place.alternate_names if _CYRILLIC.search(n)]
    uk = next((n for n in cyrillic if _UK_LETTERS.search(n)), "")
    ru = next((n for n in cyrillic if _RU_LETTERS.search(n)), "")
    plain = [n for n in cyrillic if n not in (uk, ru)]
    uk = uk or (plain[0] if plain else "")
    ru = ru or (plain[0] if plain else uk)
    latin = [n for n in place.alternate_names if not _CYRILLIC.search(n) and n != place.name]
    return uk, ru, latin[:8]


def _is_known(place: GeoNamesPlace, oblast: str, known: Gazetteer) -> bool:
    for name in (place.name, *place.alternate_names[:20]):
        if any(p.oblast == oblast for p in known.resolve(name)):
            return True
    return False


def import_geonames(lines: Iterable[str], known: Gazetteer, target: Path) -> ImportSummary:
    """Write the dump's Ukrainian settlements that the gazetteer lacks to `target` (CSV)."""
    stats = ParseStats()
    rows = []
    known_count = outside = 0
    for place in parse_geonames(lines, stats):
        oblast = oblast_of(place)
        if oblast is None:
            outside += 1
            continue
        if _is_known(place, oblast, known):
            known_count += 1
            continue
        uk, ru, latin = _names(place)
        rows.append(
            {
                "id": place.id,
                "name": place.name,
                "name_uk": uk or place.name,
                "name_ru": ru or uk or place.name,
                "kind": _kind(place),
                "country": "UA",
                "oblast": oblast,
                "raion": "",
                "lat": f"{place.lat:.5f}",
                "lon": f"{place.lon:.5f}",
                "population": place.population or "",
                "katottg": "",
                "alt_names": ";".join(latin),
                "former_names": "",
            }
        )
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(sorted(rows, key=lambda r: r["id"]))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(out.getvalue(), encoding="utf-8")
    return ImportSummary(kept=len(rows), known=known_count, outside=outside, stats=stats)
