"""Saved filters with a webhook (issue 18, point 4): a receiver on 127.0.0.1 gets each new or
changed matching event as JSON, signed with the filter's secret (HMAC-SHA256), after a
correction through the API; a failing receiver is tried again with backoff, a bounded number
of times, and the failure is kept (API and sources page); a webhook outside the allowed
networks ([::1] when only 127.0.0.1/32 is allowed) or a redirect there is never followed."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from dateline.ingest.fetch import Fetcher, Politeness
from dateline.ingest.webhooks import SIGNATURE, Backoff, notify
from dateline.store import review
from dateline.store import saved_filters as store
from dateline.store.schema import events, saved_filters
from dateline.store.users import get_user
from tests.conftest import LoopbackHTTPServer, serve_posts

ALLOWED = "127.0.0.1/32"


@pytest.fixture
def receiver() -> Iterator[LoopbackHTTPServer]:
    """Answers 200 unless `answers` says otherwise; a 302 points outside the allowed network."""
    with serve_posts(location="http://[::1]:9/elsewhere") as server:
        yield server


@pytest.fixture(autouse=True)
def loopback_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app may reach 127.0.0.1 alone (read when the app is made)."""
    monkeypatch.setenv("DATELINE_ALLOW_PRIVATE_URLS", ALLOWED)


def fetcher() -> Fetcher:
    return Fetcher(Politeness(allowed=(ipaddress.ip_network(ALLOWED),), timeout=3.0))


def signed(secret: str, body: bytes, headers: dict[str, str]) -> bool:
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(headers[SIGNATURE], expected)


def wait_for(condition: Callable[[], Any], seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def event_in(engine: Engine, country: str) -> int:
    with engine.connect() as conn:
        return (
            conn.execute(select(events.c.id).where(events.c.country == country)).scalars().first()
        )


def test_a_correction_is_posted_signed_to_the_webhook(
    as_role: Callable[[str], TestClient], filled: Engine, receiver: LoopbackHTTPServer
) -> None:
    analyst = as_role("analyst")
    hook = receiver.base + "/hook"
    made = analyst.post(
        "/api/saved-filters",
        json={"name": "syria", "query": {"country": "SY"}, "webhook_url": hook},
    )
    assert made.status_code == 201, made.text
    secret = made.json()["secret"]
    assert made.json()["query"] == {"country": "SY"}
    for bad in (
        {"query": {"colour": "red"}},
        {"query": {"since": "yesterday"}},
        {"webhook_url": "http://[::1]:9/hook"},  # outside the allowed network
        {"webhook_url": "file:///etc/passwd"},
    ):
        body = {"name": "x", "query": {}, "webhook_url": hook, **bad}
        assert analyst.post("/api/saved-filters", json=body).status_code == 422, bad
    assert as_role("viewer").get("/api/saved-filters").status_code == 403

    aleppo, nairobi = event_in(filled, "SY"), event_in(filled, "KE")
    fixed = analyst.post(f"/api/events/{aleppo}/correct", json={"values": {"fatalities": 9}})
    assert fixed.status_code == 200, fixed.text
    other = analyst.post(f"/api/events/{nairobi}/correct", json={"values": {"fatalities": 1}})
    assert other.status_code == 200, other.text
    wait_for(lambda: len(receiver.posts) >= 1)
    time.sleep(0.5)  # the Nairobi correction matches no saved filter: nothing more comes

    assert len(receiver.posts) == 1
    path, headers, body = receiver.posts[0]
    assert path == "/hook" and headers["Content-Type"] == "application/json"
    assert signed(secret, body, headers) and not signed("another secret", body, headers)
    sent = json.loads(body)
    assert sent["filter"] == "syria" and sent["event"]["id"] == aleppo
    assert sent["event"]["fatalities"] == 9 and sent["event"]["mentions"][0]["evidence"]
    wait_for(lambda: analyst.get("/api/saved-filters").json()["saved_filters"][0]["deliveries"])
    listed = analyst.get("/api/saved-filters").json()["saved_filters"]
    assert listed[0]["deliveries"] == {"delivered": 1} and "secret" not in listed[0]
    with fetcher() as client:
        assert notify(filled, client)["queued"] == 0  # nothing changed since: nothing sent
    assert analyst.delete(f"/api/saved-filters/{listed[0]['id']}").status_code == 204


def save(engine: Engine, user_id: int, name: str, url: str) -> str:
    with engine.begin() as conn:
        return store.create_saved_filter(conn, user_id, name, {"country": "SY"}, url)["secret"]


def test_retries_failures_and_refused_addresses(
    as_role: Callable[[str], TestClient],
    filled: Engine,
    users: dict[str, int],
    receiver: LoopbackHTTPServer,
) -> None:
    save(filled, users["analyst"], "flaky", receiver.base + "/flaky")
    receiver.answers = [500, 503]  # the third try succeeds
    with fetcher() as client:
        with filled.begin() as conn:
            user = get_user(conn, users["analyst"])
            review.correct(conn, event_in(filled, "SY"), user, {"fatalities": 5})
        began = time.monotonic()
        assert notify(filled, client, Backoff(attempts=4, first=0.1)) == {
            "queued": 1,
            "delivered": 1,
            "failed": 0,
        }
        assert time.monotonic() - began >= 0.3  # waited 0.1 s, then 0.2 s
        assert len(receiver.posts) == 3

        with filled.begin() as conn:
            conn.execute(saved_filters.delete())
        save(filled, users["analyst"], "down", receiver.base + "/down")
        save(filled, users["analyst"], "moved", receiver.base + "/moved")
        save(filled, users["analyst"], "inside", "http://[::1]:9/hook")
        receiver.posts.clear()
        receiver.answers = [503, 503, 503, 302]  # 'down' three times, then 'moved' once
        with filled.begin() as conn:
            review.correct(conn, event_in(filled, "SY"), user, {"fatalities": 6})
        result = notify(filled, client, Backoff(attempts=3, first=0.05))
    assert result == {"queued": 3, "delivered": 0, "failed": 3}
    assert [p for p, _, _ in receiver.posts] == ["/down"] * 3 + ["/moved"]  # none to [::1]
    with filled.connect() as conn:
        found = {f["name"]: f["recent"][0] for f in store.list_saved_filters(conn)}
    assert found["down"]["error"] == "answered 503" and found["down"]["attempts"] == 3
    assert found["moved"]["error"] == "answered 302" and found["moved"]["status_code"] == 302
    assert found["moved"]["attempts"] == 1  # a redirect is neither followed nor retried
    assert "non-public ::1" in found["inside"]["error"] and found["inside"]["attempts"] == 1

    page = as_role("viewer").get("/sources").text
    assert 'data-webhook="down"' in page and "answered 503 (3 tries" in page
