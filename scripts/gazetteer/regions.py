"""What the gazetteer covers: oblast names, front-line raions, oblast centres, Russian cities."""

from __future__ import annotations

from dataclasses import dataclass

# KATOTTG/ISO 3166-2 oblast code → (English name, Ukrainian name of the oblast centre).
# The English name is the national transliteration of the centre's name, except where the
# oblast keeps an older name (Dnipropetrovsk, Kirovohrad) or is named otherwise (Crimea).
OBLASTS: dict[str, tuple[str, str]] = {
    "01": ("Crimea", "Сімферополь"),
    "05": ("Vinnytsia", "Вінниця"),
    "07": ("Volyn", "Луцьк"),
    "12": ("Dnipropetrovsk", "Дніпро"),
    "14": ("Donetsk", "Донецьк"),
    "18": ("Zhytomyr", "Житомир"),
    "21": ("Zakarpattia", "Ужгород"),
    "23": ("Zaporizhzhia", "Запоріжжя"),
    "26": ("Ivano-Frankivsk", "Івано-Франківськ"),
    "32": ("Kyiv", "Київ"),
    "35": ("Kirovohrad", "Кропивницький"),
    "44": ("Luhansk", "Луганськ"),
    "46": ("Lviv", "Львів"),
    "48": ("Mykolaiv", "Миколаїв"),
    "51": ("Odesa", "Одеса"),
    "53": ("Poltava", "Полтава"),
    "56": ("Rivne", "Рівне"),
    "59": ("Sumy", "Суми"),
    "61": ("Ternopil", "Тернопіль"),
    "63": ("Kharkiv", "Харків"),
    "65": ("Kherson", "Херсон"),
    "68": ("Khmelnytskyi", "Хмельницький"),
    "71": ("Cherkasy", "Черкаси"),
    "73": ("Chernivtsi", "Чернівці"),
    "74": ("Chernihiv", "Чернігів"),
    "80": ("Kyiv City", "Київ"),
    "85": ("Sevastopol City", "Севастополь"),
}

# Oblast code → English raion names taken whole (None: every raion of the oblast).
FRONT_LINE_RAIONS: dict[str, frozenset[str] | None] = {
    "14": None,
    "44": None,
    "63": frozenset({"Kupianskyi", "Iziumskyi", "Chuhuivskyi", "Kharkivskyi", "Bohodukhivskyi"}),
    "23": frozenset({"Polohivskyi", "Vasylivskyi", "Zaporizkyi", "Berdianskyi", "Melitopolskyi"}),
    "12": frozenset({"Synelnykivskyi", "Pavlohradskyi", "Nikopolskyi"}),
}

# Cities of Ukraine at or above this GeoNames population are covered wherever they are.
LARGE_CITY_POPULATION = 50_000


@dataclass(frozen=True, slots=True)
class ForeignCity:
    """A city outside Ukraine that war reporting names, and how to find it in GeoNames."""

    name: str
    name_uk: str
    name_ru: str
    oblast: str
    geonames_name: str
    geonames_admin1: str
    alt_names: tuple[str, ...] = ()


RUSSIAN_CITIES: tuple[ForeignCity, ...] = (
    ForeignCity("Kursk", "Курськ", "Курск", "Kursk", "Kursk", "RU.41"),
    ForeignCity("Belgorod", "Бєлгород", "Белгород", "Belgorod", "Belgorod", "RU.09", ("Bilhorod",)),
    ForeignCity("Bryansk", "Брянськ", "Брянск", "Bryansk", "Bryansk", "RU.10", ("Briansk",)),
    ForeignCity(
        "Rostov-on-Don",
        "Ростов-на-Дону",
        "Ростов-на-Дону",
        "Rostov",
        "Rostov-on-Don",
        "RU.61",
        ("Rostov-na-Donu", "Rostov"),
    ),
    ForeignCity("Moscow", "Москва", "Москва", "Moscow", "Moscow", "RU.48", ("Moskva",)),
    ForeignCity("Voronezh", "Воронеж", "Воронеж", "Voronezh", "Voronezh", "RU.86"),
    ForeignCity("Sudzha", "Суджа", "Суджа", "Kursk", "Sudzha", "RU.41"),
)
