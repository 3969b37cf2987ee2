"""Repository functions with hand-built Articles and Mentions (independent of `analyze`)."""

from __future__ import annotations

import zlib
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine, func, select, text

from dateline.model import Actor, Article, Document, Failure, Mention, Place, Quote, Span
from dateline.store import (
    count_documents,
    count_events,
    document_status,
    get_event,
    list_events,
    save_result,
)
from dateline.store.schema import articles, documents, event_sources, mentions

NAIROBI = Place("Nairobi", 0, 7, 184745, "Nairobi", "KE", "Nairobi Area", -1.283, 36.817)
ALEPPO = Place("Aleppo", 0, 6, 170063, "Aleppo", "SY", "Aleppo", 36.202, 37.158)


def sqlite_only(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")


def doc(body: str, uri: str = "page.txt") -> Document:
    return Document.from_bytes(body.encode(), uri, "text/plain", {"url": f"https://e/{uri}"})


def mention(
    sub: str = "Arrests",
    kind: str = "Strategic developments",
    place: Place | None = NAIROBI,
    day: date | None = date(2024, 5, 6),
    evidence: str = "Police arrested 5 protesters in Nairobi on Monday.",
    **extra,
) -> Mention:
    return Mention(kind, sub, Span(evidence, 0, len(evidence)), place=place, date=day, **extra)


def article(document: Document, *found: Mention, **extra) -> Article:
    values = {"title": "Arrests in Nairobi", "url": document.hints.get("url"), "site": "e"}
    values.update(extra)
    return Article(
        document_id=document.id, text="Police arrested...", mentions=list(found), **values
    )


def save(engine: Engine, document: Document | None, art=None, failure=None) -> str:
    with engine.begin() as conn:
        return save_result(conn, document, art, failure)


def test_save_new_then_known_adds_nothing(engine: Engine) -> None:
    d = doc("one")
    a = article(
        d,
        mention(actor1=Actor("Police Forces of Kenya", 1), actor2=Actor("Protesters (Kenya)", 6)),
        credit="Reuters",
        page_published=datetime(2024, 5, 6, 12, tzinfo=UTC),
        story_date_from=date(2024, 5, 6),
        story_date_to=date(2024, 5, 6),
        story_date_evidence=["on Monday"],
        places=[NAIROBI],
        quotes=[Quote("police", "we acted", 1, 9)],
        chrome=["Subscribe now"],
    )
    assert save(engine, d, a) == "new"
    assert save(engine, d, a) == "known"
    with engine.connect() as conn:
        assert count_documents(conn) == 1
        assert count_events(conn) == 1
        assert conn.execute(select(func.count()).select_from(mentions)).scalar() == 1
        stored = conn.execute(select(documents)).one()
        assert stored.status == "analyzed" and stored.error is None
        assert zlib.decompress(stored.raw) == b"one"
        row = conn.execute(select(articles)).one()
        assert row.credit == "Reuters"
        assert row.places[0]["geonameid"] == 184745
        assert row.quotes == [{"speaker": "police", "text": "we acted", "start": 1, "end": 9}]
        assert row.story_date_evidence == ["on Monday"]
        assert row.chrome == ["Subscribe now"]
        assert row.story_date_to == date(2024, 5, 6)
        (event,) = list_events(conn)
        assert event["actor1"] == "Police Forces of Kenya" and event["actor1_inter"] == 1
        assert event["actor2_inter"] == 6
        assert event["sources"] == 1 and event["status"] == "auto"
        assert event["notes"].startswith("Police arrested")
        assert event["first_reported"].replace(tzinfo=None) == datetime(2024, 5, 6, 12)


def test_failure_is_kept_with_its_raw_bytes_and_reason(engine: Engine) -> None:
    d = doc("\x00binary")
    failure = Failure(d.id, d.uri, "extract", "looks like binary data", d.raw, d.media_type)
    assert save(engine, d, None, failure) == "failed"
    assert save(engine, d, None, failure) == "failed"  # again: updated, not duplicated
    with engine.connect() as conn:
        assert count_documents(conn) == 1
        row = conn.execute(select(documents)).one()
        assert (row.status, row.error_stage, row.error) == (
            "failed",
            "extract",
            "looks like binary data",
        )
        assert zlib.decompress(row.raw) == d.raw


def test_ingest_failure_without_a_document(engine: Engine) -> None:
    failure = Failure("f" * 64, "feed.jsonl#L3", "ingest", "line 3: invalid JSON", b"{x")
    assert save(engine, None, None, failure) == "failed"
    with engine.connect() as conn:
        assert document_status(conn, "f" * 64) == "failed"


def test_failed_document_that_now_succeeds_is_updated(engine: Engine) -> None:
    d = doc("retry me")
    save(engine, d, None, Failure(d.id, d.uri, "analyze", "RuntimeError: boom", d.raw))
    assert save(engine, d, article(d, mention())) == "new"
    with engine.connect() as conn:
        assert count_documents(conn) == 1
        row = conn.execute(select(documents)).one()
        assert (row.status, row.error_stage, row.error) == ("analyzed", None, None)
        assert count_events(conn) == 1


def test_analyzed_document_is_not_overwritten_by_a_later_failure(engine: Engine) -> None:
    d = doc("good")
    save(engine, d, article(d, mention()))
    assert save(engine, d, None, Failure(d.id, d.uri, "analyze", "flaky", d.raw)) == "known"
    with engine.connect() as conn:
        assert document_status(conn, d.id) == "analyzed"
        assert count_events(conn) == 1


def test_same_type_place_and_day_becomes_one_event_with_two_sources(engine: Engine) -> None:
    first, second, third = doc("a", "a.txt"), doc("b", "b.txt"), doc("c", "c.txt")
    save(engine, first, article(first, mention(evidence="Police arrested 5.")))
    save(engine, second, article(second, mention(evidence="Five were arrested.", fatalities=2)))
    # another day, another place, another type: three more events
    save(
        engine,
        third,
        article(
            third,
            mention(day=date(2024, 5, 7)),
            mention(place=ALEPPO),
            mention("Peaceful protest", "Protests"),
        ),
    )
    with engine.connect() as conn:
        events = list_events(conn)
        assert len(events) == 4
        merged = next(e for e in events if e["sources"] == 2)
        assert merged["fatalities"] == 2
        assert merged["notes"] == "Police arrested 5."
        full = get_event(conn, merged["id"])
        assert [m["evidence"] for m in full["mentions"]] == [
            "Police arrested 5.",
            "Five were arrested.",
        ]
        assert conn.execute(select(func.count()).select_from(event_sources)).scalar() == 5


def test_two_mentions_of_one_event_in_one_article_count_one_source(engine: Engine) -> None:
    d = doc("twice")
    save(engine, d, article(d, mention(evidence="first"), mention(evidence="second")))
    with engine.connect() as conn:
        (event,) = list_events(conn)
        assert event["sources"] == 1
        assert len(get_event(conn, event["id"])["mentions"]) == 2


def test_background_mentions_are_stored_but_make_no_event(engine: Engine) -> None:
    d = doc("background")
    save(engine, d, article(d, mention(background=True), mention(place=None, day=None)))
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(mentions)).scalar() == 2
        (event,) = list_events(conn)  # only the second, which has no place or day
        assert event["geonameid"] is None and event["event_date"] is None
        background = conn.execute(select(mentions).where(mentions.c.background)).one()
        assert background.event_id is None


def test_unplaced_mentions_are_never_merged(engine: Engine) -> None:
    a, b = doc("a"), doc("b")
    save(engine, a, article(a, mention(place=None)))
    save(engine, b, article(b, mention(place=None)))
    with engine.connect() as conn:
        assert count_events(conn) == 2


@pytest.fixture
def filled(engine: Engine) -> Engine:
    rows = [
        ("k1", mention(day=date(2024, 5, 1))),
        ("k2", mention("Peaceful protest", "Protests", day=date(2024, 5, 10))),
        (
            "s1",
            mention(
                "Shelling/artillery/missile attack",
                "Explosions/Remote violence",
                place=ALEPPO,
                day=date(2024, 6, 1),
            ),
        ),
    ]
    for body, m in rows:
        d = doc(body, f"{body}.txt")
        save(engine, d, article(d, m))
    return engine


def test_list_events_filters(filled: Engine) -> None:
    with filled.connect() as conn:
        assert len(list_events(conn)) == 3
        assert {e["country"] for e in list_events(conn, country="ke")} == {"KE"}
        assert len(list_events(conn, country="SY")) == 1
        assert len(list_events(conn, since=date(2024, 5, 2))) == 2
        assert len(list_events(conn, until=date(2024, 5, 10))) == 2
        assert len(list_events(conn, since=date(2024, 5, 2), until=date(2024, 5, 31))) == 1
        # the type filter matches the event type or the sub-event type, in any case
        assert len(list_events(conn, event_type="protests")) == 1
        assert len(list_events(conn, event_type="PEACEFUL PROTEST")) == 1
        assert len(list_events(conn, event_type="explosions/remote violence")) == 1
        assert len(list_events(conn, sub_event_type="arrests")) == 1
        assert list_events(conn, sub_event_type="protests") == []
        assert len(list_events(conn, limit=2)) == 2
        dates = [e["event_date"] for e in list_events(conn)]
        assert dates == sorted(dates)


def test_rejected_events_are_left_out_unless_asked(filled: Engine) -> None:
    with filled.begin() as conn:
        conn.execute(text("UPDATE events SET status = 'rejected' WHERE id = 1"))
    with filled.connect() as conn:
        assert len(list_events(conn)) == 2
        assert len(list_events(conn, include_rejected=True)) == 3


def test_get_event_has_its_evidence_and_sources(filled: Engine) -> None:
    with filled.connect() as conn:
        event = get_event(conn, 3)
        assert event["sub_event_type"] == "Shelling/artillery/missile attack"
        (m,) = event["mentions"]
        assert m["evidence"].startswith("Police arrested")
        assert m["document_uri"] == "s1.txt"
        assert m["url"] == "https://e/s1.txt"
        assert m["title"] == "Arrests in Nairobi"
        assert m["site"] == "e"
        assert "credit" in m
        assert get_event(conn, 999) is None


def test_values_are_bound_not_spliced(engine: Engine) -> None:
    nasty = "x'); DROP TABLE events; --"
    d = doc(nasty, uri=nasty)
    save(engine, d, article(d, mention(evidence=nasty), title=nasty))
    with engine.connect() as conn:
        assert list_events(conn, country=nasty, event_type=nasty) == []
        assert get_event(conn, 1)["mentions"][0]["title"] == nasty


def test_evidence_full_text_search_on_sqlite(filled: Engine) -> None:
    sqlite_only(filled)
    with filled.connect() as conn:
        hits = conn.execute(
            text("SELECT rowid FROM mentions_fts WHERE mentions_fts MATCH :q"), {"q": "arrested"}
        ).all()
        assert len(hits) == 3


def test_sqlite_runs_in_wal_mode_with_foreign_keys(engine: Engine) -> None:
    sqlite_only(engine)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
