"""Same-named settlements: a named region, distance to other places, then the prior."""

from __future__ import annotations

from tagging_kit import place_ids

from tagging.gazetteer import Gazetteer, Place
from tagging.tagger import Tagger


def rules(tagger, text: str) -> dict[str, str]:
    return {t.place_id: t.evidence[0].rule for t in tagger.tag("", text).places}


def test_default_is_the_front_line_prior(tagger):
    result = tagger.tag("", "Бої за Новопавлівку.")
    (tag,) = result.places
    assert tag.place_id == "novopavlivka-pokrovsk"
    assert tag.runners_up == ("novopavlivka-synelnykivsk",)
    assert tag.evidence[0].rule.endswith("prior")


def test_oblast_named_in_the_text_decides(tagger):
    text = "Росіяни атакували Новопавлівку Дніпропетровської області."
    assert place_ids(tagger, "", text) == ["novopavlivka-synelnykivsk"]
    assert "oblast-named" in rules(tagger, text)["novopavlivka-synelnykivsk"]
    assert place_ids(tagger, "", "Shelling of Novopavlivka in Dnipropetrovsk region.") == [
        "novopavlivka-synelnykivsk"
    ]


def test_raion_named_in_the_text_decides(tagger):
    text = "Бої біля Гришиного Покровського району."
    assert place_ids(tagger, "", text) == ["hryshyne"]
    assert "raion-named" in rules(tagger, text)["hryshyne"]


def test_distance_to_other_places_decides(tagger):
    # Red Lyman: a village near Myrnohrad today, Lyman's former name too.
    text = "Бої біля Красного Лимана і Родинського."
    assert place_ids(tagger, "", text) == ["krasnyi-lyman", "rodynske"]
    text = "Под Красным Лиманом и Славянском тихо."
    ids = place_ids(tagger, "", text)
    assert ids == ["lyman", "sloviansk"]
    assert "distance" in rules(tagger, text)["lyman"]


def test_former_name_rule(tagger):
    assert rules(tagger, "Бои у Красноармейска.") == {"pokrovsk": "former-name"}
    assert rules(tagger, "Dzerzhinsk is now Toretsk.")["toretsk"].startswith("form")


def test_town_beats_village_of_the_same_name(tagger):
    assert place_ids(tagger, "", "Обстріл Миколаївки.") == ["mykolaivka"]
    assert place_ids(tagger, "", "Обстріл Миколаївки біля Гришиного.") == [
        "mykolaivka-pokrovsk",
        "hryshyne",
    ]


def test_pokrovske_is_not_pokrovsk(tagger):
    assert place_ids(tagger, "", "У селищі Покровське Дніпропетровської області.") == ["pokrovske"]
    assert place_ids(tagger, "", "Обстріл Покровська.") == ["pokrovsk"]


def test_distance_never_drops_a_big_city(mini):
    # A village called Zaporizhzhia near Pokrovsk loses to the city despite distance.
    village = Place(
        "zaporizhzhia-pokrovsk",
        "Zaporizhzhia",
        "Запоріжжя",
        "Запорожье",
        "village",
        "UA",
        "Donetsk",
        "Pokrovskyi",
        48.2,
        37.1,
    )
    gazetteer = Gazetteer([*mini, village])
    ids = place_ids(Tagger(gazetteer=gazetteer), "", "Удари по Покровську і Запоріжжю.")
    assert ids == ["pokrovsk", "zaporizhzhia"]


def test_distance_drops_a_city_only_for_another_city(real_tagger):
    # A village of Dobropillia lies nearer Pokrovsk than the town does; the news means the town.
    for text in ("Бої під Покровськом і Добропіллям.", "Fighting near Pokrovsk and Dobropillia."):
        assert place_ids(real_tagger, "", text) == ["pokrovsk", "dobropillia"]
    assert place_ids(real_tagger, "", "Kostiantynivka and Pokrovsk under fire.") == [
        "kostiantynivka",
        "pokrovsk",
    ]
    # A region named still picks the village.
    text = "Бої біля села Добропілля Пологівського району."
    assert place_ids(real_tagger, "", text) == ["dobropillia-polohivsk"]
