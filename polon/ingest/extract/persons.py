"""Persons named in a report: full names, titles and ranks, call signs, roles and units.

A name is two or three capitalised words that start with a known given name, or that follow
a title or rank ("Lt. Col. Denys Prokopenko", "Deputy Prime Minister Iryna Vereshchuk").
Later mentions by surname alone ("Kozhekin said") are the same person, so one document
yields one claim per person, with every mention's span kept beside the first.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache, lru_cache

from polon.ingest.extract import gazetteer
from polon.ingest.extract.sentences import Sentence
from polon.ingest.extract.spellings import script_of, skeleton, surname_stem

_UPPER = "A-ZÀ-ÖØ-ÞĀ-ŽА-ЯІЇЄҐЁ"
_PARTICLES = "bin|ibn|al|el|de|da|di|van|von|der|du|la|le"
# Lower-case particles inside a name: "Mohammed bin Salman", "Ursula von der Leyen".
_PARTICLE = re.compile(rf"\s+(?:{_PARTICLES})\s+")
# A capitalised word not glued to the one before. The look-behind comes after the capital it
# looks past, so that the pattern starts with a character class and the regex engine skips to
# capitals instead of trying every position. The group "next" is set (to "") when the next
# capitalised word follows after nothing but spaces or a particle on the same line (see
# _adjacent): only such a word can start a full name, and most words are not one.
_WORD_RE = re.compile(
    rf"[{_UPPER}](?<![\w'’-][{_UPPER}])[^\W\d_]*(?:['’-][^\W\d_]+)*"
    rf"(?P<next>(?=[^\S\n]+(?:(?:{_PARTICLES})[^\S\n]+)?[{_UPPER}]))?"
)
# Capitalised words that end institutions, not persons ("Defence Ministry", "National Guard").
_INSTITUTION_WORDS = frozenset(
    {
        "Ministry",
        "Forces",
        "Force",
        "Guard",
        "Headquarters",
        "Convention",
        "Conventions",
        "Nations",
        "Arabia",
        "Emirates",
        "Brigade",
        "Regiment",
        "Battalion",
        "Year",
        "Office",
        "Directorate",
        "Rights",
        "Service",
        "Council",
        "Committee",
        "Cross",
        "Union",
        "Agency",
        "Bureau",
        "Court",
        "Army",
        "Navy",
        "Fleet",
        "Corps",
        "Department",
        "Administration",
        "Government",
        "Parliament",
        "Rada",
        "Centre",
        "Center",
        "Foundation",
        "Institute",
        "University",
        "Mission",
        "Commission",
        "Republic",
        "Federation",
        "Kingdom",
        "States",
        "Region",
        "Oblast",
        "Day",
        "Eve",
        "Church",
        "Media",
        "News",
        "Press",
        "Times",
        "Post",
        "Journal",
        "Channel",
        "Network",
        "Group",
        "Initiative",
        "Project",
        "Fund",
        "Watch",
        "International",
        "Airlines",
        "Airport",
        "Station",
        "Street",
        "Square",
        "Prison",
        "Colony",
        "Hospital",
        "Plant",
        "Steelworks",
        "Works",
        "Company",
        "Staff",
        "Intelligence",
        "Security",
        "Police",
        "Prosecutor",
        "Ombudsman",
    }
)
# Words that say the capitalised words after them name a person ("his mother, Halyna Moroz").
_ROLE_CUE = re.compile(
    r"(?:\b(?:mother|father|wife|husband|son|daughter|sister|brother|fiancée?|grandmother|"
    r"grandfather|uncle|aunt|cousin|relative|parents?|ombudsman|ombudsperson|spokes(?:man|woman|"
    r"person)|journalist|reporter|activist|lawyer|commander|chief|head|leader|official|envoy|"
    r"aide|adviser|advisor|soldier|serviceman|servicewoman|marine|medic|sailor|officer|fighter|"
    r"guardsman|paratrooper|sapper|gunner|driver|volunteer|priest|director|coordinator|"
    r"representative|secretary|secretary-general|chairman|chairwoman|mayor|governor|"
    r"minister|deputy|president|king|prince|emir|sheikh|named|called|by|with)(?:'s|’s)?,?\s+)$"
)
_SPEECH_AFTER = re.compile(
    r"^(?:,\s+(?:a|an|the|who|whose|aged|\d{1,2}\b|his|her)\b|\s+(?:said|says|told|wrote|"
    r"added|noted|recalled|explained|stressed|confirmed|announced|posted|urged|warned|"
    r"according)\b|\s+\((?:\d|[" + _UPPER + r"]))"
)
_NAMED_AFTER = re.compile(r"\bnamed after\s+(?:\w+\s+)?$")
# The cues above end where the name starts; searching only this far back keeps a sentence of
# thousands of capitalised words linear (the whole prefix, searched per word, was quadratic).
_CUE_WINDOW = 120
_NOT_NAME_WORDS = {
    "The", "A", "An", "On", "In", "At", "It", "Our", "Some", "There", "After", "Among", "His",
    "Her", "Their", "This", "That", "These", "Those", "When", "While", "But", "And", "For",
    "According", "Since", "During", "Before", "Today", "Yesterday", "Earlier", "Later", "Last",
    "Meanwhile", "However", "Also", "We", "They", "He", "She", "I", "You", "Read", "Photo",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
    "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Ukrainian", "Russian", "Ukrainians", "Russians", "Kremlin", "Easter",
    "Christmas", "God", "Lord", "Mr", "Mrs", "Ms", "Dr", "Soviet", "Crimean", "Tatar", "Tatars",
    "Red", "Cross", "Telegram", "Facebook", "Instagram", "Twitter", "Reuters", "Ukrinform",
    "Both", "Each", "All", "Many", "Most", "Several", "Other", "Another", "Such", "Why", "What",
    "Who", "How", "Where", "If", "As", "By", "From", "To", "Of", "With", "Without", "Under",
}  # fmt: skip

_CALL_SIGN = re.compile(
    r"^,?\s*(?:\(|,\s*)?(?:call ?sign|nicknamed|nom de guerre)\s+[\"“']?([^\"”',)]+)"
)
_APPOSITIVE = re.compile(r"^,\s+(?:the|an?|who is)\s+([^,.;]+)")
_ROLE_BEFORE = re.compile(
    r"([A-Z][\w'’]*(?:\s+[A-Z][\w'’]*)*)\s+"
    r"(commander|officer|chief|head|spokesperson|spokesman|deputy commander|fighter|medic)"
    r",\s*$"
)
_RELEASED = re.compile(r"\breleased from (?:the )?captivity\b|\bfreed from captivity\b")
_UNIT_WORD = re.compile(r"\b(?:regiment|battalion|brigade|unit)(?:'s|’s)?\b", re.IGNORECASE)


@dataclass
class PersonMention:
    name: str
    start: int
    end: int
    sentence: Sentence
    rank: str | None = None
    position: str | None = None
    call_sign: str | None = None
    organization: str | None = None
    status: str | None = None
    mentions: list[tuple[int, int]] = field(default_factory=list)
    variants: list[str] = field(default_factory=list)

    @property
    def surname(self) -> str:
        return self.name.split()[-1]


@cache
def _title_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    titles = "|".join(re.escape(t) for t in gazetteer.load().titles)  # longest first
    return (
        re.compile(rf"(?<![A-Za-z])({titles})\s*$"),
        re.compile(rf"(?:{titles})(?![A-Za-z])"),
    )


@cache
def _title_first_words() -> frozenset[str]:
    return frozenset(re.split(r"[\s.]", title)[0] for title in gazetteer.load().titles)


def _title_before(text: str, start: int) -> tuple[str, int] | None:
    """The title or rank right before ``start`` and where it begins."""
    window = max(0, start - 60)
    match = _title_patterns()[0].search(text, window, start)
    return (match.group(1), match.start(1)) if match else None


def _title_at(text: str, position: int) -> bool:
    return _title_patterns()[1].match(text, position) is not None


@cache
def _stop_words() -> frozenset[str]:
    table = gazetteer.load()
    return frozenset(
        {alias for alias, _ in table.places} | {alias for alias, _ in table.organizations}
    )


def _trim_name(words: list[str]) -> list[str]:
    """A name stops before a word that is a place, an organization or not a name word."""
    stop = _stop_words()
    kept: list[str] = []
    for word in words:
        bare = word.removesuffix("'s").removesuffix("’s")
        if word in stop or bare in stop or word.rstrip("s'’") in stop:
            break
        if kept and bare in _NOT_NAME_WORDS:
            break
        kept.append(word)
        if bare != word:
            break  # a possessive ends the name: "Budanov's office"
    return kept


@lru_cache(maxsize=4096)  # asked several times for most capitalised words of a document
def is_given_name(word: str) -> bool:
    given = gazetteer.load().given_names
    if word in given:
        return True
    plain = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    return plain in given


def _is_name(candidate: list[str], sentence: Sentence, first: re.Match[str], title: bool) -> bool:
    """Two or more capitalised words are a name when a given name, a title or a cue says so."""
    if len(candidate) < 2 or candidate[0] in _NOT_NAME_WORDS:
        return False
    if any(w.isupper() and len(w) > 1 for w in candidate):
        return False  # acronyms: "UN", "ICRC", "HUR"
    if any(w.removesuffix("'s").removesuffix("’s") in _INSTITUTION_WORDS for w in candidate):
        return False
    if is_given_name(candidate[0]) or title:
        return True
    text = sentence.text
    if len(candidate) > 3:
        return False
    end = text.find(candidate[-1], first.start()) + len(candidate[-1])
    cue = _ROLE_CUE.search(text, max(0, first.start() - _CUE_WINDOW), first.start())
    return bool(cue or _SPEECH_AFTER.match(text[end:]))


def _full_names(sentence: Sentence) -> list[PersonMention]:
    text = sentence.text
    words = list(_WORD_RE.finditer(text))
    found: list[PersonMention] = []
    index = 0
    title_starts = _title_first_words()
    while index < len(words):
        word = words[index]
        if word.group("next") is None:
            index += 1  # a lone capitalised word is never a full name
            continue
        if word.group() in title_starts and _title_at(text, word.start()):
            index += 1
            continue
        run = _adjacent_run(text, words, index)
        # "Americans Alexander Drueke", "Office head Andriy Yermak": the name starts at its
        # given name.
        given_at = next((i for i, w in enumerate(run) if i and is_given_name(w.group())), None)
        if given_at is not None and not is_given_name(run[0].group()):
            index += given_at
            continue
        candidate = _trim_name([w.group() for w in run])
        first = run[0]
        title = _title_before(text, first.start())
        before = max(0, first.start() - _CUE_WINDOW)
        named_after = _NAMED_AFTER.search(text, before, first.start())
        if named_after or not _is_name(candidate, sentence, first, title is not None):
            index += 1
            continue
        size = len(candidate)
        particles = any(
            _PARTICLE.fullmatch(text[a.end() : b.start()])
            for a, b in zip(run, run[1:], strict=False)
        )
        if is_given_name(candidate[0]) and size > 3 and not particles:
            size = 3
        last = run[size - 1]
        local_end = last.end() - (2 if last.group().endswith(("'s", "’s")) else 0)
        name = text[first.start() : local_end]
        start = sentence.start + first.start()
        mention = PersonMention(name, start, sentence.start + local_end, sentence)
        if title is not None:
            _apply_title(mention, title[0])
        found.append(mention)
        index += size
    return found


def _adjacent_run(text: str, words: list[re.Match[str]], index: int) -> list[re.Match[str]]:
    """Capitalised words from ``index`` on separated only by spaces or a name particle."""
    run = [words[index]]
    for word in words[index + 1 : index + 5]:
        if not _adjacent(text, run[-1], word):
            break
        run.append(word)
    return run


def _adjacent(text: str, word: re.Match[str], following: re.Match[str]) -> bool:
    gap = text[word.end() : following.start()]
    return (not gap.strip() or _PARTICLE.fullmatch(gap) is not None) and "\n" not in gap


def _apply_title(mention: PersonMention, title: str) -> None:
    table = gazetteer.load()
    if title in table.ranks:
        mention.rank = table.rank_expansions.get(title, title)
    elif title not in ("Mr.", "Mrs.", "Ms.", "Dr."):
        mention.position = title


def _describe(mention: PersonMention, text: str, organizations: list[gazetteer.Hit]) -> None:
    """Read call sign, appositive role, unit and release status around a full mention."""
    local_end = mention.end - mention.sentence.start
    after = mention.sentence.text[local_end:]
    call = _CALL_SIGN.search(after)
    if call:
        mention.call_sign = call.group(1).strip()
        after = after[call.end() :].lstrip("\"”'")
    appositive = _APPOSITIVE.search(after)
    if appositive:
        role = appositive.group(1).strip()
        if _RELEASED.search(role):
            mention.status = "released"
            role = _RELEASED.split(role)[0].strip()
        mention.position = mention.position or role or None
    local_start = mention.start - mention.sentence.start
    title = _title_before(mention.sentence.text, local_start)
    before = mention.sentence.text[: title[1] if title else local_start]
    role_before = _ROLE_BEFORE.search(before)
    if role_before and not mention.position:
        mention.position = role_before.group(2)
    for hit in organizations:
        if mention.sentence.start <= hit.start < mention.sentence.end and _near(mention, hit):
            mention.organization = hit.entry.name
            break
    else:
        if mention.position and _UNIT_WORD.search(mention.position):
            # "the regiment's chief executive officer": the unit named last before the person.
            units = [h for h in organizations if h.start < mention.start and h.entry.kind == "unit"]
            if units:
                mention.organization = units[-1].entry.name


def _near(mention: PersonMention, hit: gazetteer.Hit) -> bool:
    """An organization belongs to a person when it sits in the person's own clause."""
    text = mention.sentence.text
    s0 = mention.sentence.start
    lo, hi = sorted((mention.start, hit.start))
    between = text[lo - s0 : hi - s0]
    return between.count(",") <= 2 and abs(hit.start - mention.start) < 60


_LETTERS = re.compile(r"[^\W\d_]+")


def _given(person: PersonMention) -> str | None:
    words = person.name.split()
    return words[0].casefold() if len(words) > 1 else None


def _same_person(known: PersonMention, mention: PersonMention) -> bool:
    if script_of(known.name) != script_of(mention.name):
        return skeleton(known.name) == skeleton(mention.name)
    if surname_stem(known.surname) != surname_stem(mention.surname):
        return False
    a, b = _given(known), _given(mention)
    return a is None or b is None or a == b or a[:1] == b[:1] and (len(a) <= 2 or len(b) <= 2)


_CYRILLIC_ALIAS = re.compile(
    r"^\s*\(([А-ЯІЇЄҐЁ][а-яіїєґё'’-]+(?:\s+[А-ЯІЇЄҐЁ][а-яіїєґё'’-]+){1,2})\)"
)


def find_persons(
    sentences: list[Sentence], text: str, organizations: list[gazetteer.Hit] | None = None
) -> list[PersonMention]:
    """One mention per person in the document, with all later mentions attached.

    Two full names are one person only when surnames and given names agree, because reports
    about prisoners often name relatives ("Serhiy Dovhal" and his daughter "Iryna Dovhal").
    A Cyrillic name in brackets right after a Latin one is the same person's other spelling.
    ``organizations`` are the text's organization mentions, when the caller has found them.
    """
    if organizations is None:
        organizations = gazetteer.find(text, gazetteer.load().organizations)
    persons: list[PersonMention] = []
    for sentence in sentences:
        for mention in _full_names(sentence):
            _describe(mention, text, organizations)
            previous = persons[-1] if persons else None
            if (
                previous is not None
                and _CYRILLIC_ALIAS.match(text[previous.end : mention.end + 1])
                and previous.end <= mention.start <= previous.end + 3
            ):
                previous.variants.append(mention.name)
                previous.mentions.append((mention.start, mention.end))
                continue
            known = next((p for p in reversed(persons) if _same_person(p, mention)), None)
            if known is None:
                mention.mentions.append((mention.start, mention.end))
                persons.append(mention)
                continue
            known.mentions.append((mention.start, mention.end))
            if script_of(mention.name) != script_of(known.name):
                if mention.name not in known.variants:
                    known.variants.append(mention.name)
            elif len(mention.name.split()) > len(known.name.split()):
                if known.name not in known.variants:
                    known.variants.append(known.name)
                known.name = mention.name
            elif mention.name != known.name and mention.name not in known.variants:
                known.variants.append(mention.name)
            for attr in ("rank", "position", "call_sign", "organization", "status"):
                if getattr(known, attr) is None:
                    setattr(known, attr, getattr(mention, attr))
    _attach_surnames(persons, text)
    return sorted(persons, key=lambda p: p.start)


def _attach_surnames(persons: list[PersonMention], text: str) -> None:
    """Surname-only mentions go to the person of that surname named last before them."""
    by_stem: dict[str, list[PersonMention]] = {}
    for person in persons:
        by_stem.setdefault(surname_stem(person.surname), []).append(person)
    covered = sorted(m for p in persons for m in p.mentions)
    starts = [s for s, _ in covered]
    for match in _WORD_RE.finditer(text):
        stem = surname_stem(match.group())
        family = by_stem.get(stem)
        if family is None or len(stem) < 3:
            continue
        at = bisect_right(starts, match.start()) - 1
        if at >= 0 and covered[at][1] > match.start():
            continue  # part of a full mention already counted
        end = match.end() - (2 if match.group().endswith(("'s", "’s")) else 0)
        earlier = [p for p in family if p.start <= match.start()]
        owner = max(earlier, key=lambda p: max(s for s, _ in p.mentions if s <= match.start()),
                    default=family[0])  # fmt: skip
        owner.mentions.append((match.start(), end))
    for person in persons:
        person.mentions.sort()


def person_named(persons: list[PersonMention], phrase: str) -> PersonMention | None:
    """The document's person that ``phrase`` ("Kozhekin", "President Zelensky") refers to."""
    words = {surname_stem(w) for w in _LETTERS.findall(phrase)}
    for person in persons:
        if surname_stem(person.surname) in words:
            return person
    return None
