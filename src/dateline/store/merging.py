"""An analyst merges two events the machine kept apart, or splits a source off an event.

Merging moves every source (mention) and tag of the absorbed event to the kept one; the
absorbed event is rejected, and both histories say so (`merged_from` on the kept event,
`merged_into` on the absorbed one, which keeps its own history, replies and tags). Splitting
moves the mentions one article gave to a new event, with `split_to`/`split_from` entries.
Each event touched is recounted, and recombined from its sources while no analyst has
corrected it (`repository._refresh_event`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from dateline.errors import StoreError
from dateline.store.repository import _refresh_event, new_event
from dateline.store.review import NotFound, User, _event, _log, _set_status, _touch
from dateline.store.schema import event_sources, event_tags, events, mentions


def _linked(conn: Connection, event_id: int, document_id: str | None = None) -> list[int]:
    """Ids of the mentions linked to an event (only those from one article if given)."""
    query = (
        select(mentions.c.id)
        .join(event_sources, event_sources.c.mention_id == mentions.c.id)
        .where(event_sources.c.event_id == event_id)
        .order_by(mentions.c.id)
    )
    if document_id is not None:
        query = query.where(mentions.c.document_id == document_id)
    return list(conn.execute(query).scalars())


def _move_mentions(conn: Connection, mention_ids: list[int], source: int, target: int) -> None:
    """Relink these mentions from the `source` event to the `target` event."""
    if not mention_ids:
        return
    conn.execute(
        delete(event_sources).where(
            event_sources.c.event_id == source, event_sources.c.mention_id.in_(mention_ids)
        )
    )
    present = set(_linked(conn, target))
    fresh = [m for m in mention_ids if m not in present]
    if fresh:
        conn.execute(insert(event_sources), [{"event_id": target, "mention_id": m} for m in fresh])
    conn.execute(update(mentions).where(mentions.c.id.in_(mention_ids)).values(event_id=target))


def _move_tags(conn: Connection, source: int, target: int, user: User) -> list[int]:
    """Give the target event every tag of the source event it lacks; the tag ids added."""
    have = set(
        conn.execute(select(event_tags.c.tag_id).where(event_tags.c.event_id == target)).scalars()
    )
    wanted = conn.execute(select(event_tags.c.tag_id).where(event_tags.c.event_id == source))
    added = [tag for tag in wanted.scalars() if tag not in have]
    stamp = datetime.now(UTC)
    for tag in added:
        conn.execute(
            insert(event_tags).values(
                event_id=target, tag_id=tag, user_id=user["id"], created_at=stamp
            )
        )
    return added


def _refresh(conn: Connection, event_id: int, reported: datetime | None) -> None:
    """Recount an event's sources (and recombine it while it is machine-coded)."""
    stamp = datetime.now(UTC)
    _refresh_event(conn, event_id, reported or stamp, stamp)


def merge(
    conn: Connection, keep_id: int, absorb_id: int, user: User, note: str | None = None
) -> None:
    """Merge event `absorb_id` into event `keep_id`: sources, evidence and tags combined;
    the absorbed event is rejected with a `merged_into` pointer in its history."""
    if keep_id == absorb_id:
        raise StoreError("an event cannot be merged into itself")
    kept = _event(conn, keep_id)
    absorbed = _event(conn, absorb_id)
    if kept["status"] == "rejected":
        raise StoreError(f"event {keep_id} is rejected; merge into an event that stands")
    moved = _linked(conn, absorb_id)
    _move_mentions(conn, moved, absorb_id, keep_id)
    _move_tags(conn, absorb_id, keep_id, user)
    _log(conn, keep_id, user, "merge", "merged_from", None, absorb_id, note)
    _log(conn, absorb_id, user, "merge", "merged_into", None, keep_id, note)
    _refresh(conn, keep_id, absorbed["first_reported"])
    _touch(conn, keep_id, user)
    conn.execute(update(events).where(events.c.id == absorb_id).values(sources=0))
    if absorbed["status"] != "rejected":
        _set_status(conn, absorb_id, user, "rejected", note or f"merged into event {keep_id}")


def split(
    conn: Connection, event_id: int, document_id: str, user: User, note: str | None = None
) -> int:
    """Move the mentions one article gave event `event_id` to a new event; its id."""
    event = _event(conn, event_id)
    moving = _linked(conn, event_id, document_id)
    if not moving:
        raise NotFound(f"event {event_id} has no source {document_id}")
    if len(moving) == len(_linked(conn, event_id)):
        raise StoreError("that is the event's only source; there is nothing to split it from")
    first = conn.execute(select(mentions).where(mentions.c.id == moving[0])).mappings().one()
    new_id = new_event(conn, dict(first), event["first_reported"], datetime.now(UTC))
    _move_mentions(conn, moving, event_id, new_id)
    _log(conn, event_id, user, "split", "split_to", None, new_id, note)
    _log(conn, new_id, user, "split", "split_from", None, event_id, note)
    _refresh(conn, new_id, event["first_reported"])
    _refresh(conn, event_id, event["first_reported"])
    _touch(conn, new_id, user)
    _touch(conn, event_id, user)
    return new_id


def merged_into(history: list[dict[str, Any]]) -> int | None:
    """The event this one was merged into, from its history (the latest merge wins)."""
    found = None
    for change in history:
        if change.get("action") == "merge" and change.get("field") == "merged_into":
            found = change.get("new_value")
    return found
