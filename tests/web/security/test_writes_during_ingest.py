"""Issue 16, load: an analyst's writes (reviews, tags, replies) made through the API while
`dateline ingest` stores documents into the same SQLite database never meet "database is
locked".

SQLite has one writer at a time. The ingest runs as its own process, as the CLI does beside
a running server, and writes each document in a transaction of its own; the API's writes wait
for it (WAL and a busy timeout, `dateline.store.db`) instead of failing."""

from __future__ import annotations

import itertools
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import OperationalError

from dateline.store.schema import documents, events
from tests.conftest import RUN_CLI

SAMPLES = Path(__file__).resolve().parents[3] / "samples" / "pages"
INGEST_SECONDS = 300


def stored(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(documents)).scalar_one()


def writes(event_ids: list[int]) -> itertools.cycle:
    """An endless round of review actions, tags and replies over the events."""
    numbers = itertools.count(1)

    def correct(event_id: int) -> tuple[str, dict]:
        body = {"values": {"fatalities": next(numbers) % 50}, "note": "recount"}
        return f"/api/events/{event_id}/correct", body

    def tag(event_id: int) -> tuple[str, dict]:
        return f"/api/events/{event_id}/tags", {"tag": f"batch {next(numbers) % 7}"}

    def reply(event_id: int) -> tuple[str, dict]:
        return f"/api/events/{event_id}/comments", {"body": f"checked, pass {next(numbers)}"}

    return itertools.cycle(
        [(action, event_id) for event_id in event_ids for action in (correct, tag, reply)]
    )


def test_writes_during_an_ingest_never_find_the_database_locked(
    filled: Engine, token_client: TestClient, tmp_path: Path
) -> None:
    if filled.dialect.name != "sqlite":
        pytest.skip("the single-writer lock is SQLite's")
    with filled.connect() as conn:
        event_ids = list(conn.execute(select(events.c.id).order_by(events.c.id)).scalars())
    url = filled.url.render_as_string(hide_password=False)
    before = stored(filled)
    log = tmp_path / "ingest.log"
    with log.open("w") as sink:
        ingest = subprocess.Popen(
            [sys.executable, "-c", RUN_CLI, "ingest", "--db", url, str(SAMPLES)],
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    answers: list[tuple[str, int, str]] = []
    database_errors: list[str] = []
    stored_while_writing: list[int] = []
    try:
        deadline = time.monotonic() + INGEST_SECONDS
        rounds = writes(event_ids)
        while ingest.poll() is None and time.monotonic() < deadline:
            action, event_id = next(rounds)
            path, body = action(event_id)
            try:
                answer = token_client.post(path, json=body)
            except OperationalError as error:  # raised by the app, seen through the TestClient
                database_errors.append(f"{path}: {error}")
                continue
            answers.append((path, answer.status_code, answer.text[:200]))
            stored_while_writing.append(stored(filled))
        ingest.wait(60)
    finally:
        if ingest.poll() is None:
            ingest.kill()
            ingest.wait()
    output = log.read_text(encoding="utf-8", errors="replace")
    assert ingest.returncode == 0, output
    assert "locked" not in output, output  # the ingest's own writes waited too
    assert not database_errors, database_errors[:5]
    failed = [answer for answer in answers if answer[1] not in (200, 201)]
    assert not failed, failed[:5]
    assert not [answer for answer in answers if "locked" in answer[2]]
    # The writes overlapped the ingest's: documents were stored between the first and the last.
    assert len(answers) >= 30, len(answers)
    assert stored_while_writing[0] < stored_while_writing[-1], (before, stored_while_writing)
    assert stored(filled) > before
