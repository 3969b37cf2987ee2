"""Reading a JSONL file: one `{"text"|"html", "url", "published"?, "title"?}` object a line.

Every line is its own Document (or Failure); a bad line never stops the lines after it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dateline.ingest.files import failure, os_reason, too_large_reason
from dateline.model import Document, Failure
from dateline.settings import Settings

HINT_KEYS = ("url", "published", "title")
JSON_TYPE = "application/json"


def read_jsonl(path: Path, settings: Settings) -> Iterator[Document | Failure]:
    """Yield one Document or Failure per non-blank line of a JSONL file."""
    limit = settings.max_document_bytes
    try:
        handle = path.open("rb")
    except OSError as error:
        yield failure(path.as_posix(), os_reason(error))
        return
    with handle:
        try:
            fetched = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
        except OSError:
            fetched = None
        number = 0
        while True:
            try:
                line = handle.readline(limit + 1)
            except OSError as error:
                yield failure(f"{path.as_posix()}#L{number + 1}", os_reason(error))
                return
            if not line:
                return
            number += 1
            uri = f"{path.as_posix()}#L{number}"
            if len(line) > limit and not line.endswith(b"\n"):
                size = len(line) + skip_rest_of_line(handle)
                kept = line[:limit]
                reason = f"line {number}: " + too_large_reason(size, limit, len(kept))
                yield failure(uri, reason, kept, JSON_TYPE)
                continue
            if not line.strip():
                continue
            yield parse_line(line, number, uri, fetched)


def skip_rest_of_line(handle: Any) -> int:
    """Read past the end of an over-long line in bounded chunks; return how many bytes."""
    skipped = 0
    while chunk := handle.readline(1024 * 1024):
        skipped += len(chunk)
        if chunk.endswith(b"\n"):
            break
    return skipped


def parse_line(line: bytes, number: int, uri: str, fetched: datetime | None) -> Document | Failure:
    raw_line = line.rstrip(b"\r\n")
    try:
        record = json.loads(raw_line.decode("utf-8"))
    except UnicodeDecodeError as error:
        reason = (
            f"line {number}: not valid UTF-8 (byte {error.start + 1}): "
            "re-encode the file as UTF-8 or remove the line"
        )
        return failure(uri, reason, raw_line, JSON_TYPE)
    except json.JSONDecodeError as error:
        reason = (
            f"line {number}: invalid JSON ({error.msg} at column {error.colno}): "
            "fix or remove the line"
        )
        return failure(uri, reason, raw_line, JSON_TYPE)
    if not isinstance(record, dict):
        reason = (
            f'line {number}: expected a JSON object with "text" or "html", '
            f"got {type(record).__name__}: fix or remove the line"
        )
        return failure(uri, reason, raw_line, JSON_TYPE)
    hints = {
        key: str(record[key])
        for key in HINT_KEYS
        if record.get(key) is not None and str(record[key]).strip()
    }
    if hints.get("url"):
        uri = hints["url"]
    for key, media_type in (("html", "text/html"), ("text", "text/plain")):
        body = record.get(key)
        if isinstance(body, str) and body.strip():
            return Document.from_bytes(body.encode("utf-8"), uri, media_type, hints, fetched)
    reason = (
        f'line {number}: the record has neither a "text" nor an "html" string: '
        "add the page's text or HTML, or remove the line"
    )
    return failure(uri, reason, raw_line, JSON_TYPE)
