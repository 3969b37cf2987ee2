"""Feed keys in the JSON API: a logged-in user (or a script with their token) makes a key
for a feed reader, lists their keys and revokes one. The key is shown once, with a ready
feed URL; `/api/events.atom?key=...` then answers without a bearer header."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Request
from pydantic import BaseModel, Field
from sqlalchemy import Engine

from dateline.store.feed_keys import create_feed_key, list_feed_keys, revoke_feed_key
from dateline.store.schema import MAX_INTEGER
from dateline.web.auth import User, database, require

router = APIRouter(prefix="/api/feed-keys", tags=["exports"])
Viewer = Annotated[User, Depends(require("viewer"))]
Db = Annotated[Engine, Depends(database)]
KeyId = Annotated[int, Path(ge=1, le=MAX_INTEGER, description="A feed key's id")]


class NewKey(BaseModel):
    name: str = Field("feed reader", max_length=64, description="where the key is used")


@router.get("")
def keys_list(user: Viewer, engine: Db) -> dict[str, Any]:
    """Your feed keys (names and dates; the keys themselves are never shown again)."""
    with engine.connect() as conn:
        return {"feed_keys": list_feed_keys(conn, user["id"])}


@router.post("", status_code=201)
def keys_add(body: NewKey, user: Viewer, engine: Db, request: Request) -> dict[str, Any]:
    """A new key, shown this once, with the feed URL to give a feed reader (add filters)."""
    with engine.begin() as conn:
        key_id, key = create_feed_key(conn, user["id"], body.name)
    feed = request.url_for("events_atom").include_query_params(key=key)
    return {"id": key_id, "name": body.name, "key": key, "feed_url": str(feed)}


@router.delete("/{key_id}", status_code=204)
def keys_revoke(key_id: KeyId, user: Viewer, engine: Db) -> None:
    """Revoke a key: feeds read with it answer 401 from now on."""
    with engine.begin() as conn:
        if not revoke_feed_key(conn, user["id"], key_id):
            raise HTTPException(404, f"no feed key {key_id} of yours")
