"""A long CSV list of made-up persons, the shape a registry extract arrives in."""

from __future__ import annotations

import random
from pathlib import Path

GIVEN = [
    "Taras", "Mariia", "Oleh", "Andrii", "Olena", "Yurii", "Iryna", "Bohdan", "Svitlana",
    "Petro", "Halyna", "Roman", "Nazar", "Oksana", "Vasyl", "Larysa", "Ihor", "Zoriana",
]  # fmt: skip
SURNAMES = [
    "Melnyk", "Kovalchuk", "Tkachenko", "Bondarenko", "Kravchenko", "Oliinyk", "Shevchuk",
    "Polishchuk", "Lysenko", "Marchenko", "Savchenko", "Rudenko", "Moroz", "Hrytsenko",
    "Pavlenko", "Kushnir", "Sydorenko", "Vlasenko",
]  # fmt: skip
RANKS = ["Soldier", "Senior soldier", "Junior sergeant", "Sergeant", "Lieutenant", "Captain"]
STATUSES = ["captured", "missing", "held"]
HEADER = "ID,Last name,First name,Date of birth,Rank,Status,Date"


def write_person_list(path: Path, rows: int, seed: int) -> Path:
    """``rows`` persons, each with its own row id, so each row is one new person."""
    rng = random.Random(seed)
    lines = [HEADER]
    for n in range(rows):
        born = f"{rng.randint(1965, 2004)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        seen = f"2023-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        lines.append(
            f"L-{n:05d},{rng.choice(SURNAMES)},{rng.choice(GIVEN)},{born},"
            f"{rng.choice(RANKS)},{rng.choice(STATUSES)},{seen}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
