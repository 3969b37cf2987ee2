"""`dateline load DIR`: store the Parquet output of a cluster run in the database.

Reads the one-table layout of `dateline.scale.rows` with pyarrow (no Ray needed) and hands
every document to `save_result`, the same function a serial ingest uses, so events merge the
same way and a second load of the same folder adds nothing. Mention rows are for analysts;
the article record already carries its mentions.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow.compute as pc
import pyarrow.dataset as pads
from sqlalchemy import Engine

from dateline.errors import StoreError
from dateline.model import Article, article_from_dict
from dateline.scale import rows
from dateline.store import save_result

TASK_FILE = re.compile(r"_(\d+)-(\d+)\.parquet$")
COLUMNS = [*rows.INPUT_FIELDS, "kind", "record"]


@dataclass
class LoadReport:
    """What a load stored: outcomes as `save_result` returned them."""

    documents: int = 0
    new: int = 0
    known: int = 0
    failed: int = 0
    skipped: int = 0
    incomplete: list[str] = field(default_factory=list)  # analysed documents without article

    def count(self, outcome: str) -> None:
        self.documents += 1
        setattr(self, outcome, getattr(self, outcome) + 1)


def parquet_files(folder: Path) -> list[Path]:
    """The Parquet files of a run folder, in a stable order."""
    if not folder.is_dir():
        raise StoreError(f"{folder} is not a folder; give the --out folder of a Ray ingest")
    files = sorted(folder.rglob("*.parquet"), key=write_order)
    if not files:
        raise StoreError(f"{folder} holds no Parquet files; give the --out folder of a Ray ingest")
    return files


def write_order(path: Path) -> tuple[str, int, int, str]:
    """Ray names files `{uuid}_{task index}-{block}.parquet`: order by the numbers."""
    match = TASK_FILE.search(path.name)
    task, block = (int(match.group(1)), int(match.group(2))) if match else (0, 0)
    return (path.parent.as_posix(), task, block, path.name)


def iter_rows(folder: Path) -> Iterator[dict[str, Any]]:
    """Document and article rows (mention rows left out), file by file."""
    dataset = pads.dataset([p.as_posix() for p in parquet_files(folder)], format="parquet")
    wanted = pc.field("kind") != "mention"
    for batch in dataset.to_batches(columns=COLUMNS, filter=wanted):
        yield from batch.to_pylist()


def load(
    folder: str | Path,
    engine: Engine,
    on_document: Callable[[str], None] | None = None,
) -> LoadReport:
    """Store every document of a run folder; idempotent (known documents are left alone).

    A document row and its article row normally sit side by side; either may come first,
    so each waits for the other.
    """
    report = LoadReport()
    waiting_documents: dict[str, dict[str, Any]] = {}
    waiting_articles: dict[str, Article] = {}
    for row in iter_rows(Path(folder)):
        doc_id = row["document_id"]
        if row["kind"] == "article":
            article = article_from_dict(json.loads(row["record"]))
            source = waiting_documents.pop(doc_id, None)
            if source is None:
                waiting_articles[doc_id] = article
            else:
                store(engine, source, article, report, on_document)
        elif row["status"] == "analyzed":
            article = waiting_articles.pop(doc_id, None)
            if article is None:
                waiting_documents[doc_id] = row
            else:
                store(engine, row, article, report, on_document)
        else:
            store(engine, row, None, report, on_document)
    report.incomplete = sorted(row["uri"] for row in waiting_documents.values())
    return report


def store(
    engine: Engine,
    row: dict[str, Any],
    article: Article | None,
    report: LoadReport,
    on_document: Callable[[str], None] | None,
) -> None:
    """One document with its outcome, in its own transaction (like a serial ingest)."""
    if row["status"] == "skipped":
        report.skipped += 1
    else:
        with engine.begin() as conn:
            if article is not None:
                outcome = save_result(conn, rows.document_of(row), article, None)
            else:
                failure = rows.failure_of(row)
                # A failure while reading has no Document (as in a serial ingest).
                document = None if failure.stage == "ingest" else rows.document_of(row)
                outcome = save_result(conn, document, None, failure)
        report.count(outcome)
    if on_document is not None:
        on_document(row["uri"])
