"""Ledger rows as Rich tables for the terminal; the same rows are what ``--json`` prints."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from polon.ledger import compat

Row = dict[str, Any]


def stated(value: int | None, qualifier: str | None) -> str:
    return "—" if value is None else compat.stated(value, qualifier)


def source_label(source: Row) -> str:
    who = source.get("publisher") or source.get("title") or source.get("name")
    return f"[{source['id']}] {who}"


def _sources(row: Row) -> str:
    return "\n".join(source_label(s) for s in row.get("sources", []))


class _Table(Table):
    """A table whose cells are plain text: source words like "[broken]" are not markup."""

    def add_row(self, *cells: Any, **kwargs: Any) -> None:  # type: ignore[override]
        super().add_row(*(c if isinstance(c, Text) else Text(str(c)) for c in cells), **kwargs)


def _table(title: str, columns: list[str]) -> Table:
    table = _Table(title=title, title_justify="left", show_lines=True, expand=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


def sources_table(rows: list[Row]) -> Table:
    table = _table("Sources", ["id", "publisher", "title", "published", "kind", "claims"])
    for r in rows:
        table.add_row(
            str(r["id"]), r["publisher"] or "", r["title"] or r["name"], r["published"] or "?",
            r["kind"], str(r["claims"]),
        )  # fmt: skip
    return table


def exchanges_table(rows: list[Row]) -> Table:
    table = _table("Exchanges", ["id", "date", "returned", "handed over", "groups", "sources"])
    for r in rows:
        groups = "\n".join(
            f"{g['label']}: {g['count']}"
            + (f" (for {g['exchanged_for']})" if g.get("exchanged_for") else "")
            + f" — {source_label(g['source'])}"
            for g in r["groups"]
        )
        conditions = "\n".join(f"condition: {c['text']} [{c['outcome']}]" for c in r["conditions"])
        table.add_row(
            str(r["id"]), r["date"] or "?", stated(r["returned"], None),
            stated(r["handed_over"], None), "\n".join(filter(None, [groups, conditions])),
            _sources(r),
        )  # fmt: skip
    return table


def figures_table(rows: list[Row]) -> Table:
    table = _table("Figures", ["id", "value", "measure", "group", "as of", "said by", "sources"])
    for r in rows:
        table.add_row(
            str(r["id"]), stated(r["value"], r["qualifier"]), r["measure"], r["group"],
            r["as_of"] or "?", r["attributed_to"] or "", _sources(r),
        )  # fmt: skip
    return table


def persons_table(rows: list[Row]) -> Table:
    table = _table("Persons", ["id", "name", "rank / position", "call sign", "unit", "status"])
    for r in rows:
        role = " / ".join(filter(None, [r["rank"], r["position"]]))
        table.add_row(
            str(r["id"]), r["name"], role, r["call_sign"] or "", r["organization"] or "",
            r["status"] or "",
        )  # fmt: skip
    return table


def promises_table(rows: list[Row]) -> Table:
    table = _table("Promises", ["id", "by", "to", "made", "content", "deadline", "outcome"])
    for r in rows:
        deadline = r["deadline"]
        window = f"{deadline['from']} … {deadline['to']}" if deadline["from"] else ""
        table.add_row(
            str(r["id"]), r["made_by"] or "", r["made_to"] or "", r["made_on"] or "?",
            r["content"], window, r["outcome"],
        )  # fmt: skip
    return table


def places_table(rows: list[Row]) -> Table:
    table = _table("Places", ["id", "name", "kind", "within", "occupied"])
    for r in rows:
        occupied = {True: "yes", False: "no"}.get(r["occupied"], "")
        table.add_row(str(r["id"]), r["name"], r["kind"], r["within"] or "", occupied)
    return table


def events_table(rows: list[Row]) -> Table:
    table = _table("Events", ["id", "kind", "date", "place", "count", "mediators", "sources"])
    for r in rows:
        table.add_row(
            str(r["id"]), r["kind"], r["date"] or "?", r["place"] or "",
            stated(r["count"], r["qualifier"]) if r["count"] else "",
            ", ".join(r["mediators"] or []), _sources(r),
        )  # fmt: skip
    return table


def organizations_table(rows: list[Row]) -> Table:
    table = _table("Organizations", ["id", "name", "kind", "part of", "also called"])
    for r in rows:
        table.add_row(
            str(r["id"]), r["name"], r["kind"] or "", r["parent"] or "",
            ", ".join(r["aliases"] or []),
        )  # fmt: skip
    return table


def discrepancies_table(rows: list[Row]) -> Table:
    table = _table("Discrepancies", ["id", "kind", "subject", "description", "status", "claims"])
    for r in rows:
        claims = "\n".join(f"claim {c['id']} — {source_label(c['source'])}" for c in r["claims"])
        table.add_row(str(r["id"]), r["kind"], r["subject"], r["description"], _status(r), claims)
    return table


def _status(row: Row) -> str:
    """The status; for a resolved one, who resolved it, on which day, and why."""
    if row.get("status") != "resolved":
        return row.get("status") or "open"
    day = (row.get("resolved_at") or "")[:10]
    return f"resolved by {row.get('resolved_by')} on {day}: {row.get('resolution')}"


def claims_table(rows: list[Row]) -> Table:
    table = _table("Claims", ["id", "src", "kind", "state", "date", "says", "evidence"])
    for r in rows:
        table.add_row(
            str(r["id"]), str(r["source_id"]), r["kind"], r["state"], r["date"] or "",
            describe(r), r["evidence"],
        )  # fmt: skip
    return table


def describe(claim: Row) -> str:
    """One line saying what a claim asserts, for review lists."""
    v = claim["values"]
    match claim["kind"]:
        case "figure":
            return f"{stated(v['value'], claim['qualifier'])} {v['measure']} · {v['group']}"
        case "exchange":
            parts = [f"returned {v['returned']}" if v.get("returned") else ""]
            parts.append(f"handed over {v['handed_over']}" if v.get("handed_over") else "")
            parts += [f"{g['label']} {g['count']}" for g in v.get("groups", [])]
            parts += [f"mediator {m}" for m in v.get("mediators", [])]
            parts += [f"condition ({c['outcome']})" for c in v.get("conditions", [])]
            return "; ".join(p for p in parts if p) or "swap"
        case "person":
            extra = ", ".join(filter(None, [v.get("rank"), v.get("call_sign")]))
            return v["name"] + (f" ({extra})" if extra else "")
        case "event":
            place = (v.get("place") or {}).get("name")
            count = f" · {v['count']:,}" if v.get("count") else ""
            return f"{v['kind']}{' at ' + place if place else ''}{count}"
        case "place":
            return f"{v['name']} ({v['kind']})"
        case "promise":
            return f"{v.get('made_by') or '?'}: {v['content']} [{v.get('outcome')}]"
        case _:
            return str(v.get("name", ""))


TABLES: dict[str, Callable[[list[Row]], Table]] = {
    "sources": sources_table,
    "exchanges": exchanges_table,
    "figures": figures_table,
    "persons": persons_table,
    "promises": promises_table,
    "places": places_table,
    "events": events_table,
    "organizations": organizations_table,
    "discrepancies": discrepancies_table,
}

SUMMARY_ORDER = ["sources", "exchanges", "figures", "events", "promises", "persons", "places",
                 "discrepancies"]  # fmt: skip


def summary(data: dict[str, list[Row]]) -> Group:
    """The ledger summary: the tables an analyst reads first, then counts of the rest."""
    parts: list[Any] = [TABLES[name](data[name]) for name in SUMMARY_ORDER if data.get(name)]
    counts = ", ".join(f"{len(rows)} {name}" for name, rows in data.items())
    parts.append(Text(f"Ledger: {counts}.", style="bold"))
    return Group(*parts)


def print_rows(console: Console, table: str, rows: list[Row]) -> None:
    if rows:
        console.print(TABLES[table](rows))
    else:
        console.print(f"No {table} yet.")


def hits_table(rows: list[Row]) -> Table:
    table = _table("Persons found", ["id", "name", "score", "matched", "why"])
    for r in rows:
        table.add_row(str(r["id"]), r["name"], f"{r['score']:.3f}", "\n".join(r["matched"]),
                      r["reason"])  # fmt: skip
    return table


def _cited(item: Row) -> str:
    return f"source {item['source_id']}" if item.get("source_id") else "entered by hand"


def person_record(record: Row) -> Group:
    """A person's page for the terminal: each value beside the source that stated it."""
    title = f"Person {record['id']}: {record['name']}"
    if len(record["members"]) > 1:
        title += f" (merged from {', '.join(map(str, record['members']))})"
    names = _table("Names", ["name", "script", "language", "from"])
    for n in record["names"]:
        names.add_row(n["text"], n["script"], n["language"] or "", _cited(n))
    fields = _table("Record", ["field", "value", "from"])
    for f in record["fields"]:
        for value in f["values"]:
            label = f["label"] + (" (personal)" if f["personal"] else "")
            fields.add_row(label, value["value"], _cited(value))
    statuses = _table("Status history", ["date", "status", "place / note", "evidence", "from"])
    for s in record["statuses"]:
        where = " ".join(filter(None, [s["place"], s["note"]]))
        if s["exchange_id"]:
            where = f"exchange {s['exchange_id']} {where}".strip()
        statuses.add_row(s["date"] or "", s["status"], where, s["evidence"], _cited(s))
    parts: list[Any] = [Text(title, style="bold"), names, fields, statuses]
    sources = _table("Sources", ["id", "name", "kind"])
    for s in record["sources"]:
        sources.add_row(str(s["id"]), s["name"], s["kind"])
    parts.append(sources)
    return Group(*parts)


def proposals_table(rows: list[Row]) -> Table:
    table = _table("Proposed clusters", ["id", "state", "probability", "persons", "reason"])
    for r in rows:
        persons = "\n".join(f"{p['id']}: {p['name']}" for p in r["persons"])
        table.add_row(str(r["id"]), r["state"], f"{r['probability']:.3f}", persons,
                      r["reason"] or "")  # fmt: skip
    return table
