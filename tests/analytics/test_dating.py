"""The date an undated report speaks from, and what it rests on."""

from polon.analytics.dating import source_dates
from polon.ledger import Ledger
from tests.analytics.conftest import report


def _dates(ledger: Ledger) -> dict:
    with ledger.session() as session:
        return source_dates(session, [1, 2, 3])


def test_seed_dates(seeded: Ledger):
    dates = _dates(seeded)
    published = dates[2]  # The Kyiv Independent states its date
    assert (published.iso(), published.inferred) == ("2022-10-06", False)
    inferred = dates[1]  # The New Voice page lost its date
    assert (inferred.iso(), inferred.inferred) == ("2024-01", True)
    assert "almost 20 months after the surrender of 2022-05-16" in inferred.basis


def test_latest_dated_statement_when_no_captivity_span(ledger: Ledger):
    report(ledger, "Note\n\nOn 3 March 2023 Russia held 3,000 Ukrainian POWs. "
           "On 7 January 2023 the sides swapped 50 for 50.")  # fmt: skip
    [dated] = _dates(ledger).values()
    assert (dated.iso(), dated.inferred) == ("2023-03-03", True)
    assert "latest dated statement" in dated.basis


def test_a_report_with_no_dates_has_none(ledger: Ledger):
    report(ledger, "Note\n\nRussia is holding 3,000 Ukrainian POWs, the office says.")
    assert _dates(ledger) == {}
