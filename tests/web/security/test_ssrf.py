"""Issue 16, point 2: ingest by URL fetches only public addresses, unless an operator allows
some (DATELINE_ALLOW_PRIVATE_URLS), with one neutral error and a cap on time and size.

Before, an analyst's `POST /api/ingest {"url": ...}` fetched http://127.0.0.1:9999/,
http://2130706433:9999/ (loopback as a number) and a redirect to loopback, stored the answer
for every viewer, and its error texts told open ports from closed ones."""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from dateline.errors import DatelineError
from dateline.ingest.fetch import Refused, is_public, resolve_checked
from dateline.settings import Settings
from dateline.web.app import create_app
from dateline.web.config import WebSettings
from dateline.web.ingest import EVERYWHERE, allowed_networks, fetch
from tests.conftest import LoopbackHTTPServer, serve_http

PAGE = (Path(__file__).resolve().parents[3] / "samples" / "pages" / "bogota-riot.html").read_bytes()


class Site(BaseHTTPRequestHandler):
    """/page, /secret (401), /redirect?to=URL (302), /slow (a byte every 0.2 s, forever),
    /big (1 MB without a length); every request is counted on the server."""

    def do_GET(self) -> None:
        self.server.hits.append(self.path)
        if self.path == "/page":
            self._answer(200, PAGE, "text/html")
        elif self.path == "/secret":
            self._answer(401, b"no", "text/plain")
        elif self.path.startswith("/redirect?to="):
            self.send_response(302)
            self.send_header("Location", self.path.split("=", 1)[1])
            self.end_headers()
        elif self.path == "/slow":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(200):
                    self.wfile.write(b"<p>drip</p>")
                    self.wfile.flush()
                    time.sleep(0.2)
            except OSError:
                return
        elif self.path == "/big":
            self.send_response(200)
            self.end_headers()
            try:
                self.wfile.write(b"a" * 1_000_000)
            except OSError:
                return
        else:
            self._answer(404, b"none", "text/plain")

    def _answer(self, status: int, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        return None


def start(host: str) -> Iterator[tuple[LoopbackHTTPServer, str]]:
    """The Site on `host`, with its hit list, and its base URL, for as long as the fixture."""
    with serve_http(Site, host) as server:
        server.hits = []
        yield server, server.base


@pytest.fixture
def inside() -> Iterator[tuple[LoopbackHTTPServer, str]]:
    """A server on loopback: what an attacker wants the app to reach."""
    yield from start("127.0.0.1")


@pytest.fixture
def outside() -> Iterator[tuple[LoopbackHTTPServer, str]]:
    """A server on 127.0.0.2, standing in for a public site: the app is told to allow it."""
    yield from start("127.0.0.2")


def articles(client: TestClient) -> int:
    return client.get("/api/articles").json()["total"]


def neutral(detail: str, url: str) -> str:
    return detail.replace(url, "URL")


SPELLINGS = [
    "127.0.0.1",
    "2130706433",  # loopback as one decimal number
    "0x7f.1",
    "0177.0.0.1",
    "127.1",
    "localhost",
    "0.0.0.0",
    "[::1]",
    "[::ffff:127.0.0.1]",
    "[::ffff:7f00:1]",
]
NON_PUBLIC = [
    "http://169.254.169.254/latest/meta-data/",
    "http://10.0.0.1/",
    "http://192.168.1.1/",
    "http://100.64.0.1/",
    "http://224.0.0.1/",
    "http://240.0.0.1/",
    "http://[fe80::1]/",
    "http://[fc00::1]/",
    "http://[2002:7f00:1::]/",  # 6to4 around 127.0.0.1
]


def test_loopback_in_every_spelling_is_refused_without_a_connection(
    app, token_client: TestClient, inside
) -> None:
    app.state.allowed_networks = ()
    server, base = inside
    port = base.rsplit(":", 1)[1]
    before = articles(token_client)
    details = set()
    for host in SPELLINGS:
        url = f"http://{host}:{port}/page"
        response = token_client.post("/api/ingest", json={"url": url})
        assert response.status_code == 422, (host, response.text)
        details.add(neutral(response.json()["detail"], url))
    assert server.hits == [] and articles(token_client) == before
    assert len(details) == 1


@pytest.mark.parametrize("url", NON_PUBLIC)
def test_private_link_local_multicast_and_reserved_are_refused(url) -> None:
    # checked on the address alone: a test never sends a packet beyond loopback, even if the
    # guard it tests were broken (the end-to-end refusals above and below use loopback)
    with pytest.raises(Refused, match="non-public"):
        resolve_checked(httpx.URL(url))
    assert not is_public(ipaddress.ip_address(httpx.URL(url).host))


def test_a_redirect_is_checked_like_the_first_address(
    app, token_client: TestClient, inside, outside
) -> None:
    app.state.allowed_networks = allowed_networks("127.0.0.2")
    inner, inner_base = inside
    _, outer_base = outside
    before = articles(token_client)
    sneaky = f"{outer_base}/redirect?to={inner_base}/page"
    assert token_client.post("/api/ingest", json={"url": sneaky}).status_code == 422
    assert inner.hits == [] and articles(token_client) == before
    fair = f"{outer_base}/redirect?to={outer_base}/page"
    response = token_client.post("/api/ingest", json={"url": fair})
    assert response.status_code == 200 and response.json()["outcome"] == "new"


def test_errors_do_not_tell_open_ports_from_closed_ones(
    app, token_client: TestClient, inside
) -> None:
    app.state.allowed_networks = allowed_networks("127.0.0.1")
    _, base = inside
    closed = "http://127.0.0.1:9/page"
    answers = {
        neutral(token_client.post("/api/ingest", json={"url": url}).json()["detail"], url)
        for url in (closed, f"{base}/secret", f"{base}/missing")
    }
    assert len(answers) == 1


def test_the_whole_fetch_has_a_time_limit(outside) -> None:
    _, base = outside
    began = time.monotonic()
    with pytest.raises(DatelineError, match="could not fetch"):
        fetch(f"{base}/slow", Settings(), timeout=1.0, allowed=EVERYWHERE)
    assert time.monotonic() - began < 3  # each read came in time; the whole did not


def test_the_size_is_capped(outside) -> None:
    _, base = outside
    with pytest.raises(DatelineError, match="could not fetch"):
        fetch(f"{base}/big", Settings(max_document_bytes=10_000), allowed=EVERYWHERE)
    document = fetch(f"{base}/page", Settings(), allowed=EVERYWHERE)
    assert document.raw == PAGE


def test_the_allow_setting(filled) -> None:
    assert allowed_networks(None) == () and allowed_networks("") == ()
    assert allowed_networks("1") == EVERYWHERE
    assert [str(n) for n in allowed_networks("10.1.0.0/16, 127.0.0.1")] == [
        "10.1.0.0/16",
        "127.0.0.1/32",
    ]
    core = Settings(database_url=filled.url.render_as_string(False))
    with pytest.raises(ValueError, match="DATELINE_ALLOW_PRIVATE_URLS"):
        create_app(WebSettings(core=core, allow_private_urls="intranet"))
