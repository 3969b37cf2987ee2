"""The dashboard's figures for a filter: events per week and type, fatalities per week, the
most active actors and places, and the review queue (machine-coded events, oldest first).

Counts are grouped by day and type in SQL and folded into ISO weeks (starting Monday) here,
so the database returns at most one row per day and type.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, func, select

from dateline.store.queries import EventFilter, conditions
from dateline.store.rows import records
from dateline.store.schema import events

TOP = 10
QUEUE = 25


def week_of(day: date) -> date:
    """The Monday starting the week of `day`."""
    return day - timedelta(days=day.weekday())


def weekly(conn: Connection, wanted: EventFilter) -> dict[str, Any]:
    """Events per week and type, and fatalities per week, oldest week first."""
    query = (
        select(
            events.c.event_date,
            events.c.event_type,
            func.count(),
            func.coalesce(func.sum(events.c.fatalities), 0),
        )
        .where(*conditions(conn, wanted), events.c.event_date.is_not(None))
        .group_by(events.c.event_date, events.c.event_type)
    )
    counts: dict[date, Counter[str]] = defaultdict(Counter)
    deaths: Counter[date] = Counter()
    for day, kind, number, killed in conn.execute(query):
        counts[week_of(day)][kind] += number
        deaths[week_of(day)] += killed
    weeks = sorted(counts)
    types = sorted({kind for found in counts.values() for kind in found})
    return {
        "weeks": [week.isoformat() for week in weeks],
        "types": types,
        "counts": {kind: [counts[week][kind] for week in weeks] for kind in types},
        "totals": [sum(counts[week].values()) for week in weeks],
        "fatalities": [deaths[week] for week in weeks],
    }


def top_actors(conn: Connection, wanted: EventFilter, limit: int = TOP) -> list[dict[str, Any]]:
    """The actors in most matching events (as actor 1 or actor 2)."""
    found: Counter[str] = Counter()
    for column in (events.c.actor1, events.c.actor2):
        query = (
            select(column, func.count())
            .where(*conditions(conn, wanted), column.is_not(None), column != "")
            .group_by(column)
        )
        for name, number in conn.execute(query):
            found[name] += number
    ranked = sorted(found.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return [{"actor": name, "events": number} for name, number in ranked]


def top_places(conn: Connection, wanted: EventFilter, limit: int = TOP) -> list[dict[str, Any]]:
    """The places with most matching events, with their fatalities."""
    number = func.count().label("events")
    query = (
        select(
            events.c.location,
            events.c.admin1,
            events.c.country,
            number,
            func.coalesce(func.sum(events.c.fatalities), 0).label("fatalities"),
        )
        .where(*conditions(conn, wanted), events.c.location.is_not(None))
        .group_by(events.c.location, events.c.admin1, events.c.country)
        .order_by(number.desc(), events.c.location)
        .limit(limit)
    )
    return records(conn.execute(query))


def review_queue(conn: Connection, wanted: EventFilter, limit: int = QUEUE) -> dict[str, Any]:
    """Machine-coded events waiting for an analyst, oldest first, and how many there are."""
    waiting = dataclasses.replace(wanted, status="auto")
    where = conditions(conn, waiting)
    query = select(events).where(*where).order_by(events.c.created_at, events.c.id).limit(limit)
    total = conn.execute(select(func.count()).select_from(events).where(*where)).scalar_one()
    return {"total": total, "events": records(conn.execute(query))}


def dashboard(conn: Connection, wanted: EventFilter) -> dict[str, Any]:
    """Everything the dashboard shows for a filter."""
    return {
        "weekly": weekly(conn, wanted),
        "top_actors": top_actors(conn, wanted),
        "top_places": top_places(conn, wanted),
        "queue": review_queue(conn, wanted),
    }
