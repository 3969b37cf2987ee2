"""Repository functions: the only code that reads or writes the tables.

Every function takes an open SQLAlchemy `Connection`; the caller owns the transaction
(`with engine.begin() as conn: save_result(conn, ...)`). Only bound parameters reach SQL.
"""

from __future__ import annotations

import dataclasses
import zlib
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import Connection, delete, func, insert, or_, select, update

from dateline.model import Actor, Article, Document, Failure, Mention, to_jsonable
from dateline.resolve import dedup, merge
from dateline.store.rows import record, records, utc
from dateline.store.schema import (
    articles,
    documents,
    event_sources,
    events,
    mentions,
    story_bands,
)

SaveOutcome = Literal["new", "known", "failed"]

CODED = (
    "event_type",
    "sub_event_type",
    "actor1",
    "actor1_inter",
    "actor2",
    "actor2_inter",
    "assoc_actors",
    "geonameid",
    "location",
    "admin1",
    "country",
    "latitude",
    "longitude",
    "geo_precision",
    "event_date",
    "event_date_to",
    "time_precision",
    "fatalities",
)


def now() -> datetime:
    return datetime.now(UTC)


def document_status(conn: Connection, document_id: str) -> str | None:
    """'analyzed', 'failed', or None when the document is not stored."""
    query = select(documents.c.status).where(documents.c.id == document_id)
    return conn.execute(query).scalar_one_or_none()


def save_result(
    conn: Connection,
    document: Document | None,
    article: Article | None,
    failure: Failure | None,
) -> SaveOutcome:
    """Store one document with its outcome; idempotent.

    - already stored as analyzed: nothing is written, 'known';
    - `failure` given: the document is stored (or its error updated) as failed, 'failed';
    - `article` given: the document, article and mentions are stored, each non-background
      mention becomes an event or a source of a matching one, 'new'. A document that failed
      before is updated in place.
    `document` may be None for a Failure from ingest (the Failure carries id, uri and raw).
    """
    if document is None and failure is None:
        raise ValueError("save_result needs a document or a failure")
    if article is None and failure is None:
        raise ValueError("save_result needs an article or a failure")
    doc_id = document.id if document is not None else failure.id  # type: ignore[union-attr]
    status = document_status(conn, doc_id)
    if status == "analyzed":
        return "known"
    if failure is not None:
        _write_document(conn, document, failure, exists=status is not None)
        return "failed"
    assert document is not None and article is not None
    _write_document(conn, document, None, exists=status is not None)
    conn.execute(delete(story_bands).where(story_bands.c.document_id == document.id))
    conn.execute(delete(articles).where(articles.c.document_id == document.id))
    cluster, keys = _story_cluster(conn, article.text, document.id)
    conn.execute(insert(articles).values(**_article_row(article, document.id), **cluster))
    if keys:
        conn.execute(
            insert(story_bands), [{"band_key": k, "document_id": document.id} for k in keys]
        )
    first_reported = article.page_published or document.fetched_at or now()
    for mention in article.mentions:
        row = _mention_row(mention, document.id)
        mention_id = conn.execute(insert(mentions).values(**row)).inserted_primary_key[0]
        row["id"] = mention_id
        if mention.background:
            _attach_background(conn, mention_id, row, first_reported)
        else:
            _attach_event(conn, mention_id, row, first_reported)
    return "new"


def _story_cluster(
    conn: Connection, text: str, document_id: str
) -> tuple[dict[str, Any], list[str]]:
    """The story cluster of a new article (its closest stored copy's, else its own), its
    MinHash signature and LSH band keys. Stored copies are found through `story_bands`."""
    if not dedup.is_clusterable(text):
        return {"story_cluster": document_id, "minhash": None}, []
    signature = dedup.signature(text)
    keys = dedup.band_keys(signature)
    candidates = (
        select(story_bands.c.document_id)
        .where(story_bands.c.band_key.in_(keys), story_bands.c.document_id != document_id)
        .distinct()
    )
    query = select(articles.c.document_id, articles.c.minhash, articles.c.story_cluster).where(
        articles.c.document_id.in_(candidates), articles.c.minhash.is_not(None)
    )
    found = {
        row.document_id: (dedup.from_bytes(row.minhash), row.story_cluster)
        for row in conn.execute(query)
    }
    cluster, _score = dedup.choose_cluster(signature, found)
    return {"story_cluster": cluster or document_id, "minhash": dedup.to_bytes(signature)}, keys


def _write_document(
    conn: Connection, document: Document | None, failure: Failure | None, exists: bool
) -> None:
    raw = document.raw if document is not None else failure.raw  # type: ignore[union-attr]
    values: dict[str, Any] = {
        "uri": document.uri if document is not None else failure.uri,  # type: ignore[union-attr]
        "media_type": document.media_type if document is not None else failure.media_type,  # type: ignore[union-attr]
        "fetched_at": document.fetched_at if document is not None else None,
        "ingested_at": now(),
        "raw": zlib.compress(raw),
        "status": "failed" if failure is not None else "analyzed",
        "error_stage": failure.stage if failure is not None else None,
        "error": failure.reason if failure is not None else None,
    }
    doc_id = document.id if document is not None else failure.id  # type: ignore[union-attr]
    if exists:
        conn.execute(update(documents).where(documents.c.id == doc_id).values(**values))
    else:
        conn.execute(insert(documents).values(id=doc_id, **values))


def _article_row(article: Article, document_id: str) -> dict[str, Any]:
    return {
        "document_id": document_id,
        "title": article.title,
        "text": article.text,
        "url": article.url,
        "site": article.site,
        "language": article.language,
        "credit": article.credit,
        "dateline_place": article.dateline_place,
        "page_published": article.page_published,
        "page_updated": article.page_updated,
        "story_date_from": article.story_date_from,
        "story_date_to": article.story_date_to,
        "story_day": article.story_day,
        "story_date_evidence": to_jsonable(list(article.story_date_evidence)),
        "stale": article.stale,
        "chrome": to_jsonable(list(article.chrome)),
        "places": to_jsonable([dataclasses.asdict(p) for p in article.places]),
        "quotes": to_jsonable([dataclasses.asdict(q) for q in article.quotes]),
    }


def _actor(actor: Actor | None) -> tuple[str | None, int | None]:
    return (actor.name, actor.inter) if actor is not None else (None, None)


def _mention_row(mention: Mention, document_id: str) -> dict[str, Any]:
    actor1, inter1 = _actor(mention.actor1)
    actor2, inter2 = _actor(mention.actor2)
    place = mention.place
    return {
        "document_id": document_id,
        "event_type": mention.event_type,
        "sub_event_type": mention.sub_event_type,
        "actor1": actor1,
        "actor1_inter": inter1,
        "actor2": actor2,
        "actor2_inter": inter2,
        "assoc_actors": to_jsonable([dataclasses.asdict(a) for a in mention.assoc_actors]),
        "geonameid": place.geonameid if place else None,
        "location": place.name if place else None,
        "admin1": place.admin1 if place else None,
        "country": place.country if place else None,
        "latitude": place.lat if place else None,
        "longitude": place.lon if place else None,
        "geo_precision": place.geo_precision if place else None,
        "event_date": mention.date,
        "event_date_to": mention.date_to,
        "time_precision": mention.time_precision,
        "fatalities": mention.fatalities,
        "background": mention.background,
        "confidence": mention.confidence,
        "evidence": mention.evidence.text,
        "evidence_start": mention.evidence.start,
        "evidence_end": mention.evidence.end,
        "reasons": list(mention.reasons),
    }


_MATCH_COLUMNS = (
    "id",
    "sub_event_type",
    "geonameid",
    "latitude",
    "longitude",
    "event_date",
    "event_date_to",
    "time_precision",
    "actor1",
    "actor2",
)


def _candidate_events(conn: Connection, row: dict[str, Any]) -> list[dict[str, Any]]:
    """Stored events that could be the one a mention tells: same sub-event type, near dates."""
    window = merge.mention_window(row)
    if window is None or (row["geonameid"] is None and row["latitude"] is None):
        return []
    query = (
        select(*(events.c[name] for name in _MATCH_COLUMNS))
        .where(
            events.c.sub_event_type.in_(merge.subtype_family(row["sub_event_type"])),
            events.c.event_date >= window[0],
            events.c.event_date <= window[1],
        )
        .order_by(events.c.id)
    )
    return [dict(r) for r in conn.execute(query).mappings()]


def _link(conn: Connection, event_id: int, mention_id: int) -> None:
    conn.execute(insert(event_sources).values(event_id=event_id, mention_id=mention_id))
    conn.execute(update(mentions).where(mentions.c.id == mention_id).values(event_id=event_id))


def new_event(conn: Connection, row: Any, first_reported: Any, stamp: datetime) -> int:
    """A machine-coded event made from one mention's coded fields (recombined whenever a
    source is added or taken away)."""
    return conn.execute(
        insert(events).values(
            **{key: row[key] for key in CODED},
            notes=row["evidence"],
            sources=0,
            first_reported=first_reported,
            status="auto",
            created_at=stamp,
            updated_at=stamp,
        )
    ).inserted_primary_key[0]


def _attach_event(
    conn: Connection, mention_id: int, row: dict[str, Any], first_reported: datetime
) -> int:
    """Link a news mention to the stored event it tells (`dateline.resolve.merge`), else
    create one; a new event adopts the stored background mentions that recall it.

    A mention without a place or a day always gets an event of its own.
    """
    event_id = merge.choose_event(row, _candidate_events(conn, row))
    stamp = now()
    created = event_id is None
    if created:
        event_id = new_event(conn, row, first_reported, stamp)
    _link(conn, event_id, mention_id)
    if created:
        _adopt_background(conn, event_id, row)
    _refresh_event(conn, event_id, first_reported, stamp)
    return event_id


def _attach_background(
    conn: Connection, mention_id: int, row: dict[str, Any], first_reported: datetime
) -> int | None:
    """Link a background mention (history a story recalls) to the stored event it recalls;
    it never creates an event (a later report of that event adopts it)."""
    event_id = merge.choose_event(row, _candidate_events(conn, row))
    if event_id is None:
        return None
    _link(conn, event_id, mention_id)
    _refresh_event(conn, event_id, first_reported, now())
    return event_id


def _adopt_background(conn: Connection, event_id: int, event_row: dict[str, Any]) -> None:
    """Link stored, unattached background mentions that recall a newly created event."""
    window = merge.date_window(event_row)
    if window is None:
        return
    query = (
        select(mentions)
        .where(
            mentions.c.background.is_(True),
            mentions.c.event_id.is_(None),
            mentions.c.sub_event_type.in_(merge.subtype_family(event_row["sub_event_type"])),
            mentions.c.event_date >= window[0] - timedelta(days=merge.LOOKBACK_DAYS),
            mentions.c.event_date <= window[1] + timedelta(days=merge.DAY_SLACK),
        )
        .order_by(mentions.c.id)
    )
    target = {**event_row, "id": event_id}
    for recalled in conn.execute(query).mappings():
        if merge.match_key(recalled, target) is not None:
            _link(conn, event_id, recalled["id"])


def _refresh_event(conn: Connection, event_id: int, reported: datetime, stamp: datetime) -> None:
    """Recount an event's sources, keep its earliest report and, while no analyst has touched
    it, recombine its coded fields from all its reports (`merge.combine`).

    Sources are distinct story clusters: copies of one wire story count once.
    """
    query = (
        select(mentions, articles.c.story_cluster)
        .join(event_sources, event_sources.c.mention_id == mentions.c.id)
        .outerjoin(articles, articles.c.document_id == mentions.c.document_id)
        .where(event_sources.c.event_id == event_id)
        .order_by(mentions.c.id)
    )
    linked = [dict(r) for r in conn.execute(query).mappings()]
    current = conn.execute(
        select(events.c.first_reported, events.c.status).where(events.c.id == event_id)
    ).one()
    values: dict[str, Any] = {
        "sources": len({m["story_cluster"] or m["document_id"] for m in linked}),
        "updated_at": stamp,
    }
    if current.first_reported is None or utc(reported) < utc(current.first_reported):
        values["first_reported"] = reported
    if current.status == "auto":
        values.update(merge.combine(linked))
    conn.execute(update(events).where(events.c.id == event_id).values(**values))


def count_documents(conn: Connection, status: str | None = None) -> int:
    query = select(func.count()).select_from(documents)
    if status is not None:
        query = query.where(documents.c.status == status)
    return conn.execute(query).scalar_one()


def count_events(conn: Connection) -> int:
    return conn.execute(select(func.count()).select_from(events)).scalar_one()


def list_events(
    conn: Connection,
    country: str | None = None,
    since: date | None = None,
    until: date | None = None,
    event_type: str | None = None,
    sub_event_type: str | None = None,
    limit: int | None = None,
    include_rejected: bool = False,
) -> list[dict[str, Any]]:
    """Events as dicts, oldest first.

    `country` is an ISO 3166 alpha-2 code; `since`/`until` bound the event date (inclusive);
    `event_type` matches the event type or the sub-event type, `sub_event_type` only the
    sub-event type (both case-insensitive). Rejected events are left out unless asked for.
    """
    conditions = []
    if country:
        conditions.append(func.upper(events.c.country) == country.strip().upper())
    if since is not None:
        conditions.append(events.c.event_date >= since)
    if until is not None:
        conditions.append(events.c.event_date <= until)
    if event_type:
        wanted = event_type.strip().lower()
        conditions.append(
            or_(
                func.lower(events.c.event_type) == wanted,
                func.lower(events.c.sub_event_type) == wanted,
            )
        )
    if sub_event_type:
        conditions.append(func.lower(events.c.sub_event_type) == sub_event_type.strip().lower())
    if not include_rejected:
        conditions.append(events.c.status != "rejected")
    query = select(events).where(*conditions).order_by(events.c.event_date, events.c.id)
    if limit is not None:
        query = query.limit(limit)
    return records(conn.execute(query))


def get_event(conn: Connection, event_id: int) -> dict[str, Any] | None:
    """One event with its mentions: evidence sentence and the source document of each."""
    event = record(conn.execute(select(events).where(events.c.id == event_id)))
    if event is None:
        return None
    query = (
        select(
            mentions,
            documents.c.uri.label("document_uri"),
            articles.c.url.label("url"),
            articles.c.title.label("title"),
            articles.c.site.label("site"),
            articles.c.credit.label("credit"),
            articles.c.page_published.label("page_published"),
        )
        .join(event_sources, event_sources.c.mention_id == mentions.c.id)
        .join(documents, documents.c.id == mentions.c.document_id)
        .outerjoin(articles, articles.c.document_id == mentions.c.document_id)
        .where(event_sources.c.event_id == event_id)
        .order_by(mentions.c.id)
    )
    event["mentions"] = records(conn.execute(query))
    return event
