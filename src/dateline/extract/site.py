"""The site a page belongs to, from its URL: what analysts group and filter sources by."""

from __future__ import annotations

from urllib.parse import urlsplit


def site_of(url: str | None) -> str | None:
    """The host without "www." ("https://www.bbc.com/x" -> "bbc.com"), or None."""
    if not url:
        return None
    if "://" not in url and not url.startswith("//"):
        url = "//" + url  # "bbc.com/news" has a host too
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host.removeprefix("www.")


def is_web_url(uri: str | None) -> bool:
    """True for http(s) addresses, the only URIs that name a page on the web."""
    return bool(uri) and uri.lower().startswith(("http://", "https://"))  # type: ignore[union-attr]
