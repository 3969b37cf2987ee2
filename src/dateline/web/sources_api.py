"""The watched sources in the JSON API: everyone who reads sees their health, admins add and
remove them. Routes only call `dateline.store.sources`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException
from pydantic import BaseModel, Field
from sqlalchemy import Engine

from dateline.errors import StoreError
from dateline.store import sources as store
from dateline.store.sources import MAX_NAME, MAX_POLL_MINUTES, MAX_URL
from dateline.web.auth import User, database, require

router = APIRouter(prefix="/api/sources", tags=["sources"])

Viewer = Annotated[User, Depends(require("viewer"))]
Admin = Annotated[User, Depends(require("admin"))]
Db = Annotated[Engine, Depends(database)]


class NewSource(BaseModel):
    name: str = Field(..., min_length=1, max_length=MAX_NAME)
    url: str = Field(..., min_length=8, max_length=MAX_URL)
    kind: str = Field("feed", description="feed (RSS/Atom), sitemap, or links (a list page)")
    language: str | None = Field(None, max_length=16)
    trust: str | None = Field(None, max_length=2000, description="how far to trust it")
    poll_minutes: int = Field(60, ge=1, le=MAX_POLL_MINUTES)


@router.get("")
def sources_list(_: Viewer, engine: Db) -> dict[str, Any]:
    """Every source with its health: last poll, new items, errors, next poll."""
    with engine.connect() as conn:
        return {"sources": store.list_sources(conn)}


@router.get("/{name}")
def sources_one(name: str, _: Viewer, engine: Db) -> dict[str, Any]:
    """One source (by name or id) with its items by state and latest failed items."""
    with engine.connect() as conn:
        found = store.source_detail(conn, name)
    if found is None:
        raise HTTPException(404, f"no source {name!r}")
    return found


@router.post("", status_code=201)
def sources_add(body: NewSource, _: Admin, engine: Db) -> dict[str, Any]:
    """Add a source; `dateline watch` polls it at once."""
    try:
        with engine.begin() as conn:
            new_id = store.add_source(
                conn, body.name, body.kind, body.url, body.language, body.trust, body.poll_minutes
            )
    except StoreError as error:
        raise HTTPException(422, str(error)) from None
    with engine.connect() as conn:
        return store.source_detail(conn, new_id) or {}


@router.delete("/{name}", status_code=204)
def sources_remove(name: str, _: Admin, engine: Db) -> None:
    """Stop watching a source; its stored stories and events stay."""
    with engine.begin() as conn:
        if not store.remove_source(conn, name):
            raise HTTPException(404, f"no source {name!r}")
