"""The links a source lists: an RSS/Atom feed (feedparser), a sitemap or news sitemap, or a
list page of links. Every link comes out canonical (`canonical_url`), at most `MAX_LINKS`.

A listing that cannot be read raises `ListingError` with the reason, which the watcher keeps
on the source.
"""

from __future__ import annotations

import zlib

import feedparser
import lxml.html
from lxml import etree

from dateline.errors import DatelineError
from dateline.ingest.fetch import canonical_url

MAX_LINKS = 200  # per listing and poll: a sitemap of 50,000 old pages is not a news stream
MAX_SITEMAPS = 10  # child sitemaps read from one sitemap index
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class ListingError(DatelineError):
    """A feed, sitemap or list page whose links could not be read."""

    stage = "ingest"


def _web(url: str | None) -> str | None:
    if not url or not url.strip().lower().startswith(("http://", "https://")):
        return None
    return canonical_url(url.strip())


def _first(urls: list[str | None]) -> list[str]:
    return list(dict.fromkeys(u for u in urls if u))[:MAX_LINKS]


def feed_links(body: bytes) -> list[str]:
    """The entries' links of an RSS or Atom feed. A malformed feed is refused only when
    feedparser recovers no web link from it (feeds with small faults are common)."""
    parsed = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
    links = _first([_web(entry.get("link") or entry.get("id")) for entry in parsed.entries])
    if not links and (parsed.bozo or not parsed.get("version")):
        reason = parsed.get("bozo_exception") or "no RSS or Atom feed in it"
        raise ListingError(f"not a readable feed: {reason}")
    return links


def gunzip_capped(body: bytes, limit: int) -> bytes:
    """A .xml.gz sitemap's bytes, refused when they would pass `limit` (a gzip bomb)."""
    if body[:2] != b"\x1f\x8b":
        return body
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(body, limit + 1)
    except zlib.error as error:
        raise ListingError(f"broken gzip: {error}") from None
    if len(out) > limit:
        raise ListingError(f"unpacks to more than {limit:,} bytes")
    return out


def sitemap_links(body: bytes, limit: int) -> tuple[list[str], list[str]]:
    """(page links, child sitemap links) of a sitemap, news sitemap or sitemap index."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(gunzip_capped(body, limit), parser)
    except etree.XMLSyntaxError as error:
        raise ListingError(f"not a readable sitemap: {error}") from None
    if root is None or etree.QName(root).localname not in ("urlset", "sitemapindex"):
        raise ListingError("not a sitemap: no <urlset> or <sitemapindex>")
    locs = [_web(loc.text) for loc in root.iter(f"{SITEMAP_NS}loc", "loc")]
    if etree.QName(root).localname == "sitemapindex":
        return [], _first(locs)[:MAX_SITEMAPS]
    return _first(locs), []


def page_links(body: bytes, base: str) -> list[str]:
    """Links of a list page to deeper pages of the same site: /world/2024/05/story, not the
    home page, a section's root or another site."""
    try:
        tree = lxml.html.fromstring(body, base_url=base)
    except (ValueError, etree.ParserError) as error:
        raise ListingError(f"not a readable page: {error}") from None
    tree.make_links_absolute(base, handle_failures="discard")
    home = canonical_url(base)
    site = home.split("/")[2]
    found = []
    for anchor in tree.iter("a"):
        url = _web(anchor.get("href"))
        if not url or url == home or url.split("/")[2] != site:
            continue
        path = url.split("/", 3)[3] if url.count("/") >= 3 else ""
        if (
            path.count("/") >= 1
            or path.endswith((".html", ".htm"))
            or any(c.isdigit() for c in path)
        ):
            found.append(url)
    return _first(found)
