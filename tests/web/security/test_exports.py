"""Issue 16, point 6: a streamed export is whole, or visibly not.

Before, `/api/events.csv?actor=<60,000 characters>` answered `200` with an empty body (the
query failed after the headers were sent). Filters are now bounded (422 before any query),
the query runs before the first byte (a failure is an error status), and an error after the
first byte drops the connection instead of ending the body as if it were complete."""

from __future__ import annotations

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, insert, select, text

from dateline.store.schema import events

FORMATS = ["csv", "json", "geojson", "parquet"]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("name", "value"),
    [("actor", "a" * 60_000), ("q", "word " * 200), ("country", "SYR"), ("tag", "t" * 65)],
)
def test_overlong_filters_are_422_before_the_stream(as_role, fmt, name, value) -> None:
    response = as_role("viewer").get(f"/api/events.{fmt}", params={name: value})
    assert response.status_code == 422, response.text[:200]
    assert response.json()["detail"].startswith(f"{name}:")


def test_overlong_filters_are_422_on_lists_and_pages(as_role) -> None:
    viewer = as_role("viewer")
    assert viewer.get("/api/events", params={"actor": "a" * 301}).status_code == 422
    assert viewer.get("/api/events/histogram", params={"admin1": "a" * 201}).status_code == 422
    assert viewer.get("/events", params={"actor": "a" * 301}).status_code == 422
    assert viewer.get("/api/events", params={"actor": "a" * 300}).json()["total"] == 0


def _damage(engine: Engine, copies: int, damaged: str) -> None:
    """`copies` more events like event 1, then a day SQLite cannot read back on the first
    or the last event (a damaged database, found only while the rows are read), or on none."""
    with engine.begin() as conn:
        row = dict(conn.execute(select(events).where(events.c.id == 1)).mappings().one())
        row.pop("id")
        if copies:
            conn.execute(insert(events), [row] * copies)
        if damaged == "none":
            return
        target = "min" if damaged == "first" else "max"
        conn.execute(
            text(
                "UPDATE events SET event_date = 'not a day' "
                f"WHERE id = (SELECT {target}(id) FROM events)"
            )
        )


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_a_query_that_fails_at_once_is_an_error_status(app, filled: Engine, as_role, fmt) -> None:
    if filled.dialect.name != "sqlite":
        pytest.skip("the damage is written in SQLite's loose typing")
    browser = as_role("viewer")
    _damage(filled, 0, "first")
    quiet = TestClient(app, raise_server_exceptions=False, cookies=browser.cookies)
    assert quiet.get(f"/api/events.{fmt}").status_code == 500


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_an_error_mid_stream_drops_the_connection(
    app, filled: Engine, token_client: TestClient, serve, fmt
) -> None:
    if filled.dialect.name != "sqlite":
        pytest.skip("the damage is written in SQLite's loose typing")
    _damage(filled, 1200, "last")
    base = serve(app)
    headers = {"Authorization": token_client.headers["Authorization"]}
    received = 0
    with (
        pytest.raises(httpx.RemoteProtocolError),
        httpx.stream("GET", f"{base}/api/events.{fmt}", headers=headers, timeout=30) as response,
    ):
        assert response.status_code == 200
        for chunk in response.iter_bytes():
            received += len(chunk)
    assert received > 0  # the first rows were sent, then the connection was dropped


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_export_within_one_chunk_is_answered_whole(
    filled: Engine, token_client: TestClient, fmt
) -> None:
    """Nothing can fail after the first byte of an export that fits in its first chunk: it
    is answered with its length (bench.load: a streamed one cost thread-pool hand-overs for
    every further chunk, an empty last one included); a longer one is still streamed."""
    small = token_client.get(f"/api/events.{fmt}")
    assert small.status_code == 200
    assert int(small.headers["content-length"]) == len(small.content) > 0
    assert "transfer-encoding" not in small.headers
    _damage(filled, 5200 if fmt == "parquet" else 1200, "none")  # Parquet: 5,000 a group
    large = token_client.get(f"/api/events.{fmt}")
    assert large.status_code == 200 and "content-length" not in large.headers
    assert len(large.content) > len(small.content)
