"""What every extraction rule reads: the sentences, and the dates, counts, persons,
organizations and places found in them, each located once for the whole document."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from polon.ingest.dates import (
    PRECISION_RANK,
    DateMention,
    FuzzyDate,
    Precision,
    find_dates,
    finer,
)
from polon.ingest.extract import gazetteer
from polon.ingest.extract.persons import PersonMention, find_persons, person_named
from polon.ingest.extract.sentences import Sentence, split_sentences
from polon.ingest.numbers import Quantity, find_quantities

_ACCORDING = re.compile(r"\b[Aa]ccording to ([^,.;]+)")
_SAYS_AT_END = re.compile(
    r",\s*([^,]+?)\s+(?:says|said|reported|reports|stated|announced|told [\w ]+?)"
    r"(?:\s+on [^,.]+)?\.?[\"”]?$"
)
_SAYS_AT_START = re.compile(
    r"^(?:On [^,]+,\s*)?([A-Z][^,]*?)\s+(?:said|says|stated|announced|reported|told)\b"
)
_CONTEXT_PLACE = re.compile(r"\bthe (?:plant|steelworks|factory|facility|colony|camp|prison)\b")


class _Located(Protocol):
    start: int


_T = TypeVar("_T", bound=_Located)


def _within(items: list[_T], starts: list[int], sentence: Sentence) -> list[_T]:
    """Items starting inside ``sentence``; ``starts`` is the sorted list of their starts.

    A bisection rather than a scan keeps a document of thousands of sentences linear.
    """
    return items[bisect_left(starts, sentence.start) : bisect_left(starts, sentence.end)]


def _sorted(items: list[_T]) -> list[_T]:
    return sorted(items, key=lambda item: item.start)


@dataclass(frozen=True)
class ToldEvent:
    kind: str
    place: dict[str, Any]
    date: FuzzyDate


@dataclass
class Context:
    text: str
    reference: dt.date | None
    sentences: list[Sentence]
    dates: list[DateMention]
    quantities: list[Quantity]
    persons: list[PersonMention]
    organizations: list[gazetteer.Hit]
    places: list[gazetteer.Hit]
    # Filled as rules run, so later sentences can refer back ("At that time", "the plant").
    # Dated events told so far, by (kind, place name), most recently told last.
    events_told: dict[tuple[str, str], ToldEvent] = field(default_factory=dict)
    last_exchange_date: FuzzyDate | None = None
    _starts: dict[str, list[int]] = field(default_factory=dict)
    # Per-document indexes a rule builds once on first use, by the rule's own key.
    memo: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in ("dates", "quantities", "places", "organizations"):
            items = _sorted(getattr(self, name))
            setattr(self, name, items)
            self._starts[name] = [item.start for item in items]

    @classmethod
    def build(cls, text: str, reference: dt.date | None) -> Context:
        table = gazetteer.load()
        sentences = split_sentences(text)
        dates = find_dates(text, reference)
        organizations = gazetteer.find(text, table.organizations)
        return cls(
            text=text,
            reference=reference,
            sentences=sentences,
            dates=dates,
            quantities=find_quantities(text, [(d.start, d.end) for d in dates]),
            persons=find_persons(sentences, text, organizations),
            organizations=organizations,
            places=gazetteer.find(text, table.places),
        )

    def dates_in(self, sentence: Sentence) -> list[DateMention]:
        return _within(self.dates, self._starts["dates"], sentence)

    def quantities_in(self, sentence: Sentence) -> list[Quantity]:
        return _within(self.quantities, self._starts["quantities"], sentence)

    def places_in(self, sentence: Sentence) -> list[gazetteer.Hit]:
        return _within(self.places, self._starts["places"], sentence)

    def organizations_in(self, sentence: Sentence) -> list[gazetteer.Hit]:
        return _within(self.organizations, self._starts["organizations"], sentence)

    def sentence_date(self, sentence: Sentence) -> DateMention | None:
        """The date the sentence is about: its finest resolved date that is not a period
        ("Earlier this month, on Feb. 4" is Feb. 4), the first of equally fine ones."""
        best = None
        for mention in self.dates_in(sentence):
            if mention.date is None or mention.basis == "period":
                continue
            if (
                best is None
                or PRECISION_RANK[mention.date.precision] > PRECISION_RANK[best.date.precision]
            ):
                best = mention
        return best

    def tell_event(self, kind: str, place: dict[str, Any], date: FuzzyDate) -> None:
        """Remember a dated event; a second telling keeps the finer date and becomes latest."""
        key = (kind, place["name"])
        known = self.events_told.pop(key, None)
        self.events_told[key] = ToldEvent(kind, place, finer(known.date, date) if known else date)

    def event_date(self, kind: str, place_name: str | None = None) -> FuzzyDate | None:
        """The date of the event of ``kind`` (at ``place_name``) told so far, if any."""
        for (told_kind, told_place), told in self.events_told.items():
            if told_kind == kind and place_name in (None, told_place):
                return told.date
        return None

    def published(self) -> FuzzyDate | None:
        return FuzzyDate(self.reference, Precision.DAY) if self.reference else None

    def attribution(self, sentence: Sentence) -> str | None:
        """Who the sentence says it is quoting, as a person's full name or as written."""
        text = sentence.text
        for pattern in (_ACCORDING, _SAYS_AT_END, _SAYS_AT_START):
            match = pattern.search(text)
            if match:
                return self._speaker(match.group(1))
        return None

    def _speaker(self, phrase: str) -> str:
        person = person_named(self.persons, phrase)
        if person is not None:
            return person.name
        return re.sub(r"^(?:the|a|an)\s+", "", phrase.strip(), flags=re.IGNORECASE)

    def place_for(self, sentence: Sentence) -> gazetteer.Hit | None:
        """A place named in the sentence, or the facility last named before "the plant"."""
        here = [p for p in self.places_in(sentence) if p.entry.kind != "country"]
        facilities = [p for p in here if p.entry.kind == "facility"]
        if facilities or here:
            return (facilities or here)[0]
        if _CONTEXT_PLACE.search(sentence.text):
            earlier = self.places[: bisect_left(self._starts["places"], sentence.start)]
            return next((p for p in reversed(earlier) if p.entry.kind == "facility"), None)
        return None
