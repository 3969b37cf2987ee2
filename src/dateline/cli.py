"""The `dateline` command: ingest pages, list events, show one event with its evidence.

Errors a user can act on are printed without a traceback; the exit code is non-zero only
when nothing could be done (no input path exists, the database cannot be opened).
"""

from __future__ import annotations

import json
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from sqlalchemy import Engine

from dateline import watch_cli
from dateline.errors import DatelineError, StoreError
from dateline.ingest import iter_inputs
from dateline.model import Article, Document, Failure, to_jsonable
from dateline.pipeline import analyze
from dateline.scale.local import Summary, ingest_items
from dateline.scale.pool import ingest_parallel
from dateline.settings import Settings
from dateline.store import (
    connect,
    count_documents,
    count_events,
    get_event,
    list_events,
)
from dateline.store import export as exports
from dateline.store.export import CSV_COLUMNS, acled_row, csv_text, event_code, geojson
from dateline.store.queries import EventFilter, iter_events
from dateline.store.schema import MAX_INTEGER
from dateline.web import commands as web_commands

app = typer.Typer(
    help="Turn news pages into traceable conflict-event records.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# Piped or logged output has no terminal width to follow: give tables room instead of 80 columns.
out = Console(highlight=False, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, highlight=False)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database URL (default: DATELINE_DATABASE_URL, else sqlite:///dateline.db).",
        show_default=False,
    ),
]
MAX_LISTED = 50


def fail(message: str) -> typer.Exit:
    """Print an error a user can act on and return the Exit to raise."""
    err.print(f"[bold red]error:[/] {escape(message)}")
    return typer.Exit(1)


def open_db(db: str | None, new: bool = True) -> tuple[Settings, Engine]:
    """The settings and the database; `new=False` for commands that only read, so a
    mistyped --db path is an error instead of a new, empty database."""
    settings = Settings().replace(database_url=db)
    try:
        return settings, connect(settings.database_url, new)
    except StoreError as error:
        raise fail(str(error)) from None


# --- ingest ----------------------------------------------------------------------------


@app.command()
def ingest(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Files (.txt, .html, .htm, .jsonl, .warc, .warc.gz) or directories."),
    ],
    db: DbOption = None,
    engine_name: Annotated[
        str, typer.Option("--engine", help="local (this machine) or ray (a Ray cluster).")
    ] = "local",
    address: Annotated[
        str | None, typer.Option(help="Ray cluster HOST:PORT (default: start a local Ray).")
    ] = None,
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="Parquet output folder (with --engine ray).")
    ] = None,
    workers: Annotated[
        int, typer.Option(min=1, help="Processes analysing pages (1: all in this process).")
    ] = 1,
) -> None:
    """Read pages, find their events, and store everything (re-runs add nothing new)."""
    if not any(os.path.lexists(p) for p in paths):
        names = ", ".join(str(p) for p in paths)
        raise fail(f"no such file or directory: {names}; give existing files or directories")
    if engine_name not in ("local", "ray"):
        raise typer.BadParameter(f"{engine_name!r}: choose local or ray", param_hint="--engine")
    if engine_name == "ray":
        ingest_on_ray(paths, out_dir, address)
        return
    settings, engine = open_db(db)
    started = time.monotonic()

    def analyzer(document: Document) -> Article:
        return analyze(document, settings=settings)

    progress = Progress(
        SpinnerColumn(),
        TextColumn("[bold]ingest[/]"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=err,
        transient=True,
    )
    try:
        with progress, stopped_by_sigterm():
            task = progress.add_task("", total=None)

            def advance(item: Document | Failure) -> None:
                progress.update(task, advance=1, description=escape(short(item.uri)))

            items = iter_inputs(paths, settings)
            if workers > 1:
                summary = ingest_parallel(engine, items, settings, workers, on_item=advance)
            else:
                summary = ingest_items(engine, items, analyzer, advance)
        with engine.connect() as conn:
            events_total = count_events(conn)
            documents_total = count_documents(conn)
    except KeyboardInterrupt:
        err.print(
            "[bold red]interrupted:[/] what was stored so far stays stored; the same command "
            "again goes on where this one stopped (stored pages are not analysed twice)"
        )
        raise typer.Exit(130) from None
    finally:
        engine.dispose()
    print_summary(summary, events_total, documents_total, time.monotonic() - started)


@contextmanager
def stopped_by_sigterm() -> Iterator[None]:
    """While inside, SIGTERM (a service manager, `kill`) stops the run as Ctrl-C does: the
    pool shuts down, its workers end and a message says so, instead of dying silently."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be set from the main thread
        return

    def interrupt(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def short(uri: str, width: int = 60) -> str:
    return uri if len(uri) <= width else "…" + uri[-(width - 1) :]


def print_summary(
    summary: Summary, events_total: int, documents_total: int, seconds: float
) -> None:
    table = Table(title="dateline ingest", show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column(justify="right")
    table.add_row("documents read", str(summary.read))
    table.add_row("new", str(summary.new))
    table.add_row("already known", str(summary.known))
    table.add_row("failed", str(summary.failed))
    if summary.skipped:
        table.add_row("skipped", str(summary.skipped))
    table.add_row("documents in the database", str(documents_total))
    table.add_row("events in the database", str(events_total))
    table.add_row("seconds", f"{seconds:.1f}")
    out.print(table)
    if summary.failures:
        out.print("[bold]Failed:[/]")
        for item in summary.failures[:MAX_LISTED]:
            out.print(
                f"  {escape(item.uri)}  [dim]({item.stage})[/] {escape(item.reason)}",
                soft_wrap=True,
            )
        if len(summary.failures) > MAX_LISTED:
            out.print(f"  … and {len(summary.failures) - MAX_LISTED} more")
    if summary.skips:
        out.print("[bold]Skipped:[/]")
        grouped: dict[str, list[str]] = {}
        for item in summary.skips:
            grouped.setdefault(item.reason, []).append(item.uri)
        for reason, uris in grouped.items():
            where = escape(uris[0]) + (f" and {len(uris) - 1} more" if len(uris) > 1 else "")
            out.print(f"  {where}: {escape(reason)}", soft_wrap=True)
    if summary.failures:
        out.print(
            "Failed documents are kept in the database with their error; fix the cause and "
            "run ingest again to retry them."
        )


# --- ray ingest and load ------------------------------------------------------------------


def ingest_on_ray(paths: list[Path], out_dir: Path | None, address: str | None) -> None:
    """`ingest --engine ray`: analyse on Ray into Parquet; `dateline load` stores it."""
    if out_dir is None:
        raise typer.BadParameter("--engine ray writes Parquet: give --out DIR", param_hint="--out")
    try:
        from dateline.scale import ray_engine
    except ImportError as error:
        raise fail(str(error)) from None
    try:
        report = ray_engine.run(paths, out_dir, address=address)
    except DatelineError as error:
        raise fail(str(error)) from None
    finally:
        ray_engine.shutdown()
    table = Table(title="ray ingest", show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column(justify="right")
    for name in ("files", "actors", "documents", "analyzed", "failed", "skipped", "mentions"):
        table.add_row(name, str(getattr(report, name)))
    table.add_row("seconds", f"{report.seconds:.1f}")
    out.print(table)
    for uri, stage, reason in report.failures[:MAX_LISTED]:
        out.print(f"  {escape(uri)}  [dim]({stage})[/] {escape(reason)}", soft_wrap=True)
    out.print(f"Parquet written to {escape(str(report.out))}; store it with: dateline load DIR")


@app.command()
def load(
    folder: Annotated[Path, typer.Argument(help="The --out folder of `ingest --engine ray`.")],
    db: DbOption = None,
) -> None:
    """Store the Parquet output of a Ray ingest (loading it again adds nothing)."""
    from dateline.scale.parquet_load import load as load_folder

    _, engine = open_db(db)
    started = time.monotonic()
    try:
        report = load_folder(folder, engine)
        with engine.connect() as conn:
            events_total = count_events(conn)
    except StoreError as error:
        raise fail(str(error)) from None
    finally:
        engine.dispose()
    table = Table(title="dateline load", show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column(justify="right")
    for name in ("documents", "new", "known", "failed", "skipped"):
        table.add_row("already known" if name == "known" else name, str(getattr(report, name)))
    table.add_row("events in the database", str(events_total))
    table.add_row("seconds", f"{time.monotonic() - started:.1f}")
    out.print(table)
    if report.incomplete:
        out.print(f"[bold]{len(report.incomplete)} analysed documents had no article row[/]:")
        for uri in report.incomplete[:MAX_LISTED]:
            out.print(f"  {escape(uri)}", soft_wrap=True)


# --- events ----------------------------------------------------------------------------


def parse_day(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date; use YYYY-MM-DD", param_hint=name
        ) from None


FORMATS = ("table", "csv", "json", "geojson")


@app.command()
def events(
    country: Annotated[
        str | None, typer.Option(help="ISO 3166 alpha-2 country code, e.g. SY.")
    ] = None,
    since: Annotated[str | None, typer.Option(help="First event date, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Last event date, YYYY-MM-DD.")] = None,
    type_: Annotated[
        str | None, typer.Option("--type", help="Event type or sub-event type (any case).")
    ] = None,
    output: Annotated[str, typer.Option("--format", help="table, csv, json or geojson.")] = "table",
    limit: Annotated[
        int | None, typer.Option(help="At most this many events.", min=1, max=MAX_INTEGER)
    ] = None,
    db: DbOption = None,
) -> None:
    """List the events in the database, as a table or for export."""
    output = output.lower()
    if output not in FORMATS:
        raise typer.BadParameter(
            f"{output!r}: choose one of {', '.join(FORMATS)}", param_hint="--format"
        )
    first, last = parse_day(since, "--since"), parse_day(until, "--until")
    _, engine = open_db(db, new=False)
    try:
        with engine.connect() as conn:
            rows = list_events(
                conn, country=country, since=first, until=last, event_type=type_, limit=limit
            )
    finally:
        engine.dispose()
    if output == "csv":
        typer.echo(csv_text(rows), nl=False)
    elif output == "json":
        typer.echo(json.dumps(to_jsonable(rows), indent=2, ensure_ascii=False, default=str))
    elif output == "geojson":
        typer.echo(json.dumps(geojson(rows), indent=2, ensure_ascii=False, default=str))
    else:
        print_events(rows)


def print_events(rows: list[dict[str, Any]]) -> None:
    if not rows:
        out.print("No events match. Add pages with [bold]dateline ingest PATH[/].")
        return
    table = Table(title=f"{len(rows)} event{'s' if len(rows) != 1 else ''}", title_justify="left")
    for name in ("id", "date", "type", "actors", "location", "deaths", "sources", "status"):
        text_column = name in ("type", "actors", "location")
        table.add_column(
            name,
            justify="right" if name in ("id", "deaths", "sources") else "left",
            no_wrap=not text_column,
            min_width=8 if text_column else None,
            overflow="fold",
        )
    for event in rows:
        actors = " vs ".join(a for a in (event.get("actor1"), event.get("actor2")) if a)
        place = ", ".join(p for p in (event.get("location"), event.get("country")) if p)
        table.add_row(
            str(event["id"]),
            event["event_date"].isoformat() if event.get("event_date") else "?",
            escape(event.get("sub_event_type") or event.get("event_type") or ""),
            escape(actors),
            escape(place),
            "" if event.get("fatalities") is None else str(event["fatalities"]),
            str(event.get("sources") or 0),
            event.get("status") or "",
        )
    out.print(table)


# --- export ----------------------------------------------------------------------------


@app.command()
def export(
    path: Annotated[Path, typer.Argument(help="The file to write (its suffix names the format).")],
    fmt: Annotated[
        str | None, typer.Option("--format", help="csv, json, geojson or parquet.")
    ] = None,
    country: Annotated[str | None, typer.Option(help="ISO 3166 alpha-2 country code.")] = None,
    admin1: Annotated[str | None, typer.Option(help="First-level region name.")] = None,
    since: Annotated[str | None, typer.Option(help="First event date, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Last event date, YYYY-MM-DD.")] = None,
    type_: Annotated[str | None, typer.Option("--type", help="Event type.")] = None,
    sub_type: Annotated[str | None, typer.Option("--sub-type", help="Sub-event type.")] = None,
    actor: Annotated[str | None, typer.Option(help="Words of an actor's name.")] = None,
    status: Annotated[
        str | None, typer.Option(help="auto, confirmed, corrected or rejected.")
    ] = None,
    tag: Annotated[str | None, typer.Option(help="A tag analysts gave events.")] = None,
    q: Annotated[str | None, typer.Option("--q", help="Words in the evidence.")] = None,
    db: DbOption = None,
) -> None:
    """Write the matching events to a file for pandas, R or GIS: ACLED's columns in CSV and
    Parquet, full records in JSON, points in GeoJSON. Streamed, so any size fits in memory;
    the file appears only once it is complete."""
    chosen = (fmt or path.suffix.lstrip(".")).lower()
    if chosen not in exports.FORMATS:
        raise typer.BadParameter(
            f"{chosen!r}: choose one of {', '.join(exports.FORMATS)} (or name the file so)",
            param_hint="--format",
        )
    wanted = EventFilter(
        country=country,
        admin1=admin1,
        since=parse_day(since, "--since"),
        until=parse_day(until, "--until"),
        event_type=type_,
        sub_event_type=sub_type,
        actor=actor,
        status=status,
        tag=tag,
        q=q,
    )
    _, engine = open_db(db, new=False)
    partial = path.with_name(f".{path.name}.partial")
    try:
        with engine.connect() as conn, partial.open("wb") as sink:
            events = iter_events(conn, wanted, columns=exports.columns_for(chosen))
            for piece in exports.stream(chosen, events):
                sink.write(piece if isinstance(piece, bytes) else piece.encode("utf-8"))
        partial.replace(path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise fail(f"cannot write {path}: {error.strerror or error}") from None
    finally:
        engine.dispose()
    out.print(f"Wrote [bold]{escape(str(path))}[/] ({chosen}, {path.stat().st_size:,} bytes).")


# --- show ------------------------------------------------------------------------------


@app.command()
def show(
    event_id: Annotated[str, typer.Argument(help="Event id: 12, or the ACLED-like KE12.")],
    output: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    db: DbOption = None,
) -> None:
    """One event with its evidence sentences and the sources that reported it."""
    match = re.fullmatch(r"\s*(?:[A-Za-z]{2})?(\d+)\s*", event_id)
    if match is None or int(match.group(1)) > MAX_INTEGER:
        raise fail(f"{event_id!r} is not an event id; use the number from `dateline events`")
    _, engine = open_db(db, new=False)
    try:
        with engine.connect() as conn:
            event = get_event(conn, int(match.group(1)))
    finally:
        engine.dispose()
    if event is None:
        raise fail(f"no event {event_id}; list them with `dateline events`")
    if output.lower() == "json":
        typer.echo(json.dumps(to_jsonable(event), indent=2, ensure_ascii=False, default=str))
        return
    print_event(event)


def print_event(event: dict[str, Any]) -> None:
    row = acled_row(event)
    out.print(f"[bold]Event {event_code(event)}[/] ({event['status']})")
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold")
    table.add_column()
    for name in CSV_COLUMNS[2:-2]:
        value = row.get(name)
        if value not in (None, ""):
            table.add_row(name, escape(str(value)))
    if event.get("first_reported"):
        table.add_row("first_reported", str(event["first_reported"]))
    out.print(table)
    mentions = event.get("mentions", [])
    out.print(f"\n[bold]Evidence[/] ({len(mentions)} mention{'s' if len(mentions) != 1 else ''})")
    for number, mention in enumerate(mentions, 1):
        out.print(f"{number}. “{escape(mention['evidence'])}”", soft_wrap=True)
        source = [s for s in (mention.get("title"), mention.get("site")) if s]
        if mention.get("credit"):
            source.append(f"credit: {mention['credit']}")
        if mention.get("page_published"):
            source.append(f"published {mention['page_published']}")
        link = mention.get("url") or mention.get("document_uri")
        out.print(f"   [dim]{escape(' — '.join(source) or 'source')}[/]", soft_wrap=True)
        out.print(f"   [dim]{escape(link or '')}[/]", soft_wrap=True)


# --- web app -------------------------------------------------------------------------------

app.command()(web_commands.serve)
app.command()(web_commands.correct)
app.add_typer(web_commands.users_app, name="users")
app.add_typer(watch_cli.sources_app, name="sources")
app.command()(watch_cli.watch)


if __name__ == "__main__":
    app()
