"""The examples in docs/interchange.md are run, so the page cannot drift from the code."""

from __future__ import annotations

import doctest

import pytest

from .conftest import ROOT


def test_interchange_doc_examples(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the examples name fixture files from the repository root
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    failed, attempted = doctest.testfile(
        str(ROOT / "docs" / "interchange.md"), module_relative=False, optionflags=flags
    )
    assert attempted > 20
    assert failed == 0
