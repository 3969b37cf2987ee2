"""ACLED's state-force names with their period suffixes, chosen by the event's date.

ACLED names the forces of a government with the period of that government: "Military Forces
of Myanmar (2021-)" since the coup, "(2016-2021)" before it. The coder (and the scorer) use
the bare name, "Military Forces of Myanmar"; exports and records add ACLED's suffix here, on
the way out, so stored events and the coder's names stay as they are.

`PERIODS` maps the country as it appears in the actor name to its periods: (suffix, first
day, last day), either end open (None). A name outside every listed period, a name that
already has a suffix and any other actor are left unchanged.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

Period = tuple[str, date | None, date | None]

PERIODS: dict[str, tuple[Period, ...]] = {
    "Afghanistan": (
        ("(2004-2021)", date(2004, 12, 7), date(2021, 8, 14)),
        ("(2021-)", date(2021, 8, 15), None),
    ),
    "Bangladesh": (
        ("(2009-2024)", date(2009, 1, 6), date(2024, 8, 5)),
        ("(2024-)", date(2024, 8, 6), None),
    ),
    "Burkina Faso": (
        ("(2015-2022)", date(2015, 12, 29), date(2022, 1, 23)),
        ("(2022-)", date(2022, 1, 24), None),
    ),
    "Colombia": (
        ("(2018-2022)", date(2018, 8, 7), date(2022, 8, 6)),
        ("(2022-)", date(2022, 8, 7), None),
    ),
    "the Democratic Republic of Congo": (
        ("(2001-2019)", date(2001, 1, 26), date(2019, 1, 23)),
        ("(2019-)", date(2019, 1, 24), None),
    ),
    "France": (("(2017-)", date(2017, 5, 14), None),),
    "Guinea": (
        ("(2010-2021)", date(2010, 12, 21), date(2021, 9, 4)),
        ("(2021-)", date(2021, 9, 5), None),
    ),
    "Iraq": (("(2020-)", date(2020, 5, 7), None),),
    "Kenya": (
        ("(2013-2022)", date(2013, 4, 9), date(2022, 9, 12)),
        ("(2022-)", date(2022, 9, 13), None),
    ),
    "Mali": (
        ("(2020-2021)", date(2020, 8, 18), date(2021, 5, 23)),
        ("(2021-)", date(2021, 5, 24), None),
    ),
    "Mozambique": (("(1975-)", date(1975, 6, 25), None),),
    "Myanmar": (
        ("(2016-2021)", date(2016, 3, 30), date(2021, 1, 31)),
        ("(2021-)", date(2021, 2, 1), None),
    ),
    "Niger": (
        ("(2021-2023)", date(2021, 4, 2), date(2023, 7, 25)),
        ("(2023-)", date(2023, 7, 26), None),
    ),
    "Nigeria": (
        ("(2015-2023)", date(2015, 5, 29), date(2023, 5, 28)),
        ("(2023-)", date(2023, 5, 29), None),
    ),
    "Pakistan": (("(2018-)", date(2018, 8, 18), None),),
    "Russia": (("(2000-)", date(2000, 5, 7), None),),
    "Somalia": (
        ("(2017-2022)", date(2017, 2, 16), date(2022, 5, 14)),
        ("(2022-)", date(2022, 5, 15), None),
    ),
    "Sudan": (
        ("(1989-2019)", date(1989, 6, 30), date(2019, 4, 10)),
        ("(2019-)", date(2019, 4, 11), None),
    ),
    "Syria": (
        ("(2000-2024)", date(2000, 7, 17), date(2024, 12, 7)),
        ("(2024-)", date(2024, 12, 8), None),
    ),
    "Turkey": (("(2016-)", date(2016, 7, 15), None),),
    "Ukraine": (
        ("(2014-2019)", date(2014, 6, 7), date(2019, 5, 19)),
        ("(2019-)", date(2019, 5, 20), None),
    ),
    "Yemen": (("(2016-)", date(2016, 1, 1), None),),
}

_STATE_FORCES = re.compile(r"(?:Military|Police) Forces of (?P<country>.+)")


def suffix_for(country: str, day: date) -> str | None:
    """The period suffix of a country's forces on a day (None: no listed period)."""
    for suffix, first, last in PERIODS.get(country, ()):
        if (first is None or first <= day) and (last is None or day <= last):
            return suffix
    return None


def acled_actor(name: str | None, day: date | None) -> str | None:
    """An actor's name as ACLED's files have it on `day` ("Military Forces of Myanmar" on
    2022-03-01 -> "Military Forces of Myanmar (2021-)"); other names unchanged."""
    if not name or day is None or name.rstrip().endswith(")"):
        return name
    found = _STATE_FORCES.fullmatch(name.strip())
    suffix = suffix_for(found["country"], day) if found else None
    return f"{name.strip()} {suffix}" if suffix else name


def with_acled_names(event: dict[str, Any]) -> dict[str, Any]:
    """The event with `acled_actor1` and `acled_actor2`: its actors as ACLED names them."""
    day = event.get("event_date")
    event["acled_actor1"] = acled_actor(event.get("actor1"), day)
    event["acled_actor2"] = acled_actor(event.get("actor2"), day)
    return event
