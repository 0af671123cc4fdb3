"""Lookups built from the given-name table: name -> class, patronymic -> father's name class.

A Latin spelling reaches its class through its skeleton: every Cyrillic form of a class is
romanised by every system of its language, and the skeletons of all those forms (and of the
table's extra Latin spellings) point to the class. A skeleton that two classes would share is
a clash; ``clashes()`` lists them so a test can keep the table free of them.

A patronymic is a father's given name plus a suffix (-ович/-евич/-ич, -івна/-овна/-евна/
-ична). Its stem is found by taking the suffix off the skeleton and matching what is left
against the stems of the men's names (the skeleton, less a final vowel or two: Mykola ->
mikol, Andrei -> andr), so Сергійович, Сергеевич, Serhiiovych and Sergeevich all lead to
Serhii. Lvovich, Yakovlevich and Ilyich (a stem too short to strip) are listed.
"""

from __future__ import annotations

from functools import cache

from polon.registry.translit import RUSSIAN_SYSTEMS, UKRAINIAN_SYSTEMS, romanise
from polon.registry.translit.given_names import GIVEN_NAMES
from polon.registry.translit.skeleton import word_key

MALE_SUFFIXES = ("ovich", "evich", "ich")
FEMALE_SUFFIXES = ("inichna", "ichna", "ovna", "evna", "ivna")
PATRONYMIC_SUFFIXES = ("ovich", "evich", "ovna", "evna", "ivna", "ichna")
IRREGULAR_STEMS = {"lv": "Lev", "iakovl": "Yakiv", "il": "Illia"}  # Львович, Яковлевич, Ильич


def class_id(ukrainian_forms: str) -> str:
    """The id of a class: its first Ukrainian form by the 2010 national system."""
    return romanise(ukrainian_forms.split()[0], "kmu2010")


def member_forms(ukrainian: str, russian: str, extra: str) -> list[str]:
    """Every spelling of one class: the Cyrillic forms and each system's romanisation."""
    forms = [*ukrainian.split(), *russian.split(), *extra.split()]
    for form in ukrainian.split():
        forms += [romanise(form, system) for system in UKRAINIAN_SYSTEMS]
    for form in russian.split():
        forms += [romanise(form, system) for system in RUSSIAN_SYSTEMS]
    return forms


@cache
def _tables() -> tuple[dict[str, str], dict[str, set[str]], dict[str, str | None]]:
    index: dict[str, str] = {}
    owners: dict[str, set[str]] = {}
    stems: dict[str, str | None] = dict(IRREGULAR_STEMS)
    for sex, ukrainian, russian, extra in GIVEN_NAMES:
        cid = class_id(ukrainian)
        for form in member_forms(ukrainian, russian, extra):
            key = word_key(form)
            owners.setdefault(key, set()).add(cid)
            index.setdefault(key, cid)
            if sex == "m":
                for stem in stem_candidates(key):
                    stems[stem] = cid if stems.get(stem, cid) == cid else None
    for key, ids in owners.items():
        if len(ids) > 1:
            index.pop(key, None)
    return index, owners, stems


def stem_candidates(key: str) -> list[str]:
    """The key, then the key less one and two final vowels (mikolai, mikola, mikol)."""
    out = [key]
    for _ in range(2):
        if len(key) > 3 and key[-1] in "aoei":
            key = key[:-1]
            out.append(key)
    return out


def given_class_of_key(key: str) -> str | None:
    """The class whose spellings have this skeleton, or None."""
    return _tables()[0].get(key)


def clashes() -> dict[str, list[str]]:
    """Skeletons that more than one class claims (the table should have none)."""
    return {key: sorted(ids) for key, ids in _tables()[1].items() if len(ids) > 1}


def stem_clashes() -> list[str]:
    """Patronymic stems that two men's names share, so they resolve to neither."""
    return sorted(stem for stem, cid in _tables()[2].items() if cid is None)


def patronymic_suffix(key: str) -> str | None:
    """The patronymic suffix the skeleton ends with, if any (with two letters of stem)."""
    for suffix in PATRONYMIC_SUFFIXES:
        if key.endswith(suffix) and len(key) >= len(suffix) + 2:
            return suffix
    return None


def father_class(key: str) -> tuple[str | None, str | None]:
    """(class of the father's name, stem skeleton) for a patronymic's skeleton.

    Longer suffixes are tried first; a stem that no man's name has gives (None, stem).
    """
    stems = _tables()[2]
    fallback: str | None = None
    for suffix in (*FEMALE_SUFFIXES, *MALE_SUFFIXES):
        if not key.endswith(suffix) or len(key) < len(suffix) + 2:
            continue
        stem = key[: -len(suffix)]
        fallback = fallback or stem
        for candidate in stem_candidates(stem):
            if stems.get(candidate):
                return stems[candidate], stem
    return None, fallback
