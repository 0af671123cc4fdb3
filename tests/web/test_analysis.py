"""The analysis page and its API twins, as each role, on both backends."""

from __future__ import annotations

import pytest

from tests.web.conftest import Site


class As:
    """A client that sends one role's token with every request."""

    def __init__(self, site: Site, role: str) -> None:
        self.client = site.client()
        self.headers = site.as_role(self.client, role)

    def get(self, url: str, **options):
        return self.client.get(url, headers=self.headers, **options)


@pytest.fixture
def seeded(site: Site) -> Site:
    """Both seed reports accepted (the site fixture leaves the second one in review)."""
    site.ledger.accept_sources([2], "tester")
    return site


def test_api_series_and_promises_as_a_viewer(seeded):
    viewer = As(seeded, "viewer")
    found = viewer.get("/api/v1/analysis/series", params={"group": "Ukrainian POWs"}).json()
    assert found["estimate"]["value"] == 3574
    assert [p["value"] for p in found["points"] if not p["subgroup"]] == [2500, 3574]
    outcomes = viewer.get("/api/v1/analysis/promises", params={"as_of": "2024-01-15"}).json()
    assert outcomes["promises"][0]["outcome"] == "broken"
    durations = viewer.get("/api/v1/analysis/durations", params={"as_of": "2024-01-10"}).json()
    assert durations[0]["words"] == "almost 20 months"
    assert viewer.get("/api/v1/analysis/groups").json()[0]["key"] == "ukrainian-servicemen"


def test_who_came_home_only_for_roles_that_read_persons(seeded):
    params = {"as_of": "2024-01-15"}
    viewer = As(seeded, "viewer").get("/api/v1/analysis/exchanges", params=params).json()
    analyst = As(seeded, "analyst").get("/api/v1/analysis/exchanges", params=params).json()
    assert "persons" not in viewer["exchanges"][0]
    assert analyst["exchanges"][0]["persons"] == []
    assert viewer["months_without_major"] == 15


def test_page(seeded):
    page = As(seeded, "viewer").get("/analysis", params={"as_of": "2024-01-15"})
    assert page.status_code == 200
    text = page.text
    assert "Best estimate: 3,574" in text and "almost 20 months" in text
    assert "No major exchange (100 or more returned) for 15 months" in text
    assert As(seeded, "viewer").get("/analysis", params={"as_of": ""}).status_code == 200
    assert As(seeded, "viewer").get("/analysis", params={"as_of": "soon"}).status_code == 422


def test_bad_as_of_in_the_api(seeded):
    answer = As(seeded, "viewer").get("/api/v1/analysis/exchanges", params={"as_of": "x"})
    assert answer.status_code == 422
