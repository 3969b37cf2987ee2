"""Ingest one page from the web app or the API: analyse it and store the outcome.

The same `analyze` and `save_result` as the CLI; a page that cannot be analysed is stored as
failed with its reason, exactly as `dateline ingest` does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx
from sqlalchemy import Engine, select

from dateline.errors import DatelineError
from dateline.model import Article, Document, Failure
from dateline.pipeline import analyze
from dateline.settings import Settings
from dateline.store import document_status, save_result
from dateline.store.schema import mentions

HTML_TYPES = ("text/html", "application/xhtml+xml")


class FetchError(DatelineError):
    """A URL given to ingest could not be fetched."""

    stage = "ingest"


@dataclass
class IngestOutcome:
    document_id: str
    outcome: str  # "new", "known" or "failed"
    reason: str | None = None
    event_ids: list[int] = field(default_factory=list)


def media_type_of(name: str, declared: str | None, raw: bytes) -> str:
    """HTML when the name, the declared type or the first byte says so, else plain text."""
    lowered = name.lower()
    if lowered.endswith((".html", ".htm")) or (declared or "").split(";")[0] in HTML_TYPES:
        return "text/html"
    return "text/html" if raw.lstrip()[:1] == b"<" else "text/plain"


def fetch(url: str, settings: Settings, timeout: float = 20.0) -> Document:
    """Download one page (http or https only, at most max_document_bytes)."""
    if not url.lower().startswith(("http://", "https://")):
        raise FetchError(f"{url!r}: only http:// and https:// addresses can be fetched")
    limit = settings.max_document_bytes
    try:
        with httpx.stream("GET", url, follow_redirects=True, timeout=timeout) as response:
            response.raise_for_status()
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise FetchError(f"{url}: larger than {limit:,} bytes")
                chunks.append(chunk)
            declared = response.headers.get("content-type")
    except httpx.HTTPError as error:
        raise FetchError(f"could not fetch {url}: {error}") from None
    raw = b"".join(chunks)
    return Document.from_bytes(raw, url, media_type_of(url, declared, raw), {"url": url})


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
