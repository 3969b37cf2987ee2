"""Resolving a sentence's date expression against the story date."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.time import EventDate, resolve_anaphoric_day, resolve_event_date

REF = date(2016, 3, 27)  # a Sunday: the Palmyra story


@pytest.mark.parametrize(
    ("sentence", "expected", "precision"),
    [
        ("There was still gunfire in the city on Sunday morning.", date(2016, 3, 27), 1),
        ("The attack happened on Thursday.", date(2016, 3, 24), 1),
        ("They fired rockets yesterday.", date(2016, 3, 26), 1),
        ("Clashes broke out this morning.", date(2016, 3, 27), 1),
        ("The town is quiet today.", date(2016, 3, 27), 1),
        ("On 23 February 2022, a group of locals attacked.", date(2022, 2, 23), 1),
        ("The February 23 attack killed two.", date(2016, 2, 23), 1),
        ("Militants claimed the Dec. 10 bombings.", date(2015, 12, 10), 1),
        ("Three days ago the army shelled the town.", date(2016, 3, 24), 1),
        ("Fighting flared last week.", date(2016, 3, 20), 2),
        ("After taking Palmyra over last May, IS demolished monuments.", date(2015, 5, 1), 3),
        ("Moscow's intervention last September changed the war.", date(2015, 9, 1), 3),
        ("The city fell in 2015.", date(2015, 1, 1), 3),
        ("A warplane was downed in November 2015.", date(2015, 11, 1), 3),
        ("IS used the amphitheatre for executions.", date(2016, 3, 27), 1),
    ],
)
def test_expressions(sentence, expected, precision):
    got = resolve_event_date(sentence, REF)
    assert isinstance(got, EventDate)
    assert (got.date, got.precision) == (expected, precision), got


def test_weekday_range():
    got = resolve_event_date(
        "Their jets carried out more than 40 combat sorties in just 24 hours from Friday to "
        "Saturday, targeting positions.",
        REF,
    )
    assert (got.date, got.date_to) == (date(2016, 3, 25), date(2016, 3, 26))
    assert got.evidence == "from Friday to Saturday"


def test_last_month_depends_on_reference_month():
    assert resolve_event_date("last May", date(2016, 5, 20)).date == date(2015, 5, 1)
    assert resolve_event_date("last May", date(2016, 6, 2)).date == date(2016, 5, 1)
    assert resolve_event_date("last May", date(2016, 3, 27)).date == date(2015, 5, 1)


def test_year_in_relative_clause_is_background():
    got = resolve_event_date(
        "Government troops and militiamen have seized back full control of Palmyra which fell "
        "to IS in 2015.",
        REF,
    )
    assert got.date == REF and got.precision == 1
    assert got.past_years == [2015]


def test_year_range_and_past_years():
    got = resolve_event_date("Kurdish fighters held out against a siege by IS in 2014-15.", REF)
    assert (got.date, got.date_to, got.precision) == (date(2014, 1, 1), date(2015, 12, 31), 3)
    assert got.past_years == [2014, 2015]


def test_no_reference():
    assert resolve_event_date("The army attacked.", None) == EventDate(None, None, 3, [], None)
    got = resolve_event_date("on Sunday", None)
    assert got.date is None and got.precision == 3
    assert resolve_event_date("on 23 February 2022", None).date == date(2022, 2, 23)


def test_may_the_verb_is_not_a_month():
    got = resolve_event_date("Civilians may have been injured.", REF)
    assert got.date == REF and got.evidence is None


def test_numbers_are_not_years():
    got = resolve_event_date("More than 2,015 people and 1999 rockets... no: 40 sorties.", REF)
    assert 2015 not in got.past_years


def test_an_overnight_raid_on_a_named_weekday_is_dated_by_the_weekday() -> None:
    ref = date(2024, 2, 15)  # a Thursday
    raid = resolve_event_date("Bandits kidnapped 30 people in an overnight raid on Wednesday.", ref)
    assert raid.date == date(2024, 2, 14) and raid.evidence == "Wednesday"
    alone = resolve_event_date("Bandits kidnapped 30 people in an overnight raid.", ref)
    assert alone.date == ref


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Another soldier was killed the same day.", date(2016, 3, 22)),
        ("Later that day, police arrested two men.", date(2016, 3, 22)),
        ("The army shelled the town the next day.", date(2016, 3, 23)),
        ("Clashes had broken out the day before.", date(2016, 3, 21)),
        ("The town was shelled.", None),
    ],
)
def test_a_day_counted_from_the_day_named_before(sentence, expected):
    found = resolve_anaphoric_day(sentence, date(2016, 3, 22))
    assert (found.date if found else None) == expected
    assert resolve_anaphoric_day(sentence, None) is None


def test_days_of_fighting_that_ended_on_a_day_run_up_to_it():
    found = resolve_event_date("Three days of intense fighting ended Saturday.", REF)
    assert (found.date, found.date_to, found.precision) == (date(2016, 3, 24), date(2016, 3, 26), 2)
    plain = resolve_event_date("After two days of talks, rebels attacked on Monday.", REF)
    assert (plain.date, plain.date_to) == (date(2016, 3, 21), None)
