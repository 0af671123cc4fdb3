"""Romanisation tables against published examples and two independent implementations.

The examples come from the standards themselves where they give any (the table of resolution
No. 55 of the Cabinet of Ministers of Ukraine, 27 January 2010) and from names whose official
Latin form is public. translitua (Ukrainian) and iuliia (Russian) are dev dependencies used
only here, as a cross-check over a few hundred names.
"""

from __future__ import annotations

import pytest

from polon.registry.translit import SYSTEMS, detect_language, latin_variants, romanise
from polon.registry.translit.given_names import GIVEN_NAMES

# The examples column of the 2010 table (place names and personal names).
KMU2010_EXAMPLES = [
    ("Алушта", "Alushta"), ("Андрій", "Andrii"), ("Борщагівка", "Borshchahivka"),
    ("Борисенко", "Borysenko"), ("Вінниця", "Vinnytsia"), ("Володимир", "Volodymyr"),
    ("Гадяч", "Hadiach"), ("Богдан", "Bohdan"), ("Згурський", "Zghurskyi"),
    ("Ґалаґан", "Galagan"), ("Ґорґани", "Gorgany"), ("Донецьк", "Donetsk"),
    ("Дмитро", "Dmytro"), ("Рівне", "Rivne"), ("Олег", "Oleh"), ("Есмань", "Esman"),
    ("Єнакієве", "Yenakiieve"), ("Гаєвич", "Haievych"), ("Короп'є", "Koropie"),
    ("Житомир", "Zhytomyr"), ("Жанна", "Zhanna"), ("Жежелів", "Zhezheliv"),
    ("Закарпаття", "Zakarpattia"), ("Казимирчук", "Kazymyrchuk"), ("Медвин", "Medvyn"),
    ("Михайленко", "Mykhailenko"), ("Іванків", "Ivankiv"), ("Іващенко", "Ivashchenko"),
    ("Їжакевич", "Yizhakevych"), ("Кадиївка", "Kadyivka"), ("Мар'їне", "Marine"),
    ("Йосипівка", "Yosypivka"), ("Стрий", "Stryi"), ("Олексій", "Oleksii"),
    ("Київ", "Kyiv"), ("Коваленко", "Kovalenko"), ("Лебедин", "Lebedyn"),
    ("Леонід", "Leonid"), ("Миколаїв", "Mykolaiv"), ("Маринич", "Marynych"),
    ("Ніжин", "Nizhyn"), ("Наталія", "Nataliia"), ("Одеса", "Odesa"),
    ("Онищенко", "Onyshchenko"), ("Полтава", "Poltava"), ("Петро", "Petro"),
    ("Решетилівка", "Reshetylivka"), ("Рибчинський", "Rybchynskyi"), ("Суми", "Sumy"),
    ("Соломія", "Solomiia"), ("Тернопіль", "Ternopil"), ("Троць", "Trots"),
    ("Ужгород", "Uzhhorod"), ("Уляна", "Uliana"), ("Фастів", "Fastiv"),
    ("Філіпчук", "Filipchuk"), ("Харків", "Kharkiv"), ("Христина", "Khrystyna"),
    ("Біла Церква", "Bila Tserkva"), ("Стеценко", "Stetsenko"), ("Чернівці", "Chernivtsi"),
    ("Шевченко", "Shevchenko"), ("Шостка", "Shostka"), ("Кишеньки", "Kyshenky"),
    ("Щербухи", "Shcherbukhy"), ("Гоща", "Hoshcha"), ("Гаращенко", "Harashchenko"),
    ("Юрій", "Yurii"), ("Корюківка", "Koriukivka"), ("Яготин", "Yahotyn"),
    ("Ярошенко", "Yaroshenko"), ("Костянтин", "Kostiantyn"), ("Знам'янка", "Znamianka"),
    ("Феодосія", "Feodosiia"), ("Згорани", "Zghorany"), ("Розгон", "Rozghon"),
    ("Наєнко", "Naienko"), ("Жашків", "Zhashkiv"), ("Крюківка", "Kriukivka"),
]  # fmt: skip

# People whose official English form is the 2010 national romanisation.
KMU2010_PEOPLE = [
    ("Зеленський Володимир", "Zelenskyi Volodymyr"),  # his passport keeps Zelenskyy
    ("Кулеба Дмитро", "Kuleba Dmytro"),
    ("Залужний Валерій", "Zaluzhnyi Valerii"),
    ("Сирський Олександр", "Syrskyi Oleksandr"),
    ("Буданов Кирило", "Budanov Kyrylo"),
    ("Верещук Ірина", "Vereshchuk Iryna"),
    ("Лубінець Дмитро", "Lubinets Dmytro"),
    ("Шмигаль Денис", "Shmyhal Denys"),
    ("Стефанчук Руслан", "Stefanchuk Ruslan"),
]


@pytest.mark.parametrize(("cyrillic", "latin"), KMU2010_EXAMPLES + KMU2010_PEOPLE)
def test_kmu2010_examples(cyrillic: str, latin: str) -> None:
    assert romanise(cyrillic, "kmu2010") == latin


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Костянтин", "Kostyantyn"), ("Сергій", "Serhiy"), ("Юрій", "Yuriy"),
        ("Олексій", "Oleksiy"), ("Зеленський", "Zelenskyy"), ("Ковальов", "Kovalyov"),
        ("Наєнко", "Nayenko"),
    ],
)  # fmt: skip
def test_uk_press_forms(cyrillic: str, latin: str) -> None:
    assert romanise(cyrillic, "uk_press") == latin
    assert romanise(cyrillic, "uk_passport_2007") == latin  # the older passports' name


# ICAO Doc 9303 table: ё e, й i, ц ts, ъ ie, ы y, ь omitted, э e, ю iu, я ia.
ICAO_EXAMPLES = [
    ("Юрий", "Iurii"), ("Сергей", "Sergei"), ("Щукин", "Shchukin"), ("Ёж", "Ezh"),
    ("Андрей Видный", "Andrei Vidnyi"), ("Артём Краевой", "Artem Kraevoi"),
    ("Игорь Ильин", "Igor Ilin"), ("Ян Разъездной", "Ian Razieezdnoi"),
    ("Юлия Щеглова", "Iuliia Shcheglova"), ("Эдуард", "Eduard"), ("Цыганов", "Tsyganov"),
]  # fmt: skip
BGN_EXAMPLES = [
    ("Елизово", "Yelizovo"), ("Чапаевск", "Chapayevsk"), ("Юрьев", "Yur’yev"),
    ("Горбачёв", "Gorbachëv"), ("Ельцин", "Yel’tsin"), ("Юрий", "Yuriy"),
    ("Сергей", "Sergey"), ("Тында", "Tynda"), ("Вяртсиля", "Vyart·silya"),
    ("Ташчишма", "Tash·chishma"), ("Улан-Удэ", "Ulan-Ud·e"), ("Подъячев", "Pod”yachev"),
]  # fmt: skip
GOST779B_EXAMPLES = [
    ("Щукин", "Shhukin"), ("Цой", "Czoj"), ("Цимбал", "Cimbal"), ("Царёв", "Czaryov"),
    ("Юрий", "Yurij"), ("Цыганов", "Cy`ganov"), ("Эдуард", "E`duard"), ("Подъячев", "Pod``yachev"),
    ("Михаил", "Mixail"), ("Ёлкин", "Yolkin"),
]  # fmt: skip
RU_PRESS_EXAMPLES = [
    ("Сергей", "Sergey"), ("Евгений", "Yevgeny"), ("Фёдор", "Fyodor"), ("Дмитрий", "Dmitry"),
    ("Зеленский", "Zelensky"), ("Васильев", "Vasilyev"), ("Ильин", "Ilyin"),
    ("Горбачёв", "Gorbachev"), ("Соловьёв", "Solovyov"), ("Юрий", "Yury"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("system", "cyrillic", "latin"),
    [("icao9303", c, lat) for c, lat in ICAO_EXAMPLES]
    + [("bgn_pcgn", c, lat) for c, lat in BGN_EXAMPLES]
    + [("gost779b", c, lat) for c, lat in GOST779B_EXAMPLES]
    + [("ru_press", c, lat) for c, lat in RU_PRESS_EXAMPLES],
)
def test_russian_systems(system: str, cyrillic: str, latin: str) -> None:
    assert romanise(cyrillic, system) == latin


def test_gost779b_has_a_ukrainian_column() -> None:
    assert romanise("Григорій", "gost779b") == "G`ry`g`orij"
    assert romanise("Знам'янка", "gost779b") == "Znam''yanka"


@pytest.mark.parametrize(
    ("system", "cyrillic", "latin"),
    [
        ("kmu2010", "ЮРІЙ ЗГОРАНИ", "YURII ZGHORANY"),
        ("kmu2010", "ЩЕРБУХИ", "SHCHERBUKHY"),
        ("icao9303", "ЩУКИН Юрий", "SHCHUKIN Iurii"),
        ("kmu2010", "Я", "Ya"),
    ],
)
def test_capitals_follow_the_word(system: str, cyrillic: str, latin: str) -> None:
    assert romanise(cyrillic, system) == latin


def test_word_start_is_after_a_hyphen_but_not_after_an_apostrophe() -> None:
    assert romanise("Яготин-Юрівка", "kmu2010") == "Yahotyn-Yurivka"
    assert romanise("Знам’янка Знамʼянка", "kmu2010") == "Znamianka Znamianka"


def test_other_text_passes_through() -> None:
    assert romanise("Kozhekin, 1990 (Кожекін)", "kmu2010") == "Kozhekin, 1990 (Kozhekin)"


def test_unknown_system_is_an_error() -> None:
    with pytest.raises(ValueError, match="kmu2010"):
        romanise("Юрій", "klingon")


@pytest.mark.parametrize(
    ("text", "language"),
    [("Юрій", "uk"), ("Ґалаґан", "uk"), ("Знам'янка", "uk"), ("Фёдор", "ru"), ("Цыганов", "ru"),
     ("Кожекин", None), ("Kozhekin", None)],
)  # fmt: skip
def test_detect_language(text: str, language: str | None) -> None:
    assert detect_language(text) == language


def test_latin_variants_by_language() -> None:
    assert latin_variants("Сергій") == {"kmu2010": "Serhii", "uk_press": "Serhiy"}
    assert set(latin_variants("Фёдор")) == {"icao9303", "bgn_pcgn", "gost779b", "ru_press"}
    both = latin_variants("Зеленский")
    assert set(both) == set(SYSTEMS)
    assert both["ru_press"] == "Zelensky" and both["kmu2010"] == "Zelenskyi"
    assert latin_variants("Kozhekin") == {}
    assert latin_variants("Денис", language="ru") == {
        "icao9303": "Denis", "bgn_pcgn": "Denis", "gost779b": "Denis", "ru_press": "Denis",
    }  # fmt: skip


# ---- differential tests against independent implementations --------------------------------


def _names(text: str) -> list[str]:
    return text.split()


UKRAINIAN_SURNAMES = _names("""
Шевченко Коваленко Бондаренко Ткаченко Кравченко Олійник Шевчук Поліщук Коваль Бойко Мельник
Кравчук Лисенко Руденко Савченко Петренко Мороз Марченко Павленко Ковальчук Гнатюк Яковенко
Зінченко Ярошенко Гаращенко Онищенко Зеленський Кулеба Залужний Сирський Буданов Верещук
Лубінець Стефанчук Прокопенко Паламар Кожекін Їжакевич Соловйов Ковальов Григор'єв Васильєв
Андрієнко Олексієнко Наєнко Гаєвич Згурський Рибчинський Філіпчук Стеценко Троць Маринич
Казимирчук Михайленко Іващенко Борисенко Юрченко Юзвенко Яремчук Єрмоленко Єрмак Йовенко
П'ятниця Зозуля Щербак Щур Хмельницький Гузь Ґонта Ґудзь Волошин Дзюба Ющенко Кучма Тимошенко
Порошенко Литвин Симоненко Яценюк Гройсман Кличко Сташевський Возняк Антонюк Кириленко
Дячук Дячишин Свинарчук Заєць Мирошниченко Панасюк Білоус Головко Пономаренко Ясинський
Юрків Ярмолюк В'язовська Сав'юк Кияниця Загребельний Підгорний Згарський Розгонюк Мазепа
""")
RUSSIAN_SURNAMES = _names("""
Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Фёдоров Морозов Волков
Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев Орлов Андреев Макаров Никитин
Захаров Зайцев Соловьёв Борисов Яковлев Григорьев Романов Воробьёв Сергеев Кузьмин Фролов
Александров Дмитриев Королёв Гусев Киселёв Ильин Максимов Поляков Сорокин Виноградов Ковалёв
Белов Медведев Антонов Тарасов Жуков Баранов Филиппов Комаров Давыдов Беляев Герасимов
Богданов Осипов Сидоров Матвеев Титов Марков Миронов Крылов Куликов Карпов Власов Мельников
Денисов Гаврилов Тихонов Казаков Афанасьев Данилов Савельев Тимофеев Фомин Чернов Абрамов
Мартынов Ефимов Федотов Щербаков Назаров Калинин Исаев Чернышёв Быков Маслов Родионов
Коновалов Лазарев Воронин Климов Филатов Пономарёв Голубев Кудрявцев Прохоров Наумов Потапов
Журавлёв Овчинников Трофимов Леонов Соболев Ермаков Колесников Гончаров Емельянов Никифоров
Грачёв Котов Гришин Ефремов Архипов Громов Кириллов Малышев Панов Моисеев Румянцев Акимов
Кондратьев Бирюков Горбунов Анисимов Ерёмин Тихомиров Галкин Лукьянов Михеев Скворцов Юдин
Белоусов Нестеров Симонов Прокофьев Харитонов Князев Цветков Левин Митрофанов Воронцов Аксёнов
Мальцев Логинов Горшков Савин Краснов Майоров Демидов Елисеев Рыбаков Сафонов Плотников Хохлов
Фадеев Молчанов Игнатов Литвинов Ершов Ушаков Дементьев Рябов Мухин Калашников Леонтьев
Подъячев Цыганов Эйдельман Шолохов Щукин Разъездной Видный Краевой Чёткий Клеёнкина Щеглова
Подьячий Ельцин Ёлкин Юрьев Айёган Змииёвка Тыайа Мейеровка Суык Бийск Улан-Удэ Вяртсиля Ташчишма
""")
UKRAINIAN_NAMES = [f for row in GIVEN_NAMES for f in row[1].split()] + UKRAINIAN_SURNAMES
RUSSIAN_NAMES = [f for row in GIVEN_NAMES for f in row[2].split()] + RUSSIAN_SURNAMES


def test_differential_lists_are_large() -> None:
    assert len(set(UKRAINIAN_NAMES)) >= 300 and len(set(RUSSIAN_NAMES)) >= 400


def test_kmu2010_agrees_with_translitua() -> None:
    translitua = pytest.importorskip("translitua")
    differ = {
        name: (romanise(name, "kmu2010"), translitua.translit(name, translitua.UkrainianKMU))
        for name in UKRAINIAN_NAMES
    }
    assert {name: pair for name, pair in differ.items() if pair[0] != pair[1]} == {}


@pytest.mark.parametrize(
    ("system", "scheme"),
    [("icao9303", "ICAO_DOC_9303"), ("bgn_pcgn", "BGN_PCGN"), ("gost779b", "GOST_779_ALT")],
)
def test_russian_systems_agree_with_iuliia(system: str, scheme: str) -> None:
    """iuliia's GOST_779_ALT is GOST 7.79 system B (its GOST_779 is system A, ISO 9).

    One deliberate difference: iuliia's BGN/PCGN writes ё as the Cyrillic letter "ё", where
    BGN/PCGN prints the Latin "ë"; the comparison maps one to the other. Words in capitals are
    left out: iuliia capitalises only the first letter of a digraph (ЩУКИН -> ShchUKIN).
    """
    iuliia = pytest.importorskip("iuliia")
    schema = getattr(iuliia, scheme)
    differ = {}
    for name in RUSSIAN_NAMES:
        theirs = schema.translate(name).replace("ё", "ë").replace("Ё", "Ë")
        if romanise(name, system) != theirs:
            differ[name] = (romanise(name, system), theirs)
    assert differ == {}
