"""Server-rendered pages: log-in, the map, the events table, one event beside its source
sentences with the review forms, and one article.

Templates autoescape everything: article text and replies are hostile input. Forms post
back here with the session's CSRF token and redirect (303) to the page they came from.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from sqlalchemy import Engine

from dateline.errors import StoreError
from dateline.events.taxonomy import get_taxonomy
from dateline.store import merging, review
from dateline.store.dashboard import dashboard
from dateline.store.queries import (
    EventFilter,
    article_texts,
    count_matching,
    event_detail,
    get_article,
    list_articles,
    search_events,
)
from dateline.store.schema import MAX_INTEGER
from dateline.store.users import has_role
from dateline.web.api import store_call
from dateline.web.auth import (
    User,
    authenticate,
    check_form_csrf,
    csrf_token,
    current_user,
    database,
    log_in,
    log_out,
    page_user,
    safe_next,
)
from dateline.web.filters import event_filter
from dateline.web.params import PAGE_SIZE, EventId, PageNumber

TEMPLATES = Path(__file__).resolve().parent / "templates"
CONTEXT_CHARS = 280

router = APIRouter(include_in_schema=False)
Viewer = Annotated[User, Depends(page_user("viewer"))]
Analyst = Annotated[User, Depends(page_user("analyst"))]
Db = Annotated[Engine, Depends(database)]
Csrf = Depends(check_form_csrf)


def safe_href(url: str | None) -> str | None:
    """Only http(s) links from pages are rendered as links (no javascript: URLs)."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def make_templates() -> Jinja2Templates:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True)
    env.filters["safe_href"] = safe_href
    return Jinja2Templates(env=env)


templates = make_templates()


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    user = current_user(request)
    context.update(
        user=user,
        csrf=csrf_token(request),
        can_review=has_role(user, "analyst"),
    )
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def back(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


# --- log-in ---------------------------------------------------------------------------------


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/") -> HTMLResponse:
    return render(request, "login.html", next=safe_next(next), error=None)


@router.post("/login", dependencies=[Csrf])
def login(
    request: Request,
    engine: Db,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    throttle = request.app.state.login_throttle
    address = request.client.host if request.client else None
    wait = throttle.wait(username, address)
    if wait:
        refused = render(
            request,
            "login.html",
            status_code=429,
            next=safe_next(next),
            error=f"Too many failed log-ins; try again in {wait} seconds.",
        )
        refused.headers["Retry-After"] = str(wait)
        return refused
    user = authenticate(engine, username, password)
    if user is None:
        throttle.failed(username, address)
        return render(
            request,
            "login.html",
            status_code=401,
            next=safe_next(next),
            error="Wrong user name or password.",
        )
    throttle.succeeded(username)
    log_in(request, user)
    return back(safe_next(next))


@router.post("/logout", dependencies=[Csrf])
def logout(request: Request) -> Response:
    log_out(request)
    return back("/login")


# --- map and table ------------------------------------------------------------------------


def filter_choices() -> dict[str, list[str]]:
    """The type and sub-event type lists of the filter form."""
    taxonomy = get_taxonomy()
    return {
        "event_types": list(taxonomy.event_types),
        "sub_event_types": sorted(taxonomy.sub_event_types),
    }


@router.get("/", response_class=HTMLResponse)
def index(request: Request, _: Viewer, wanted: Annotated[EventFilter, Depends(event_filter)]):
    config = {"tile_url": request.app.state.settings.tile_url}
    return render(
        request,
        "index.html",
        filters=wanted,
        query=urlencode(wanted.as_params()),
        config=config,
        **filter_choices(),
    )


# The table's sortable columns: header label -> sort key (ascending; "-" + key descending).
TABLE_SORTS = {"date": "date", "type": "type", "location": "country", "deaths": "fatalities"}
TABLE_SORT_KEYS = {key for name in TABLE_SORTS.values() for key in (name, "-" + name)}


def sort_links(query: str, current: str) -> dict[str, dict[str, str]]:
    """For each sortable header: the link (same filter, first page) and its arrow."""
    links = {}
    for label, key in TABLE_SORTS.items():
        following = "-" + key if current == key else key
        arrow = "▲" if current == key else "▼" if current == "-" + key else ""
        href = "/events?" + "&".join(part for part in (query, f"sort={following}") if part)
        links[label] = {"href": href, "arrow": arrow}
    return links


@router.get("/events", response_class=HTMLResponse)
def events_table(
    request: Request,
    _: Viewer,
    engine: Db,
    wanted: Annotated[EventFilter, Depends(event_filter)],
    page: PageNumber = 1,
    sort: str = "-date",
):
    """The table: filtered, sorted by a whitelisted key, paged with filter and sort kept."""
    if sort not in TABLE_SORT_KEYS:
        raise HTTPException(422, f"sort: choose one of {', '.join(sorted(TABLE_SORT_KEYS))}")
    page = max(page, 1)
    with engine.connect() as conn:
        total = count_matching(conn, wanted)
        rows = search_events(
            conn, wanted, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE, sort=sort
        )
    query = urlencode(wanted.as_params())
    paged = "&".join(part for part in (query, f"sort={sort}") if part)
    return render(
        request,
        "events.html",
        events=rows,
        total=total,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
        filters=wanted,
        query=query,
        paged=paged,
        sort=sort,
        sorts=sort_links(query, sort),
        **filter_choices(),
    )


def bar_width(value: int, values: list[int]) -> int:
    """A bar's width in percent of the largest value (0 when all are 0)."""
    largest = max(values, default=0)
    return round(100 * value / largest) if largest else 0


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard_page(
    request: Request, _: Viewer, engine: Db, wanted: Annotated[EventFilter, Depends(event_filter)]
):
    """What an analyst opens each morning, for the same filter as the map and the table."""
    with engine.connect() as conn:
        figures = dashboard(conn, wanted)
    return render(
        request,
        "dashboard.html",
        filters=wanted,
        query=urlencode(wanted.as_params()),
        bar=bar_width,
        **figures,
        **filter_choices(),
    )


# --- one event ---------------------------------------------------------------------------


def in_context(text: str | None, mention: dict[str, Any]) -> dict[str, str]:
    """The evidence sentence with some article text either side (plain strings; the
    template escapes them and marks the evidence)."""
    start, end = mention.get("evidence_start"), mention.get("evidence_end")
    if not text or start is None or end is None or not 0 <= start <= end <= len(text):
        return {"before": "", "evidence": mention["evidence"], "after": ""}
    first = max(0, start - CONTEXT_CHARS)
    last = min(len(text), end + CONTEXT_CHARS)
    before = text[first:start]
    after = text[end:last]
    if first > 0:
        before = "…" + before.split(" ", 1)[-1]
    if last < len(text):
        after = after.rsplit(" ", 1)[0] + "…"
    return {"before": before, "evidence": text[start:end], "after": after}


def reply_tree(flat: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Replies nested under the reply they answer (`children`), oldest first at each level;
    a reply whose parent is gone is shown at the top level rather than lost."""
    by_id = {c["id"]: {**c, "children": []} for c in flat}
    roots: list[dict[str, Any]] = []
    for comment in by_id.values():
        parent = by_id.get(comment.get("parent_id"))
        (parent["children"] if parent else roots).append(comment)
    return roots


# The review form's fields, in the order it shows them (every one `review.EDITABLE` has but
# the event type, which follows from the sub-event type).
FORM_FIELDS = tuple(name for name in review.EDITABLE if name != "event_type")


def form_value(name: str, value: Any) -> str:
    """A record's value as the review form's field shows it."""
    if value is None:
        return ""
    if name == "assoc_actors":
        return "; ".join(str(actor.get("name") or "") for actor in value)
    return str(value)


def review_form(event: dict[str, Any], typed: dict[str, str] | None = None) -> dict[str, str]:
    """What each field of the review form holds: the record, or what the analyst typed."""
    shown = {name: form_value(name, event.get(name)) for name in FORM_FIELDS}
    shown.update(typed or {})
    return shown


def event_view(
    request: Request,
    engine: Engine,
    event_id: int,
    status_code: int = 200,
    error: str | None = None,
    typed: dict[str, str] | None = None,
) -> HTMLResponse:
    """The event page; after a refused Confirm it keeps what the analyst typed."""
    with engine.connect() as conn:
        event = event_detail(conn, event_id)
        if event is None:
            raise HTTPException(404, f"no event {event_id}")
        texts = article_texts(conn, sorted({m["document_id"] for m in event["mentions"]}))
    for mention in event["mentions"]:
        mention["context"] = in_context(texts.get(mention["document_id"]), mention)
    taxonomy = get_taxonomy()
    return render(
        request,
        "event.html",
        status_code=status_code,
        event=event,
        error=error,
        form=review_form(event, typed),
        replies=reply_tree(event["comments"]),
        sub_event_types=sorted(taxonomy.sub_event_types),
    )


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: EventId, _: Viewer, engine: Db):
    return event_view(request, engine, event_id)


def _typed(form: Any) -> dict[str, str]:
    """The review form's editable fields as sent."""
    return {name: str(form[name]) for name in FORM_FIELDS if name in form}


@router.post("/events/{event_id}/review", dependencies=[Csrf])
async def event_review(request: Request, event_id: EventId, user: Analyst, engine: Db) -> Response:
    """Confirm, correct or reject. A Confirm sent with edited fields is refused (409, the
    edits kept in the form): confirming would silently throw them away."""
    form = await request.form()
    action = form.get("action")
    note = str(form.get("note") or "").strip() or None
    typed = _typed(form)
    try:
        with engine.begin() as conn:
            if action == "confirm":
                edited = review.pending_edits(conn, event_id, typed)
                if edited:
                    message = (
                        f"Not confirmed: you edited {', '.join(edited)}. Press Save correction "
                        "to keep the edits, or reload the page to drop them and confirm."
                    )
                    return event_view(request, engine, event_id, 409, message, typed)
                review.confirm(conn, event_id, user, note)
            elif action == "reject":
                review.reject(conn, event_id, user, note)
            elif action == "correct":
                review.correct(conn, event_id, user, typed, note)
            else:
                raise HTTPException(422, "action must be confirm, correct or reject")
    except review.NotFound as error:
        raise HTTPException(404, str(error)) from None
    except StoreError as error:
        raise HTTPException(422, str(error)) from None
    return back(f"/events/{event_id}")


def _event_number(value: str) -> int:
    """An event number typed in a form ("12" or "SY12"), bounded like every id."""
    digits = value.strip().lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    if not digits.isdigit() or not 1 <= int(digits) <= MAX_INTEGER:
        raise HTTPException(422, "other: give the number of the event to merge in")
    return int(digits)


@router.post("/events/{event_id}/merge", dependencies=[Csrf])
def event_merge(
    event_id: EventId,
    user: Analyst,
    engine: Db,
    other: Annotated[str, Form()],
    note: Annotated[str | None, Form()] = None,
) -> Response:
    """Merge the event typed into this one."""
    note = (note or "").strip() or None
    store_call(merging.merge, engine, event_id, _event_number(other), user, note)
    return back(f"/events/{event_id}#history")


@router.post("/events/{event_id}/split", dependencies=[Csrf])
def event_split(
    event_id: EventId,
    user: Analyst,
    engine: Db,
    document_id: Annotated[str, Form(max_length=64)],
) -> Response:
    """Split one source off into a new event, and show the new event."""
    new_id = store_call(merging.split, engine, event_id, document_id, user)
    return back(f"/events/{new_id}")


@router.post("/events/{event_id}/tags", dependencies=[Csrf])
def event_tags(
    event_id: EventId,
    user: Analyst,
    engine: Db,
    tag: Annotated[str, Form()],
    action: Annotated[str, Form()] = "add",
) -> Response:
    change = review.remove_tag if action == "remove" else review.add_tag
    store_call(change, engine, event_id, user, tag)
    return back(f"/events/{event_id}#tags")


def _parent_id(value: str | None) -> int | None:
    """The reply answered (an empty field: none); bounded like every id from outside."""
    if value is None or not value.strip():
        return None
    if not value.strip().isdigit() or not 1 <= int(value) <= MAX_INTEGER:
        raise HTTPException(422, "parent_id: must be a reply's id")
    return int(value)


@router.post("/events/{event_id}/reply", dependencies=[Csrf])
def event_reply(
    event_id: EventId,
    user: Analyst,
    engine: Db,
    body: Annotated[str, Form()],
    parent_id: Annotated[str | None, Form()] = None,
) -> Response:
    parent = _parent_id(parent_id)
    reply_id = store_call(review.add_comment, engine, event_id, user, body, parent)
    return back(f"/events/{event_id}#reply-{reply_id}")


# --- articles ------------------------------------------------------------------------------


@router.get("/articles", response_class=HTMLResponse)
def articles_table(request: Request, _: Viewer, engine: Db, page: PageNumber = 1):
    page = max(page, 1)
    with engine.connect() as conn:
        rows, total = list_articles(conn, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    return render(
        request,
        "articles.html",
        articles=rows,
        total=total,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
    )


def highlighted(text: str, found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The article text cut into plain pieces and evidence pieces (non-overlapping)."""
    pieces: list[dict[str, Any]] = []
    cursor = 0
    for mention in sorted(found, key=lambda m: m["evidence_start"] or 0):
        start, end = mention.get("evidence_start"), mention.get("evidence_end")
        if start is None or end is None or start < cursor or end > len(text):
            continue
        if start > cursor:
            pieces.append({"text": text[cursor:start]})
        pieces.append({"text": text[start:end], "mention": mention})
        cursor = end
    if cursor < len(text):
        pieces.append({"text": text[cursor:]})
    return pieces


@router.get("/articles/{document_id}", response_class=HTMLResponse)
def article_page(request: Request, document_id: str, _: Viewer, engine: Db):
    with engine.connect() as conn:
        article = get_article(conn, document_id)
    if article is None:
        raise HTTPException(404, f"no article {document_id}")
    return render(
        request,
        "article.html",
        article=article,
        pieces=highlighted(article["text"], article["mentions"]),
    )
