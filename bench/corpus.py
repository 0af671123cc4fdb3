"""Generated captivity reports, in our own words, for benchmarks and crash tests.

Each report is different (its own sha256, so its own source) and yields the same handful of
claims: one swap with a subgroup, one "held" figure with its speaker.
"""

from __future__ import annotations

from pathlib import Path

OFFICIALS = ["Iryna Vereshchuk", "Dmytro Lubinets", "Kyrylo Budanov", "Olha Stefanishyna"]
GROUPS = ["Ukrainian servicemen", "Mariupol defenders", "civilians", "National Guard soldiers"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August"]


def report(n: int) -> str:
    month, day = MONTHS[n % len(MONTHS)], n % 27 + 1
    return (
        f"Captivity report number {n}\n\n"
        f"On {month} {day}, 2023, {40 + n} Ukrainian prisoners were returned home in a swap, "
        f"including {10 + n % 30} {GROUPS[n % len(GROUPS)]}.\n\n"
        f"{OFFICIALS[n % len(OFFICIALS)]} said on {month} {day}, 2023 that more than "
        f"{1000 + 7 * n:,} {GROUPS[(n + 1) % len(GROUPS)]} were in Russian captivity.\n"
    )


def write_reports(folder: Path, count: int) -> list[Path]:
    """``count`` report files in ``folder`` (created if needed), in name order."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"report-{n:05d}.txt"
        path.write_text(report(n), encoding="utf-8")
        paths.append(path)
    return paths
