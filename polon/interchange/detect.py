"""Open a person list whatever it is: PFIF XML, Polon JSON or CSV, in whichever encoding.

The format is read from the content, not the file name: lists arrive as "список.txt",
"export.xls" that is really CSV, or PFIF saved as ".dat". Ukrainian government extracts
are often Windows-1251 rather than UTF-8, and Excel adds a byte-order mark, so the encoding
is detected too and reported in ``ParsedList.encoding``.
"""

from __future__ import annotations

import codecs
import datetime as dt
from pathlib import Path

from polon.interchange.csv_lists import read_csv_text
from polon.interchange.json_lists import read_json_text
from polon.interchange.pfif_read import read_pfif
from polon.interchange.records import ListError, ParsedList

DEFAULT_MAX_BYTES = 200 * 1024 * 1024
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"  # old .xls and .doc


def decode(data: bytes, path: str) -> tuple[str, str]:
    """(text, encoding): UTF-8 with or without a BOM, UTF-16 with a BOM, else Windows-1251.

    Valid UTF-8 is almost never accidental for Cyrillic text, so UTF-8 is tried first and
    cp1251 is the fallback; the one byte cp1251 cannot decode (0x98) means neither fits.
    """
    try:
        if data.startswith(codecs.BOM_UTF8):
            return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict"), "utf-8-sig"
        if data.startswith(_UTF16_BOMS):
            return data.decode("utf-16"), "utf-16"
    except UnicodeDecodeError as error:  # a BOM promised an encoding the bytes do not keep
        label = "UTF-16" if error.encoding.startswith("utf-16") else "UTF-8"
        raise ListError(path, None, f"the file starts as {label} but is not {label} from "
                        f"byte {error.start} on ({error.reason})") from None  # fmt: skip
    for encoding in ("utf-8", "cp1251"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise ListError(path, None, "the text is neither UTF-8 nor Windows-1251; save it as UTF-8")


def sniff_format(data: bytes) -> str:
    """The format, "pfif" (XML), "json" or "csv", from the first non-blank character."""
    head = data[:4096]
    if head.startswith(_UTF16_BOMS):
        start = head.decode("utf-16", errors="ignore")
    else:
        start = head.removeprefix(codecs.BOM_UTF8).decode("latin-1")
    start = start.lstrip()
    if start.startswith("<"):
        return "pfif"
    if start.startswith("{"):
        return "json"
    return "csv"


def read_bytes(
    data: bytes,
    path: str,
    mapping: dict[str, str] | None = None,
    *,
    now: dt.datetime | None = None,
) -> ParsedList:
    """Parse a list held in memory; ``path`` only names it in messages."""
    if not data.strip():
        raise ListError(path, None, "the file is empty")
    if data.startswith((_ZIP, _OLE)):
        raise ListError(path, None, "this is a spreadsheet or archive, not text; save the "
                        "sheet as CSV (UTF-8) and import that")  # fmt: skip
    kind = sniff_format(data)
    if kind != "csv" and mapping:
        raise ListError(path, None, f"--map is for CSV lists; this file is {kind.upper()}")
    if kind == "pfif":
        return read_pfif(data, path, now=now)
    text, encoding = decode(data, path)
    if "\x00" in text:
        raise ListError(path, None, "the file holds NUL bytes; it is not a text list")
    if kind == "json":
        return read_json_text(text, path)
    return read_csv_text(text, path, mapping, encoding=encoding)


def read_list(
    path: Path | str,
    mapping: dict[str, str] | None = None,
    *,
    now: dt.datetime | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> ParsedList:
    """Read a CSV, PFIF (1.1–1.4) or Polon JSON person list, choosing by content.

    ``mapping`` ({field: column header}, see ``parse_mapping``) overrides the header
    names for CSV. ``now`` is the time against which PFIF expiry dates are judged (default:
    the current UTC time). A file over ``max_bytes`` is refused before it is read, so a
    huge or hostile file cannot exhaust memory. Raises ``ListError`` (or ``ListErrors``,
    with every bad row) and returns nothing partial.
    """
    path = Path(path)
    size = path.stat().st_size
    if size > max_bytes:
        raise ListError(str(path), None, f"the file is {size:,} bytes, over the limit of "
                        f"{max_bytes:,}")  # fmt: skip
    with path.open("rb") as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:  # it grew while we looked
        raise ListError(str(path), None, f"the file is over the limit of {max_bytes:,} bytes")
    return read_bytes(data, str(path), mapping, now=now)
