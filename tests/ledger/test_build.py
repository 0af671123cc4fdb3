"""Accepting claims builds the ledger: one exchange per swap, discrepancies, not overwrites."""

from sqlalchemy import select

from polon.ledger import ClaimState, Ledger
from polon.ledger.models import AuditEntry, Claim, ClaimLink
from tests.conftest import FIXTURES, KI_SEED, NV_SEED
from tests.ledger.helpers import ingest_text


def _seeds(ledger: Ledger) -> None:
    ingest_text(ledger, NV_SEED)
    ingest_text(ledger, KI_SEED)


def test_two_reports_of_one_swap_make_one_exchange(ledger: Ledger):
    _seeds(ledger)
    exchanges = ledger.read("exchanges")
    assert len(exchanges) == 1
    swap = exchanges[0]
    assert (swap["date"], swap["returned"]) == ("2022-09-21", 215)
    assert {s["publisher"] for s in swap["sources"]} == {
        "The New Voice of Ukraine",
        "The Kyiv Independent",
    }
    groups = {(g["label"], g["count"]): g["source"]["publisher"] for g in swap["groups"]}
    assert groups[("Mariupol defenders", 188)] == "The New Voice of Ukraine"
    assert groups[("Azov Regiment", 108)] == "The Kyiv Independent"
    assert groups[("Azov commanders", 5)] == "The New Voice of Ukraine"
    commanders = next(g for g in swap["groups"] if g["label"] == "Azov commanders")
    assert commanders["exchanged_for"] == 55
    [condition] = swap["conditions"]
    assert "exile in Turkey" in condition["text"] and condition["outcome"] == "broken"
    # 188 and 108 count different groups: both true, no discrepancy.
    assert ledger.read("discrepancies") == []


def test_seed_figures_each_with_its_source(ledger: Ledger):
    _seeds(ledger)
    figures = {
        (f["value"], f["qualifier"], f["measure"], f["group"], f["as_of"]): f
        for f in ledger.read("figures")
    }
    expected = {
        (2449, "exact", "left Azovstal", "Mariupol defenders", "2022-05-16"): "New Voice",
        (2500, "more_than", "held", "Mariupol defenders", "2022-06-06"): "New Voice",
        (2500, "exact", "held", "Ukrainian POWs", "2022-09-25"): "Kyiv Independent",
        (3574, "exact", "held", "Ukrainian servicemen", None): "New Voice",
        (700, "more_than", "held", "Azov servicemen", None): "New Voice",
    }
    assert set(figures) == set(expected)
    for key, publisher in expected.items():
        [source] = figures[key]["sources"]
        assert publisher in source["publisher"]
    zelenskyy = figures[(2500, "more_than", "held", "Mariupol defenders", "2022-06-06")]
    assert zelenskyy["attributed_to"] == "Volodymyr Zelenskyy"
    assert "more than 2,500" in zelenskyy["claims"][0]["evidence"]


def test_seed_persons_places_events_promise(ledger: Ledger):
    _seeds(ledger)
    persons = {p["name"]: p for p in ledger.read("persons")}
    assert persons["Denys Prokopenko"]["call_sign"] == "Redis"
    assert persons["Denys Prokopenko"]["rank"] == "Lieutenant Colonel"
    assert persons["Vladimir Alekseev"]["rank"] == "Lieutenant General"
    assert persons["Konstantyn Kozhekin"]["status"] == "released"
    assert persons["Konstantyn Kozhekin"]["organization"] == "Azov Regiment"
    places = {p["name"]: p for p in ledger.read("places")}
    colony = places["Penal colony No. 120 (Olenivka)"]
    assert colony["occupied"] is True and colony["within"] == "Olenivka"
    assert places["Olenivka"]["within"] == "Donetsk Oblast"
    assert places["Medical facility in Novoazovsk"]["occupied"] is True
    surrenders = [e for e in ledger.read("events") if e["kind"] == "surrender"]
    assert len(surrenders) == 1  # "May 2022" and "May 16, 2022" are one surrender
    assert surrenders[0]["date"] == "2022-05-16" and surrenders[0]["count"] == 2449
    assert surrenders[0]["place"] == "Azovstal"
    assert set(surrenders[0]["mediators"]) == {
        "International Committee of the Red Cross",
        "United Nations",
    }
    [promise] = ledger.read("promises")
    assert promise["made_by"] == "Vladimir Alekseev"
    assert promise["deadline"] == {"from": "2022-08-16", "to": "2022-09-16"}
    assert promise["outcome"] == "broken"
    organizations = {o["name"]: o for o in ledger.read("organizations")}
    assert organizations["Azov Regiment"]["parent"] == "National Guard of Ukraine"


def test_disagreeing_figures_become_a_discrepancy(ledger: Ledger):
    ingest_text(ledger, FIXTURES / "held_low.txt")
    ingest_text(ledger, FIXTURES / "held_high.txt")
    ingest_text(ledger, FIXTURES / "held_compatible.txt")
    figures = ledger.read("figures")
    assert sorted(f["value"] for f in figures) == [1950, 2000, 8000]  # nothing overwritten
    [discrepancy] = ledger.read("discrepancies")
    assert discrepancy["kind"] == "figure"
    assert "2,000" in discrepancy["description"] and "about 8,000" in discrepancy["description"]
    assert len({c["source"]["id"] for c in discrepancy["claims"]}) == 2


def test_compatible_figures_raise_no_discrepancy(ledger: Ledger):
    ingest_text(ledger, FIXTURES / "held_low.txt")
    ingest_text(ledger, FIXTURES / "held_compatible.txt")
    assert ledger.read("discrepancies") == []


def test_different_totals_for_one_swap_are_flagged(ledger: Ledger):
    ingest_text(ledger, KI_SEED)
    ingest_text(ledger, FIXTURES / "swap_other_total.txt")
    [exchange] = ledger.read("exchanges")
    assert exchange["returned"] == 215  # the first stated value stays
    [discrepancy] = ledger.read("discrepancies")
    assert "215" in discrepancy["description"] and "205" in discrepancy["description"]


def test_statement_swap_with_mediator_and_handed_over(ledger: Ledger):
    ingest_text(ledger, FIXTURES / "statement_swap.txt")
    [swap] = ledger.read("exchanges")
    assert (swap["date"], swap["returned"], swap["handed_over"]) == ("2023-01-07", 50, 50)
    assert swap["mediators"] == ["United Arab Emirates"]
    assert [(g["label"], g["count"]) for g in swap["groups"]] == [("officers", 33)]


def test_every_entity_keeps_its_claims_and_every_change_is_audited(ledger: Ledger):
    _seeds(ledger)
    with ledger._sessions() as session:
        accepted = session.scalars(select(Claim).where(Claim.state == ClaimState.ACCEPTED))
        accepted_ids = {c.id for c in accepted}
        linked = set(session.scalars(select(ClaimLink.claim_id)))
        assert accepted_ids == linked  # each accepted claim supports something
        actions = {a for a in session.scalars(select(AuditEntry.action))}
        assert {"ingest", "accept", "create", "update"} <= actions
        accepts = session.scalars(select(AuditEntry).where(AuditEntry.action == "accept"))
        assert {a.entity_id for a in accepts} == accepted_ids
