"""The gold stories: palmyra (the canonical input), kayseri and ankara (TR-News, 2016).

Each gold event must be found with its sub-event type and background flag, its sentence as
the evidence or among the sentences merged into it; no news (non-background) event may be
reported that the gold does not list.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from dateline.events import detect_mentions
from dateline.model import Article, Mention

CHROME = ("Log In", "Credit: Sky News", "Tagged under", "Leave a Reply")


@pytest.fixture(scope="module")
def analyse():
    from dateline.geo import resolve_places
    from dateline.nlp import load_nlp

    nlp = load_nlp()

    def run(article: Article) -> list[Mention]:
        doc = nlp(article.text)
        article.places = resolve_places(doc, article)
        return detect_mentions(doc, article)

    return run


@pytest.fixture(scope="module")
def palmyra(palmyra_text, palmyra_gold, analyse) -> list[Mention]:
    title = palmyra_gold["article"]["title"].replace("'", "’")
    lines = [
        line
        for line in palmyra_text.splitlines()
        if line.strip() not in CHROME and not line.startswith("updated ") and line.strip() != title
    ]
    text = "\n".join(lines).strip()
    return analyse(Article(document_id="p", text=text, dateline_place="Damascus"))


def _story(shared_dir: Path, name: str, analyse) -> tuple[list[Mention], dict]:
    corpus = shared_dir / "corpus" / f"{name}.jsonl"
    gold = shared_dir / "eval" / "events" / f"{name}.gold.json"
    if not (corpus.is_file() and gold.is_file()):
        pytest.skip(f"{name} corpus or gold is absent")
    record = json.loads(corpus.read_text(encoding="utf-8").splitlines()[0])
    article = Article(
        document_id=name,
        text=record["text"],
        title=record["title"],
        page_published=datetime.fromisoformat(record["published"]),
    )
    return analyse(article), json.loads(gold.read_text(encoding="utf-8"))


def told_in(m: Mention, evidence: str) -> bool:
    """The gold sentence is the mention's evidence or one merged into it."""
    evidence = " ".join(evidence.split())
    texts = [m.evidence.text, *m.reasons]
    return any(evidence in " ".join(t.split()) for t in texts)


def find(mentions: list[Mention], event: dict, sub_type: str | None = None) -> Mention | None:
    sub_type = sub_type or event["sub_event_type"]
    for m in mentions:
        same = m.sub_event_type == sub_type and m.background == event["background"]
        if same and told_in(m, event["evidence"]):
            return m
    return None


def gold_event(gold: dict, event_id: str) -> dict:
    return next(e for e in gold["events"] if e["id"] == event_id)


# ----------------------------------------------------------------------------- palmyra


def test_palmyra_recapture(palmyra, palmyra_gold):
    e1 = gold_event(palmyra_gold, "E1")
    m = find(palmyra, e1)
    assert m is not None
    assert m.event_type == "Battles"
    assert m.evidence.text == e1["evidence"]
    assert m.actor1 is not None and m.actor1.name == "Military Forces of Syria"
    assert m.actor2 is not None and m.actor2.name == "Islamic State"
    assert "Pro-Government Militia (Syria)" in [a.name for a in m.assoc_actors]
    assert not m.background
    assert m.place is not None and m.place.geonameid == e1["geonameid"]


@pytest.mark.parametrize("event_id", ["E2", "E3", "E4", "E5"])
def test_palmyra_news_events(palmyra, palmyra_gold, event_id):
    event = gold_event(palmyra_gold, event_id)
    m = find(palmyra, event)
    assert m is not None, event["evidence"]
    assert m.event_type == event["event_type"]
    if event["fatalities"] is not None:
        assert m.fatalities == event["fatalities"]


def test_palmyra_actors_of_news_events(palmyra, palmyra_gold):
    for event_id in ("E2", "E3", "E4", "E5"):
        event = gold_event(palmyra_gold, event_id)
        m = find(palmyra, event)
        assert m is not None and m.actor1 is not None
        assert m.actor1.name == event["actor1"], event_id


@pytest.mark.parametrize("event_id", ["B1", "B2", "B3"])
def test_palmyra_background_events(palmyra, palmyra_gold, event_id):
    event = gold_event(palmyra_gold, event_id)
    m = find(palmyra, event)
    assert m is not None, event["evidence"]
    assert m.background
    assert m.actor1 is not None and m.actor1.name == "Islamic State"


def test_palmyra_no_invented_news(palmyra, palmyra_gold):
    news = {e["sub_event_type"] for e in palmyra_gold["events"] if not e["background"]}
    extra = [m for m in palmyra if not m.background and m.sub_event_type not in news]
    assert extra == []
    assert len([m for m in palmyra if not m.background]) == len(news)


# ----------------------------------------------------------------------------- kayseri, ankara


@pytest.fixture(scope="module")
def kayseri(shared_dir, analyse):
    return _story(shared_dir, "kayseri", analyse)


@pytest.fixture(scope="module")
def ankara(shared_dir, analyse):
    return _story(shared_dir, "ankara", analyse)


def test_kayseri_suicide_bomb(kayseri):
    mentions, gold = kayseri
    event = gold_event(gold, "E1")
    m = find(mentions, event)
    assert m is not None
    assert m.fatalities == 13
    assert m.actor1 is not None and m.actor1.name == event["actor1"]
    assert m.actor2 is not None and m.actor2.name == event["actor2"]
    assert m.place is not None and m.place.geonameid == event["geonameid"]


def test_kayseri_arrests_and_background(kayseri):
    mentions, gold = kayseri
    m = find(mentions, gold_event(gold, "E2"))
    assert m is not None and m.actor1 is not None
    assert m.actor1.name == "Police Forces of Turkey"
    b1 = gold_event(gold, "B1")
    recalled = [m for m in mentions if told_in(m, b1["evidence"])]
    assert recalled and all(m.background for m in recalled)
    assert recalled[0].fatalities == 44


def test_kayseri_no_invented_news(kayseri):
    mentions, gold = kayseri
    news = {e["sub_event_type"] for e in gold["events"] if not e["background"]}
    assert sorted(m.sub_event_type for m in mentions if not m.background) == sorted(news)


@pytest.mark.parametrize("event_id", ["E1", "E2", "E3", "E4", "B1", "B2", "B3"])
def test_ankara_events(ankara, event_id):
    mentions, gold = ankara
    event = gold_event(gold, event_id)
    assert find(mentions, event) is not None, event["evidence"]


def test_ankara_places_of_the_arrests(ankara):
    mentions, gold = ankara
    for event_id in ("E3", "E4"):
        event = gold_event(gold, event_id)
        m = find(mentions, event)
        assert m is not None and m.place is not None
        assert m.place.geonameid == event["geonameid"], event_id


def test_ankara_mostly_reaction(ankara):
    """Four news events; everything else is reaction (no event) or history (background)."""
    mentions, gold = ankara
    news = [m for m in mentions if not m.background]
    assert sorted(m.sub_event_type for m in news) == sorted(
        e["sub_event_type"] for e in gold["events"] if not e["background"]
    )
