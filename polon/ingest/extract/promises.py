"""Promises: who promised what to whom, when, by what deadline, and whether it was kept.

A report often tells one promise over several sentences: who made it ("A general from
Russia's GRU promised …"), its terms ("a letter promising release within three to four
months"), its signatory ("It was signed by Lieutenant General Vladimir Alekseev"). Mentions
in neighbouring sentences are gathered into one claim whose evidence spans them. The outcome
is "broken" only when the text itself shows the deadline passed unmet: people still held
longer than the promise allowed.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from polon.ingest.claims import CandidateClaim
from polon.ingest.dates import PRECISION_RANK, FuzzyDate
from polon.ingest.extract.context import Context
from polon.ingest.extract.persons import person_named
from polon.ingest.extract.sentences import Sentence
from polon.ingest.numbers import parse_number

_CUE = re.compile(r"\b(?:promis\w*|pledg\w*|vow(?:ed|s)?)\b")
_SIGNED = re.compile(r"\b(?:signed|written|sent|issued) by ([^,.]+)")
_CONTENT = re.compile(
    r"\b(?:promis\w*|pledg\w*|vow\w*)\s+(?:to\s+)?(.+?)(?=\s+(?:for|to) the\b|\s+at the time\b|"
    r"\s+before\b|,|\.|$)"
)
_MADE_TO = re.compile(r"\b(?:for|to) (?:the )?((?:[A-Z][\w'’-]*\s+)*[a-z]*(?:defenders|servicemen|"
                      r"soldiers|prisoners|families|commanders|fighters))\b")  # fmt: skip
_WITHIN = re.compile(r"\bwithin (\w+)(?: (?:to|or) (\w+))? (day|week|month|year)s?\b")
_AT_THE_TIME = re.compile(r"\bat the time of (?:the |their |our )?(surrender|capture)\b")
_STILL_HELD = re.compile(
    r"\b(?:remain(?:s|ed)?|been|held|kept) in captivity for (?:(almost|nearly|more than|over|"
    r"about|at least) )?(\w+) (day|week|month|year)s?\b"
)


@dataclass(frozen=True)
class HeldFor:
    """A stated time in captivity ("remained in captivity for almost 20 months")."""

    start: int
    end: int
    amount: int
    unit: str
    qualifier: str | None


def held_for(text: str) -> list[HeldFor]:
    """Every stated time in captivity in ``text``, with its span: evidence that people were
    still held that long after they were taken, which dates an undated report."""
    found = []
    for match in _STILL_HELD.finditer(text):
        amount = parse_number(match.group(2))
        if amount:
            found.append(
                HeldFor(match.start(), match.end(), amount, match.group(3), match.group(1))
            )
    return found


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def _mention(context: Context, sentence: Sentence) -> dict[str, Any]:
    """What one sentence says about a promise."""
    text = sentence.text
    found: dict[str, Any] = {}
    cue = _CUE.search(text)
    if cue:
        subject = text[: cue.start()].strip()
        if subject and not subject.lower().startswith(("it ", "which", "that")):
            found["made_by_description"] = re.sub(r"\s+(?:had|has) the letter$", "", subject)
        content = _CONTENT.search(text, cue.start())
        if content:
            found["content"] = content.group(1).strip()
        made_to = _MADE_TO.search(text, cue.end())
        if made_to:
            found["made_to"] = made_to.group(1).strip()
    signed = _SIGNED.search(text)
    if signed:
        person = person_named(context.persons, signed.group(1))
        found["made_by"] = person.name if person else signed.group(1).strip()
    within = _WITHIN.search(text)
    if within:
        low, high = parse_number(within.group(1)), parse_number(within.group(2) or within.group(1))
        if low is not None and high is not None:
            found["deadline"] = (low, high, within.group(3))
    at_time = _AT_THE_TIME.search(text)
    stated = context.sentence_date(sentence)
    if at_time:
        event_date = context.event_date(at_time.group(1))
        if event_date is not None:
            found["made_on"] = event_date
    elif stated is not None:
        found["made_on"] = stated.date
    return found


def promise_claims(context: Context) -> list[CandidateClaim]:
    """One claim per promise, gathered from neighbouring sentences."""
    clusters: list[list[tuple[Sentence, dict[str, Any]]]] = []
    last_index = -10
    for index, sentence in enumerate(context.sentences):
        is_cue = bool(_CUE.search(sentence.text))
        follows = index - last_index <= 2 and bool(_SIGNED.search(sentence.text))
        if not (is_cue or follows):
            continue
        mention = _mention(context, sentence)
        if clusters and index - last_index <= 2:
            clusters[-1].append((sentence, mention))
        else:
            clusters.append([(sentence, mention)])
        last_index = index
    return [_claim(context, cluster) for cluster in clusters]


def _claim(context: Context, cluster: list[tuple[Sentence, dict[str, Any]]]) -> CandidateClaim:
    merged: dict[str, Any] = {}
    for _, mention in cluster:
        for key, value in mention.items():
            merged.setdefault(key, value)
    # The first date stated is when the promise was made ("before … in May 2022"); the
    # finest one anchors its deadline ("at the time of the surrender", 16 May).
    made_on: FuzzyDate | None = merged.get("made_on")
    anchors = [m["made_on"] for _, m in cluster if m.get("made_on")]
    anchor = max(anchors, key=lambda d: PRECISION_RANK[d.precision]) if anchors else None
    values: dict[str, Any] = {
        "made_by": merged.get("made_by") or merged.get("made_by_description"),
        "made_by_description": merged.get("made_by_description"),
        "made_to": merged.get("made_to"),
        "content": "; ".join(dict.fromkeys(m["content"] for _, m in cluster if m.get("content")))
        or cluster[0][0].text,
        "made_on": made_on.iso() if made_on else None,
        "outcome": "unknown",
    }
    if "deadline" in merged and anchor is not None:
        low, high, unit = merged["deadline"]
        start = anchor.value
        values["deadline_from"] = after(start, low, unit).isoformat()
        values["deadline_to"] = after(start, high, unit).isoformat()
        _judge(context, cluster[-1][0], values, start)
    last = cluster[-1][0]
    return CandidateClaim(
        kind="promise",
        values=values,
        start=cluster[0][0].start,
        end=last.end,
        date=made_on,
        attributed_to=context.attribution(cluster[0][0]),
    )


def after(start: dt.date, amount: int, unit: str) -> dt.date:
    """The day ``amount`` days, weeks, months or years after ``start``; the calendar's last day
    when that is past it, so a typo such as "within 99999999 years" cannot stop an extraction."""
    try:
        if unit == "day":
            return start + dt.timedelta(days=amount)
        if unit == "week":
            return start + dt.timedelta(weeks=amount)
        return _add_months(start, amount * (12 if unit == "year" else 1))
    except (OverflowError, ValueError):
        return dt.date.max


def _judge(
    context: Context, after_sentence: Sentence, values: dict[str, Any], start: dt.date
) -> None:
    """Mark the promise broken when a later sentence shows captivity outlasting it."""
    deadline = dt.date.fromisoformat(values["deadline_to"])
    for sentence in context.sentences:
        if sentence.start <= after_sentence.start:
            continue
        for held in held_for(sentence.text):
            if after(start, held.amount, held.unit) > deadline:
                values["outcome"] = "broken"
                values["outcome_note"] = sentence.text
                values["outcome_span"] = [sentence.start, sentence.end]
                return
