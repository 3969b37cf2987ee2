"""Who is asking, and may they: password hashing (argon2), session log-in, CSRF tokens,
bearer API tokens and role checks used as FastAPI dependencies.

Reads need the viewer role, review actions the analyst role, user management the admin role.
A write made with the session cookie must carry the session's CSRF token (a form field
`csrf_token`, or the `X-CSRF-Token` header for JSON); a bearer token needs none, since a
browser never sends it on its own.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Annotated, Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import Depends, HTTPException, Request
from sqlalchemy import Engine

from dateline.store.users import end_sessions, find_user, has_role, session_user, user_for_token

User = dict[str, Any]
_hasher = PasswordHasher()
# Checked when the user name is unknown, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def hash_password(password: str) -> str:
    """An argon2id hash of the password (with its own salt and parameters)."""
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def authenticate(engine: Engine, username: str, password: str) -> User | None:
    """The active user with this name and password, else None."""
    with engine.connect() as conn:
        user = find_user(conn, username)
    if not verify_password(user["password_hash"] if user else None, password):
        return None
    if user is None or not user["active"]:
        return None
    return {k: v for k, v in user.items() if k != "password_hash"}


def csrf_token(request: Request) -> str:
    """The session's CSRF token (made on first use)."""
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def log_in(request: Request, user: User) -> None:
    """A fresh session for the user (a new CSRF token too: no session fixation), tied to
    the user's current session epoch."""
    request.session.clear()
    request.session["user_id"] = user["id"]
    request.session["epoch"] = user["session_epoch"]
    request.session["csrf"] = secrets.token_urlsafe(32)


def log_out(request: Request) -> None:
    """End every session of the user, not only this cookie: a copy of the cookie saved
    elsewhere must stop working too (the cookie is signed, not stored, so it cannot be
    forgotten one by one)."""
    user = current_user(request)
    if user is not None and not request.state.via_token:
        with engine_of(request).begin() as conn:
            end_sessions(conn, user["id"])
    request.session.clear()


def _same(expected: str | None, given: str | None) -> bool:
    return bool(expected and given) and secrets.compare_digest(str(expected), str(given))


async def check_form_csrf(request: Request) -> None:
    """Dependency for form POSTs: the form's csrf_token must be the session's."""
    form = await request.form()
    given = form.get(CSRF_FIELD)
    if not _same(request.session.get("csrf"), given if isinstance(given, str) else None):
        raise HTTPException(403, "missing or wrong CSRF token; reload the page and try again")


def engine_of(request: Request) -> Engine:
    return request.app.state.engine


async def database(request: Request) -> Engine:
    """The engine as a route dependency. `async` because it does no I/O: FastAPI runs a
    plain `def` dependency on its thread pool, one hand-over per dependency per request,
    which bench.load showed as a cost of its own under load."""
    return engine_of(request)


def current_user(request: Request) -> User | None:
    """The user behind a bearer token or the session cookie, else None."""
    cached = getattr(request.state, "user", False)
    if cached is not False:
        return cached
    user: User | None = None
    request.state.via_token = False
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        with engine_of(request).begin() as conn:
            user = user_for_token(conn, header[7:].strip())
        if user is None:
            raise HTTPException(401, "invalid API token", {"WWW-Authenticate": "Bearer"})
        request.state.via_token = True
    elif "session" in request.scope and request.session.get("user_id") is not None:
        with engine_of(request).connect() as conn:
            user = session_user(conn, int(request.session["user_id"]), request.session.get("epoch"))
        if user is None:  # disabled, logged out elsewhere, or a new password since
            request.session.clear()
    request.state.user = user
    return user


MaybeUser = Annotated[User | None, Depends(current_user)]


def require(role: str) -> Callable[..., User]:
    """Dependency for API routes: a user with `role` (401 anonymous, 403 too low a role);
    writes through the session also need the X-CSRF-Token header."""

    async def dependency(request: Request, user: MaybeUser) -> User:  # no I/O: see `database`
        if user is None:
            raise HTTPException(401, "log in or send an API token", {"WWW-Authenticate": "Bearer"})
        if not has_role(user, role):
            raise HTTPException(403, f"this needs the {role} role; you are {user['role']}")
        if request.method not in SAFE_METHODS and not request.state.via_token:
            given = request.headers.get(CSRF_HEADER)
            if not _same(request.session.get("csrf"), given):
                raise HTTPException(403, "missing or wrong X-CSRF-Token header")
        return user

    return dependency


class LoginRequired(Exception):
    """Raised by page dependencies; the app turns it into a redirect to /login."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


def page_user(role: str = "viewer") -> Callable[..., User]:
    """Dependency for pages: anonymous visitors go to the log-in page; too low a role is 403."""

    async def dependency(request: Request, user: MaybeUser) -> User:  # no I/O: see `database`
        if user is None:
            path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            raise LoginRequired(path)
        if not has_role(user, role):
            raise HTTPException(403, f"this needs the {role} role; you are {user['role']}")
        return user

    return dependency


def safe_next(target: str | None) -> str:
    """Only local paths are followed after log-in (no open redirect)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"
