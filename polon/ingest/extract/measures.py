"""The fixed vocabulary of what a figure measures, and how the extractor's measures map onto it.

Figure claims keep the measure as the sentence put it ("left Azovstal", "died in captivity"),
because a reviewer reads it and the ledger's series are told apart by it. Consumers of
`polon extract --json` and the evaluation compare figures across reports, so they get the
coarse, fixed vocabulary below instead.
"""

from __future__ import annotations

MEASURES = {
    "held": "people held in captivity at a time",
    "returned": "people returned in one exchange or release",
    "handed_over": "people handed to the other side in one exchange",
    "returned_total": "people returned over a period, cumulative",
    "exchanges_total": "a number of exchanges",
    "captured": "people captured or surrendering in one event",
    "bodies": "bodies repatriated",
    "other": "any other count of people in captivity",
}

_CAPTURED = {"captured", "surrendered"}


def figure_measure(measure: str) -> str:
    """The vocabulary word for an extractor measure; unknown ones are "other"."""
    if measure in MEASURES:
        return measure
    if measure in _CAPTURED or measure.startswith("left "):
        return "captured"
    return "other"
