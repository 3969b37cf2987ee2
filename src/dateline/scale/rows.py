"""The row format of a cluster run's Parquet output, and its way back into records.

One table, one `kind` column (see `ray_engine` for why):

- `document`: one row per input item: the document record (`document_id`, `uri`,
  `media_type`, `fetched_at` as ISO text, `hints` as JSON, `raw` bytes) and its outcome
  (`status` analyzed | failed | skipped, `error_stage`, `error`).
- `article`: one row per analysed document: key columns for queries (`title`, `language`,
  `site`, `mention_count`) and `record`, the whole `Article.to_dict()` as JSON (mentions
  included), which `article_from_dict` turns back into the exact Article.
- `mention`: one row per event mention, flat columns for analysts (type, actors, place,
  date, fatalities, evidence) and `record`, the mention as JSON. Loading does not need them.

pyarrow only: the loader imports this without Ray.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pyarrow as pa

from dateline.model import Article, Document, Failure, Mention, to_jsonable

SCHEMA = pa.schema(
    [
        ("kind", pa.string()),
        ("document_id", pa.string()),
        ("uri", pa.string()),
        ("media_type", pa.string()),
        ("fetched_at", pa.string()),
        ("hints", pa.string()),
        ("raw", pa.binary()),
        ("status", pa.string()),
        ("error_stage", pa.string()),
        ("error", pa.string()),
        ("title", pa.string()),
        ("language", pa.string()),
        ("site", pa.string()),
        ("mention_count", pa.int32()),
        ("mention_index", pa.int32()),
        ("event_type", pa.string()),
        ("sub_event_type", pa.string()),
        ("actor1", pa.string()),
        ("actor2", pa.string()),
        ("location", pa.string()),
        ("country", pa.string()),
        ("latitude", pa.float64()),
        ("longitude", pa.float64()),
        ("event_date", pa.date32()),
        ("fatalities", pa.int64()),
        ("background", pa.bool_()),
        ("confidence", pa.float64()),
        ("evidence", pa.string()),
        ("record", pa.string()),
    ]
)
# What a file reader hands to the analysis step: the document part of the schema.
INPUT_FIELDS = ("document_id", "uri", "media_type", "fetched_at", "hints", "raw", "status",
                "error_stage", "error")  # fmt: skip
INPUT_SCHEMA = pa.schema([SCHEMA.field(name) for name in INPUT_FIELDS])


def input_row(item: Document | Failure, skipped: bool = False) -> dict[str, Any]:
    """A reader's output as a row: a document to analyse, or a failure to pass through."""
    if isinstance(item, Failure):
        return {
            "document_id": item.id,
            "uri": item.uri,
            "media_type": item.media_type,
            "fetched_at": None,
            "hints": "{}",
            "raw": item.raw,
            "status": "skipped" if skipped else "failed",
            "error_stage": item.stage,
            "error": item.reason,
        }
    return {
        "document_id": item.id,
        "uri": item.uri,
        "media_type": item.media_type,
        "fetched_at": item.fetched_at.isoformat() if item.fetched_at else None,
        "hints": json.dumps(item.hints, ensure_ascii=False, sort_keys=True),
        "raw": item.raw,
        "status": "pending",
        "error_stage": None,
        "error": None,
    }


def document_of(row: dict[str, Any]) -> Document:
    """The Document a `document` (or input) row was made from."""
    stamp = row.get("fetched_at")
    return Document(
        row["document_id"],
        row["uri"],
        row["raw"] or b"",
        row["media_type"],
        datetime.fromisoformat(stamp) if stamp else None,
        json.loads(row.get("hints") or "{}"),
    )


def failure_of(row: dict[str, Any]) -> Failure:
    """The Failure recorded on a failed or skipped `document` row."""
    return Failure(
        row["document_id"],
        row["uri"],
        row["error_stage"] or "analyze",
        row["error"] or "",
        row["raw"] or b"",
        row["media_type"] or "application/octet-stream",
    )


def output_rows(source: dict[str, Any], outcome: Article | Failure | None) -> Iterator[dict]:
    """The rows of one input after analysis: its document row, then article and mentions.

    `outcome` is None for an input that already failed or was skipped while reading.
    """
    document = {**source, "kind": "document"}
    if isinstance(outcome, Failure):
        document.update(status="failed", error_stage=outcome.stage, error=outcome.reason)
    elif isinstance(outcome, Article):
        document["status"] = "analyzed"
    yield document
    if not isinstance(outcome, Article):
        return
    doc_id = source["document_id"]
    yield {
        "kind": "article",
        "document_id": doc_id,
        "title": outcome.title,
        "language": outcome.language,
        "site": outcome.site,
        "mention_count": len(outcome.mentions),
        "record": json.dumps(outcome.to_dict(), ensure_ascii=False),
    }
    for index, mention in enumerate(outcome.mentions):
        yield mention_row(doc_id, index, mention)


def mention_row(document_id: str, index: int, mention: Mention) -> dict[str, Any]:
    """A mention flattened for analysts, with its full record as JSON."""
    place = mention.place
    return {
        "kind": "mention",
        "document_id": document_id,
        "mention_index": index,
        "event_type": mention.event_type,
        "sub_event_type": mention.sub_event_type,
        "actor1": mention.actor1.name if mention.actor1 else None,
        "actor2": mention.actor2.name if mention.actor2 else None,
        "location": place.name if place else None,
        "country": place.country if place else None,
        "latitude": place.lat if place else None,
        "longitude": place.lon if place else None,
        "event_date": mention.date,
        "fatalities": mention.fatalities,
        "background": mention.background,
        "confidence": mention.confidence,
        "evidence": mention.evidence.text,
        "record": json.dumps(to_jsonable(dataclasses.asdict(mention)), ensure_ascii=False),
    }


def to_table(rows: list[dict[str, Any]]) -> pa.Table:
    """Rows as an Arrow table with the full output schema (absent columns are null)."""
    return pa.Table.from_pylist(rows, schema=SCHEMA)
