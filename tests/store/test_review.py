"""Review actions, users and tokens, and the filtered queries, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from dateline.errors import StoreError
from dateline.model import Actor, Article, Document, Mention, Place, Span
from dateline.store import review as rv
from dateline.store import save_result
from dateline.store.queries import (
    EventFilter,
    count_matching,
    event_detail,
    fts_terms,
    histogram,
    iter_events,
    search_events,
)
from dateline.store.users import (
    create_token,
    create_user,
    delete_token,
    find_user,
    get_user,
    has_role,
    list_users,
    user_for_token,
)

GOMA = Place("Goma", 0, 4, 216281, "Goma", "CD", "North Kivu", -1.679, 29.228)


@pytest.fixture
def user(engine: Engine) -> dict:
    with engine.begin() as conn:
        user_id = create_user(conn, "rita", "hash", "analyst")
        return get_user(conn, user_id)


def add_events(engine: Engine, count: int) -> None:
    """`count` shelling events in Goma a month apart, one article each."""
    for day in range(1, count + 1):
        sentence = f"Shells hit Goma on day {day}, killing {day} people."
        document = Document.from_bytes(sentence.encode(), f"d{day}.txt", "text/plain")
        found = Mention(
            "Explosions/Remote violence",
            "Shelling/artillery/missile attack",
            Span(sentence, 0, len(sentence)),
            place=GOMA,
            date=date(2024, day, 1),
            fatalities=day,
            actor1=Actor("M23", 2),
        )
        article = Article(document_id=document.id, text=sentence, mentions=[found])
        with engine.begin() as conn:
            save_result(conn, document, article, None)


def test_users_roles_and_tokens(engine: Engine) -> None:
    with engine.begin() as conn:
        admin_id = create_user(conn, "root", "h1", "admin")
        viewer_id = create_user(conn, "val", "h2", "viewer")
        with pytest.raises(StoreError, match="exists"):
            create_user(conn, "root", "h3", "viewer")
        with pytest.raises(StoreError, match="role"):
            create_user(conn, "x", "h", "owner")
        assert [u["username"] for u in list_users(conn)] == ["root", "val"]
        assert find_user(conn, "root")["password_hash"] == "h1"
        assert "password_hash" not in get_user(conn, admin_id)
        assert has_role(get_user(conn, admin_id), "analyst")
        assert not has_role(get_user(conn, viewer_id), "analyst")
        token = create_token(conn, viewer_id, "cron")
        assert user_for_token(conn, token)["username"] == "val"
        assert user_for_token(conn, token + "x") is None
        (row,) = conn.exec_driver_sql("SELECT token_hash, last_used_at FROM api_tokens").all()
        assert token not in row[0] and row[1] is not None  # only a digest is kept
        token_id = user_for_token(conn, token)["token_id"]
        assert not delete_token(conn, admin_id, token_id)  # not root's token
        assert delete_token(conn, viewer_id, token_id)
        assert user_for_token(conn, token) is None


def test_confirm_correct_reject_keep_history(engine: Engine, user: dict) -> None:
    add_events(engine, 1)
    with engine.begin() as conn:
        rv.confirm(conn, 1, user, "looks right")
        changed = rv.correct(conn, 1, user, {"sub_event_type": "Air/drone strike", "fatalities": 2})
        assert sorted(changed) == ["fatalities", "sub_event_type"]  # same event type
        rv.correct(conn, 1, user, {"fatalities": "2"})  # no change, no new history row
        with pytest.raises(StoreError):
            rv.correct(conn, 1, user, {"sub_event_type": "Picnic"})
        with pytest.raises(rv.NotFound):
            rv.confirm(conn, 42, user)
        event = event_detail(conn, 1)
    assert event["status"] == "corrected" and event["updated_by"] == "rita"
    assert event["sub_event_type"] == "Air/drone strike" and event["fatalities"] == 2
    steps = [(h["action"], h["field"], h["old_value"], h["new_value"]) for h in event["history"]]
    assert steps[0] == ("status", "status", "auto", "confirmed")
    old_type = "Shelling/artillery/missile attack"
    assert ("correct", "sub_event_type", old_type, "Air/drone strike") in steps
    assert ("correct", "fatalities", 1, 2) in steps
    assert ("status", "status", "confirmed", "corrected") in steps
    assert len(steps) == 4
    assert all(h["username"] == "rita" for h in event["history"])


def test_a_correction_survives_a_new_report(engine: Engine, user: dict) -> None:
    add_events(engine, 1)
    with engine.begin() as conn:
        rv.correct(conn, 1, user, {"fatalities": 9})
    sentence = "Shells hit Goma on day 1, killing 1 people, a witness said."
    document = Document.from_bytes(sentence.encode(), "again.txt", "text/plain")
    found = Mention(
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        Span(sentence, 0, len(sentence)),
        place=GOMA,
        date=date(2024, 1, 1),
        fatalities=1,
    )
    with engine.begin() as conn:
        save_result(conn, document, Article(document.id, sentence, mentions=[found]), None)
        event = event_detail(conn, 1)
    assert event["fatalities"] == 9 and len(event["mentions"]) == 2


def test_tags_and_comments(engine: Engine, user: dict) -> None:
    add_events(engine, 2)
    with engine.begin() as conn:
        assert rv.add_tag(conn, 1, user, "Verified  Video")
        assert not rv.add_tag(conn, 1, user, "verified video")
        assert rv.add_tag(conn, 2, user, "verified video")
        assert rv.event_tag_names(conn, 1) == ["verified video"]
        assert [e["id"] for e in search_events(conn, EventFilter(tag="Verified Video"))] == [1, 2]
        assert rv.remove_tag(conn, 1, user, "verified video")
        assert not rv.remove_tag(conn, 1, user, "verified video")
        assert not rv.remove_tag(conn, 1, user, "never used")
        with pytest.raises(StoreError):
            rv.add_tag(conn, 1, user, "   ")
        first = rv.add_comment(conn, 1, user, "  which unit?  ")
        rv.add_comment(conn, 1, user, "M23 says so", parent_id=first)
        with pytest.raises(rv.NotFound):
            rv.add_comment(conn, 2, user, "wrong parent", parent_id=first)
        comments = rv.event_comments(conn, 1)
    assert [c["body"] for c in comments] == ["which unit?", "M23 says so"]
    assert comments[1]["parent_id"] == first and comments[0]["username"] == "rita"


def test_filters_search_pages_and_histogram(engine: Engine, user: dict) -> None:
    add_events(engine, 5)
    with engine.begin() as conn:
        rv.reject(conn, 5, user)
        everything = EventFilter()
        assert count_matching(conn, everything) == 4
        assert count_matching(conn, EventFilter(include_rejected=True)) == 5
        page = search_events(conn, everything, limit=2, offset=2, sort="-date")
        assert [e["id"] for e in page] == [2, 1]
        assert [e["id"] for e in iter_events(conn, everything, batch=2)] == [1, 2, 3, 4]
        between = EventFilter(since=date(2024, 2, 1), until=date(2024, 3, 1))
        assert [e["id"] for e in search_events(conn, between)] == [2, 3]
        assert [e["id"] for e in search_events(conn, EventFilter(q="day 3"))] == [3]
        assert search_events(conn, EventFilter(q="drone")) == []
        assert search_events(conn, EventFilter(q='" OR 1=1 --')) == []
        assert count_matching(conn, EventFilter(actor="m23", admin1="north kivu")) == 4
        assert count_matching(conn, EventFilter(actor="100%")) == 0
        assert histogram(conn, EventFilter(country="cd")) == {
            "days": ["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01"],
            "counts": [1, 1, 1, 1],
        }
    assert EventFilter(country="CD", include_rejected=True).as_params() == {
        "country": "CD",
        "include_rejected": "true",
    }


def test_fts_terms_quote_every_word() -> None:
    assert fts_terms('killed "AND" NEAR(x') == '"killed" "AND" "NEAR" "x"'
    assert fts_terms("  --  ") is None
