"""A change of extra place spellings changes places only in texts naming a word of it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tagging import Tagger
from tagging.respell import respelled_screen
from tagging.scan import FieldText, WordScreen

LABELLED = Path(__file__).parent / "data" / "labelled.jsonl"
EXTRA = [
    "Покровськ під обстрілом, а Покровськ-Донецький тримається.",
    "Бої за Мирноград і Мирноградище; drones over Footage Hill near Siversk.",
    "Ворог атакує Гришине та Гришинівку, у Родинському тихо.",
]
CHANGES = [
    ({}, {"pokrovsk": ["Покровськ-Донецький"]}),
    ({"myrnohrad": ["Мирноградище"]}, {}),
    ({"siversk": ["Footage"]}, {"siversk": ["Footage Hill"], "hryshyne": ["Гришинівка"]}),
]


def _texts() -> list[str]:
    lines = LABELLED.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines if line.strip()] + EXTRA


def _names_any(screen: WordScreen, fields: list[FieldText]) -> bool:
    return any(screen.holds(field.key) for field in fields)


@pytest.mark.parametrize(("old", "new"), CHANGES)
def test_texts_the_screen_passes_over_keep_their_places(real_tagger, old, new):
    before = Tagger(gazetteer=real_tagger.gazetteer, extra_places=old) if old else real_tagger
    after = Tagger(gazetteer=real_tagger.gazetteer, extra_places=new) if new else real_tagger
    screen = respelled_screen(old, new)
    screened = differ = 0
    for text in _texts():
        fields = after.fields(text)
        same = before.places_of(fields) == after.places_of(fields)
        differ += not same
        if not _names_any(screen, fields):
            screened += 1
            assert same, text
    assert differ >= 1  # the change does change something, where the screen lets it through
    assert screened >= len(_texts()) // 2  # and most texts need no new look


def test_a_tagger_knows_its_places_half_with_other_spellings(real_tagger):
    spelled = Tagger(gazetteer=real_tagger.gazetteer, extra_places={"siversk": ["Footage"]})
    assert spelled.places_half_with({}) == real_tagger.places_half_with({})
    assert (
        real_tagger.places_half_with({"siversk": ["Footage"]}) == spelled.version.rsplit(".", 1)[0]
    )
    assert spelled.places_half_with({"siversk": ["Footage"]}) != spelled.places_half_with({})


def test_no_change_screens_out_everything():
    same = {"pokrovsk": ["Покровськ-Донецький"]}
    screen = respelled_screen(same, same)
    assert not screen.holds("покровськ донецький") and not screen.holds("")
