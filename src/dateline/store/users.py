"""Users and their API tokens. Passwords arrive already hashed (see `dateline.web.auth`);
a token is stored as its SHA-256 only, so a stolen database does not give working tokens.

Revocation: every session carries its user's `session_epoch`; log-out, a new password and
disabling raise it, which ends every session of that user at once. A token has an expiry,
and disabling a user deletes their tokens. Users are disabled, never deleted, so the
history keeps saying who did what."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update

from dateline.errors import StoreError
from dateline.store.rows import utc
from dateline.store.schema import api_tokens, users

ROLES = ("viewer", "analyst", "admin")
TOKEN_DAYS = 90  # how long a token lives unless asked otherwise
MAX_TOKEN_DAYS = 365
TOKEN_USE_RESOLUTION = timedelta(minutes=1)  # a token's last use is noted this precisely
RANK = {role: number for number, role in enumerate(ROLES)}
PUBLIC_COLUMNS = (
    users.c.id,
    users.c.username,
    users.c.display_name,
    users.c.email,
    users.c.role,
    users.c.active,
    users.c.created_at,
)


# A user name is shown on every page, in the history and in logs: letters, digits and
# . _ - @ only, starting with a letter or digit (no markup, spaces or look-alike characters).
USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
USERNAME_RULE = "1 to 64 of A-Z a-z 0-9 . _ - @, starting with a letter or digit"


def check_username(username: str) -> str:
    """The trimmed user name, or a StoreError saying what a name may hold (the one rule
    for the CLI, the admin API and the store)."""
    name = username.strip()
    if not USERNAME.fullmatch(name):
        raise StoreError(f"{name[:64]!r} is not a valid user name: use {USERNAME_RULE}")
    return name


def check_role(role: str) -> str:
    """The role, or a StoreError naming the valid ones."""
    if role not in RANK:
        raise StoreError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    return role


def has_role(user: dict[str, Any] | None, role: str) -> bool:
    """Whether an (active) user holds `role` or a higher one."""
    return bool(user and user.get("active") and RANK.get(user["role"], -1) >= RANK[role])


def create_user(
    conn: Connection,
    username: str,
    password_hash: str | None,
    role: str = "analyst",
    display_name: str | None = None,
) -> int:
    """A new user's id; a taken or invalid name is a StoreError."""
    username = check_username(username)
    if find_user(conn, username) is not None:
        raise StoreError(f"the user {username!r} exists already")
    values = {
        "username": username,
        "display_name": display_name,
        "password_hash": password_hash,
        "role": check_role(role),
        "active": True,
        "created_at": datetime.now(UTC),
    }
    return conn.execute(insert(users).values(**values)).inserted_primary_key[0]


def find_user(conn: Connection, username: str) -> dict[str, Any] | None:
    """The user with this name (with its password hash), or None."""
    query = select(users).where(users.c.username == username.strip())
    row = conn.execute(query).mappings().one_or_none()
    return dict(row) if row is not None else None


def get_user(conn: Connection, user_id: int) -> dict[str, Any] | None:
    """The user with this id, without the password hash, or None."""
    row = conn.execute(select(*PUBLIC_COLUMNS).where(users.c.id == user_id)).mappings()
    found = row.one_or_none()
    return dict(found) if found is not None else None


def list_users(conn: Connection) -> list[dict[str, Any]]:
    """Every user, without password hashes, by name."""
    query = select(*PUBLIC_COLUMNS).order_by(users.c.username)
    return [dict(row) for row in conn.execute(query).mappings()]


def count_users(conn: Connection) -> int:
    return conn.execute(select(func.count()).select_from(users)).scalar_one()


def _next_epoch() -> Any:
    return users.c.session_epoch + 1


def set_password(conn: Connection, user_id: int, password_hash: str) -> None:
    """A new password; every session of the user ends (a stolen cookie with it)."""
    conn.execute(
        update(users)
        .where(users.c.id == user_id)
        .values(password_hash=password_hash, session_epoch=_next_epoch())
    )


def end_sessions(conn: Connection, user_id: int) -> None:
    """Log the user out everywhere: sessions made before now no longer count."""
    conn.execute(update(users).where(users.c.id == user_id).values(session_epoch=_next_epoch()))


def session_user(conn: Connection, user_id: int, epoch: int | None) -> dict[str, Any] | None:
    """The active user a session names, if the session is of the user's current epoch."""
    query = select(*PUBLIC_COLUMNS).where(
        users.c.id == user_id, users.c.active.is_(True), users.c.session_epoch == epoch
    )
    found = conn.execute(query).mappings().one_or_none()
    return dict(found) if found is not None else None


def set_active(conn: Connection, user_id: int, active: bool) -> bool:
    """Enable or disable a user; False when there is no such user. Disabling ends the
    user's sessions and deletes their tokens (enabling again revives neither)."""
    values: dict[str, Any] = {"active": active}
    if not active:
        values["session_epoch"] = _next_epoch()
        conn.execute(delete(api_tokens).where(api_tokens.c.user_id == user_id))
    result = conn.execute(update(users).where(users.c.id == user_id).values(**values))
    return result.rowcount > 0


def set_role(conn: Connection, user_id: int, role: str) -> None:
    conn.execute(update(users).where(users.c.id == user_id).values(role=check_role(role)))


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(
    conn: Connection, user_id: int, name: str = "script", days: int = TOKEN_DAYS
) -> str:
    """A new bearer token for the user, valid for `days` (1 to 365); returned once,
    stored only as a digest."""
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise StoreError(f"a token lives 1 to {MAX_TOKEN_DAYS} days")
    token = "dl_" + secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    conn.execute(
        insert(api_tokens).values(
            user_id=user_id,
            name=(name.strip() or "script")[:64],
            token_hash=token_digest(token),
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
    )
    return token


def noted_lately(last_used: datetime | None, now: datetime) -> bool:
    """Whether a key's or token's last use is recent enough to leave unwritten."""
    return last_used is not None and now - utc(last_used) < TOKEN_USE_RESOLUTION


# Built once: a token is looked up on every API request, and building the statement and its
# cache key each time was three quarters of the lookup's time (0.13 -> 0.03 ms, bench.load).
_TOKEN_USER = (
    select(
        *PUBLIC_COLUMNS,
        api_tokens.c.id.label("token_id"),
        api_tokens.c.last_used_at.label("token_last_used_at"),
    )
    .join(api_tokens, api_tokens.c.user_id == users.c.id)
    .where(
        api_tokens.c.token_hash == bindparam("digest"),
        users.c.active.is_(True),
        api_tokens.c.expires_at > bindparam("now", type_=api_tokens.c.expires_at.type),
    )
)


def user_for_token(conn: Connection, token: str) -> dict[str, Any] | None:
    """The active user an unexpired bearer token belongs to, or None. Its last use is
    noted at most once a minute: a write on every request made every script's read wait
    for the database's one writer (bench.load)."""
    digest = token_digest(token)
    now = datetime.now(UTC)
    found = conn.execute(_TOKEN_USER, {"digest": digest, "now": now})
    row = found.mappings().one_or_none()
    if row is None:
        return None
    user = dict(row)
    if not noted_lately(user.pop("token_last_used_at"), now):
        conn.execute(
            update(api_tokens).where(api_tokens.c.id == row["token_id"]).values(last_used_at=now)
        )
    return user


def list_tokens(conn: Connection, user_id: int) -> list[dict[str, Any]]:
    """A user's tokens (names and dates, never the tokens)."""
    query = (
        select(
            api_tokens.c.id,
            api_tokens.c.name,
            api_tokens.c.created_at,
            api_tokens.c.last_used_at,
            api_tokens.c.expires_at,
        )
        .where(api_tokens.c.user_id == user_id)
        .order_by(api_tokens.c.id)
    )
    return [dict(row) for row in conn.execute(query).mappings()]


def delete_token(conn: Connection, user_id: int, token_id: int) -> bool:
    """Revoke one of a user's tokens; False when there is no such token of theirs."""
    result = conn.execute(
        delete(api_tokens).where(api_tokens.c.id == token_id, api_tokens.c.user_id == user_id)
    )
    return result.rowcount > 0
