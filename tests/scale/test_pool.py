"""The process pool stores exactly what the serial runner stores, and never stops a batch."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from dateline.cli import app
from dateline.ingest import iter_inputs
from dateline.model import Article, Document, Failure
from dateline.pipeline import analyze
from dateline.scale.local import Summary, ingest_items
from dateline.scale.pool import Pool, ingest_parallel
from dateline.settings import Settings
from dateline.store import connect, list_events
from dateline.store.schema import documents, event_sources

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "pages"
BROKEN = "<html><head><title>Nothing here</title></head><body><nav>Home</nav></body></html>"
IN_FLIGHT = 3


def stored_events(engine: Engine) -> list[dict]:
    """Every stored event without its wall-clock stamps, with the documents that report it."""
    with engine.connect() as conn:
        rows = list_events(conn, include_rejected=True)
        sources = conn.execute(select(event_sources)).all()
    by_event: dict[int, list] = {}
    for source in sources:
        by_event.setdefault(source.event_id, []).append(tuple(source._mapping.values()))
    return [
        {k: v for k, v in row.items() if k not in ("created_at", "updated_at")}
        | {"sources_rows": sorted(by_event.get(row["id"], []))}
        for row in rows
    ]


def stored_documents(engine: Engine) -> dict[str, tuple[str, str | None]]:
    with engine.connect() as conn:
        rows = conn.execute(select(documents.c.uri, documents.c.status, documents.c.error))
        return {Path(r.uri).name: (r.status, r.error) for r in rows}


@dataclass
class Runs:
    serial: Engine
    pooled: Engine
    serial_summary: Summary
    pooled_summary: Summary
    rerun_summary: Summary
    read_before_first_stored: int
    events_after_first_run: list[dict]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runs]:
    """The samples plus a page with no article text, ingested serially and with 2 workers."""
    root = tmp_path_factory.mktemp("pages")
    pages = root / "pages"
    shutil.copytree(SAMPLES, pages)
    (pages / "broken.html").write_text(BROKEN, encoding="utf-8")
    settings = Settings()
    serial = connect(f"sqlite:///{root / 'serial.db'}")
    pooled = connect(f"sqlite:///{root / 'pooled.db'}")
    serial_summary = ingest_items(
        serial, iter_inputs([pages], settings), lambda d: analyze(d, settings=settings)
    )

    read = 0
    read_at_first: list[int] = []

    def counted() -> Iterator[Document | Failure]:
        nonlocal read
        for item in iter_inputs([pages], settings):
            read += 1
            yield item

    def stored(_item: Document | Failure) -> None:
        if not read_at_first:
            read_at_first.append(read)

    pooled_summary = ingest_parallel(
        pooled, counted(), settings, workers=2, in_flight=IN_FLIGHT, on_item=stored
    )
    events_after_first_run = stored_events(pooled)
    rerun_summary = ingest_parallel(pooled, iter_inputs([pages], settings), settings, workers=2)
    yield Runs(
        serial,
        pooled,
        serial_summary,
        pooled_summary,
        rerun_summary,
        read_at_first[0],
        events_after_first_run,
    )
    serial.dispose()
    pooled.dispose()


def test_two_workers_store_exactly_the_events_of_one(runs: Runs) -> None:
    events = stored_events(runs.serial)
    assert len(events) > 10
    assert runs.events_after_first_run == events
    assert stored_documents(runs.pooled) == stored_documents(runs.serial)


def test_summaries_agree(runs: Runs) -> None:
    serial, pooled = runs.serial_summary, runs.pooled_summary
    counts = (pooled.read, pooled.new, pooled.known, pooled.failed, pooled.skipped)
    assert counts == (serial.read, serial.new, serial.known, serial.failed, serial.skipped)
    assert pooled.new == pooled.read - 1


def test_broken_document_is_a_failed_row_and_the_batch_goes_on(runs: Runs) -> None:
    status, error = stored_documents(runs.pooled)["broken.html"]
    assert status == "failed"
    assert error
    assert [Path(f.uri).name for f in runs.pooled_summary.failures] == ["broken.html"]
    assert [f.stage for f in runs.pooled_summary.failures] == ["extract"]


def test_rerun_adds_nothing(runs: Runs) -> None:
    rerun = runs.rerun_summary
    assert rerun.new == 0
    assert rerun.known == runs.pooled_summary.new
    assert stored_events(runs.pooled) == runs.events_after_first_run


def test_inputs_are_read_lazily(runs: Runs) -> None:
    """The first result is stored before the parent has read more than the in-flight bound."""
    assert runs.read_before_first_stored <= IN_FLIGHT + 1
    assert runs.pooled_summary.read > IN_FLIGHT + 1


def test_cli_workers_option(tmp_path: Path) -> None:
    page = tmp_path / "kenya.txt"
    shutil.copy(SAMPLES / "kenya-protests.txt", page)
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    result = CliRunner().invoke(app, ["ingest", str(page), "--db", db, "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert "new" in result.output
    engine = connect(db)
    assert stored_documents(engine) == {"kenya.txt": ("analyzed", None)}
    engine.dispose()
    refused = CliRunner().invoke(app, ["ingest", str(page), "--db", db, "--workers", "0"])
    assert refused.exit_code != 0


class CrashingPool(Pool):
    """A real pool whose worker really dies (os._exit) on the document at `kill://`."""

    def submit(self, document: Document) -> Future[Article | Failure]:
        if document.uri == "kill://":
            return self.executor.submit(os._exit, 3)
        return super().submit(document)


def test_a_dying_worker_fails_only_its_document(tmp_path: Path) -> None:
    texts = [
        (SAMPLES / name).read_bytes() for name in ("kenya-protests.txt", "kaduna-abduction.txt")
    ]
    items = [
        Document.from_bytes(texts[0], "first://", "text/plain"),
        Document.from_bytes(b"Soldiers were killed.", "kill://", "text/plain"),
        Document.from_bytes(texts[1], "last://", "text/plain"),
    ]
    engine = connect(f"sqlite:///{tmp_path / 'crash.db'}")
    settings = Settings()
    summary = ingest_parallel(engine, items, settings, pool=CrashingPool(2, settings), in_flight=3)
    assert (summary.new, summary.failed) == (2, 1)
    assert [f.uri for f in summary.failures] == ["kill://"]
    assert "worker process" in summary.failures[0].reason
    with engine.connect() as conn:
        rows = dict(conn.execute(select(documents.c.uri, documents.c.status)).all())
    assert rows == {"first://": "analyzed", "kill://": "failed", "last://": "analyzed"}
    engine.dispose()
