"""Ingest one page from the web app or the API: analyse it and store the outcome.

The same `analyze` and `save_result` as the CLI; a page that cannot be analysed is stored as
failed with its reason, exactly as `dateline ingest` does.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy import Engine, select

from dateline.errors import DatelineError
from dateline.ingest.fetch import (
    EVERYWHERE,
    Fetcher,
    FetchError,
    HostLimits,
    IPNetwork,
    Politeness,
    RobotsCache,
    allowed_networks,
    is_public,
    media_type_of,
    resolve_checked,
)
from dateline.model import Article, Document, Failure
from dateline.pipeline import analyze
from dateline.settings import Settings
from dateline.store import document_status, save_result
from dateline.store.schema import mentions

# Moved to `dateline.ingest.fetch` (issue 18: one fetcher for every URL); named here too.
__all__ = [
    "EVERYWHERE",
    "FetchError",
    "IPNetwork",
    "IngestOutcome",
    "allowed_networks",
    "fetch",
    "ingest_document",
    "is_public",
    "media_type_of",
    "resolve_checked",
]
FETCH_SECONDS = 20.0  # for a whole fetch, redirects included
NEUTRAL = "refused, unreachable, too slow, too large, or not a page"
log = logging.getLogger(__name__)
# Shared by every fetch of this process: robots.txt is read once an hour per site, and one
# site is not asked faster than the polite rate whoever asks.
_HOSTS = HostLimits()
_ROBOTS = RobotsCache()


@dataclass
class IngestOutcome:
    document_id: str
    outcome: str  # "new", "known" or "failed"
    reason: str | None = None
    event_ids: list[int] = field(default_factory=list)


def fetch(
    url: str,
    settings: Settings,
    timeout: float = FETCH_SECONDS,
    allowed: tuple[IPNetwork, ...] = (),
) -> Document:
    """Download one page with the polite fetcher (http or https only, at most
    max_document_bytes, within `timeout` seconds in all, robots.txt obeyed) from a public
    address or an allowed network; see `resolve_checked`.

    Every failure gives the same message, so the answers cannot be used to scan ports or
    tell hosts apart; the reason goes to the server's log."""
    if not url.lower().startswith(("http://", "https://")):
        raise FetchError(f"{url!r}: only http:// and https:// addresses can be fetched")
    policy = Politeness(allowed=allowed, timeout=timeout, max_bytes=settings.max_document_bytes)
    try:
        with Fetcher(policy, _HOSTS, _ROBOTS) as fetcher:
            answer = fetcher.get(url)
    except FetchError as error:
        log.warning("ingest: fetching %s failed: %s", url, error)
        raise FetchError(f"could not fetch {url}: {NEUTRAL}") from None
    raw = answer.body
    return Document.from_bytes(raw, url, media_type_of(url, answer.content_type, raw), {"url": url})


def ingest_document(engine: Engine, document: Document, settings: Settings) -> IngestOutcome:
    """Analyse and store one document; never raises for a bad page."""
    failure: Failure | None = None
    article: Article | None = None
    with engine.connect() as conn:
        known = document_status(conn, document.id) == "analyzed"
    try:
        if not known:  # a page stored before is not analysed again
            article = analyze(document, settings=settings)
    except DatelineError as error:
        reason = str(error) or type(error).__name__
        failure = Failure(
            document.id, document.uri, error.stage, reason, document.raw, document.media_type
        )
    with engine.begin() as conn:
        outcome = "known" if known else save_result(conn, document, article, failure)
        query = (
            select(mentions.c.event_id)
            .where(mentions.c.document_id == document.id, mentions.c.event_id.is_not(None))
            .distinct()
        )
        event_ids = sorted(conn.execute(query).scalars())
    return IngestOutcome(document.id, outcome, failure.reason if failure else None, event_ids)
