"""A process pool on one machine: `dateline ingest --workers N`.

Workers only analyse (`analyze` is pure); the parent alone writes to the database, so SQLite
works unchanged. Each worker loads the language models once, in its initializer. Inputs are
read lazily and at most `in_flight` documents are out at a time, so memory stays flat however
large the batch. Results are stored in input order, which makes the stored events exactly
those of the serial runner (merging a mention into an event depends on what came before).
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from dateline.model import Article, Document, Failure
from dateline.pipeline import analyze
from dateline.scale.local import (
    Outcome,
    Summary,
    database_failure,
    is_analyzed,
    run_analyzer,
    store_input,
    store_result,
)
from dateline.settings import Settings

WARM_UP = "Soldiers clashed with rebels near Kidal, Mali, on Tuesday, the army said."

_settings: Settings | None = None  # set once per worker process by `_start_worker`
_start_error: str | None = None  # why this worker could not load its models


def _end_with_parent() -> None:
    """Runs in a worker: end it as soon as the process that made the pool is gone, even
    after `kill -9`. Each worker holds both ends of the pool's queues, so no end-of-file
    ever reaches one waiting for work: without this, workers outlived their parent."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="dateline-parent-watch", daemon=True).start()


def _start_worker(settings: Settings) -> None:
    """Load the models once per worker (the first analysis builds every lazy resource).

    A failure here is kept and reported on every document, instead of breaking the pool
    (which would hide the reason). The worker first arranges to end with its parent.
    """
    global _settings, _start_error
    _end_with_parent()
    _settings = settings
    try:
        analyze(WARM_UP, settings=settings)
    except Exception as error:
        _start_error = f"the worker could not load its models ({type(error).__name__}: {error})"


def _worker_pid(hold: float) -> int:
    """Runs in a worker: its process id, after holding the worker so each call gets its own."""
    time.sleep(hold)
    return os.getpid()


def _analyse(document: Document) -> Article | Failure:
    """Runs in a worker: the article, or the failure with its stage and reason."""
    if _start_error is not None:
        return Failure(
            document.id, document.uri, "analyze", _start_error, document.raw, document.media_type
        )
    return run_analyzer(lambda d: analyze(d, settings=_settings), document)


@dataclass
class _Pending:
    """One input waiting, in order, to be stored."""

    item: Document | Failure
    future: Future[Article | Failure] | None = None  # None: nothing to analyse
    outcome: Outcome | None = None  # decided without analysis


class Pool:
    """Worker processes that analyse documents; rebuilt when a worker dies."""

    def __init__(self, workers: int, settings: Settings) -> None:
        self.workers = workers
        self.settings = settings
        self.executor = self._new()

    def _new(self) -> ProcessPoolExecutor:
        # forkserver: workers never inherit the parent's threads or database connections.
        return ProcessPoolExecutor(
            self.workers,
            mp_context=multiprocessing.get_context("forkserver"),
            initializer=_start_worker,
            initargs=(self.settings,),
        )

    def start(self, hold: float = 0.5) -> list[int]:
        """Start every worker now (models loaded) and return their process ids."""
        calls = [self.executor.submit(_worker_pid, hold) for _ in range(self.workers)]
        return sorted({call.result() for call in calls})

    def submit(self, document: Document) -> Future[Article | Failure]:
        return self.executor.submit(_analyse, document)

    def restart(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self._new()

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


def ingest_parallel(
    engine: Engine,
    items: Iterable[Document | Failure],
    settings: Settings,
    workers: int = 2,
    in_flight: int | None = None,
    on_item: Callable[[Document | Failure], None] | None = None,
    pool: Pool | None = None,
) -> Summary:
    """Analyse a stream of inputs on `workers` processes and store them here, in input order.

    Documents already analysed are counted as known without being sent to a worker. A worker
    that dies (out of memory, a crash in native code) costs a retry of the documents it had
    out, one at a time; the document that kills a worker alone is stored as failed. The batch
    always goes on. `pool` replaces the pool built from `workers` and `settings`.
    """
    summary = Summary()
    pool = pool or Pool(workers, settings)
    limit = in_flight or pool.workers * 4
    queue: deque[_Pending] = deque()
    try:
        for item in items:
            queue.append(_prepare(engine, pool, item))
            while len(queue) > limit:
                _finish(engine, pool, queue, summary, on_item)
        while queue:
            _finish(engine, pool, queue, summary, on_item)
    finally:
        pool.close()
    return summary


def _prepare(engine: Engine, pool: Pool, item: Document | Failure) -> _Pending:
    """Decide what an input needs: stored as it is, counted as known, or analysed."""
    if isinstance(item, Failure):
        return _Pending(item, outcome=store_input(engine, item))
    try:
        if is_analyzed(engine, item):
            return _Pending(item, outcome=("known", None))
    except SQLAlchemyError as error:
        return _Pending(item, outcome=("failed", database_failure(item, error)))
    return _Pending(item, future=pool.submit(item))


def _finish(
    engine: Engine,
    pool: Pool,
    queue: deque[_Pending],
    summary: Summary,
    on_item: Callable[[Document | Failure], None] | None,
) -> None:
    """Wait for the oldest input and store it."""
    pending = queue[0]
    if pending.future is not None:
        try:
            result = pending.future.result()
        except BrokenProcessPool:
            _recover(pool, queue)
            return
        queue.popleft()
        assert isinstance(pending.item, Document)
        pending.outcome = _store(engine, pending.item, result)
    else:
        queue.popleft()
    assert pending.outcome is not None
    summary.count(*pending.outcome)
    if on_item is not None:
        on_item(pending.item)


def _store(engine: Engine, document: Document, result: Article | Failure) -> Outcome:
    """Store a worker's result, unless the same document was stored meanwhile (a duplicate)."""
    try:
        if is_analyzed(engine, document):
            return "known", None
    except SQLAlchemyError as error:
        return "failed", database_failure(document, error)
    return store_result(engine, document, result)


def _recover(pool: Pool, queue: deque[_Pending]) -> None:
    """A worker died: re-run each document it may have taken down alone, to find the culprit.

    Only the document that kills a worker on its own is stored as failed; the others keep
    their results. Rare, so the slow one-at-a-time retry costs little.
    """
    pool.restart()
    for pending in queue:
        if pending.future is None or not _broken(pending.future):
            continue
        document = pending.item
        assert isinstance(document, Document)
        done: Future[Article | Failure] = Future()
        try:
            done.set_result(pool.submit(document).result())
        except BrokenProcessPool:
            reason = (
                "the worker process analysing this document died (out of memory or a crash "
                "in native code); analyse it alone to see the error"
            )
            done.set_result(
                Failure(
                    document.id, document.uri, "analyze", reason, document.raw, document.media_type
                )
            )
            pool.restart()
        pending.future = done


def _broken(future: Future[Article | Failure]) -> bool:
    """True when the future was lost with its worker (not a finished analysis)."""
    if not future.done():
        return True
    return isinstance(future.exception(), BrokenProcessPool)


def analyse_all(
    pool: Pool, documents: Iterable[Document], in_flight: int | None = None
) -> Iterator[Article | Failure]:
    """Analyse documents on the pool without storing them (benchmarks), in input order."""
    limit = in_flight or pool.workers * 4
    futures: deque[Future[Article | Failure]] = deque()
    for document in documents:
        futures.append(pool.submit(document))
        while len(futures) > limit:
            yield futures.popleft().result()
    while futures:
        yield futures.popleft().result()
