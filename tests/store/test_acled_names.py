"""ACLED's state-force names with period suffixes, chosen by the event's date."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

from dateline.store.acled_names import PERIODS, acled_actor, with_acled_names


def test_the_suffix_follows_the_date() -> None:
    name = "Military Forces of Myanmar"
    assert acled_actor(name, date(2022, 3, 1)) == "Military Forces of Myanmar (2021-)"
    assert acled_actor(name, date(2021, 2, 1)) == "Military Forces of Myanmar (2021-)"
    assert acled_actor(name, date(2021, 1, 31)) == "Military Forces of Myanmar (2016-2021)"
    assert acled_actor(name, date(2010, 1, 1)) == name  # before every listed period
    police = "Police Forces of the Democratic Republic of Congo"
    assert acled_actor(police, date(2020, 6, 1)) == police + " (2019-)"
    assert acled_actor("Military Forces of Syria", date(2024, 12, 20)).endswith("(2024-)")


def test_other_names_and_missing_dates_are_unchanged() -> None:
    assert acled_actor("Military Forces of Myanmar (2021-)", date(2022, 1, 1)).count("(") == 1
    assert acled_actor("Rebels", date(2022, 1, 1)) == "Rebels"
    assert acled_actor("Military Forces of Myanmar", None) == "Military Forces of Myanmar"
    assert acled_actor("Military Forces of Narnia", date(2022, 1, 1)).endswith("Narnia")
    assert acled_actor(None, date(2022, 1, 1)) is None
    event = {"actor1": "Police Forces of Kenya", "actor2": None, "event_date": date(2024, 5, 6)}
    named = with_acled_names(event)
    assert named["acled_actor1"] == "Police Forces of Kenya (2022-)"
    assert named["actor1"] == "Police Forces of Kenya" and named["acled_actor2"] is None


def test_periods_of_a_country_do_not_overlap() -> None:
    for country, periods in PERIODS.items():
        ends = [(first or date.min, last or date.max) for _, first, last in periods]
        for (_, end), (start, _) in pairwise(ends):
            assert end < start, country
