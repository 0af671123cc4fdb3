"""Evidence highlighting: a source's text cut into segments, each knowing which claims cite it.

Claims may overlap (one sentence can support an exchange and a figure), so the text is cut
at every span boundary and each segment carries the set of claims covering it. The template
escapes each segment; no markup is ever spliced into source text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Segment:
    text: str
    claims: tuple[int, ...]


def segments(text: str, claims: list[dict[str, Any]]) -> list[Segment]:
    spans = []
    for claim in claims:
        start, end = claim["span"]
        start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
        if end > start:
            spans.append((start, end, claim["id"]))
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        covering = tuple(sorted(i for s, e, i in spans if s <= start and end <= e))
        out.append(Segment(text[start:end], covering))
    return out
