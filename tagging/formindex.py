"""The lookup table from folded spellings and adjective stems to place ids."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from tagging.forms import PlaceForms

FORMS_MAGIC = "#frontwatch-forms"
# Bump when forms.py or the morphology changes what it generates: a forms.tsv written by
# another version is then regenerated at load instead of trusted.
FORMS_VERSION = "1"
_STEMS_MARK = "%stems"
# Shorter keys are prepositions and particles far more often than places.
MIN_KEY = 3


@dataclass(frozen=True, slots=True)
class FormHit:
    """The places one spelling names: by a current name and by a former name."""

    current: tuple[str, ...]
    former: tuple[str, ...]


def _ids(raw: str) -> tuple[str, ...]:
    return tuple(raw.split(",")) if raw else ()


class FormIndex:
    """Spellings (single words or space-joined word sequences) and stems to place ids.

    Values are kept as the comma-joined strings they load as and split on lookup: a text
    names a handful of places, the index holds a hundred thousand spellings.
    """

    __slots__ = ("_forms", "_stems", "_hits", "first_tokens", "multi")

    def __init__(self, forms: dict[str, tuple[str, str]], stems: dict[str, str]) -> None:
        self._forms = forms
        self._stems = stems
        self._hits: dict[str, FormHit] = {}
        multi: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        first = set()
        for key in forms:
            if " " in key:
                head, *rest = key.split(" ")
                multi[head].append(tuple(rest))
                first.add(head)
            else:
                first.add(key)
        self.first_tokens = frozenset(first)
        # Longest first, so "Лиман Другий" wins over "Лиман".
        self.multi = {
            head: tuple(sorted(rests, key=len, reverse=True)) for head, rests in multi.items()
        }

    def get(self, key: str) -> FormHit | None:
        """The places a folded spelling names, or None."""
        hit = self._hits.get(key)
        if hit is None:
            raw = self._forms.get(key)
            if raw is None:
                return None
            hit = self._hits[key] = FormHit(_ids(raw[0]), _ids(raw[1]))
        return hit

    def stem(self, stem: str) -> tuple[str, ...]:
        """Places whose adjective has this stem (покровськ → Pokrovsk, Pokrovske, ...)."""
        return _ids(self._stems.get(stem, ""))

    def items(self) -> Iterator[tuple[str, FormHit]]:
        """Every spelling with its places."""
        for key, (current, former) in self._forms.items():
            yield key, FormHit(_ids(current), _ids(former))

    def __len__(self) -> int:
        return len(self._forms)

    @classmethod
    def build(cls, places: Iterable[tuple[str, PlaceForms]]) -> FormIndex:
        """Invert per-place forms into an index."""
        current: dict[str, list[str]] = defaultdict(list)
        former: dict[str, list[str]] = defaultdict(list)
        stems: dict[str, list[str]] = defaultdict(list)
        for place_id, forms in places:
            for key in forms.current:
                if len(key) >= MIN_KEY:
                    current[key].append(place_id)
            for key in forms.former:
                if len(key) >= MIN_KEY:
                    former[key].append(place_id)
            for stem in forms.adjective_stems:
                if len(stem) >= MIN_KEY:
                    stems[stem].append(place_id)
        table = {
            key: (",".join(current.get(key, ())), ",".join(former.get(key, ())))
            for key in current.keys() | former.keys()
        }
        return cls(table, {stem: ",".join(ids) for stem, ids in stems.items()})

    def merged(self, other: FormIndex) -> FormIndex:
        """This index with `other`'s spellings added (ids appended, never replaced)."""
        table = dict(self._forms)
        for key, (cur, old) in other._forms.items():
            mine = table.get(key, ("", ""))
            table[key] = (_join(mine[0], cur), _join(mine[1], old))
        stems = dict(self._stems)
        for stem, ids in other._stems.items():
            stems[stem] = _join(stems.get(stem, ""), ids)
        return FormIndex(table, stems)

    def dump(self, source_hash: str) -> str:
        """The index as forms.tsv text, tagged with the hash of the data it came from."""
        lines = [f"{FORMS_MAGIC} {FORMS_VERSION} {source_hash}"]
        lines += [f"{key}\t{cur}\t{old}" for key, (cur, old) in sorted(self._forms.items())]
        lines.append(_STEMS_MARK)
        lines += [f"{stem}\t{ids}" for stem, ids in sorted(self._stems.items())]
        return "\n".join(lines) + "\n"

    @classmethod
    def parse(cls, text: str, source_hash: str) -> FormIndex | None:
        """Read forms.tsv text; None when it was made from other data or another version."""
        header, _, body = text.partition("\n")
        if header.split() != [FORMS_MAGIC, FORMS_VERSION, source_hash]:
            return None
        forms_part, _, stems_part = body.partition(f"\n{_STEMS_MARK}\n")
        forms: dict[str, tuple[str, str]] = {}
        for line in forms_part.split("\n"):
            key, cur, old = line.split("\t")
            forms[key] = (cur, old)
        stems = dict(line.split("\t") for line in stems_part.split("\n") if line)
        return cls(forms, stems)


def _join(a: str, b: str) -> str:
    if not a:
        return b
    if not b:
        return a
    return ",".join(dict.fromkeys(a.split(",") + b.split(",")))
