"""`article_from_dict` is the exact inverse of `Article.to_dict` (through JSON text), which
the Parquet output of a cluster run relies on to store articles with the serial code path."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone

from dateline import analyze
from dateline.model import Actor, Article, Mention, Place, Quote, Span, article_from_dict
from tests.conftest import SAMPLES


def through_json(article: Article) -> Article:
    return article_from_dict(json.loads(json.dumps(article.to_dict())))


def test_analysed_sample_pages_round_trip() -> None:
    for name in ("mali-menaka.html", "kabul-bank-bombing.txt", "ukraine-kharkiv-shelling.html"):
        article = analyze((SAMPLES / "pages" / name).read_bytes())
        assert article.mentions, name  # the round trip covers mentions, actors and places
        back = through_json(article)
        assert back == article
        assert isinstance(back.mentions[0].evidence, Span)


def test_every_field_type_round_trips() -> None:
    place = Place("Gao", 10, 13, 2457163, "Gao", "ML", "07", 16.27, -0.04, geo_precision=2)
    mention = Mention(
        "Battles",
        "Armed clash",
        Span("Soldiers fought rebels in Gao.", 0, 30),
        actor1=Actor("Military Forces of Mali", 1, "soldiers", "ML"),
        assoc_actors=[Actor("Wagner Group", 8)],
        place=place,
        date=date(2024, 3, 5),
        date_to=date(2024, 3, 6),
        time_precision=1,
        fatalities=0,
        background=True,
        confidence=0.75,
        reasons=["verb: fought"],
        evidence_also=[Span("It lasted hours.", 31, 47)],
    )
    article = Article(
        "d" * 64,
        "Soldiers fought rebels in Gao. It lasted hours.",
        title="Gao",
        page_published=datetime(2024, 3, 6, 8, 0, tzinfo=UTC),
        page_updated=datetime(2024, 3, 6, 9, 30, tzinfo=timezone(timedelta(hours=-5))),
        story_date_from=date(2024, 3, 4),
        story_date_to=date(2024, 3, 6),
        story_day=date(2024, 3, 5),
        story_date_evidence=["dateline"],
        stale=False,
        chrome=["Share this"],
        places=[place],
        quotes=[Quote(None, "we withdrew", 0, 11)],
        mentions=[mention],
    )
    back = through_json(article)
    assert back == article
    assert back.page_updated is not None and back.page_updated.utcoffset() == timedelta(hours=-5)
    assert back.mentions[0].assoc_actors[0] == Actor("Wagner Group", 8)
    assert back.reference_date == date(2024, 3, 5)
