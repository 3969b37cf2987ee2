"""A web site on loopback for the fetcher and the watcher (issue 18, point 5): each test
sets its routes; every request is recorded with its headers and time."""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest

from dateline.ingest.fetch import Politeness
from tests.conftest import LoopbackHTTPServer, serve_http

# Only IPv4 loopback is ever allowed: nothing here may reach another address, and a redirect
# to [::1] must be refused before any connection.
LOOPBACK = (ipaddress.ip_network("127.0.0.0/8"),)

Route = tuple[int, dict[str, str], bytes] | Callable[[BaseHTTPRequestHandler], None]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self.server.hits.append((self.path, dict(self.headers), time.monotonic()))
        route = self.server.routes.get(self.path)
        if route is None:
            route = (404, {"Content-Type": "text/plain"}, b"not here")
        if callable(route):
            route(self)
            return
        self.answer(*route)

    def answer(self, status: int, headers: dict[str, str], body: bytes) -> None:
        """One whole answer with its length: what a fixed route sends, and what a route
        function calls once it has decided (after a pause, a count, a header check)."""
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:
            return

    def log_message(self, *args: Any) -> None:
        return None


class Site:
    """`routes` maps a path (with its query) to (status, headers, body) or a function of
    the handler; `hits` lists (path, headers, when) of every request."""

    def __init__(self, server: LoopbackHTTPServer) -> None:
        self.server = server
        self.server.routes = {}
        self.server.hits = []
        self.base = server.base

    @property
    def routes(self) -> dict[str, Route]:
        return self.server.routes

    @property
    def hits(self) -> list[tuple[str, dict[str, str], float]]:
        return self.server.hits

    def paths(self) -> list[str]:
        return [path for path, _, _ in self.hits]


@pytest.fixture
def site() -> Iterator[Site]:
    with serve_http(Handler) as server:
        yield Site(server)


def polite(**changes: Any) -> Politeness:
    """The fetch policy of the fetcher and watcher tests, with `changes`: loopback alone
    allowed, no wait between requests to the one test host, a fixed contact. One place, so
    the two test files cannot drift apart on what they let a fetcher reach."""
    values: dict[str, Any] = {
        "allowed": LOOPBACK,
        "host_interval": 0.0,
        "contact": "desk@example.org",
    }
    return Politeness(**{**values, **changes})
