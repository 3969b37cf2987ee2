"""Feed keys (issue 18, point 4): the Atom feed read by a feed reader that sends no header,
with `?key=` in its URL. feedparser fetches it itself from the real app under Uvicorn on
loopback; a wrong, missing or revoked key is a 401, and a key opens nothing but feeds."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import feedparser
import httpx
import pytest
from fastapi.testclient import TestClient

from tests.conftest import serve_app


@pytest.fixture
def live(app) -> Iterator[str]:
    """The app served on a free loopback port."""
    with serve_app(app) as base:
        yield base


def test_a_feed_reader_reads_events_with_a_feed_key(
    as_role: Callable[[str], TestClient], live: str
) -> None:
    viewer = as_role("viewer")
    made = viewer.post("/api/feed-keys", json={"name": "my reader"})
    assert made.status_code == 201, made.text
    key, key_id = made.json()["key"], made.json()["id"]
    assert made.json()["feed_url"].endswith(f"/api/events.atom?key={key}")

    feed = feedparser.parse(f"{live}/api/events.atom?country=SY&key={key}")
    assert feed.status == 200 and not feed.bozo and feed.version == "atom10"
    assert len(feed.entries) == 2 and all("Aleppo" in e.title for e in feed.entries)
    assert key not in feed.feed.id  # the feed's id does not carry the secret

    assert httpx.get(f"{live}/api/events.atom").status_code == 401
    assert httpx.get(f"{live}/api/events.atom?key=dlf_wrong").status_code == 401
    assert httpx.get(f"{live}/api/events.atom?key={key}x").status_code == 401
    assert httpx.get(f"{live}/api/events?key={key}").status_code == 401  # feeds only
    listed = viewer.get("/api/feed-keys").json()["feed_keys"]
    assert [k["name"] for k in listed] == ["my reader"] and "key" not in listed[0]
    assert listed[0]["last_used_at"] is not None

    assert viewer.delete(f"/api/feed-keys/{key_id}").status_code == 204
    assert httpx.get(f"{live}/api/events.atom?key={key}").status_code == 401
    assert viewer.delete(f"/api/feed-keys/{key_id}").status_code == 404


def test_keys_are_their_owners_alone(as_role: Callable[[str], TestClient], client) -> None:
    analyst, viewer = as_role("analyst"), as_role("viewer")
    key_id = analyst.post("/api/feed-keys", json={}).json()["id"]
    assert viewer.delete(f"/api/feed-keys/{key_id}").status_code == 404
    assert viewer.get("/api/feed-keys").json()["feed_keys"] == []
    assert client.post("/api/feed-keys", json={}).status_code == 401
    assert analyst.post("/api/feed-keys", json={"name": "x" * 65}).status_code == 422
