"""The settlements the tagger knows: loading the gazetteer, resolving names, the place picker."""

from __future__ import annotations

import csv
import io
import math
import tomllib
import warnings
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from tagging.datafiles import content_hash, data_path
from tagging.formindex import FormHit, FormIndex
from tagging.forms import PlaceForms, adjective_stems, place_forms, spelling_forms
from tagging.placesearch import PlaceSearch
from tagging.regions import Regions, load_regions
from tagging.tokenise import key_of

COLUMNS = (
    "id", "name", "name_uk", "name_ru", "kind", "country", "oblast", "raion",
    "lat", "lon", "population", "katottg", "alt_names", "former_names",
)  # fmt: skip
KINDS = frozenset({"city", "town", "village", "settlement"})


class GazetteerError(ValueError):
    """A gazetteer file or extra spelling is unusable; the message is one line."""


@dataclass(frozen=True, slots=True)
class Place:
    """One settlement, as the gazetteer describes it."""

    id: str
    name: str  # English, Ukrainian national transliteration
    name_uk: str
    name_ru: str
    kind: str  # city, town, village or settlement
    country: str  # UA or RU
    oblast: str  # English: "Donetsk"
    raion: str  # "Pokrovskyi"; empty where none
    lat: float | None = None
    lon: float | None = None
    population: int | None = None
    katottg: str = ""
    alt_names: tuple[str, ...] = ()
    former_names: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """Every spelling the gazetteer gives, current names first."""
        main = (self.name, self.name_uk, self.name_ru)
        return tuple(dict.fromkeys(n for n in main + self.alt_names + self.former_names if n))


def _optional(value: str, kind: type, where: str) -> float | int | None:
    if not value.strip():
        return None
    try:
        return kind(value)
    except ValueError:
        raise GazetteerError(f"{where}: not a number: {value!r}") from None


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(";") if part.strip())


def parse_places(text: str, source: str) -> list[Place]:
    """Places from gazetteer CSV text; `source` names the file in error messages."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        raise GazetteerError(f"{source}: missing columns: {', '.join(missing)}")
    places = []
    for row in reader:
        where = f"{source} line {reader.line_num}"
        if not row["id"] or not row["name"]:
            raise GazetteerError(f"{where}: empty id or name")
        if row["kind"] not in KINDS:
            raise GazetteerError(f"{where}: unknown kind {row['kind']!r}")
        places.append(
            Place(
                id=row["id"],
                name=row["name"],
                name_uk=row["name_uk"],
                name_ru=row["name_ru"],
                kind=row["kind"],
                country=row["country"],
                oblast=row["oblast"],
                raion=row["raion"],
                lat=_optional(row["lat"], float, where),  # type: ignore[arg-type]
                lon=_optional(row["lon"], float, where),  # type: ignore[arg-type]
                population=_optional(row["population"], int, where),  # type: ignore[arg-type]
                katottg=row["katottg"],
                alt_names=_split(row["alt_names"]),
                former_names=_split(row["former_names"]),
            )
        )
    return places


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GazetteerError(f"cannot read gazetteer {path}: {exc.__class__.__name__}") from None


def forms_of(place: Place) -> PlaceForms:
    """Every key a place is found under."""
    return place_forms(
        place.name, place.name_uk, place.name_ru, place.alt_names, place.former_names
    )


def build_index(places: Iterable[Place]) -> FormIndex:
    """Generate the form index of some places (slow for the whole gazetteer: ~1 s)."""
    return FormIndex.build((place.id, forms_of(place)) for place in places)


def forms_file_text(gazetteer_text: str) -> str:
    """The forms.tsv content for a gazetteer CSV text (what scripts/build_forms.py writes)."""
    places = parse_places(gazetteer_text, "gazetteer.csv")
    return build_index(places).dump(content_hash(gazetteer_text))


class Gazetteer:
    """A set of places with their spellings, case forms and rank priors."""

    def __init__(
        self,
        places: Iterable[Place],
        *,
        spellings: Mapping[str, Iterable[str]] | None = None,
        index: FormIndex | None = None,
        regions: Regions | None = None,
        digest: str = "",
    ) -> None:
        """Build from places; `index` may be a prebuilt form index of exactly these places.

        Args:
            places: the settlements; a later place with an id already seen replaces it.
            spellings: extra spellings per place id (user configuration), any script.
            index: a form index already made for `places` (from forms.tsv).
            regions: the regions table for priors (the packaged one by default).
            digest: a hash of the data the gazetteer was made from, for versions.
        """
        self._places: dict[str, Place] = {}
        for place in places:
            self._places[place.id] = place
        self.regions = regions or load_regions()
        base = index if index is not None else build_index(self._places.values())
        extra = dict(spellings or {})
        for place_id in extra:
            if place_id not in self._places:
                raise GazetteerError(f"extra spellings name an unknown place id: {place_id!r}")
        if extra:
            base = base.merged(FormIndex.build(_spelling_forms(extra)))
            digest = spelled_digest(digest, extra)
        self.index = base
        self.digest = digest
        self._priors: dict[str, float] = {}
        self._ranked: dict[tuple[str, ...], list[Place]] = {}
        self._name_keys: dict[str, frozenset[str]] = {}
        self._locations: dict[str, tuple[float, float] | None] = {}

    @classmethod
    def from_csv(
        cls,
        *paths: Path,
        spellings: Mapping[str, Iterable[str]] | None = None,
        regions: Regions | None = None,
    ) -> Gazetteer:
        """Load gazetteer CSV files (later files add places or replace same-id ones)."""
        if not paths:
            raise GazetteerError("no gazetteer file given")
        places: list[Place] = []
        hashes = []
        counts = []
        for path in paths:
            text = _read(Path(path))
            places += parse_places(text, Path(path).name)
            hashes.append(content_hash(text))
            counts.append(len(places))
        index = _packaged_index(Path(paths[0]), hashes[0])
        if index is not None and len(paths) > 1:
            base_ids = {p.id for p in places[: counts[0]]}
            extra_places = places[counts[0] :]
            if any(p.id in base_ids for p in extra_places):
                index = None  # a replaced place: its old forms must go, so build afresh
            else:
                index = index.merged(build_index(extra_places))
        return cls(
            places, spellings=spellings, index=index, regions=regions, digest="+".join(hashes)
        )

    def with_spellings(self, spellings: Mapping[str, Iterable[str]]) -> Gazetteer:
        """A copy of this gazetteer with extra spellings for some places."""
        return Gazetteer(
            self, spellings=spellings, index=self.index, regions=self.regions, digest=self.digest
        )

    def __len__(self) -> int:
        return len(self._places)

    def __iter__(self) -> Iterator[Place]:
        return iter(self._places.values())

    def __contains__(self, place_id: object) -> bool:
        return place_id in self._places

    def __getitem__(self, place_id: str) -> Place:
        return self._places[place_id]

    def get(self, place_id: str) -> Place | None:
        """The place with this id, or None."""
        return self._places.get(place_id)

    def prior(self, place: Place) -> float:
        """How likely a bare mention of this place's name means it, before any context."""
        cached = self._priors.get(place.id)
        if cached is None:
            cached = self._priors[place.id] = self._prior(place)
        return cached

    def _prior(self, place: Place) -> float:
        regions = self.regions
        score = regions.kind_prior.get(place.kind, 0.0)
        score += regions.oblast_prior.get(place.oblast, 0.0)
        score += regions.raion_prior.get((place.oblast, place.raion), 0.0)
        if place.population:
            score += max(0.0, math.log10(place.population) - 3.5)
        return score

    def ranked(self, place_ids: Iterable[str]) -> list[Place]:
        """Places by id, best prior first (unknown ids skipped)."""
        ids = tuple(place_ids)
        cached = self._ranked.get(ids)
        if cached is None:
            places = [self._places[i] for i in dict.fromkeys(ids) if i in self._places]
            cached = sorted(places, key=lambda p: (-self.prior(p), p.id))
            if len(self._ranked) > 50_000:
                self._ranked.clear()
            self._ranked[ids] = cached
        return list(cached)

    @cached_property
    def _centroids(self) -> dict[tuple[str, str], tuple[float, float]]:
        """Mean position of the places with coordinates, per raion and per oblast."""
        sums: dict[tuple[str, str], list[float]] = {}
        for place in self:
            if place.lat is None or place.lon is None:
                continue
            for area in ((place.oblast, place.raion), (place.oblast, "")):
                total = sums.setdefault(area, [0.0, 0.0, 0.0])
                total[0] += place.lat
                total[1] += place.lon
                total[2] += 1
        return {area: (lat / n, lon / n) for area, (lat, lon, n) in sums.items()}

    def location(self, place: Place) -> tuple[float, float] | None:
        """Where a place is: its coordinates, else its raion's or oblast's centre."""
        if place.id in self._locations:
            return self._locations[place.id]
        if place.lat is not None and place.lon is not None:
            where: tuple[float, float] | None = (place.lat, place.lon)
        else:
            centroids = self._centroids
            where = centroids.get((place.oblast, place.raion)) or centroids.get((place.oblast, ""))
        self._locations[place.id] = where
        return where

    def name_keys(self, place: Place) -> frozenset[str]:
        """The folded spellings of a place's names, uninflected."""
        keys = self._name_keys.get(place.id)
        if keys is None:
            keys = self._name_keys[place.id] = frozenset(key_of(n) for n in place.names)
        return keys

    def lookup(self, key: str) -> FormHit | None:
        """The index entry for a folded spelling."""
        return self.index.get(key)

    def resolve(self, name: str) -> list[Place]:
        """Places a spelling (any script, any case form) names, best first.

        Current names rank before former names; within each, by prior.
        """
        hit = self.index.get(key_of(name))
        if hit is None:
            return []
        current = self.ranked(hit.current)
        return current + [p for p in self.ranked(hit.former) if p not in current]

    def forms(self) -> Iterator[tuple[str, str]]:
        """Every (folded form, place id) pair, former names included."""
        for key, hit in self.index.items():
            for place_id in dict.fromkeys(hit.current + hit.former):
                yield key, place_id

    @cached_property
    def _search(self) -> PlaceSearch:
        return PlaceSearch(
            [(p.id, (p.name, p.name_uk, p.name_ru), p.alt_names + p.former_names) for p in self]
        )

    def search(self, text: str, limit: int = 10) -> list[Place]:
        """Places for a picker: prefix, word-prefix and subsequence matches, best first."""
        ids = self._search.search(key_of(text), limit, lambda i: self.prior(self._places[i]))
        return [self._places[i] for i in ids]


def spelled_digest(digest: str, spellings: Mapping[str, Iterable[str]]) -> str:
    """The digest of a gazetteer with `digest` once the extra spellings are added."""
    if not spellings:
        return digest
    return content_hash(digest + repr(sorted((k, list(v)) for k, v in spellings.items())))


def spelling_keys(spellings: Mapping[str, Iterable[str]]) -> tuple[frozenset[str], frozenset[str]]:
    """The words of every form the extra spellings add to a gazetteer, and the adjective
    stems they add: where a text has none of them, the spellings change nothing in it."""
    words: set[str] = set()
    stems: set[str] = set()
    for _place_id, forms in _spelling_forms(spellings):
        for form in forms.current:
            words.update(form.split(" "))
        stems |= forms.adjective_stems
    return frozenset(words), frozenset(stems)


def _spelling_forms(extra: Mapping[str, Iterable[str]]) -> Iterator[tuple[str, PlaceForms]]:
    for place_id, spellings in extra.items():
        if isinstance(spellings, str):
            raise GazetteerError(f"spellings for {place_id!r} must be a list, not a string")
        current: set[str] = set()
        stems: set[str] = set()
        for spelling in spellings:
            current |= spelling_forms(str(spelling))
            stems |= adjective_stems(str(spelling))
        yield place_id, PlaceForms(frozenset(current), frozenset(), frozenset(stems))


def _packaged_index(path: Path, gazetteer_hash: str) -> FormIndex | None:
    """The precomputed form index, when `path` is the packaged gazetteer it was built from."""
    packaged = data_path("gazetteer.csv")
    forms_path = data_path("forms.tsv")
    if path.resolve() != packaged.resolve():
        return None
    try:
        index = FormIndex.parse(forms_path.read_text(encoding="utf-8"), gazetteer_hash)
    except (OSError, UnicodeDecodeError, ValueError):
        index = None
    if index is None:
        warnings.warn(
            "tagging/data/forms.tsv does not match the gazetteer; generating forms "
            "(run scripts/build_forms.py)",
            stacklevel=3,
        )
    return index


def packaged_aliases() -> dict[str, list[str]]:
    """The press spellings of tagging/data/aliases.toml, per place id."""
    path = data_path("aliases.toml")
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise GazetteerError(f"cannot read aliases.toml: {exc}") from None
    return {str(k): [str(s) for s in v] for k, v in data.items() if isinstance(v, list)}


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The packaged gazetteer with the packaged press spellings (cached)."""
    gazetteer = Gazetteer.from_csv(data_path("gazetteer.csv"))
    aliases = {k: v for k, v in packaged_aliases().items() if k in gazetteer}
    return gazetteer.with_spellings(aliases) if aliases else gazetteer
