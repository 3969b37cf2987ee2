"""What the webhook code asks of the database: the sources page reads each saved filter's
latest failed deliveries once, and queueing a batch of changed events moves a filter's
`checked_until` once."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from fastapi.testclient import TestClient
from sqlalchemy import Engine, event

from dateline.store import saved_filters as store


@contextmanager
def statements(engine: Engine) -> Iterator[list[str]]:
    """The SQL statements run on `engine` inside the block."""
    seen: list[str] = []

    def record(_conn, _cursor, statement: str, *_args) -> None:
        seen.append(" ".join(statement.split()))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_the_sources_page_reads_each_webhook_s_failures_once(
    app, as_role: Callable[[str], TestClient], filled: Engine, users: dict[str, int]
) -> None:
    with filled.begin() as conn:
        made = store.create_saved_filter(
            conn, users["analyst"], "down", {"country": "SY"}, "http://127.0.0.1:9/down"
        )
        for event_id in (2, 3):
            store.queue_delivery(conn, made["id"], event_id, datetime.now(UTC))
        delivery = store.pending_deliveries(conn)[0]["id"]
        store.finish_delivery(conn, delivery, "failed", 3, 503, "answered 503")
    viewer = as_role("viewer")
    with statements(app.state.engine) as seen:
        page = viewer.get("/sources")
    assert page.status_code == 200
    assert "event 2: answered 503 (3 tries" in page.text  # the failure, not the pending one
    reads = [s for s in seen if "FROM webhook_deliveries JOIN saved_filters" in s]
    assert len(reads) == 1, reads
