"""Stage 3, typing: a sentence's candidate events and their sub-event types
(`_sentence_candidates`)."""

from __future__ import annotations

from datetime import datetime

import pytest

from dateline.events.typing import _sentence_candidates


@pytest.fixture(scope="module")
def candidates():
    from dateline.geo import resolve_places
    from dateline.nlp import load_nlp

    nlp = load_nlp()

    def run(text: str) -> tuple[list[str], list[str]]:
        from dateline.model import Article

        article = Article(document_id="t", text=text, page_published=datetime(2020, 5, 10))
        doc = nlp(text)
        article.places = resolve_places(doc, article)
        found, _hits, rejected = _sentence_candidates(next(doc.sents), 0, article, None)
        return [c.mention.sub_event_type for c in found], rejected

    return run


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gunmen killed three soldiers near Gao on Sunday.", "Armed clash"),
        ("Gunmen killed three villagers near Gao on Sunday.", "Attack"),
    ],
)
def test_a_killing_is_typed_by_its_victims(candidates, text: str, expected: str) -> None:
    assert candidates(text)[0] == [expected]


def test_a_specific_type_supersedes_a_vaguer_one(candidates) -> None:
    found, rejected = candidates(
        "A suicide bomber blew himself up at a checkpoint in Kabul, killing 8 people."
    )
    assert found == ["Suicide bomb"]
    assert "Attack superseded by Suicide bomb" in rejected


def test_violent_words_in_a_sentence_about_no_conflict_give_no_candidate(candidates) -> None:
    found, rejected = candidates("Firefighters battled blazes near the town on Sunday.")
    assert found == []
    assert any("firefighting sentence" in r for r in rejected)


def test_two_events_of_one_type_in_one_sentence_stay_two() -> None:
    from dateline import analyze

    article = analyze(
        "Rival families clashed in a refugee camp near Sidon on Saturday and armed groups "
        "opened fire on an army patrol in the Bekaa Valley.",
        published="2009-03-22T06:00:00+00:00",
    )
    clashes = [m for m in article.mentions if m.sub_event_type == "Armed clash"]
    assert sorted(m.place.name for m in clashes) == ["Bekaa", "Sidon"]
    one = analyze(
        "Militants attacked an army post near Sidon on Saturday and soldiers fired back.",
        published="2009-03-22T06:00:00+00:00",
    )
    assert [m.sub_event_type for m in one.mentions] == ["Armed clash"]
