"""Short generated news items about captivity, written from templates in our own words.

Each item is dated between 2022 and 2025 and carries what an analyst's dashboard is built
from: a count of people still held (with who said it, about which group, as of when), a swap
(its date, how many came home, sometimes a subgroup and a mediator) and one or two named
servicemen. Swaps fall on a fixed, seeded calendar of swap days, so several outlets tell the
same swap, and now and then one of them gives another total, as real reports do.

The same seed gives the same items, text for text.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)
START, END = datetime.date(2022, 3, 1), datetime.date(2025, 12, 31)
SWAP_DAYS = 160  # distinct swap dates over the period

OUTLETS = (
    "Kyiv Daily Wire",
    "Dnipro Evening Post",
    "Northern Ukraine Monitor",
    "Black Sea Bulletin",
    "Lviv Morning Report",
    "Kharkiv Frontline News",
    "Podillia Chronicle",
    "Open Borders Digest",
)
SPEAKERS = (
    "Ukraine's Coordination Headquarters for the Treatment of Prisoners of War",
    "Ombudsman Dmytro Lubinets",
    "Deputy Prime Minister Iryna Vereshchuk",
    "the Reintegration Ministry",
    "military intelligence chief Kyrylo Budanov",
    "the Coordination Headquarters",
    "Petro Yatsenko, a spokesman for the Coordination Headquarters",
    "the Ombudsman's office",
)
HELD_GROUPS = (
    "servicemen",
    "Ukrainian POWs",
    "Ukrainian servicemen",
    "Mariupol defenders",
    "civilians",
    "Azovstal defenders",
    "National Guard soldiers",
    "medics",
    "women",
)
SUBGROUPS = (
    "officers",
    "Mariupol defenders",
    "National Guard soldiers",
    "border guards",
    "marines",
    "civilians",
    "wounded soldiers",
)
MEDIATORS = (
    "the UAE",
    "the United Arab Emirates",
    "Turkey",
    "Saudi Arabia",
    "Qatar",
    "the Vatican",
)
RANKS = (
    "Sergeant",
    "Senior Sergeant",
    "Lieutenant",
    "Senior Lieutenant",
    "Captain",
    "Major",
    "Private",
    "Junior Sergeant",
)
PLACES = ("Olenivka", "Taganrog", "Kursk", "Bryansk", "Donetsk", "Rostov")


@dataclass(frozen=True)
class Article:
    """One generated item: its text, publication date and outlet, and what it states."""

    text: str
    published: datetime.date
    publisher: str
    swap_day: datetime.date
    held: int
    persons: tuple[str, ...]


def day_text(day: datetime.date, rng: random.Random) -> str:
    """A date as a report writes it: "3 March 2023" or "March 3, 2023"."""
    month = MONTHS[day.month - 1]
    if rng.random() < 0.5:
        return f"{day.day} {month} {day.year}"
    return f"{month} {day.day}, {day.year}"


def _held_sentence(rng: random.Random, day: str, count: int, group: str, speaker: str) -> str:
    about = rng.choice(("more than ", "about ", "over ", ""))
    templates = (
        f"{speaker} said on {day} that {about}{count:,} {group} remain in Russian captivity.",
        f"{speaker} said on {day} that Russia held {about}{count:,} {group}.",
        f"According to {speaker}, Russia is holding {count:,} {group} as of {day}.",
        f"On {day}, {speaker} said that {about}{count:,} {group} were still in Russian captivity.",
    )
    sentence = rng.choice(templates)
    return sentence[0].upper() + sentence[1:]


def _swap_sentences(
    rng: random.Random, day: str, total: int, mediator: str, speaker: str
) -> list[str]:
    part = max(1, total // rng.randint(3, 8))
    subgroup = rng.choice(SUBGROUPS)
    templates = (
        [f"On {day}, {total} Ukrainians came home in a swap mediated by {mediator}."],
        [
            f"On {day}, {total} Ukrainian servicemen came home from Russian captivity in a "
            f"prisoner swap. Among them were {part} {subgroup}.",
            f"The swap was brokered by {mediator}.",
        ],
        [
            f"{total} Ukrainian defenders were freed from Russian captivity on {day} in a swap, "
            f"including {part} {subgroup}."
        ],
        [f"Ukraine and Russia swapped prisoners on {day}: {total} people were returned home."],
        [
            f"On {day}, Ukraine brought {total} of its people back home in an exchange of "
            f"prisoners, {speaker} reported.",
            f"Among them were {part} {subgroup}.",
        ],
    )
    return rng.choice(templates)


def _person_sentence(rng: random.Random, name: str, since: int) -> str:
    rank = rng.choice(RANKS)
    templates = (
        f"Among those who returned was {rank} {name}, held since {since}.",
        f"{rank} {name} had been held in {rng.choice(PLACES)} since {since}, relatives said.",
        f"Relatives of {rank} {name} say the soldier is held in {rng.choice(PLACES)}.",
    )
    return rng.choice(templates)


def swap_calendar(rng: random.Random) -> list[tuple[datetime.date, int]]:
    """Seeded swap days across the period, each with the number of people who came home."""
    span = (END - START).days
    days = sorted(rng.sample(range(span), SWAP_DAYS))
    return [(START + datetime.timedelta(days=d), rng.randint(20, 400)) for d in days]


def articles(count: int, names: list[str], seed: int) -> list[Article]:
    """``count`` distinct items naming persons drawn from ``names`` (written in Latin script)."""
    rng = random.Random(seed)
    swaps = swap_calendar(rng)
    held_by_group = {group: rng.randint(1_000, 9_000) for group in HELD_GROUPS}
    items = []
    for number in range(count):
        swap_day, total = rng.choice(swaps)
        if rng.random() < 0.08:
            total += rng.choice((-5, -2, 3, 10))  # an outlet with another total for the swap
        published = min(END, swap_day + datetime.timedelta(days=rng.randint(0, 20)))
        speaker = rng.choice(SPEAKERS)
        group = rng.choice(HELD_GROUPS)
        held = max(50, held_by_group[group] + rng.randint(-400, 400))
        picked = tuple(rng.sample(names, rng.choice((1, 1, 2)))) if names else ()
        outlet = rng.choice(OUTLETS)
        lines = [
            f"{rng.choice(('Update', 'Briefing', 'Captivity news', 'Report'))} no. {number + 1}: "
            f"{held:,} {group} still held",
            "",
            _held_sentence(rng, day_text(published, rng), held, group, speaker),
            "",
            " ".join(
                _swap_sentences(rng, day_text(swap_day, rng), total, rng.choice(MEDIATORS), speaker)
            ),
            "",
            " ".join(_person_sentence(rng, name, rng.randint(2022, 2024)) for name in picked),
        ]
        text = "\n".join(lines).rstrip() + "\n"
        items.append(Article(text, published, outlet, swap_day, held, picked))
    return items
