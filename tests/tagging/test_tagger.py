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


def test_themes_alone_are_what_a_full_tag_gives(real_tagger):
    """A retag after a theme change scores themes alone: it must store what tag() would."""
    import json
    from pathlib import Path

    lines = (Path(__file__).parent / "data" / "labelled.jsonl").read_text(encoding="utf-8")
    texts = [json.loads(line)["text"] for line in lines.splitlines() if line.strip()]
    for text in texts:
        title, _, body = text.partition("\n")
        assert real_tagger.tag_themes(title, body) == real_tagger.tag(title, body).themes
