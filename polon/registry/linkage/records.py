"""The input row of linkage and the table Splink compares.

Splink compares columns, not people: everything that makes two spellings of one person equal
must already be in a column before the data reach the backend. This module turns each
``LinkRecord`` into one row of *keys* (surname and given-name keys from
``polon.registry.keys``, a patronymic key, the birth date cut at year and month, normalised
unit, rank and call sign) and hands the backend an Arrow table, which both DuckDB and Spark
take without a pandas detour.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import pyarrow as pa

from polon.registry import keys


@dataclass(slots=True)
class LinkRecord:
    """One person as one list or report names them; any field may be missing.

    ``full_name`` is used only when ``surname`` and ``given`` are both missing: lists that
    split the name are more trustworthy than a parse. ``date_of_birth`` is ISO and may be
    partial ("1990", "1990-05"); "12.05.1990" is accepted too. ``dataset`` (the list a
    record comes from) is carried for the caller and not compared.
    """

    id: int
    full_name: str | None = None
    surname: str | None = None
    given: str | None = None
    patronymic: str | None = None
    date_of_birth: str | None = None
    unit: str | None = None
    rank: str | None = None
    call_sign: str | None = None
    dataset: str | None = None


COLUMNS: tuple[str, ...] = (
    "unique_id",
    "surname_key",
    "surname_head",
    "given_key",
    "given_token",
    "patronymic_key",
    "patronymic_token",
    "name_pair",
    "dob",
    "dob_full",
    "dob_year",
    "dob_month",
    "unit_key",
    "rank_key",
    "call_sign_key",
    "surname_near",
    "given_near",
)

_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_DOTTED_DATE = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_NUMBER = re.compile(r"\d+")
_PUNCTUATION = re.compile(r"[^\w\s]+")

# Patronymic endings and what replaces them to give back the father's given name
# (Андрійович -> Андрій, Андреевич -> Андрей, Юрьевич -> Юрий, Andriivna -> Andrii), longest
# first, in Cyrillic and in the usual romanisations.
_PATRONYMIC_ENDINGS: tuple[tuple[str, str], ...] = (
    ("ьевич", "ий"), ("ьевна", "ий"), ("ович", ""), ("овна", ""), ("евич", "й"),
    ("евна", "й"), ("ївна", "й"), ("івна", ""), ("ич", ""),
    ("yevych", "ii"), ("ievych", "ii"), ("yevich", "ii"), ("ievich", "ii"), ("yevna", "ii"),
    ("ievna", "ii"), ("yivna", "ii"), ("iivna", "ii"), ("ovych", ""), ("ovich", ""),
    ("evych", "i"), ("evich", "i"), ("ivna", ""), ("ovna", ""), ("evna", "i"),
)  # fmt: skip

# Ranks in the three languages lists use, to one code each. Lookups go through
# ``keys.token_key``, so the romanisations of the Cyrillic forms find the same code.
_RANKS: dict[str, tuple[str, ...]] = {
    "soldier": ("солдат", "рядовий", "рядовой", "private", "soldier", "стрілець"),
    "senior soldier": ("старший солдат", "ефрейтор", "private first class", "lance corporal"),
    "sailor": ("матрос", "seaman", "sailor"),
    "senior sailor": ("старший матрос", "senior seaman"),
    "junior sergeant": ("молодший сержант", "младший сержант", "junior sergeant"),
    "sergeant": ("сержант", "sergeant"),
    "senior sergeant": ("старший сержант", "senior sergeant"),
    "chief sergeant": ("головний сержант", "chief sergeant"),
    "staff sergeant": ("штаб-сержант", "staff sergeant"),
    "master sergeant": ("майстер-сержант", "старшина", "master sergeant", "sergeant major"),
    "warrant officer": ("прапорщик", "warrant officer"),
    "junior lieutenant": ("молодший лейтенант", "младший лейтенант", "junior lieutenant"),
    "lieutenant": ("лейтенант", "lieutenant", "second lieutenant"),
    "senior lieutenant": ("старший лейтенант", "senior lieutenant", "first lieutenant"),
    "captain": ("капітан", "капитан", "captain"),
    "major": ("майор", "major"),
    "lieutenant colonel": ("підполковник", "подполковник", "lieutenant colonel"),
    "colonel": ("полковник", "colonel"),
}
_RANK_ABBREVIATIONS = {
    "ст": "старший", "мол": "молодший", "ml": "молодший", "st": "старший", "sr": "senior",
    "jr": "junior", "lt": "lieutenant", "col": "colonel", "sgt": "sergeant", "капт": "капітан",
    "pvt": "private", "maj": "major", "capt": "captain", "лейт": "лейтенант",
}  # fmt: skip


def normalise_date(text: str | None) -> str | None:
    """The ISO form of a full or partial birth date ("1990", "1990-05", "1990-05-12").

    Anything that is not a plausible date is dropped rather than guessed: a wrong date is
    strong evidence against a match, a missing one is no evidence at all.
    """
    if not text:
        return None
    text = text.strip()
    dotted = _DOTTED_DATE.match(text)
    if dotted:
        text = f"{dotted.group(3)}-{dotted.group(2)}-{dotted.group(1)}"
    iso = _ISO_DATE.match(text)
    if not iso:
        return None
    year, month, day = iso.groups()
    if not 1900 <= int(year) <= 2100:
        return None
    if month is None:
        return year
    if not 1 <= int(month) <= 12:
        return year
    if day is None:
        return f"{year}-{int(month):02d}"
    if not 1 <= int(day) <= 31:
        return f"{year}-{int(month):02d}"
    return f"{year}-{int(month):02d}-{int(day):02d}"


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    return " ".join(_PUNCTUATION.sub(" ", text).split())


class _Keys:
    """Memoised key functions for one preparation run.

    Registries repeat names heavily (a million records hold a few thousand surnames), so
    each distinct word is keyed once.
    """

    def __init__(self) -> None:
        self._token: dict[str, str] = {}
        self._given: dict[str, str] = {}
        self._patronymic: dict[str, str] = {}
        self._rank: dict[str, str] = {}
        self._rank_table: dict[str, str] | None = None

    def token(self, text: str) -> str:
        found = self._token.get(text)
        if found is None:
            found = " ".join(keys.token_key(word) for word in text.split())
            self._token[text] = found
        return found

    def given(self, text: str) -> str:
        found = self._given.get(text)
        if found is None:
            found = " ".join(keys.given_key(word) for word in text.split())
            self._given[text] = found
        return found

    def patronymic(self, text: str) -> str:
        found = self._patronymic.get(text)
        if found is None:
            found = self._patronymic[text] = _patronymic_key(text)
        return found

    def rank(self, text: str) -> str:
        found = self._rank.get(text)
        if found is None:
            if self._rank_table is None:
                self._rank_table = {
                    self.token(_fold(form)): code
                    for code, forms in _RANKS.items()
                    for form in forms
                }
            words = [_RANK_ABBREVIATIONS.get(word, word) for word in _fold(text).split()]
            key = self.token(" ".join(words))
            found = self._rank[text] = self._rank_table.get(key, key)
        return found


def _patronymic_key(text: str) -> str:
    """The father's given-name class behind a patronymic (Сергійович, Sergeevna -> Serhii).

    ``keys.patronymic_key`` knows the regular and irregular forms; for what it does not
    take as a patronymic (a typo in the ending, a rare romanisation) the ending is cut here
    and the stem keyed like a given name (Петрович -> Петр, also tried as Петро).
    """
    known = keys.patronymic_key(text)
    if known:
        return known
    word = _fold(text).replace(" ", "")
    for ending, replacement in _PATRONYMIC_ENDINGS:
        if word.endswith(ending) and len(word) > len(ending) + 2:
            stem = word[: -len(ending)] + replacement
            break
    else:
        return keys.given_key(word)
    vowel = "о" if "\u0400" <= stem[-1] <= "\u04ff" else "o"
    for candidate in (stem, stem + vowel):
        found = keys.given_class(candidate)
        if found:
            return found
    return keys.given_key(stem)


def _unit_key(text: str) -> str:
    """The unit's number if it has one ("36-та ОБрМП", "36th Marine Brigade" -> "36").

    Lists write one unit in many ways but almost always keep its number; units without a
    number (named volunteer formations) fall back to their folded name.
    """
    number = _NUMBER.search(text)
    if number:  # int() refuses strings of over 4,300 digits; no unit number is that long
        digits = number.group()
        return str(int(digits)) if len(digits) <= 18 else digits.lstrip("0")
    return _fold(text)


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


@dataclass(frozen=True, slots=True)
class _Name:
    surname: str | None
    given: str | None
    patronymic: str | None
    call_sign: str | None


def _name(record: LinkRecord) -> _Name:
    """The name parts: the split fields if the list has them, else the parsed full name
    (which also finds a call sign written into it: Denys Prokopenko «Redis»)."""
    if record.surname or record.given or not record.full_name:
        surname, given, patronymic = record.surname, record.given, record.patronymic
        call_sign = record.call_sign
    else:
        parsed = keys.parse_name(record.full_name)
        surname, given = parsed.surname, parsed.given
        patronymic = parsed.patronymic or record.patronymic
        call_sign = record.call_sign or parsed.call_sign
    return _Name(_clean(surname), _clean(given), _clean(patronymic), _clean(call_sign))


def record_row(record: LinkRecord, memo: _Keys) -> dict[str, object]:
    """The comparison columns of one record (see ``COLUMNS``)."""
    name = _name(record)
    surname_key = memo.token(name.surname) or None if name.surname else None
    given_token = memo.token(name.given) or None if name.given else None
    given_key = memo.given(name.given) or None if name.given else None
    patronymic = name.patronymic
    dob = normalise_date(record.date_of_birth)
    unit, rank = _clean(record.unit), _clean(record.rank)
    return {
        "unique_id": record.id,
        "surname_key": surname_key,
        "surname_head": surname_key[:3] if surname_key else None,
        "given_key": given_key,
        "given_token": given_token,
        "patronymic_key": memo.patronymic(patronymic) or None if patronymic else None,
        "patronymic_token": memo.token(patronymic) or None if patronymic else None,
        "name_pair": "|".join(sorted((surname_key, given_token)))
        if surname_key and given_token
        else None,
        "dob": dob,
        "dob_full": dob if dob and len(dob) == 10 else None,
        "dob_year": dob[:4] if dob else None,
        "dob_month": dob[:7] if dob and len(dob) >= 7 else None,
        "unit_key": _unit_key(unit) or None if unit else None,
        "rank_key": memo.rank(rank) or None if rank else None,
        "call_sign_key": memo.token(_fold(name.call_sign)) or None if name.call_sign else None,
        "surname_near": _near(surname_key),
        "given_near": _near(given_token),
    }


def _near(key: str | None) -> list[str] | None:
    """The key and every form of it with one letter deleted.

    Two words one typo apart (a letter changed, dropped, added or two swapped) always share
    one of these forms, so blocking on them finds typos without comparing every pair.
    """
    if not key or len(key) < 4:
        return [key] if key else None
    return sorted({key} | {key[:i] + key[i + 1 :] for i in range(len(key))})


_SCHEMA = pa.schema(
    [pa.field("unique_id", pa.int64())]
    + [
        pa.field(name, pa.list_(pa.string()) if name.endswith("_near") else pa.string())
        for name in COLUMNS[1:]
    ]
)


def prepare(records: Iterable[LinkRecord]) -> pa.Table:
    """The Arrow table of comparison columns for ``records``; ids must be unique."""
    memo = _Keys()
    columns: dict[str, list[object]] = {name: [] for name in COLUMNS}
    seen: set[int] = set()
    for record in records:
        if record.id in seen:
            raise ValueError(f"record id {record.id} appears twice; ids must be unique")
        seen.add(record.id)
        for name, value in record_row(record, memo).items():
            columns[name].append(value)
    return pa.Table.from_pydict(columns, schema=_SCHEMA)
