"""The serial runner: analyse and store a stream of inputs one at a time, in this process.

The process pool (`dateline.scale.pool`) reuses `store_result` and `Summary`, so both runners
store and count exactly alike; only where the analysis runs differs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from dateline.errors import DatelineError
from dateline.ingest import Skipped
from dateline.model import Article, Document, Failure
from dateline.store import document_status, save_result

Analyzer = Callable[[Document], Article]
Outcome = tuple[str, Failure | None]


@dataclass
class Summary:
    """Counts of one ingest run, with the failures and skips to list to the user."""

    read: int = 0
    new: int = 0
    known: int = 0
    failed: int = 0
    skipped: int = 0
    failures: list[Failure] = field(default_factory=list)
    skips: list[Failure] = field(default_factory=list)

    def count(self, outcome: str, failure: Failure | None) -> None:
        if outcome == "skipped":
            self.skipped += 1
            self.skips.append(failure)  # type: ignore[arg-type]
            return
        self.read += 1
        if outcome == "new":
            self.new += 1
        elif outcome == "known":
            self.known += 1
        else:
            self.failed += 1
            if failure is not None:
                self.failures.append(failure)


def run_analyzer(analyzer: Analyzer, document: Document) -> Article | Failure:
    """The Article of a document, or a Failure with the stage and reason; never raises."""
    try:
        return analyzer(document)
    except DatelineError as error:
        reason = str(error) or type(error).__name__
        return Failure(
            document.id, document.uri, error.stage, reason, document.raw, document.media_type
        )
    except Exception as error:  # an unexpected bug must not stop the batch
        reason = f"{type(error).__name__}: {error}"
        return Failure(
            document.id, document.uri, "analyze", reason, document.raw, document.media_type
        )


def is_analyzed(engine: Engine, document: Document) -> bool:
    """True when the document is already stored as analysed (so it needs no analysis)."""
    with engine.connect() as conn:
        return document_status(conn, document.id) == "analyzed"


def store_input(engine: Engine, item: Failure) -> Outcome:
    """Store an input that never reached analysis (a reader's Failure); skips are only counted."""
    if isinstance(item, Skipped):
        return "skipped", item
    try:
        with engine.begin() as conn:
            return save_result(conn, None, None, item), item
    except SQLAlchemyError as error:
        return "failed", database_failure(item, error)


def store_result(engine: Engine, document: Document, result: Article | Failure) -> Outcome:
    """Store one analysed document; a database error becomes the document's failure."""
    article, failure = (None, result) if isinstance(result, Failure) else (result, None)
    try:
        try:
            with engine.begin() as conn:
                return save_result(conn, document, article, failure), failure
        except SQLAlchemyError as error:
            if failure is not None:
                raise
            reason = f"could not store the analysis ({type(error).__name__}: {first_line(error)})"
            failure = Failure(
                document.id, document.uri, "store", reason, document.raw, document.media_type
            )
            with engine.begin() as conn:
                return save_result(conn, document, None, failure), failure
    except SQLAlchemyError as error:
        return "failed", database_failure(document, error)


def database_failure(item: Document | Failure, error: SQLAlchemyError) -> Failure:
    reason = f"database error, not stored ({type(error).__name__}: {first_line(error)})"
    return Failure(item.id, item.uri, "store", reason)


def process(engine: Engine, item: Document | Failure, analyzer: Analyzer) -> Outcome:
    """Analyse (if needed) and store one input; 'new', 'known', 'failed' or 'skipped'."""
    if isinstance(item, Failure):
        return store_input(engine, item)
    try:
        if is_analyzed(engine, item):
            return "known", None
    except SQLAlchemyError as error:
        return "failed", database_failure(item, error)
    return store_result(engine, item, run_analyzer(analyzer, item))


def first_line(error: Exception) -> str:
    return (str(error).splitlines() or [""])[0]


def ingest_items(
    engine: Engine,
    items: Iterable[Document | Failure],
    analyzer: Analyzer,
    on_item: Callable[[Document | Failure], None] | None = None,
) -> Summary:
    """Analyse and store a stream of inputs; one bad input never stops the others."""
    summary = Summary()
    for item in items:
        outcome, failure = process(engine, item, analyzer)
        summary.count(outcome, failure)
        if on_item is not None:
            on_item(item)
    return summary
