"""Archives uploaded in place of their files: a .zip of reports or lists, or one .gz file.

An archive is unpacked in memory and each member is handed on as if it had been uploaded
alone; nothing is written to disk, and a member's path inside the archive is reduced to its
last part, so ``../../etc/passwd`` or ``/etc/passwd`` only ever names a source ("passwd").

A small archive can expand to gigabytes (a zip bomb), so the sizes are checked twice: first
as the zip's central directory states them, which refuses an honest bomb before a byte is
inflated; then while reading, counting the bytes that actually come out and stopping at the
limit, because the directory can lie. Members whose data overlap (the trick that lets a
42 KB file claim petabytes) are refused outright: no real tool writes them.
"""

from __future__ import annotations

import gzip
import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO

__all__ = ["ArchiveError", "Member", "is_archive", "unpack"]

# A folder of reports is a few hundred files; an export of lists a handful.
MAX_MEMBERS = 1000
# The same as one uploaded file: a member is treated as if it had been uploaded alone.
MAX_MEMBER_BYTES = 20 * 1024 * 1024
# All members are held in memory before any is stored, so that a refused archive stores none.
MAX_TOTAL_BYTES = 100 * 1024 * 1024
# Reports and lists deflate 3-10 times, and a page of repeated markup up to ~50; a zip bomb
# deflates about 1,000 times. Small members may be as compressible as they like.
MAX_RATIO = 200
RATIO_FROM_BYTES = 1024 * 1024
ARCHIVE_SUFFIXES = (".zip", ".gz")
_CHUNK = 64 * 1024
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_GZIP_MAGIC = b"\x1f\x8b"
_NESTED = (".zip", ".gz", ".tgz", ".tar", ".7z", ".rar", ".bz2", ".xz")
_LOCAL_HEADER = 30  # bytes before a zip member's name and data


class ArchiveError(Exception):
    """An archive refused whole; str() is 'NAME: reason', as for a DocumentError."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name, self.reason = name, reason


@dataclass(frozen=True)
class Member:
    """One file of an archive: its name (the last part of its path) and bytes, or why it
    was left out (a nested archive)."""

    name: str
    data: bytes = b""
    error: str | None = None


def is_archive(name: str) -> bool:
    """Archives are recognised by name: a spreadsheet is a zip too, and is not unpacked."""
    return name.lower().endswith(ARCHIVE_SUFFIXES)


def unpack(name: str, data: bytes) -> list[Member]:
    """The members of the archive ``data`` (named ``name`` in messages); ArchiveError when
    it is broken, too large unpacked, or built to mislead."""
    if name.lower().endswith(".gz"):
        return [_gunzip(name, data)]
    if not data.startswith(_ZIP_MAGIC):
        raise ArchiveError(name, "not a zip archive")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = [info for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as error:
        raise ArchiveError(name, f"not a readable zip archive ({error})") from None
    _check_directory(name, infos)
    members: list[Member] = []
    total = 0
    for info in infos:
        member = _member_name(info.filename)
        if member.lower().endswith(_NESTED):
            members.append(Member(member, error="an archive inside the archive is not unpacked"))
            continue
        try:
            with archive.open(info) as stream:
                content = _read_capped(stream, name, member, MAX_TOTAL_BYTES - total)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as error:
            raise ArchiveError(name, f"{member} cannot be unpacked ({error})") from None
        total += len(content)
        members.append(Member(member, content))
    return members


def _check_directory(name: str, infos: list[zipfile.ZipInfo]) -> None:
    """Refuse on what the central directory states, before anything is inflated."""
    if len(infos) > MAX_MEMBERS:
        raise ArchiveError(name, f"{len(infos):,} files; the limit is {MAX_MEMBERS:,}")
    declared = sum(info.file_size for info in infos)
    if declared > MAX_TOTAL_BYTES:
        raise ArchiveError(name, f"would unpack to {declared:,} bytes; the limit is "
                           f"{MAX_TOTAL_BYTES:,}")  # fmt: skip
    for info in infos:
        member = _member_name(info.filename)
        if info.flag_bits & 0x1:
            raise ArchiveError(name, f"{member} is encrypted")
        if info.file_size > MAX_MEMBER_BYTES:
            raise ArchiveError(name, f"{member} would unpack to {info.file_size:,} bytes; the "
                               f"limit is {MAX_MEMBER_BYTES:,}")  # fmt: skip
        if info.file_size > RATIO_FROM_BYTES and info.file_size > MAX_RATIO * info.compress_size:
            ratio = info.file_size // max(info.compress_size, 1)
            raise ArchiveError(name, f"{member} expands {ratio:,} times; a zip bomb is not "
                               "unpacked")  # fmt: skip
    _check_overlap(name, infos)


def _check_overlap(name: str, infos: list[zipfile.ZipInfo]) -> None:
    """Each member's data must end before the next member's header starts."""
    spans = sorted(
        (info.header_offset, info.header_offset + _LOCAL_HEADER + len(info.filename.encode())
         + info.compress_size, info.filename)
        for info in infos
    )  # fmt: skip
    for (start, end, member), (next_start, _, other) in zip(spans, spans[1:], strict=False):
        if next_start < end or next_start == start:
            pair = f"{_member_name(member)} and {_member_name(other)}"
            raise ArchiveError(name, f"the files {pair} overlap; a zip bomb is not unpacked")


def _member_name(path: str) -> str:
    """The last part of a member's path: never a directory, never absolute."""
    parts = [p for p in PurePosixPath(path.replace("\\", "/")).parts if p not in ("/", "..", ".")]
    return parts[-1] if parts else "unnamed"


def _read_capped(stream: IO[bytes], name: str, member: str, room: int) -> bytes:
    """Read ``stream`` counting bytes; stop past the member's limit or the archive's room."""
    limit = min(MAX_MEMBER_BYTES, room)
    chunks: list[bytes] = []
    size = 0
    while chunk := stream.read(_CHUNK):
        size += len(chunk)
        if size > limit:
            what = f"{member} unpacks past" if limit == MAX_MEMBER_BYTES else "unpacks past"
            raise ArchiveError(name, f"{what} {limit:,} bytes (more than it declared); a zip "
                               "bomb is not unpacked")  # fmt: skip
        chunks.append(chunk)
    return b"".join(chunks)


def _gunzip(name: str, data: bytes) -> Member:
    """The one file of a .gz, named by the archive less its suffix."""
    member = _member_name(name[: -len(".gz")]) if len(name) > 3 else "unnamed"
    if not data.startswith(_GZIP_MAGIC):
        raise ArchiveError(name, "not a gzip file")
    if member.lower().endswith(".tar") or member.lower().endswith(_NESTED):
        raise ArchiveError(name, "an archive inside the gzip file is not unpacked; upload a .zip")
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            content = _read_capped(stream, name, member, MAX_MEMBER_BYTES)
    except (OSError, EOFError, zlib.error) as error:
        raise ArchiveError(name, f"not a readable gzip file ({error})") from None
    if len(content) > RATIO_FROM_BYTES and len(content) > MAX_RATIO * len(data):
        raise ArchiveError(name, f"expands {len(content) // len(data):,} times; a gzip bomb "
                           "is not unpacked")  # fmt: skip
    return Member(member, content)
