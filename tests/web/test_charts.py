"""The SVG charts: parsed as XML and searched for their text, never compared to images."""

from __future__ import annotations

import datetime as dt
import gc
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor

import pytest
from matplotlib.figure import Figure

from polon.report.charts import _position, exchanges_chart, figures_chart

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
HOSTILE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']


def point(as_of: str | None, value: int, group: str = "Azovstal defenders", **extra) -> dict:
    return {"as_of": as_of, "value": value, "qualifier": "exact", "group": group,
            "source": "Ukrinform", "discrepancy": False, **extra}  # fmt: skip


def texts(svg: str) -> list[str]:
    return ["".join(node.itertext()) for node in ET.fromstring(svg).iter(f"{SVG}text")]


def marker_xs(svg: str, gid: str) -> list[float]:
    group = ET.fromstring(svg).find(f".//{SVG}g[@id='{gid}']")
    assert group is not None, gid
    return [float(use.get("x")) for use in group.iter(f"{SVG}use")]


FIGURES = [
    point("2022-06-06", 2500, qualifier="more_than", discrepancy=True),
    point("2022-06", 2000, group="civilians", qualifier="about"),
    point("2023", 3500, group="civilians", qualifier=None),
    point("2023-05-02", 1200, group="medics", qualifier="up_to"),
    point(None, 777, group="medics"),
]
EXCHANGES = [
    {"date": "2022-09-21", "returned": 215, "cumulative": 400},
    {"date": "2022-06", "returned": 144, "cumulative": 185},
    {"date": None, "returned": 55, "cumulative": 455},
    {"date": "2023-01-08", "returned": None, "cumulative": 500},
]


@pytest.fixture(scope="module")
def figures_svg() -> str:
    return figures_chart(FIGURES)


def test_figures_chart_labels_values_groups_and_qualifiers(figures_svg: str) -> None:
    found = texts(figures_svg)
    for label in ["+2,500", "~2,000", "3,500", "≤1,200", "People held over time", "people"]:
        assert label in found
    for legend in ["Azovstal defenders", "civilians", "medics", "sources disagree", "about"]:
        assert legend in found
    assert "777" not in found  # undated: listed in the page's table, not plotted


def test_month_and_year_are_drawn_at_their_middle() -> None:
    assert _position("2022-06") == dt.datetime(2022, 6, 16)
    assert _position("2022-12") == dt.datetime(2022, 12, 16, 12)
    assert _position("2023") == dt.datetime(2023, 7, 2, 12)
    assert _position("2022-06-06") == dt.datetime(2022, 6, 6)
    svg = figures_chart([point("2022-06", 10, "a"), point("2022-06-16", 20, "b"),
                         point("2022-06-01", 30, "c")])  # fmt: skip
    (month,), (mid_day,), (first_day,) = (marker_xs(svg, f"points-{i}") for i in range(3))
    assert month == pytest.approx(mid_day)
    assert first_day < month


def test_discrepancies_get_a_ring(figures_svg: str) -> None:
    assert len(marker_xs(figures_svg, "discrepancies")) == 1


def test_many_groups_fold_into_other_groups() -> None:
    svg = figures_chart([point(f"2022-0{1 + i % 9}", 10 + i, f"g{i:02d}") for i in range(12)])
    found = texts(svg)
    assert "other groups" in found
    assert sum(text.startswith("g") and len(text) == 3 for text in found) == 7


def test_empty_inputs_give_a_small_valid_svg() -> None:
    assert "No figures with dates yet" in texts(figures_chart([]))
    assert "No figures with dates yet" in texts(figures_chart([point(None, 5)]))
    assert "No exchanges yet" in texts(exchanges_chart([]))
    assert "No dated exchanges yet" in texts(exchanges_chart([EXCHANGES[2]]))


def test_exchanges_chart_labels_each_bar_with_count_and_iso_date() -> None:
    svg = exchanges_chart(EXCHANGES)
    assert "2022-09-21" in svg
    found = texts(svg)
    assert "215 · 2022-09-21" in found
    assert "144 · 2022-06" in found
    assert not any("55 ·" in text for text in found)  # undated: no bar
    assert "returned in total" in found
    assert sum(" · " in text for text in found) == 2  # one label per dated, counted exchange


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_names_end_up_as_inert_text(hostile: str) -> None:
    svg = figures_chart([point("2022-06-06", 5, group=hostile, source=hostile)])
    for node in ET.fromstring(svg).iter():
        assert node.tag.rsplit("}", 1)[-1] not in {"script", "img", "foreignObject"}
        assert not any(name.lower().startswith("on") for name in node.attrib)
    assert hostile in texts(svg)  # exchanges carry no free text, so figures are the surface


def test_root_scales_to_its_container(figures_svg: str) -> None:
    assert figures_svg.startswith("<svg")
    root = ET.fromstring(figures_svg)
    assert root.get("width") == "100%"
    assert root.get("height") is None
    assert len(root.get("viewBox").split()) == 4


def test_same_input_gives_the_same_bytes_also_from_threads(figures_svg: str) -> None:
    with ThreadPoolExecutor(2) as pool:
        again = set(pool.map(lambda _: figures_chart(FIGURES), range(2)))
    assert again == {figures_svg}


def test_500_points_render() -> None:
    points = [
        point(f"{2022 + i % 3}-{1 + i % 12:02d}-{1 + i % 28:02d}", 100 + i, f"group {i % 5}")
        for i in range(500)
    ]
    svg = figures_chart(points)
    assert sum(len(marker_xs(svg, f"points-{i}")) for i in range(5)) == 500
    assert "599" not in texts(svg)  # past 80 points the values would only hide each other
    few = figures_chart(points[:80])
    assert "179" in texts(few)


def test_figures_are_garbage_collected() -> None:
    def live() -> int:
        gc.collect()
        return sum(isinstance(obj, Figure) for obj in gc.get_objects())

    before = live()
    for _ in range(2):
        exchanges_chart(EXCHANGES)
    assert live() == before
