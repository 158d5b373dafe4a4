"""The gazetteer build's postal-code source: reading the TSV and the hromada-centre rule."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

from gazetteer.codifier import CodifierPlace  # noqa: E402
from gazetteer.points import PostalPoint, from_postal_codes  # noqa: E402
from gazetteer.postal_matching import (  # noqa: E402
    choose_point,
    hromada_centres,
    place_by_postal_codes,
    uk_key,
)

# Two hromadas of one raion, ~40 km apart; codes follow the codifier's layout
# (UA, oblast 14, raion 16, hromada 021 or 011, settlement number, check digits).
POKROVSK = "UA14160210010000001"
MYRNOHRAD = "UA14160210020000002"
KURAKHOVE = "UA14160110010000003"
VILLAGE = "UA14160210210000004"  # Новопавлівка of the first hromada, not located
NAMESAKE = "UA14160110250000005"  # Новопавлівка of the second hromada, not located

LOCATED = {
    POKROVSK: (48.2824, 37.1777),
    MYRNOHRAD: (48.3099, 37.2651),
    KURAKHOVE: (47.9836, 37.2822),
}
NEAR_POKROVSK = PostalPoint("Новопавлівка", "14", 48.2482, 37.2177)
NEAR_KURAKHOVE = PostalPoint("Новопавлівка", "14", 47.9500, 37.2500)
FAR_AWAY = PostalPoint("Новопавлівка", "14", 47.5612, 37.4406)


def _place(katottg: str, name_uk: str) -> CodifierPlace:
    return CodifierPlace(katottg, name_uk, "C", katottg[2:4], katottg[2:6], "Покровський", "")


def test_hromada_centre_is_the_median_of_its_located_settlements():
    located = {**LOCATED, "UA14160210030000009": (49.9, 39.9)}  # one point placed far off
    centres = hromada_centres(located)
    assert centres["UA1416021"] == (48.3099, 37.2651)
    assert centres["UA1416011"] == (47.9836, 37.2822)


def test_the_one_candidate_near_the_hromada_centre_is_taken():
    centre = hromada_centres(LOCATED)["UA1416021"]
    assert choose_point([FAR_AWAY, NEAR_POKROVSK], [], centre) == NEAR_POKROVSK


def test_two_candidates_near_the_centre_are_ambiguous():
    centre = hromada_centres(LOCATED)["UA1416021"]
    second = PostalPoint("Новопавлівка", "14", 48.2000, 37.1000)
    assert choose_point([NEAR_POKROVSK, second], [], centre) == "ambiguous"


def test_the_same_point_listed_twice_is_one_candidate():
    centre = hromada_centres(LOCATED)["UA1416021"]
    again = PostalPoint("Новопавлівка", "14", NEAR_POKROVSK.lat, NEAR_POKROVSK.lon)
    assert choose_point([NEAR_POKROVSK, again], [], centre) == NEAR_POKROVSK


def test_candidates_only_far_from_the_centre_are_refused():
    centre = hromada_centres(LOCATED)["UA1416021"]
    assert choose_point([FAR_AWAY, NEAR_KURAKHOVE], [], centre) == "far-from-hromada"


def test_without_a_located_settlement_the_hromada_has_no_centre():
    assert choose_point([NEAR_POKROVSK], [], None) == "no-hromada-centre"


def test_a_point_a_located_namesake_holds_is_not_a_candidate():
    centre = hromada_centres(LOCATED)["UA1416021"]
    held = [(48.2490, 37.2190)]  # GeoNames placed a same-named settlement here
    assert choose_point([NEAR_POKROVSK], held, centre) == "no-postal-point"
    assert choose_point([], [], centre) == "no-postal-point"


def test_each_place_gets_the_point_near_its_own_hromada():
    places = [
        _place(POKROVSK, "Покровськ"),
        _place(MYRNOHRAD, "Мирноград"),
        _place(KURAKHOVE, "Курахове"),
        _place(VILLAGE, "Новопавлівка"),
        _place(NAMESAKE, "Новопавлівка"),
    ]
    points = [NEAR_POKROVSK, NEAR_KURAKHOVE, FAR_AWAY, PostalPoint("Покровськ", "14", 48.0, 37.0)]
    report = place_by_postal_codes(places, LOCATED, points)
    # GeoNames coordinates keep priority: located places are neither placed nor refused.
    assert report.placed == {VILLAGE: NEAR_POKROVSK, NAMESAKE: NEAR_KURAKHOVE}
    assert report.unplaced == {}


def test_a_point_two_places_would_take_goes_to_neither():
    twin = "UA14160210220000006"  # a second Новопавлівка in the same hromada
    places = [_place(VILLAGE, "Новопавлівка"), _place(twin, "Новопавлівка")]
    report = place_by_postal_codes(places, LOCATED, [NEAR_POKROVSK])
    assert report.placed == {}
    assert report.unplaced == {VILLAGE: "shared-point", twin: "shared-point"}


def test_names_meet_across_case_apostrophes_and_hyphen_spacing():
    assert uk_key("Слов’янськ") == uk_key("слов'янськ")
    assert uk_key("Рудня -Замисловицька") == uk_key("Рудня-Замисловицька")
    assert uk_key("Нова  Полтавка ") == "нова полтавка"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "UA\t85363\tНовопавлівка\tDonetska\t05\tPokrovskiy\t\t\t\t48.2482\t37.2177\t4\n",
            PostalPoint("Новопавлівка", "14", 48.2482, 37.2177),
        ),
        (
            "UA\t07300\tВишгород\tKyivska\t12\tVyshhorodskyi\t\t\t\t50.5846\t30.4898\t3\n",
            PostalPoint("Вишгород", "32", 50.5846, 30.4898),  # 12 is Kyiv oblast here
        ),
        ("UA\t85000\tДесь\tDonetska\t05\tPokrovskiy\t\t\t\t48.0\t37.0\t1\n", None),  # estimated
        ("UA\t85000\tДесь\tDonetska\t05\tPokrovskiy\t\t\t\t\t\t4\n", None),  # no point
        ("RU\t305000\tКурск\tKursk\t41\t\t\t\t\t51.73\t36.19\t4\n", None),  # not Ukraine
    ],
)
def test_postal_lines(line, expected):
    assert list(from_postal_codes([line])) == ([expected] if expected else [])


def test_a_village_with_several_postal_codes_is_read_once():
    line = "UA\t{}\tЛисівка\tDonetska\t05\tPokrovskiy\t\t\t\t48.2254\t37.2630\t4\n"
    points = list(from_postal_codes([line.format("85361"), line.format("85362")]))
    assert points == [PostalPoint("Лисівка", "14", 48.2254, 37.263)]
