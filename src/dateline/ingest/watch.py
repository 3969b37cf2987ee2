"""`dateline watch`: poll every due source, fetch the stories it lists that no source listed
before, analyse and store them with the same code as `dateline ingest` (so dedup and merging
across sources work).

Everything the watcher knows is in the database (`store/sources.py`): a link is recorded as
pending before it is fetched and done or failed after it is stored, so a stopped watcher
resumes with the links it left and never fetches a stored story again. A source that times
out, answers garbage or a malformed feed, or loops its redirects keeps the reason on its
record; the other sources go on.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine

from dateline.ingest.feeds import ListingError, feed_links, page_links, sitemap_links
from dateline.ingest.fetch import Fetched, Fetcher, Refused, canonical_url, link_canonical
from dateline.ingest.fetch import media_type_of as media_type
from dateline.model import Article, Document
from dateline.scale.local import process
from dateline.store import sources as store
from dateline.store.repository import now

Analyzer = Callable[[Document], Article]
log = logging.getLogger(__name__)


@dataclass
class PollReport:
    """What one poll of one source did, and where its time went."""

    source: str
    new: int = 0
    stored: int = 0
    known: int = 0
    failed: int = 0
    error: str | None = None
    failures: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class RunReport:
    """A pass over the due sources: per source, and the time spent fetching (summed over
    the fetching threads) and analysing and storing (in this thread)."""

    polls: list[PollReport] = field(default_factory=list)
    fetch_seconds: float = 0.0
    analysis_seconds: float = 0.0
    seconds: float = 0.0
    stopped: bool = False

    @property
    def stored(self) -> int:
        return sum(p.stored for p in self.polls)


def interleave(queues: list[list[Any]]) -> Iterator[Any]:
    """One item of each queue in turn, so different hosts are fetched side by side."""
    for row in itertools.zip_longest(*queues):
        yield from (item for item in row if item is not None)


class Watcher:
    """Polls sources through one `Fetcher` with `workers` fetching threads; analysis and
    every database write stay in the calling thread. `stop` (set by SIGTERM) ends a pass
    after the fetches already started are stored."""

    def __init__(
        self,
        engine: Engine,
        fetcher: Fetcher,
        analyzer: Analyzer,
        workers: int = 8,
        stop: threading.Event | None = None,
    ) -> None:
        self.engine = engine
        self.fetcher = fetcher
        self.analyzer = analyzer
        self.workers = workers
        self.stop = stop or threading.Event()

    # --- listings ---------------------------------------------------------------------

    def _listing(self, source: dict[str, Any]) -> list[str]:
        """The links a source lists now ([] when unchanged since the last poll)."""
        url = source["url"]
        with self.engine.connect() as conn:
            etag, modified = store.get_validators(conn, url)
        answer = self.fetcher.get(url, etag=etag, last_modified=modified)
        if answer.not_modified:
            return []
        links = self._links(source["kind"], answer)
        with self.engine.begin() as conn:
            store.save_validators(conn, url, answer.etag, answer.last_modified, now())
        return links

    def _links(self, kind: str, answer: Fetched) -> list[str]:
        if kind == "feed":
            return feed_links(answer.body)
        if kind == "links":
            return page_links(answer.body, answer.final_url)
        pages, children = sitemap_links(answer.body, self.fetcher.policy.max_bytes)
        for child in children:  # a sitemap index: its newest sitemaps come first, usually
            try:
                pages += sitemap_links(self.fetcher.get(child).body, self.fetcher.policy.max_bytes)[
                    0
                ]
            except (Refused, ListingError) as error:
                log.info("watch: sitemap %s skipped: %s", child, error)
        return pages

    def _list_source(self, source: dict[str, Any]) -> tuple[list[str] | None, str | None]:
        try:
            return self._listing(source), None
        except (Refused, ListingError) as error:
            return None, str(error)
        except Exception as error:  # a bug on one source must not stop the others
            log.exception("watch: listing %s failed", source["name"])
            return None, f"{type(error).__name__}: {error}"

    # --- items --------------------------------------------------------------------------

    def _fetch_item(self, url: str) -> tuple[Fetched | None, str | None, float]:
        began = time.monotonic()
        try:
            return self.fetcher.get(url), None, time.monotonic() - began
        except Refused as error:
            return None, str(error), time.monotonic() - began
        except Exception as error:
            log.exception("watch: fetching %s failed", url)
            return None, f"{type(error).__name__}: {error}", time.monotonic() - began

    def _store_item(self, source: dict[str, Any], url: str, answer: Fetched) -> tuple[str, str]:
        """Analyse and store one fetched story (the `ingest` path), its canonical addresses
        recorded so no source fetches it again; (outcome, reason)."""
        canonical = None
        kind = media_type(answer.final_url, answer.content_type, answer.body)
        if kind == "text/html":
            canonical = link_canonical(answer.body, answer.final_url)
        hints = {"url": canonical or url}
        document = Document.from_bytes(answer.body, url, kind, hints, fetched_at=now())
        outcome, failure = process(self.engine, document, self.analyzer)
        at = now()
        with self.engine.begin() as conn:
            if outcome == "failed":
                reason = f"{failure.stage}: {failure.reason}" if failure else "failed"
                store.finish_item(conn, url, "failed", at, reason, document.id)
            else:
                store.finish_item(conn, url, "done", at, None, document.id)
            for alias in {canonical, canonical_url(answer.final_url)} - {None, url}:
                store.add_alias(conn, source["id"], alias, document.id, at)
        return outcome, (failure.reason if failure else "")

    def _give_up(self, url: str, reason: str) -> None:
        with self.engine.begin() as conn:
            store.finish_item(conn, url, "failed", now(), reason)

    # --- a pass -------------------------------------------------------------------------

    def poll_due(self) -> RunReport:
        """Poll every due source once: list, fetch what is new (and what a stopped run
        left pending), analyse, store; record each source's health."""
        began = time.monotonic()
        run = RunReport()
        with self.engine.connect() as conn:
            due = store.due_sources(conn, now())
        if not due:
            return run
        reports = {s["id"]: PollReport(s["name"]) for s in due}
        by_id = {s["id"]: s for s in due}
        queues: list[list[tuple[int, str]]] = []
        with ThreadPoolExecutor(self.workers, thread_name_prefix="fetch") as pool:
            listed = dict(zip(by_id, pool.map(self._list_source, due), strict=True))
            for source_id, (links, error) in listed.items():
                at = now()
                with self.engine.begin() as conn:
                    if links is None:
                        reports[source_id].error = error
                        store.record_poll(conn, source_id, at, 0, error)
                        continue
                    reports[source_id].new = len(store.add_items(conn, source_id, links, at))
                    pending = store.pending_items(conn, source_id)
                queues.append([(source_id, url) for url in pending])
            run.stopped = self._fetch_all(pool, interleave(queues), by_id, reports, run)
        if not run.stopped:
            with self.engine.begin() as conn:
                for source_id, (links, _) in listed.items():
                    if links is not None:
                        store.record_poll(conn, source_id, now(), reports[source_id].new, None)
        run.polls = list(reports.values())
        run.seconds = time.monotonic() - began
        return run

    def _fetch_all(
        self,
        pool: ThreadPoolExecutor,
        queue: Iterator[tuple[int, str]],
        sources: dict[int, dict[str, Any]],
        reports: dict[int, PollReport],
        run: RunReport,
    ) -> bool:
        """Fetch with a window of 2 × workers in flight; store each in this thread. On stop,
        nothing new starts and what is in flight is stored. True when stopped."""
        flight: dict[Future, tuple[int, str]] = {}
        while True:
            while not self.stop.is_set() and len(flight) < 2 * self.workers:
                item = next(queue, None)
                if item is None:
                    break
                flight[pool.submit(self._fetch_item, item[1])] = item
            if not flight:
                return self.stop.is_set()
            finished, _ = wait(flight, return_when=FIRST_COMPLETED)
            for future in finished:
                source_id, url = flight.pop(future)
                answer, reason, seconds = future.result()
                run.fetch_seconds += seconds
                self._record(sources[source_id], url, answer, reason, reports[source_id], run)

    def _record(
        self,
        source: dict[str, Any],
        url: str,
        answer: Fetched | None,
        reason: str | None,
        report: PollReport,
        run: RunReport,
    ) -> None:
        began = time.monotonic()
        try:
            if answer is None:
                self._give_up(url, reason or "failed")
                outcome, why = "failed", reason or "failed"
            else:
                outcome, why = self._store_item(source, url, answer)
        except Exception as error:  # one story never stops the pass
            log.exception("watch: storing %s failed", url)
            outcome, why = "failed", f"{type(error).__name__}: {error}"
        run.analysis_seconds += time.monotonic() - began
        if outcome == "new":
            report.stored += 1
        elif outcome == "known":
            report.known += 1
        else:
            report.failed += 1
            report.failures.append((url, why))

    def run(self, once: bool = False, longest_sleep: float = 60.0) -> Iterator[RunReport]:
        """Pass after pass until stopped (one pass with `once`), sleeping until the next
        source is due; yields each pass's report."""
        while not self.stop.is_set():
            report = self.poll_due()
            if report.polls:
                yield report
            if once or report.stopped:
                return
            with self.engine.connect() as conn:
                due = store.next_due(conn)
            pause = longest_sleep if due is None else (due - now()).total_seconds()
            self.stop.wait(min(max(pause, 1.0), longest_sleep))
