"""Ukrainian romanisation: the national 2010 system and the older passport/press forms.

``kmu2010`` is the table of Cabinet of Ministers of Ukraine resolution No. 55 of 27 January
2010, used in passports since then and in official English (Kuleba Dmytro, Zaluzhnyi
Valerii): є ї й ю я are Ye Yi Y Yu Ya at the start of a word and ie i i iu ia elsewhere, зг is
zgh (so it is not read as ж), and the soft sign and the apostrophe are not written.

``uk_press`` is what passports before 2010 and most English-language press write: є ї й ю я
are ye yi y yu ya everywhere, which gives Kostyantyn, Serhiy, Yuriy, Oleksiy, Zelenskyy.

Russian-only letters (ы э ё ъ) get a sensible reading so a mixed list does not crash.
"""

from __future__ import annotations

VOWELS = frozenset("аеєиіїоуюяыэё")

_COMMON = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "ж": "zh",
    "з": "z", "и": "y", "і": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "'": "", "ы": "y", "э": "e", "ъ": "",
}  # fmt: skip

KMU_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya", "ё": "yo"}
KMU_INNER = {"є": "ie", "ї": "i", "й": "i", "ю": "iu", "я": "ia", "ё": "io"}
KMU2010 = _COMMON | KMU_INNER
PRESS = _COMMON | KMU_INITIAL


def kmu2010(word: str, i: int) -> str:
    """One letter of ``word`` by the 2010 national system."""
    ch = word[i]
    if i == 0 and ch in KMU_INITIAL:
        return KMU_INITIAL[ch]
    if ch == "г" and i > 0 and word[i - 1] == "з":
        return "gh"
    return KMU2010.get(ch, ch)


def uk_press(word: str, i: int) -> str:
    """One letter of ``word`` in the pre-2010 passport and press style."""
    ch = word[i]
    if ch == "ь" and i + 1 < len(word) and word[i + 1] == "о":
        return "y"  # Ковальов -> Kovalyov
    return PRESS.get(ch, ch)


# GOST 7.79-2000 system B, Ukrainian column: г g`, ґ g, є ye, и y`, і i, ї yi, ' as ''.
GOST_B_UKRAINIAN = {"г": "g`", "ґ": "g", "є": "ye", "и": "y`", "і": "i", "ї": "yi", "'": "''"}
