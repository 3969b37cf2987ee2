"""Geoparsing details that local news depends on: a state named in the story, directions
that the model calls places, and "U.S." inside an organisation's name."""

from __future__ import annotations

from dateline.geo import resolve_places
from dateline.model import Article
from dateline.nlp import load_nlp


def places(text: str) -> list[tuple[str, str, str | None]]:
    doc = load_nlp()(text)
    found = resolve_places(doc, Article(document_id="t", text=text), every_mention=True)
    return [(p.text, p.kind, p.country) for p in found]


def test_a_texas_story_means_paris_texas() -> None:
    # "Texas" also names Mexican villages; the state it names still votes for the US
    found = places("Paris police said the fire started downtown. Texas officials agreed.")
    assert ("Paris", "city", "US") in found


def test_directions_are_not_places() -> None:
    found = places("The North side and the Central district of Tulsa were flooded.")
    assert [text for text, _, _ in found] == ["Tulsa"]


def test_us_inside_an_organisation_is_a_toponym() -> None:
    found = places("The U.S. Army said the convoy reached Kandahar.")
    assert ("U.S.", "country", "US") in found


def test_a_word_glued_into_a_longer_name_is_not_a_place() -> None:
    found = places("The bomb went off in the Shar-e-Naw district of Kabul.")
    assert [text for text, _, _ in found] == ["Kabul"]
    assert ("Abu Dhabi", "city", "AE") in places("An Abu Dhabi-based fund paid for it.")
