"""The sources page (issue 18, point 1): each watched source with its health (last poll, new
items, errors, next poll); admins add and remove sources from it with the session's CSRF
token, like every other form. Routes only call `dateline.store.sources`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import Engine

from dateline.errors import StoreError
from dateline.store import sources as store
from dateline.store.saved_filters import list_saved_filters
from dateline.store.schema import MAX_INTEGER, SOURCE_KINDS
from dateline.store.sources import MAX_POLL_MINUTES
from dateline.store.users import has_role
from dateline.web.auth import User, check_form_csrf, database, page_user
from dateline.web.pages import back, render

router = APIRouter(include_in_schema=False)
Viewer = Annotated[User, Depends(page_user("viewer"))]
Admin = Annotated[User, Depends(page_user("admin"))]
Db = Annotated[Engine, Depends(database)]
Csrf = Depends(check_form_csrf)
SourceId = Annotated[int, Path(ge=1, le=MAX_INTEGER, description="A source's id")]


def health_rows(engine: Engine) -> list[dict[str, Any]]:
    """Every source with its items by state, for the table."""
    with engine.connect() as conn:
        return [store.with_items(conn, s) for s in store.list_sources(conn)]


def webhook_rows(engine: Engine) -> list[dict[str, Any]]:
    """Every saved filter's webhook with its deliveries by state and latest failures
    (`recent`: the page shows no other deliveries, so it reads no others)."""
    with engine.connect() as conn:
        return list_saved_filters(conn, failed_only=True)


def sources_view(
    request: Request, engine: Engine, status_code: int = 200, error: str | None = None
) -> HTMLResponse:
    """The page; after a refused add it shows why, with the form as typed."""
    user = request.state.user
    return render(
        request,
        "sources.html",
        status_code=status_code,
        sources=health_rows(engine),
        webhooks=webhook_rows(engine),
        kinds=SOURCE_KINDS,
        max_poll=MAX_POLL_MINUTES,
        is_admin=has_role(user, "admin"),
        error=error,
    )


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request, _: Viewer, engine: Db) -> HTMLResponse:
    return sources_view(request, engine)


def _minutes(value: str) -> int:
    if not value.strip().isdigit():
        raise StoreError(f"poll_minutes: from 1 to {MAX_POLL_MINUTES}")
    return int(value.strip())


@router.post("/sources", dependencies=[Csrf])
def sources_add(
    request: Request,
    _: Admin,
    engine: Db,
    name: Annotated[str, Form(max_length=store.MAX_NAME)],
    url: Annotated[str, Form(max_length=store.MAX_URL)],
    kind: Annotated[str, Form()] = "feed",
    language: Annotated[str, Form(max_length=16)] = "",
    trust: Annotated[str, Form(max_length=2000)] = "",
    poll_minutes: Annotated[str, Form(max_length=8)] = "60",
) -> Response:
    """Add a source; a refusal (a taken name, a bad URL) is shown on the page (422)."""
    try:
        with engine.begin() as conn:
            store.add_source(
                conn,
                name,
                kind,
                url.strip(),
                language.strip() or None,
                trust.strip() or None,
                _minutes(poll_minutes),
            )
    except StoreError as error:
        return sources_view(request, engine, 422, str(error))
    return back("/sources")


@router.post("/sources/{source_id}/remove", dependencies=[Csrf])
def sources_remove(source_id: SourceId, _: Admin, engine: Db) -> Response:
    """Stop watching a source; its stored stories and events stay."""
    with engine.begin() as conn:
        if not store.remove_source(conn, source_id):
            raise HTTPException(404, f"no source {source_id}")
    return back("/sources")
