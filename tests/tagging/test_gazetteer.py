"""Loading the gazetteer, resolving spellings, the picker search and bad input."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from tagging_kit import MINI, PACKAGED

from tagging.gazetteer import Gazetteer, GazetteerError, Place, load_gazetteer


def ids(places: list[Place]) -> list[str]:
    return [p.id for p in places]


def test_places_have_all_fields(mini):
    place = mini["pokrovsk"]
    assert (place.name, place.name_uk, place.name_ru) == ("Pokrovsk", "Покровськ", "Покровск")
    assert (place.kind, place.country, place.oblast, place.raion) == (
        "city",
        "UA",
        "Donetsk",
        "Pokrovskyi",
    )
    assert place.population == 60127 and place.lat == pytest.approx(48.28014)
    assert "Красноармейск" in place.former_names
    assert mini["peremoha"].lat is None and mini["peremoha"].population is None


@pytest.mark.parametrize(
    ("spelling", "expected"),
    [
        ("Покровськом", "pokrovsk"),
        ("покровске", "pokrovsk"),
        ("Pokrovsk’s", "pokrovsk"),
        ("Красноармейска", "pokrovsk"),
        ("Гришиного", "hryshyne"),
        ("Grishino", "hryshyne"),
        ("Часового Яру", "chasiv-yar"),
        ("Нью-Йорка", "niu-york"),
        ("Dymytrov", "myrnohrad"),
        ("Артемовске", "bakhmut"),
        ("Великої Новосілки", "velyka-novosilka"),
    ],
)
def test_resolve_any_spelling_best_first(mini, spelling, expected):
    assert ids(mini.resolve(spelling))[0] == expected


def test_resolve_ranks_front_line_first_and_current_before_former(mini):
    assert ids(mini.resolve("Гришине")) == ["hryshyne", "hryshyne-polohivsk"]
    assert ids(mini.resolve("Новопавлівка"))[0] == "novopavlivka-pokrovsk"
    assert ids(mini.resolve("Миколаївка"))[0] == "mykolaivka"  # the town beats the village
    # Красний Лиман is a village's name today and Lyman's former one.
    assert ids(mini.resolve("Красного Лимана")) == ["krasnyi-lyman", "lyman"]


def test_resolve_unknown_is_empty(mini):
    assert mini.resolve("Атлантида") == []
    assert mini.resolve("") == []


def test_forms_iterates_folded_forms_with_ids(mini):
    pairs = set(mini.forms())
    assert ("покровськом", "pokrovsk") in pairs
    assert ("красноармейск", "pokrovsk") in pairs
    assert all(form == form.casefold() for form, _ in pairs)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("pok", "pokrovsk"),
        ("Покр", "pokrovsk"),
        ("myrn", "myrnohrad"),
        ("крм", "kramatorsk"),
        ("yar", "chasiv-yar"),
        ("krasnoa", "pokrovsk"),
    ],
)
def test_search_prefix_word_prefix_and_subsequence(mini, query, expected):
    assert expected in ids(mini.search(query, limit=5))


def test_search_puts_exact_and_prefix_hits_first(mini):
    assert ids(mini.search("Pokrovsk", 3))[0] == "pokrovsk"
    assert ids(mini.search("", 3)) == []
    assert len(mini.search("o", 4)) == 4


def test_extra_spellings_from_user_config(mini):
    extra = mini.with_spellings({"pokrovsk": ["Покровськ-Донецький", "Pokrovsk-Donetskyi"]})
    assert ids(extra.resolve("Покровська-Донецького")) == ["pokrovsk"]
    assert ids(extra.resolve("pokrovsk donetskyi")) == ["pokrovsk"]
    assert extra.digest != mini.digest
    assert mini.resolve("Покровськ-Донецький") == []  # the original is untouched


def test_extra_spellings_for_unknown_place_is_a_clear_error(mini):
    with pytest.raises(GazetteerError, match="unknown place id"):
        mini.with_spellings({"atlantis": ["Атлантида"]})
    with pytest.raises(GazetteerError, match="list"):
        mini.with_spellings({"pokrovsk": "Покровськ"})


def test_extra_csv_adds_places(tmp_path: Path):
    extra = tmp_path / "extra.csv"
    header = MINI.read_text(encoding="utf-8").splitlines()[0]
    extra.write_text(
        header + "\nbilytske,Bilytske,Білицьке,Белицкое,town,UA,Donetsk,Pokrovskyi,,,,,,\n",
        encoding="utf-8",
    )
    gazetteer = Gazetteer.from_csv(MINI, extra)
    assert ids(gazetteer.resolve("Білицького")) == ["bilytske"]
    assert len(gazetteer) == len(Gazetteer.from_csv(MINI)) + 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("id,name\nx,y\n", "missing columns"),
        (
            MINI.read_text(encoding="utf-8").splitlines()[0] + "\nx,X,Х,Х,hamlet,UA,D,R,,,,,,\n",
            "unknown kind",
        ),
        (
            MINI.read_text(encoding="utf-8").splitlines()[0] + "\nx,X,Х,Х,city,UA,D,R,north,,,,,\n",
            "not a number",
        ),
    ],
)
def test_bad_csv_gives_one_line_error(tmp_path: Path, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GazetteerError, match=message) as caught:
        Gazetteer.from_csv(path)
    assert "\n" not in str(caught.value)


def test_missing_file_gives_one_line_error(tmp_path: Path):
    with pytest.raises(GazetteerError, match="cannot read gazetteer"):
        Gazetteer.from_csv(tmp_path / "nope.csv")


def test_packaged_gazetteer_loads_fast_and_resolves():
    if not PACKAGED.exists():
        pytest.skip("packaged gazetteer not built")
    load_gazetteer.cache_clear()
    started = time.perf_counter()
    gazetteer = load_gazetteer()
    took = time.perf_counter() - started
    assert len(gazetteer) > 1000
    assert ids(gazetteer.resolve("Покровськом"))[0] == "pokrovsk"
    # Generous bound for a loaded test machine; bench/tagging_speed.py measures it cold.
    assert took < 2.0


def test_picker_search_is_fast_on_the_packaged_gazetteer():
    if not PACKAGED.exists():
        pytest.skip("packaged gazetteer not built")
    gazetteer = load_gazetteer()
    gazetteer.search("warm", 8)
    started = time.perf_counter()
    for query in ("p", "pok", "покр", "mirn", "nvplv", "zap", "яр"):
        assert gazetteer.search(query, 8)
    per_query = (time.perf_counter() - started) / 7
    assert per_query < 0.05  # a keystroke; measured at about 2 ms
