"""The web app under load: `python -m bench.load [--events N] [--clients C] [--duration S]
[--workers W ...] [--with-ingest]`.

Builds a throwaway SQLite database of N synthetic events (documents, articles, mentions with
their evidence and sources, inserted in bulk), starts the real app under Uvicorn on a free
loopback port (W worker processes), makes a user and an API token, then runs C concurrent
clients for S seconds against four endpoints: a filtered list page, the histogram, a
filtered CSV export and one event. Prints requests/s and p50/p99 per endpoint, the CPU time
the server, the clients and every other process on the machine used, and writes
bench/results/load.json (or --output).

With --with-ingest, each run is followed by one more on the same workers during which
`dateline ingest` (the CLI, its own process) stores synthetic stories into the same database
while one more client, an analyst, posts reviews, tags and replies: their p50/p99, errors and
any "database is locked" in the server's or the ingest's output are reported too (in
load.json under "during_ingest").

Bounded: loopback only, at most 200 clients, 600 seconds and 1,000,000 events; the server is
stopped and the database deleted when the run ends, whatever happens.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import random
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, insert, select

from dateline.store import connect
from dateline.store.schema import articles, documents, event_sources, events, mentions
from dateline.store.users import create_token, create_user

RESULTS = Path(__file__).resolve().parent / "results"
HOST = "127.0.0.1"  # never anything else: this is a load generator
COUNTRIES = ("SY", "KE", "UA", "SO", "ML", "YE", "MM", "CD")
KINDS = (
    ("Battles", "Armed clash", "clashed with"),
    ("Explosions/Remote violence", "Air/drone strike", "struck"),
    ("Protests", "Peaceful protest", "marched against"),
    ("Violence against civilians", "Attack", "attacked"),
    ("Riots", "Violent demonstration", "rioted near"),
)
FIRST_DAY = date(2023, 1, 1)
DAYS = 730
EVENTS_PER_DOCUMENT = 5
BATCH = 5000
LIMITS = {"events": 1_000_000, "clients": 200, "duration": 600.0, "workers": 4}


# --- the database ---------------------------------------------------------------------------


def _stop(process: subprocess.Popen) -> None:
    """Ask a child process to end, and make it if it has not within 15 s."""
    process.terminate()
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)


def _event_row(n: int, stamp: datetime) -> dict[str, Any]:
    kind, sub, verb = KINDS[n % len(KINDS)]
    place = n % 500
    return {
        "event_type": kind,
        "sub_event_type": sub,
        "actor1": f"Group {n % 37}",
        "actor1_inter": 2,
        "actor2": f"Militia {n % 23}",
        "actor2_inter": 3,
        "geonameid": 100_000 + place,
        "location": f"Place {place}",
        "admin1": f"Region {place % 40}",
        "country": COUNTRIES[n % len(COUNTRIES)],
        "latitude": -30 + (n % 600) / 10,
        "longitude": -20 + (n % 900) / 10,
        "geo_precision": 1,
        "event_date": FIRST_DAY + timedelta(days=(n * 7919) % DAYS),
        "time_precision": 1,
        "fatalities": n % 7,
        "notes": f"Group {n % 37} {verb} Militia {n % 23} in Place {place}.",
        "sources": 1,
        "first_reported": stamp,
        "status": "auto",
        "created_at": stamp,
        "updated_at": stamp,
    }


def _document_rows(number: int, stamp: datetime) -> tuple[dict[str, Any], dict[str, Any]]:
    text = f"Story {number}. " + " ".join(
        _event_row(n, stamp)["notes"]
        for n in range(number * EVENTS_PER_DOCUMENT, (number + 1) * EVENTS_PER_DOCUMENT)
    )
    ident = f"{number:064x}"
    document = {
        "id": ident,
        "uri": f"https://news.example/story/{number}",
        "media_type": "text/plain",
        "fetched_at": stamp,
        "ingested_at": stamp,
        "raw": zlib.compress(text.encode()),
        "status": "analyzed",
    }
    article = {
        "document_id": ident,
        "title": f"Story {number}",
        "text": text,
        "url": document["uri"],
        "site": "news.example",
        "language": "en",
        "page_published": stamp,
    }
    return document, article


def _mention_row(n: int, event: dict[str, Any], document_id: str, text: str) -> dict[str, Any]:
    coded = {k: v for k, v in event.items() if k in mentions.c and k != "id"}
    start = text.index(event["notes"])
    return {
        **coded,
        "id": n + 1,
        "document_id": document_id,
        "event_id": n + 1,
        "confidence": 0.9,
        "evidence": event["notes"],
        "evidence_start": start,
        "evidence_end": start + len(event["notes"]),
    }


def fill(engine: Engine, count: int) -> None:
    """`count` events, each with one mention in a story of five, in batches of BATCH rows."""
    stamp = datetime.now(UTC)
    for first in range(0, count, BATCH):
        numbers = range(first, min(first + BATCH, count))
        event_rows = [{"id": n + 1, **_event_row(n, stamp)} for n in numbers]
        stories = {n // EVENTS_PER_DOCUMENT for n in numbers}
        pairs = {number: _document_rows(number, stamp) for number in sorted(stories)}
        mention_rows = []
        for n, event in zip(numbers, event_rows, strict=True):
            _, article = pairs[n // EVENTS_PER_DOCUMENT]
            mention_rows.append(_mention_row(n, event, article["document_id"], article["text"]))
        with engine.begin() as conn:
            conn.execute(insert(documents), [document for document, _ in pairs.values()])
            conn.execute(insert(articles), [article for _, article in pairs.values()])
            conn.execute(insert(events), event_rows)
            conn.execute(insert(mentions), mention_rows)
            conn.execute(
                insert(event_sources), [{"event_id": n + 1, "mention_id": n + 1} for n in numbers]
            )


def make_token(engine: Engine, name: str = "load", role: str = "viewer") -> str:
    with engine.begin() as conn:
        user_id = create_user(conn, name, None, role)
        return create_token(conn, user_id, "bench.load", days=1)


def stored_documents(url: str) -> int:
    engine = connect(url, new=False)
    try:
        with engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(documents)).scalar_one()
    finally:
        engine.dispose()


# --- the server -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _answers(port: int) -> bool:
    try:
        connection = http.client.HTTPConnection(HOST, port, timeout=2)
        connection.request("GET", "/login")
        ok = connection.getresponse().status == 200
        connection.close()
        return ok
    except OSError:
        return False


def _stat(pid: str) -> tuple[int, float] | None:
    """A process's parent id and CPU seconds (user + system) from /proc, or None."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_cpu(pid: int) -> float | None:
    """CPU seconds the server and its worker processes have used (Linux /proc; None
    elsewhere). On a shared machine requests/s depend on the neighbours; this does not."""
    if not Path("/proc/self/stat").exists():
        return None
    stats = {int(name): _stat(name) for name in os.listdir("/proc") if name.isdigit()}
    known = {child: stat for child, stat in stats.items() if stat is not None}
    family, total = {pid}, 0.0
    for child in sorted(known):  # a child's id is larger than its parent's here
        parent, seconds = known[child]
        if child == pid or parent in family:
            family.add(child)
            total += seconds
    return total


def machine_cpu() -> float | None:
    """CPU seconds every processor of the machine has been busy (Linux /proc; None
    elsewhere): what the server and the clients did not use of it, others did."""
    try:
        ticks = [int(n) for n in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    except (OSError, ValueError):
        return None
    idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)  # idle and waiting for I/O
    return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def client_cpu() -> float:
    """CPU seconds this process (the clients) has used."""
    times = os.times()
    return times.user + times.system


@contextmanager
def server(
    url: str, workers: int, startup: float = 120.0, log: Path | None = None
) -> Iterator[tuple[int, int]]:
    """The real app under Uvicorn on a free loopback port, its output to `log` when given;
    stopped (its own process only) when the block ends."""
    port = free_port()
    env = {**os.environ, "DATELINE_DATABASE_URL": url, "DATELINE_SECRET_KEY": secrets.token_hex()}
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "dateline.web.app:create_app",
        f"--host={HOST}",
        f"--port={port}",
        f"--workers={workers}",
        "--log-level=warning",
        "--no-access-log",
    ]
    sink = log.open("w", encoding="utf-8") if log is not None else None
    process = subprocess.Popen(command, env=env, stdout=sink, stderr=sink)
    try:
        deadline = time.monotonic() + startup
        while not _answers(port):
            if process.poll() is not None:
                raise RuntimeError(f"the server ended at start (exit {process.returncode})")
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server did not answer within {startup:.0f} s")
            time.sleep(0.2)
        yield port, process.pid
    finally:
        _stop(process)
        if sink is not None:
            sink.close()


# --- an ingest beside the load (--with-ingest) ---------------------------------------------

RUN_CLI = "import sys; from dateline.cli import app; sys.argv[0] = 'dateline'; app()"
STORIES_PER_SECOND = 4  # more than one ingest process analyses here: it never runs out
LOCKED = "database is locked"


def write_stories(path: Path, count: int, seed: int) -> Path:
    """`count` synthetic wire stories (bench.corpus) as a .jsonl file `dateline ingest` reads."""
    from bench.corpus import generate

    with path.open("w", encoding="utf-8") as sink:
        for story in generate(count, seed):
            row = {
                "text": story.text,
                "url": f"https://wire.example/{seed}/{story.id}",
                "published": story.published.isoformat(),
            }
            sink.write(json.dumps(row) + "\n")
    return path


@contextmanager
def ingest(url: str, stories: Path, log: Path) -> Iterator[subprocess.Popen]:
    """`dateline ingest` storing `stories` into the database, its own process (as the CLI
    runs beside a server); ended (its own process only) when the block ends."""
    with log.open("w", encoding="utf-8") as sink:
        process = subprocess.Popen(
            [sys.executable, "-c", RUN_CLI, "ingest", "--db", url, str(stories)],
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            _stop(process)


def storing(url: str, before: int, process: subprocess.Popen, wait: float = 300.0) -> None:
    """Wait until the ingest has stored its first story (its model loads first), so the
    run's writes meet its own."""
    deadline = time.monotonic() + wait
    while stored_documents(url) == before:
        if process.poll() is not None:
            raise RuntimeError(
                f"the ingest ended before storing anything (exit {process.returncode})"
            )
        if time.monotonic() > deadline:
            raise RuntimeError(f"the ingest stored nothing within {wait:.0f} s")
        time.sleep(0.2)


def count_locked(*logs: Path) -> int:
    """How many times "database is locked" was logged (a 500 tells the client no more)."""
    found = 0
    for log in logs:
        if log.is_file():
            found += log.read_text(encoding="utf-8", errors="replace").count(LOCKED)
    return found


# --- the clients ----------------------------------------------------------------------------


def endpoints(count: int, rng: random.Random) -> dict[str, str]:
    """One request per endpoint, with filters drawn at random (so no answer is reused)."""
    country = rng.choice(COUNTRIES)
    since = FIRST_DAY + timedelta(days=rng.randrange(DAYS - 90))
    until = since + timedelta(days=60)
    kind = rng.choice(KINDS)[0].replace(" ", "%20").replace("/", "%2F")
    return {
        "list_filtered": (
            f"/api/events?country={country}&since={since}&event_type={kind}"
            f"&limit=50&offset={rng.randrange(0, 3) * 50}"
        ),
        "histogram": f"/api/events/histogram?country={country}",
        "export_csv": f"/api/events.csv?country={country}&since={since}&until={until}",
        "event_one": f"/api/events/{rng.randrange(1, count + 1)}",
    }


@dataclass
class Tally:
    """Latencies (seconds) per endpoint, and failures, from every client."""

    seconds: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, name: str, elapsed: float, ok: bool) -> None:
        with self.lock:
            if ok:
                self.seconds.setdefault(name, []).append(elapsed)
            else:
                self.errors[name] = self.errors.get(name, 0) + 1


def client(port: int, token: str, count: int, until: float, seed: int, tally: Tally) -> None:
    """One client on one keep-alive connection: the endpoints in turn until `until`."""
    rng = random.Random(seed)
    headers = {"Authorization": f"Bearer {token}"}
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    turn = seed
    while time.monotonic() < until:
        name, path = list(endpoints(count, rng).items())[turn % 4]
        turn += 1
        started = time.perf_counter()
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            ok = False
            connection.close()
            connection = http.client.HTTPConnection(HOST, port, timeout=30)
        tally.add(name, time.perf_counter() - started, ok)
    connection.close()


WRITES = ("review", "tag", "reply")


def write_request(kind: str, event_id: int, number: int) -> tuple[str, dict[str, Any]]:
    """An analyst's write on an event: a correction, a tag or a reply."""
    if kind == "review":
        body = {"values": {"fatalities": number % 50}, "note": "recount (bench.load)"}
        return f"/api/events/{event_id}/correct", body
    if kind == "tag":
        return f"/api/events/{event_id}/tags", {"tag": f"load {number % 9}"}
    return f"/api/events/{event_id}/comments", {"body": f"checked ({number})"}


def writer(
    port: int,
    token: str,
    count: int,
    until: float,
    tally: Tally,
    ingesting: Callable[[], bool],
) -> None:
    """One analyst on one keep-alive connection: a correction, a tag and a reply in turn
    on random events until `until`; a write made while the ingest runs also counts under
    "during_ingest"."""
    rng = random.Random(-1)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    for number in itertools.count():
        if time.monotonic() >= until:
            break
        kind = WRITES[number % len(WRITES)]
        path, body = write_request(kind, rng.randrange(1, count + 1), number)
        during = ingesting()
        started = time.perf_counter()
        try:
            connection.request("POST", path, body=json.dumps(body), headers=headers)
            response = connection.getresponse()
            response.read()
            ok = response.status in (200, 201)
        except (OSError, http.client.HTTPException):
            ok = False
            connection.close()
            connection = http.client.HTTPConnection(HOST, port, timeout=60)
        elapsed = time.perf_counter() - started
        tally.add(kind, elapsed, ok)
        if during:
            tally.add("during_ingest", elapsed, ok)
    connection.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def summary(values: list[float], errors: int, seconds: float) -> dict[str, float | int]:
    return {
        "requests": len(values),
        "errors": errors,
        "requests_per_s": round(len(values) / seconds, 1),
        "p50_ms": round(percentile(values, 0.50) * 1000, 1),
        "p99_ms": round(percentile(values, 0.99) * 1000, 1),
    }


@dataclass
class Writes:
    """The analyst's writes beside the readers (--with-ingest)."""

    token: str
    ingesting: Callable[[], bool]


def run_load(
    port: int,
    token: str,
    count: int,
    clients: int,
    duration: float,
    writes: Writes | None = None,
) -> dict[str, Any]:
    """`clients` threads for `duration` seconds (and the analyst's writes, if asked); the
    summary per endpoint and in total (reads only)."""
    tally, written = Tally(), Tally()
    started = time.monotonic()
    until = started + duration
    threads = [
        threading.Thread(target=client, args=(port, token, count, until, seed, tally), daemon=True)
        for seed in range(clients)
    ]
    if writes is not None:
        arguments = (port, writes.token, count, until, written, writes.ingesting)
        threads.append(threading.Thread(target=writer, args=arguments, daemon=True))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + 60)
    seconds = time.monotonic() - started
    per_endpoint = {
        name: summary(tally.seconds.get(name, []), tally.errors.get(name, 0), seconds)
        for name in ("list_filtered", "histogram", "export_csv", "event_one")
    }
    every = [value for values in tally.seconds.values() for value in values]
    total = summary(every, sum(tally.errors.values()), seconds)
    run: dict[str, Any] = {"seconds": round(seconds, 1), "total": total, "endpoints": per_endpoint}
    if writes is not None:
        run["writes"] = {
            name: summary(written.seconds.get(name, []), written.errors.get(name, 0), seconds)
            for name in (*WRITES, "during_ingest")
        }
        made = [value for kind in WRITES for value in written.seconds.get(kind, [])]
        failed = sum(written.errors.get(kind, 0) for kind in WRITES)
        run["writes"]["all"] = summary(made, failed, seconds)
    return run


# --- the report -----------------------------------------------------------------------------


def print_table(runs: dict[str, dict[str, Any]], events_count: int, clients: int) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"dateline under load: {events_count:,} events, {clients} clients")
    for column in ("workers", "endpoint", "requests", "errors", "req/s", "p50 ms", "p99 ms"):
        table.add_column(column, justify="left" if column in ("endpoint",) else "right")
    for workers, run in runs.items():
        rows = [*run["endpoints"].items(), ("all", run["total"])]
        rows += [(f"write: {name}", item) for name, item in run.get("writes", {}).items()]
        for name, item in rows:
            table.add_row(
                workers,
                f"[bold]{name}[/]" if name in ("all", "write: all") else name,
                f"{item['requests']:,}",
                str(item["errors"]),
                f"{item['requests_per_s']:,.1f}",
                f"{item['p50_ms']:,.1f}",
                f"{item['p99_ms']:,.1f}",
            )
    console = Console()
    console.print(table)
    for workers, run in runs.items():
        cpu = run.get("cpu")
        if cpu:
            console.print(
                f"{workers} worker(s): CPU per request: server {cpu['server_ms_per_request']} ms, "
                f"clients {cpu['clients_ms_per_request']} ms; cores busy: server "
                f"{cpu['server_cores']}, clients {cpu['clients_cores']}, ingest "
                f"{cpu.get('ingest_cores', 0)}, other processes {cpu['other_cores']} "
                f"(of {os.cpu_count()})"
            )
        ingested = run.get("ingest")
        if ingested:
            console.print(
                f"{workers} worker(s): the ingest stored {ingested['stored']} of "
                f"{ingested['stories']} stories from its start to the run's end; "
                f'"{LOCKED}" logged {ingested["locked"]} time(s)'
            )


def measure(
    url: str,
    workers: int,
    token: str,
    args: argparse.Namespace,
    folder: Path,
    number: int,
    with_ingest: bool = False,
) -> dict[str, Any]:
    """One run against `workers` Uvicorn workers, with an ingest beside it if asked."""
    server_log = folder / f"server-{number}.log"
    with server(url, workers, log=server_log) as (port, pid), ExitStack() as stack:
        writes, ingesting, ingest_log, stories, before = None, None, None, 0, 0
        if with_ingest:
            stories = max(20, int(args.duration * STORIES_PER_SECOND))
            path = write_stories(folder / f"stories-{number}.jsonl", stories, seed=number)
            ingest_log = folder / f"ingest-{number}.log"
            before = stored_documents(url)
            ingesting = stack.enter_context(ingest(url, path, ingest_log))
            storing(url, before, ingesting)

            def running() -> bool:
                return ingesting.poll() is None

            writes = Writes(args.writer_token, running)
        server_before, clients_before = server_cpu(pid), client_cpu()
        machine_before, children_before = machine_cpu(), _children_cpu()
        ingest_before = _ingest_cpu(ingesting)
        run = run_load(port, token, args.events, args.clients, args.duration, writes)
        server_after, clients_after = server_cpu(pid), client_cpu()
        machine_after = machine_cpu()
        ingest_used = _ingest_cpu(ingesting) - ingest_before + _children_cpu() - children_before
        if ingesting is not None:
            run["ingest"] = {
                "stories": stories,
                "stored": stored_documents(url) - before,
                "running_at_end": ingesting.poll() is None,
            }
    if ingest_log is not None:
        run["ingest"]["locked"] = count_locked(server_log, ingest_log)
    requests = run["total"]["requests"] + run.get("writes", {}).get("all", {}).get("requests", 0)
    if server_before is not None and server_after is not None and requests:
        server_used = server_after - server_before
        clients_used = clients_after - clients_before
        seconds = run["seconds"]
        run["server_cpu_ms_per_request"] = round(server_used * 1000 / requests, 2)
        run["cpu"] = {
            "server_ms_per_request": run["server_cpu_ms_per_request"],
            "clients_ms_per_request": round(clients_used * 1000 / requests, 2),
            "server_cores": round(server_used / seconds, 2),
            "clients_cores": round(clients_used / seconds, 2),
        }
        if ingesting is not None:
            run["cpu"]["ingest_cores"] = round(ingest_used / seconds, 2)
        if machine_before is not None and machine_after is not None:
            other = machine_after - machine_before - server_used - clients_used - ingest_used
            run["cpu"]["other_cores"] = round(max(0.0, other) / seconds, 2)
    return run


def _children_cpu() -> float:
    """CPU seconds of this process's children that have ended (the ingest, once done)."""
    times = os.times()
    return times.children_user + times.children_system


def _ingest_cpu(process: subprocess.Popen | None) -> float:
    """CPU seconds of a still running ingest process (0 once it has ended and been reaped)."""
    if process is None:
        return 0.0
    found = _stat(str(process.pid))
    return found[1] if found is not None and process.poll() is None else 0.0


def bounded(value: float, name: str) -> float:
    if not 0 < value <= LIMITS[name]:
        raise SystemExit(f"--{name} must be above 0 and at most {LIMITS[name]:,}")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.load", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds per run")
    parser.add_argument(
        "--workers", type=int, nargs="+", default=[1], help="Uvicorn workers; one run each"
    )
    parser.add_argument("--output", type=Path, default=RESULTS / "load.json")
    parser.add_argument(
        "--with-ingest",
        action="store_true",
        help="run `dateline ingest` and an analyst's writes (reviews, tags, replies) beside",
    )
    args = parser.parse_args(argv)
    bounded(args.events, "events")
    bounded(args.clients, "clients")
    bounded(args.duration, "duration")
    for workers in args.workers:
        bounded(workers, "workers")

    runs: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="dateline-load-") as name:
        folder = Path(name)
        url = f"sqlite:///{folder / 'load.db'}"
        started = time.monotonic()
        engine = connect(url)
        fill(engine, args.events)
        token = make_token(engine)
        args.writer_token = make_token(engine, "load-analyst", "analyst")
        engine.dispose()
        built = time.monotonic() - started
        print(f"{args.events:,} events built in {built:.1f} s", flush=True)
        for number, workers in enumerate(args.workers):
            runs[str(workers)] = measure(url, workers, token, args, folder, 2 * number)
            if args.with_ingest:  # the same workers again, with an ingest and writes beside
                runs[f"{workers}+ingest"] = measure(
                    url, workers, token, args, folder, 2 * number + 1, with_ingest=True
                )
    first = runs[str(args.workers[0])]
    result = {
        "events": args.events,
        "clients": args.clients,
        "duration_s": args.duration,
        "workers": args.workers[0],
        "cpus": os.cpu_count(),
        "with_ingest": args.with_ingest,
        "total": first["total"],
        "server_cpu_ms_per_request": first.get("server_cpu_ms_per_request"),
        "cpu": first.get("cpu"),
        "endpoints": first["endpoints"],
        "runs": runs,
    }
    if args.with_ingest:  # the first run with an ingest: its reads, writes and CPU
        beside = runs[f"{args.workers[0]}+ingest"]
        result["during_ingest"] = {
            key: beside.get(key) for key in ("total", "endpoints", "writes", "ingest", "cpu")
        }
    print_table(runs, args.events, args.clients)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
