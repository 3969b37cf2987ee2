"""Reading one plain file (.txt, .html, .htm) into a Document, or a Failure saying why not.

Readers only read bytes: decoding, empty and binary pages are the extract stage's business.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from dateline.model import Document, Failure, sha256_hex
from dateline.settings import Settings

CHUNK = 1024 * 1024
LIMIT_HINT = "raise DATELINE_MAX_DOCUMENT_BYTES to analyse it, or split the file"


def failure(uri: str, reason: str, raw: bytes = b"", media_type: str | None = None) -> Failure:
    """An ingest Failure whose id is stable across runs: the raw bytes' sha256, else the uri's."""
    ident = sha256_hex(raw) if raw else sha256_hex(f"uri:{uri}".encode())
    return Failure(ident, uri, "ingest", reason, raw, media_type or "application/octet-stream")


def os_reason(error: OSError) -> str:
    """An OSError as something a user can act on."""
    what = error.strerror or type(error).__name__
    if isinstance(error, PermissionError):
        return f"cannot read the file ({what}): check its permissions"
    if isinstance(error, FileNotFoundError):
        return f"cannot read the file ({what}): it vanished or is a broken symlink; fix the link"
    if isinstance(error, IsADirectoryError):
        return f"cannot read the file ({what}): it is a directory"
    return f"cannot read the file ({what}): check the file and the disk"


def too_large_reason(size: int, limit: int, kept: int) -> str:
    return (
        f"document is {size:,} bytes, over the limit of {limit:,} bytes; only the first "
        f"{kept:,} bytes are kept; {LIMIT_HINT}"
    )


def read_limited(path: Path, limit: int) -> tuple[bytes, int, str]:
    """The first `limit` bytes of a file, its full size and the sha256 of the whole file.

    Streams in chunks, so a huge file costs at most `limit` bytes of memory.
    """
    digest = hashlib.sha256()
    kept = bytearray()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            if len(kept) < limit:
                kept += chunk[: limit - len(kept)]
    return bytes(kept), size, digest.hexdigest()


def read_file(path: Path, media_type: str, settings: Settings) -> Iterator[Document | Failure]:
    """Yield the Document of one file, or one Failure with the reason it could not be read."""
    uri = path.as_posix()
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            yield failure(uri, "not a regular file (a directory, pipe or device): point at files")
            return
        limit = settings.max_document_bytes
        if info.st_size <= limit:
            raw = path.read_bytes()
        else:
            raw, size, whole = read_limited(path, limit)
            if size > limit:
                # The id is the whole file's sha256, like a Document's would be, so a re-run
                # with a higher limit updates this record instead of adding a second one.
                reason = too_large_reason(size, limit, len(raw))
                yield Failure(whole, uri, "ingest", reason, raw, media_type)
                return
    except OSError as error:
        yield failure(uri, os_reason(error))
        return
    fetched = datetime.fromtimestamp(info.st_mtime, tz=UTC)
    yield Document.from_bytes(raw, uri, media_type, fetched_at=fetched)


def is_hidden(path: Path) -> bool:
    return path.name.startswith(".")


def walk(root: Path) -> Iterator[Path]:
    """Every non-hidden entry below `root` that is not a directory, sorted, depth first.

    Symlinked directories are followed once (a loop is not walked twice).
    """
    seen: set[str] = set()

    def visit(directory: Path) -> Iterator[Path]:
        real = os.path.realpath(directory)
        if real in seen:
            return
        seen.add(real)
        try:
            entries = sorted(directory.iterdir(), key=lambda p: p.name)
        except OSError:
            yield directory  # reported by the caller as an unreadable entry
            return
        for entry in entries:
            if is_hidden(entry):
                continue
            if entry.is_dir():
                yield from visit(entry)
            else:
                yield entry

    yield from visit(root)
