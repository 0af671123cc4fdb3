"""Rule-based extraction of candidate claims from cleaned report text.

No model is downloaded: rules over sentences, dates, counts and a shipped gazetteer find
figures, exchanges, events, places, organizations, persons and promises, each with the span
of the words that state it. Rules run in reading order because later sentences lean on
earlier ones ("At that time …", "the plant", "It was signed by …").
"""

from __future__ import annotations

import datetime as dt

from polon.ingest.claims import CandidateClaim
from polon.ingest.extract.context import Context
from polon.ingest.extract.events import event_claims, organization_claims, place_claims
from polon.ingest.extract.exchanges import (
    exchange_claims,
    join_undated,
    settle_dates,
)
from polon.ingest.extract.figures import figure_claims, settle_totals
from polon.ingest.extract.persons import PersonMention
from polon.ingest.extract.promises import promise_claims

__all__ = ["extract_claims"]


def extract_claims(text: str, published: dt.date | None = None) -> list[CandidateClaim]:
    """Candidate claims found in ``text``; ``published`` resolves partial and relative dates."""
    context = Context.build(text, published)
    exchanges: list[CandidateClaim] = []
    figures: list[CandidateClaim] = []
    claims: list[CandidateClaim] = []
    for sentence in context.sentences:
        claims += event_claims(context, sentence)
        exchanges += exchange_claims(context, sentence)
        figures += figure_claims(context, sentence, context.memo.get("counted", set()))
    settle_totals(figures, exchanges)
    claims += figures
    settle_dates(exchanges, context.published())
    claims += join_undated(exchanges, text)
    claims += promise_claims(context)
    claims += place_claims(context)
    claims += organization_claims(context)
    claims += [_person_claim(person) for person in context.persons]
    return sorted(claims, key=lambda c: (c.start, c.kind))


def _person_claim(person: PersonMention) -> CandidateClaim:
    values = {
        "name": person.name,
        "rank": person.rank,
        "position": person.position,
        "call_sign": person.call_sign,
        "organization": person.organization,
        "status": person.status,
        "mentions": [list(span) for span in person.mentions],
        "variants": person.variants or None,
    }
    return CandidateClaim(
        kind="person",
        values={k: v for k, v in values.items() if v is not None},
        start=person.sentence.start,
        end=person.sentence.end,
    )
