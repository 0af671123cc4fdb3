"""Russian romanisation: ICAO Doc 9303, BGN/PCGN 1947, GOST 7.79-2000 system B, press.

``icao9303`` is the machine-readable-passport table of ICAO Doc 9303 part 3, used in Russian
passports since 2013: ё e, й i, ц ts, ъ ie, ы y, ь not written, э e, ю iu, я ia (Юрий ->
Iurii). Its Ukrainian letters (є ie, і i, ї i, ґ g) are kept too.

``bgn_pcgn`` is the 1947 BGN/PCGN system of English-language maps and agencies: е and ё are
ye and yë at the start of a word and after a vowel, й, ъ or ь; ь and ъ are ’ and ”; a middle
dot keeps apart letters that would read as a digraph (т·с, ш·ч, й·а, ы·у, ·э after a
consonant, ·ы after a vowel).

``gost779b`` is system B (Latin letters only, no diacritics) of GOST 7.79-2000: ц is c
before е и ы й і and cz elsewhere, щ shh, х x, ы y`, э e`, ь `, ъ ``.

``ru_press`` is the common English press form: Sergey, Yevgeny, Fyodor, Dmitry, Zelensky,
Vasilyev, Ilyin.
"""

from __future__ import annotations

from polon.registry.translit.ukrainian import GOST_B_UKRAINIAN

VOWELS = frozenset("аеёиоуыэюяєіїы")
CONSONANTS = frozenset("бвгґджзклмнпрстфхцчшщ")

_BASE = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ж": "zh",
    "з": "z", "и": "i", "і": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ы": "y", "э": "e", "'": "",
}  # fmt: skip

ICAO9303 = _BASE | {
    "ё": "e", "й": "i", "ъ": "ie", "ь": "", "ю": "iu", "я": "ia", "є": "ie", "ї": "i",
}  # fmt: skip

BGN_PCGN = _BASE | {
    "ё": "ë", "й": "y", "ъ": "”", "ь": "’", "ю": "yu", "я": "ya", "є": "ye", "ї": "yi",
}  # fmt: skip
_BGN_Y_AFTER = VOWELS | {"й", "ъ", "ь"}

GOST779B = _BASE | {
    "ё": "yo", "й": "j", "х": "x", "ц": "cz", "щ": "shh", "ъ": "``", "ы": "y`", "ь": "`",
    "э": "e`", "ю": "yu", "я": "ya", "є": "ye", "ї": "yi",
}  # fmt: skip
_GOST_C_BEFORE = frozenset("еиыйі")

RU_PRESS = _BASE | {
    "ё": "yo", "й": "y", "ъ": "", "ь": "", "ю": "yu", "я": "ya", "є": "ye", "ї": "yi",
}  # fmt: skip


def _prev(word: str, i: int) -> str:
    return word[i - 1] if i > 0 else ""


def _next(word: str, i: int) -> str:
    return word[i + 1] if i + 1 < len(word) else ""


def icao9303(word: str, i: int) -> str:
    """One letter of ``word`` by ICAO Doc 9303."""
    return ICAO9303.get(word[i], word[i])


def bgn_pcgn(word: str, i: int) -> str:
    """One letter of ``word`` by BGN/PCGN 1947, with its ye/yë and middle-dot rules."""
    ch, prev, nxt = word[i], _prev(word, i), _next(word, i)
    if ch in "её" and (prev == "" or prev in _BGN_Y_AFTER):
        return "ye" if ch == "е" else "yë"
    if ch == "ы" and prev in VOWELS:
        return "·y"
    if ch == "э" and prev in CONSONANTS:
        return "·e"
    if ch in "йы" and nxt in ("а", "у", "ы", "э"):
        return "y·"
    if ch == "т" and nxt == "с":
        return "t·"
    if ch == "ш" and nxt == "ч":
        return "sh·"
    return BGN_PCGN.get(ch, ch)


def gost779b(word: str, i: int) -> str:
    """One letter of a Russian ``word`` by GOST 7.79-2000 system B."""
    ch = word[i]
    if ch == "ц" and _next(word, i) in _GOST_C_BEFORE:
        return "c"
    return GOST779B.get(ch, ch)


def gost779b_ukrainian(word: str, i: int) -> str:
    """One letter of a Ukrainian ``word`` by GOST 7.79-2000 system B (its Ukrainian column)."""
    ch = word[i]
    if ch in GOST_B_UKRAINIAN:
        return GOST_B_UKRAINIAN[ch]
    return gost779b(word, i)


def ru_press(word: str, i: int) -> str:
    """One letter of ``word`` the way English-language press usually writes Russian names."""
    ch, prev, nxt = word[i], _prev(word, i), _next(word, i)
    if ch == "е":
        return "ye" if prev == "" or prev in VOWELS or prev in "ьъ" else "e"
    if ch == "ё":
        return "e" if prev in ("ж", "ч", "ш", "щ") else "yo"
    if ch in "иы" and nxt == "й" and i + 2 == len(word):
        return "y"  # -ий, -ый at the end: Dmitry, Zelensky, Bely
    if ch == "й" and prev in ("и", "ы") and i + 1 == len(word):
        return ""
    if ch == "ь" and nxt == "и":
        return "y"  # Ильин -> Ilyin
    return RU_PRESS.get(ch, ch)
