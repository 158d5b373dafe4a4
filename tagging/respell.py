"""What a change of the user's extra place spellings can change, for a retag."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from tagging.gazetteer import spelling_keys
from tagging.scan import WordScreen


def respelled_screen(
    old: Mapping[str, Iterable[str]], new: Mapping[str, Iterable[str]]
) -> WordScreen:
    """A screen that finds, in a folded field, a word whose place tags may differ between a
    gazetteer with the `old` extra spellings and the same gazetteer with the `new` ones.

    A spelling only adds its own forms (and adjective stems) to the form index: a field
    with none of their words is tagged alike by both. Every word of a several-word form
    counts, so a form that extends another place's name is caught too.
    """
    changed: dict[str, list[str]] = defaultdict(list)
    for place_id, spelling in _pairs(old) ^ _pairs(new):
        changed[place_id].append(spelling)
    words, stems = spelling_keys(changed)
    return WordScreen(words, stems)


def _pairs(spellings: Mapping[str, Iterable[str]]) -> set[tuple[str, str]]:
    return {(place_id, str(s)) for place_id, some in spellings.items() for s in some}
