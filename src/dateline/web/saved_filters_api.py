"""Saved filters with a webhook in the JSON API (analysts): the query keys of /api/events and
a URL; the answer to a new filter carries its signing secret, once. Listing shows each
filter's deliveries by state and the latest ones (failures with their reason)."""

from __future__ import annotations

import inspect
from typing import Annotated, Any

import httpx
from fastapi import APIRouter, Depends, HTTPException, Path, Request
from pydantic import BaseModel, Field
from sqlalchemy import Engine

from dateline.ingest.fetch import Refused, resolve_checked
from dateline.ingest.webhooks import SIGNATURE
from dateline.store import saved_filters as store
from dateline.store.queries import EventFilter
from dateline.store.schema import MAX_INTEGER
from dateline.web.auth import User, database, require
from dateline.web.filters import event_filter

router = APIRouter(prefix="/api/saved-filters", tags=["saved filters"])
Analyst = Annotated[User, Depends(require("analyst"))]
Db = Annotated[Engine, Depends(database)]
FilterId = Annotated[int, Path(ge=1, le=MAX_INTEGER, description="A saved filter's id")]
FILTER_KEYS = tuple(inspect.signature(event_filter).parameters)


class NewSavedFilter(BaseModel):
    name: str = Field(..., min_length=1, max_length=64)
    query: dict[str, str | bool] = Field(
        default_factory=dict, description="the query keys of /api/events, e.g. {'country': 'SY'}"
    )
    webhook_url: str = Field(..., min_length=8, max_length=store.MAX_URL)


async def checked_filter(query: dict[str, str | bool]) -> EventFilter:
    """The query checked exactly as /api/events checks it (422 with the key to fix)."""
    unknown = sorted(set(query) - set(FILTER_KEYS))
    if unknown:
        raise HTTPException(422, f"query: unknown keys {', '.join(unknown)}")
    values: dict[str, Any] = dict.fromkeys(FILTER_KEYS)
    values["include_rejected"] = False
    for key, value in query.items():
        values[key] = value if key == "include_rejected" else str(value)
    if not isinstance(values["include_rejected"], bool):
        values["include_rejected"] = str(values["include_rejected"]).lower() == "true"
    return await event_filter(**values)


def checked_url(url: str, request: Request) -> str:
    """An http(s) URL to an address the fetcher may reach (422 otherwise)."""
    url = url.strip()
    if not url.lower().startswith(("http://", "https://")):
        raise HTTPException(422, "webhook_url: an http:// or https:// address")
    try:
        resolve_checked(httpx.URL(url), request.app.state.allowed_networks)
    except (Refused, httpx.InvalidURL) as error:
        raise HTTPException(422, f"webhook_url: {error}") from None
    return url


@router.post("", status_code=201)
async def saved_add(body: NewSavedFilter, user: Analyst, engine: Db, request: Request) -> Any:
    """Save a filter; events changed from now on that match it are POSTed to the URL,
    signed with the secret answered here (this once)."""
    wanted = await checked_filter(body.query)
    url = checked_url(body.webhook_url, request)
    with engine.begin() as conn:
        made = store.create_saved_filter(conn, user["id"], body.name, wanted.as_params(), url)
    return {**made, "signature_header": SIGNATURE}


@router.get("")
def saved_list(user: Analyst, engine: Db) -> dict[str, Any]:
    """Your saved filters with their deliveries (counts by state, the latest ones)."""
    with engine.connect() as conn:
        return {"saved_filters": store.list_saved_filters(conn, user["id"])}


@router.delete("/{filter_id}", status_code=204)
def saved_remove(filter_id: FilterId, user: Analyst, engine: Db) -> None:
    with engine.begin() as conn:
        if not store.remove_saved_filter(conn, user["id"], filter_id):
            raise HTTPException(404, f"no saved filter {filter_id} of yours")
