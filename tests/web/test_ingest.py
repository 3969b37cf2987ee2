"""Ingest through the API: text, a URL served on localhost, and an upload, with the real
`analyze` (the spaCy model loads once per test process)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dateline.web.ingest import allowed_networks
from tests.conftest import serve_http

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "pages"
PAGE = SAMPLES / "kabul-bank-bombing.txt"
HTML_PAGE = SAMPLES / "bogota-riot.html"


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        return None


@pytest.fixture
def local_site(app) -> Iterator[str]:
    """The bundled sample pages served over HTTP on localhost, which the app is told to
    allow (as DATELINE_ALLOW_PRIVATE_URLS=127.0.0.1 would)."""
    app.state.allowed_networks = allowed_networks("127.0.0.1")
    with serve_http(partial(Quiet, directory=str(SAMPLES))) as server:
        yield server.base


def test_ingest_text_then_again_is_known(token_client: TestClient) -> None:
    text = PAGE.read_text(encoding="utf-8")
    body = {"text": text, "url": "https://news.example/kabul"}
    first = token_client.post("/api/ingest", json=body)
    assert first.status_code == 200, first.text
    result = first.json()
    assert result["outcome"] == "new" and result["event_ids"]
    event = token_client.get(f"/api/events/{result['event_ids'][0]}").json()
    assert event["mentions"][0]["url"] == "https://news.example/kabul"
    assert token_client.post("/api/ingest", json=body).json()["outcome"] == "known"


def test_ingest_fetches_a_url(token_client: TestClient, local_site: str) -> None:
    result = token_client.post("/api/ingest", json={"url": f"{local_site}/bogota-riot.html"})
    assert result.status_code == 200, result.text
    assert result.json()["outcome"] == "new" and result.json()["event_ids"]
    missing = token_client.post("/api/ingest", json={"url": f"{local_site}/nope.html"})
    assert missing.status_code == 422 and "could not fetch" in missing.json()["detail"]
    odd = token_client.post("/api/ingest", json={"url": "file:///etc/passwd"})
    assert odd.status_code == 422


def test_upload_a_page_and_a_bad_one(token_client: TestClient) -> None:
    with HTML_PAGE.open("rb") as handle:
        result = token_client.post(
            "/api/ingest/upload", files={"file": ("bogota-riot.html", handle, "text/html")}
        )
    assert result.status_code == 200, result.text
    assert result.json()["outcome"] == "new"
    bad = token_client.post(
        "/api/ingest/upload", files={"file": ("blob.txt", b"\x00\x01\x02" * 10, "text/plain")}
    )
    assert bad.json()["outcome"] == "failed" and bad.json()["reason"]
    empty = token_client.post("/api/ingest/upload", files={"file": ("e.txt", b"", "text/plain")})
    assert empty.status_code == 422


def test_ingest_needs_something_and_the_analyst_role(token_client: TestClient, as_role) -> None:
    assert token_client.post("/api/ingest", json={}).status_code == 422
    viewer = as_role("viewer")
    assert viewer.post("/api/ingest", json={"text": "Police arrested five."}).status_code == 403
    files = {"file": ("a.txt", b"text", "text/plain")}
    assert viewer.post("/api/ingest/upload", files=files).status_code == 403
