"""Errors for whole files: one exception that carries every bad row.

A list is imported all or nothing. Stopping at the first bad row would make a user fix a
5,000-row file one line per attempt, so the readers collect every problem first and raise
them together, each still a ``ListError`` with its own line and field.
"""

from __future__ import annotations

from collections.abc import Sequence

from polon.interchange.records import ListError


class ListErrors(ListError):
    """Several bad rows or records in one file; ``errors`` holds each, in file order."""

    def __init__(self, path: str, errors: Sequence[ListError]):
        self.errors: list[ListError] = sorted(errors, key=lambda e: e.line or 0)
        count = len(self.errors)
        lines = "\n".join(f"  {error}" for error in self.errors)
        noun = "problem" if count == 1 else "problems"
        super().__init__(path, None, f"{count} {noun}; nothing was imported:\n{lines}")


def raise_collected(path: str, errors: Sequence[ListError]) -> None:
    """Raise the collected errors, if any, as one ``ListErrors`` (even for one, so that a
    caller always finds the rows in ``.errors``)."""
    if errors:
        raise ListErrors(path, errors)
