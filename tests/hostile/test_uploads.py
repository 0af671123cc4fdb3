"""Oversized uploads, many files, archives and zip bombs, through the real app.

The caps: a request body over MAX_BODY is refused with 413 (announced or chunked), a file over
MAX_FILE_BYTES is refused by name, and an archive is unpacked in memory within the limits of
polon.ingest.archives. Every refusal leaves every ledger table as it was.
"""

from __future__ import annotations

import gzip
import io
import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from polon.ingest import archives
from polon.ledger import Ledger
from polon.ledger.accounts import add_user, issue_token
from polon.ledger.db import transaction
from polon.web import create_app
from polon.web.headers import MAX_BODY
from polon.web.upload import MAX_FILE_BYTES
from tests.conftest import FIXTURES, NV_SEED
from tests.hostile.rows import table_counts
from tests.web.conftest import PASSWORD, Site, quick_hashes, site  # noqa: F401 - fixtures

REPORT = b"On 21 September 2022 Ukraine brought home 215 defenders in an exchange, officials said."
LIST = (FIXTURES / "lists" / "en_comma.csv").read_bytes()


@pytest.fixture
def sqlite_site(tmp_path: Path) -> Iterator[Site]:
    """An empty SQLite ledger and an editor, for tests whose cost is in the bytes."""
    with Ledger(f"sqlite:///{tmp_path / 'ledger.db'}") as ledger:
        ledger.init()
        with transaction(ledger._sessions) as session:
            add_user(session, "editor", "editor", PASSWORD, None)
            token = issue_token(session, "editor", None)
        yield Site(ledger, {"editor": token})


def upload(target: Site, files: list[tuple[str, bytes]], client: TestClient | None = None):
    client = client or TestClient(create_app(target.ledger), raise_server_exceptions=False)
    parts = [("files", (name, data, "application/octet-stream")) for name, data in files]
    return client.post("/api/v1/upload", files=parts, headers=target.as_role(client, "editor"))


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def raw_zip(entries: list[tuple[str, int, bytes, int, int | None]]) -> bytes:
    """A zip written by hand: (name, crc, deflated data, declared size, header offset to
    point at instead of this entry's own). Lets a test state sizes and offsets that lie."""
    local, central = io.BytesIO(), io.BytesIO()
    for name, crc, data, size, point_at in entries:
        offset = local.tell()
        encoded = name.encode()
        local.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, len(data),
                                size, len(encoded), 0) + encoded + data)  # fmt: skip
        target = offset if point_at is None else point_at
        fields = (20, 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0, 0, 0, 0, 0, target)
        central.write(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", *fields) + encoded)
    directory = central.getvalue()
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries),
                      len(directory), local.tell(), 0)  # fmt: skip
    return local.getvalue() + directory + end


def zeros_deflated(size: int) -> tuple[int, bytes]:
    """(crc, raw deflate data) of ``size`` zero bytes, compressed once and reused."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    chunk = bytes(1 << 20)
    data = b"".join(compressor.compress(chunk) for _ in range(size >> 20)) + compressor.flush()
    return zlib.crc32(bytes(size)), data


# --- caps on the request and the file --------------------------------------------------


def test_a_file_over_the_limit_is_refused_by_name(sqlite_site: Site):
    before = table_counts(sqlite_site.ledger)
    answer = upload(sqlite_site, [("huge.txt", REPORT + b" " * MAX_FILE_BYTES)])
    assert answer.status_code == 200
    assert answer.json()[0]["error"].startswith("huge.txt: over the limit of")
    assert table_counts(sqlite_site.ledger) == before


def test_a_body_over_the_cap_is_refused_with_or_without_its_length(sqlite_site: Site):
    client = TestClient(create_app(sqlite_site.ledger), raise_server_exceptions=False)
    headers = {**sqlite_site.as_role(client, "editor"), "content-type": "multipart/form-data"}
    before = table_counts(sqlite_site.ledger)
    announced = client.post("/api/v1/upload", content=b"x",
                            headers={**headers, "content-length": str(MAX_BODY + 1)})  # fmt: skip
    assert announced.status_code == 413

    def chunks() -> Iterator[bytes]:  # no Content-Length: the body is counted as it comes
        boundary = b"--b\r\nContent-Disposition: form-data; name=files; filename=a.txt\r\n\r\n"
        yield boundary
        for _ in range(MAX_BODY // (1 << 20) + 1):
            yield bytes(1 << 20)

    form = {**headers, "content-type": "multipart/form-data; boundary=b"}
    chunked = client.post("/api/v1/upload", content=chunks(), headers=form)
    assert chunked.status_code == 413, chunked.text[:200]
    assert table_counts(sqlite_site.ledger) == before


def test_many_files_in_one_form(site: Site):  # noqa: F811
    """Dozens are stored one by one; past the form parser's limit of 1,000 the whole request
    is refused (400) before any is stored."""
    reports = [(f"r{n}.txt", REPORT.replace(b"215", str(100 + n).encode())) for n in range(40)]
    answer = upload(site, reports)
    assert answer.status_code == 200
    assert [r["error"] for r in answer.json()] == [None] * 40
    before = table_counts(site.ledger)
    flood = upload(site, [(f"f{n}.txt", b"x") for n in range(1001)])
    assert flood.status_code == 400
    assert table_counts(site.ledger) == before


# --- archives --------------------------------------------------------------------------


def test_a_zip_of_reports_and_a_list_is_stored_member_by_member(site: Site, tmp_path: Path):  # noqa: F811
    escape = tmp_path / "escaped.txt"
    archive = zipped({
        "reports/nv.txt": NV_SEED.read_bytes(),
        "../../" + str(escape).lstrip("/"): REPORT,  # a path that climbs out
        "/etc/passwd": REPORT.replace(b"215", b"216"),  # an absolute one
        "lists/list.csv": LIST,
        "nested.zip": zipped({"inner.txt": REPORT}),
        "empty/": b"",
    })  # fmt: skip
    answer = upload(site, [("batch.zip", archive)])
    assert answer.status_code == 200
    results = {r["file"]: r for r in answer.json()}
    assert set(results) == {"batch.zip/nv.txt", "batch.zip/escaped.txt", "batch.zip/passwd",
                            "batch.zip/list.csv", "batch.zip/nested.zip"}  # fmt: skip
    assert results["batch.zip/nv.txt"]["created"] is False  # the seed, already in the ledger
    assert results["batch.zip/passwd"]["kind"] == "report" and results["batch.zip/passwd"]["claims"]
    assert results["batch.zip/list.csv"]["kind"] == "list"
    assert "archive inside the archive" in results["batch.zip/nested.zip"]["error"]
    assert not escape.exists() and not Path("/etc/passwd").read_bytes().startswith(b"On 21")
    names = {s["name"] for s in site.ledger.read("sources")}
    assert {"passwd", "escaped.txt"} <= names and not any("etc" in name for name in names)


def test_a_gzip_of_a_report_is_stored(site: Site):  # noqa: F811
    answer = upload(site, [("report.txt.gz", gzip.compress(REPORT))])
    assert [(r["file"], r["kind"], r["error"]) for r in answer.json()] == [
        ("report.txt.gz/report.txt", "report", None)
    ]


@pytest.mark.parametrize(
    ("name", "build", "reason"),
    [
        ("bomb.zip", lambda: _bomb(32), "would unpack to"),  # 2 GiB from 2 MB
        ("one.zip", lambda: _bomb(1, size=64 << 20), "would unpack to 67,108,864 bytes; the limit"),
        ("ratio.zip", lambda: _bomb(1, size=8 << 20), "expands"),
        ("liar.zip", lambda: _liar(), "cannot be unpacked"),
        ("overlap.zip", lambda: _overlapping(), "overlap"),
        ("many.zip", lambda: zipped({f"{n}.txt": b"x" for n in range(1001)}), "1,001 files"),
        ("broken.zip", lambda: zipped({"a.txt": REPORT})[:-30], "not a readable zip"),
        ("fake.zip", lambda: REPORT, "not a zip archive"),
        ("bomb.txt.gz", lambda: gzip.compress(bytes(30 << 20)), "unpacks past 20,971,520"),
        ("list.tar.gz", lambda: gzip.compress(REPORT), "inside the gzip"),
        ("broken.gz", lambda: gzip.compress(REPORT)[:-10], "not a readable gzip"),
    ],
)
def test_a_hostile_archive_is_refused_whole(sqlite_site: Site, name: str, build, reason: str):
    before = table_counts(sqlite_site.ledger)
    answer = upload(sqlite_site, [(name, build())])
    assert answer.status_code == 200
    [result] = answer.json()
    assert result["error"] and result["error"].startswith(f"{name}: "), result
    assert reason in result["error"], result["error"]
    assert table_counts(sqlite_site.ledger) == before


def _bomb(members: int, size: int = 64 << 20) -> bytes:
    crc, data = zeros_deflated(size)
    return raw_zip([(f"zeros{n}.txt", crc, data, size, None) for n in range(members)])


def _liar() -> bytes:
    """A member whose directory entry says 1,000 bytes and whose data inflates to 64 MiB."""
    _, data = zeros_deflated(64 << 20)
    return raw_zip([("small.txt", zlib.crc32(bytes(1000)) ^ 1, data, 1000, None)])


def _overlapping() -> bytes:
    """Two directory entries for one member's data: how a 42 KB file claims petabytes."""
    crc = zlib.crc32(REPORT)
    data = zlib.compress(REPORT)[2:-4]
    return raw_zip([("a.txt", crc, data, len(REPORT), None), ("b.txt", crc, data, len(REPORT), 0)])


def test_the_limits_are_what_the_docs_say():
    assert archives.MAX_MEMBER_BYTES == MAX_FILE_BYTES  # a member is a file uploaded alone
    assert archives.MAX_TOTAL_BYTES <= 5 * MAX_BODY
