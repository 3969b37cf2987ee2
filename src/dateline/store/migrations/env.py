"""Alembic environment.

`dateline.store.db.connect` runs the migrations programmatically and hands over its own
connection in `config.attributes["connection"]`. Run from the `alembic` command instead, the
URL comes from `sqlalchemy.url` in the config, else from DATELINE_DATABASE_URL.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from dateline.settings import Settings
from dateline.store.schema import metadata

config = context.config


def run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_offline() -> None:
    url = config.get_main_option("sqlalchemy.url") or Settings().database_url
    context.configure(url=url, target_metadata=metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run(connection)
        return
    url = config.get_main_option("sqlalchemy.url") or Settings().database_url
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            run(conn)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
