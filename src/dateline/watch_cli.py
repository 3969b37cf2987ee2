"""`dateline sources add|list|remove|show` and `dateline watch`, registered in `cli.py`."""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from sqlalchemy import Engine

from dateline.errors import StoreError
from dateline.ingest.fetch import Fetcher, Politeness, allowed_networks
from dateline.ingest.watch import RunReport, Watcher
from dateline.ingest.webhooks import notify
from dateline.settings import Settings
from dateline.store import sources as store
from dateline.web.commands import DbOption, engine_for

sources_app = typer.Typer(
    help="The feeds, sitemaps and list pages `dateline watch` polls.", no_args_is_help=True
)
out = Console(highlight=False, width=None if sys.stdout.isatty() else 160)


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(1)


@contextmanager
def _database(db: str | None, new: bool = True) -> Iterator[Engine]:
    """The database for one command; a store error is a message, not a traceback."""
    engine = engine_for(db, new)
    try:
        yield engine
    except StoreError as error:
        raise _fail(str(error)) from None
    finally:
        engine.dispose()


def when(stamp: datetime | None) -> str:
    return stamp.strftime("%Y-%m-%d %H:%M") if stamp else "-"


@sources_app.command("add")
def sources_add(
    name: Annotated[str, typer.Argument(help="A short name, e.g. 'reliefweb'.")],
    url: Annotated[str, typer.Argument(help="The feed's, sitemap's or list page's address.")],
    kind: Annotated[
        str, typer.Option(help="feed (RSS/Atom), sitemap, or links (a page).")
    ] = "feed",
    language: Annotated[str | None, typer.Option(help="Language of its stories, e.g. en.")] = None,
    trust: Annotated[str | None, typer.Option(help="A note on how far to trust it.")] = None,
    every: Annotated[int, typer.Option(help="Minutes between polls.", min=1)] = 60,
    db: DbOption = None,
) -> None:
    """Add a source; `dateline watch` polls it at once, then every --every minutes."""
    with _database(db) as engine, engine.begin() as conn:
        store.add_source(conn, name, kind, url, language, trust, every)
    typer.echo(f"added {kind} {name!r}: {url}, polled every {every} minutes")


@sources_app.command("list")
def sources_list(
    output: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    db: DbOption = None,
) -> None:
    """Every source with its health: last poll, new items, errors, next poll."""
    with _database(db, new=False) as engine, engine.connect() as conn:
        rows = store.list_sources(conn)
    if output == "json":
        typer.echo(json.dumps(rows, indent=2, default=str))
        return
    table = Table(title=f"{len(rows)} sources", title_justify="left")
    for column in ("name", "kind", "url", "every", "last poll", "new", "errors", "next poll"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            escape(row["name"]),
            row["kind"],
            escape(row["url"]),
            f"{row['poll_minutes']} min",
            when(row["last_poll_at"]),
            str(row["last_new_items"]),
            f"{row['errors']}: {escape(row['last_error'])}" if row["errors"] else "0",
            when(row["next_poll_at"]),
        )
    out.print(table)


@sources_app.command("show")
def sources_show(
    name: Annotated[str, typer.Argument(help="The source's name or id.")],
    db: DbOption = None,
) -> None:
    """One source: its settings, health, items by state and the latest failed items."""
    with _database(db, new=False) as engine, engine.connect() as conn:
        found = store.source_detail(conn, name)
    if found is None:
        raise _fail(f"no source {name!r}; see `dateline sources list`")
    typer.echo(json.dumps(found, indent=2, default=str, ensure_ascii=False))


@sources_app.command("remove")
def sources_remove(
    name: Annotated[str, typer.Argument(help="The source's name or id.")],
    db: DbOption = None,
) -> None:
    """Stop watching a source (the stories already stored stay)."""
    with _database(db, new=False) as engine, engine.begin() as conn:
        removed = store.remove_source(conn, name)
    if not removed:
        raise _fail(f"no source {name!r}; see `dateline sources list`")
    typer.echo(f"removed {name!r}")


def _print_pass(report: RunReport) -> None:
    """One line per source polled, and its failed items."""
    for poll in report.polls:
        health = f"[red]{escape(poll.error)}[/]" if poll.error else "ok"
        out.print(
            f"{escape(poll.source)}: {poll.new} new links, {poll.stored} stored, "
            f"{poll.known} known, {poll.failed} failed; {health}",
            soft_wrap=True,
        )
        for url, reason in poll.failures[:10]:
            out.print(f"  [dim]{escape(url)}: {escape(reason)}[/]", soft_wrap=True)
    share = report.fetch_seconds + report.analysis_seconds or 1.0
    fetching, analysis = report.fetch_seconds / share, report.analysis_seconds / share
    out.print(
        f"[dim]{report.stored} stories stored in {report.seconds:.1f} s "
        f"(fetching {fetching:.0%}, analysis {analysis:.0%})[/]"
    )


@contextmanager
def _stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """SIGTERM and Ctrl-C ask the watcher to stop: the stories being fetched are stored,
    nothing new starts, and the links left stay pending for the next run."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def ask(_signum: int, _frame: object) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, ask) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _notify(engine: Engine, fetcher: Fetcher) -> None:
    """The saved filters' webhooks, for the events this pass stored or merged."""
    sent = notify(engine, fetcher)
    if sent["delivered"] or sent["failed"]:
        out.print(f"webhooks: {sent['delivered']} delivered, {sent['failed']} failed")


def watch(
    once: Annotated[
        bool, typer.Option("--once", help="One pass over the due sources (cron).")
    ] = False,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Fetching threads.")] = 8,
    db: DbOption = None,
) -> None:
    """Poll every due source, fetch new stories, analyse and store them, until stopped.

    Polite (robots.txt, DATELINE_FETCH_INTERVAL seconds between requests to one host,
    DATELINE_CONTACT in the User-Agent) and guarded (DATELINE_ALLOW_PRIVATE_URLS)."""
    from dateline.pipeline import analyze  # the models load only for this command

    settings = Settings().replace(database_url=db)
    try:
        allowed = allowed_networks(os.environ.get("DATELINE_ALLOW_PRIVATE_URLS"))
    except ValueError as error:
        raise _fail(str(error)) from None
    policy = Politeness(allowed=allowed, max_bytes=settings.max_document_bytes)
    stop = threading.Event()
    with _database(db) as engine, Fetcher(policy) as fetcher, _stop_on_signals(stop):
        watcher = Watcher(engine, fetcher, lambda d: analyze(d, settings=settings), workers, stop)
        passes = 0
        for report in watcher.run(once=once):
            passes += 1
            _print_pass(report)
            _notify(engine, fetcher)
        if not passes:
            out.print("no source is due; add one with `dateline sources add`")
    if stop.is_set():
        out.print("stopped: links not yet fetched stay pending; `dateline watch` resumes them")
