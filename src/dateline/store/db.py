"""Opening a database: create the engine, tune SQLite, bring the schema up to date."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from dateline.errors import StoreError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


# Connections kept open to an SQLite file. SQLAlchemy keeps 5 and closes any more as each is
# given back; the web app answers up to 40 requests at once (AnyIO's thread pool), so with 20
# clients (bench.load) many requests opened a connection, ran its PRAGMAs with a cold page
# cache and closed it again: 6% of the server's profile, 0.3% with these. An open SQLite
# connection costs a file handle and its page cache.
SQLITE_POOL_SIZE = 20
SQLITE_POOL_OVERFLOW = 20


def alembic_config() -> Config:
    """Alembic configured from code: no alembic.ini needed."""
    config = Config()
    config.set_main_option("script_location", MIGRATIONS.as_posix())
    return config


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def _sqlite_file(database: str, new: bool) -> None:
    """Make the folder of a new SQLite file, or, when `new` is False, refuse a file that does
    not exist: a command that only reads must not turn a mistyped path into a folder and an
    empty database."""
    path = Path(database).expanduser()
    if not new:
        if not path.is_file():
            raise StoreError(
                f"no database at {path}: check the path given with --db or "
                "DATELINE_DATABASE_URL (`dateline ingest` creates a database)"
            )
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(
            f"cannot create the folder {path.parent} for the database: {error.strerror}; "
            "choose another path with --db or DATELINE_DATABASE_URL"
        ) from None


def create(url: str, new: bool = True) -> Engine:
    """The engine for `url`; SQLite gets WAL, foreign keys and a busy timeout. With
    `new=False` an SQLite file must exist already (servers such as PostgreSQL are not
    checked here: connecting to a missing one fails by itself)."""
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise StoreError(
            f"not a database URL: {url!r} ({error}); use e.g. sqlite:///dateline.db or "
            "postgresql+psycopg://user:password@host/dbname"
        ) from None
    kwargs: dict = {}
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database in ("", ":memory:") or database.startswith("file:"):
            kwargs["poolclass"] = StaticPool  # one shared in-memory database
            kwargs["connect_args"] = {"check_same_thread": False}
        else:
            _sqlite_file(database, new)
            kwargs["pool_size"] = SQLITE_POOL_SIZE
            kwargs["max_overflow"] = SQLITE_POOL_OVERFLOW
    try:
        engine = create_engine(parsed, **kwargs)
    except (ImportError, SQLAlchemyError) as error:
        raise StoreError(
            f"cannot use database {parsed.render_as_string(hide_password=True)}: {error}; "
            "check the URL and that its driver is installed"
        ) from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def upgrade(engine: Engine) -> None:
    """Run `alembic upgrade head` on the engine's database."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def connect(url: str, new: bool = True) -> Engine:
    """An engine for `url` whose schema is up to date; a fresh database is created unless
    `new` is False (then a missing SQLite file is a StoreError)."""
    engine = create(url, new)
    try:
        upgrade(engine)
    except SQLAlchemyError as error:
        engine.dispose()
        raise StoreError(
            f"cannot open or migrate the database {engine.url.render_as_string(True)}: "
            f"{error.__class__.__name__}: {str(error).splitlines()[0]}; check the URL, "
            "the file's permissions and that the server is running"
        ) from None
    return engine
