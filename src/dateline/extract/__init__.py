"""The extract stage: `Document -> Article` (clean text and page metadata, no NLP).

Bytes are decoded (`decode`), HTML goes through trafilatura (`html`), and the resulting text,
or scraped plain text, is sorted into story, headline, dateline, credit, date stamps and page
chrome (`text`). Hints supplied with the document (`url`, `published`, `updated`, `title`)
win over anything guessed from the page.
"""

from __future__ import annotations

from datetime import datetime

from dateline.errors import ExtractError
from dateline.extract.chrome import credit_of, is_chrome, load_rules
from dateline.extract.dateline import read_dateline
from dateline.extract.decode import decode_bytes
from dateline.extract.html import HtmlParts, extract_html
from dateline.extract.language import guess_language
from dateline.extract.site import is_web_url, site_of
from dateline.extract.stamps import (
    day_without_year,
    parse_dated,
    parse_datetime,
    read_stamp,
    url_date,
)
from dateline.extract.text import CleanText, clean_text, split_paragraphs
from dateline.model import Article, Document

__all__ = [
    "CleanText",
    "HtmlParts",
    "clean_text",
    "credit_of",
    "decode_bytes",
    "extract_article",
    "extract_html",
    "guess_language",
    "is_chrome",
    "is_html",
    "load_rules",
    "parse_datetime",
    "read_dateline",
    "read_stamp",
    "site_of",
    "split_paragraphs",
]

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_HTML_STARTS = ("<!doctype html", "<html", "<?xml")


def is_html(media_type: str, text: str) -> bool:
    """HTML by declared type, or by its opening when a reader labelled it plain text."""
    if media_type.split(";")[0].strip().lower() in _HTML_TYPES:
        return True
    head = text.lstrip()[:200].lower()
    return head.startswith(_HTML_STARTS) and "<body" in text[:100_000].lower()


def extract_article(document: Document) -> Article:
    """Clean text and page metadata of one document.

    Raises `ExtractError` (with what is wrong and what to do) for empty, binary or
    undecodable documents and for pages with no article text.
    """
    raw_text = decode_bytes(document.raw)
    hints = {k: v.strip() for k, v in document.hints.items() if isinstance(v, str) and v.strip()}
    url = hints.get("url") or (document.uri if is_web_url(document.uri) else None)
    hint_title = " ".join(hints["title"].split()) if "title" in hints else None

    page = None
    if is_html(document.media_type, raw_text):
        page = extract_html(raw_text, url)
        cleaned = clean_text(page.text, title=hint_title or page.title, unwrap=False)
    else:
        cleaned = clean_text(raw_text, title=hint_title)

    if not cleaned.text:
        where = "in the HTML" if page else "in the text"
        removed = f" ({len(cleaned.chrome)} page-furniture lines removed)" if cleaned.chrome else ""
        raise ExtractError(
            f"no article text found {where}{removed}: the document holds only navigation, "
            "date stamps or credits; check that it is the article page and not an index page"
        )

    url = url or (page.url if page else None)
    return Article(
        document_id=document.id,
        text=cleaned.text,
        title=cleaned.title,
        url=url,
        site=site_of(url) or (page.site.removeprefix("www.") if page and page.site else None),
        credit=cleaned.credit,
        dateline_place=cleaned.dateline_place,
        page_published=_hinted(hints, "published")
        or (page.published if page else None)
        or cleaned.published
        or url_date(url),
        page_day=day_without_year(hints.get("published")),
        page_updated=_hinted(hints, "updated")
        or (page.updated if page else None)
        or cleaned.updated,
        language=_language(cleaned.text, page),
        chrome=cleaned.chrome,
    )


def _hinted(hints: dict[str, str], key: str) -> datetime | None:
    """A date hint, parsed; a hint that is not a date, or names no year ("Wed Nov 23",
    "9:55 AM ET"), is ignored rather than fatal or guessed."""
    value = hints.get(key)
    return parse_dated(value) if value else None


def _language(text: str, page: HtmlParts | None) -> str | None:
    guessed = guess_language(text)
    if guessed:
        return guessed
    declared = page.language if page else None
    return declared if declared and declared != "en" else None
