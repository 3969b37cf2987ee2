"""Shared fixtures: where the evaluation data lives (skipping cleanly without it), small
WARC archives written with warcio (HTML pages, a PDF, a request) for the readers and runners,
the web app served on a free loopback port for the web and browser tests, and small HTTP
servers on loopback for the tests that fetch, poll or post."""

from __future__ import annotations

import json
import os
import shutil
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from alembic import command
from sqlalchemy import Engine
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dateline.store import connect
from dateline.store.db import alembic_config

if TYPE_CHECKING:
    from fastapi import FastAPI

# The rules alone, whatever classifier a developer has trained on this machine
# (tests of the learned component switch it on themselves).
os.environ["DATELINE_CLASSIFIER_MODE"] = "off"

# `python -c RUN_CLI ...` runs the dateline command in a subprocess from this interpreter,
# whether or not the `dateline` script is installed, and with 'dateline' in its usage text:
# for the tests that signal or race a real run (SIGTERM, kill -9, writes during an ingest).
RUN_CLI = "import sys; from dateline.cli import app; sys.argv[0] = 'dateline'; app()"

PROJECT = Path(__file__).resolve().parents[1]
SHARED = PROJECT.parent / "shared"
SAMPLES = PROJECT / "samples"
POSTGRES = os.environ.get("DATELINE_TEST_POSTGRES_URL")
BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(
            not POSTGRES, reason="set DATELINE_TEST_POSTGRES_URL to test on PostgreSQL"
        ),
    ),
]


@pytest.fixture(params=BACKENDS)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A freshly migrated, empty database: SQLite always, PostgreSQL when one is configured
    (`.ci/run` starts one); the PostgreSQL schema is migrated down again afterwards."""
    url = f"sqlite:///{tmp_path / 'test.db'}" if request.param == "sqlite" else POSTGRES
    engine = connect(url)
    yield engine
    if request.param == "postgresql":
        config = alembic_config()
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "base")
    engine.dispose()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """`../shared` (evaluation data nobody here wrote); tests using it skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is absent: evaluation data not available")
    return SHARED


@pytest.fixture(scope="session")
def palmyra_text(shared_dir: Path) -> str:
    path = shared_dir / "corpus" / "palmyra.txt"
    if not path.is_file():
        pytest.skip("../shared/corpus/palmyra.txt is absent")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def palmyra_gold(shared_dir: Path) -> dict:
    path = shared_dir / "eval" / "events" / "palmyra.gold.json"
    if not path.is_file():
        pytest.skip("palmyra.gold.json is absent")
    return json.loads(path.read_text(encoding="utf-8"))


PAGE = (
    "<html><head><title>Clashes near Kidal</title></head><body><article>"
    "<h1>Clashes near Kidal</h1>"
    "<p>KIDAL, Mali - Malian soldiers fought rebels near Kidal on Tuesday, killing at least "
    "five fighters, the army said.</p>"
    "<p>The clashes lasted several hours before the rebels withdrew north.</p>"
    "</article></body></html>"
)


def _response(writer: WARCWriter, uri: str, body: bytes, content_type: str, date: str) -> None:
    http = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        uri,
        "response",
        payload=BytesIO(body),
        http_headers=http,
        warc_headers_dict={"WARC-Date": date},
    )
    writer.write_record(record)


def write_warc(path: Path, gzip: bool = True) -> Path:
    """Two HTML responses, a PDF response and a request record."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gzip)
        request = writer.create_warc_record(
            "https://news.example/mali/kidal",
            "request",
            payload=BytesIO(b"GET /mali/kidal HTTP/1.1\r\nHost: news.example\r\n\r\n"),
        )
        writer.write_record(request)
        _response(
            writer,
            "https://news.example/mali/kidal",
            PAGE.encode(),
            "text/html; charset=utf-8",
            "2024-03-06T08:00:00Z",
        )
        _response(
            writer, "https://news.example/report.pdf", b"%PDF-1.7 ...", "application/pdf",
            "2024-03-06T08:01:00Z",
        )  # fmt: skip
        _response(
            writer,
            "https://news.example/mali/kidal-2",
            PAGE.replace("Tuesday", "Monday").encode(),
            "text/html",
            "2024-03-06T08:02:00Z",
        )
    return path


@pytest.fixture
def make_warc() -> Callable[..., Path]:
    """`make_warc(path, gzip=True)` writes the test archive and returns its path."""
    return write_warc


def installed_dateline() -> str:
    """The `dateline` script installed beside this interpreter, or a skip: the tests of the
    real command line a user types (`dateline serve`, `dateline ingest`) need the script
    itself, not RUN_CLI, and skip alike without it."""
    found = shutil.which("dateline", path=str(Path(sys.executable).parent))
    if not found:
        pytest.skip("the dateline command is not installed in this environment")
    return found


def free_port() -> int:
    """A loopback port nothing listens on now, for a server a test starts itself (the web and
    browser tests each needed one: this is the one way they get it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serve_app(app: FastAPI, log_level: str = "warning") -> Iterator[str]:
    """Runs `app` under Uvicorn in a thread on a free loopback port and yields its base URL;
    stops it on exit. Shared by the tests that need a real server where a TestClient cannot
    go (a feed reader, a browser, a dropped connection), so they start and stop it alike."""
    import uvicorn

    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level=log_level)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


class LoopbackHTTPServer(ThreadingHTTPServer):
    """A threading HTTP server that knows its base URL; tests hang what their handler records
    (hits, posts) on it as attributes."""

    @property
    def base(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"


@contextmanager
def serve_http(
    handler: Callable[..., BaseHTTPRequestHandler], host: str = "127.0.0.1"
) -> Iterator[LoopbackHTTPServer]:
    """Serves `handler` in a thread on a free port of `host` (a loopback address) and yields
    the server; shuts it down and closes it on exit. One way for every small site the tests
    stand up (the fetcher's, the watcher's, a feed, a webhook receiver, the map harness)."""
    server = LoopbackHTTPServer((host, 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


class PostReceiver(BaseHTTPRequestHandler):
    """Records every POST as (path, headers, body) in `server.posts`; answers the next status
    of `server.answers`, or `server.status` when that is empty; a 302 points at
    `server.location`. Served by `serve_posts`."""

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.posts.append((self.path, dict(self.headers), body))
        status = self.server.answers.pop(0) if self.server.answers else self.server.status
        self.send_response(status)
        if status == 302:
            self.send_header("Location", self.server.location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *_args: object) -> None:
        return None


@contextmanager
def serve_posts(status: int = 200, location: str = "/elsewhere") -> Iterator[LoopbackHTTPServer]:
    """A POST receiver on loopback (the fetcher's post, a webhook): nothing posted yet, no
    queued answers, `status` answered by default and `location` given with a 302; tests may
    change `posts`, `answers` and `status` on the server while it runs."""
    with serve_http(PostReceiver) as server:
        server.posts, server.answers = [], []
        server.status, server.location = status, location
        yield server
