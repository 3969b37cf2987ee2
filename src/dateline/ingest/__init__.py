"""Readers that turn files, directory trees, JSONL and WARC archives into Documents.

`iter_inputs(paths)` yields a `Document` for every page it could read and a `Failure`
(stage "ingest", with a reason a user can act on) for every one it could not; one bad file
or line never stops the rest. Everything is a generator, so memory stays flat however large
the batch. Files whose type dateline does not read come out as `Skipped` (a Failure that is
reported and counted but is not a document to store); so does a path that does not exist.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from dateline.ingest.files import failure, is_hidden, read_file, walk
from dateline.ingest.jsonl import read_jsonl
from dateline.ingest.warc import is_warc, read_warc
from dateline.model import Document, Failure
from dateline.settings import Settings

MEDIA_TYPES = {".txt": "text/plain", ".html": "text/html", ".htm": "text/html"}
SUPPORTED = (*MEDIA_TYPES, ".jsonl", ".warc", ".warc.gz")


@dataclass(frozen=True)
class Skipped(Failure):
    """An input that is not a document to store: an unsupported file type, a missing path."""


def iter_inputs(
    paths: Iterable[str | Path], settings: Settings | None = None
) -> Iterator[Document | Failure]:
    """Documents (and Failures) from files and directories, in a stable order.

    Directories are walked recursively in sorted order; hidden files and directories
    (names starting with ".") are left out.
    """
    settings = settings or Settings()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for entry in walk(path):
                yield from read_path(entry, settings)
        elif path.exists() or path.is_symlink():
            yield from read_path(path, settings)
        else:
            yield skipped(path.as_posix(), "no such file or directory: check the path")


def read_path(path: Path, settings: Settings) -> Iterator[Document | Failure]:
    """Dispatch one file to the reader for its extension."""
    suffix = path.suffix.lower()
    if path.is_dir():  # only when the directory itself could not be listed
        yield failure(path.as_posix(), "cannot list the directory: check its permissions")
    elif suffix == ".jsonl":
        yield from read_jsonl(path, settings)
    elif is_warc(path):
        yield from read_warc(path, settings)
    elif suffix in MEDIA_TYPES:
        yield from read_file(path, MEDIA_TYPES[suffix], settings)
    else:
        kind = f"file type '{suffix}'" if suffix else "a file without an extension"
        reason = (
            f"skipped: {kind} is not read (dateline reads {', '.join(SUPPORTED)}); "
            "convert it or leave it out"
        )
        yield skipped(path.as_posix(), reason)


def skipped(uri: str, reason: str) -> Skipped:
    base = failure(uri, reason)
    return Skipped(base.id, base.uri, base.stage, base.reason)


__all__ = ["SUPPORTED", "Skipped", "is_hidden", "iter_inputs"]
