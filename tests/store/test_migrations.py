"""The Alembic migrations build exactly the schema in `store/schema.py`, on a fresh database."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from dateline.errors import StoreError
from dateline.store import connect
from dateline.store.db import alembic_config
from dateline.store.schema import MENTION_FTS, metadata

TABLES = {
    "documents",
    "articles",
    "mentions",
    "events",
    "event_sources",
    "users",
    "comments",
    "tags",
    "event_tags",
    "changes",
}


def head() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def not_fts(name, type_, *_args) -> bool:
    return not (type_ == "table" and name and name.startswith(MENTION_FTS))


def schema_diff(engine) -> list:
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_name": not_fts}
        )
        return compare_metadata(context, metadata)


def test_fresh_database_is_created_at_head(tmp_path: Path) -> None:
    engine = connect(f"sqlite:///{tmp_path / 'sub' / 'fresh.db'}")
    names = set(inspect(engine).get_table_names())
    assert names >= TABLES | {"alembic_version", MENTION_FTS}
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head()
    engine.dispose()


def test_migrations_match_the_schema_module(tmp_path: Path) -> None:
    engine = connect(f"sqlite:///{tmp_path / 'db.sqlite'}")
    assert schema_diff(engine) == []
    engine.dispose()


def test_connect_twice_keeps_the_data(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    engine = connect(url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO tags (name) VALUES (:name)"), {"name": "needs-review"})
    engine.dispose()
    engine = connect(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM tags")).scalar() == "needs-review"
    engine.dispose()


def test_downgrade_to_base_and_up_again(tmp_path: Path) -> None:
    engine = connect(f"sqlite:///{tmp_path / 'db.sqlite'}")
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    assert set(inspect(engine).get_table_names()) >= TABLES
    engine.dispose()


def test_in_memory_database_works() -> None:
    engine = connect("sqlite://")
    assert set(inspect(engine).get_table_names()) >= TABLES
    engine.dispose()


@pytest.mark.parametrize("url", ["not a url", "nosuchdialect://x/y"])
def test_bad_url_is_an_actionable_store_error(url: str) -> None:
    with pytest.raises(StoreError, match="database"):
        connect(url)


def test_unwritable_location_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(StoreError):
        connect(f"sqlite:///{blocker / 'db.sqlite'}")


@pytest.mark.skipif(
    not os.environ.get("DATELINE_TEST_POSTGRES_URL"),
    reason="set DATELINE_TEST_POSTGRES_URL to test the migrations on PostgreSQL",
)
def test_migrations_on_postgresql() -> None:
    url = os.environ["DATELINE_TEST_POSTGRES_URL"]
    engine = connect(url)
    try:
        assert set(inspect(engine).get_table_names()) >= TABLES
        assert MENTION_FTS not in inspect(engine).get_table_names()
        assert schema_diff(engine) == []
    finally:
        config = alembic_config()
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "base")
        engine.dispose()
        create_engine(url).dispose()
