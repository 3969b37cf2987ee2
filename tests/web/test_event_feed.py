"""Events as an Atom feed (issue 18, point 4): the filters and token of /api/events,
one entry per event with its record, evidence and sources, the most recently changed first;
feedparser reads it back as valid Atom."""

from __future__ import annotations

import time

import feedparser
from fastapi.testclient import TestClient


def read(client: TestClient, query: str = "") -> feedparser.FeedParserDict:
    answer = client.get(f"/api/events.atom{query}")
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/atom+xml")
    parsed = feedparser.parse(answer.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def test_the_atom_feed_of_events(token_client: TestClient) -> None:
    feed = read(token_client)
    assert len(feed.entries) == 3
    strike = next(e for e in feed.entries if "Air/drone strike" in e.title)
    assert "Aleppo" in strike.title and "2024-05-07" in strike.title
    assert "Actors: Military Forces of Syria" in strike.summary
    assert "Fatalities: 3" in strike.summary
    assert "Evidence: \u201cWarplanes struck Aleppo on Tuesday" in strike.summary
    assert {t.term for t in strike.tags} == {"Explosions/Remote violence", "Air/drone strike"}
    assert "https://news.example/two.txt" in [link.href for link in strike.links]
    assert "<script>" not in token_client.get("/api/events.atom").text  # escaped


def test_filters_and_corrections(token_client: TestClient) -> None:
    assert len(read(token_client, "?country=SY").entries) == 2
    battles = read(token_client, "?event_type=Battles").entries
    assert len(battles) == 1 and battles[0].title.startswith("Armed clash")
    oldest = read(token_client).entries[-1]
    event_id = oldest.id.rsplit("/", 1)[1]
    time.sleep(1.1)  # a later second than the events were made in
    fixed = token_client.post(f"/api/events/{event_id}/correct", json={"values": {"fatalities": 4}})
    assert fixed.status_code == 200, fixed.text
    first = read(token_client).entries[0]
    assert first.id == oldest.id and "Fatalities: 4" in first.summary
    assert first.updated_parsed > oldest.updated_parsed


def test_the_feed_needs_the_api_token(client: TestClient, token_client: TestClient) -> None:
    assert client.get("/api/events.atom").status_code == 401
    assert token_client.get("/api/events.csv").status_code == 200  # the exports still answer
