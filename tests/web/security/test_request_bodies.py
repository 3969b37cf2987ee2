"""Issue 16, point 1: no body is read before the credentials are checked, and none past its cap.

Before, an unauthenticated `POST /api/ingest` with a 300 MB JSON body was read and parsed in
full (the server grew by 900 MB) before it answered 401."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from dateline.settings import Settings
from dateline.store.users import create_token
from dateline.web.app import create_app
from dateline.web.config import WebSettings
from dateline.web.gate import DEFAULT_BODY_LIMIT

MAX_DOCUMENT = 20_000


@pytest.fixture
def small_app(filled: Engine, users: dict[str, int]):
    """The app with a 20 kB document limit."""
    core = Settings(
        database_url=filled.url.render_as_string(False), max_document_bytes=MAX_DOCUMENT
    )
    application = create_app(WebSettings(core=core))
    yield application
    application.state.engine.dispose()


@pytest.fixture
def token(filled: Engine, users: dict[str, int]) -> str:
    with filled.begin() as conn:
        return create_token(conn, users["analyst"], "bodies")


def headers_only(base: str, path: str, headers: dict[str, str]) -> str:
    """Send a request's head announcing 300 MB and no byte of its body; the status line
    of the answer, which must come without the body ever being sent."""
    address = urlsplit(base)
    lines = [f"POST {path} HTTP/1.1", f"Host: {address.netloc}", "Content-Length: 300000000"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    with socket.create_connection((address.hostname, address.port), timeout=5) as conn:
        conn.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        answer = conn.recv(4096).decode("latin-1")
    return answer.split("\r\n", 1)[0]


def test_anonymous_write_is_refused_before_its_body_is_read(small_app, serve) -> None:
    base = serve(small_app)
    json_type = {"Content-Type": "application/json"}
    assert headers_only(base, "/api/ingest", json_type) == "HTTP/1.1 401 Unauthorized"
    assert headers_only(base, "/events/1/review", json_type) == "HTTP/1.1 401 Unauthorized"
    bad_token = {**json_type, "Authorization": "Bearer dl_guess"}
    assert headers_only(base, "/api/ingest", bad_token) == "HTTP/1.1 401 Unauthorized"


def test_oversized_declared_body_is_413_before_it_is_read(small_app, serve, token) -> None:
    base = serve(small_app)
    auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    assert headers_only(base, "/api/ingest", auth) == "HTTP/1.1 413 Request Entity Too Large"
    assert headers_only(base, "/login", {}) == "HTTP/1.1 413 Request Entity Too Large"
    form = {"Authorization": f"Bearer {token}", "Content-Type": "multipart/form-data; boundary=x"}
    assert headers_only(base, "/api/ingest/upload", form) == "HTTP/1.1 413 Request Entity Too Large"


def chunks(total: int, size: int = 8192) -> Iterator[bytes]:
    """A body without a Content-Length (sent chunked) of `total` bytes."""
    yield b'{"text": "'
    for _ in range(total // size):
        yield b"a" * size
    yield b'"}'


def test_undeclared_body_stops_at_its_cap(small_app, token) -> None:
    client = TestClient(small_app, headers={"Authorization": f"Bearer {token}"})
    response = client.post(
        "/api/ingest",
        content=chunks(4 * MAX_DOCUMENT + DEFAULT_BODY_LIMIT),
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 413, response.text
    comment = client.post(
        "/api/events/1/comments",
        content=chunks(2 * DEFAULT_BODY_LIMIT),
        headers={"Content-Type": "application/json"},
    )
    assert comment.status_code == 413


def test_upload_is_capped(small_app, token) -> None:
    client = TestClient(small_app, headers={"Authorization": f"Bearer {token}"})
    huge = b"a" * (MAX_DOCUMENT + 2 * 1024 * 1024)
    response = client.post("/api/ingest/upload", files={"file": ("big.txt", huge, "text/plain")})
    assert response.status_code == 413


def test_bodies_within_the_caps_still_work(small_app, token) -> None:
    client = TestClient(small_app, headers={"Authorization": f"Bearer {token}"})
    big_reply = {"body": "é" * 9_000}
    assert client.post("/api/events/1/comments", json=big_reply).status_code == 201
    too_long = client.post("/api/ingest", json={"text": "a" * (MAX_DOCUMENT + 1)})
    assert too_long.status_code == 413  # the document limit itself, inside the cap
    assert client.post("/api/ingest", json={}).status_code == 422
