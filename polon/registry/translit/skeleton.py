"""The skeleton of one name word: what its Cyrillic form and every romanisation share.

A skeleton is a string of sound classes written in plain Latin letters. It is reached from
both sides:

- Cyrillic letters map to classes by one table for Ukrainian and Russian together: г and ґ
  give ``g`` (Ukrainian Hryhorii, Russian Grigory), и і ї ы й give ``i``, я ю є give ``i`` +
  vowel, щ gives ``shch``, the soft and hard signs give nothing.
- Latin letters are read back by longest match: shch zh kh ts ch sh, ya/ia/ja and yu/iu/ju,
  x as ks, h and g as ``g``, y i j as ``i``; scholarly letters (č š ž ŝ ê û â) map to the
  same classes, and in a word written with háčeks ``ch`` is х, as in Czech-style spelling.

Three folds then remove what systems disagree on: a run of one class counts once (ii, yy,
iy, ll); ``i`` before ``e`` is dropped (Ye/Ie/E at the start, Sergeyevich/Sergeevich,
Vasiliev/Vasilev); and ``i`` + ``o`` after a letter is ``e``, because that is how the
systems and languages write ё: Fyodor/Fedor, Solovyov/Solovev/Соловйов, and the Ukrainian
patronymic Serhiiovych meets the Russian Sergeyevich. Different consonants and vowels stay
different, so Kovalenko and Kovalchuk, Ivanov and Ivanova keep their own skeletons.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Symbols, not letters: a Cyrillic letter may give two (я -> i, a) and the folds work on them.
CYRILLIC: dict[str, tuple[str, ...]] = {
    "а": ("a",), "б": ("b",), "в": ("v",), "г": ("g",), "ґ": ("g",), "д": ("d",),
    "е": ("e",), "є": ("i", "e"), "ё": ("e",), "ж": ("zh",), "з": ("z",), "и": ("i",),
    "і": ("i",), "ї": ("i",), "й": ("i",), "к": ("k",), "л": ("l",), "м": ("m",),
    "н": ("n",), "о": ("o",), "п": ("p",), "р": ("r",), "с": ("s",), "т": ("t",),
    "у": ("u",), "ф": ("f",), "х": ("kh",), "ц": ("ts",), "ч": ("ch",), "ш": ("sh",),
    "щ": ("sh", "ch"), "ъ": (), "ы": ("i",), "ь": (), "э": ("e",), "ю": ("i", "u"),
    "я": ("i", "a"), "ў": ("u",),
}  # fmt: skip

LATIN: dict[str, tuple[str, ...]] = {
    "a": ("a",), "b": ("b",), "d": ("d",), "e": ("e",), "f": ("f",), "g": ("g",),
    "h": ("g",), "i": ("i",), "j": ("i",), "k": ("k",), "l": ("l",), "m": ("m",),
    "n": ("n",), "o": ("o",), "p": ("p",), "q": ("k",), "r": ("r",), "s": ("s",),
    "t": ("t",), "u": ("u",), "v": ("v",), "w": ("v",), "x": ("k", "s"), "y": ("i",),
    "z": ("z",),
    # scholarly, ISO 9 and BGN letters, and the accents of other Latin alphabets
    "č": ("ch",), "ć": ("ch",), "ĉ": ("ch",), "š": ("sh",), "ś": ("s",), "ž": ("zh",),
    "ź": ("z",), "ż": ("zh",), "ŝ": ("sh", "ch"), "ê": ("i", "e"), "ě": ("i", "e"),
    "ë": ("e",), "é": ("e",), "è": ("e",), "ï": ("i",), "ì": ("i",), "í": ("i",),
    "î": ("i",), "ý": ("i",), "û": ("i", "u"), "ü": ("u",), "ú": ("u",), "ù": ("u",),
    "ů": ("u",), "ŭ": ("u",), "â": ("i", "a"), "á": ("a",), "à": ("a",), "ä": ("a",),
    "ó": ("o",), "ò": ("o",), "ô": ("o",), "ö": ("o",), "ǵ": ("g",), "ĝ": ("g",),
    "ñ": ("n",), "ń": ("n",), "ň": ("n",), "ł": ("l",), "ľ": ("l",), "ĺ": ("l",),
    "ŕ": ("r",), "ř": ("r",), "ť": ("t",), "ď": ("d",), "ç": ("s",),
}  # fmt: skip

# Several Latin letters for one sound, longest first. "cz" is GOST 7.79 B's ц.
DIGRAPHS: dict[str, tuple[str, ...]] = {
    "schtsch": ("sh", "ch"), "shch": ("sh", "ch"), "tsch": ("ch",), "shh": ("sh", "ch"),
    "sch": ("sh",), "zh": ("zh",), "kh": ("kh",), "ts": ("ts",), "tz": ("ts",),
    "cz": ("ts",), "ch": ("ch",), "sh": ("sh",), "ph": ("f",), "ck": ("k",), "gh": ("g",),
}  # fmt: skip
_DIGRAPH_LENGTHS = sorted({len(d) for d in DIGRAPHS}, reverse=True)
_DIGRAPH_STARTS = frozenset(d[0] for d in DIGRAPHS)
_CZECH_STYLE = frozenset("čšžěřŭ")

# Letters that look alike; a word typed with a few letters of the other alphabet is repaired.
_LATIN_LOOKALIKE = dict(zip("aceiopxykmt", "асеіорхукмт", strict=True))
_CYRILLIC_LOOKALIKE = {v: k for k, v in _LATIN_LOOKALIKE.items()}
_IGNORED = frozenset("'’ʼ`ʹʺ´‘\"”“·.")


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def _digraph_at(word: str, i: int) -> str | None:
    if word[i] not in _DIGRAPH_STARTS:
        return None
    for length in _DIGRAPH_LENGTHS:
        if word[i : i + length] in DIGRAPHS:
            return word[i : i + length]
    return None


def _latin_symbols(word: str) -> list[str]:
    czech = not _CZECH_STYLE.isdisjoint(word)
    out: list[str] = []
    i, n = 0, len(word)
    while i < n:
        ch = word[i]
        digraph = _digraph_at(word, i)
        if digraph is not None:
            out.extend(("kh",) if digraph == "ch" and czech else DIGRAPHS[digraph])
            i += len(digraph)
            continue
        if ch == "c":
            out.append("ts" if word[i + 1 : i + 2] in ("e", "i", "y") else "k")
        elif ch in LATIN:
            out.extend(LATIN[ch])
        else:
            out.extend(LATIN.get(unicodedata.normalize("NFKD", ch)[0], ()))
        i += 1
    return out


def _fold(symbols: list[str]) -> str:
    out: list[str] = []
    for symbol in symbols:
        if symbol == "o" and len(out) > 1 and out[-1] == "i":
            out.pop()  # ё as yo/io/йо after a letter: Fyodor, Solovyov, Соловйов -> e
            symbol = "e"
        if symbol == "e" and out and out[-1] == "i":
            out.pop()
        if out and out[-1] == symbol:
            continue
        out.append(symbol)
    return "".join(out)


def skeleton(part: str) -> str:
    """The skeleton of one word without hyphens (already case-folded)."""
    letters = [ch for ch in part if ch.isalpha() and ch not in _IGNORED]
    cyrillic = sum(1 for ch in letters if _is_cyrillic(ch))
    if cyrillic * 2 >= len(letters) and cyrillic:
        letters = [_LATIN_LOOKALIKE.get(ch, ch) for ch in letters]
        symbols = [s for ch in letters for s in CYRILLIC.get(ch, ())]
    else:
        word = "".join(_CYRILLIC_LOOKALIKE.get(ch, ch) for ch in letters)
        symbols = _latin_symbols(word)
    return _fold(symbols)


_HYPHENS = str.maketrans({"‐": "-", "‑": "-", "–": "-", "—": "-"})


@lru_cache(maxsize=1 << 19)
def word_key(word: str) -> str:
    """The skeleton of a name word; hyphenated parts keep their hyphen (Rimsky-Korsakov).

    Several words (separated by spaces) give their skeletons separated by one space. Cached:
    a linkage run keys the same few hundred thousand words millions of times.
    """
    words = word.casefold().translate(_HYPHENS).split()
    keys = ("-".join(k for k in map(skeleton, w.split("-")) if k) for w in words)
    return " ".join(k for k in keys if k)
