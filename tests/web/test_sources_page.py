"""The sources page (issue 18, point 1): each source's health after a real poll of a feed
server on loopback (last poll, new items, errors, next poll), linked from the nav for
logged-in users; admins add and remove sources with the form's CSRF token."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from dateline.ingest.fetch import Fetcher, Politeness
from dateline.ingest.watch import Watcher
from dateline.pipeline import analyze
from tests.conftest import serve_http
from tests.web.conftest import csrf_of

EMPTY_RSS = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>wire</title>'
    b"<link>http://127.0.0.1/</link><description>d</description></channel></rss>"
)


class Feeds(BaseHTTPRequestHandler):
    """/empty.xml is a feed without stories, there is no robots.txt; anything else is a 500."""

    def do_GET(self) -> None:
        answers = {"/empty.xml": (200, EMPTY_RSS), "/robots.txt": (404, b"none")}
        status, body = answers.get(self.path, (500, b"oops"))
        self.send_response(status)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        return None


@pytest.fixture
def feed_server() -> Iterator[str]:
    with serve_http(Feeds) as server:
        yield server.base


def poll(engine: Engine) -> None:
    allowed = (ipaddress.ip_network("127.0.0.1/32"),)
    policy = Politeness(allowed=allowed, host_interval=0.0, timeout=3.0, retries=0)
    with Fetcher(policy) as fetcher:
        Watcher(engine, fetcher, analyze, workers=2).poll_due()


def row_of(page: str, name: str) -> str:
    found = re.search(rf'<tr data-source="{name}">(.*?)</tr>', page, re.S)
    assert found, f"no row for {name}"
    return found.group(1)


def test_the_sources_page_shows_health_and_admins_manage_it(
    as_role: Callable[[str], TestClient], client: TestClient, filled: Engine, feed_server: str
) -> None:
    admin, viewer = as_role("admin"), as_role("viewer")
    page = admin.get("/sources")
    assert page.status_code == 200 and 'href="/sources"' in page.text
    token = csrf_of(page.text)
    for name, path in (("wire", "/empty.xml"), ("broken", "/broken.xml")):
        form = {"name": name, "url": feed_server + path, "kind": "feed", "poll_minutes": "15"}
        assert admin.post("/sources", data=form, follow_redirects=False).status_code == 403
        made = admin.post("/sources", data={**form, "csrf_token": token}, follow_redirects=False)
        assert made.status_code == 303, made.text
    taken = admin.post("/sources", data={**form, "csrf_token": token})
    assert taken.status_code == 422 and "exists already" in taken.text
    assert "never" in row_of(admin.get("/sources").text, "wire")

    poll(filled)

    shown = viewer.get("/sources")
    assert (
        shown.status_code == 200 and "Remove" not in shown.text and "add-source" not in shown.text
    )
    wire, broken = row_of(shown.text, "wire"), row_of(shown.text, "broken")
    assert "never" not in wire and "UTC" in wire and "every 15 min" in wire
    assert re.search(r'class="errors">0', wire)
    assert "1 in a row" in broken and "answered 500" in broken
    refused = viewer.post("/sources", data={**form, "name": "x", "csrf_token": csrf_of(shown.text)})
    assert refused.status_code == 403

    source_id = re.search(
        r'action="/sources/(\d+)/remove"', row_of(admin.get("/sources").text, "broken")
    )
    gone = admin.post(
        f"/sources/{source_id.group(1)}/remove", data={"csrf_token": token}, follow_redirects=False
    )
    assert gone.status_code == 303
    assert 'data-source="broken"' not in admin.get("/sources").text
    assert client.get("/sources", follow_redirects=False).status_code == 303  # to the log-in
    assert 'href="/sources"' not in client.get("/login").text
