"""Matching keys for names across alphabets, romanisation systems and languages.

One prisoner is "Костянтин Кожекін" in a Ukrainian report, "Kozhekin Kostiantyn" on an
exchange list, "Konstantyn Kozhekin" in the English press and "Кожекин Константин" on a
Russian list. These keys say that those are one name:

- ``token_key(word)``: the skeleton of one name word, equal for its Cyrillic form in either
  language and every romanisation of it (Кожекін / Кожекин / Kozhekin -> ``kozhekin``), so it
  can block and index.
- ``given_class(word)``: the class of a given name across Ukrainian and Russian (Костянтин /
  Kostiantyn / Konstantin / Константин -> ``Kostiantyn``), or None if not in the table.
- ``given_key(word)``: ``given_class(word)`` or, for names outside the table, ``token_key``.
  Class ids are capitalised and skeletons are not, so the two never collide.
- ``is_patronymic(word)`` and ``patronymic_key(word)``: Сергійович / Сергеевич / Serhiiovych
  / Sergeevich -> ``Serhii`` (the father's name class).
- ``parse_name(text)``: surname, given name, patronymic and call sign, whichever order the
  text uses.

The tables live in ``polon.registry.translit``; see docs/names.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from polon.registry.translit.classes import (
    father_class,
    given_class_of_key,
    patronymic_suffix,
)
from polon.registry.translit.skeleton import word_key


@dataclass(frozen=True)
class ParsedName:
    surname: str | None
    given: str | None
    patronymic: str | None = None
    other: tuple[str, ...] = field(default_factory=tuple)
    call_sign: str | None = None


def token_key(word: str) -> str:
    """The skeleton of a name word (hyphenated parts keep the hyphen); cached per word."""
    return word_key(word)


@lru_cache(maxsize=1 << 18)
def given_class(word: str) -> str | None:
    """The Ukrainian/Russian class of a given name (``Serhii`` for Sergei), or None."""
    return given_class_of_key(word_key(word))


def given_key(word: str) -> str:
    """The class of a given name if the table has it, else its skeleton."""
    return given_class(word) or token_key(word)


_IRREGULAR_PATRONYMICS = frozenset({"lvovich", "lvovna", "iakovlevich", "iakovlevna"})


@lru_cache(maxsize=1 << 18)
def is_patronymic(word: str) -> bool:
    """Whether a word has a patronymic's form (-ович/-евич/-ivna/-ovna/-ична, Ильич...).

    The suffix alone decides, so a surname built the same way (Yanukovych) is one too;
    ``parse_name`` also weighs where the word stands.
    """
    key = word_key(word)
    if patronymic_suffix(key) or key in _IRREGULAR_PATRONYMICS:
        return True
    # -ич alone is a patronymic only on a known name (Ильич, Кузьмич, Лукич), not on a
    # surname such as Рабинович or Шевчик.
    return key.endswith("ich") and father_class(key)[0] is not None


@lru_cache(maxsize=1 << 18)
def patronymic_key(word: str) -> str | None:
    """The father's name class (``Serhii``) for a patronymic; its stem skeleton if the
    name is not in the table; None if the word is not a patronymic.

    Son's and daughter's forms share the key (Сергійович, Сергіївна, Sergeevna -> Serhii).
    """
    if not is_patronymic(word):
        return None
    cid, stem = father_class(word_key(word))
    return cid or stem


# Call signs: «Редіс», "Redis", 'Redis', or after "call sign" / "позивний" / "позывной".
_CALL_SIGN_WORD = r"(?:call[\s-]?sign|callsign|c/s|nom\s+de\s+guerre|позивн\w*|позывн\w*)"
_LABELLED = re.compile(
    rf"\(?\s*(?:(?:with\s+(?:the\s+)?|під\s+|з\s+|с\s+)?{_CALL_SIGN_WORD})\s*[:\-–—]?\s*"
    r"[«\"“„‘']?(?P<sign>[^«»\"“”„‘’()',;]+?)[»\"”“’']?\s*(?:\)|(?=[,;])|$)",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"(?<![\w'’ʼ])[«\"“„‘'](?P<sign>[^«»\"“”„‘’']+)[»\"”“’'](?![\w])")
_PARENS = re.compile(r"\(([^()]*)\)")
_INITIAL = re.compile(r"^[^\W\d_]\.$")
_STRIP = '.,;:!?()[]{}«»"“”„'
_SURNAME_ENDINGS = ("enko", "uk", "ski", "ska", "ov", "ova", "ev", "eva", "in", "ina", "ko")


def _split_call_sign(text: str) -> tuple[str, str | None]:
    for pattern in (_LABELLED, _QUOTED):
        match = pattern.search(text)
        if match:
            rest = (text[: match.start()] + " " + text[match.end() :]).strip(" ,;")
            return rest, match.group("sign").strip()
    return text, None


def _words(text: str) -> list[str]:
    words: list[str] = []
    for raw in text.split():
        if re.fullmatch(r"(?:[^\W\d_]\.){2,}", raw):  # К.С. -> К. С.
            words += [ch + "." for ch in raw.split(".") if ch]
            continue
        word = raw.strip(_STRIP) if not _INITIAL.match(raw) else raw
        if word and any(ch.isalpha() for ch in word):
            words.append(word)
    return words


def _caps(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) > 1 and all(ch.isupper() for ch in letters)


def _cyrillic(words: list[str]) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for w in words for ch in w)


def _score(given: str, surname: str, slot: str | None, caps: bool) -> int:
    """How well the words fit the slots of one reading order (higher is better)."""
    score = 0
    if given_class(given):
        score += 3
    if given_class(surname):
        score -= 2
    if slot is not None and is_patronymic(slot):
        score += 4
    if is_patronymic(given):
        score -= 4
    if is_patronymic(surname):
        score -= 2
    if caps and _caps(surname):
        score += 5
    if token_key(surname).endswith(_SURNAME_ENDINGS):
        score += 1
    if token_key(given).endswith(_SURNAME_ENDINGS) and not given_class(given):
        score -= 1
    return score


def _with_initials(words: list[str]) -> tuple[str | None, str | None, str | None, list[str]]:
    names = [w for w in words if not _INITIAL.match(w)]
    initials = [w for w in words if _INITIAL.match(w)]
    surname = names[0] if names else None
    given = initials[0] if initials else None
    patronymic = initials[1] if len(initials) > 1 else None
    return surname, given, patronymic, [*names[1:], *initials[2:]]


def _ordered(words: list[str]) -> tuple[str | None, str | None, str | None, list[str]]:
    if any(_INITIAL.match(w) for w in words):
        return _with_initials(words)
    if len(words) == 1:
        word = words[0]
        if given_class(word) and not _caps(word):
            return None, word, None, []
        return word, None, None, []
    caps = not all(_caps(w) for w in words)
    three = len(words) >= 3
    given_first = _score(words[0], words[-1], words[1] if len(words) == 3 else None, caps)
    surname_first = _score(words[1], words[0], words[2] if three else None, caps)
    if given_first == surname_first:
        use_given_first = not (_cyrillic(words) and len(words) == 3)
    else:
        use_given_first = given_first > surname_first
    if use_given_first:
        given, surname, middle = words[0], words[-1], words[1:-1]
    else:
        surname, given, middle = words[0], words[1], words[2:]
    patronymic = middle[0] if middle and is_patronymic(middle[0]) else None
    return surname, given, patronymic, middle[1:] if patronymic else middle


def parse_name(text: str) -> ParsedName:
    """Surname, given name, patronymic and call sign of a person's name as written.

    The order is read from the words, not assumed: a comma after the first word or a word in
    capitals marks the surname (KOZHEKIN Kostiantyn, Kozhekin, Kostiantyn); a patronymic
    follows the given name; a word in the given-name table is the given name. When nothing
    tells, Latin text is read given name first and a three-word Cyrillic list entry surname
    first (Кожекин Константин Сергеевич). Words that fit no slot go to ``other``.
    """
    rest, call_sign = _split_call_sign(" ".join(text.split()))
    other: list[str] = []
    for inner in _PARENS.findall(rest):
        other += _words(inner)
    rest = _PARENS.sub(" ", rest)
    parts = [p for p in (p.strip() for p in rest.split(",")) if p]
    if not parts:
        return ParsedName(None, None, None, tuple(other), call_sign)
    first, tail = _words(parts[0]), parts[1:]
    if len(first) == 1 and tail and 1 <= len(_words(tail[0])) <= 3:
        # "Kozhekin, Kostiantyn Serhiiovych": the comma closes the surname.
        names = _words(tail[0])
        surname, given = first[0], names[0]
        patronymic = names[1] if len(names) > 1 and is_patronymic(names[1]) else None
        middle = names[2:] if patronymic else names[1:]
        tail = tail[1:]
    else:
        surname, given, patronymic, middle = _ordered(first)
    for part in tail:
        middle += _words(part)
    return ParsedName(surname, given, patronymic, (*middle, *other), call_sign)
