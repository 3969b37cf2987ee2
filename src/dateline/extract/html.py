"""HTML pages: trafilatura finds the main text, title and date; the page's own metadata adds
exact publication and update times.

Comments are left out (`include_comments=False`): readers' replies are not the story and
would put other people's claims into the record.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from datetime import datetime

import htmldate
import trafilatura
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from dateline.errors import ExtractError
from dateline.extract.stamps import parse_datetime, plausible_page_date

_PUBLISHED_KEYS = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "date",
    "dc.date.issued",
    "sailthru.date",
    "parsely-pub-date",
)
_UPDATED_KEYS = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "lastmod",
    "last-modified",
    "dc.date.modified",
)
_JSON_LD_DATE = re.compile(r'"(datePublished|dateModified)"\s*:\s*"([^"]{8,40})"')
_FRAGMENT = re.compile(r"\s*<[a-z]", re.IGNORECASE)  # starts with a tag
_FULL_PAGE = re.compile(r"<(?:html|body|head)\b|<!doctype", re.IGNORECASE)
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " « ", " » ")


@dataclass
class HtmlParts:
    """What the HTML itself says: main text (one paragraph a line), title, dates, language."""

    text: str
    title: str | None = None
    url: str | None = None
    site: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    language: str | None = None  # the page's declared `lang`, primary subtag


def extract_html(html: str, url: str | None = None) -> HtmlParts:
    """Main text and metadata of an HTML page, or `ExtractError` when it holds no article."""
    chars = len(html)
    tree = load_html(html)
    if tree is None and _FRAGMENT.match(html) and not _FULL_PAGE.search(html):
        # A fragment ("<p>KABUL - A bomb killed ...</p>"): trafilatura takes markup that
        # does not start with an html tag or doctype, and has one element, for something
        # else than HTML. Given a page around it, it reads it like any page.
        html = f"<html><body>{html}</body></html>"
        tree = load_html(html)
    if tree is None:
        raise ExtractError(
            f"no article text found in the HTML ({chars:,} characters): it could not be "
            "parsed as a web page; check that the file is HTML and not truncated"
        )
    published, updated = _meta_dates(tree, html)
    language = _declared_language(tree)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = _trafilatura(html, url)
    text = (found.text if found else "") or ""
    if not text.strip():
        text = _baseline_text(html)
    if not text.strip():
        raise ExtractError(
            f"no article text found in the HTML ({chars:,} characters): the page may be "
            "a navigation or index page, empty, or need JavaScript to show its text; save "
            "the rendered page or its plain text and try again"
        )
    title = found.title if found else None
    site_name = found.sitename if found else None
    if published is None:
        date = (found.date if found else None) or _htmldate(html, url)
        published = plausible_page_date(parse_datetime(date)) if date else None
    return HtmlParts(
        text=text,
        title=strip_site_name(title, site_name) if title else None,
        url=found.url if found else None,
        site=found.hostname if found else None,
        published=published,
        updated=updated,
        language=language,
    )


def strip_site_name(title: str, site_name: str | None) -> str:
    """The title without a suffix naming the site ("Army retakes Palmyra | Sky News").

    A title with no such suffix is returned as it is."""
    title = " ".join(title.split())
    if not site_name:
        return title
    wanted = site_name.casefold().replace("www.", "")
    for separator in _TITLE_SEPARATORS:
        head, sep, tail = title.rpartition(separator)
        if sep and head and tail.casefold().strip() in (wanted, wanted.split(".")[0]):
            return head.strip()
    return title


def _trafilatura(html: str, url: str | None) -> trafilatura.settings.Document | None:
    """trafilatura's extraction; a second, recall-oriented try for short or odd pages."""
    options = {"url": url, "include_comments": False, "with_metadata": True}
    try:
        found = trafilatura.bare_extraction(html, **options)
        if found is None or not (found.text or "").strip():
            retry = trafilatura.bare_extraction(html, favor_recall=True, **options)
            found = retry if retry is not None else found
    except Exception:  # trafilatura raises assorted errors on pathological markup
        return None
    return found  # type: ignore[return-value]


def _baseline_text(html: str) -> str:
    """Last resort for tiny or unusual pages: JSON-LD articleBody, <article> or <p> text."""
    try:
        _, text, _ = trafilatura.baseline(html)
    except Exception:
        return ""
    return text or ""


def _htmldate(html: str, url: str | None) -> str | None:
    try:
        return htmldate.find_date(html, url=url, original_date=True, extensive_search=False)
    except Exception:
        return None


def _meta_dates(tree: HtmlElement, html: str) -> tuple[datetime | None, datetime | None]:
    """Publication and update times from <meta>, <time> and JSON-LD, with time of day."""
    values: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (
            meta.get("property")
            or meta.get("name")
            or meta.get("itemprop")
            or meta.get("http-equiv")
            or ""
        ).casefold()
        content = meta.get("content")
        if key and content and key not in values:
            values[key] = content
    for match in _JSON_LD_DATE.finditer(html[:500_000]):
        values.setdefault(match.group(1).casefold(), match.group(2))
    return _first_date(values, _PUBLISHED_KEYS), _first_date(values, _UPDATED_KEYS)


def _first_date(values: dict[str, str], keys: tuple[str, ...]) -> datetime | None:
    for key in keys:
        if key in values:
            when = plausible_page_date(parse_datetime(values[key]))
            if when is not None:
                return when
    return None


def _declared_language(tree: HtmlElement) -> str | None:
    root = tree.getroottree().getroot()
    lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") or ""
    primary = lang.strip().split("-")[0].split("_")[0].lower()
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None
