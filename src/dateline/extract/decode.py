"""Bytes to text: the first thing that can go wrong with a page, so every refusal says why.

Order of trust: a byte-order mark, then strict UTF-8 (most of the web), then the charset the
page declares, then a statistical guess that is only accepted when it is confident.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from dateline.errors import ExtractError

# Known binary formats, by their first bytes: what it is, and what the user can do instead.
MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "a PDF file", "convert it to text first (e.g. `pdftotext file.pdf`)"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx/.epub)", "unzip it or export it as text"),
    (b"\x1f\x8b", "gzip-compressed data", "decompress it first (`gunzip`)"),
    (b"BZh", "bzip2-compressed data", "decompress it first (`bunzip2`)"),
    (b"\xfd7zXZ\x00", "xz-compressed data", "decompress it first (`unxz`)"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data", "decompress it first (`unzstd`)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image", "feed the page's text or HTML, not an image"),
    (b"\xff\xd8\xff", "a JPEG image", "feed the page's text or HTML, not an image"),
    (b"GIF8", "a GIF image", "feed the page's text or HTML, not an image"),
    (b"RIFF", "a RIFF container (WebP image, WAV audio or AVI video)", "feed text or HTML"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file", "export it as text or HTML"),
    (b"WARC/", "a WARC web archive", "read it with the WARC reader (`dateline ingest`)"),
)

# A text file may hold a few control characters; a share above this means binary data.
MAX_CONTROL_SHARE = 0.05
# charset_normalizer's "chaos" (0 = clean text, 1 = noise) above which a guess is refused.
MAX_CHAOS = 0.2

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([a-z0-9_.:-]+)""",
    re.IGNORECASE,
)
# Browsers read these labels as windows-1252 (WHATWG Encoding Standard); so do we.
_AS_CP1252 = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "ascii", "us-ascii"}
_CONTROL = frozenset(range(32)) - {9, 10, 12, 13}


def decode_bytes(raw: bytes) -> str:
    """Decode a document's bytes to text or raise `ExtractError` saying what is wrong."""
    if not raw:
        raise ExtractError("document is empty (0 bytes): nothing to analyse")
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            text = _strict(raw[len(bom) :], encoding)
            if text is None:
                raise ExtractError(
                    f"document starts with a {encoding} byte-order mark but is not valid "
                    f"{encoding}: re-save it as UTF-8"
                )
            return _require_content(text, len(raw))
    _reject_binary(raw)
    text = _strict(raw, "utf-8")
    if text is None:
        text = _declared(raw)
    if text is None:
        text = _detected(raw)
    if text is None:
        raise ExtractError(
            f"document ({len(raw):,} bytes) could not be decoded: it is not UTF-8, declares no "
            "usable charset and its encoding cannot be detected confidently; re-save it as UTF-8"
        )
    return _require_content(text, len(raw))


def looks_binary(raw: bytes) -> str | None:
    """What binary data the bytes look like ("a PDF file", ...), or None for text."""
    for magic, what, _ in MAGIC:
        if raw.startswith(magic):
            return what
    head = raw[:8192]
    if b"\x00" in head:
        return "binary data (it contains NUL bytes)"
    controls = sum(1 for b in head if b in _CONTROL)
    if controls / len(head) > MAX_CONTROL_SHARE:
        return f"binary data ({controls / len(head):.0%} control characters)"
    return None


def _reject_binary(raw: bytes) -> None:
    for magic, what, advice in MAGIC:
        if raw.startswith(magic):
            raise ExtractError(f"document looks like {what}, not text or HTML: {advice}")
    what = looks_binary(raw)
    if what:
        raise ExtractError(
            f"document looks like {what}, not text or HTML: check that the file is a web page "
            "or a text file"
        )


def _require_content(text: str, size: int) -> str:
    if not text.strip():
        raise ExtractError(
            f"document contains only whitespace ({size:,} bytes): nothing to analyse"
        )
    return text


def _strict(raw: bytes, encoding: str) -> str | None:
    try:
        return raw.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _declared(raw: bytes) -> str | None:
    """Decode with the charset a <meta> tag or XML declaration names, if it fits the bytes."""
    match = _META_CHARSET.search(raw[:4096])
    if not match:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii", "ignore").lower()
    if label in _AS_CP1252:
        return _strict(raw, "cp1252") or _strict(raw, "latin-1")
    return _strict(raw, label)


def _detected(raw: bytes) -> str | None:
    """A statistical guess, accepted only when charset_normalizer sees little noise."""
    best = charset_normalizer.from_bytes(raw[:200_000]).best()
    if best is None or best.chaos > MAX_CHAOS:
        return None
    return _strict(raw, best.encoding)
