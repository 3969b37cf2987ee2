"""Result rows as plain dicts with plain `str` keys.

`dict(row_mapping)` keeps SQLAlchemy's column names as keys, and those are `quoted_name`,
a `str` subclass. The web app's JSON encoder (pydantic) does not take a subclass for a
`str` and inspects each such key: 4 ms to encode a page of 50 events, against 0.07 ms
with plain keys (found with `python -m bench.load` and cProfile)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Result


def _keys(result: Result) -> list[str]:
    names = result.keys()  # the column names (iterating the result would read its rows)
    return [str(name) for name in names]


def records(result: Result) -> list[dict[str, Any]]:
    """Every row of the result."""
    keys = _keys(result)
    return [dict(zip(keys, row, strict=True)) for row in result]


def iter_records(result: Result) -> Iterator[dict[str, Any]]:
    """The rows one by one (for streamed results)."""
    keys = _keys(result)
    for row in result:
        yield dict(zip(keys, row, strict=True))


def record(result: Result) -> dict[str, Any] | None:
    """The one row of the result, or None when there is none."""
    keys = _keys(result)
    row = result.one_or_none()
    return None if row is None else dict(zip(keys, row, strict=True))
