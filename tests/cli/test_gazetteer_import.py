"""`frontwatch gazetteer import`: a GeoNames dump adds the settlements the gazetteer lacks."""

from __future__ import annotations

import json
from pathlib import Path

FIELDS = (
    "{id}\t{name}\t{name}\t{alts}\t{lat}\t{lon}\tP\t{code}\tUA\t\t{admin1}\t\t\t\t{pop}"
    "\t\t150\tEurope/Kyiv\t2024-05-01"
)


def dump(tmp_path: Path) -> Path:
    rows = [
        dict(
            id=704422,
            name="Pokrovsk",
            alts="Покровськ,Покровск,Krasnoarmeisk",
            lat=48.28198,
            lon=37.18207,
            code="PPLA2",
            admin1="05",
            pop=60127,
        ),
        dict(
            id=700001,
            name="Zymna Voda",
            alts="Зимна Вода,Zimnaya Voda",
            lat=49.8167,
            lon=23.9,
            code="PPL",
            admin1="15",
            pop=9000,
        ),
        dict(
            id=700002,
            name="Brody",
            alts="Броди,Броды",
            lat=50.0833,
            lon=25.15,
            code="PPL",
            admin1="15",
            pop=23000,
        ),
    ]
    lines = [FIELDS.format(**row) for row in rows]
    lines.append("this line is not a GeoNames row")
    path = tmp_path / "UA.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_import_adds_unknown_places_and_tags_them(cli, tmp_path: Path) -> None:  # noqa: ANN001
    result = cli("gazetteer", "import", str(dump(tmp_path)))
    assert result.exit_code == 0, result.stderr
    assert "imported 2 settlements" in result.stdout
    assert "1 already known" in result.stdout and "1 malformed" in result.stdout
    tagged = cli("tag", "--format", "json", input="Вибух у Зимній Воді та в Бродах\n")
    places = {p["name"] for p in json.loads(tagged.stdout)["places"]}
    assert {"Zymna Voda", "Brody"} <= places
    # Known places were not imported twice: Pokrovsk keeps one id.
    pokrovsk = cli("tag", "--format", "json", input="Бої під Покровськом\n")
    assert [p["id"] for p in json.loads(pokrovsk.stdout)["places"]] == ["pokrovsk"]
    assert cli("gazetteer", "reset").exit_code == 0


def test_import_of_junk_is_one_line(cli, tmp_path: Path) -> None:  # noqa: ANN001
    junk = tmp_path / "junk.txt"
    junk.write_text("hello\nworld\n", encoding="utf-8")
    result = cli("gazetteer", "import", str(junk))
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "no populated places" in result.stderr
