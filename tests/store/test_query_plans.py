"""The web app's usual filters are answered from indexes (migrations 0006, 0009), and reading with
an API token does not write on every request. Found with `python -m bench.load`: a count by
country and date walked half the events table, the timeline all of it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, update

from dateline.store import connect
from dateline.store.queries import EventFilter, conditions
from dateline.store.schema import api_tokens, events
from dateline.store.users import create_token, create_user, user_for_token


@pytest.fixture
def sqlite(tmp_path: Path) -> Engine:
    engine = connect(f"sqlite:///{tmp_path / 'plans.db'}")
    yield engine
    engine.dispose()


def plan(engine: Engine, query) -> str:
    compiled = query.compile(engine, compile_kwargs={"literal_binds": True})
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}").all()
    return " | ".join(row[3] for row in rows)


def test_a_count_by_country_and_date_uses_the_country_index(sqlite: Engine) -> None:
    with sqlite.connect() as conn:
        where = conditions(conn, EventFilter(country="ke", since=date(2024, 1, 1)))
    found = plan(sqlite, select(func.count()).select_from(events).where(*where))
    assert "ix_events_country_day" in found, found


def test_a_typed_count_by_country_and_date_reads_only_the_index(sqlite: Engine) -> None:
    """Migration 0009: the lowered types are in the index, so the total of a filtered list
    page no longer reads each of the country's rows from the table (2.5 -> 0.2 ms)."""
    wanted = EventFilter(country="sy", since=date(2023, 6, 1), event_type="Battles")
    with sqlite.connect() as conn:
        where = conditions(conn, wanted)
    query = select(func.count()).select_from(events).where(*where)
    assert "ix_events_country_day" in plan(sqlite, query)
    assert table_columns_read(sqlite, query) == 0


def table_columns_read(engine: Engine, query, table: str = "events") -> int:
    """How many columns the query's SQLite program reads from the table itself (not from an
    index). EXPLAIN QUERY PLAN says COVERING only when an index holds the plain columns; one
    on expressions is read alone too (the row is never sought), which the program shows."""
    compiled = query.compile(engine, compile_kwargs={"literal_binds": True})
    with engine.connect() as conn:
        root = conn.exec_driver_sql(
            "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).scalar_one()
        program = conn.exec_driver_sql(f"EXPLAIN {compiled}").all()
    cursors = {row[2] for row in program if row[1] == "OpenRead" and row[3] == root}
    return sum(1 for row in program if row[1] == "Column" and row[2] in cursors)


def test_the_timeline_of_every_event_reads_only_an_index(sqlite: Engine) -> None:
    with sqlite.connect() as conn:
        where = conditions(conn, EventFilter())
    query = (
        select(events.c.event_date, func.count())
        .where(*where, events.c.event_date.is_not(None))
        .group_by(events.c.event_date)
    )
    assert "COVERING INDEX" in plan(sqlite, query)


def test_a_token_use_is_noted_at_most_once_a_minute(sqlite: Engine) -> None:
    with sqlite.begin() as conn:
        token = create_token(conn, create_user(conn, "script", None, "viewer"))
    with sqlite.begin() as conn:
        assert user_for_token(conn, token)["username"] == "script"
        first = conn.execute(select(api_tokens.c.last_used_at)).scalar_one()
    assert first is not None
    with sqlite.begin() as conn:
        user_for_token(conn, token)
        assert conn.execute(select(api_tokens.c.last_used_at)).scalar_one() == first
        conn.execute(update(api_tokens).values(last_used_at=date(2020, 1, 1)))
    with sqlite.begin() as conn:
        user_for_token(conn, token)
        assert conn.execute(select(api_tokens.c.last_used_at)).scalar_one().year > 2020


def test_rows_come_back_with_plain_str_keys(tmp_path: Path) -> None:
    """SQLAlchemy's `quoted_name` keys made the web app's JSON encoder inspect every key:
    4 ms to encode a page of 50 events instead of 0.07 ms."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from bench.load import fill
    from dateline.store.queries import event_detail, iter_events, search_events

    engine = connect(f"sqlite:///{tmp_path / 'rows.db'}")
    fill(engine, 10)
    with engine.connect() as conn:
        found = [
            search_events(conn, EventFilter(), limit=3)[0],
            next(iter_events(conn, EventFilter())),
            event_detail(conn, 1),
        ]
    engine.dispose()
    found.append(found[-1]["mentions"][0])
    for row in found:
        assert {type(key) for key in row} == {str}


def test_an_sqlite_file_keeps_a_connection_per_busy_request_open(sqlite: Engine) -> None:
    """Five pooled connections made most requests under load open and close their own."""
    from dateline.store.db import SQLITE_POOL_SIZE

    assert sqlite.pool.size() == SQLITE_POOL_SIZE >= 20
    held = [sqlite.connect() for _ in range(SQLITE_POOL_SIZE)]
    first = {id(conn.connection.dbapi_connection) for conn in held}
    for conn in held:
        conn.close()
    again = [sqlite.connect() for _ in range(SQLITE_POOL_SIZE)]
    assert {id(conn.connection.dbapi_connection) for conn in again} == first  # none reopened
    for conn in again:
        conn.close()


def test_exports_in_acled_columns_read_only_the_fields_they_write(tmp_path: Path) -> None:
    """CSV, GeoJSON and Parquet read `export.SOURCE_COLUMNS` (every date and time column
    read is parsed in Python: a third of the time to read a CSV export's rows) and write
    exactly what they wrote from whole rows."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from bench.load import fill
    from dateline.store import export
    from dateline.store.queries import iter_events

    engine = connect(f"sqlite:///{tmp_path / 'columns.db'}")
    fill(engine, 12)
    with engine.connect() as conn:
        whole = list(iter_events(conn, EventFilter()))
        for fmt in ("csv", "geojson", "parquet"):
            chosen = export.columns_for(fmt)
            read = list(iter_events(conn, EventFilter(), columns=chosen))
            assert [set(row) for row in read] == [set(chosen)] * len(whole)
            assert list(export.stream(fmt, read)) == list(export.stream(fmt, whole))
        assert export.columns_for("json") is None  # JSON writes every field
    engine.dispose()
