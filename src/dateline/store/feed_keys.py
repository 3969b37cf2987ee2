"""Feed keys: a secret in an Atom feed's URL (`/api/events.atom?key=...`) for feed readers
that cannot send a bearer header. A key reads event feeds only, as its user (who must stay
active), until revoked; only its SHA-256 is stored, so it is shown once, when made."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from dateline.store.schema import feed_keys, users
from dateline.store.users import PUBLIC_COLUMNS, noted_lately, token_digest

PREFIX = "dlf_"


def create_feed_key(conn: Connection, user_id: int, name: str = "feed reader") -> tuple[int, str]:
    """A new key for the user: (its id, the key), the key returned this once."""
    key = PREFIX + secrets.token_urlsafe(32)
    new_id = conn.execute(
        insert(feed_keys).values(
            user_id=user_id,
            name=(name.strip() or "feed reader")[:64],
            key_hash=token_digest(key),
            created_at=datetime.now(UTC),
        )
    ).inserted_primary_key[0]
    return new_id, key


def user_for_feed_key(conn: Connection, key: str) -> dict[str, Any] | None:
    """The active user a key belongs to, or None (unknown, revoked, or the user disabled);
    the key's last use is noted at most once a minute."""
    if not key.startswith(PREFIX) or len(key) > 128:
        return None
    query = (
        select(*PUBLIC_COLUMNS, feed_keys.c.id.label("key_id"), feed_keys.c.last_used_at)
        .join(feed_keys, feed_keys.c.user_id == users.c.id)
        .where(feed_keys.c.key_hash == token_digest(key), users.c.active.is_(True))
    )
    row = conn.execute(query).mappings().one_or_none()
    if row is None:
        return None
    user = dict(row)
    used, now = user.pop("last_used_at"), datetime.now(UTC)
    if not noted_lately(used, now):
        conn.execute(
            update(feed_keys).where(feed_keys.c.id == row["key_id"]).values(last_used_at=now)
        )
    return user


def list_feed_keys(conn: Connection, user_id: int) -> list[dict[str, Any]]:
    """A user's keys (names and dates, never the keys)."""
    query = (
        select(feed_keys.c.id, feed_keys.c.name, feed_keys.c.created_at, feed_keys.c.last_used_at)
        .where(feed_keys.c.user_id == user_id)
        .order_by(feed_keys.c.id)
    )
    return [dict(row) for row in conn.execute(query).mappings()]


def revoke_feed_key(conn: Connection, user_id: int, key_id: int) -> bool:
    """Revoke one of a user's keys; False when there is no such key of theirs."""
    gone = conn.execute(
        delete(feed_keys).where(feed_keys.c.id == key_id, feed_keys.c.user_id == user_id)
    )
    return gone.rowcount > 0
