"""The Tagger as a whole: results, version, user places, defaults and hygiene."""

from __future__ import annotations

import subprocess
import sys

import pytest
from tagging_kit import place_ids

from tagging import Tagger, TagResult
from tagging.gazetteer import GazetteerError


def test_result_shape(tagger):
    result = tagger.tag("Бої за Покровськ", "Дрони атакують логістику під Мирноградом.")
    assert isinstance(result, TagResult)
    assert result.lang == "uk"
    assert [t.place_id for t in result.places] == ["pokrovsk", "myrnohrad"]
    assert {"drones", "logistics"} <= {t.theme_id for t in result.themes}
    assert result.version == tagger.version


def test_empty_and_odd_input(tagger):
    assert tagger.tag("").places == ()
    assert tagger.tag("", "").themes == ()
    assert tagger.tag("\x00\x1b]0;x\x07", "☢️🔥").places == ()
    long_text = "Покровськ " + "слово " * 50_000
    assert [t.place_id for t in tagger.tag("", long_text).places] == ["pokrovsk"]


def test_non_text_input_is_a_one_line_error(tagger):
    with pytest.raises(TypeError, match="title must be a string"):
        tagger.tag(42)  # type: ignore[arg-type]
    assert tagger.tag(None, None).places == ()  # type: ignore[arg-type]


def test_version_changes_with_data(mini):
    plain = Tagger(gazetteer=mini)
    extra = Tagger(gazetteer=mini, extra_places={"pokrovsk": ["Покровськ-Донецький"]})
    themed = Tagger(gazetteer=mini, extra_themes={"medics": ["medic*"]})
    assert plain.version == Tagger(gazetteer=mini).version
    assert len({plain.version, extra.version, themed.version}) == 3


def test_user_places(mini):
    tagger = Tagger(gazetteer=mini, extra_places={"rodynske": ["Родинка"]})
    assert place_ids(tagger, "", "Бої біля Родинки.") == ["rodynske"]
    with pytest.raises(GazetteerError):
        Tagger(gazetteer=mini, extra_places={"nowhere": ["Ніде"]})


def test_default_tagger_on_the_real_gazetteer(real_tagger):
    result = real_tagger.tag(
        "Pokrovsk–Myrnohrad agglomeration", "Бої біля Гришиного та Родинського, из Гришино."
    )
    ids = [t.place_id for t in result.places]
    assert ids[:2] == ["pokrovsk", "myrnohrad"]
    assert "hryshyne" in ids and "rodynske" in ids


def test_importing_tagging_stays_light():
    code = (
        "import sys, tagging; tagging.Tagger;"
        "names = ('textual', 'storage', 'ingest', 'tui', 'frontwatch');"
        "print([m for m in names if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _labelled_texts() -> list[tuple[str, str]]:
    import json
    from pathlib import Path

    lines = (Path(__file__).parent / "data" / "labelled.jsonl").read_text(encoding="utf-8")
    texts = [json.loads(line)["text"] for line in lines.splitlines() if line.strip()]
    return [(title, body) for title, _, body in (text.partition("\n") for text in texts)]


def test_each_half_alone_is_what_a_full_tag_gives(real_tagger):
    """A retag after a change to one half runs that half alone: it must store what tag()
    would."""
    for title, body in _labelled_texts():
        full = real_tagger.tag(title, body)
        fields = real_tagger.fields(title, body)
        assert real_tagger.places_of(fields) == full.places
        assert real_tagger.themes_of(fields) == full.themes


@pytest.mark.parametrize(
    "only",
    [{"drones"}, {"assault", "withdrawal"}, {"civilians", "weather", "economy", "nope"}, set()],
)
def test_some_themes_score_as_they_do_among_all(real_tagger, only):
    """Themes score independently: a retag re-scores only the themes whose cues changed."""
    for title, body in _labelled_texts():
        full = real_tagger.tag(title, body).themes
        some = real_tagger.themes_of(real_tagger.fields(title, body), only)
        assert some == tuple(tag for tag in full if tag.theme_id in only)
