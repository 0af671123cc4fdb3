"""Extraction quality and speed: precision, recall and F1 on annotated reports, and throughput
beside trafilatura's own extraction of the same HTML, measured in the same run.

    .venv/bin/python -m bench.extraction [--set dev|test|all] [--errors] [--rounds 5]

The development set (``dev/``) is what the rules are tuned on; the held-out set (``test/``) is
only ever scored, so the gap between the two says how much of the dev score is tuning.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from bench.extraction.score import KINDS, Case, Tally, load_cases, score
from polon.ingest import FuzzyDate, extract, load_document
from polon.ingest.facts import document_facts

HERE = Path(__file__).parent
SETS = {"dev": HERE / "dev", "test": HERE / "test"}


def facts_of(case: Case, raw: bytes | None = None) -> dict:
    """What Polon extracts from one report, given the publication date a user would supply."""
    document = load_document(case.path.read_bytes() if raw is None else raw, str(case.path))
    gold = case.gold
    override = None
    if not gold.get("published_stated") and gold.get("published"):
        override = FuzzyDate.from_iso(gold["published"])
    extraction = extract(document, override)
    published = extraction.published.iso() if extraction.published else None
    return document_facts(document, published, extraction.claims)


def evaluate(cases: list[Case]) -> tuple[dict[str, Tally], int, int]:
    tallies = {kind: Tally() for kind in KINDS}
    dates_right = dates_stated = 0
    for case in cases:
        facts = facts_of(case)
        score(case, facts, tallies)
        if case.gold.get("published_stated"):
            dates_stated += 1
            dates_right += facts["source"]["published"] == case.gold["published"]
    return tallies, dates_right, dates_stated


def print_quality(label: str, cases: list[Case], errors: bool) -> None:
    tallies, dates_right, dates_stated = evaluate(cases)
    print(f"\nExtraction quality, {label} set ({len(cases)} reports)")
    print(f"{'kind':<10} {'gold':>5} {'found':>6} {'right':>6} {'precision':>10} {'recall':>7} "
          f"{'F1':>6}")  # fmt: skip
    for kind, t in tallies.items():
        print(f"{kind:<10} {t.tp + t.fn:>5} {t.tp + t.fp:>6} {t.tp:>6} {t.precision:>10.3f} "
              f"{t.recall:>7.3f} {t.f1:>6.3f}")  # fmt: skip
    print(f"publication dates stated in the documents and read right: {dates_right}/{dates_stated}")
    if errors:
        for kind, t in tallies.items():
            for name, item in t.missed:
                print(f"  missed   {kind:<9} {name}: {item}")
            for name, item in t.spurious:
                print(f"  spurious {kind:<9} {name}: {item}")


def _median_seconds(job, pages: list[bytes], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for page in pages:
            job(page)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def print_speed(cases: list[Case], rounds: int) -> None:
    import trafilatura

    html_cases = [c for c in cases if c.path.suffix in (".html", ".htm")]
    text_cases = [c for c in cases if c not in html_cases]
    if not html_cases:
        return
    pages = [c.path.read_bytes() for c in html_cases]
    by_raw = dict(zip(pages, html_cases, strict=True))

    def trafilatura_alone(raw: bytes) -> None:
        trafilatura.extract(raw.decode("utf-8"))

    def polon(raw: bytes) -> None:
        facts_of(by_raw[raw], raw)

    for job in (trafilatura_alone, polon):  # warm up: imports, compiled patterns, caches
        job(pages[0])
    # Rounds alternate between the two, so a slow spell of the machine weighs on both alike.
    base_times, our_times = [], []
    for _ in range(rounds):
        base_times.append(_median_seconds(trafilatura_alone, pages, 1))
        our_times.append(_median_seconds(polon, pages, 1))
    base, ours = statistics.median(base_times), statistics.median(our_times)
    ratios = sorted(o / b for o, b in zip(our_times, base_times, strict=True))
    texts = [c.path.read_bytes() for c in text_cases]
    by_text = dict(zip(texts, text_cases, strict=True))
    text_time = _median_seconds(lambda raw: facts_of(by_text[raw], raw), texts, rounds)

    print(f"\nThroughput on one core ({len(pages)} HTML pages, {len(texts)} text reports, "
          f"median of {rounds} rounds)")  # fmt: skip
    print(f"{'what':<52} {'ms/doc':>7} {'docs/s':>7} {'÷ trafilatura':>14}")
    rows = [
        ("trafilatura.extract alone, HTML", base, len(pages)),
        ("polon: read, clean, extract all facts, HTML", ours, len(pages)),
    ]
    if texts:
        rows.append(("polon: read, clean, extract all facts, text", text_time, len(texts)))
    per_page_base = base / len(pages)
    for what, seconds, count in rows:
        per_doc = seconds / count
        print(f"{what:<52} {1000 * per_doc:>7.2f} {count / seconds:>7.0f} "
              f"{per_doc / per_page_base:>14.2f}")  # fmt: skip
    print(f"HTML ÷ trafilatura per round (alternating rounds): median "
          f"{statistics.median(ratios):.2f}, range {ratios[0]:.2f}–{ratios[-1]:.2f}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=["dev", "test", "all"], default="all")
    parser.add_argument("--errors", action="store_true", help="List every miss and false find.")
    parser.add_argument("--rounds", type=int, default=5, help="Timing rounds (median is shown).")
    args = parser.parse_args()
    names = ["dev", "test"] if args.set == "all" else [args.set]
    everything: list[Case] = []
    for name in names:
        if not SETS[name].is_dir():
            continue
        cases = load_cases(SETS[name])
        everything += cases
        print_quality(name, cases, args.errors)
    print_speed(everything, args.rounds)


if __name__ == "__main__":
    main()
