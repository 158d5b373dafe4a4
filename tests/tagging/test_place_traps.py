"""Places found in context, and the look-alikes that must not be tagged."""

from __future__ import annotations

import pytest
from tagging_kit import place_ids


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("Віримо у світле майбутнє", ""),
        ("", "Ми всі чекаємо на світле майбутнє і зелене світло від партнерів."),
        ("Taras Shevchenko’s poems", "Taras Shevchenko was born in 1814."),
        ("", "Ukrainian troops held the west bank of the Dnipro River."),
        ("The Moscow Times reports", "According to The Moscow Times, prices rose."),
        ("", "Шевченко заявив журналістам, що перемога буде за нами."),
        ("", "Зустріч відбулася на вулиці Шевченка."),
        ("", "Удачне рішення: перемога команди."),
        ("", "Обстріл у Донецькій області."),
        ("", "Heavy fighting in the Donetsk region and in Donetsk oblast."),
        ("", "A Kramatorsk-born pianist performed in Vienna."),
        ("", "The Zaporizhzhia nuclear power plant lost power."),
        ("", "Dnipro River crossing near Kherson."),
        ("", "на березі Дніпра біля острова"),
        ("", "Судна не заходять у лиман Дніпра."),
        ("Shakhtar Donetsk beat Dynamo Kyiv 2-1", "Metalist Kharkiv drew with Vorskla Poltava."),
        ("Динамо Київ переміг", "Матч «Металіст Харків» — «Чорноморець Одеса» перенесли."),
        ("«Спартак Москва» проиграл", "ЦСКА Москва и «Зенит» сыграли вничью."),
    ],
)
def test_no_place_from_look_alikes(tagger, title, body):
    assert place_ids(tagger, title, body) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Бої точаться в селі Світле на околиці Мирнограда.", ["svitle", "myrnohrad"]),
        ("Росіяни просуваються біля Hryshyne.", ["hryshyne"]),
        ("Бої біля Гришиного тривають.", ["hryshyne"]),
        ("ВС РФ заявили о наступлении из Гришино.", ["hryshyne"]),
        ("Russian sources claim Grishino.", ["hryshyne"]),
        ("Fighting near Krasnoarmeysk continues.", ["pokrovsk"]),
        ("Myrnohrad (formerly Dymytrov) is under fire.", ["myrnohrad"]),
        ("The Pokrovsk–Myrnohrad agglomeration", ["pokrovsk", "myrnohrad"]),
        ("Pokrovsk’s defenders held.", ["pokrovsk"]),
        ("Бої під Покровськом і в Покровську.", ["pokrovsk"]),
        ("Оборона Часового Яру триває.", ["chasiv-yar"]),
        ("В Часовом Яре идут бои.", ["chasiv-yar"]),
        ("Обстріл Нью-Йорка на Донеччині.", ["niu-york"]),
        ("У Великій Новосілці немає світла.", ["velyka-novosilka"]),
        ("Бої в районі Удачного і Новопавлівки.", ["udachne", "novopavlivka-pokrovsk"]),
        (
            "Росіяни атакували Перемогу та Шевченко поблизу Покровська.",
            ["peremoha", "shevchenko", "pokrovsk"],
        ),
        ("Атака на Dnipro: пошкоджено будинки.", ["dnipro"]),
        ("Moscow claims another village.", ["moscow"]),
        ("#Покровськ: ситуація на ранок", ["pokrovsk"]),
        ("Kramatorsk's central library reopened.", ["kramatorsk"]),
        ("Куп'янськ-Вузловий під обстрілом, Куп'янськ теж.", ["kupiansk-vuzlovyi", "kupiansk"]),
    ],
)
def test_places_found(tagger, text, expected):
    assert place_ids(tagger, "", text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Покровський напрямок: ворог атакує.", ["pokrovsk"]),
        ("На Покровському напрямку тривають бої.", ["pokrovsk"]),
        ("На покровском направлении затишье.", ["pokrovsk"]),
        ("Красноармейское направление остаётся главным.", ["pokrovsk"]),
        ("Часовоярський напрямок", ["chasiv-yar"]),
        ("Покровсько-Мирноградська агломерація", ["pokrovsk", "myrnohrad"]),
        ("the Pokrovsk axis and the Kostiantynivka direction", ["pokrovsk", "kostiantynivka"]),
        ("Pokrovsky direction remains the hottest", ["pokrovsk"]),
    ],
)
def test_front_sectors_count_as_their_town(tagger, text, expected):
    assert place_ids(tagger, "", text) == expected


def test_sector_of_a_compound_region_is_no_place(tagger):
    assert place_ids(tagger, "", "На Південно-Донецькому напрямку тихо.") == []


def test_raion_names_a_region_not_a_place(tagger):
    assert place_ids(tagger, "", "Обстріли Покровського району тривають.") == []
    assert place_ids(tagger, "", "Shelling of the Pokrovsk district.") == []


def test_ambiguous_word_at_sentence_start_needs_more(tagger):
    assert place_ids(tagger, "", "Світле майбутнє чекає. Зелене світло дали.") == []
    # ... a settlement cue or a list with another place is enough.
    assert place_ids(tagger, "", "Світле, Зелене та Мирноград під обстрілом.") == [
        "svitle",
        "zelene",
        "myrnohrad",
    ]


def test_lower_case_never_counts_as_a_place(tagger):
    assert place_ids(tagger, "", "удачне світле лиман покровськ") == []


def test_english_title_case_headline_is_no_evidence(tagger):
    assert place_ids(tagger, "Russia Takes Big Step Toward New York Talks", "") == []
    assert place_ids(tagger, "", "Shelling of New York, Donetsk region.") == ["niu-york"]


def test_surname_and_cathedral_forms_are_not_pokrovsk(tagger):
    assert place_ids(tagger, "", "Покровский заявил, что Pokrovsky agrees.") == []
    assert place_ids(tagger, "", "Покровський собор відкрили після ремонту.") == []


def test_all_caps_headline_names_a_place(tagger):
    assert place_ids(tagger, "ПОКРОВСЬК ПІД УДАРОМ", "") == ["pokrovsk"]
    # ... but an all-caps common word still needs more than its capitals.
    assert place_ids(tagger, "СВІТЛЕ МАЙБУТНЄ", "") == []
