"""The soak's ledger, built fresh for each run.

Built in this process through the ledger's own API, the calls the CLI makes: ``init``, the
import of a generated person list (the linkage benchmark's seeded registry: Cyrillic lists,
romanisations, press forms), the seed reports and generated news items naming persons of the
list stored with their claims accepted (figures, swaps, discrepancies, person mentions), pairs
of reports that disagree on a swap's total (discrepancies to resolve), and more items left for
review, so the editors have proposed claims from the first second. On PostgreSQL the run gets
a schema of its own in the given database, dropped at the end.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
import translitua
from sqlalchemy.engine import make_url

import polon
from bench.linkage.generator import generate
from bench.web.articles import END, MONTHS, START, articles
from polon.ingest import FuzzyDate, extract, load_document, read_report
from polon.ingest.dates import Precision
from polon.ledger import Ledger, SourceMeta
from polon.ledger.accounts import add_user, issue_token
from polon.ledger.db import resolve_url, transaction
from polon.registry import script_of
from polon.registry.registry import Registry

EXAMPLES = Path(polon.__file__).parent / "examples"
PUBLISHED = "2025-06-01"  # for generated items, which carry no date line of their own
ACTOR = "soak"
PASSWORD = "soak-password-1234"  # of the two accounts; nobody logs in with it


@dataclass
class Workload:
    """What the clients ask about: names under several spellings, and news items to upload."""

    names: list[str]
    uploads: list[str]
    tokens: dict[str, str]  # "reader" (an analyst) and "editor": API tokens


def person_list(path: Path, persons: int, seed: int) -> list[str]:
    """Write ``persons`` generated records as a CSV list; returns their names as written."""
    records = generate(persons, seed).records
    names = []
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["ID", "Full name", "Date of birth", "Rank", "Call sign"])
        for record in records:
            name = record.full_name or " ".join(
                w for w in (record.surname, record.given, record.patronymic) if w
            )
            names.append(name)
            writer.writerow(
                [f"S-{record.id}", name, record.date_of_birth or "", record.rank or "",
                 record.call_sign or ""]
            )  # fmt: skip
    return names


def spellings(names: list[str], count: int) -> list[str]:
    """Search terms: names as a list writes them, in lower case, the surname alone, and
    Cyrillic names romanised (a spelling the list may not hold)."""
    terms: list[str] = []
    for name in names[:count]:
        words = name.split()
        terms.append(name)
        terms.append(name.lower())
        terms.append(max(words, key=len))
        if script_of(name) == "cyrillic":
            terms.append(translitua.translit(name))
    return terms


def latin(names: list[str]) -> list[str]:
    """Names a news item can carry: two or three Latin words, each capitalised."""
    return [
        n
        for n in names
        if n.isascii() and 2 <= len(n.split()) <= 3 and all(w.isalpha() and w.istitle()
                                                            for w in n.split())
    ]  # fmt: skip


def disputed(pairs: int, seed: int) -> list[str]:
    """Two reports per swap that give different totals, so that editors have discrepancies
    to resolve from the first second."""
    rng = random.Random(seed)
    days = rng.sample(range((END - START).days), pairs)
    texts = []
    for offset in days:
        day = START + dt.timedelta(days=offset)
        told = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
        total = rng.randint(30, 300)
        other = total + rng.choice((-4, 2, 6))
        texts.append(f"Swap news\n\nOn {told}, {total} Ukrainian servicemen came home from "
                     "Russian captivity in a prisoner swap.\n")  # fmt: skip
        texts.append(f"Another outlet on the swap\n\nUkraine and Russia swapped prisoners on "
                     f"{told}: {other} people were returned home.\n")  # fmt: skip
    return texts


def store(ledger: Ledger, texts: list[str], accept: bool, prefix: str) -> None:
    """Store generated items as ``polon ingest`` does (``--accept`` if ``accept``)."""
    published = FuzzyDate(dt.date.fromisoformat(PUBLISHED), Precision.DAY)
    for number, text in enumerate(texts):
        document = load_document(text.encode("utf-8"), f"{prefix}/item-{number:05d}.txt")
        extraction = extract(document, published)
        meta = SourceMeta(published=extraction.published or published)
        ledger.add_source(document, extraction.claims, meta, ACTOR, accept=accept)


def build(url: str, work: Path, persons: int, sources: int, waiting: int, uploads: int,
          seed: int, pairs: int = 40) -> Workload:  # fmt: skip
    """Fill the empty ledger at ``url``; returns what the clients use, with API tokens of an
    analyst (for reading) and an editor (for writing)."""
    names = person_list(work / "persons.csv", persons, seed)
    named = latin(names) or ["Ostap Hnatiuk"]
    items = [a.text for a in articles(sources + waiting + uploads, named, seed)]
    with Ledger(url) as ledger:
        ledger.init()
        Registry(ledger).import_list(work / "persons.csv", ACTOR)
        for report in sorted(EXAMPLES.glob("*.txt")):
            document = read_report(report)
            extraction = extract(document)
            meta = SourceMeta(published=extraction.published)
            ledger.add_source(document, extraction.claims, meta, ACTOR, accept=True)
        store(ledger, items[:sources], True, "accepted")
        store(ledger, disputed(pairs, seed), True, "disputed")
        store(ledger, items[sources : sources + waiting], False, "waiting")
        tokens = {}
        with transaction(ledger._sessions) as session:
            for role, name in (("reader", "soak-analyst"), ("editor", "soak-editor")):
                add_user(session, name, "analyst" if role == "reader" else role, PASSWORD, None)
                tokens[role] = issue_token(session, name, None)
    # Uploads are told apart from the stored items by a line of their own.
    fresh = [f"{text}\nUploaded for the soak, item {n}.\n" for n, text in
             enumerate(items[sources + waiting :])]  # fmt: skip
    return Workload(spellings(names, 50), fresh, tokens)


def _admin(url: str) -> psycopg.Connection:
    parsed = make_url(url)
    return psycopg.connect(
        host=parsed.host, port=parsed.port, user=parsed.username, password=parsed.password,
        dbname=parsed.database, autocommit=True,
    )  # fmt: skip


@contextmanager
def database(db: str | None, work: Path) -> Iterator[str]:
    """The run's empty ledger: a new SQLite file under ``work``, or, given a PostgreSQL URL, a
    new schema in that database (dropped when the run ends)."""
    if not db:
        yield resolve_url(str(work / "soak.db"))
        return
    url = make_url(db)
    if not url.drivername.startswith("postgres"):
        raise SystemExit(f"--db: a postgresql:// URL, not {url.drivername}")
    schema = f"soak_{uuid.uuid4().hex[:10]}"
    plain = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with _admin(plain) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
    try:
        scoped = url.update_query_dict({"options": f"-csearch_path={schema}"})
        yield resolve_url(scoped.render_as_string(hide_password=False))
    finally:
        with _admin(plain) as connection:
            connection.execute(f'DROP SCHEMA "{schema}" CASCADE')
