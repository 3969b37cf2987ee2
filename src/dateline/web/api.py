"""The JSON API under /api, described by its OpenAPI document at /openapi.json (there is no
Swagger UI or ReDoc page: both load their scripts from a CDN, see `create_app`).

Reads need the viewer role; review actions and ingest the analyst role; users the admin role.
Routes only call `dateline.store` functions; no SQL here.
"""

from __future__ import annotations

import gzip
import logging
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import Response, StreamingResponse
from pydantic import BaseModel, Field
from sqlalchemy import Connection, Engine

from dateline.errors import DatelineError, StoreError
from dateline.model import Document
from dateline.pipeline import as_document
from dateline.store import export, merging, review
from dateline.store.dashboard import dashboard
from dateline.store.queries import (
    SORTS,
    EventFilter,
    count_matching,
    event_detail,
    get_article,
    histogram,
    iter_events,
    list_articles,
    search_events,
)
from dateline.store.schema import MAX_INTEGER
from dateline.store.users import (
    MAX_TOKEN_DAYS,
    TOKEN_DAYS,
    check_username,
    create_token,
    create_user,
    get_user,
    list_tokens,
    list_users,
    set_active,
)
from dateline.store.users import delete_token as drop_token
from dateline.web.admin1 import outlines, parse_view
from dateline.web.auth import User, current_user, database, hash_password, require
from dateline.web.filters import event_filter
from dateline.web.ingest import IngestOutcome, fetch, ingest_document, media_type_of
from dateline.web.labels import labels_json
from dateline.web.params import EventId, Offset, TokenId, UserId

router = APIRouter(prefix="/api")
log = logging.getLogger(__name__)

Viewer = Annotated[User, Depends(require("viewer"))]
Analyst = Annotated[User, Depends(require("analyst"))]
Admin = Annotated[User, Depends(require("admin"))]
Filter = Annotated[EventFilter, Depends(event_filter)]
Db = Annotated[Engine, Depends(database)]


def event_link(event: dict[str, Any]) -> str:
    return f"/events/{event['id']}"


def store_call(function, *args: Any) -> Any:
    """Run a review action in one transaction; a missing event is 404, bad input 422."""
    engine, *rest = args
    try:
        with engine.begin() as conn:
            return function(conn, *rest)
    except review.NotFound as error:
        raise HTTPException(404, str(error)) from None
    except StoreError as error:
        raise HTTPException(422, str(error)) from None


# --- who am I -------------------------------------------------------------------------


@router.get("/me", tags=["users"])
def me(user: Annotated[User | None, Depends(current_user)]) -> dict[str, Any]:
    """The logged-in user (or `{"user": null}`)."""
    return {"user": user}


# --- events -----------------------------------------------------------------------------


@router.get("/events", tags=["events"])
def events_page(
    request: Request,
    _: Viewer,
    engine: Db,
    wanted: Filter,
    limit: int = Query(100, ge=1, le=1000),
    offset: Offset = 0,
    sort: str = Query("date", description=f"one of {', '.join(SORTS)}"),
) -> dict[str, Any]:
    """One page of events matching the filters, with the total and the next page's link."""
    if sort not in SORTS:
        raise HTTPException(422, f"sort: choose one of {', '.join(SORTS)}")
    with engine.connect() as conn:
        total = count_matching(conn, wanted)
        rows = search_events(conn, wanted, limit=limit, offset=offset, sort=sort)
    following = None
    if offset + len(rows) < total:
        following = str(request.url.include_query_params(offset=offset + limit, limit=limit))
    return {"total": total, "limit": limit, "offset": offset, "next": following, "events": rows}


@router.get("/events/histogram", tags=["events"])
def events_histogram(_: Viewer, engine: Db, wanted: Filter) -> dict[str, list]:
    """Events per day for the timeline: `{"days": [...], "counts": [...]}`."""
    with engine.connect() as conn:
        return histogram(conn, wanted)


@router.get("/dashboard", tags=["events"])
def events_dashboard(_: Viewer, engine: Db, wanted: Filter) -> dict[str, Any]:
    """The dashboard's figures: events per week and type, fatalities per week, top actors
    and places, and the review queue (status auto, oldest first)."""
    with engine.connect() as conn:
        return dashboard(conn, wanted)


@router.get("/places/labels", tags=["map"], response_model=dict[str, Any])
def map_labels(_: Viewer) -> Response:
    """Capitals and large cities for the offline map: name, lat, lon, country, population,
    capital and `min_zoom` (the zoom from which the map shows the label). Built once."""
    headers = {"Cache-Control": "private, max-age=86400"}
    return Response(labels_json(), media_type="application/json", headers=headers)


@router.get("/places/admin1", tags=["map"])
def map_admin1(
    _: Viewer,
    request: Request,
    bbox: str = Query(..., max_length=200, description="the view: west,south,east,north"),
    zoom: int = Query(..., ge=0, le=22, description="the map's zoom"),
    skip: str = Query("", max_length=4000, description="codes the map has already, a,b,c"),
) -> Response:
    """Admin-1 outlines for the offline map: `{"min_zoom", "zoom", "countries": [...]}`, each
    country whose regions meet the view as its code, ISO `country`, `object` (the name of its
    geometry collection), number of `regions` and TopoJSON `topology` (Natural Earth 1:10m,
    each region's `name` and `id`). None below `min_zoom`; a view wider than a map shows at
    its zoom is refused (422). Gzipped when the client accepts it."""
    try:
        view = parse_view(bbox, zoom)
    except ValueError as error:
        raise HTTPException(422, str(error)) from None
    drawn = frozenset(code for code in skip.split(",") if code)
    body = outlines(view, zoom, drawn)
    headers = {"Cache-Control": "private, max-age=86400", "Vary": "Accept-Encoding"}
    if "gzip" in request.headers.get("accept-encoding", "") and len(body) > 1024:
        body = gzip.compress(body, compresslevel=5)
        headers["Content-Encoding"] = "gzip"
    return Response(body, media_type="application/json", headers=headers)


def _event_rows(
    engine: Engine, wanted: EventFilter, columns: tuple[str, ...] | None = None
) -> Iterator[dict[str, Any]]:
    with engine.connect() as conn:
        yield from iter_events(conn, wanted, columns=columns)


def _broken_on_error(ahead: list[Any], rest: Iterator[Any], fmt: str) -> Iterator[Any]:
    """The export's chunks; an error after the first byte is logged and raised again, so
    the server drops the connection without the closing chunk: no client can take a cut
    file for a whole one (ending the body cleanly would say it was complete)."""
    try:
        yield from ahead
        yield from rest
    except Exception:
        log.exception("the %s export failed after it started; connection dropped", fmt)
        raise


def _export_response(engine: Engine, wanted: EventFilter, fmt: str, attachment: bool) -> Response:
    """A streamed export whose query has already run: the first chunk is made before the
    answer starts, so a failing query is an error status, not a 200 with an empty body.

    An export that fits in its first chunk (500 events, Parquet 5,000) is answered whole:
    streamed, each further chunk, even an empty last one, was one more hand-over to the
    thread pool and one more write (bench.load's CSV export of ~200 events)."""
    rows = _event_rows(engine, wanted, export.columns_for(fmt))
    chunks = export.stream(fmt, rows, event_link)
    empty = b"" if fmt == "parquet" else ""
    ahead = [next(chunks, empty)]
    headers = {}
    if attachment:
        headers["Content-Disposition"] = f'attachment; filename="dateline-events.{fmt}"'
    for chunk in chunks:
        ahead.append(chunk)
        if chunk:  # more to come: streamed
            return StreamingResponse(
                _broken_on_error(ahead, chunks, fmt),
                media_type=export.MEDIA_TYPES[fmt],
                headers=headers,
            )
    return Response(empty.join(ahead), media_type=export.MEDIA_TYPES[fmt], headers=headers)


@router.get("/events.geojson", tags=["exports"])
def events_geojson(_: Viewer, engine: Db, wanted: Filter) -> Response:
    """Every matching event with coordinates as a GeoJSON FeatureCollection (for the map)."""
    return _export_response(engine, wanted, "geojson", attachment=False)


@router.get("/events.{fmt}", tags=["exports"])
def events_export(
    fmt: Literal["csv", "json", "parquet"], _: Viewer, engine: Db, wanted: Filter
) -> Response:
    """Every matching event, streamed: ACLED-column CSV, JSON or Parquet."""
    return _export_response(engine, wanted, fmt, attachment=True)


@router.get("/events/{event_id}", tags=["events"])
def event_one(event_id: EventId, _: Viewer, engine: Db) -> dict[str, Any]:
    """One event with its mentions, sources, tags, replies and history."""
    with engine.connect() as conn:
        event = event_detail(conn, event_id)
    if event is None:
        raise HTTPException(404, f"no event {event_id}")
    return event


class Note(BaseModel):
    note: str | None = Field(None, max_length=2000)


class Correction(BaseModel):
    values: dict[str, Any] = Field(
        ..., description='Fields to change, e.g. {"sub_event_type": "Armed clash"}'
    )
    note: str | None = Field(None, max_length=2000)


class TagBody(BaseModel):
    tag: str = Field(..., min_length=1, max_length=64)


class CommentBody(BaseModel):
    body: str = Field(..., min_length=1, max_length=10_000)
    parent_id: int | None = Field(None, ge=1, le=MAX_INTEGER)


def _detail(engine: Engine, event_id: int) -> dict[str, Any]:
    with engine.connect() as conn:
        return event_detail(conn, event_id) or {}


@router.post("/events/{event_id}/confirm", tags=["review"])
def event_confirm(
    event_id: EventId, user: Analyst, engine: Db, body: Note | None = None
) -> dict[str, Any]:
    """Mark the event confirmed."""
    store_call(review.confirm, engine, event_id, user, body.note if body else None)
    return _detail(engine, event_id)


@router.post("/events/{event_id}/reject", tags=["review"])
def event_reject(
    event_id: EventId, user: Analyst, engine: Db, body: Note | None = None
) -> dict[str, Any]:
    """Mark the event rejected (it leaves lists and exports unless asked for)."""
    store_call(review.reject, engine, event_id, user, body.note if body else None)
    return _detail(engine, event_id)


@router.post("/events/{event_id}/correct", tags=["review"])
def event_correct(event_id: EventId, body: Correction, user: Analyst, engine: Db) -> dict[str, Any]:
    """Correct coded fields; the old values stay in the history."""
    store_call(review.correct, engine, event_id, user, body.values, body.note)
    return _detail(engine, event_id)


class MergeBody(BaseModel):
    other: int = Field(..., ge=1, le=MAX_INTEGER, description="The event merged into this one")
    note: str | None = Field(None, max_length=2000)


class SplitBody(BaseModel):
    document_id: str = Field(..., min_length=1, max_length=64, description="The source split off")
    note: str | None = Field(None, max_length=2000)


@router.post("/events/{event_id}/merge", tags=["review"])
def event_merge(event_id: EventId, body: MergeBody, user: Analyst, engine: Db) -> dict[str, Any]:
    """Merge event `other` into this one: sources, evidence and tags combined; `other` is
    rejected with a `merged_into` entry in its history."""
    store_call(merging.merge, engine, event_id, body.other, user, body.note)
    return _detail(engine, event_id)


@router.post("/events/{event_id}/split", tags=["review"], status_code=201)
def event_split(event_id: EventId, body: SplitBody, user: Analyst, engine: Db) -> dict[str, Any]:
    """Move one source's mentions (an article's `document_id`) to a new event; the new event."""
    new_id = store_call(merging.split, engine, event_id, body.document_id, user, body.note)
    return _detail(engine, new_id)


@router.post("/events/{event_id}/tags", tags=["review"])
def event_tag(event_id: EventId, body: TagBody, user: Analyst, engine: Db) -> dict[str, Any]:
    """Add a tag."""
    store_call(review.add_tag, engine, event_id, user, body.tag)
    return {"tags": _detail(engine, event_id)["tags"]}


@router.delete("/events/{event_id}/tags/{tag}", tags=["review"])
def event_untag(event_id: EventId, tag: str, user: Analyst, engine: Db) -> dict[str, Any]:
    """Remove a tag."""
    if not store_call(review.remove_tag, engine, event_id, user, tag):
        raise HTTPException(404, f"event {event_id} has no tag {tag!r}")
    return {"tags": _detail(engine, event_id)["tags"]}


@router.post("/events/{event_id}/comments", tags=["review"], status_code=201)
def event_comment(
    event_id: EventId, body: CommentBody, user: Analyst, engine: Db
) -> dict[str, Any]:
    """Leave a reply on the event."""
    comment_id = store_call(review.add_comment, engine, event_id, user, body.body, body.parent_id)
    return {"id": comment_id, "comments": _detail(engine, event_id)["comments"]}


# --- articles and ingest --------------------------------------------------------------------


@router.get("/articles", tags=["articles"])
def articles_page(
    _: Viewer, engine: Db, limit: int = Query(50, ge=1, le=500), offset: Offset = 0
) -> dict[str, Any]:
    """Analysed articles, newest first."""
    with engine.connect() as conn:
        rows, total = list_articles(conn, limit=limit, offset=offset)
    return {"total": total, "limit": limit, "offset": offset, "articles": rows}


@router.get("/articles/{document_id}", tags=["articles"])
def article_one(document_id: str, _: Viewer, engine: Db) -> dict[str, Any]:
    """One article with its text and the mentions found in it."""
    with engine.connect() as conn:
        article = get_article(conn, document_id)
    if article is None:
        raise HTTPException(404, f"no article {document_id}")
    return article


class IngestBody(BaseModel):
    text: str | None = Field(None, description="Plain text or HTML of a page")
    url: str | None = Field(None, description="The page's address; fetched when no text")
    published: str | None = Field(None, description="The page's publication date, if known")


def _outcome(result: IngestOutcome) -> dict[str, Any]:
    return {
        "document_id": result.document_id,
        "outcome": result.outcome,
        "reason": result.reason,
        "event_ids": result.event_ids,
    }


@router.post("/ingest", tags=["ingest"])
def ingest_text(request: Request, body: IngestBody, _: Analyst, engine: Db) -> dict[str, Any]:
    """Analyse and store a page given as text or HTML, or fetched from its URL."""
    settings = request.app.state.settings.core
    if body.text and body.text.strip():
        if len(body.text.encode("utf-8")) > settings.max_document_bytes:
            raise HTTPException(413, f"over {settings.max_document_bytes:,} bytes")
        document = as_document(body.text, url=body.url, published=body.published)
    elif body.url:
        try:
            document = fetch(body.url, settings, allowed=request.app.state.allowed_networks)
        except DatelineError as error:
            raise HTTPException(422, str(error)) from None
    else:
        raise HTTPException(422, "give the page's text, or a URL to fetch it from")
    return _outcome(ingest_document(engine, document, settings))


@router.post("/ingest/upload", tags=["ingest"])
def ingest_upload(
    request: Request,
    _: Analyst,
    engine: Db,
    file: Annotated[UploadFile, File(description="An .html, .htm or .txt page")],
    url: Annotated[str | None, Form()] = None,
) -> dict[str, Any]:
    """Analyse and store an uploaded page."""
    settings = request.app.state.settings.core
    raw = file.file.read(settings.max_document_bytes + 1)
    if len(raw) > settings.max_document_bytes:
        raise HTTPException(413, f"over {settings.max_document_bytes:,} bytes")
    if not raw.strip():
        raise HTTPException(422, "the uploaded file is empty")
    name = file.filename or "upload"
    hints = {"url": url} if url else {}
    document = Document.from_bytes(
        raw, url or f"upload:{name}", media_type_of(name, file.content_type, raw), hints
    )
    return _outcome(ingest_document(engine, document, settings))


# --- users and tokens -----------------------------------------------------------------------


class TokenBody(BaseModel):
    name: str = Field("script", min_length=1, max_length=64)
    days: int = Field(TOKEN_DAYS, ge=1, le=MAX_TOKEN_DAYS, description="How long it lives")


@router.get("/tokens", tags=["users"])
def tokens_list(user: Viewer, engine: Db) -> dict[str, Any]:
    """Your API tokens (names and dates only)."""
    with engine.connect() as conn:
        return {"tokens": list_tokens(conn, user["id"])}


@router.post("/tokens", tags=["users"], status_code=201)
def tokens_create(request: Request, body: TokenBody, user: Viewer, engine: Db) -> dict[str, Any]:
    """A new API token for scripts, with your role; shown once: keep it. Only a logged-in
    session makes tokens: a token that could make tokens would outlive its own revocation."""
    if request.state.via_token:
        raise HTTPException(403, "an API token cannot make tokens; log in to make one")
    with engine.begin() as conn:
        token = create_token(conn, user["id"], body.name, body.days)
    return {"token": token, "name": body.name, "days": body.days}


@router.delete("/tokens/{token_id}", tags=["users"], status_code=204)
def tokens_delete(token_id: TokenId, user: Viewer, engine: Db) -> None:
    """Revoke one of your tokens."""
    with engine.begin() as conn:
        if not drop_token(conn, user["id"], token_id):
            raise HTTPException(404, f"you have no token {token_id}")


class NewUser(BaseModel):
    username: str = Field(..., min_length=1, max_length=64)
    password: str = Field(..., min_length=8, max_length=1024)
    role: Literal["viewer", "analyst", "admin"] = "analyst"
    display_name: str | None = Field(None, max_length=200)


@router.get("/users", tags=["users"])
def users_list(_: Admin, engine: Db) -> dict[str, Any]:
    """Every user (admins only)."""
    with engine.connect() as conn:
        return {"users": list_users(conn)}


@router.post("/users", tags=["users"], status_code=201)
def users_create(body: NewUser, _: Admin, engine: Db) -> dict[str, Any]:
    """Add a user (admins only)."""
    try:
        check_username(body.username)
    except StoreError as error:
        raise HTTPException(422, str(error)) from None
    password_hash = hash_password(body.password)
    try:
        with engine.begin() as conn:
            user_id = create_user(conn, body.username, password_hash, body.role, body.display_name)
    except StoreError as error:
        raise HTTPException(409, str(error)) from None
    return {"id": user_id, "username": body.username, "role": body.role}


def _known_user(conn: Connection, user_id: int) -> dict[str, Any]:
    found = get_user(conn, user_id)
    if found is None:
        raise HTTPException(404, f"no user {user_id}")
    return found


@router.post("/users/{user_id}/disable", tags=["users"])
def users_disable(user_id: UserId, admin: Admin, engine: Db) -> dict[str, Any]:
    """Disable a user (admins only): their sessions end and their tokens are deleted; the
    user stays in the history. Admins cannot disable themselves."""
    if user_id == admin["id"]:
        raise HTTPException(409, "you cannot disable yourself")
    with engine.begin() as conn:
        _known_user(conn, user_id)
        set_active(conn, user_id, False)
        return _known_user(conn, user_id)


@router.post("/users/{user_id}/enable", tags=["users"])
def users_enable(user_id: UserId, _: Admin, engine: Db) -> dict[str, Any]:
    """Enable a disabled user again (admins only); they log in afresh."""
    with engine.begin() as conn:
        _known_user(conn, user_id)
        set_active(conn, user_id, True)
        return _known_user(conn, user_id)


@router.get("/users/{user_id}/tokens", tags=["users"])
def users_tokens(user_id: UserId, _: Admin, engine: Db) -> dict[str, Any]:
    """A user's API tokens, names and dates only (admins only)."""
    with engine.connect() as conn:
        _known_user(conn, user_id)
        return {"tokens": list_tokens(conn, user_id)}


@router.delete("/users/{user_id}/tokens/{token_id}", tags=["users"], status_code=204)
def users_token_delete(user_id: UserId, token_id: TokenId, _: Admin, engine: Db) -> None:
    """Revoke a user's token (admins only)."""
    with engine.begin() as conn:
        if not drop_token(conn, user_id, token_id):
            raise HTTPException(404, f"user {user_id} has no token {token_id}")
