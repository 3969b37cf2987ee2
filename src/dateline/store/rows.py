"""Result rows as plain dicts with plain `str` keys.

`dict(row_mapping)` keeps SQLAlchemy's column names as keys, and those are `quoted_name`,
a `str` subclass. The web app's JSON encoder (pydantic) does not take a subclass for a
`str` and inspects each such key: 4 ms to encode a page of 50 events, against 0.07 ms
with plain keys (found with `python -m bench.load` and cProfile).

Coordinates are rounded here to `COORDINATE_PLACES` decimals (about a metre): a float column
hands back `95.29545999999999`, and every page, API answer and export reads rows through
these functions."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Result

COORDINATE_PLACES = 5
COORDINATE_KEYS = frozenset({"latitude", "longitude"})


def utc(stamp: datetime | None) -> datetime | None:
    """SQLite gives back naive datetimes; every stamp stored here is UTC."""
    if stamp is None or stamp.tzinfo is not None:
        return stamp
    return stamp.replace(tzinfo=UTC)


def aware_row(row: Any, stamps: tuple[str, ...]) -> dict[str, Any]:
    """A row as a dict, its `stamps` columns (those it has) given back their UTC zone."""
    found = dict(row._mapping)
    for key in stamps:
        if key in found:
            found[key] = utc(found[key])
    return found


def round_coordinate(value: Any) -> Any:
    """A latitude or longitude to 5 places; None and non-numbers unchanged."""
    if isinstance(value, float):
        return round(value, COORDINATE_PLACES)
    return value


def _keys(result: Result) -> list[str]:
    names = result.keys()  # the column names (iterating the result would read its rows)
    return [str(name) for name in names]


def _maker(keys: list[str]) -> Callable[[Any], dict[str, Any]]:
    """A row -> dict function for these keys (coordinates rounded when there are any)."""
    places = [key for key in keys if key in COORDINATE_KEYS]
    if not places:
        return lambda row: dict(zip(keys, row, strict=True))

    def make(row: Any) -> dict[str, Any]:
        found = dict(zip(keys, row, strict=True))
        for key in places:
            found[key] = round_coordinate(found[key])
        return found

    return make


def records(result: Result) -> list[dict[str, Any]]:
    """Every row of the result."""
    make = _maker(_keys(result))
    return [make(row) for row in result]


def iter_records(result: Result) -> Iterator[dict[str, Any]]:
    """The rows one by one (for streamed results)."""
    make = _maker(_keys(result))
    for row in result:
        yield make(row)


def record(result: Result) -> dict[str, Any] | None:
    """The one row of the result, or None when there is none."""
    make = _maker(_keys(result))
    row = result.one_or_none()
    return None if row is None else make(row)
