"""Read one document file into a :class:`Document`: the exact bytes, and the cleaned article text.

Everything that can go wrong with a file (missing, empty, binary, wrongly encoded, too large,
nothing but boilerplate) surfaces as one :class:`DocumentError` whose ``str()`` is
``"NAME: reason"``, so a batch import can report a bad file and go on with the next.
"""

from __future__ import annotations

import codecs
import pathlib
import re
from dataclasses import dataclass

from polon.ingest.clean import Cleaned, clean_html, clean_scraped_text

__all__ = ["Document", "DocumentError", "load_document", "read_document"]

TEXT_PLAIN = "text/plain"
TEXT_HTML = "text/html"

# Checked before decoding: a named type tells the user what they fed in by mistake.
_MAGIC_NUMBERS: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office document"),
)
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

# Declared charsets as browsers read them (WHATWG Encoding): pages labelled Latin-1 or ASCII are
# decoded as windows-1252, which is what their authors' tools actually wrote.
_CHARSET_AS_BROWSERS_READ = {"iso8859-1": "cp1252", "ascii": "cp1252"}
# Python codecs that are not page encodings; a server naming one is wrong, not clever. UTF-16/32
# without a BOM cannot get this far (their NUL bytes read as binary), so such a label is wrong too.
_NOT_PAGE_CHARSETS = {"unicode-escape", "raw-unicode-escape", "idna", "punycode", "undefined"}
_NOT_PAGE_CHARSET_PREFIXES = ("utf-16", "utf-32")

_HTML_START_RE = re.compile(r"<!doctype\s+html|<html[\s>]", re.IGNORECASE)
_BLOCK_TAG_RE = re.compile(
    r"<(?:p|div|article|section|main|header|footer|nav|h[1-6]|ul|ol|li|table|body|head)[\s>]",
    re.IGNORECASE,
)
# Extraction time grows with the text (about 3 s per million characters on one core); a longer
# text is a dump of many reports, not one, and is refused rather than read for minutes.
MAX_TEXT_CHARS = 1_000_000
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_HTML_SNIFF_CHARS = 4096
_MIN_BLOCK_TAGS = 3

_WORD_RE = re.compile(r"[^\W\d_]+")
_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
_MIN_CYRILLIC_WORDS = 2
_MIN_PURE_CYRILLIC_SHARE = 0.8


class DocumentError(Exception):
    """A document that cannot be read; str() is 'NAME: reason' so the CLI can print it as is."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


@dataclass(frozen=True)
class Document:
    """A read document: the bytes as stored, and the cleaned text claims' offsets point into."""

    name: str
    raw: bytes
    media_type: str
    text: str
    title: str | None
    publisher: str | None
    author: str | None
    url: str | None
    published_text: str | None


def read_document(path: pathlib.Path, max_bytes: int = 20_000_000) -> Document:
    """Read and clean the file at ``path``; the size limit is checked before reading it whole."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise DocumentError(name, _too_large(size, max_bytes))
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)  # the file may have grown since stat()
    except OSError as error:
        raise DocumentError(name, error.strerror or str(error)) from error
    if len(raw) > max_bytes:
        raise DocumentError(name, _too_large(len(raw), max_bytes))
    return load_document(raw, name)


def load_document(
    raw: bytes, name: str, *, media_type: str | None = None, encoding: str | None = None
) -> Document:
    """Decode ``raw`` (named ``name`` in messages), detect HTML, and clean it into article text.

    A web server states what it sends, which content sniffing can miss (a short page at a URL
    without ``.html``): ``media_type`` (``text/html`` or ``text/plain``) then skips sniffing, and
    ``encoding`` (a Content-Type charset) is tried before detection. A BOM still wins over the
    charset, and a charset that is unknown or does not fit the bytes is ignored.
    """
    if media_type not in (None, TEXT_HTML, TEXT_PLAIN):
        raise ValueError(f"media_type must be {TEXT_HTML!r} or {TEXT_PLAIN!r}, not {media_type!r}")
    if not raw.strip():
        raise DocumentError(name, "empty file")
    kind = _binary_kind(raw)
    if kind is not None:
        raise DocumentError(name, f"not a text document ({kind})")
    text = _decode(raw, name, encoding)
    if not text.strip():
        raise DocumentError(name, "empty file")
    if media_type is None:
        media_type = TEXT_HTML if _looks_like_html(text, name) else TEXT_PLAIN
    cleaned = _clean(text, media_type, name)
    if not cleaned.text.strip():
        raise DocumentError(name, "no article text found")
    if len(cleaned.text) > MAX_TEXT_CHARS:
        raise DocumentError(
            name,
            f"article text too long ({len(cleaned.text):,} characters; the limit is "
            f"{MAX_TEXT_CHARS:,}): split it into its reports",
        )
    return Document(
        name=name,
        raw=raw,
        media_type=media_type,
        text=cleaned.text,
        title=cleaned.title,
        publisher=cleaned.publisher,
        author=cleaned.author,
        url=cleaned.url,
        published_text=cleaned.published_text,
    )


def _too_large(size: int, max_bytes: int) -> str:
    return f"too large ({size:,} bytes; the limit is {max_bytes:,})"


def _binary_kind(raw: bytes) -> str | None:
    """Name the binary type of ``raw`` if it is one (NUL bytes mean binary unless a UTF BOM)."""
    for magic, kind in _MAGIC_NUMBERS:
        if raw.startswith(magic):
            return kind
    if raw.startswith(_UTF16_BOMS) or raw.startswith(_UTF32_BOMS):
        return None  # UTF-16/32 text legitimately contains NUL bytes
    if b"\x00" in raw:
        return "binary data"
    return None


def _decode(raw: bytes, name: str, encoding: str | None = None) -> str:
    """UTF-8 (with or without BOM), UTF-16/32 with BOM, the declared ``encoding`` if it fits,
    else cp1251 if it reads as Cyrillic.

    cp1251 decodes almost any byte string, so it is accepted only when the result looks like
    Cyrillic words rather than Latin words with stray letters (Latin-1 text read as cp1251).
    """
    if raw.startswith(_UTF8_BOM):
        return _decode_as(raw, "utf-8-sig", "UTF-8", name)
    if raw.startswith(_UTF32_BOMS):
        return _decode_as(raw, "utf-32", "UTF-32", name)
    if raw.startswith(_UTF16_BOMS):
        return _decode_as(raw, "utf-16", "UTF-16", name)
    declared = _decode_declared(raw, encoding) if encoding else None
    if declared is not None:
        return _normalize_newlines(declared)
    try:
        return _normalize_newlines(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        fallback = _try_cp1251(raw)
        if fallback is not None:
            return _normalize_newlines(fallback)
        raise DocumentError(name, _decode_reason("UTF-8", error)) from error


def _decode_declared(raw: bytes, encoding: str) -> str | None:
    """``raw`` decoded with a server's charset, or None when the charset cannot be trusted.

    Single-byte charsets decode any bytes, so a wrong one fails silently; servers often label
    UTF-8 pages with a default Latin-1. Bytes that are valid UTF-8 beyond ASCII are UTF-8 (a
    legacy text almost never is), so such a label is ignored and detection reads them.
    """
    try:
        codec = codecs.lookup(encoding.strip().strip("\"'")).name
    except (LookupError, ValueError):
        return None
    if codec in _NOT_PAGE_CHARSETS or codec.startswith(_NOT_PAGE_CHARSET_PREFIXES):
        return None
    if not codec.startswith("utf") and not raw.isascii():
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return None
    for candidate in (_CHARSET_AS_BROWSERS_READ.get(codec, codec), codec):
        try:
            return raw.decode(candidate)
        except (UnicodeDecodeError, LookupError):
            continue
    return None


def _decode_as(raw: bytes, codec: str, label: str, name: str) -> str:
    try:
        return _normalize_newlines(raw.decode(codec))
    except UnicodeDecodeError as error:
        raise DocumentError(name, _decode_reason(label, error)) from error


def _decode_reason(label: str, error: UnicodeDecodeError) -> str:
    byte = error.object[error.start]
    return f"not {label} text (byte 0x{byte:02x} at offset {error.start})"


def _try_cp1251(raw: bytes) -> str | None:
    try:
        text = raw.decode("cp1251")
    except UnicodeDecodeError:
        return None
    return text if _is_plausibly_cyrillic(text) else None


def _is_plausibly_cyrillic(text: str) -> bool:
    """Most words with Cyrillic letters must be wholly Cyrillic, and there must be a few."""
    cyrillic_words = [w for w in _WORD_RE.findall(text) if _CYRILLIC_RE.search(w)]
    if len(cyrillic_words) < _MIN_CYRILLIC_WORDS:
        return False
    pure = sum(1 for w in cyrillic_words if all(_CYRILLIC_RE.match(c) for c in w))
    return pure / len(cyrillic_words) >= _MIN_PURE_CYRILLIC_SHARE


def _normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_like_html(text: str, name: str) -> bool:
    """HTML by content: a doctype/<html> near the start, several block tags, or one block tag in
    an .html file. Scraped text with a stray inline tag (<span>) stays plain text."""
    if _HTML_START_RE.search(text[:_HTML_SNIFF_CHARS]):
        return True
    block_tags = len(_BLOCK_TAG_RE.findall(text))
    if block_tags >= _MIN_BLOCK_TAGS:
        return True
    return block_tags > 0 and pathlib.PurePath(name).suffix.lower() in _HTML_SUFFIXES


def _clean(text: str, media_type: str, name: str) -> Cleaned:
    if media_type == TEXT_PLAIN:
        return clean_scraped_text(text)
    try:
        return clean_html(text)
    except Exception as error:  # trafilatura/lxml may fail in many ways on broken markup
        raise DocumentError(name, f"HTML could not be parsed ({error})") from error
