"""Bounds for every integer a request can carry (path ids, paging, body ids).

Python ints have no limit but the database drivers do: an id of 2**64 raised OverflowError
(a 500). Bounded here, an out-of-range number is a 422 naming the parameter."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

from dateline.store.schema import MAX_INTEGER

PAGE_SIZE = 50  # rows per server-rendered page
MAX_PAGE = MAX_INTEGER // PAGE_SIZE

EventId = Annotated[int, Path(ge=1, le=MAX_INTEGER, description="An event's id")]
UserId = Annotated[int, Path(ge=1, le=MAX_INTEGER, description="A user's id")]
TokenId = Annotated[int, Path(ge=1, le=MAX_INTEGER, description="An API token's id")]
Offset = Annotated[int, Query(ge=0, le=MAX_INTEGER, description="Rows to skip")]
PageNumber = Annotated[int, Query(le=MAX_PAGE, description="Page number, from 1")]
