"""Reading WARC archives (`.warc`, `.warc.gz`, as Common Crawl's CC-NEWS ships them).

Each HTTP `response` record holding HTML becomes a Document whose uri is the record's
`WARC-Target-URI` and whose fetch time is its `WARC-Date` (the crawl date, a lower bound
for nothing and an upper bound for the story: the page existed then). Requests, metadata
and other record kinds are not pages and are passed over silently; a response that is not
HTML (a PDF, an image, a redirect) is a `Skipped` with its reason, counted in the summary.
A truncated or corrupt archive yields one Failure for the rest of the file: the records
read before the damage are kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from dateline.ingest.files import failure, os_reason, too_large_reason
from dateline.model import Document, Failure
from dateline.settings import Settings

HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_DETAIL = 100  # characters of the reader's error kept in the failure's reason


def is_warc(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith((".warc", ".warc.gz"))


def read_warc(path: Path, settings: Settings) -> Iterator[Document | Failure]:
    """Yield a Document for each HTML response of the archive, a Skipped for each other
    response, and a Failure if the archive cannot be read to its end."""
    from dateline.ingest import skipped  # the package imports this module

    archive = path.as_posix()
    try:
        handle = path.open("rb")
    except OSError as error:
        yield failure(archive, os_reason(error))
        return
    number = 0
    with handle:
        try:
            for record in ArchiveIterator(handle):
                if record.rec_type != "response":
                    continue
                number += 1
                uri = record.rec_headers.get_header("WARC-Target-URI") or f"{archive}#{number}"
                status = record.http_headers.get_statuscode() if record.http_headers else None
                content_type = _content_type(record)
                if status is not None and not status.startswith("2"):
                    yield skipped(uri, f"skipped: HTTP status {status}, not a page")
                    continue
                if not content_type.startswith(HTML_TYPES):
                    what = content_type or "no content type"
                    yield skipped(uri, f"skipped: WARC response is {what}, not HTML")
                    continue
                yield _document(record, uri, settings)
        except (ArchiveLoadFailed, OSError, EOFError, ValueError) as error:
            detail = readable(str(error)) or type(error).__name__
            reason = (
                f"WARC archive is damaged after {number} response record(s) ({detail}): "
                "the records before it were read; re-download or repair the file"
            )
            yield failure(f"{archive}#damaged", reason)


def readable(text: str, limit: int = MAX_DETAIL) -> str:
    """The first line of an error, short and printable: warcio quotes the damaged record's
    first line, which in a binary archive is thousands of bytes of noise (5,748 characters
    once). Anything but printable ASCII is escaped, then the whole is cut to `limit`."""
    first = text.splitlines()[0] if text else ""
    escaped = "".join(c if " " <= c <= "~" else ascii(c)[1:-1] for c in first[: limit * 2])
    return escaped if len(escaped) <= limit else escaped[: limit - 1].rstrip("\\") + "…"


def _content_type(record: ArcWarcRecord) -> str:
    if record.http_headers is None:
        return ""
    value = record.http_headers.get_header("Content-Type") or ""
    return value.split(";")[0].strip().lower()


def _document(record: ArcWarcRecord, uri: str, settings: Settings) -> Document | Failure:
    limit = settings.max_document_bytes
    stream = record.content_stream()
    raw = stream.read(limit + 1)
    if len(raw) > limit:
        size = len(raw) + sum(len(chunk) for chunk in iter(lambda: stream.read(1 << 20), b""))
        return failure(uri, too_large_reason(size, limit, limit), raw[:limit], "text/html")
    stamp = record.rec_headers.get_header("WARC-Date")
    fetched = _warc_date(stamp) if stamp else None
    return Document.from_bytes(raw, uri, "text/html", fetched_at=fetched)


def _warc_date(stamp: str) -> datetime | None:
    try:
        return datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
