"""One event, many reports: which stored event a new mention tells, and what the event says.

Pure functions over plain rows (dicts keyed like the `mentions` and `events` columns:
`sub_event_type`, `geonameid`, `latitude`, `longitude`, `event_date`, `event_date_to`,
`time_precision`, `actor1`, `actor2`, `fatalities`, `evidence`, `background`); the store reads
the candidates and writes the outcome.

Two reports tell the same event when they have
- the same sub-event type;
- the same place, or places within `MAX_KM` km of each other;
- dates within `DAY_SLACK` day: the same day always matches; a day apart (a report's
  "yesterday" counted from another time zone, a night attack dated by its morning) matches
  only when the reports share a named actor, so two unattributed incidents on consecutive
  days stay two events. A background recollection dated only to a week or a month covers
  that whole period;
- compatible actors: unknown on either side, or at least one named actor in common (actor1
  and actor2 may be swapped). Generic actors ("Unidentified Armed Group") match anyone.

A background mention (history a story recalls: "after IS took Palmyra last May") does not
make an event; it joins the event it recalls when that event is stored (before or after it).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from rapidfuzz import fuzz

MAX_KM = 25.0
DAY_SLACK = 1
NAME_SIMILARITY = 90  # rapidfuzz ratio for two spellings of one actor
GENERIC_ACTORS = ("unidentified", "unknown", "civilians")

Row = Mapping[str, Any]

# Sub-event types one event can be reported as, most specific first: a protest one outlet
# calls peaceful and another reports tear gas at is one protest "with intervention"; a clash
# that ends with the army retaking the town is one "Government regains territory" (ACLED
# codes the event by its most consequential part). Other sub-event types only match their own.
SUBTYPE_FAMILIES: tuple[tuple[str, ...], ...] = (
    ("Excessive force against protesters", "Protest with intervention", "Peaceful protest"),
    ("Government regains territory", "Non-state actor overtakes territory", "Armed clash"),
)

# Hedges around a death toll, from least to most specific (0 = vague, 3 = an exact count).
_VAGUE = re.compile(r"\b(?:dozens|scores|hundreds|thousands|several|many|numerous)\b", re.I)
_APPROX = re.compile(
    r"\b(?:around|about|nearly|almost|approximately|some|up to|roughly|an estimated|"
    r"as many as|reportedly|unconfirmed|possibly)\b",
    re.I,
)
_FLOOR = re.compile(r"\b(?:at least|more than|over|upwards of|in excess of|no fewer than)\b", re.I)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, h)))


def place_gap_km(a: Row, b: Row) -> float | None:
    """Kilometres between two reports' places (0 for the same place), None if unknown."""
    if a.get("geonameid") is not None and a.get("geonameid") == b.get("geonameid"):
        return 0.0
    coords = (a.get("latitude"), a.get("longitude"), b.get("latitude"), b.get("longitude"))
    if any(c is None for c in coords):
        return None
    return distance_km(*coords)  # type: ignore[arg-type]


def date_window(row: Row) -> tuple[date, date] | None:
    """The days a report's date covers: its day, or its range when it gives one.

    A background recollection ("last May", "a week ago") is vague by nature: it covers the
    week or the month its precision says. A news report is taken at its word (its day), so
    two reports dated only "in March" match each other but not every day of March.
    """
    first = row.get("event_date")
    if first is None:
        return None
    last = row.get("event_date_to") or first
    precision = (row.get("time_precision") or 1) if row.get("background") else 1
    if precision == 2 and last == first:
        last = first + timedelta(days=6)
    elif precision >= 3 and last == first:
        nxt = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
        last = nxt - timedelta(days=1)
    return first, last


def day_gap(a: Row, b: Row) -> int | None:
    """Days between two reports' date windows (0 when they overlap), None if either is undated."""
    wa, wb = date_window(a), date_window(b)
    if wa is None or wb is None:
        return None
    if wa[1] < wb[0]:
        return (wb[0] - wa[1]).days
    if wb[1] < wa[0]:
        return (wa[0] - wb[1]).days
    return 0


def _norm(name: str) -> str:
    return " ".join(re.sub(r"[^\w ]", " ", name.casefold()).split())


def named_actors(row: Row) -> set[str]:
    """The report's specific actors (generic ones such as civilians left out), normalised."""
    found = set()
    for key in ("actor1", "actor2"):
        name = row.get(key)
        if name and not any(g in name.casefold() for g in GENERIC_ACTORS):
            found.add(_norm(name))
    return found


def shared_actors(a: Row, b: Row) -> int:
    """How many named actors two reports have in common (spelling variants count as one)."""
    return sum(
        1
        for x in named_actors(a)
        if any(x == y or fuzz.ratio(x, y) >= NAME_SIMILARITY for y in named_actors(b))
    )


def actors_compatible(a: Row, b: Row) -> bool:
    """Unknown on either side, or at least one named actor in common."""
    left, right = named_actors(a), named_actors(b)
    if not left or not right:
        return True
    return shared_actors(a, b) > 0


def subtype_family(sub_event_type: str | None) -> tuple[str, ...]:
    """The sub-event types a report of this type may merge with (itself at least)."""
    for family in SUBTYPE_FAMILIES:
        if sub_event_type in family:
            return family
    return (sub_event_type,) if sub_event_type else ()


def match_key(mention: Row, event: Row) -> tuple[int, int, float, int] | None:
    """How well a report fits an event (smaller is better), or None when it is another event.

    The key orders candidates: fewest days apart, the same sub-event type before a related
    one, then nearest, then most actors shared.
    """
    sub = mention.get("sub_event_type")
    if event.get("sub_event_type") not in subtype_family(sub):
        return None
    other_type = int(event.get("sub_event_type") != sub)
    km = place_gap_km(mention, event)
    if km is None or km > MAX_KM:
        return None
    gap = day_gap(mention, event)
    if gap is None or gap > DAY_SLACK:
        return None
    if not actors_compatible(mention, event):
        return None
    shared = shared_actors(mention, event)
    if gap > 0 and shared == 0:
        return None  # a day apart needs a named actor in common
    return gap, other_type, round(km, 3), -shared


def choose_event(mention: Row, candidates: Iterable[Row]) -> Any | None:
    """The `id` of the candidate event the mention tells, or None when it tells a new one."""
    best: tuple[tuple[int, int, float, int], Any] | None = None
    for event in candidates:
        key = match_key(mention, event)
        if key is None:
            continue
        ranked = (key, event["id"])
        if best is None or ranked < best:
            best = ranked
    return best[1] if best else None


def fatality_specificity(evidence: str | None) -> int:
    """3 an exact count, 2 a floor ("at least 12"), 1 an estimate ("about 12"), 0 vague."""
    text = evidence or ""
    if _VAGUE.search(text):
        return 0
    if _APPROX.search(text):
        return 1
    if _FLOOR.search(text):
        return 2
    return 3


def fatality_reports(mentions: Sequence[Row]) -> list[dict[str, Any]]:
    """Every death toll reported for an event, most specific first (none is dropped)."""
    reports = [
        {
            "mention_id": m.get("id"),
            "fatalities": m["fatalities"],
            "specificity": fatality_specificity(m.get("evidence")),
            "background": bool(m.get("background")),
            "time_precision": m.get("time_precision") or 3,
        }
        for m in mentions
        if m.get("fatalities") is not None
    ]
    reports.sort(
        key=lambda r: (r["background"], -r["specificity"], r["time_precision"], -r["fatalities"])
    )
    return reports


def best_fatalities(mentions: Sequence[Row]) -> int | None:
    """The toll of the most specific report: an exact count over a floor over an estimate;
    a news report over a recollection; a day-dated report over a vaguer one; then the highest
    (later tolls rise as the dead are counted)."""
    reports = fatality_reports(mentions)
    return reports[0]["fatalities"] if reports else None


def _most_common(values: Iterable[Any]) -> Any | None:
    present = [v for v in values if v is not None]
    if not present:
        return None
    counts = Counter(present)
    top = max(counts.values())
    return next(v for v in present if counts[v] == top)  # ties: the earliest report


PLACE_KEYS = (
    "geonameid",
    "location",
    "admin1",
    "country",
    "latitude",
    "longitude",
    "geo_precision",
)
DATE_KEYS = ("event_date", "event_date_to", "time_precision")


def combine(mentions: Sequence[Row]) -> dict[str, Any]:
    """The coded fields of an event from all its reports, in the order they were stored.

    News reports (not background recollections) decide place, date, actors and type: the
    most precise place and date (ties: the one most reports give, then the first); the actors
    most reports name; the most specific sub-event type of its family (`SUBTYPE_FAMILIES`).
    Fatalities: `best_fatalities` over every report. Order matters only for ties.
    """
    news = [m for m in mentions if not m.get("background")] or list(mentions)
    if not news:
        return {}
    values: dict[str, Any] = {}
    types = {m.get("sub_event_type"): m.get("event_type") for m in news}
    family = subtype_family(news[0].get("sub_event_type"))
    sub = min(types, key=lambda t: family.index(t) if t in family else len(family))
    values["sub_event_type"], values["event_type"] = sub, types[sub]
    placed = [m for m in news if m.get("geonameid") is not None or m.get("latitude") is not None]
    if placed:
        finest = min(m.get("geo_precision") or 3 for m in placed)
        pool = [m for m in placed if (m.get("geo_precision") or 3) == finest]
        chosen_id = _most_common(m.get("geonameid") for m in pool)
        source = next((m for m in pool if m.get("geonameid") == chosen_id), pool[0])
        values.update({k: source.get(k) for k in PLACE_KEYS})
    dated = [m for m in news if m.get("event_date") is not None]
    if dated:
        finest = min(m.get("time_precision") or 3 for m in dated)
        pool = [m for m in dated if (m.get("time_precision") or 3) == finest]
        chosen = _most_common((m["event_date"], m.get("event_date_to")) for m in pool)
        source = next(m for m in pool if (m["event_date"], m.get("event_date_to")) == chosen)
        values.update({k: source.get(k) for k in DATE_KEYS})
    for key in ("actor1", "actor2"):
        name = _most_common(
            m.get(key) for m in news if m.get(key) and m.get(key) != values.get("actor1")
        )
        if name is not None:
            source = next(m for m in news if m.get(key) == name)
            values[key] = name
            values[f"{key}_inter"] = source.get(f"{key}_inter")
    values["fatalities"] = best_fatalities(mentions)
    return values


LOOKBACK_DAYS = 40  # a month-dated report starts up to a month before the day it covers


def mention_window(mention: Row, slack_days: int = LOOKBACK_DAYS) -> tuple[date, date] | None:
    """The widest event-date range worth asking the store for, for one report."""
    window = date_window(mention)
    if window is None:
        return None
    return window[0] - timedelta(days=slack_days), window[1] + timedelta(days=DAY_SLACK)
