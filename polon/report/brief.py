"""The brief: one self-contained HTML file that can be mailed, archived and printed.

Self-contained is a promise about what happens when the file is opened: nothing is fetched.
The CSS is inline, the charts are inline SVG, there is no script, and the only URLs are the
sources' own, shown as links a reader may follow but that load nothing by themselves. Every
text comes from sources or the ledger and is treated as hostile: Jinja2 escapes it all.

Sources are cited by number, ``[3]``, in every section, and listed once at the end. The
numbers follow the ledger's source ids, so two briefs of one ledger cite a source alike
when they cite the same sources.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import PurePath
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy.orm import Session

from polon.ledger import audit
from polon.ledger.compat import ABOUT_TOLERANCE, ROUND_TOLERANCE
from polon.ledger.db import transaction
from polon.ledger.ledger import Ledger
from polon.ledger.queries import sources as all_sources
from polon.ledger.users import ensure_user
from polon.report import charts, sections

_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.S)
_ID = re.compile(r'\bid="([^"]+)"')
_SAFE_LINK = re.compile(r"https?://[^\s\"'<>]+\Z", re.I)


def build_brief(session: Session, as_of: dt.date, group: str | None = None) -> str:
    """The brief as HTML, for the ledger as it stood on ``as_of``, headed by ``group``
    (default: the analytics' main group). A read: it writes nothing, not even the audit
    entry, which is the caller's (``export_brief``) since only it knows the brief left."""
    return _render(brief_data(session, as_of, group))


def brief_data(session: Session, as_of: dt.date, group: str | None = None) -> dict[str, Any]:
    """Everything the template shows, as JSON-ready data (charts as SVG text)."""
    head = sections.headline(session, as_of, group)
    stats = sections.exchanges(session, as_of)
    data: dict[str, Any] = {
        "as_of": as_of.isoformat(),
        "headline": head,
        "exchanges": stats,
        "promises": sections.promises(session, as_of),
        "discrepancies": sections.discrepancies(session),
        "durations": sections.durations(session, as_of),
        "method": {"about": round(ABOUT_TOLERANCE * 100), "round": round(ROUND_TOLERANCE * 100)},
    }
    cited = {ref["id"] for ref in _source_refs(data)}
    ledger_sources = all_sources(session)
    data["sources"] = [s for s in ledger_sources if s["id"] in cited]
    data["uncited"] = len(ledger_sources) - len(data["sources"])
    data["charts"] = {
        "figures": _inline(charts.figures_chart(_chart_points(head)), "chart-figures"),
        "exchanges": _inline(charts.exchanges_chart(stats["exchanges"]), "chart-exchanges"),
    }
    return data


@dataclass
class Exported:
    html: str
    sources: int


def export_brief(
    ledger: Ledger,
    actor: str,
    as_of: dt.date,
    group: str | None = None,
    formats: tuple[str, ...] = ("html",),
) -> Exported:
    """Build the brief and record in the audit log that it left the ledger.

    The brief is built in a read session, so a long build never holds SQLite's write lock;
    the audit entry follows in its own short transaction. An entry for a brief whose file
    then failed to be written is the safer error: exports are audited to over-report.
    """
    with ledger._sessions() as session:
        data = brief_data(session, as_of, group)
    html = _render(data)
    with transaction(ledger._sessions) as session:
        user = ensure_user(session, actor)
        after = {
            "format": "+".join(formats),
            "as_of": data["as_of"],
            "group": data["headline"]["group"],
            "sources": len(data["sources"]),
        }
        audit.record(session, user.id, "export", _BriefRef(), after=after)
    return Exported(html, len(data["sources"]))


class _BriefRef:
    """Lets the audit log name what was exported: a brief is no row of the ledger."""

    __tablename__ = "brief"
    id = None


def _source_refs(data: Any) -> Iterator[dict[str, Any]]:
    """Every source reference anywhere in the data: each section cites through these keys."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "source" and isinstance(value, dict):
                yield value
            elif key == "sources" and isinstance(value, list):
                yield from (v for v in value if isinstance(v, dict))
            else:
                yield from _source_refs(value)
    elif isinstance(data, list):
        for item in data:
            yield from _source_refs(item)


def _chart_points(head: dict[str, Any]) -> list[dict[str, Any]]:
    """The main group's series as chart points, all in one colour: a subgroup's figure is drawn
    hollow as a lower bound, not as a group of its own."""
    return [{**p, "group": head["group"]} for p in head["points"]]


def _inline(svg: str, prefix: str) -> str:
    """An SVG fit to sit inline beside another: its ids made unique in the page (two charts
    share matplotlib's "figure_1", and a ``url(#…)`` would find the other chart's), and the
    RDF metadata dropped, which names licence URLs a reader has no use for."""
    svg = _METADATA.sub("", svg)
    svg = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    svg = svg.replace('href="#', f'href="#{prefix}-').replace("url(#", f"url(#{prefix}-")
    return svg


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("polon.report", "templates"),
        autoescape=select_autoescape(["html"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["number"] = _number
    env.filters["link"] = _link
    env.filters["filename"] = lambda name: PurePath(name or "").name
    return env


def _render(data: dict[str, Any]) -> str:
    numbers = {s["id"]: index for index, s in enumerate(data["sources"], 1)}
    template = _environment().get_template("brief.html")
    return template.render(**data, cite=lambda ref: numbers.get(ref["id"]))


def _number(value: int | None) -> str:
    """A count as printed: thousands separated, a dash when no source gave it."""
    return "—" if value is None else f"{value:,}"


def _link(url: str | None) -> str | None:
    """A source's URL when it is a plain web address, else None: the template then shows it as
    text only, so a ``javascript:`` or ``data:`` URL can never become a link."""
    return url if url and _SAFE_LINK.match(url) else None
