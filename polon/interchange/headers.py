"""Which column of a list holds which field: header names in Ukrainian, Russian and English.

Nobody agrees on headers. One ministry writes "Прізвище", another "ПІБ", an NGO "Last
name"; Russian-language extracts use "Фамилия" and "ФИО". Headers are compared after
folding (case, apostrophe variants ' ’ ʼ, dots, commas, a trailing "(...)" remark), so
"П.І.Б.", "Ім’я" and "Дата народження (дд.мм.рррр)" are found without a table entry each.
A header Polon does not know can be named with ``--map field=Header``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from polon.interchange.values import fold
from polon.registry.record import FIELDS

NAME_PARTS = ("surname", "given_names", "patronymic")
# What a column can hold: the registry's fields plus what a list row says about the record.
TARGETS: tuple[str, ...] = (
    "record_id",
    "full_name",
    *NAME_PARTS,
    "alternate_names",
    *(f.name for f in FIELDS if f.name not in NAME_PARTS),
    "status",
    "status_date",
)
NAME_TARGETS = ("full_name", *NAME_PARTS)

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "record_id": ("id", "№", "no", "nr", "#", "номер", "№ з/п", "№ п/п", "з/п", "п/п", "ід",
                  "record id", "person record id"),
    "full_name": ("піб", "фио", "full name", "name", "прізвище ім'я по батькові",
                  "прізвище ім'я та по батькові", "фамилия имя отчество", "повне ім'я",
                  "полное имя", "ім'я та прізвище", "name and surname"),
    "surname": ("прізвище", "фамилия", "surname", "last name", "lastname", "family name"),
    "given_names": ("ім'я", "имя", "імена", "given name", "given names", "first name",
                    "firstname", "forename", "forenames"),
    "patronymic": ("по батькові", "отчество", "patronymic", "middle name"),
    "alternate_names": ("інші імена", "варіанти написання", "другие имена", "alternate names",
                        "other names", "also known as", "aka", "alias", "aliases"),
    "call_sign": ("позивний", "позывной", "call sign", "callsign", "nom de guerre"),
    "rank": ("звання", "військове звання", "звание", "воинское звание", "rank",
             "military rank"),
    "unit": ("військова частина", "в/ч", "вч", "підрозділ", "частина", "воинская часть",
             "часть", "подразделение", "unit", "military unit"),
    "position": ("посада", "должность", "position", "role"),
    "sex": ("стать", "пол", "sex", "gender"),
    "service_number": ("особистий номер", "особовий номер", "жетон", "номер жетона",
                       "личный номер", "личный жетон", "service number", "serial number",
                       "military id", "army number"),
    "date_of_birth": ("дата народження", "дата нар", "д/н", "дн", "рік народження",
                      "дата рождения", "год рождения", "date of birth", "dob", "birth date",
                      "birthdate", "year of birth"),
    "age": ("вік", "возраст", "age"),
    "place_of_birth": ("місце народження", "место рождения", "place of birth", "birthplace",
                       "pob"),
    "father_name": ("ім'я батька", "имя отца", "father's name", "father"),
    "mother_maiden_name": ("дівоче прізвище матері", "девичья фамилия матери",
                           "mother's maiden name"),
    "next_of_kin": ("найближчі родичі", "родичі", "контактна особа", "ближайшие родственники",
                    "родственники", "контактное лицо", "next of kin", "relatives",
                    "contact person"),
    "next_of_kin_address": ("адреса родичів", "адрес родственников", "next of kin address",
                            "next of kin's address"),
    "address": ("адреса", "адрес", "адреса для листування", "address"),
    "capture_date": ("дата полонення", "дата потрапляння в полон", "дата захоплення",
                     "дата пленения", "дата попадания в плен", "date of capture",
                     "capture date", "date captured"),
    "capture_place": ("місце полонення", "місце потрапляння в полон", "місце захоплення",
                      "место пленения", "место попадания в плен", "place of capture",
                      "capture place", "where captured"),
    "health": ("стан здоров'я", "состояние здоровья", "health", "medical condition"),
    "nationality": ("громадянство", "гражданство", "національність", "национальность",
                    "nationality", "citizenship"),
    "last_residence": ("місце проживання", "місце реєстрації", "место жительства",
                       "место проживания", "место регистрации", "residence",
                       "place of residence", "home address"),
    "distinguishing_marks": ("особливі прикмети", "прикмети", "особые приметы", "приметы",
                             "identifying marks", "татуювання", "tattoos"),
    "description": ("опис", "описание", "примітка", "примітки", "примечание", "примечания",
                    "коментар", "комментарий", "notes", "note", "comment", "comments",
                    "remarks"),
    "photo_url": ("фото", "фотографія", "фотография", "photo", "photo link"),
    "status": ("статус", "поточний статус", "текущий статус", "status", "current status"),
    "status_date": ("дата", "дата статусу", "дата статуса", "дата повернення",
                    "дата звільнення", "дата возвращения", "дата освобождения", "date",
                    "status date", "date of return", "date of release", "date returned",
                    "date released"),
}  # fmt: skip

_REMARK = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def header_key(header: str) -> str:
    """The folded form of a header: "П.І.Б.:" -> "піб", "Ім’я" -> "ім'я"."""
    text = _REMARK.sub(" ", fold(header)).replace("_", " ").replace("-", " ")
    text = text.replace(".", "").replace(",", " ").strip(" :*")
    return " ".join(text.split())


def _build_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for target in TARGETS:
        index[header_key(target)] = target  # "date_of_birth" and "date of birth"
    for spec in FIELDS:
        index.setdefault(header_key(spec.label), spec.name)  # "Service or serial number"
    for target, words in _SYNONYMS.items():
        for word in words:
            key = header_key(word)
            if index.get(key, target) != target:
                raise AssertionError(f"header {word!r} given to {index[key]} and {target}")
            index[key] = target
    return index


HEADER_INDEX = _build_index()


def target_of(header: str) -> str | None:
    """The field a header names, or None if Polon does not know it."""
    return HEADER_INDEX.get(header_key(header))


class MappingError(ValueError):
    """A ``--map`` option that names no field, or a column the file does not have."""


_MAP_SPLIT = re.compile(r",\s*(?=[A-Za-z_]+\s*=)")


def parse_mapping(text: str) -> dict[str, str]:
    """Read ``--map`` text, "given_names=Ім'я,surname=Прізвище", as {field: header}.

    A comma splits pairs only before another ``field=``, so a header with a comma in it
    ("surname=Прізвище, ім'я") survives. Unknown field names are refused with the list of
    valid ones: a typo must not quietly send a column to ``extra``.
    """
    mapping: dict[str, str] = {}
    for part in _MAP_SPLIT.split(text.strip()):
        name, sep, header = part.partition("=")
        name, header = name.strip(), header.strip()
        if not sep or not name or not header:
            raise MappingError(f"{part!r}: write field=Header, e.g. surname=Прізвище")
        if name not in TARGETS:
            known = ", ".join(TARGETS)
            raise MappingError(f"{name!r} is not a Polon field; the fields are: {known}")
        if name in mapping:
            raise MappingError(f"{name!r} is mapped twice")
        mapping[name] = header
    return mapping


@dataclass
class Columns:
    """What each column of a header row holds: a target field, or None (kept in ``extra``)."""

    headers: list[str]
    targets: list[str | None]
    notes: list[str] = field(default_factory=list)  # columns demoted to extra, and why

    @property
    def has_name(self) -> bool:
        return any(target in NAME_TARGETS for target in self.targets)


def resolve_columns(headers: list[str], mapping: dict[str, str] | None = None) -> Columns:
    """Assign a field to each header: ``mapping`` first, then the known header names.

    Two columns for one field (say "Прізвище" and "Прізвище (латиницею)"): the first keeps
    the field and the other goes to ``extra`` with a note, so nothing is merged silently.
    Raises ``MappingError`` when the mapping names a column that is not there.
    """
    mapping = mapping or {}
    targets: list[str | None] = [None] * len(headers)
    keys = [header_key(h) for h in headers]
    for name, wanted in mapping.items():
        found = [i for i, h in enumerate(headers) if h.strip() == wanted]
        found = found or [i for i, k in enumerate(keys) if k == header_key(wanted)]
        if not found:
            raise MappingError(
                f"--map {name}={wanted}: no such column; the columns are: "
                + ", ".join(repr(h) for h in headers)
            )
        targets[found[0]] = name
    notes: list[str] = []
    taken = {t for t in targets if t}
    for i, key in enumerate(keys):
        if targets[i] is not None:
            continue
        target = HEADER_INDEX.get(key)
        if target is None:
            continue
        if target in taken:
            notes.append(f"column {headers[i]!r} also looks like {target}; kept in extra")
            continue
        targets[i] = target
        taken.add(target)
    return Columns(headers, targets, notes)
