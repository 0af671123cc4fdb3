"""Romanisation of Ukrainian and Russian names, by the systems their lists are written in.

A prisoner's name reaches the registry in Cyrillic (Ukrainian or Russian lists) and in Latin
letters written by several systems; ``romanise`` gives one system's form, and
``latin_variants`` every form that a system applicable to the text's language would give, so
a search or a linkage step can compare like with like. The tables are written from the
published standards (see each module) and are plain dictionaries: no dependency at run time.
"""

from __future__ import annotations

import re

from polon.registry.translit import russian, ukrainian
from polon.registry.translit.engine import Rule, apply, is_cyrillic

UKRAINIAN_SYSTEMS: dict[str, Rule] = {
    "kmu2010": ukrainian.kmu2010,
    "uk_press": ukrainian.uk_press,
}
RUSSIAN_SYSTEMS: dict[str, Rule] = {
    "icao9303": russian.icao9303,
    "bgn_pcgn": russian.bgn_pcgn,
    "gost779b": russian.gost779b,
    "ru_press": russian.ru_press,
}
SYSTEMS: tuple[str, ...] = (*UKRAINIAN_SYSTEMS, *RUSSIAN_SYSTEMS)
ALIASES = {"uk_passport_2007": "uk_press", "passport2007": "uk_press", "gost": "gost779b"}

_UKRAINIAN_ONLY = frozenset("іїєґ")
_RUSSIAN_ONLY = frozenset("ыэёъ")
_APOSTROPHE_IN_WORD = re.compile("[\u0400-\u04ff]['’ʼ][\u0400-\u04ff]")


def detect_language(text: str) -> str | None:
    """'uk' or 'ru' from letters only one alphabet has (і ї є ґ / ы э ё ъ), else None.

    An apostrophe inside a Cyrillic word (Знам'янка) is Ukrainian too: Russian writes ъ.
    """
    letters = set(text.lower())
    uk = bool(letters & _UKRAINIAN_ONLY) or bool(_APOSTROPHE_IN_WORD.search(text))
    ru = bool(letters & _RUSSIAN_ONLY)
    if uk == ru:
        return None
    return "uk" if uk else "ru"


def romanise(text: str, system: str) -> str:
    """``text`` with its Cyrillic letters written by ``system`` (one of ``SYSTEMS``).

    GOST 7.79 system B has a Ukrainian column of its own; it is used when the text has a
    letter only Ukrainian has.
    """
    system = ALIASES.get(system, system)
    if system == "gost779b" and detect_language(text) == "uk":
        return apply(text, russian.gost779b_ukrainian)
    rule = UKRAINIAN_SYSTEMS.get(system) or RUSSIAN_SYSTEMS.get(system)
    if rule is None:
        raise ValueError(f"unknown romanisation system {system!r}; known: {', '.join(SYSTEMS)}")
    return apply(text, rule)


def latin_variants(text: str, language: str | None = None) -> dict[str, str]:
    """System name -> form, for every system that applies to the language of ``text``.

    The language is read from the letters unless given: і ї є ґ mean Ukrainian, ы э ё ъ mean
    Russian, and a text with neither (Кожекин, Денис) gets both languages' systems. A text
    with no Cyrillic letter has no variants.
    """
    if not any(is_cyrillic(ch) for ch in text):
        return {}
    language = language or detect_language(text)
    systems: list[str] = []
    if language in (None, "uk"):
        systems += UKRAINIAN_SYSTEMS
    if language in (None, "ru"):
        systems += RUSSIAN_SYSTEMS
    return {system: romanise(text, system) for system in systems}


__all__ = ["SYSTEMS", "detect_language", "latin_variants", "romanise"]
