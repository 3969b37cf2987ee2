"""Decoding: every kind of bad input is refused with a message that says what it is."""

from __future__ import annotations

import gzip
import io
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.errors import ExtractError
from dateline.extract import decode_bytes, extract_article
from dateline.model import Document


def test_utf8_with_bom_is_stripped() -> None:
    assert decode_bytes("\ufeffDamascus — Syria’s army".encode()) == "Damascus — Syria’s army"


def test_utf16_with_bom() -> None:
    assert decode_bytes("Aleppo shelled".encode("utf-16")) == "Aleppo shelled"


def test_latin1_text_without_declaration_is_detected() -> None:
    text = (
        "Le président a déclaré que l'armée contrôlait la ville après des combats très violents "
        "près de la frontière. Les forces gouvernementales ont été déployées à Alep."
    )
    assert decode_bytes(text.encode("latin-1")) == text


def test_cp1252_quotes_in_english_text() -> None:
    text = "The minister said: “We will not retreat.” Officials’ statements followed. " * 5
    assert decode_bytes(text.encode("cp1252")) == text


def test_declared_meta_charset_wins_over_guessing() -> None:
    html = '<html><head><meta charset="iso-8859-1"></head><body><p>Zürich café</p></body></html>'
    assert "Zürich café" in decode_bytes(html.encode("latin-1"))


def test_http_equiv_charset() -> None:
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
        "</head><body><p>Москва</p></body></html>"
    )
    assert "Москва" in decode_bytes(html.encode("cp1251"))


@pytest.mark.parametrize("raw", [b"", b"   \n\t  \r\n"])
def test_empty_and_whitespace_are_refused(raw: bytes) -> None:
    with pytest.raises(ExtractError, match="nothing to analyse"):
        decode_bytes(raw)


def test_empty_message_says_zero_bytes() -> None:
    with pytest.raises(ExtractError, match=r"empty \(0 bytes\)"):
        decode_bytes(b"")


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "hello")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("raw", "what"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (_zip_bytes(), "ZIP"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (gzip.compress(b"<html>news</html>"), "gzip"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"WARC/1.0\r\nWARC-Type: response\r\n", "WARC"),
    ],
)
def test_known_binary_formats_are_named(raw: bytes, what: str) -> None:
    with pytest.raises(ExtractError, match=what):
        decode_bytes(raw)


def test_nul_bytes_mean_binary() -> None:
    with pytest.raises(ExtractError, match="NUL bytes"):
        decode_bytes(b"some text\x00\x00\x01more")


def test_control_characters_mean_binary() -> None:
    with pytest.raises(ExtractError, match="control characters"):
        decode_bytes(bytes(range(1, 32)) * 20 + b"text")


def test_undecodable_noise_is_refused_with_advice() -> None:
    noise = bytes((i * 37 + 128) % 128 + 128 for i in range(3000))
    with pytest.raises(ExtractError, match="UTF-8"):
        decode_bytes(noise)


def test_extract_article_reports_binary_documents() -> None:
    doc = Document.from_bytes(b"%PDF-1.4 ...", "file:report.pdf", "text/plain")
    with pytest.raises(ExtractError, match="pdftotext"):
        extract_article(doc)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600))
def test_any_bytes_give_text_or_extract_error(raw: bytes) -> None:
    try:
        assert isinstance(decode_bytes(raw), str)
    except ExtractError as error:
        assert str(error)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400))
def test_any_text_gives_article_or_extract_error(text: str) -> None:
    doc = Document.from_bytes(text.encode("utf-8", "surrogatepass"), "memory:", "text/plain")
    try:
        article = extract_article(doc)
    except ExtractError:
        return
    assert article.text.strip()
