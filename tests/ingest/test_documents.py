"""Reading files into Documents, and every way a file can fail, each named in the message."""

from __future__ import annotations

import pathlib

import pytest

from polon.ingest.documents import Document, DocumentError, load_document, read_document

SEEDS = pathlib.Path(__file__).resolve().parents[2] / "polon" / "examples"
NV_SEED = SEEDS / "000_d73107fb2a416f50.txt"
KI_SEED = SEEDS / "003_9316b3fbb6d58c58.txt"

STATEMENT = (
    "Another 38 of our people are home today, among them two medics who had been held since "
    "the spring of 2022. We will keep working until every prisoner returns to Ukraine."
)
HTML_PAGE = """\
<!doctype html>
<html><head>
<title>Forty soldiers come home in overnight swap | Steppe Herald</title>
<meta property="og:site_name" content="Steppe Herald">
<meta property="article:published_time" content="2023-03-14T08:30:00+02:00">
</head><body>
<nav><a href="/">Home</a> <a href="/war">War</a></nav>
<article><h1>Forty soldiers come home in overnight swap</h1>
<p>Forty Ukrainian soldiers returned from Russian custody early on Tuesday, the coordination
office for prisoners said in a morning statement.</p>
<figure><img src="/bus.jpg" alt=""><figcaption>A bus at the border.</figcaption></figure>
<p>In return, Ukraine handed over thirty-eight Russian service members, according to the
office.</p></article>
<footer><p>All rights reserved.</p></footer>
</body></html>
"""
CYRILLIC_STATEMENT = (
    "Сьогодні додому повернулися ще 38 наших захисників. "
    "Ми продовжуємо роботу, щоб повернути всіх, хто залишається в полоні."
)


def _write(tmp_path: pathlib.Path, name: str, data: bytes) -> pathlib.Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _error(path: pathlib.Path, **kwargs: int) -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        read_document(path, **kwargs)
    return caught.value


# --- documents that read -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seed", "publisher", "first_words"),
    [
        (NV_SEED, "The New Voice of Ukraine", "A general from Russia’s Main Intelligence"),
        (KI_SEED, "The Kyiv Independent", "Russian military intelligence attempted"),
    ],
    ids=["nv", "ki"],
)
def test_seed_reads_as_plain_text_article(
    seed: pathlib.Path, publisher: str, first_words: str
) -> None:
    document = read_document(seed)
    assert document.raw == seed.read_bytes()
    assert document.name == str(seed)
    assert document.media_type == "text/plain"
    assert document.publisher == publisher
    assert document.text.startswith(first_words)
    assert document.title is not None and document.title not in document.text


def test_seed_byline_metadata() -> None:
    document = read_document(KI_SEED)
    assert document.author == "The Kyiv Independent news desk"
    assert document.published_text == "October 6, 2022"


def test_html_detected_from_content_not_extension(tmp_path: pathlib.Path) -> None:
    document = read_document(_write(tmp_path, "saved-page.txt", HTML_PAGE.encode("utf-8")))
    assert document.media_type == "text/html"
    assert document.title == "Forty soldiers come home in overnight swap"
    assert document.publisher == "Steppe Herald"
    assert document.published_text == "2023-03-14"
    assert "<p>" not in document.text and "thirty-eight Russian service members" in document.text


def test_one_stray_tag_in_scraped_text_does_not_make_it_html() -> None:
    assert load_document(NV_SEED.read_bytes(), "nv.html").media_type == "text/plain"


def test_statement_post_read_whole(tmp_path: pathlib.Path) -> None:
    document = read_document(_write(tmp_path, "post.txt", STATEMENT.encode("utf-8")))
    assert isinstance(document, Document)
    assert document.text == STATEMENT
    assert document.title is None


def test_utf8_bom_is_not_part_of_the_text(tmp_path: pathlib.Path) -> None:
    data = b"\xef\xbb\xbf" + STATEMENT.encode("utf-8")
    document = read_document(_write(tmp_path, "bom.txt", data))
    assert document.text == STATEMENT
    assert document.raw == data


def test_utf16_with_bom_is_read(tmp_path: pathlib.Path) -> None:
    document = read_document(_write(tmp_path, "utf16.txt", STATEMENT.encode("utf-16")))
    assert document.text == STATEMENT


def test_cp1251_cyrillic_is_read(tmp_path: pathlib.Path) -> None:
    document = read_document(_write(tmp_path, "cp1251.txt", CYRILLIC_STATEMENT.encode("cp1251")))
    assert document.text == CYRILLIC_STATEMENT


def test_crlf_line_ends_are_normalised(tmp_path: pathlib.Path) -> None:
    first, second = STATEMENT.split(". ", 1)
    data = f"{first}.\r\n\r\n{second}\r\n".encode()
    assert read_document(_write(tmp_path, "crlf.txt", data)).text == f"{first}.\n\n{second}"


# --- documents that fail -------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"

BAD_DOCUMENTS = [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\n \t\n", "empty file"),
    ("photo.txt", PNG, "not a text document (PNG image)"),
    ("report.pdf", PDF, "not a text document (PDF document)"),
    ("bundle.zip", b"PK\x03\x04\x14\x00\x00\x00", "not a text document (ZIP archive)"),
    ("anim.gif", b"GIF89a\x01\x00\x01\x00", "not a text document (GIF image)"),
    ("pic.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF", "not a text document (JPEG image)"),
    ("nul.txt", b"text with a \x00 NUL byte", "not a text document (binary data)"),
    (
        "latin1.txt",
        "Les défenseurs sont rentrés à la maison.".encode("latin-1"),
        "not UTF-8 text (byte 0xe9 at offset 5)",
    ),
    ("broken.txt", b"Forty came home.\xff\xfe\n", "not UTF-8 text (byte 0xff at offset 16)"),
    (
        "boilerplate.txt",
        b"Skip to content\nSubscribe\n* indicates required\nSupport us just once\n"
        b"Read also: Another headline here\nNews Feed\n",
        "no article text found",
    ),
    (
        "menu.html",
        b"<!doctype html><html><body><nav><a href='/'>Home</a></nav></body></html>",
        "no article text found",
    ),
]


@pytest.mark.parametrize(
    ("file_name", "data", "reason"), BAD_DOCUMENTS, ids=[case[0] for case in BAD_DOCUMENTS]
)
def test_bad_documents_raise_with_file_name(
    tmp_path: pathlib.Path, file_name: str, data: bytes, reason: str
) -> None:
    path = _write(tmp_path, file_name, data)
    error = _error(path)
    assert error.name == str(path)
    assert error.reason == reason
    assert str(error) == f"{path}: {reason}"


def test_too_large_via_max_bytes(tmp_path: pathlib.Path) -> None:
    path = _write(tmp_path, "big.txt", STATEMENT.encode("utf-8"))
    error = _error(path, max_bytes=100)
    assert str(error).startswith(f"{path}: too large (")
    assert "100" in error.reason


def test_exactly_max_bytes_is_accepted(tmp_path: pathlib.Path) -> None:
    data = STATEMENT.encode("utf-8")
    path = _write(tmp_path, "fits.txt", data)
    assert read_document(path, max_bytes=len(data)).text == STATEMENT


def test_missing_file(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "nowhere.txt"
    error = _error(path)
    assert str(error) == f"{path}: No such file or directory"


def test_directory_is_not_a_document(tmp_path: pathlib.Path) -> None:
    error = _error(tmp_path)
    assert str(error).startswith(f"{tmp_path}: ")
    assert error.reason


def test_load_document_names_its_input() -> None:
    with pytest.raises(DocumentError, match=r"^pasted: empty file$"):
        load_document(b"", "pasted")


def test_document_error_is_an_exception_with_parts() -> None:
    error = DocumentError("a.txt", "empty file")
    assert isinstance(error, Exception)
    assert (error.name, error.reason, str(error)) == ("a.txt", "empty file", "a.txt: empty file")
