"""Tests for the GeoNames dump parser on a hand-written UA.txt-format excerpt."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tagging.geonames import (
    UA_ADMIN1,
    GeoNamesPlace,
    MalformedLine,
    ParseStats,
    oblast_of,
    parse_geonames,
    parse_line,
)

EXCERPT = Path(__file__).parent / "data" / "geonames_excerpt.txt"


@pytest.fixture(scope="module")
def parsed() -> tuple[list[GeoNamesPlace], ParseStats]:
    stats = ParseStats()
    with EXCERPT.open(encoding="utf-8") as handle:
        places = list(parse_geonames(handle, stats))
    return places, stats


def test_keeps_populated_places_only_and_counts_the_rest(parsed):
    places, stats = parsed
    assert [p.name for p in places] == [
        "Pokrovsk",
        "Myrnohrad",
        "Rodynske",
        "Hryshyne",
        "Kyiv",
        "Kharkiv",
        "Saltivka",
        "Kursk",
    ]
    assert stats.kept == 8
    assert stats.not_populated == 2  # the oblast (A) and the river (H)
    assert stats.malformed == 2  # too few fields, unreadable latitude


def test_record_fields(parsed):
    places, _ = parsed
    pokrovsk = places[0]
    assert pokrovsk.id == "gn-704422"
    assert pokrovsk.lat == pytest.approx(48.28198)
    assert pokrovsk.lon == pytest.approx(37.18207)
    assert pokrovsk.population == 60127
    assert pokrovsk.admin1 == "05"
    assert pokrovsk.admin2 == "1416"
    assert pokrovsk.feature_code == "PPLA2"
    assert "Красноармейск" in pokrovsk.alternate_names
    assert "Krasnoarmiisk" in pokrovsk.alternate_names


def test_zero_population_means_unknown(parsed):
    places, _ = parsed
    hryshyne = next(p for p in places if p.name == "Hryshyne")
    assert hryshyne.population is None


def test_records_are_frozen(parsed):
    places, _ = parsed
    with pytest.raises(dataclasses.FrozenInstanceError):
        places[0].name = "Krasnoarmiisk"  # type: ignore[misc]


def test_oblast_of_maps_admin1_codes(parsed):
    places, _ = parsed
    by_name = {p.name: p for p in places}
    assert oblast_of(by_name["Pokrovsk"]) == "Donetsk"
    assert oblast_of(by_name["Kharkiv"]) == "Kharkiv"
    assert oblast_of(by_name["Kyiv"]) == "Kyiv City"
    assert oblast_of(by_name["Kursk"]) is None


def test_admin1_table_covers_every_region():
    assert len(UA_ADMIN1) == 27
    assert UA_ADMIN1["05"] == "Donetsk"
    assert UA_ADMIN1["26"] == "Zaporizhzhia"
    assert UA_ADMIN1["14"] == "Luhansk"
    assert UA_ADMIN1["04"] == "Dnipropetrovsk"


def test_parse_without_stats_still_skips_bad_lines():
    lines = ["not\ta\tvalid\tline", "", "# a comment"]
    assert list(parse_geonames(lines)) == []


@pytest.mark.parametrize(
    "line",
    [
        "1\tName\tName\t\t91.0\t37.0\tP\tPPL\tUA\t\t05\t\t\t\t10\t\t\t\t",
        "x\tName\tName\t\t48.0\t37.0\tP\tPPL\tUA\t\t05\t\t\t\t10\t\t\t\t",
        "1\tName\tName\t\t48.0\t37.0\tP\tPPL\tUA\t\t05\t\t\t\tmany\t\t\t\t",
        "1\t\tName\t\t48.0\t37.0\tP\tPPL\tUA\t\t05\t\t\t\t10\t\t\t\t",
    ],
)
def test_malformed_lines_raise_a_one_line_error(line):
    with pytest.raises(MalformedLine) as caught:
        parse_line(line)
    assert "\n" not in str(caught.value)


def test_valid_non_populated_line_is_none():
    line = "2\tRiver\tRiver\t\t48.0\t37.0\tH\tSTM\tUA\t\t05\t\t\t\t0\t\t\t\t"
    assert parse_line(line) is None
