"""Watched sources and what `dateline watch` knows about them: every function that reads or
writes the `sources`, `source_items` and `fetch_validators` tables.

The watcher's whole state is here, not in memory, so a stopped watcher resumes where it was
and the web app shows each source's health.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, delete, func, insert, or_, select, update

from dateline.errors import StoreError
from dateline.store.rows import aware_row, utc
from dateline.store.schema import SOURCE_KINDS, fetch_validators, source_items, sources

MAX_NAME = 128
MAX_URL = 2000  # longer links are not stored (a unique index must hold them on PostgreSQL)
MAX_POLL_MINUTES = 7 * 24 * 60


STAMPS = ("created_at", "last_poll_at", "next_poll_at", "seen_at", "fetched_at")


def _row(row: Any) -> dict[str, Any]:
    return aware_row(row, STAMPS)


def check_source(name: str, kind: str, url: str, poll_minutes: int) -> None:
    """Refuse a source the watcher could not poll, with the field to fix."""
    if not name.strip() or len(name) > MAX_NAME:
        raise StoreError(f"name: give 1 to {MAX_NAME} characters")
    if kind not in SOURCE_KINDS:
        raise StoreError(f"kind: choose one of {', '.join(SOURCE_KINDS)}, not {kind!r}")
    if not url.lower().startswith(("http://", "https://")) or len(url) > MAX_URL:
        raise StoreError(f"url: an http:// or https:// address of at most {MAX_URL} characters")
    if not 1 <= poll_minutes <= MAX_POLL_MINUTES:
        raise StoreError(f"poll_minutes: from 1 to {MAX_POLL_MINUTES}")


def add_source(
    conn: Connection,
    name: str,
    kind: str,
    url: str,
    language: str | None = None,
    trust: str | None = None,
    poll_minutes: int = 60,
) -> int:
    """A new source, due for its first poll at once; a taken name is a StoreError."""
    check_source(name, kind, url, poll_minutes)
    if find_source(conn, name) is not None:
        raise StoreError(f"name: a source called {name!r} exists already")
    stamp = datetime.now(UTC)
    values = {
        "name": name.strip(),
        "kind": kind,
        "url": url,
        "language": language,
        "trust": trust,
        "poll_minutes": poll_minutes,
        "created_at": stamp,
        "next_poll_at": stamp,
    }
    return conn.execute(insert(sources).values(**values)).inserted_primary_key[0]


def list_sources(conn: Connection) -> list[dict[str, Any]]:
    """Every source with its health, by name."""
    return [_row(r) for r in conn.execute(select(sources).order_by(sources.c.name))]


def find_source(conn: Connection, key: str | int) -> dict[str, Any] | None:
    """A source by id or by name."""
    column = sources.c.id if isinstance(key, int) or str(key).isdigit() else sources.c.name
    value = int(key) if column is sources.c.id else key
    row = conn.execute(select(sources).where(column == value)).first()
    return _row(row) if row else None


def source_detail(conn: Connection, key: str | int) -> dict[str, Any] | None:
    """A source with its items counted by state and its latest failed items (with reasons)."""
    source = find_source(conn, key)
    return None if source is None else with_items(conn, source)


def with_items(conn: Connection, source: dict[str, Any]) -> dict[str, Any]:
    """The source with its items counted by state and its latest failed items."""
    counts = conn.execute(
        select(source_items.c.state, func.count())
        .where(source_items.c.source_id == source["id"])
        .group_by(source_items.c.state)
    )
    failed = conn.execute(
        select(source_items.c.url, source_items.c.reason, source_items.c.fetched_at)
        .where(source_items.c.source_id == source["id"], source_items.c.state == "failed")
        .order_by(source_items.c.id.desc())
        .limit(20)
    )
    source["items"] = {state: count for state, count in counts}
    source["failed_items"] = [_row(r) for r in failed]
    return source


def remove_source(conn: Connection, key: str | int) -> bool:
    """Remove a source and its item list (stored documents and events stay)."""
    source = find_source(conn, key)
    if source is None:
        return False
    conn.execute(delete(source_items).where(source_items.c.source_id == source["id"]))
    conn.execute(delete(sources).where(sources.c.id == source["id"]))
    return True


def due_sources(conn: Connection, at: datetime) -> list[dict[str, Any]]:
    """Sources whose next poll is due at `at`, the longest waiting first."""
    query = (
        select(sources)
        .where(or_(sources.c.next_poll_at.is_(None), sources.c.next_poll_at <= at))
        .order_by(sources.c.next_poll_at, sources.c.id)
    )
    return [_row(r) for r in conn.execute(query)]


def next_due(conn: Connection) -> datetime | None:
    """When the next source falls due (None without sources)."""
    return utc(conn.execute(select(func.min(sources.c.next_poll_at))).scalar())


def record_poll(
    conn: Connection, source_id: int, at: datetime, new_items: int, error: str | None
) -> None:
    """A poll's outcome: when, how many new items, and the error if it failed (failures in
    a row are counted; a good poll sets the count back to 0)."""
    minutes = conn.execute(
        select(sources.c.poll_minutes).where(sources.c.id == source_id)
    ).scalar_one()
    conn.execute(
        update(sources)
        .where(sources.c.id == source_id)
        .values(
            last_poll_at=at,
            next_poll_at=at + timedelta(minutes=minutes),
            last_new_items=new_items,
            items_total=sources.c.items_total + new_items,
            errors=sources.c.errors + 1 if error else 0,
            last_error=error,
        )
    )


# --- items ------------------------------------------------------------------------------


def add_items(conn: Connection, source_id: int, urls: Iterable[str], at: datetime) -> list[str]:
    """Record the links a source listed; those never seen before (from any source) are
    returned, in order, as pending."""
    wanted = list(dict.fromkeys(u for u in urls if len(u) <= MAX_URL))
    known: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        known.update(
            conn.execute(select(source_items.c.url).where(source_items.c.url.in_(chunk))).scalars()
        )
    fresh = [u for u in wanted if u not in known]
    if fresh:
        rows = [
            {"source_id": source_id, "url": u, "state": "pending", "seen_at": at} for u in fresh
        ]
        conn.execute(insert(source_items), rows)
    return fresh


def pending_items(conn: Connection, source_id: int) -> list[str]:
    """Links of a source not fetched yet: new ones, and those a stopped run left behind."""
    query = (
        select(source_items.c.url)
        .where(source_items.c.source_id == source_id, source_items.c.state == "pending")
        .order_by(source_items.c.id)
    )
    return list(conn.execute(query).scalars())


def finish_item(
    conn: Connection,
    url: str,
    state: str,
    at: datetime,
    reason: str | None = None,
    document_id: str | None = None,
) -> None:
    """An item fetched ('done', with its document) or given up ('failed', with the reason)."""
    conn.execute(
        update(source_items)
        .where(source_items.c.url == url)
        .values(state=state, reason=reason, document_id=document_id, fetched_at=at)
    )


def add_alias(
    conn: Connection, source_id: int, url: str, document_id: str | None, at: datetime
) -> None:
    """Another address of a story fetched already (its `<link rel=canonical>`), so a link to
    it from any source is not fetched again."""
    if (
        len(url) > MAX_URL
        or conn.execute(select(source_items.c.id).where(source_items.c.url == url)).first()
    ):
        return
    conn.execute(
        insert(source_items).values(
            source_id=source_id,
            url=url,
            state="alias",
            document_id=document_id,
            seen_at=at,
            fetched_at=at,
        )
    )


# --- conditional GET --------------------------------------------------------------------


def get_validators(conn: Connection, url: str) -> tuple[str | None, str | None]:
    """The ETag and Last-Modified a URL answered with last time."""
    row = conn.execute(
        select(fetch_validators.c.etag, fetch_validators.c.last_modified).where(
            fetch_validators.c.url == url
        )
    ).first()
    return (row.etag, row.last_modified) if row else (None, None)


def save_validators(
    conn: Connection, url: str, etag: str | None, last_modified: str | None, at: datetime
) -> None:
    """Keep a URL's validators for its next conditional GET (nothing kept without any)."""
    if len(url) > MAX_URL:
        return
    conn.execute(delete(fetch_validators).where(fetch_validators.c.url == url))
    if etag or last_modified:
        conn.execute(
            insert(fetch_validators).values(
                url=url, etag=etag, last_modified=last_modified, checked_at=at
            )
        )
