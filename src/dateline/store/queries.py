"""Read queries for the API and pages: filtered, paginated and streamed events, a day
histogram, one event with everything known about it, and articles.

Filters become bound parameters only. Full-text search uses SQLite's FTS5 table over mention
evidence, and PostgreSQL's own text search (`websearch_to_tsquery`) on PostgreSQL.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    cast,
    column,
    false,
    func,
    literal,
    or_,
    select,
    table,
)
from sqlalchemy.dialects.postgresql import REGCONFIG

from dateline.store.acled_names import with_acled_names
from dateline.store.merging import merged_into
from dateline.store.repository import get_event
from dateline.store.review import event_comments, event_tag_names, history
from dateline.store.rows import iter_records, record, records
from dateline.store.schema import (
    EVENT_STATUSES,
    articles,
    documents,
    event_sources,
    event_tags,
    events,
    mentions,
    tags,
)

_FTS = table("mentions_fts", column("rowid"), column("evidence"))

# The only orders a request may ask for (a name, never a column from outside); unknown
# values (NULL) last either way, the id breaking ties so paging is stable.
SORTS = {
    "date": (events.c.event_date.nulls_last(), events.c.id),
    "-date": (events.c.event_date.desc().nulls_last(), events.c.id.desc()),
    "id": (events.c.id,),
    "-id": (events.c.id.desc(),),
    "-updated": (events.c.updated_at.desc(), events.c.id.desc()),
    "fatalities": (events.c.fatalities.nulls_last(), events.c.id),
    "-fatalities": (events.c.fatalities.desc().nulls_last(), events.c.id),
    "country": (events.c.country.nulls_last(), events.c.event_date.desc(), events.c.id),
    "-country": (events.c.country.desc().nulls_last(), events.c.event_date.desc(), events.c.id),
    "type": (events.c.event_type, events.c.sub_event_type, events.c.id),
    "-type": (events.c.event_type.desc(), events.c.sub_event_type.desc(), events.c.id),
}


@dataclass(frozen=True)
class EventFilter:
    """What the API, the pages and the exports filter events by (all optional)."""

    country: str | None = None
    admin1: str | None = None
    since: date | None = None
    until: date | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None
    status: str | None = None
    tag: str | None = None
    q: str | None = None
    include_rejected: bool = False
    min_fatalities: int | None = None
    source: str | None = None  # part of a reporting article's site or address

    def as_params(self) -> dict[str, str]:
        """The filter as query-string parameters (for links to exports and pages)."""
        params = {}
        for item in fields(self):
            value = getattr(self, item.name)
            if value is not None and value != "" and value is not False:
                params[item.name] = "true" if value is True else str(value)
        return params


def fts_terms(text: str) -> str | None:
    """A user's words as a safe FTS5 query: each word quoted, all required."""
    words = re.findall(r"\w+", text)
    return " ".join('"' + word + '"' for word in words) or None


def _search(conn: Connection, text: str) -> ColumnElement[bool]:
    """Events with a mention whose evidence matches the words of `text`; a text with no
    word matches nothing (not everything: a search for `*` is not a wish for every event)."""
    terms = fts_terms(text)
    if terms is None:
        return false()
    if conn.dialect.name == "sqlite":
        hits = select(_FTS.c.rowid).where(_FTS.c.evidence.op("MATCH")(terms))
        matching = select(mentions.c.id).where(mentions.c.id.in_(hits))
    elif conn.dialect.name == "postgresql":
        language = cast(literal("english"), REGCONFIG)
        vector = func.to_tsvector(language, mentions.c.evidence)
        query = func.websearch_to_tsquery(language, text)
        matching = select(mentions.c.id).where(vector.op("@@")(query))
    else:
        matching = select(mentions.c.id).where(
            func.lower(mentions.c.evidence).contains(text.strip().lower(), autoescape=True)
        )
    linked = select(event_sources.c.event_id).where(event_sources.c.mention_id.in_(matching))
    return events.c.id.in_(linked)


def conditions(conn: Connection, wanted: EventFilter) -> list[ColumnElement[bool]]:
    """The WHERE conditions of a filter."""
    found: list[ColumnElement[bool]] = []
    if wanted.country:
        found.append(func.upper(events.c.country) == wanted.country.strip().upper())
    if wanted.admin1:
        found.append(func.lower(events.c.admin1) == wanted.admin1.strip().lower())
    if wanted.since is not None:
        found.append(events.c.event_date >= wanted.since)
    if wanted.until is not None:
        found.append(events.c.event_date <= wanted.until)
    if wanted.event_type:
        kind = wanted.event_type.strip().lower()
        found.append(
            or_(
                func.lower(events.c.event_type) == kind,
                func.lower(events.c.sub_event_type) == kind,
            )
        )
    if wanted.sub_event_type:
        found.append(func.lower(events.c.sub_event_type) == wanted.sub_event_type.strip().lower())
    if wanted.actor:
        who = wanted.actor.strip().lower()
        found.append(
            or_(
                func.lower(events.c.actor1).contains(who, autoescape=True),
                func.lower(events.c.actor2).contains(who, autoescape=True),
            )
        )
    if wanted.status:
        found.append(events.c.status == wanted.status.strip().lower())
    elif not wanted.include_rejected:
        found.append(events.c.status != "rejected")
    if wanted.tag:
        tagged = (
            select(event_tags.c.event_id)
            .join(tags, tags.c.id == event_tags.c.tag_id)
            .where(tags.c.name == " ".join(wanted.tag.split()).lower())
        )
        found.append(events.c.id.in_(tagged))
    if wanted.q:
        found.append(_search(conn, wanted.q))
    if wanted.min_fatalities is not None:
        found.append(events.c.fatalities >= wanted.min_fatalities)
    if wanted.source:
        found.append(_reported_by(wanted.source))
    return found


def _reported_by(source: str) -> ColumnElement[bool]:
    """Events with a mention from an article whose site or address contains `source`."""
    part = source.strip().lower()
    pages = select(articles.c.document_id).where(
        or_(
            func.lower(articles.c.site).contains(part, autoescape=True),
            func.lower(articles.c.url).contains(part, autoescape=True),
        )
    )
    linked = (
        select(event_sources.c.event_id)
        .join(mentions, mentions.c.id == event_sources.c.mention_id)
        .where(mentions.c.document_id.in_(pages))
    )
    return events.c.id.in_(linked)


def _query(
    conn: Connection,
    wanted: EventFilter,
    sort: str = "date",
    columns: tuple[str, ...] | None = None,
) -> Select:
    order = SORTS.get(sort)
    if order is None:
        raise ValueError(f"unknown sort {sort!r}; choose one of {', '.join(SORTS)}")
    chosen = [events.c[name] for name in columns] if columns else [events]
    return select(*chosen).where(*conditions(conn, wanted)).order_by(*order)


def search_events(
    conn: Connection,
    wanted: EventFilter,
    limit: int = 100,
    offset: int = 0,
    sort: str = "date",
) -> list[dict[str, Any]]:
    """One page of matching events (with ACLED's actor names, `acled_actor1`/`acled_actor2`)."""
    query = _query(conn, wanted, sort).limit(limit).offset(offset)
    return [with_acled_names(row) for row in records(conn.execute(query))]


def count_matching(conn: Connection, wanted: EventFilter) -> int:
    query = select(func.count()).select_from(events).where(*conditions(conn, wanted))
    return conn.execute(query).scalar_one()


def iter_events(
    conn: Connection,
    wanted: EventFilter,
    sort: str = "date",
    batch: int = 1000,
    columns: tuple[str, ...] | None = None,
) -> Iterator[dict[str, Any]]:
    """Every matching event, fetched from the server in batches (for exports); only the
    named `columns` of each when given (an export that writes ACLED's columns reads no
    more: every date and time column read is parsed in Python)."""
    streaming = conn.execution_options(stream_results=True, yield_per=batch)
    yield from iter_records(streaming.execute(_query(conn, wanted, sort, columns)))


def histogram(conn: Connection, wanted: EventFilter) -> dict[str, list]:
    """Matching events per day (days without events are left out), oldest first."""
    query = (
        select(events.c.event_date, func.count())
        .where(*conditions(conn, wanted), events.c.event_date.is_not(None))
        .group_by(events.c.event_date)
        .order_by(events.c.event_date)
    )
    rows = conn.execute(query).all()
    return {"days": [day.isoformat() for day, _ in rows], "counts": [n for _, n in rows]}


def event_detail(conn: Connection, event_id: int) -> dict[str, Any] | None:
    """One event with its mentions, distinct sources, tags, replies and history."""
    event = get_event(conn, event_id)
    if event is None:
        return None
    event["sources_list"] = sources_of(event["mentions"])
    event["tags"] = event_tag_names(conn, event_id)
    event["comments"] = event_comments(conn, event_id)
    event["history"] = history(conn, event_id)
    event["merged_into"] = merged_into(event["history"])
    return with_acled_names(event)


def sources_of(mentions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The distinct articles an event's mentions come from, in the mentions' order."""
    sources: dict[str, dict[str, Any]] = {}
    for mention in mentions:
        sources.setdefault(
            mention["document_id"],
            {
                "document_id": mention["document_id"],
                "uri": mention["document_uri"],
                "url": mention["url"],
                "title": mention["title"],
                "site": mention["site"],
                "credit": mention["credit"],
                "page_published": mention["page_published"],
            },
        )
    return list(sources.values())


def article_texts(conn: Connection, document_ids: list[str]) -> dict[str, str]:
    """The clean text of each of these articles (to show evidence in its context)."""
    if not document_ids:
        return {}
    query = select(articles.c.document_id, articles.c.text).where(
        articles.c.document_id.in_(document_ids)
    )
    return {row.document_id: row.text for row in conn.execute(query)}


ARTICLE_LIST_COLUMNS = (
    articles.c.document_id,
    articles.c.title,
    articles.c.url,
    articles.c.site,
    articles.c.language,
    articles.c.credit,
    articles.c.dateline_place,
    articles.c.page_published,
    articles.c.story_day,
    articles.c.story_cluster,
    documents.c.uri,
    documents.c.ingested_at,
)


def list_articles(
    conn: Connection, limit: int = 50, offset: int = 0
) -> tuple[list[dict[str, Any]], int]:
    """One page of analysed articles, newest ingested first, and how many there are."""
    query = (
        select(*ARTICLE_LIST_COLUMNS)
        .join(documents, documents.c.id == articles.c.document_id)
        .order_by(documents.c.ingested_at.desc(), articles.c.document_id)
        .limit(limit)
        .offset(offset)
    )
    total = conn.execute(select(func.count()).select_from(articles)).scalar_one()
    return records(conn.execute(query)), total


def get_article(conn: Connection, document_id: str) -> dict[str, Any] | None:
    """One article with its text and the mentions found in it."""
    query = (
        select(articles, documents.c.uri, documents.c.ingested_at, documents.c.status)
        .join(documents, documents.c.id == articles.c.document_id)
        .where(articles.c.document_id == document_id)
    )
    row = record(conn.execute(query))
    if row is None:
        return None
    article = {k: v for k, v in row.items() if k != "minhash"}
    found = select(
        mentions.c.id,
        mentions.c.event_id,
        mentions.c.event_type,
        mentions.c.sub_event_type,
        mentions.c.event_date,
        mentions.c.location,
        mentions.c.fatalities,
        mentions.c.background,
        mentions.c.confidence,
        mentions.c.evidence,
        mentions.c.evidence_start,
        mentions.c.evidence_end,
    )
    found = found.where(mentions.c.document_id == document_id).order_by(
        mentions.c.evidence_start, mentions.c.id
    )
    article["mentions"] = records(conn.execute(found))
    return article


STATUSES = EVENT_STATUSES
