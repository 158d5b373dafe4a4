"""The hand-kept corrections of tagging/data/overrides.csv: reading and checking them."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

COLUMNS = (
    "id",
    "name_ru",
    "alt_names",
    "former_names",
    "kind",
    "lat",
    "lon",
    "population",
    "note",
)
KINDS = frozenset({"city", "town", "village", "settlement"})
CLEAR = "-"  # in lat/lon/population: drop the automatic value, know no better one


class OverrideError(ValueError):
    """An overrides file that cannot be read as written."""


@dataclass(frozen=True, slots=True)
class Override:
    """Corrections for one place; empty fields leave the built value alone."""

    id: str
    name_ru: str = ""
    alt_names: tuple[str, ...] = ()
    former_names: tuple[str, ...] = ()
    kind: str = ""
    lat: str = ""  # a number, CLEAR or ""
    lon: str = ""
    population: str = ""

    def changes(self) -> tuple[str, ...]:
        """Names of the fields this override sets, for the build's report."""
        fields = ("name_ru", "alt_names", "former_names", "kind", "lat", "lon", "population")
        return tuple(f for f in fields if getattr(self, f))


def split_list(value: str) -> tuple[str, ...]:
    """Split a `;`-separated cell into its stripped, non-empty items."""
    return tuple(item.strip() for item in value.split(";") if item.strip())


def load_overrides(path: Path) -> dict[str, Override]:
    """Read the overrides file; raises OverrideError with the line on bad input."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise OverrideError(f"{path.name}: header must be {','.join(COLUMNS)}")
        overrides: dict[str, Override] = {}
        for row in reader:
            line = reader.line_num
            override = _parse_row(row, f"{path.name}:{line}")
            if override.id in overrides:
                raise OverrideError(f"{path.name}:{line}: id {override.id!r} given twice")
            overrides[override.id] = override
    return overrides


def _parse_row(row: dict[str, str | None], where: str) -> Override:
    cells = {k: (v or "").strip() for k, v in row.items() if k is not None}
    if None in row:
        raise OverrideError(f"{where}: more cells than columns")
    if not cells["id"]:
        raise OverrideError(f"{where}: empty id")
    if cells["kind"] and cells["kind"] not in KINDS:
        raise OverrideError(f"{where}: kind {cells['kind']!r} is not one of {sorted(KINDS)}")
    for field, limit in (("lat", 90.0), ("lon", 180.0)):
        _check_number(cells[field], where, field, limit)
    if cells["population"] not in ("", CLEAR) and not cells["population"].isdigit():
        raise OverrideError(f"{where}: population {cells['population']!r} is not an integer")
    if (cells["lat"] == "") != (cells["lon"] == ""):
        raise OverrideError(f"{where}: lat and lon go together")
    return Override(
        id=cells["id"],
        name_ru=cells["name_ru"],
        alt_names=split_list(cells["alt_names"]),
        former_names=split_list(cells["former_names"]),
        kind=cells["kind"],
        lat=cells["lat"],
        lon=cells["lon"],
        population=cells["population"],
    )


def _check_number(value: str, where: str, field: str, limit: float) -> None:
    if value in ("", CLEAR):
        return
    try:
        number = float(value)
    except ValueError:
        raise OverrideError(f"{where}: {field} {value!r} is not a number") from None
    if abs(number) > limit:
        raise OverrideError(f"{where}: {field} {value} is out of range")


def unused(overrides: dict[str, Override], ids: Iterable[str]) -> list[str]:
    """Ids of overrides that match no built place, sorted."""
    return sorted(set(overrides) - set(ids))
