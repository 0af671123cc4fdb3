"""Scoring extracted facts against gold annotations (see GUIDELINES.md for what gold holds).

Each document is scored as three sets: exchanges as (date, returned), figures as (value,
measure) and persons as names. A person matches when any spelling the extractor gives equals
any spelling the gold lists, after folding case, accents and apostrophes, because a report may
spell one person several ways and the guidelines let the annotator list them all.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPORT_SUFFIXES = (".txt", ".html", ".htm")
KINDS = ("exchanges", "figures", "persons")


@dataclass(frozen=True)
class Case:
    """One annotated report."""

    path: Path
    gold: dict[str, Any]

    @property
    def name(self) -> str:
        return self.path.name


def load_cases(folder: Path) -> list[Case]:
    """Every report in ``folder`` with its ``.gold.json``; a report without one is an error."""
    cases = []
    for path in sorted(folder.iterdir()):
        if path.suffix not in REPORT_SUFFIXES:
            continue
        gold_path = path.with_name(path.stem + ".gold.json")
        if not gold_path.exists():
            raise FileNotFoundError(f"{path}: no gold file {gold_path.name}")
        cases.append(Case(path, json.loads(gold_path.read_text(encoding="utf-8"))))
    return cases


def fold_name(name: str) -> str:
    """A person's name for comparison: no case, accents, apostrophes or extra spaces."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = re.sub(r"['’ʼ`.]", "", plain.casefold())
    return " ".join(plain.replace("-", " ").split())


def gold_items(gold: dict[str, Any], kind: str) -> list[Any]:
    if kind == "exchanges":
        return sorted({(e.get("date"), e.get("returned")) for e in gold["exchanges"]}, key=str)
    if kind == "figures":
        return sorted({(f["value"], f["measure"]) for f in gold["figures"]}, key=str)
    return [
        frozenset(fold_name(n) for n in [p["name"], *p.get("variants", [])])
        for p in gold["persons"]
    ]


def predicted_items(facts: dict[str, Any], kind: str) -> list[Any]:
    if kind == "exchanges":
        return sorted({(e["date"], e["returned"]) for e in facts["exchanges"]}, key=str)
    if kind == "figures":
        return sorted({(f["value"], f["measure"]) for f in facts["figures"]}, key=str)
    return [
        frozenset(fold_name(n) for n in [p["name"], *p.get("variants", [])])
        for p in facts["persons"]
    ]


@dataclass
class Tally:
    """True positives, false positives and false negatives, with the items behind the errors."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    missed: list[tuple[str, Any]] = field(default_factory=list)
    spurious: list[tuple[str, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _match(gold: list[Any], predicted: list[Any], kind: str) -> tuple[list, list, int]:
    """Unmatched gold, unmatched predictions and the number of matches."""
    if kind != "persons":
        gold_set, predicted_set = set(gold), set(predicted)
        return (
            [g for g in gold if g not in predicted_set],
            [p for p in predicted if p not in gold_set],
            len(gold_set & predicted_set),
        )
    remaining = list(gold)
    spurious, matched = [], 0
    for forms in predicted:
        hit = next((g for g in remaining if g & forms), None)
        if hit is None:
            spurious.append(forms)
        else:
            remaining.remove(hit)
            matched += 1
    return remaining, spurious, matched


def score(case: Case, facts: dict[str, Any], tallies: dict[str, Tally]) -> None:
    """Add one document's counts to ``tallies`` (one Tally per kind)."""
    for kind in KINDS:
        missed, spurious, matched = _match(
            gold_items(case.gold, kind), predicted_items(facts, kind), kind
        )
        tally = tallies[kind]
        tally.tp += matched
        tally.fp += len(spurious)
        tally.fn += len(missed)
        tally.missed += [(case.name, _show(m)) for m in missed]
        tally.spurious += [(case.name, _show(s)) for s in spurious]


def _show(item: Any) -> Any:
    return " / ".join(sorted(item)) if isinstance(item, frozenset) else item
