"""The theme taxonomy: ids, cues in three languages, negatives, scores and user themes."""

from __future__ import annotations

import pytest
from tagging_kit import theme_ids

from tagging.tagger import Tagger
from tagging.themes import THEME_IDS, ThemeError, extend_themes, load_themes, parse_themes


def test_packaged_taxonomy_has_exactly_the_theme_ids():
    assert tuple(theme.id for theme in load_themes()) == THEME_IDS


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("Russian troops stormed the village overnight.", "assault"),
        ("Ворог 45 разів штурмував позиції.", "assault"),
        ("Противник пытается продвинуться к городу.", "assault"),
        ("Russia claims to have captured the town.", "capture"),
        ("Окупанти підняли прапор над селом.", "capture"),
        ("Ukrainian forces withdrew to more favourable positions.", "withdrawal"),
        ("Shakhove: Ukrainian withdrawal from southern positions.", "withdrawal"),
        ("Військові відійшли з позицій.", "withdrawal"),
        ("The town is at risk of encirclement.", "encirclement"),
        ("Логістика під вогневим контролем, загроза оточення.", "encirclement"),
        ("ВСУ контратаковали и вернули позиции.", "counterattack"),
        ("Supply routes and the railway bridge were hit.", "logistics"),
        ("Підвезення боєприпасів ускладнене.", "logistics"),
        ("FPV drones hit two tanks.", "drones"),
        ("Ночью атаковали шахеды.", "drones"),
        ("Russian aircraft dropped glide bombs on the town.", "airstrikes"),
        ("Ворог скинув КАБи на місто.", "airstrikes"),
        ("The town was shelled with MLRS and mortars.", "artillery"),
        ("Артобстріл тривав усю ніч.", "artillery"),
        ("Air defence shot down 40 drones.", "air_defense"),
        ("Сили ППО збили ракету.", "air_defense"),
        ("Engineers dug trenches and laid dragon’s teeth.", "fortifications"),
        ("Будують нові лінії оборони.", "fortifications"),
        ("The brigade reported heavy losses.", "casualties"),
        ("Потери противника составили 1200 человек.", "casualties"),
        ("Two civilians were killed and residents evacuated.", "civilians"),
        ("Мирні жителі залишилися без води.", "civilians"),
        ("Peace talks resumed with a prisoner exchange.", "negotiations"),
        ("Обмін полоненими відбувся вчора.", "negotiations"),
        ("Fog and mud slowed the advance.", "weather"),
        ("Туман і бездоріжжя заважають.", "weather"),
        ("The coal mine stopped work and electricity prices rose.", "economy"),
        ("Шахта зупинила роботу через знеструмлення.", "economy"),
    ],
)
def test_theme_cues_in_three_languages(tagger, text, theme):
    assert theme in theme_ids(tagger, "", text)


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("He bought an assault rifle.", "assault"),
        ("The moment was captured on camera.", "capture"),
        ("Withdrawal from the deal was announced.", "withdrawal"),
        ("The minister is encircled by problems.", "encirclement"),
        ("В оточенні президента кажуть інше.", "encirclement"),
        ("Газовий котел опалення зламався.", "encirclement"),
        ("The fog of war hides a lot.", "weather"),
        ("Agricultural drones spray the fields.", "drones"),
        ("Drones attacked the city overnight.", "assault"),
    ],
)
def test_negative_contexts_cancel_cues(tagger, text, theme):
    assert theme not in theme_ids(tagger, "", text)


def test_weak_cue_alone_is_not_enough_but_two_are(tagger):
    assert "assault" not in theme_ids(tagger, "", "Була атака.")
    assert "assault" in theme_ids(tagger, "", "Була атака. Потім ще атака.")


def test_title_cues_weigh_more_and_score_is_in_unit_interval(tagger):
    body_only = tagger.tag("", "Russian troops advanced slightly.").themes
    with_title = tagger.tag("Russian troops advanced", "").themes
    assert [t.theme_id for t in body_only] == []
    (theme,) = [t for t in with_title if t.theme_id == "assault"]
    assert 0 < theme.score <= 1


def test_repeating_a_cue_counts_only_twice(tagger):
    once = tagger.tag("", "Штурм.").themes[0].score
    twice = tagger.tag("", "Штурм. Штурм.").themes[0].score
    many = tagger.tag("", "Штурм. " * 20).themes[0].score
    assert once < twice == many


def test_user_themes_and_cues(mini):
    tagger = Tagger(
        gazetteer=mini,
        extra_themes={"medics": ["медик*", "paramedic*", "евакуаційн* авто"], "drones": ["птах*"]},
    )
    assert "medics" in theme_ids(tagger, "", "Paramedics reached the village.")
    assert "medics" in theme_ids(tagger, "", "Евакуаційне авто доїхало.")
    assert "drones" in theme_ids(tagger, "", "Птахи Мадяра працюють.")
    assert tagger.themes[-1].id == "medics"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"Bad Id": ["x"]}, "bad theme id"),
        ({"medics": "medic*"}, "list of strings"),
        ({"medics": ["medic*=heavy"]}, "bad weight"),
        ({"medics": ["* medic"]}, "must start with a word"),
        ({"medics": ["!!!"]}, "empty word"),
    ],
)
def test_bad_user_themes_give_one_line_errors(extra, message):
    with pytest.raises(ThemeError, match=message):
        extend_themes(list(load_themes()), extra)


def test_bad_theme_table_is_rejected():
    with pytest.raises(ThemeError, match="must be a table"):
        parse_themes({"assault": ["штурм*"]})
