"""Word lists and place names the synthetic bench corpus is made of, most frequent first."""

from __future__ import annotations

# Words are listed roughly by how often front-line news uses them, most common first.
# An underscore joins a fixed expression that stands as one unit (and so makes a phrase).
_EN = """
the of and to in a on at for with by from as is was were has have that said after
near russian ukrainian forces troops army military front_line attack attacks drone drones
shelling artillery strike strikes city village region oblast town officials killed wounded
civilians people report reports according general_staff positions enemy advance units
direction fighting battle heavy overnight morning evening day week assault assaults
defense defence brigade soldiers equipment losses tank tanks vehicles armored infantry
mortar missile missiles glide_bomb bombs air aircraft helicopter intercepted shot_down
air_defense logistics supply road roads railway bridge depot ammunition fuel trucks
evacuation residents water power electricity heating outage damaged destroyed homes
buildings school hospital infrastructure energy substation mine mines industry prices
talks negotiations ceasefire prisoners exchange diplomats minister president governor
spokesman commander analysts institute assessment claimed confirmed denied footage video
geolocated images satellite map control captured liberated withdrew withdrawal retreat
encirclement cauldron pincers flanks outskirts center centre south north east west
eastern western southern northern settlement settlements area areas sector line lines
trench trenches fortifications minefield minefields dragon_teeth ditch defensive
counterattack counterattacks regained pushed repelled stopped held continued reported
according_to sources channel milbloggers telegram statement update latest breaking live
rain mud snow frost fog weather conditions night cold winter thaw visibility
fpv shahed geran lancet reconnaissance surveillance operator operators interceptor jammer
electronic_warfare radar launcher launchers himars howitzer caesar bradley leopard abrams
kab fab umpk guided precision long_range cruise ballistic iskander kalibr kinzhal
casualties dead injured missing bodies identified hospitalised hospitalized rescue
volunteers aid humanitarian convoy shelter basement cellar generator heating_point
sanctions budget economy coal steel plant refinery export exports grain harbor port
"""

_UK = """
і в на у з що до за не від як про під по та це його їх було були також вже ще
ворог окупанти росіяни російські українські сили ЗСУ армія війська лінія_фронту фронт
атака атаки обстріл обстріли дрон дрони ударні_дрони штурм штурми наступ напрямок
місто села селище область район громада жителі мирні цивільні загинули поранені
загиблих поранених люди повідомили повідомляє за_даними Генштаб позиції противник
бої бойові_дії зіткнення вночі вранці ввечері протягом доби тиждень оборона бригада
військові техніка втрати танк танки бронетехніка піхота міномет ракета ракети
керовані_авіабомби КАБ авіаудар авіаудари літак гелікоптер збито збили ППО
протиповітряна_оборона логістика постачання дорога дороги залізниця міст склад
боєприпаси пальне вантажівки евакуація мешканці вода світло електроенергія опалення
знеструмлення пошкоджено зруйновано будинки будинок школа лікарня інфраструктура
енергетика підстанція шахта шахти промисловість ціни переговори перемир'я полонені
обмін дипломати міністр президент голова_ОВА речник командир аналітики оцінка
заявили підтвердили спростували відео геолокація супутникові знімки карта контроль
захопили звільнили відійшли відхід відступ оточення котел кліщі фланги околиці центр
південь північ схід захід східний західний населений_пункт населені_пункти ділянка
окоп окопи фортифікації мінне_поле мінні_поля зуби_дракона рів оборонні
контратака контратаки відбили відкинули зупинили утримують тривають продовжують
джерела канал мілблогери телеграм заява оновлення останні термінові
дощ багнюка сніг мороз туман погода умови ніч холод зима відлига видимість
FPV шахеди герані ланцет розвідка спостереження оператор оператори перехоплювач РЕБ
радіоелектронна_боротьба радар пускова HIMARS гаубиця артилерія контрбатарейна
керовані точні далекобійні крилаті балістичні Іскандер Калібр Кинджал
загиблі травмовані зниклі тіла ідентифіковано госпіталізовано рятувальники
волонтери допомога гуманітарна колона укриття підвал генератор пункт_незламності
санкції бюджет економіка вугілля сталь завод НПЗ експорт зерно порт
"""

_RU = """
и в на с что по не из за к от о под как это было были также уже ещё
противник ВСУ армия войска российские украинские силы линия_фронта фронт
атака атаки обстрел обстрелы дрон дроны ударные_дроны штурм штурмы наступление
направление город сёла посёлок область район жители мирные гражданские погибли
ранены погибших раненых люди сообщили сообщает по_данным Минобороны позиции
бои боевые_действия столкновения ночью утром вечером в_течение суток неделя
оборона бригада военные техника потери танк танки бронетехника пехота миномёт
ракета ракеты управляемые_авиабомбы КАБ ФАБ УМПК авиаудар авиаудары самолёт вертолёт
сбит сбиты ПВО противовоздушная_оборона логистика снабжение дорога дороги железная_дорога
мост склад боеприпасы топливо грузовики эвакуация население вода свет электричество
отопление обесточены повреждены разрушены дома дом школа больница инфраструктура
энергетика подстанция шахта шахты промышленность цены переговоры перемирие пленные
обмен дипломаты министр президент губернатор представитель командир аналитики оценка
заявили подтвердили опровергли видео геолокация спутниковые снимки карта контроль
взяли освободили отошли отход отступление окружение котёл клещи фланги окраины центр
юг север восток запад восточный западный населённый_пункт населённые_пункты участок
окоп окопы укрепления минное_поле минные_поля зубы_дракона ров оборонительные
контратака контратаки отбили отбросили остановили удерживают продолжаются продолжают
источники канал военкоры телеграм заявление обновление последние срочно
дождь грязь снег мороз туман погода условия ночь холод зима оттепель видимость
FPV шахеды герани ланцет разведка наблюдение оператор операторы перехватчик РЭБ
радиоэлектронная_борьба радар пусковая HIMARS гаубица артиллерия контрбатарейная
управляемые точные дальнобойные крылатые баллистические Искандер Калибр Кинжал
погибшие травмированы пропавшие тела опознаны госпитализированы спасатели
волонтёры помощь гуманитарная колонна укрытие подвал генератор пункт_обогрева
санкции бюджет экономика уголь сталь завод НПЗ экспорт зерно порт беспилотники
"""

HEAD_WORDS = {
    lang: tuple(w.replace("_", " ") for w in text.split())
    for lang, text in (("en", _EN), ("uk", _UK), ("ru", _RU))
}

# Syllables for the long tail of rare words (names, jargon, typos) every real corpus has.
_SYLLABLES = {
    "en": "ka lo mi ra ten vor sel dan pi bro stan gu ler mon tav zi nor bel kri pat",
    "uk": "ка ло мі ра тен вор сел дан пі бро стан гу лер мон тав зі нор біл кри пат",
    "ru": "ка ло ми ра тен вор сел дан пи бро стан гу лер мон тав зи нор бел кри пат",
}
TAIL_SYLLABLES = {lang: tuple(text.split()) for lang, text in _SYLLABLES.items()}

# Real places of the Pokrovsk axis and around, most written-about first: (id, Cyrillic name).
REAL_PLACES = (
    ("pokrovsk", "Покровськ"),
    ("myrnohrad", "Мирноград"),
    ("kostiantynivka", "Костянтинівка"),
    ("kramatorsk", "Краматорськ"),
    ("sloviansk", "Словянськ"),
    ("rodynske", "Родинське"),
    ("hryshyne", "Гришине"),
    ("dobropillia", "Добропілля"),
    ("toretsk", "Торецьк"),
    ("bakhmut", "Бахмут"),
    ("selydove", "Селидове"),
    ("kurakhove", "Курахове"),
    ("avdiivka", "Авдіївка"),
    ("lyman", "Лиман"),
    ("siversk", "Сіверськ"),
    ("udachne", "Удачне"),
    ("kotlyne", "Котлине"),
    ("novohrodivka", "Новогродівка"),
    ("druzhkivka", "Дружківка"),
    ("bilozerske", "Білозерське"),
)

# Roots and endings that make plausible village names: (Latin, Cyrillic).
NAME_ROOTS = (
    ("nov", "Нов"), ("krasn", "Красн"), ("zelen", "Зелен"), ("bil", "Біл"), ("chorn", "Чорн"),
    ("vesel", "Весел"), ("mykol", "Микол"), ("petr", "Петр"), ("ivan", "Іван"),
    ("oleksandr", "Олександр"), ("hryhor", "Григор"), ("andri", "Андрі"), ("myr", "Мир"),
    ("dobr", "Добр"), ("sukh", "Сух"), ("luh", "Луг"), ("vyshn", "Вишн"), ("berez", "Берез"),
    ("dub", "Дуб"), ("lys", "Лис"), ("sokil", "Сокол"), ("vasyl", "Василь"), ("stepan", "Степан"),
    ("tern", "Терн"), ("kalyn", "Калин"),
)  # fmt: skip
NAME_ENDINGS = (
    ("ivka", "івка"), ("ove", "ове"), ("ynivka", "инівка"), ("ske", "ське"),
    ("hrad", "град"), ("pil", "піль"), ("yarivka", "ярівка"), ("ka", "ка"),
)  # fmt: skip

THEMES = (
    "assault", "capture", "withdrawal", "encirclement", "counterattack", "logistics", "drones",
    "airstrikes", "artillery", "air_defense", "fortifications", "casualties", "civilians",
    "negotiations", "weather", "economy",
)  # fmt: skip
