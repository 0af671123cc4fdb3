"""SVG charts for the web pages and the printable brief: figures over time, and exchanges.

They live in ``polon.report`` because the brief is a lower layer than the web app: the
dashboard imports them from here, and the brief inlines the same SVG into its HTML.

Charts are drawn with ``matplotlib.figure.Figure`` directly, never ``pyplot``: pyplot keeps a
global registry of open figures (a leak and a race in a threaded web server), while a bare
Figure is garbage once the function returns. Text stays ``<text>`` (``svg.fonttype = 'none'``)
so pages stay small, labels are selectable, and tests can search them. A fixed hash salt and no
date in the metadata make the same data give the same bytes, which keeps caches and ETags
honest. Matplotlib escapes every text it writes, so hostile group names end up as inert text.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import threading
from collections import Counter
from typing import Any

import matplotlib
import matplotlib.dates as mdates
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import StrMethodFormatter
from matplotlib.transforms import offset_copy

_RC = {"svg.fonttype": "none", "svg.hashsalt": "polon", "font.family": "DejaVu Sans"}
# Matplotlib is not thread-safe and rc_context swaps process-wide settings: render one at a time.
_LOCK = threading.Lock()
_MAX_GROUPS = 8
_OTHER = "other groups"
_COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf"]
_OTHER_COLOUR = "#7f7f7f"
_MARKERS = {"exact": "o", None: "o", "more_than": "^", "at_least": "^", "up_to": "v", "about": "D"}
_SHAPES = [("o", "exact"), ("^", "more than / at least"), ("v", "up to"), ("D", "about")]
_PREFIX = {"more_than": "+", "at_least": "+", "about": "~", "up_to": "≤"}
# Point labels are plain Text (cheaper than Annotation) and out of the layout: with hundreds of
# points, measuring each one for constrained layout would double the rendering time.
_NOTE: dict[str, Any] = {"ha": "center", "fontsize": 6.5, "color": "#333333", "in_layout": False}
_RING: dict[str, Any] = {"marker": "o", "ls": "none", "mfc": "none", "mec": "red"}
# How a point's standing is drawn, when the caller says it (the brief's series do; the
# dashboard's points carry neither key): a subgroup's figure is only a lower bound for the
# group, so its marker is hollow; a date inferred rather than stated fades the marker.
_HOLLOW: dict[str, Any] = {"mfc": "white", "mew": 1.5}
_FADED = 0.45
_GREY: dict[str, Any] = {"color": "#555555", "ls": "none"}
_LEGEND: dict[str, Any] = {"fontsize": 8, "frameon": False}
_BAR, _LINE = "#4c72b0", "#dd8452"
_ROOT_SIZE = re.compile(r'<svg([^>]*?) width="[^"]*" height="[^"]*"')


def _position(as_of: str) -> dt.datetime:
    """Where a fuzzy date is drawn: a day at its start, a month or a year at its middle.

    Drawing "2022-06" on 1 June would claim a precision the source never gave.
    """
    parts = [int(part) for part in as_of.split("-")]
    if len(parts) == 3:
        return dt.datetime(*parts)
    if len(parts) == 2:
        start = dt.datetime(parts[0], parts[1], 1)
        end = dt.datetime(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
    elif len(parts) == 1:
        start, end = dt.datetime(parts[0], 1, 1), dt.datetime(parts[0] + 1, 1, 1)
    else:
        raise ValueError(f"not a date, month or year: {as_of!r}")
    return start + (end - start) / 2


def _key(label: str, **style: Any) -> Line2D:
    return Line2D([], [], label=label, **style)


def _label(value: int, qualifier: str | None) -> str:
    return f"{_PREFIX.get(qualifier or '', '')}{value:,}"


def _svg(figure: Figure) -> str:
    """Serialise to an SVG that scales to its container (phones) and embeds anywhere.

    The XML declaration and DOCTYPE are dropped so the markup can also be inlined in HTML.
    """
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    return _ROOT_SIZE.sub(r'<svg\1 width="100%"', text, count=1)


def _message(text: str) -> str:
    with _LOCK, matplotlib.rc_context(_RC):
        figure = Figure(figsize=(6, 1.2))
        figure.text(0.5, 0.5, text, ha="center", va="center", fontsize=12, color="#555555")
        return _svg(figure)


def _date_axis(axes: Any, xs: list[dt.datetime]) -> None:
    locator = mdates.AutoDateLocator()
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    low, high = min(xs), max(xs)
    if high - low < dt.timedelta(days=60):  # a lone date would otherwise span four years
        middle = low + (high - low) / 2
        axes.set_xlim(middle - dt.timedelta(days=30), middle + dt.timedelta(days=30))


def _count_axis(axes: Any, top: float, label: str) -> None:
    axes.set_ylim(0, max(top, 1) * 1.2)
    axes.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    axes.set_ylabel(label)


_MAX_LABELS = 80  # points labelled with their value; a chart of thousands shows the markers


def figures_chart(points: list[dict]) -> str:
    """People held over time, one colour per group, so disagreeing sources stay visible side by
    side: marker shape says how exact a figure is, a red ring marks a recorded discrepancy.

    Points without ``as_of`` are left out; the page lists them in a table instead. A point
    with ``subgroup`` (a part of the group, so a lower bound for it) gets a hollow marker, and
    one with ``date_inferred`` a faded one, each with its legend entry.
    """
    dated = [(_position(p["as_of"]), p) for p in points if p.get("as_of")]
    if not dated:
        return _message("No figures with dates yet")
    ranked = sorted(Counter(p["group"] for _, p in dated).items(), key=lambda g: (-g[1], g[0]))
    keep = len(ranked) if len(ranked) <= _MAX_GROUPS else _MAX_GROUPS - 1
    colours = {name: _COLOURS[i % len(_COLOURS)] for i, (name, _) in enumerate(ranked[:keep])}
    with _LOCK, matplotlib.rc_context(_RC):
        figure = Figure(figsize=(8, 5), layout="constrained")
        axes = figure.add_subplot()
        series: dict[tuple[str, str, bool, bool], list[tuple[dt.datetime, int]]] = {}
        above = offset_copy(axes.transData, figure, y=6, units="points")
        for x, p in dated:
            group = p["group"] if p["group"] in colours else _OTHER
            marker = _MARKERS.get(p.get("qualifier"), "o")
            style = (bool(p.get("subgroup")), bool(p.get("date_inferred")))
            series.setdefault((group, marker, *style), []).append((x, p["value"]))
            if len(dated) <= _MAX_LABELS:  # beyond that, labels only hide each other
                label = _label(p["value"], p.get("qualifier"))
                axes.text(x, p["value"], label, transform=above, **_NOTE)
        for index, ((group, marker, hollow, faded), xy) in enumerate(sorted(series.items())):
            xs, ys = zip(*xy, strict=True)
            colour = colours.get(group, _OTHER_COLOUR)
            look = dict(_HOLLOW if hollow else {}, alpha=_FADED if faded else None)
            axes.plot(
                xs, ys, marker=marker, ls="none", ms=6, color=colour, gid=f"points-{index}", **look
            )
        rings = [(x, p["value"]) for x, p in dated if p.get("discrepancy")]
        if rings:
            axes.plot(*zip(*rings, strict=True), ms=13, mew=1.5, gid="discrepancies", **_RING)
        _date_axis(axes, [x for x, _ in dated])
        _count_axis(axes, max(p["value"] for _, p in dated), "people")
        axes.set_title("People held over time")
        axes.grid(axis="y", color="#dddddd", linewidth=0.6)
        handles = [_key(g[:40], color=c, marker="s", ls="none") for g, c in colours.items()]
        if len(ranked) > keep:
            handles.append(_key(_OTHER, color=_OTHER_COLOUR, marker="s", ls="none"))
        used = {marker for _, marker, _, _ in series}
        handles += [_key(t, marker=m, **_GREY) for m, t in _SHAPES if m in used]
        if any(hollow for _, _, hollow, _ in series):
            handles.append(_key("a subgroup: lower bound", marker="o", **_GREY, **_HOLLOW))
        if any(faded for _, _, _, faded in series):
            handles.append(_key("date inferred", marker="o", alpha=_FADED, **_GREY))
        if rings:
            handles.append(_key("sources disagree", ms=9, **_RING))
        figure.legend(handles=handles, loc="outside lower center", ncols=3, **_LEGEND)
        return _svg(figure)


def exchanges_chart(exchanges: list[dict]) -> str:
    """People returned per exchange (bars) and the running total (step line, right axis), so
    both the size of each swap and the overall pace are readable at a glance.

    Each bar carries its count and date as text; undated exchanges, or ones whose count is
    unknown, get no bar.
    """
    line = sorted((_position(e["date"]), e["cumulative"]) for e in exchanges if e.get("date"))
    bars = sorted(
        (_position(e["date"]), e["returned"], e["date"])
        for e in exchanges
        if e.get("date") and e.get("returned") is not None
    )
    if not line:
        return _message("No exchanges yet" if not exchanges else "No dated exchanges yet")
    with _LOCK, matplotlib.rc_context(_RC):
        figure = Figure(figsize=(8, 5), layout="constrained")
        axes = figure.add_subplot()
        total = axes.twinx()
        xs = [x for x, _ in line]
        width = max(2.0, (max(xs) - min(xs)).days / 120)
        if bars:
            axes.bar([x for x, _, _ in bars], [r for _, r, _ in bars], width=width, color=_BAR)
        above = offset_copy(axes.transData, figure, y=3, units="points")
        for x, returned, date in bars:
            note = dict(_NOTE, transform=above, va="bottom", rotation=90)
            axes.text(x, returned, f"{returned:,} · {date}", **note)
        total.step(xs, [y for _, y in line], where="post", color=_LINE, linewidth=1.8)
        _date_axis(axes, xs)
        _count_axis(axes, max((r for _, r, _ in bars), default=0) * 1.5, "returned per exchange")
        _count_axis(total, max(y for _, y in line), "returned in total")
        axes.set_title("People returned per exchange, and in total")
        handles = [
            _key("per exchange", color=_BAR, marker="s", ls="none"),
            _key("total so far", color=_LINE, linewidth=1.8),
        ]
        figure.legend(handles=handles, loc="outside lower center", ncols=2, **_LEGEND)
        return _svg(figure)
