"""Promise outcomes derived from later claims, with the claims that show them."""

import datetime as dt

from polon.analytics.promises import condition_outcomes, promise_outcomes
from polon.ledger import Ledger
from tests.analytics.conftest import report


def _promises(ledger: Ledger, as_of: dt.date) -> list[dict]:
    with ledger.session() as session:
        return promise_outcomes(session, as_of)


def test_seed_gru_promise_is_broken_with_its_evidence(seeded: Ledger):
    [promise] = _promises(seeded, dt.date(2024, 1, 15))
    assert promise["made_by"] == "Vladimir Alekseev"
    assert promise["window"] == {"from": "2022-08-16", "to": "2022-09-16"}
    assert promise["outcome"] == "broken"
    roles = {e["role"]: e for e in promise["evidence"]}
    said = next(e for r, e in roles.items() if "the report says so" in r)
    assert "almost 20 months" in said["evidence"]
    returned = next(e for r, e in roles.items() if "188 Mariupol defenders returned only" in r)
    assert "215 people were returned" in returned["evidence"]
    assert returned["source"]["publisher"] == "The New Voice of Ukraine"


def test_seed_promise_is_pending_before_its_deadline(seeded: Ledger):
    [promise] = _promises(seeded, dt.date(2022, 7, 1))
    assert promise["outcome"] == "pending" and promise["evidence"] == []
    assert "window opens 2022-08-16" in promise["reason"]


def test_kept_when_an_exchange_inside_the_window_returns_the_group(ledger: Ledger):
    report(ledger, "Talks\n\nOn 1 March 2023 the commander promised release within two months "
           "for the Mariupol defenders.", "2023-03-02", "a.txt")  # fmt: skip
    report(ledger, "Swap\n\nOn 20 April 2023 Ukraine brought home 60 servicemen in a prisoner "
           "swap, including 40 Mariupol defenders.", "2023-04-21", "b.txt")  # fmt: skip
    [promise] = _promises(ledger, dt.date(2023, 12, 1))
    assert promise["window"]["to"] == "2023-05-01"
    assert promise["outcome"] == "kept", promise["reason"]
    assert "returned inside the window: 40 Mariupol defenders" in promise["evidence"][0]["role"]


def test_unknown_when_the_deadline_passed_without_evidence(ledger: Ledger):
    report(ledger, "Talks\n\nOn 1 March 2023 the commander promised release within two months "
           "for the Mariupol defenders.", "2023-03-02", "a.txt")  # fmt: skip
    [promise] = _promises(ledger, dt.date(2023, 12, 1))
    assert promise["outcome"] == "unknown" and "has passed" in promise["reason"]


def test_seed_condition_broken_with_its_sentence(seeded: Ledger):
    with seeded.session() as session:
        [condition] = condition_outcomes(session, dt.date(2024, 1, 15))
    assert "exile in Turkey" in condition["text"] and condition["outcome"] == "broken"
    assert any("travelled back to Ukraine" in e["evidence"] for e in condition["evidence"])
    with seeded.session() as session:
        assert condition_outcomes(session, dt.date(2022, 9, 1)) == []
