"""Evidence spans point at the right substring of the stored text, per field."""

from __future__ import annotations


def test_place_evidence_offsets_per_field(tagger):
    title = "Бої під Покровськом"
    body = "Росіяни штурмують Мирноград; Pokrovsk’s defenders hold. Знову Покровськ."
    result = tagger.tag(title, body)
    by_id = {tag.place_id: tag for tag in result.places}
    pokrovsk = by_id["pokrovsk"]
    assert pokrovsk.mentions == 3
    texts = [
        (e.field, (title if e.field == "title" else body)[e.start : e.end])
        for e in pokrovsk.evidence
    ]
    assert texts == [("title", "Покровськом"), ("body", "Pokrovsk’s"), ("body", "Покровськ")]
    myrnohrad = by_id["myrnohrad"].evidence[0]
    assert body[myrnohrad.start : myrnohrad.end] == "Мирноград"


def test_offsets_survive_apostrophes_before_the_name(tagger):
    body = "П'ять з'їздів, м'ясо і Куп'янськ-Вузловий"
    (tag,) = tagger.tag("", body).places
    (evidence,) = tag.evidence
    assert body[evidence.start : evidence.end] == "Куп'янськ-Вузловий"


def test_theme_evidence_offsets(tagger):
    body = "Ворог штурмує позиції, дрони б'ють по логістиці."
    result = tagger.tag("", body)
    spans = {t.theme_id: [body[e.start : e.end] for e in t.evidence] for t in result.themes}
    assert spans["assault"] == ["штурмує"]
    assert spans["drones"] == ["дрони"]


def test_rejected_evidence_says_why(tagger):
    result = tagger.tag("", "Тарас Шевченко і світле майбутнє", explain=True)
    reasons = {e.form: e.rule for e in result.rejected}
    assert reasons["шевченко"].startswith("reject:")
    assert reasons["світле"] == "reject:lowercase"


def test_control_characters_are_stripped_before_offsets(tagger):
    result = tagger.tag("\x1b[2JПокровськ", "")
    (evidence,) = result.places[0].evidence
    assert (evidence.start, evidence.end) == (0, 9)
