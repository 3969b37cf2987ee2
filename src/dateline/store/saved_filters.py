"""Saved filters with a webhook, and their deliveries: every function that reads or writes
the `saved_filters` and `webhook_deliveries` tables. A filter remembers the last event change
it looked at (`checked_until`), so each new or changed event is queued once, whoever changed
it (an ingest, `dateline watch`, a correction) and whenever the check runs."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from dateline.store.queries import EventFilter, conditions
from dateline.store.rows import aware_row, utc
from dateline.store.schema import events, saved_filters, webhook_deliveries

MAX_URL = 2000
RECENT = 10  # deliveries shown with a filter


STAMPS = ("created_at", "checked_until", "finished_at")


def _row(row: Any) -> dict[str, Any]:
    return aware_row(row, STAMPS)


def create_saved_filter(
    conn: Connection, user_id: int, name: str, query: dict[str, str], webhook_url: str
) -> dict[str, Any]:
    """A new saved filter with its own signing secret (returned here); it sends the events
    changed from now on."""
    now = datetime.now(UTC)
    values = {
        "user_id": user_id,
        "name": name.strip()[:64],
        "query": query,
        "webhook_url": webhook_url,
        "secret": secrets.token_hex(32),
        "created_at": now,
        "checked_until": now,
    }
    values["id"] = conn.execute(insert(saved_filters).values(**values)).inserted_primary_key[0]
    return values


def all_saved_filters(conn: Connection) -> list[dict[str, Any]]:
    return [_row(r) for r in conn.execute(select(saved_filters).order_by(saved_filters.c.id))]


def list_saved_filters(
    conn: Connection, user_id: int | None = None, failed_only: bool = False
) -> list[dict[str, Any]]:
    """Saved filters (a user's, or everyone's) with deliveries counted by state and the
    latest ones (`recent`; only failed ones with `failed_only`); never the secret."""
    query = select(saved_filters).order_by(saved_filters.c.id)
    if user_id is not None:
        query = query.where(saved_filters.c.user_id == user_id)
    found = []
    for row in conn.execute(query):
        item = _row(row)
        item.pop("secret")
        item["deliveries"] = delivery_counts(conn, item["id"])
        item["recent"] = recent_deliveries(conn, item["id"], failed_only=failed_only)
        found.append(item)
    return found


def remove_saved_filter(conn: Connection, user_id: int, filter_id: int) -> bool:
    """Delete one of a user's saved filters with its deliveries; False when not theirs."""
    owned = saved_filters.c.id == filter_id, saved_filters.c.user_id == user_id
    if conn.execute(select(saved_filters.c.id).where(*owned)).first() is None:
        return False
    conn.execute(
        delete(webhook_deliveries).where(webhook_deliveries.c.saved_filter_id == filter_id)
    )
    conn.execute(delete(saved_filters).where(*owned))
    return True


def changed_events(
    conn: Connection, wanted: EventFilter, after: datetime, limit: int = 500
) -> list[tuple[int, datetime]]:
    """(id, updated_at) of the events matching `wanted` changed after `after`, oldest
    change first."""
    query = (
        select(events.c.id, events.c.updated_at)
        .where(*conditions(conn, wanted), events.c.updated_at > after)
        .order_by(events.c.updated_at, events.c.id)
        .limit(limit)
    )
    return [(row.id, utc(row.updated_at)) for row in conn.execute(query)]


def queue_deliveries(conn: Connection, filter_id: int, changes: list[tuple[int, datetime]]) -> int:
    """A delivery to make for each (event id, change time) of `changes`, and the filter's
    changes looked at up to the latest of them (one update for the batch); how many."""
    if not changes:
        return 0
    now = datetime.now(UTC)
    conn.execute(
        insert(webhook_deliveries),
        [
            {"saved_filter_id": filter_id, "event_id": event_id, "created_at": now}
            for event_id, _ in changes
        ],
    )
    checked = max(changed for _, changed in changes)
    conn.execute(
        update(saved_filters).where(saved_filters.c.id == filter_id).values(checked_until=checked)
    )
    return len(changes)


def pending_deliveries(conn: Connection) -> list[dict[str, Any]]:
    """Deliveries not made yet, with their filter's URL and secret, oldest first."""
    query = (
        select(
            webhook_deliveries.c.id,
            webhook_deliveries.c.event_id,
            saved_filters.c.id.label("filter_id"),
            saved_filters.c.name,
            saved_filters.c.webhook_url,
            saved_filters.c.secret,
        )
        .join(saved_filters, saved_filters.c.id == webhook_deliveries.c.saved_filter_id)
        .where(webhook_deliveries.c.state == "pending")
        .order_by(webhook_deliveries.c.id)
    )
    return [dict(row._mapping) for row in conn.execute(query)]


def finish_delivery(
    conn: Connection,
    delivery_id: int,
    state: str,
    attempts: int,
    status: int | None,
    error: str | None,
) -> None:
    """A delivery made ('delivered') or given up ('failed', with the last error)."""
    conn.execute(
        update(webhook_deliveries)
        .where(webhook_deliveries.c.id == delivery_id)
        .values(
            state=state,
            attempts=attempts,
            status_code=status,
            error=error,
            finished_at=datetime.now(UTC),
        )
    )


def delivery_counts(conn: Connection, filter_id: int) -> dict[str, int]:
    query = (
        select(webhook_deliveries.c.state, func.count())
        .where(webhook_deliveries.c.saved_filter_id == filter_id)
        .group_by(webhook_deliveries.c.state)
    )
    return {state: count for state, count in conn.execute(query)}


def recent_deliveries(
    conn: Connection, filter_id: int | None = None, failed_only: bool = False
) -> list[dict[str, Any]]:
    """The latest deliveries (of one filter, or of all with the filter's name)."""
    query = (
        select(webhook_deliveries, saved_filters.c.name, saved_filters.c.webhook_url)
        .join(saved_filters, saved_filters.c.id == webhook_deliveries.c.saved_filter_id)
        .order_by(webhook_deliveries.c.id.desc())
        .limit(RECENT)
    )
    if filter_id is not None:
        query = query.where(webhook_deliveries.c.saved_filter_id == filter_id)
    if failed_only:
        query = query.where(webhook_deliveries.c.state == "failed")
    return [_row(r) for r in conn.execute(query)]
