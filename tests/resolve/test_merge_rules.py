"""Pure merging rules: same event or not, and what the merged event says."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.resolve import merge

IDLIB = {"geonameid": 169389, "latitude": 35.93, "longitude": 36.63}
NEAR_IDLIB = {"geonameid": 1, "latitude": 36.0, "longitude": 36.68}  # ~9 km
ALEPPO = {"geonameid": 170063, "latitude": 36.20, "longitude": 37.16}


def row(**values):
    base = {
        "id": 1,
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        **IDLIB,
        "event_date": date(2024, 3, 10),
        "event_date_to": None,
        "time_precision": 1,
        "actor1": None,
        "actor2": None,
        "fatalities": None,
        "evidence": "An airstrike hit the market.",
        "background": False,
    }
    base.update(values)
    return base


def test_distance() -> None:
    assert merge.distance_km(35.93, 36.63, 36.0, 36.68) == pytest.approx(9.0, abs=1.0)
    assert merge.place_gap_km(row(), row(**NEAR_IDLIB)) < merge.MAX_KM
    assert merge.place_gap_km(row(), row(**ALEPPO)) > 40


@pytest.mark.parametrize(
    ("other", "same"),
    [
        (row(), True),
        (row(**NEAR_IDLIB), True),
        (row(**ALEPPO), False),
        (row(sub_event_type="Shelling/artillery/missile attack"), False),
        (row(event_date=date(2024, 3, 13)), False),
        (row(event_date=date(2024, 3, 11)), False),  # a day apart, no actor in common
        (row(event_date=date(2024, 3, 11), actor1="Military Forces of Syria"), True),
        (row(actor1="Military Forces of Russia"), False),
        (row(actor1="Unidentified Armed Group (Syria)"), True),
        (row(latitude=None, longitude=None, geonameid=None), False),
        (row(event_date=None), False),
    ],
)
def test_match(other, same) -> None:
    event = row(id=7, actor1="Military Forces of Syria")
    assert (merge.match_key(other, event) is not None) is same
    assert (merge.choose_event(other, [event]) == 7) is same


def test_swapped_and_respelled_actors_are_compatible() -> None:
    a = row(actor1="Military Forces of Syria", actor2="Islamic State")
    b = row(actor1="Islamic State (IS)", actor2="Military Forces of Syria")
    assert merge.actors_compatible(a, b) and merge.shared_actors(a, b) >= 1


def test_protest_sub_types_merge_into_the_most_specific() -> None:
    peaceful = row(event_type="Protests", sub_event_type="Peaceful protest")
    tear_gas = row(id=2, event_type="Protests", sub_event_type="Protest with intervention")
    assert merge.match_key(peaceful, tear_gas) is not None
    combined = merge.combine([peaceful, tear_gas])
    assert combined["sub_event_type"] == "Protest with intervention"
    assert merge.match_key(row(), row(sub_event_type="Suicide bomb")) is None


def test_closest_candidate_wins() -> None:
    near = row(id=3, **NEAR_IDLIB)
    same_place = row(id=9)
    assert merge.choose_event(row(), [near, same_place]) == 9


def test_background_recollection_covers_its_month() -> None:
    recalled = row(background=True, event_date=date(2024, 3, 1), time_precision=3)
    assert merge.match_key(recalled, row(id=4, event_date=date(2024, 3, 10))) is not None
    news_in_march = row(event_date=date(2024, 3, 1), time_precision=3)
    assert merge.match_key(news_in_march, row(id=4, event_date=date(2024, 3, 10))) is None


@pytest.mark.parametrize(
    ("sentence", "rank"),
    [
        ("The strike killed 12 people.", 3),
        ("At least 12 people were killed.", 2),
        ("About 15 people died.", 1),
        ("Dozens were killed.", 0),
    ],
)
def test_fatality_specificity(sentence, rank) -> None:
    assert merge.fatality_specificity(sentence) == rank


def test_fatalities_take_the_most_specific_report_and_keep_the_others() -> None:
    reports = [
        row(id=1, fatalities=15, evidence="About 15 people died."),
        row(id=2, fatalities=12, evidence="The strike killed 12 people."),
        row(id=3, fatalities=9, evidence="At least nine were killed."),
        row(id=4, fatalities=20, evidence="It killed 20.", background=True),
    ]
    assert merge.best_fatalities(reports) == 12
    assert [r["mention_id"] for r in merge.fatality_reports(reports)] == [2, 3, 1, 4]


def test_combine_prefers_precise_place_and_date_from_news() -> None:
    vague = row(geonameid=163843, latitude=35.0, longitude=38.0, geo_precision=3)
    precise = row(id=2, geo_precision=1)
    recalled = row(id=3, background=True, event_date=date(2024, 3, 1), time_precision=3)
    combined = merge.combine([vague, recalled, precise])
    assert combined["geonameid"] == IDLIB["geonameid"]
    assert combined["event_date"] == date(2024, 3, 10)
