"""Stage 4, roles and arguments: who did it and to whom (`assign_roles`)."""

from __future__ import annotations

from datetime import datetime

import pytest

from dateline.events.cues import match_cues
from dateline.events.roles import _actor_hits, assign_roles
from dateline.model import Article


@pytest.fixture(scope="module")
def roles():
    from dateline.geo import resolve_places
    from dateline.nlp import load_nlp

    nlp = load_nlp()

    def run(text: str) -> tuple[str | None, str | None]:
        article = Article(document_id="t", text=text, page_published=datetime(2020, 5, 10))
        doc = nlp(text)
        article.places = resolve_places(doc, article)
        sentence = next(doc.sents)
        (hit,) = match_cues(sentence)
        r = assign_roles(hit, _actor_hits(sentence, article, None))
        return (
            r.actor1.actor.name if r.actor1 else None,
            r.actor2.actor.name if r.actor2 else None,
        )

    return run


def test_subject_and_object_of_the_clash(roles) -> None:
    assert roles("M23 rebels clashed with the DRC army near Goma on Thursday.") == (
        "M23: March 23 Movement",
        "Military Forces of the Democratic Republic of Congo",
    )


def test_the_victims_are_the_target(roles) -> None:
    assert roles("Gunmen killed three villagers near Gao on Sunday.") == (
        "Unidentified Armed Group",
        "Civilians",
    )


def test_from_whom_ground_is_taken_is_the_target(roles) -> None:
    text = "Government troops recaptured the town of Jarabulus from Islamic State fighters."
    assert roles(text)[1] == "Islamic State"
