"""Query-string filters shared by the API, the exports and the pages.

Every text filter has a bounded length, checked before any query runs: an export must
refuse a bad filter with a 422 before its first byte, not fail half-way through a 200
(a 60,000-character actor made SQLite give up on its LIKE pattern)."""

from __future__ import annotations

import re
from datetime import date

from fastapi import HTTPException, Query

from dateline.store.queries import STATUSES, EventFilter
from dateline.store.review import MAX_TAG, TEXT_LIMITS

# The longest value each text filter may have (a stored value is never longer).
MAX_LENGTHS = {
    "country": 2,
    "admin1": TEXT_LIMITS["admin1"],
    "event_type": TEXT_LIMITS["sub_event_type"],
    "sub_event_type": TEXT_LIMITS["sub_event_type"],
    "actor": TEXT_LIMITS["actor1"],
    "status": 16,
    "tag": MAX_TAG,
    "q": 500,
    "source": 300,
}
MAX_FATALITIES = 1_000_000


def _day(value: str | None, name: str) -> date | None:
    """An ISO day; an empty form field means no bound."""
    if value is None or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise HTTPException(422, f"{name}: {value!r} is not a date; use YYYY-MM-DD") from None


def _text(value: str | None, name: str) -> str | None:
    """The trimmed value (None when empty); a 422 when longer than the filter allows."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    if len(value) > MAX_LENGTHS[name]:
        raise HTTPException(422, f"{name}: at most {MAX_LENGTHS[name]} characters")
    return value


def _words(value: str | None) -> str | None:
    """The search text; a 422 when it holds no word (`*`, a quote, an emoji): the search
    matches words, and such a text has none to match (it used to list every event)."""
    value = _text(value, "q")
    if value is not None and not re.search(r"\w", value):
        raise HTTPException(422, "q: give at least one word to search for")
    return value


def _at_least(value: str | None) -> int | None:
    """Fatalities at least N: a whole number (an empty form field means no bound)."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if not text.isdigit() or int(text) > MAX_FATALITIES:
        raise HTTPException(422, f"min_fatalities: a whole number from 0 to {MAX_FATALITIES:,}")
    return int(text)


async def event_filter(
    country: str | None = Query(None, description="ISO 3166 alpha-2 code, e.g. SY"),
    admin1: str | None = Query(None, description="First-level region, e.g. Aleppo"),
    since: str | None = Query(None, description="First event date, YYYY-MM-DD"),
    until: str | None = Query(None, description="Last event date, YYYY-MM-DD"),
    event_type: str | None = Query(None, description="Event type or sub-event type"),
    sub_event_type: str | None = Query(None, description="Sub-event type only"),
    actor: str | None = Query(None, description="Part of actor 1's or actor 2's name"),
    status: str | None = Query(None, description="auto, confirmed, corrected or rejected"),
    tag: str | None = Query(None, description="An analyst's tag"),
    q: str | None = Query(None, description="Words that must all occur in an evidence sentence"),
    include_rejected: bool = Query(False, description="Also list rejected events"),
    min_fatalities: str | None = Query(None, description="At least this many fatalities"),
    source: str | None = Query(None, description="Part of a source's site or address"),
) -> EventFilter:
    """The filter of a request (FastAPI dependency; `async` as it does no I/O, so it is not
    handed to the thread pool)."""
    wanted_status = _text(status, "status")
    if wanted_status is not None and wanted_status.lower() not in STATUSES:
        raise HTTPException(422, f"status: choose one of {', '.join(STATUSES)}")
    return EventFilter(
        country=_text(country, "country"),
        admin1=_text(admin1, "admin1"),
        since=_day(since, "since"),
        until=_day(until, "until"),
        event_type=_text(event_type, "event_type"),
        sub_event_type=_text(sub_event_type, "sub_event_type"),
        actor=_text(actor, "actor"),
        status=wanted_status.lower() if wanted_status else None,
        tag=_text(tag, "tag"),
        q=_words(q),
        include_rejected=include_rejected,
        min_fatalities=_at_least(min_fatalities),
        source=_text(source, "source"),
    )
