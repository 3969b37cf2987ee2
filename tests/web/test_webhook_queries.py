"""What the webhook code asks of the database: the sources page reads each saved filter's
latest failed deliveries once, and queueing a batch of changed events moves a filter's
`checked_until` once."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, update

from dateline.ingest.webhooks import queue_changes
from dateline.store import saved_filters as store
from dateline.store.schema import events


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
        now = datetime.now(UTC)
        store.queue_deliveries(conn, made["id"], [(2, now), (3, now)])
        delivery = store.pending_deliveries(conn)[0]["id"]
        store.finish_delivery(conn, delivery, "failed", 3, 503, "answered 503")
    viewer = as_role("viewer")
    with statements(app.state.engine) as seen:
        page = viewer.get("/sources")
    assert page.status_code == 200
    assert "event 2: answered 503 (3 tries" in page.text  # the failure, not the pending one
    reads = [s for s in seen if "FROM webhook_deliveries JOIN saved_filters" in s]
    assert len(reads) == 1, reads


def test_queueing_a_batch_moves_checked_until_once(filled: Engine, users: dict[str, int]) -> None:
    with filled.begin() as conn:
        made = store.create_saved_filter(
            conn, users["analyst"], "syria", {"country": "SY"}, "http://127.0.0.1:9/hook"
        )
        later = made["checked_until"] + timedelta(seconds=5)
        for event_id, seconds in ((2, 1), (3, 2)):  # both Aleppo events change after it
            changed = later + timedelta(seconds=seconds)
            conn.execute(update(events).where(events.c.id == event_id).values(updated_at=changed))
    with statements(filled) as seen:
        assert queue_changes(filled) == 2
    moves = [s for s in seen if s.startswith("UPDATE saved_filters")]
    assert len(moves) == 1, moves
    with filled.connect() as conn:
        (saved,) = store.all_saved_filters(conn)
        assert saved["checked_until"] == later + timedelta(seconds=2)  # the latest change
        assert [d["event_id"] for d in store.pending_deliveries(conn)] == [2, 3]
    assert queue_changes(filled) == 0  # nothing changed since
