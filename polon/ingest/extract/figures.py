"""Figures: stated counts of people, with what they measure, as of when, and who said so.

The measure comes from the verb of the sentence (held, left a place, captured, returned,
died, missing). The as-of date is, in order: an explicit "as of", the date the sentence
gives (for "X said on June 6 that …" the day of the statement), the date of the event the
count belongs to ("2,449 left Azovstal" — the Azovstal surrender), else the publication date.
"""

from __future__ import annotations

import re

from polon.ingest.claims import CandidateClaim
from polon.ingest.dates import FuzzyDate
from polon.ingest.extract.context import Context
from polon.ingest.extract.groups import group_after
from polon.ingest.extract.sentences import Sentence

_MEASURES = [
    ("left", re.compile(r"\bleft (?:the territory of |the )?")),
    ("held", re.compile(
        r"\b(?:in (?:Russian |Russia's )?captivity|holding|holds|keeps|kept|held|detained|"
        r"imprisoned|remain(?:s|ed)? in captivity)\b"
    )),
    ("surrendered", re.compile(r"\bsurrendered\b")),
    ("captured", re.compile(r"\b(?:captured|taken (?:prisoner|captive))\b")),
    ("died in captivity", re.compile(r"\b(?:died|killed|tortured to death) in captivity\b")),
    ("killed", re.compile(r"\b(?:killed|died)\b")),
    ("missing", re.compile(r"\bmissing\b")),
    ("returned", re.compile(r"\b(?:returned|freed|brought home|released)\b")),
]  # fmt: skip
_AS_OF = re.compile(r"\bas of\s*$")


def measure_of(context: Context, sentence: Sentence) -> str | None:
    for name, pattern in _MEASURES:
        match = pattern.search(sentence.text)
        if match is None:
            continue
        if name == "left":
            place = next(
                (p for p in context.places_in(sentence) if p.start >= sentence.start + match.end()),
                None,
            )
            if place is None:
                continue
            return f"left {place.entry.name}"
        return name
    return None


def _as_of(context: Context, sentence: Sentence, measure: str) -> tuple[FuzzyDate | None, str]:
    for mention in context.dates_in(sentence):
        before = context.text[sentence.start : mention.start]
        if mention.date is not None and _AS_OF.search(before):
            return mention.date, "as of"
    stated = context.sentence_date(sentence)
    if stated is not None:
        return stated.date, "stated"
    if measure.startswith("left "):
        event_date = context.event_date("surrender", measure.removeprefix("left "))
        if event_date is not None:
            return event_date, "event"
    published = context.published()
    return published, "published" if published else "unknown"


def figure_claims(context: Context, sentence: Sentence) -> list[CandidateClaim]:
    measure = measure_of(context, sentence)
    if measure is None:
        return []
    claims = []
    for quantity in context.quantities_in(sentence):
        group = group_after(context, quantity)
        if group is None:
            continue
        as_of, basis = _as_of(context, sentence, measure)
        claims.append(
            CandidateClaim(
                kind="figure",
                values={
                    "value": quantity.value,
                    "measure": measure,
                    "group": group,
                    "as_of": as_of.iso() if as_of else None,
                    "as_of_basis": basis,
                    "number": [quantity.start, quantity.end],
                },
                start=sentence.start,
                end=sentence.end,
                date=as_of,
                qualifier=str(quantity.qualifier),
                attributed_to=context.attribution(sentence),
            )
        )
    return claims
