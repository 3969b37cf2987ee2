"""Recognising, resolving and locating places in articles (the `geo` stage over spaCy docs)."""

from __future__ import annotations

import pytest

from dateline import analyze
from dateline.geo import locate, resolve_places
from dateline.model import Article
from dateline.nlp import load_nlp

E1 = (
    "Government troops and militiamen, backed by Russian airstrikes, have seized back full "
    "control of Palmyra which fell to IS in 2015."
)
SHORT = (
    "DAMASCUS, Syrian Arab Republic. Syria's president has hailed his forces' recapture of "
    "Palmyra from Islamic State.\n\n"
    f"{E1}\n\n"
    "It marks the biggest reversal for the extremist group since Moscow's intervention last "
    "September in the five-year conflict.\n\n"
    "Russian leader Vladimir Putin congratulated him on the phone.\n\n"
    "Army sappers are defusing bombs. State media said Syrian forces had retaken the city "
    "on Sunday.\n\n"
    "IS retreated east to the towns of Sukhnah, Raqqa and Deir Ezzor. "
    "It is a symbolic defeat comparable with that in Kobane, a town on the Turkish border."
)


def analysed(text: str, dateline: str | None = "Damascus") -> Article:
    article = Article(document_id="x", text=text, dateline_place=dateline)
    article.places = resolve_places(load_nlp()(text), article)
    return article


def by_text(article: Article) -> dict[str, list]:
    out: dict[str, list] = {}
    for place in article.places:
        assert article.text[place.start : place.end] == place.text
        out.setdefault(place.text, []).append(place)
    return out


@pytest.fixture(scope="module")
def short_article() -> Article:
    return analysed(SHORT)


def test_places_resolve_to_geonames(short_article):
    places = by_text(short_article)
    expected = {
        "Palmyra": 163808,
        "Deir Ezzor": 170794,
        "Sukhnah": 172425,
        "Raqqa": 172955,
        "Kobane": 172256,
        "DAMASCUS": 170654,
    }
    for text, geonameid in expected.items():
        assert text in places, text
        assert {p.geonameid for p in places[text]} == {geonameid}, text
    palmyra = places["Palmyra"][0]
    assert palmyra.country == "SY" and palmyra.kind == "city" and palmyra.geo_precision == 1
    assert 34 < palmyra.lat < 35 and 38 < palmyra.lon < 39
    country = places["Syrian Arab Republic"][0]
    assert country.geonameid == 163843 and country.kind == "country"
    assert country.geo_precision == 3


def test_moscow_intervention_is_a_metonym(short_article):
    moscow = by_text(short_article)["Moscow"][0]
    assert moscow.geonameid == 524901 and moscow.metonym
    assert not by_text(short_article)["Palmyra"][0].metonym


def test_people_and_common_words_are_not_places(short_article):
    texts = {p.text for p in short_article.places}
    for word in ("Vladimir", "Putin", "Vladimir Putin", "Army", "Government", "Sunday", "State"):
        assert word not in texts
    assert "Syrian" not in texts and "Russian" not in texts and "Turkish" not in texts


def test_nlp_entities_are_corrected():
    doc = load_nlp()(SHORT)
    labels = {e.text: e.label_ for e in doc.ents}
    for place in ("Palmyra", "Kobane", "Deir Ezzor", "Sukhnah"):
        assert labels.get(place) in ("GPE", "LOC"), place
    assert labels.get("Vladimir Putin") == "PERSON"


def test_a_name_before_a_weapon_names_the_weapon_not_a_place():
    doc = load_nlp()("Police recovered Dane guns and pistols in Osogbo.")
    places = {e.text for e in doc.ents if e.label_ in ("GPE", "LOC")}
    assert "Dane" not in places
    assert "Osogbo" in places


def test_a_people_s_capital_is_the_country_s_capital_city():
    article = analyze("Striking doctors marched across the Kenyan capital on Monday.")
    (place,) = [p for p in article.places if not p.metonym]
    assert (place.name, place.country) == ("Nairobi", "KE")


def test_locate_event_sentence(short_article):
    start = SHORT.index(E1)
    place = locate(start, start + len(E1), short_article)
    assert place is not None and place.geonameid == 163808 and place.geo_precision == 1


def test_locate_falls_back_to_recent_town_then_dateline(short_article):
    sentence = "Army sappers are defusing bombs."
    start = SHORT.index(sentence)
    place = locate(start, start + len(sentence), short_article)
    assert place is not None and place.geonameid == 163808
    bare = analysed("Fighting went on overnight, officials said.", dateline="Damascus")
    place = locate(0, len(bare.text), bare)
    assert place is not None and place.geonameid == 170654


def test_locate_country_level_and_near():
    article = analysed("Clashes broke out across Syria on Monday.", dateline=None)
    place = locate(0, len(article.text), article)
    assert place is not None and place.country == "SY" and place.geo_precision == 3
    article = analysed("A car bomb exploded near Palmyra in Syria.", dateline=None)
    place = locate(0, len(article.text), article)
    assert place is not None and place.geonameid == 163808 and place.geo_precision == 2


def test_palmyra_article(palmyra_text, palmyra_gold):
    article = analysed(palmyra_text, dateline=palmyra_gold["article"]["dateline"]["place"])
    places = by_text(article)
    for gold in palmyra_gold["places"]:
        if "geonameid" not in gold:
            continue
        found = places.get(gold["text"])
        assert found, gold["text"]
        assert found[0].geonameid == gold["geonameid"], gold["text"]
        assert found[0].country == gold["country"]
        assert found[0].metonym == ("metonym_for" in gold), gold["text"]
    assert all(p.geonameid == 163808 for p in places["Palmyra"])
    assert places["Palmyra"][0].admin1 in ("Homs", None)
    texts = set(places)
    assert not texts & {"Vladimir Putin", "Putin", "Army", "Government", "Sunday", "State"}
    for event in palmyra_gold["events"]:
        if event["background"]:
            continue
        start = palmyra_text.index(event["evidence"])
        place = locate(start, start + len(event["evidence"]), article)
        assert place is not None and place.geonameid == event["geonameid"], event["id"]
        if event.get("admin1") and places["Palmyra"][0].admin1:
            assert place.admin1 == event["admin1"]
