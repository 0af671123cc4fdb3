"""When two accepted figures open a discrepancy: a table of qualifiers, dates and groups.

Each row is two reports in our own words, accepted through the real pipeline; the group may
be named differently ("Ukrainian POWs", "Ukrainian servicemen") and still be one group, and
a subgroup may never outnumber its group on the same date.
"""

from __future__ import annotations

import pytest

from polon.ledger import Ledger
from tests.analytics.conftest import report

HELD = "Russia held {figure} {group}, the monitor said on {date}."


POWS, MEN = "Ukrainian POWs", "Ukrainian servicemen"
SEP25, MAR1, MAY2 = "25 September 2022", "1 March 2023", "2 May 2023"


@pytest.mark.parametrize(
    ("first", "second", "opened"),
    [
        (("2,500", POWS, SEP25), ("3,574", MEN, SEP25), True),
        (("more than 2,500", POWS, SEP25), ("2,500", POWS, SEP25), False),
        (("2,500", POWS, "September 2022"), ("3,574", POWS, SEP25), True),
        (("2,500", POWS, "6 June 2022"), ("3,574", POWS, SEP25), False),
        (("about 3,000", POWS, MAR1), ("3,200", "Ukrainian soldiers", MAR1), False),
        (("up to 1,000", POWS, MAR1), ("at least 1,200", POWS, MAR1), True),
        (("1,000", POWS, MAY2), ("more than 1,500", "Mariupol defenders", MAY2), True),
        (("3,574", MEN, MAY2), ("more than 700", "Azov servicemen", MAY2), False),
        (("1,000", POWS, MAY2), ("1,500", "Ukrainian civilians", MAY2), False),
    ],
)
def test_figure_pairs(ledger: Ledger, first, second, opened):
    for n, (figure, group, date) in enumerate((first, second)):
        text = "Monitor bulletin\n\n" + HELD.format(figure=figure, group=group, date=date)
        report(ledger, text, "2023-06-01", f"r{n}.txt")
    figures = ledger.read("figures")
    assert len(figures) == 2, figures
    found = ledger.read("discrepancies")
    assert bool(found) is opened, found
    if opened:
        [discrepancy] = found
        assert {c["source_id"] for c in discrepancy["claims"]} == {1, 2}
