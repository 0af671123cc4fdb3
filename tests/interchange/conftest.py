"""Shared paths and a comparison that ignores where in a file a record was read."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from polon.interchange import NoteRecord, PersonRecord

ROOT = Path(__file__).resolve().parents[2]
LISTS = ROOT / "tests" / "fixtures" / "lists"
# Google Person Finder's six PFIF test files, kept unchanged in the repository (see their README).
PFIF = ROOT / "tests" / "fixtures" / "pfif"
NOW = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


def unplaced(record: PersonRecord | NoteRecord) -> PersonRecord | NoteRecord:
    """The record without its source line numbers (they describe the file, not the record)."""
    if isinstance(record, PersonRecord):
        notes = [dataclasses.replace(n, line=None) for n in record.notes]
        return dataclasses.replace(record, line=None, notes=notes)
    return dataclasses.replace(record, line=None)


@pytest.fixture
def pfif_dir() -> Path:
    return PFIF
