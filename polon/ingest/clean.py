"""Turn a web page (raw HTML or text already scraped from one) into article text plus metadata.

Claims point into the cleaned text by character offsets, so cleaning never rewrites a sentence:
it only decides which lines (paragraphs) to keep, and joins them with one blank line. What is
dropped is page furniture: navigation, subscription and donation boxes, "Read also" teasers,
related headlines, image captions and credits, share buttons, bylines (parsed into metadata).

Two entry points, because the two inputs need different tools:

* :func:`clean_html` trusts trafilatura to find the main text of a real HTML page, then removes
  what trafilatura let through (newsletter lines, credits).
* :func:`clean_scraped_text` handles text somebody already scraped, where the page structure is
  gone and trafilatura has nothing to work with; it is a line filter driven by general patterns
  (reader-directed appeals, form labels) and by structure (a line that does not end a sentence is
  a headline, a caption or a button, not article prose).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass
from functools import cache
from html import unescape
from typing import TYPE_CHECKING

from polon.ingest.dates import fold_case

if TYPE_CHECKING:
    from lxml.html import HtmlElement
    from trafilatura.settings import Document as TrafilaturaDocument
    from trafilatura.settings import Extractor as TrafilaturaExtractor

__all__ = ["Cleaned", "clean_html", "clean_scraped_text"]


@dataclass(frozen=True)
class Cleaned:
    """Article text and the metadata found while cleaning it.

    ``text`` is one paragraph per original line, joined by ``"\\n\\n"``; every kept line is
    character for character as in the source. The title is metadata and is not part of ``text``.
    """

    text: str
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    url: str | None = None
    published_text: str | None = None


# --- patterns ------------------------------------------------------------------------------

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# "October 6, 2022", "Oct. 6 2022", "6 October 2022", "2022-10-06", "06.10.2022"
_DATE = (
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}"
    r"|\d{1,2}\.\d{1,2}\.\d{4})"
)
_SEP = r"\s*[,|•·—–-]?\s*"
# what follows a date in a byline: a clock time, a zone, a reading time, "| Author: …"
_DATE_TAIL = (
    rf"(?:{_SEP}\d{{1,2}}[:.]\d{{2}}(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s+[A-Z]{{2,5}})?)?"
    rf"(?:{_SEP}\d+\s+min(?:ute)?s?\s+read)?(?:\s+\|.*)?\s*$"
)
# "Mon, Jan. 6, 2025", "Sat 29 Jul 2023"
_WEEKDAY = r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s+)?"
_BYLINE_RE = re.compile(
    rf"^by\s+(?P<author>.+?)(?:{_SEP}(?P<date>{_DATE}){_DATE_TAIL}|\s*$)", re.IGNORECASE
)
_DATE_LINE_RE = re.compile(
    rf"^(?:(?:published|updated|posted)(?:\s+on)?\s*:?\s*)?{_WEEKDAY}(?P<date>{_DATE}){_DATE_TAIL}",
    re.IGNORECASE,
)
_DESK_RE = re.compile(
    r"^(?P<publisher>.+?)\s+(?:news\s+desk|desk|newsroom|staff|editorial(?:\s+\w+)?|editors)$",
    re.IGNORECASE,
)
_ORIGINAL_RE = re.compile(
    r"^(?:read|see|view)\s+(?:the\s+)?original\s+(?:article|story|post)\s+(?:on|at|in)\s+"
    r"(?P<publisher>.+?)\s*[.!]?$",
    re.IGNORECASE,
)
_URL_LINE_RE = re.compile(r"^(?:(?:source|url|link)\s*:\s*)?(?P<url>https?://\S+)$", re.IGNORECASE)
_HTML_FRAGMENT_RE = re.compile(r"^<[A-Za-z!/][^>]*>")
_TAG_RE = re.compile(r"<[^>]*>")
_LIST_ITEM_RE = re.compile(r"^(?:[-•–—▪●◦]|\d{1,3}[.)])\s+\S")
_QUOTES = '"“”„«»'
_CLOSERS = "\"'“”’»)]"
_SENTENCE_END = ".!?…:;"

# Appeals to the reader: a sentence that opens with one of these is the site talking, not the
# article ("Subscribe", "Support us", "Read also:", "Photo:").
_APPEAL_START = (
    r"subscribe\b",
    r"sign\s*(?:up|in)\b",
    r"log\s*in\b",
    r"support\s+(?:us|our|independent|(?:\w+\s+){0,2}journalism)\b",
    r"donate\b",
    r"make\s+a\s+(?:one-time\s+)?donation",
    r"become\s+a\s+(?:member|patron|subscriber|supporter|donor)\b",
    r"join\s+(?:us|our)\b",
    r"enter\s+(?:your|a\s+valid|a\s+correct|correct|valid)\b",
    r"please,?\s+(?:enter|subscribe|support|consider|donate|sign|log|check|confirm|try)\b",
    r"thanks?(?:\s+you)?\s+for\s+(?:signing|subscribing|registering|joining|reading|your\s+"
    r"(?:support|donation|subscription|interest))",
    r"we(?:['’]ve|\s+have)\s+sent\s+you\b",
    r"check\s+your\s+(?:inbox|e-?mail)",
    r"(?:you\s+(?:have\s+been\s+|are\s+|['’]re\s+)?)?successfu?l+y\s+(?:subscribed|signed|registered)",
    r"follow\s+us\b",
    r"like\s+us\s+on\b",
    r"share\s+(?:this|on|via|the\s+article)\b",
    r"click\s+here\b",
    r"download\s+(?:our|the)\s+(?:\w+\s+)?app\b",
    r"help\s+us\s+(?:keep|continue|to|do|bring|tell)\b",
    r"don['’]t\s+miss\b",
    r"get\s+(?:our|the\s+latest|the\s+best|the\s+news)\b",
    r"(?:read|see|watch|listen)\s+(?:also|more|next|too)\b",
    r"(?:also\s+read|more\s+news|editors['’]?\s+picks|most\s+read|top\s+stories)\b",
    r"related(?:\s+(?:articles?|news|stories|posts?|reading|topics?))?\s*:",
    r"(?:read|see|view)\s+(?:the\s+)?(?:original|full)\s+(?:article|story|post)\b",
    r"listen\s+to\s+(?:this|the)\s+(?:article|story)\b",
    r"(?:this\s+)?audio\b[^.]*\b(?:ai|generated|created|narrated|voiced)\b",
    r"skip\s+to\b",
    r"edit\s+(?:post|page|article)\b",
    r"back\s+to\s+top\b",
    r"\*?\s*indicates\s+(?:a\s+)?required\b",
    r"(?:photo|image|picture|illustration|video|credit)s?(?:\s+credit)?\s*[:/]",
    r"(?:photo|image)s?\s+by\b",
    r"(?:advertisement|sponsored(?:\s+content)?)\s*$",
    # the same furniture on Ukrainian and Russian sites
    r"чита(?:йте|ти)\s+(?:також|більше|ще|также|еще|ещё)\b",
    r"(?:підпи(?:шіться|суйтеся|суйтесь|сатися)|подпи(?:шитесь|сывайтесь|саться))\b",
    r"(?:підтрима(?:йте|ти)|поддержи(?:те)?)\s+(?:нас|наш|незалежн|независим)",
    r"фото\s*:",
)
_APPEAL_ALTERNATIVES = "|".join(_APPEAL_START)
# at the start of the line (unless the line opens with a quotation mark: then it is speech) ...
_APPEAL_LINE_RE = re.compile(rf"^(?:{_APPEAL_ALTERNATIVES})", re.IGNORECASE)
# ... or at the start of any later sentence, checked only on lines without quotation marks. (The
# full stop is matched rather than looked behind at, so the engine can skip ahead to one.)
_APPEAL_SENTENCE_RE = re.compile(rf"[.!?…]\s+(?:{_APPEAL_ALTERNATIVES})", re.IGNORECASE)
# Phrases that mark a whole short line as site furniture wherever they occur in it.
_FURNITURE_PHRASES = (
    r"in\s+your\s+inbox",
    r"confirmation\s+e-?mail",
    r"our\s+(?:free\s+|daily\s+|weekly\s+)?newsletter",
    r"this\s+(?:free\s+|daily\s+|weekly\s+)?newsletter",
    r"newsletter\s+(?:sign|subscri)",
    r"all\s+rights\s+reserved",
    r"privacy\s+policy",
    r"terms\s+(?:of\s+(?:use|service)|and\s+conditions)",
    r"we\s+use\s+cookies",
    r"one-time\s+donation",
    r"as\s+little\s+as\s+[$€£]",
    r"become\s+a\s+patron",
)
# ... and at the start of a line only
_FURNITURE_LINE_STARTS = (r"©", r"\(c\)\s*\d{4}", r"copyright\s+(?:©\s*)?\d{4}")
# These are searched in fold_case(line), without re.IGNORECASE, and each phrase starts with a
# letter rather than a group or an anchor: then the regex engine skips ahead to the letters a
# phrase can start with instead of trying every phrase at every position. They are tried on
# every short line, and written the plain way they cost more than the rest of the filter.
_FURNITURE_RE = re.compile("|".join(_FURNITURE_PHRASES))
_FURNITURE_LINE_START_RE = re.compile("|".join(_FURNITURE_LINE_STARTS))
# "email address" is a form label in a short line, but can be article content in a long one.
_FORM_LABEL_RE = re.compile(r"e-?mail(?:\s+address)?|password|required\s+field")

_FURNITURE_MAX_WORDS = 60
_FORM_LABEL_MAX_WORDS = 8
_TITLE_MIN_WORDS = 3
_TITLE_MAX_WORDS = 30
_PROSE_MIN_WORDS_BEFORE_COLON = 3


# --- line classification ---------------------------------------------------------------------


def _words(line: str) -> int:
    return len(line.split())


def _ends_sentence(line: str) -> bool:
    """True when a line ends like prose (., !, ?, …, or a colon/semicolon after a few words).

    Headlines, captions, buttons and menu entries do not end with sentence punctuation; this is
    the structural test that removes them without knowing their wording.
    """
    core = line.rstrip().rstrip(_CLOSERS).rstrip()
    if not core or core[-1] not in _SENTENCE_END:
        return False
    if core[-1] in ":;":
        return _words(core) >= _PROSE_MIN_WORDS_BEFORE_COLON
    return True


def _is_boilerplate(line: str) -> bool:
    """True for a line that is the site speaking to its reader (forms, appeals, teasers, credits).

    Appeals are recognised by how a sentence opens ("Subscribe", "Support us", "Read also"); past
    the start of the line only on lines without quotation marks, so that a quoted "Join us" in a
    speech is kept.
    """
    words = _words(line)
    if words > _FURNITURE_MAX_WORDS:
        return False
    if _APPEAL_LINE_RE.match(line):
        return True
    quoted = any(q in line for q in _QUOTES)
    if not quoted and _APPEAL_SENTENCE_RE.search(line):
        return True
    folded = fold_case(line)
    if _FURNITURE_LINE_START_RE.match(folded) or _FURNITURE_RE.search(folded):
        return True
    return words <= _FORM_LABEL_MAX_WORDS and bool(_FORM_LABEL_RE.search(folded))


def _parse_byline(line: str) -> tuple[str, str | None] | None:
    """Return (author, date as written) for a "by NAME [DATE ...]" line, else None."""
    if _ends_sentence(line):
        return None
    match = _BYLINE_RE.match(line)
    if not match:
        return None
    author = match.group("author").strip(" ,|•·—–-")
    if match.group("date") is None and (not author[:1].isupper() or _words(author) > 6):
        return None  # without a date, only a short capitalised name is a byline
    return author, match.group("date")


def _publisher_from_author(author: str) -> str | None:
    """'The Kyiv Independent news desk' is the publisher's own desk: name the publisher."""
    match = _DESK_RE.match(author)
    return match.group("publisher") if match else None


def _caption_indices(lines: list[str]) -> set[int]:
    """Indices of lines immediately repeated (image captions are scraped twice: alt + caption)."""
    marked: set[int] = set()
    for i in range(len(lines) - 1):
        if lines[i] and lines[i] == lines[i + 1]:
            marked.update((i, i + 1))
    return marked


def _is_title_candidate(line: str) -> bool:
    return (
        not _ends_sentence(line)
        and _TITLE_MIN_WORDS <= _words(line) <= _TITLE_MAX_WORDS
        and not _LIST_ITEM_RE.match(line)
    )


# --- scraped text ----------------------------------------------------------------------------


class _ScrapedFilter:
    """One pass over the lines of a scraped page, collecting kept paragraphs and metadata."""

    def __init__(self) -> None:
        self.kept: list[str] = []
        self.seen: set[str] = set()
        self.title: str | None = None
        self.author: str | None = None
        self.publisher: str | None = None
        self.byline_publisher: str | None = None
        self.url: str | None = None
        self.published: str | None = None
        self.list_context = False
        self.credit_after_fragment: str | None = None

    def feed(self, line: str) -> None:
        credit, self.credit_after_fragment = self.credit_after_fragment, None
        if line == credit:
            return
        if _HTML_FRAGMENT_RE.match(line):
            self.credit_after_fragment = _TAG_RE.sub("", line).strip() or None
            return
        if self._take_metadata(line):
            return
        if _is_boilerplate(line):
            self.list_context = False
            return
        if self.title is None and not self.kept and _is_title_candidate(line):
            self.title = line
            return
        self._take_content(line)

    def _take_metadata(self, line: str) -> bool:
        """Consume lines that are metadata (source note, byline, dateline, bare URL)."""
        if match := _ORIGINAL_RE.match(line):
            self.publisher = self.publisher or match.group("publisher")
            return True
        if byline := _parse_byline(line):
            author, date = byline
            self.author = self.author or author
            self.published = self.published or date
            self.byline_publisher = self.byline_publisher or _publisher_from_author(author)
            return True
        if match := _DATE_LINE_RE.match(line):
            self.published = self.published or match.group("date")
            return True
        if match := _URL_LINE_RE.match(line):
            self.url = self.url or match.group("url")
            return True
        return False

    def _take_content(self, line: str) -> None:
        if line == self.title or line in self.seen:
            return
        if _ends_sentence(line):
            self.list_context = line.rstrip().endswith(":")
        elif not (self.list_context or _LIST_ITEM_RE.match(line)):
            return  # a headline, caption, button or menu entry
        self.kept.append(line)
        self.seen.add(line)

    def result(self) -> Cleaned:
        return Cleaned(
            text="\n\n".join(self.kept),
            title=self.title,
            publisher=self.publisher or self.byline_publisher,
            author=self.author,
            url=self.url,
            published_text=self.published,
        )


def clean_scraped_text(text: str) -> Cleaned:
    """Clean text already scraped from a web page into article paragraphs plus metadata.

    The title is the first substantial line that is not a sentence (before any prose); it is
    returned in ``title`` and is NOT included in ``text``. Kept lines are unchanged apart from
    surrounding whitespace, and joined with one blank line, so evidence offsets land on the
    source's own words. A line is dropped when it is page furniture (see :func:`_is_boilerplate`),
    an HTML fragment (and the bare credit word scraped after it), a line immediately repeated
    (a caption), a repeat of an earlier kept line, or a line that does not end a sentence
    (headlines, captions, menu entries) unless it is a list item or follows a line ending in ':'.
    """
    lines = [line.strip() for line in text.splitlines()]
    captions = _caption_indices(lines)
    state = _ScrapedFilter()
    for index, line in enumerate(lines):
        if line and index not in captions:
            state.feed(line)
        elif line:
            state.credit_after_fragment = None
    return state.result()


# --- HTML ------------------------------------------------------------------------------------

# Captions and credits: trafilatura keeps some of them as paragraphs. Elements that hold
# paragraphs are spared, so that a wrapper with "caption" in a class name cannot eat the article.
_PRUNE_XPATH = [
    "//figcaption",
    # elements by their class; found from the class attributes, which is twice as fast as
    # testing every element of the page
    "//@class[contains(., 'copyright') or contains(., 'credit') or contains(., 'caption')]"
    "/parent::*[not(.//p)]",
    # tables that are mostly links are navigation, not data
    "//table[count(.//a) * 2 >= count(.//td | .//th) and count(.//a) > 0]",
]


_TITLE_TAG_RE = re.compile(r"<title[^>]*>(?P<title>.*?)</title>", re.IGNORECASE | re.DOTALL)
_TITLE_SITE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ")


def _site_from_title_tag(html: str, title: str | None) -> str | None:
    """'Headline | Site' in <title>: the part beside the headline names the site."""
    match = _TITLE_TAG_RE.search(html)
    if not match or not title:
        return None
    full = " ".join(unescape(match.group("title")).split())
    for separator in _TITLE_SITE_SEPARATORS:
        if full.startswith(title + separator):
            return full[len(title) + len(separator) :].strip() or None
        if full.endswith(separator + title):
            return full[: -len(title) - len(separator)].strip() or None
    return None


def _paragraphs(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _keep_html_lines(lines: Iterable[str], title: str | None) -> tuple[list[str], str | None]:
    """Drop title repeats, bylines and furniture from trafilatura's lines; return byline author."""
    kept: list[str] = []
    author: str | None = None
    for line in lines:
        if line == title or _is_boilerplate(line) or _ORIGINAL_RE.match(line):
            continue
        if byline := _parse_byline(line):
            author = author or byline[0]
            continue
        if line not in kept:
            kept.append(line)
    return kept, author


# htmldate's options: the date the page's markup states (no guessing from the body text), and
# the original publication date rather than the latest update.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def _page_metadata(tree: HtmlElement) -> TrafilaturaDocument:
    """Title, site name, author, canonical URL and date of a parsed page, as trafilatura reads them.

    The steps of ``trafilatura.metadata.extract_metadata``, in its order, less the host name,
    categories, tags and licence: Polon uses none of them, and they cost nearly half of that
    function's time (about 0.5 ms a page). tests/ingest/test_html_metadata.py checks that the
    fields kept equal trafilatura's own on every HTML page of the evaluation set, so an upgrade
    of trafilatura that changes its steps shows there.
    """
    from htmldate import find_date
    from trafilatura.metadata import (
        META_URL,
        examine_meta,
        extract_author,
        extract_meta_json,
        extract_sitename,
        extract_title,
        extract_url,
    )

    metadata = examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None
    with suppress(Exception):  # trafilatura logs and ignores errors in JSON-LD, and so do we
        metadata = extract_meta_json(tree, metadata)
    if not metadata.title:
        metadata.title = extract_title(tree)
    if not metadata.author:
        metadata.author = extract_author(tree)
    if not metadata.url:
        metadata.url = extract_url(tree)
    metadata.date = find_date(tree, **_DATE_PARAMS, url=metadata.url)
    if not metadata.sitename:
        metadata.sitename = extract_sitename(tree)
    if metadata.sitename:
        site = metadata.sitename.lstrip("@")  # a Twitter handle
        if site and "." not in site and not site[0].isupper():
            site = site.title()
        metadata.sitename = site
    elif metadata.url and (match := META_URL.match(metadata.url)):
        metadata.sitename = match[1]
    metadata.clean_and_trim()
    return metadata


@cache
def _extraction_options() -> TrafilaturaExtractor:
    """How trafilatura extracts the main text: comments, images, links and formatting left out.

    Built once (trafilatura only reads it, and copies it to change it): building it reads
    trafilatura's configuration anew, which costs as much as cleaning the page's lines.
    """
    from trafilatura.settings import Extractor

    return Extractor(
        output_format="python",
        comments=False,
        tables=True,
        images=False,
        links=False,
        formatting=False,
    )


def clean_html(html: str) -> Cleaned:
    """Extract the main article text of an HTML page with trafilatura, plus its metadata.

    Comments, tables of links, images, captions and credits are left out; the date is the ISO
    date trafilatura reads from the page's metadata (no guessing from the body text). The title
    is metadata and is not repeated in ``text``. Returns empty text when no sentence is found
    (trafilatura falls back to whatever text a page has, such as its menu).

    The page is parsed once: metadata is read from the tree (see :func:`_page_metadata`) and the
    main text extracted from a copy of it, as ``bare_extraction(with_metadata=True)`` would do.
    """
    from trafilatura import bare_extraction, load_html  # heavy import, only needed for HTML

    tree = load_html(html)
    if tree is None:
        return Cleaned(text="")
    try:
        metadata = _page_metadata(tree)
    except (TypeError, ValueError):  # what bare_extraction turns into "no document"
        return Cleaned(text="")
    document = bare_extraction(tree, options=_extraction_options(), prune_xpath=_PRUNE_XPATH)
    if document is None or isinstance(document, dict):  # a dict only comes with as_dict=True
        return Cleaned(text="")
    title = metadata.title or None
    kept, byline_author = _keep_html_lines(_paragraphs(document.text), title)
    if not any(_ends_sentence(line) for line in kept):
        kept = []  # a menu or a list of headlines that trafilatura fell back to: no article
    return Cleaned(
        text="\n\n".join(kept),
        title=title,
        publisher=metadata.sitename or _site_from_title_tag(html, title),
        author=metadata.author or byline_author,
        url=metadata.url or None,
        published_text=metadata.date or None,
    )
