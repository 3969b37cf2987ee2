"""`dateline serve` and `dateline users ...`: the web app's commands, registered in `cli.py`."""

from __future__ import annotations

import getpass
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from sqlalchemy import Connection, Engine

from dateline.errors import StoreError
from dateline.settings import Settings
from dateline.store import connect, review
from dateline.store.schema import MAX_INTEGER
from dateline.store.users import (
    MAX_TOKEN_DAYS,
    ROLES,
    TOKEN_DAYS,
    check_role,
    check_username,
    create_token,
    create_user,
    find_user,
    has_role,
    set_active,
)
from dateline.store.users import set_password as store_password
from dateline.store.users import set_role as store_role

users_app = typer.Typer(
    help="Manage the web app's users and their API tokens.", no_args_is_help=True
)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Database URL (default: DATELINE_DATABASE_URL).", show_default=False),
]


def engine_for(db: str | None, new: bool = True) -> Engine:
    """The database; `new=False` when the command needs one that exists (a user to act on),
    so a mistyped --db path is an error, not a new empty database."""
    try:
        return connect(Settings().replace(database_url=db).database_url, new)
    except StoreError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from None


@contextmanager
def _user_transaction(db: str | None, name: str) -> Iterator[tuple[Connection, dict[str, Any]]]:
    """One transaction on the named user; a missing user or a store error exits with a
    message instead of a traceback."""
    engine = engine_for(db, new=False)
    try:
        with engine.begin() as conn:
            user = find_user(conn, name)
            if user is None:
                typer.echo(f"error: no user {name!r}; add one with `dateline users add`", err=True)
                raise typer.Exit(1)
            yield conn, user
    except StoreError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from None
    finally:
        engine.dispose()


def _read_password(from_stdin: bool) -> str:
    """The new password: one line from stdin, or asked twice at the terminal."""
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            typer.echo("error: the passwords differ", err=True)
            raise typer.Exit(1)
    if len(password) < 8:
        typer.echo("error: a password needs at least 8 characters", err=True)
        raise typer.Exit(1)
    return password


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="The user name to log in with.")],
    admin: Annotated[bool, typer.Option("--admin", help="Make an administrator.")] = False,
    role: Annotated[str, typer.Option(help=f"One of {', '.join(ROLES)}.")] = "analyst",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from stdin.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Add a user (the first administrator: `dateline users add NAME --admin`)."""
    from dateline.web.auth import hash_password

    role = "admin" if admin else role
    try:
        check_username(name)
    except StoreError as error:
        raise typer.BadParameter(str(error), param_hint="NAME") from None
    try:
        check_role(role)
    except StoreError as error:
        raise typer.BadParameter(str(error), param_hint="--role") from None
    password = _read_password(password_stdin)
    engine = engine_for(db)
    try:
        with engine.begin() as conn:
            user_id = create_user(conn, name, hash_password(password), role)
    except StoreError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from None
    finally:
        engine.dispose()
    typer.echo(f"user {name} added with id {user_id} and role {role}")


@users_app.command("password")
def users_password(
    name: Annotated[str, typer.Argument(help="The user name.")],
    password_stdin: Annotated[bool, typer.Option("--password-stdin")] = False,
    db: DbOption = None,
) -> None:
    """Set a user's password."""
    from dateline.web.auth import hash_password

    password = _read_password(password_stdin)
    with _user_transaction(db, name) as (conn, user):
        store_password(conn, user["id"], hash_password(password))
    typer.echo(f"password of {name} changed")


@users_app.command("role")
def users_role(
    name: Annotated[str, typer.Argument(help="The user name.")],
    role: Annotated[str, typer.Argument(help=f"One of {', '.join(ROLES)}.")],
    db: DbOption = None,
) -> None:
    """Change a user's role."""
    with _user_transaction(db, name) as (conn, user):
        store_role(conn, user["id"], role)
    typer.echo(f"{name} is now {role}")


@users_app.command("token")
def users_token(
    name: Annotated[str, typer.Argument(help="The user the token acts as.")],
    label: Annotated[str, typer.Option("--name", help="What the token is for.")] = "script",
    days: Annotated[
        int, typer.Option(help="Days until it expires.", min=1, max=MAX_TOKEN_DAYS)
    ] = TOKEN_DAYS,
    db: DbOption = None,
) -> None:
    """Make an API token (printed once): send it as `Authorization: Bearer TOKEN`."""
    with _user_transaction(db, name) as (conn, user):
        token = create_token(conn, user["id"], label, days)
    typer.echo(token)


@users_app.command("disable")
def users_disable(
    name: Annotated[str, typer.Argument(help="The user name.")],
    db: DbOption = None,
) -> None:
    """Disable a user: their sessions end, their tokens are deleted, the history keeps them."""
    with _user_transaction(db, name) as (conn, user):
        set_active(conn, user["id"], False)
    typer.echo(f"{name} is disabled; sessions ended and tokens deleted")


@users_app.command("enable")
def users_enable(
    name: Annotated[str, typer.Argument(help="The user name.")],
    db: DbOption = None,
) -> None:
    """Enable a disabled user again (they log in afresh and make new tokens)."""
    with _user_transaction(db, name) as (conn, user):
        set_active(conn, user["id"], True)
    typer.echo(f"{name} is enabled")


def _field_values(pairs: list[str]) -> dict[str, str]:
    """FIELD=VALUE arguments as a dict (an empty VALUE clears the field)."""
    values: dict[str, str] = {}
    for pair in pairs:
        field, equals, value = pair.partition("=")
        if not equals or not field.strip():
            raise typer.BadParameter(f"{pair!r} is not FIELD=VALUE", param_hint="VALUES")
        values[field.strip()] = value
    return values


def correct(
    event_id: Annotated[int, typer.Argument(help="The event's number.", min=1, max=MAX_INTEGER)],
    values: Annotated[
        list[str], typer.Argument(help="FIELD=VALUE pairs, e.g. fatalities=4 country=SY.")
    ],
    user: Annotated[str, typer.Option("--user", help="The analyst the history names.")],
    note: Annotated[str | None, typer.Option(help="Why, kept in the history.")] = None,
    db: DbOption = None,
) -> None:
    """Correct an event's coded fields, checked exactly as the web app checks them."""
    wanted = _field_values(values)
    with _user_transaction(db, user) as (conn, found):
        if not has_role(found, "analyst"):
            typer.echo(f"error: {user} is a {found['role']}; corrections need an analyst", err=True)
            raise typer.Exit(1)
        changed = review.correct(conn, event_id, found, wanted, note)
    typer.echo(f"event {event_id} corrected: {', '.join(changed) or 'no field changed'}")


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    db: DbOption = None,
) -> None:
    """Start the web app (map, table, review, JSON API) on the database the CLI writes."""
    import uvicorn

    from dateline.web.app import create_app
    from dateline.web.config import WebSettings

    settings = WebSettings(core=Settings().replace(database_url=db))
    try:
        application = create_app(settings)
    except StoreError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"dateline web app on http://{host}:{port}/ (Ctrl+C stops it)")
    uvicorn.run(application, host=host, port=port, log_level="info")
