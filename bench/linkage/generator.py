"""Seeded synthetic registries of captives, with the true identity of every record.

Each identity (a person: name in Ukrainian and in Russian, patronymic, birth date, unit,
rank, call sign) yields one to four records the way lists and reports write them: Ukrainian
official lists in Cyrillic, Russian lists in Russian Cyrillic with the Russian forms of the
given name and patronymic, romanisations under different systems (Ukrainian KMU 2010 and
passport tables via ``translitua``, Russian ICAO, BGN/PCGN, GOST and others via ``iuliia``),
press forms that mix the two, typos, surname-first order, partial or missing birth dates,
and units, ranks and call signs that come and go. Romanisation uses those two independent
libraries so the benchmark does not share code with Polon's keys.

The same seed gives the same registry, record for record.
"""

from __future__ import annotations

import calendar
import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import iuliia
import translitua

from bench.linkage import tables
from polon.registry.linkage import LinkRecord

RECORDS_PER_IDENTITY = ((1, 0.35), (2, 0.30), (3, 0.20), (4, 0.15))
COMMON_SURNAME_SHARE = 0.20  # the rest draw a rare surname from roots and endings
RUSSIAN_SURNAME_SHARE = 0.25  # of the common surnames
FEMALE_SHARE = 0.12
CIVILIAN_SHARE = 0.15
TYPO_RATE = 0.10
DOB_ERROR_RATE = 0.03

# Romanisation systems and how often each is met.
UKRAINIAN_SYSTEMS = (
    (translitua.UkrainianKMU, 6.0),
    (translitua.UkrainianPassport2007, 1.0),
    (translitua.UkrainianPassport2004Alt, 0.5),
    (translitua.UkrainianBGN, 1.0),
    (translitua.UkrainianUNGEGN, 0.5),
    (translitua.UkrainianGerman, 0.3),
    (translitua.UkrainianFrench, 0.2),
)
RUSSIAN_SYSTEMS = (
    (iuliia.ICAO_DOC_9303, 3.0),
    (iuliia.BGN_PCGN, 2.0),
    (iuliia.WIKIPEDIA, 2.0),
    (iuliia.MVD_782, 1.0),
    (iuliia.GOST_52535, 1.0),
    (iuliia.MOSMETRO, 0.5),
    (iuliia.SCIENTIFIC, 0.3),
)
# Where a record comes from decides its alphabet, language and layout.
STYLES = (
    ("uk_list", 0.30),
    ("ru_list", 0.15),
    ("uk_latin", 0.20),
    ("ru_latin", 0.15),
    ("press", 0.20),
)

_CYRILLIC_LETTERS = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"
_LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_VOWELS = set("аеєиіїоуюяыэё")


@dataclass(frozen=True, slots=True)
class Identity:
    key: int
    female: bool
    surname: tuple[str, str]  # Ukrainian, Russian
    given: tuple[str, str]
    patronymic: tuple[str, str]
    dob: str
    unit: int | None
    rank: int | None
    call_sign: str | None


@dataclass
class Registry:
    """Records with ids 1..N and ``truth[id - 1]``, the identity of record ``id``."""

    records: list[LinkRecord]
    truth: list[int]

    @property
    def identities(self) -> int:
        return len(set(self.truth))


def _zipf(count: int, exponent: float = 0.9) -> list[float]:
    return [1.0 / (rank**exponent) for rank in range(1, count + 1)]


def _russian_of(ukrainian: str) -> str:
    """The Russian spelling of a Ukrainian surname, letter by letter (Лук'яненко -> Лукьяненко)."""
    table = {"і": "и", "ї": "и", "є": "е", "ґ": "г", "'": "ь", "’": "ь"}
    out = []
    for ch in ukrainian:
        russian = table.get(ch.lower(), ch.lower())
        out.append(russian.upper() if ch.isupper() else russian)
    return "".join(out)


def _ukrainian_of(russian: str) -> str:
    """The Ukrainian spelling of a Russian surname (Ильин -> Ільїн, Егоров -> Єгоров)."""
    out: list[str] = []
    lower = russian.lower()
    for i, ch in enumerate(lower):
        before = lower[i - 1] if i else ""
        if ch == "и":
            out.append("ї" if before in _VOWELS or before == "ь" else "і")
        elif ch == "ы":
            out.append("и")
        elif ch == "э":
            out.append("е")
        elif ch == "ё":
            out.append("йо" if not before or before in _VOWELS else "ьо")
        elif ch == "е" and (not before or before in _VOWELS or before == "ь"):
            out.append("є")
        elif ch == "ъ":
            out.append("'")
        else:
            out.append(ch)
    word = "".join(out)
    return word[:1].upper() + word[1:]


def _feminine(surname: str, russian: bool) -> str:
    endings = (
        (("ский", "ская"), ("цкий", "цкая"), ("ый", "ая"), ("ий", "ая"), ("ов", "ова"),
         ("ев", "ева"), ("ёв", "ёва"), ("ин", "ина"))
        if russian
        else (("ський", "ська"), ("цький", "цька"), ("ий", "а"), ("ов", "ова"), ("ев", "ева"),
              ("єв", "єва"), ("ін", "іна"), ("ин", "ина"))
    )  # fmt: skip
    for masculine, feminine in endings:
        if surname.endswith(masculine):
            return surname[: -len(masculine)] + feminine
    return surname


def _feminine_patronymic(patronymic: str, russian: bool) -> str:
    if russian:
        special = {"Ильич": "Ильинична"}
        if patronymic in special:
            return special[patronymic]
        if patronymic.endswith("вич"):
            return patronymic[:-3] + "вна"
        return patronymic + "на"
    if patronymic == "Ілліч":
        return "Іллівна"
    if patronymic.endswith("йович"):
        return patronymic[:-5] + "ївна"
    if patronymic.endswith("ович"):
        return patronymic[:-4] + "івна"
    return patronymic


def _parse_surnames(text: str, other: Callable[[str], str], ukrainian_first: bool) -> list:
    out = []
    for item in text.split():
        first, _, second = item.partition("/")
        second = second or other(first)
        out.append((first, second) if ukrainian_first else (second, first))
    return out


@cache
def _tables() -> dict[str, list]:
    """The parsed tables: each list of (values...) with a parallel list of weights."""
    ukrainian = _parse_surnames(tables.UKRAINIAN_SURNAMES, _russian_of, True)
    russian = _parse_surnames(tables.RUSSIAN_SURNAMES, _ukrainian_of, False)
    male = [tuple(line.split()) for line in tables.MALE_GIVEN.strip().splitlines()]
    female = [tuple(line.split()) for line in tables.FEMALE_GIVEN.strip().splitlines()]
    units = []
    for item in tables.UNITS.split():
        number, _, kind = item.partition(":")
        units.append((number, *tables.UNIT_TYPES[kind].split("|")))
    ranks = []
    for line in tables.RANKS.strip().splitlines():
        head, uk, ru, en = line.split("|")
        code, _, weight = head.partition(":")
        ranks.append((code, uk, ru, en, float(weight)))
    middles = [middle.strip("-") for middle in tables.SURNAME_MIDDLES.split()]
    rare = [
        root + first + second + ending
        for root in tables.SURNAME_ROOTS.split()
        for first in middles
        for second in middles
        if not (second and not first)
        for ending in tables.SURNAME_ENDINGS.split()
    ]
    return {
        "ukrainian": ukrainian,
        "russian": russian,
        "male": male,
        "female": female,
        "units": units,
        "ranks": ranks,
        "rare": rare,
        "call_signs": tables.CALL_SIGNS.split(),
    }


class _Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        t = _tables()
        self.t = t
        # flat enough that the most common surname is about 0.45 % of people (Мельник is
        # about a quarter of a per cent in Ukraine) and the most common given name 13 %
        self.w_uk = _zipf(len(t["ukrainian"]), 0.5)
        self.w_ru = _zipf(len(t["russian"]), 0.5)
        self.w_male = _zipf(len(t["male"]), 0.8)
        self.w_female = _zipf(len(t["female"]), 0.8)
        self.w_units = _zipf(len(t["units"]), 0.6)
        self.w_ranks = [rank[4] for rank in t["ranks"]]
        self.w_calls = _zipf(len(t["call_signs"]), 0.7)
        self.years = list(range(1960, 2005))
        self.w_years = [1.0 / (1.0 + abs(year - 1990) / 6.0) ** 2 for year in self.years]
        self.latin: dict[tuple[int, str], str] = {}

    def pick(self, items: list, weights: list[float]):
        return self.rng.choices(items, weights)[0]

    # identities -------------------------------------------------------------------------

    def identity(self, key: int) -> Identity:
        rng, t = self.rng, self.t
        female = rng.random() < FEMALE_SHARE
        if rng.random() < COMMON_SURNAME_SHARE:
            if rng.random() < RUSSIAN_SURNAME_SHARE:
                surname = self.pick(t["russian"], self.w_ru)
            else:
                surname = self.pick(t["ukrainian"], self.w_uk)
        else:
            rare = rng.choice(t["rare"])
            surname = (rare, _russian_of(rare))
        if female:
            surname = (_feminine(surname[0], False), _feminine(surname[1], True))
            given = self.pick(t["female"], self.w_female)
        else:
            given = self.pick(t["male"], self.w_male)
        father = self.pick(t["male"], self.w_male)
        patronymic = (father[2], father[3])
        if female:
            patronymic = (
                _feminine_patronymic(patronymic[0], False),
                _feminine_patronymic(patronymic[1], True),
            )
        year = self.pick(self.years, self.w_years)
        month = rng.randint(1, 12)
        day = rng.randint(1, calendar.monthrange(year, month)[1])
        civilian = female or rng.random() < CIVILIAN_SHARE
        unit = None if civilian else rng.choices(range(len(t["units"])), self.w_units)[0]
        rank = None if civilian else rng.choices(range(len(t["ranks"])), self.w_ranks)[0]
        call_sign = None
        if not civilian and rng.random() < 0.3:
            call_sign = self.pick(t["call_signs"], self.w_calls)
        return Identity(
            key,
            female,
            surname,
            (given[0], given[1]),
            patronymic,
            f"{year:04d}-{month:02d}-{day:02d}",
            unit,
            rank,
            call_sign,
        )

    # renderings -------------------------------------------------------------------------

    def romanise(self, text: str, russian: bool) -> str:
        systems = RUSSIAN_SYSTEMS if russian else UKRAINIAN_SYSTEMS
        index = self.rng.choices(range(len(systems)), [w for _, w in systems])[0]
        return self.romanise_with(text, russian, index)

    def romanise_with(self, text: str, russian: bool, index: int) -> str:
        key = (index if not russian else 100 + index, text)
        found = self.latin.get(key)
        if found is None:
            system = (RUSSIAN_SYSTEMS if russian else UKRAINIAN_SYSTEMS)[index][0]
            if russian:
                # iuliia leaves a Cyrillic ё in some schemes; print it as the Latin ë
                found = system.translate(text).replace("ё", "ë").replace("Ё", "Ë")
            else:
                found = translitua.translit(text, system)
            self.latin[key] = found
        return found

    def typo(self, word: str) -> str:
        rng = self.rng
        if len(word) < 4:
            return word
        letters = _CYRILLIC_LETTERS if "\u0400" <= word[1].lower() <= "\u04ff" else _LATIN_LETTERS
        i = rng.randrange(1, len(word) - 1)
        operation = rng.randrange(4)
        if operation == 0:
            return word[:i] + rng.choice(letters) + word[i + 1 :]
        if operation == 1:
            return word[:i] + word[i + 1 :]
        if operation == 2:
            return word[:i] + rng.choice(letters) + word[i:]
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]

    def dob(self, identity: Identity, style: str) -> str | None:
        rng = self.rng
        roll = rng.random()
        # shares of full dates, year and month, year only ("aged 34"); the rest are missing
        full, month, year = (0.25, 0.0, 0.40) if style == "press" else (0.85, 0.02, 0.05)
        value = identity.dob
        if roll < full:
            if rng.random() < DOB_ERROR_RATE:
                value = self.dob_error(value)
            return value
        if roll < full + month:
            return value[:7]
        if roll < full + month + year:
            return value[:4]
        return None

    def dob_error(self, value: str) -> str:
        rng = self.rng
        year, month, day = value.split("-")
        if rng.random() < 0.4 and int(day) <= 12:
            return f"{year}-{day}-{month}"
        position = rng.choice((3, 6, 9))  # a digit of the year, month or day
        digits = list(value)
        digits[position] = str((int(digits[position]) + rng.randint(1, 9)) % 10)
        candidate = "".join(digits)
        y, m, d = (int(part) for part in candidate.split("-"))
        if 1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1]:
            return candidate
        return value

    def unit(self, identity: Identity, style: str) -> str | None:
        rng, t = self.rng, self.t
        if identity.unit is None:
            return None
        present = {"uk_list": 0.8, "ru_list": 0.8, "press": 0.5}.get(style, 0.7)
        if rng.random() >= present:
            return None
        index = identity.unit
        if rng.random() < 0.03:
            index = rng.randrange(len(t["units"]))  # transferred, or a wrong list
        number, uk, ru, en, abbreviation = t["units"][index]
        if style == "uk_list":
            return rng.choice((f"{number} {abbreviation}", f"{number}-та {uk}", f"{number} {uk}"))
        if style == "ru_list":
            return rng.choice((f"{number}-я {ru}", f"{number} {ru}"))
        suffix = {"1": "st", "2": "nd", "3": "rd"}.get(number[-1], "th")
        if number[-2:] in ("11", "12", "13"):
            suffix = "th"
        return f"{number}{suffix} {en}"

    def rank(self, identity: Identity, style: str) -> str | None:
        rng, t = self.rng, self.t
        present = 0.75 if style.endswith("list") else 0.5
        if identity.rank is None or rng.random() >= present:
            return None
        index = identity.rank
        if rng.random() < 0.05:
            index = min(index + 1, len(t["ranks"]) - 1)  # promoted between two lists
        _, uk, ru, en, _ = t["ranks"][index]
        return {"uk_list": uk, "ru_list": ru}.get(style, en)

    def call_sign(self, identity: Identity, style: str) -> str | None:
        rng = self.rng
        if identity.call_sign is None or rng.random() >= (0.55 if style.endswith("list") else 0.7):
            return None
        text = identity.call_sign
        if not style.endswith("list"):
            text = self.romanise_with(text, False, 0)
        if rng.random() < 0.2:
            text = f"«{text}»" if style.endswith("list") else f'"{text}"'
        return text

    def record(self, identity: Identity, record_id: int) -> LinkRecord:
        rng = self.rng
        style = rng.choices([s for s, _ in STYLES], [w for _, w in STYLES])[0]
        russian = style.startswith("ru")
        side = 1 if russian else 0
        surname, given = identity.surname[side], identity.given[side]
        patronymic: str | None = identity.patronymic[side]
        if style == "press":
            given_russian = rng.random() < 0.4
            surname_russian = rng.random() < 0.3
            given = self.romanise(identity.given[int(given_russian)], given_russian)
            surname = self.romanise(identity.surname[int(surname_russian)], surname_russian)
            patronymic = None
        elif style.endswith("latin"):
            index = rng.choices(
                range(len(RUSSIAN_SYSTEMS if russian else UKRAINIAN_SYSTEMS)),
                [w for _, w in (RUSSIAN_SYSTEMS if russian else UKRAINIAN_SYSTEMS)],
            )[0]
            surname = self.romanise_with(surname, russian, index)
            given = self.romanise_with(given, russian, index)
            patronymic = self.romanise_with(patronymic, russian, index)
            if rng.random() >= 0.3:
                patronymic = None
        elif rng.random() >= 0.8:
            patronymic = None
        if rng.random() < TYPO_RATE:
            if rng.random() < 0.6:
                surname = self.typo(surname)
            else:
                given = self.typo(given)
        record = LinkRecord(
            record_id,
            date_of_birth=self.dob(identity, style),
            unit=self.unit(identity, style),
            rank=self.rank(identity, style),
            call_sign=self.call_sign(identity, style),
        )
        split = {"uk_list": 0.7, "ru_list": 0.4, "uk_latin": 0.6, "ru_latin": 0.6}.get(style, 0.0)
        if rng.random() < split:
            record.surname, record.given, record.patronymic = surname, given, patronymic
        elif style.endswith("list"):
            record.full_name = " ".join(w for w in (surname, given, patronymic) if w)
        elif rng.random() < (0.8 if style == "press" else 0.7):
            record.full_name = " ".join(w for w in (given, patronymic, surname) if w)
        else:
            shout = surname.upper() if rng.random() < 0.5 else surname
            record.full_name = " ".join(w for w in (shout, given, patronymic) if w)
        return record


def generate(size: int, seed: int = 1) -> Registry:
    """A registry of ``size`` records from about ``size / 2.15`` identities."""
    generator = _Generator(seed)
    rng = generator.rng
    counts = [n for n, _ in RECORDS_PER_IDENTITY]
    weights = [w for _, w in RECORDS_PER_IDENTITY]
    owners: list[Identity] = []
    key = 0
    while len(owners) < size:
        identity = generator.identity(key)
        owners.extend([identity] * rng.choices(counts, weights)[0])
        key += 1
    owners = owners[:size]
    rng.shuffle(owners)
    records = [generator.record(identity, i + 1) for i, identity in enumerate(owners)]
    return Registry(records, [identity.key for identity in owners])
