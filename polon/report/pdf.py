"""The brief as PDF, with WeasyPrint: a PyPI package, no browser, no download at run time.

WeasyPrint lays out the same HTML and print CSS (A4, a page per section) and draws the inline
SVG charts itself. It needs the Pango text library from the system (Debian:
``libpango-1.0-0``, ``libpangoft2-1.0-0``, which a desktop or chromium already brings); where
it is missing, ``--pdf`` says so and the HTML brief is still written. It is an optional extra
(``pip install 'polon[pdf]'``) so that a server that never prints does not carry it.

Nothing is fetched while rendering: the brief references nothing, and the URL fetcher refuses
any request all the same, so a source URL can never be loaded by making a PDF.
"""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

INSTALL = (
    "--pdf needs WeasyPrint and the Pango library: pip install 'polon[pdf]', and on Debian "
    "apt-get install libpango-1.0-0 libpangoft2-1.0-0"
)


class PdfError(RuntimeError):
    """The PDF cannot be made here; the message says what to install."""


def write_pdf(html: str, path: Path) -> Path:
    """Write ``html`` as an A4 PDF at ``path``; raise PdfError when WeasyPrint cannot run."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as error:  # OSError: the Pango library is missing
        raise PdfError(f"{INSTALL} ({error})") from None
    HTML(string=html, url_fetcher=_refusing_fetcher()).write_pdf(path)
    return path


def _refuse(url: str, *args: object, **kwargs: object) -> NoReturn:
    raise ValueError(f"the brief loads nothing, not even {url[:80]}")


def _refusing_fetcher() -> object:
    """A URL fetcher that fetches nothing: recent WeasyPrint takes a ``URLFetcher`` object,
    older releases a plain function."""
    try:
        from weasyprint.urls import URLFetcher
    except ImportError:
        return _refuse

    class Refusing(URLFetcher):
        def fetch(self, url: str, *args: object, **kwargs: object) -> NoReturn:
            _refuse(url)

    return Refusing()
