"""Persons named in a report: full names, titles and ranks, call signs, roles and units.

A name is two or three capitalised words that start with a known given name, or that follow
a title or rank ("Lt. Col. Denys Prokopenko", "Deputy Prime Minister Iryna Vereshchuk").
Later mentions by surname alone ("Kozhekin said") are the same person, so one document
yields one claim per person, with every mention's span kept beside the first.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from polon.ingest.extract import gazetteer
from polon.ingest.extract.sentences import Sentence

_WORD = r"[A-ZА-ЯІЇЄҐ][a-zа-яіїєґ'’\-]+"
_WORD_RE = re.compile(rf"(?<![\w'’-]){_WORD}")
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
_NOT_NAME_WORDS = {"The", "A", "An", "On", "In", "At", "It", "Our", "Some", "There", "After"}


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

    @property
    def surname(self) -> str:
        return self.name.split()[-1]


def _title_before(text: str, start: int) -> tuple[str, int] | None:
    before = text[:start].rstrip()
    for title in gazetteer.load().titles:
        if before.endswith(title) and (
            len(before) == len(title) or not before[-len(title) - 1].isalpha()
        ):
            return title, len(before) - len(title)
    return None


def _title_at(text: str, position: int) -> bool:
    for title in gazetteer.load().titles:
        end = position + len(title)
        if text.startswith(title, position) and (end == len(text) or not text[end].isalpha()):
            return True
    return False


def _trim_name(words: list[str]) -> list[str]:
    # A name stops before a word that is a place, an organization or a sentence verb.
    table = gazetteer.load()
    stop = {alias for alias, _ in table.places} | {alias for alias, _ in table.organizations}
    kept: list[str] = []
    for word in words:
        if word in stop or word.rstrip("s'’") in stop:
            break
        kept.append(word)
    return kept


def _full_names(sentence: Sentence) -> list[PersonMention]:
    table = gazetteer.load()
    words = list(_WORD_RE.finditer(sentence.text))
    found: list[PersonMention] = []
    index = 0
    while index < len(words):
        if _title_at(sentence.text, words[index].start()):
            index += 1
            continue
        run = _adjacent_run(sentence.text, words, index)
        candidate = _trim_name([w.group() for w in run])
        first = run[0]
        title = _title_before(sentence.text, first.start())
        if (
            len(candidate) >= 2
            and candidate[0] not in _NOT_NAME_WORDS
            and (candidate[0] in table.given_names or title is not None)
        ):
            size = 3 if len(candidate) >= 3 and candidate[0] in table.given_names else 2
            name = " ".join(candidate[:size]).removesuffix("'s").removesuffix("’s")
            start = sentence.start + first.start()
            mention = PersonMention(name, start, start + len(name), sentence)
            if title is not None:
                _apply_title(mention, title[0])
            found.append(mention)
            index += size
        else:
            index += 1
    return found


def _adjacent_run(text: str, words: list[re.Match[str]], index: int) -> list[re.Match[str]]:
    """Capitalised words from ``index`` on that follow each other with only spaces between."""
    run = [words[index]]
    for word in words[index + 1 : index + 3]:
        if text[run[-1].end() : word.start()].strip():
            break
        run.append(word)
    return run


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


def find_persons(sentences: list[Sentence], text: str) -> list[PersonMention]:
    """One mention per person in the document, with all later mentions attached."""
    organizations = gazetteer.find(text, gazetteer.load().organizations)
    persons: dict[str, PersonMention] = {}
    for sentence in sentences:
        for mention in _full_names(sentence):
            _describe(mention, text, organizations)
            known = persons.get(mention.surname)
            if known is None:
                mention.mentions.append((mention.start, mention.end))
                persons[mention.surname] = mention
            else:
                known.mentions.append((mention.start, mention.end))
                for attr in ("rank", "position", "call_sign", "organization", "status"):
                    if getattr(known, attr) is None:
                        setattr(known, attr, getattr(mention, attr))
    _attach_surnames(persons, text)
    return sorted(persons.values(), key=lambda p: p.start)


def _attach_surnames(persons: dict[str, PersonMention], text: str) -> None:
    for surname, person in persons.items():
        stem = re.escape(surname.rstrip("y"))
        known = sorted(person.mentions)
        starts = [s for s, _ in known]
        for match in re.finditer(rf"(?<![\w-]){stem}y{{0,2}}(?:'s|’s)?(?![\w-])", text):
            at = bisect_right(starts, match.start()) - 1  # the last mention starting before it
            if at < 0 or known[at][1] <= match.start():
                person.mentions.append((match.start(), match.end()))
        person.mentions.sort()


def person_named(persons: list[PersonMention], phrase: str) -> PersonMention | None:
    """The document's person that ``phrase`` ("Kozhekin", "President Zelensky") refers to."""
    for person in persons:
        stem = person.surname.rstrip("y")
        if re.search(rf"(?<![\w-]){re.escape(stem)}y{{0,2}}(?![\w-])", phrase):
            return person
    return None
