"""The brief's figures chart: subgroup lower bounds and inferred dates drawn apart, and
said so in the legend; the dashboard's points, which carry neither flag, draw as before."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from polon.report.charts import figures_chart

SVG = "{http://www.w3.org/2000/svg}"


def point(as_of: str, value: int, **flags: bool) -> dict:
    return {"as_of": as_of, "value": value, "qualifier": "exact", "group": "servicemen",
            "discrepancy": False, **flags}  # fmt: skip


def texts(svg: str) -> list[str]:
    return ["".join(node.itertext()) for node in ET.fromstring(svg).iter(f"{SVG}text")]


def marker_style(svg: str, index: int) -> str:
    """Every style a ``points-N`` series draws its markers with."""
    group = ET.fromstring(svg).find(f".//{SVG}g[@id='points-{index}']")
    assert group is not None
    return "; ".join(node.get("style", "") for node in group.iter())


def test_subgroups_are_hollow_and_inferred_dates_faded_with_legend_entries() -> None:
    svg = figures_chart(
        [
            point("2022-06-06", 2500),
            point("2022-09", 700, subgroup=True),
            point("2024-01", 3574, date_inferred=True),
        ]
    )
    found = texts(svg)
    assert "a subgroup: lower bound" in found and "date inferred" in found
    plain, inferred, hollow = (marker_style(svg, i) for i in range(3))
    assert "fill: #ffffff" in hollow and "fill: #ffffff" not in plain
    assert "opacity: 0.45" in inferred and "opacity" not in plain


def test_points_without_the_flags_get_no_new_legend_entries() -> None:
    found = texts(figures_chart([point("2022-06-06", 2500), point("2022-09-25", 2400)]))
    assert "a subgroup: lower bound" not in found and "date inferred" not in found
