"""Merging mentions across documents in the store: one event, many reports, many copies."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from dateline.model import Actor, Article, Document, Mention, Place, Span
from dateline.store import connect, count_events, get_event, list_events, save_result
from dateline.store.schema import articles, mentions, story_bands

IDLIB = Place("Idlib", 0, 5, 169389, "Idlib", "SY", "Idlib", 35.93, 36.63)
NEAR_IDLIB = Place("Binnish", 0, 7, 1, "Binnish", "SY", "Idlib", 35.96, 36.71)
SYRIA = Actor("Military Forces of Syria", 1)

WIRE = (
    "An airstrike hit a crowded vegetable market in the Syrian city of Idlib on Sunday, killing "
    "12 civilians and wounding dozens of shoppers, rescue workers said. The civil defence group "
    "said warplanes struck the market shortly after noon, when it was at its busiest."
)


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    engine = connect(f"sqlite:///{tmp_path / 'merge.db'}")
    yield engine
    engine.dispose()


def strike(evidence: str, **extra) -> Mention:
    values = {"place": IDLIB, "date": date(2024, 3, 10), "time_precision": 1}
    values.update(extra)
    return Mention(
        "Explosions/Remote violence", "Air/drone strike", Span(evidence, 0, len(evidence)), **values
    )


def store(engine: Engine, name: str, text: str, *found: Mention) -> str:
    document = Document.from_bytes(
        f"{name}\n{text}".encode(), f"{name}.txt", "text/plain", {"url": f"https://{name}/x"}
    )
    article = Article(
        document_id=document.id,
        text=text,
        site=name,
        mentions=list(found),
        page_published=datetime(2024, 3, 11, tzinfo=UTC),
    )
    with engine.begin() as conn:
        return save_result(conn, document, article, None)


def only_event(engine: Engine) -> dict:
    with engine.connect() as conn:
        (event,) = list_events(conn)
        return get_event(conn, event["id"])


def test_reports_from_different_outlets_merge_and_list_every_source(engine: Engine) -> None:
    store(engine, "wire", WIRE, strike("An airstrike killed 12 civilians.", fatalities=12))
    store(engine, "local", "Other words entirely about the raid.", strike(
        "At least nine people were killed when a warplane bombed the market.", fatalities=9,
        place=NEAR_IDLIB, actor1=SYRIA,
    ))  # fmt: skip
    event = only_event(engine)
    assert event["sources"] == 2
    assert event["fatalities"] == 12  # the exact count over the floor
    assert sorted(m["fatalities"] for m in event["mentions"]) == [9, 12]  # others kept
    assert {m["site"] for m in event["mentions"]} == {"wire", "local"}
    assert event["actor1"] == "Military Forces of Syria"


def test_republished_copies_count_as_one_source(engine: Engine) -> None:
    store(engine, "wire", WIRE, strike("An airstrike killed 12 civilians."))
    store(engine, "copy", WIRE + " Credit: Reuters.", strike("An airstrike killed 12 civilians."))
    with engine.connect() as conn:
        clusters = conn.execute(select(articles.c.story_cluster)).scalars().all()
        assert len(clusters) == 2 and len(set(clusters)) == 1
        assert conn.execute(select(func.count()).select_from(story_bands)).scalar() > 0
    event = only_event(engine)
    assert event["sources"] == 1 and len(event["mentions"]) == 2


def test_another_day_or_place_is_another_event(engine: Engine) -> None:
    store(engine, "a", "a", strike("Strike on Sunday."))
    store(engine, "b", "b", strike("Strike on Wednesday.", date=date(2024, 3, 13)))
    aleppo = Place("Aleppo", 0, 6, 170063, "Aleppo", "SY", "Aleppo", 36.202, 37.158)
    store(engine, "c", "c", strike("Strike in Aleppo.", place=aleppo))
    with engine.connect() as conn:
        assert count_events(conn) == 3


def test_background_attaches_to_the_event_it_recalls_in_either_order(engine: Engine) -> None:
    recalled = strike(
        "The market was hit by an airstrike last month.",
        date=date(2024, 3, 1),
        time_precision=3,
        background=True,
    )
    store(engine, "later", "A month on, the market reopens.", recalled)
    with engine.connect() as conn:
        assert count_events(conn) == 0
    store(engine, "news", WIRE, strike("An airstrike killed 12 civilians."))
    event = only_event(engine)
    assert len(event["mentions"]) == 2 and event["sources"] == 2
    assert event["event_date"] == date(2024, 3, 10)  # the news report dates it, not the memory


def test_rerunning_never_duplicates(engine: Engine) -> None:
    for _ in range(2):
        store(engine, "wire", WIRE, strike("An airstrike killed 12 civilians."))
        store(engine, "local", "x", strike("Warplanes bombed the market."))
    with engine.connect() as conn:
        assert count_events(conn) == 1
        assert conn.execute(select(func.count()).select_from(mentions)).scalar() == 2


def test_an_analysts_correction_is_not_overwritten(engine: Engine) -> None:
    from sqlalchemy import update

    from dateline.store.schema import events

    store(engine, "wire", WIRE, strike("An airstrike killed 12 civilians.", fatalities=12))
    with engine.begin() as conn:
        conn.execute(update(events).values(status="corrected", fatalities=14))
    store(engine, "local", "y", strike("It killed 12 people.", fatalities=12))
    event = only_event(engine)
    assert event["fatalities"] == 14 and event["sources"] == 2
