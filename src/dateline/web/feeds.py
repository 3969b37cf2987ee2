"""Any filtered view of events as an Atom feed (issue 18, point 4), for a feed reader:
`/api/events.atom?country=SY&event_type=Battles` with the same filters and the same API
token as `/api/events`, or with a feed key in the URL (`&key=...`, see `feed_keys_api`) for
readers that cannot send a header. Each entry is one event (type, actors, place, date, fatalities,
evidence and sources), the most recently changed first; a corrected event comes back with a
new `<updated>`, so readers show it again."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any
from xml.etree import ElementTree as ET

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response
from sqlalchemy import Engine

from dateline.store.feed_keys import user_for_feed_key
from dateline.store.queries import EventFilter, search_events, sources_of
from dateline.store.repository import get_event
from dateline.store.users import has_role
from dateline.web.auth import User, current_user, database, engine_of
from dateline.web.filters import event_filter

router = APIRouter(prefix="/api", tags=["exports"])
ATOM = "http://www.w3.org/2005/Atom"
ET.register_namespace("", ATOM)
BEARER = {"WWW-Authenticate": "Bearer"}


def feed_reader(
    request: Request,
    key: str | None = Query(None, max_length=128, description="A feed key, instead of a token"),
) -> User:
    """The reader: a valid feed key (401 when wrong or revoked), else a viewer's token or
    session (401 without either). Plain `def`: both look-ups read the database."""
    if key is None:
        user = current_user(request)
        if user is None:
            raise HTTPException(401, "log in, send an API token or add ?key=", BEARER)
        if not has_role(user, "viewer"):
            raise HTTPException(403, f"this needs the viewer role; you are {user['role']}")
        return user
    with engine_of(request).begin() as conn:
        user = user_for_feed_key(conn, key)
    if user is None:
        raise HTTPException(401, "invalid or revoked feed key")
    return user


Reader = Annotated[User, Depends(feed_reader)]
Db = Annotated[Engine, Depends(database)]
Filter = Annotated[EventFilter, Depends(event_filter)]


def _stamp(value: Any) -> str:
    """RFC 3339 as Atom wants it; SQLite gives naive UTC datetimes back."""
    if not isinstance(value, datetime):
        return datetime.now(UTC).isoformat()
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def _known(value: Any) -> str:
    return "unknown" if value is None else str(value)


def summary_of(event: dict[str, Any]) -> str:
    """The record in a few plain lines: what, who, where, when, how many, which sentence."""
    actors = " vs ".join(a for a in (event.get("actor1"), event.get("actor2")) if a)
    place = ", ".join(
        str(p) for p in (event.get("location"), event.get("admin1"), event.get("country")) if p
    )
    lines = [
        f"{event['event_type']}: {event['sub_event_type']}",
        f"Actors: {actors or 'unknown'}",
        f"Place: {place or 'unknown'}",
        f"Date: {event.get('event_date') or 'unknown'}",
        f"Fatalities: {_known(event.get('fatalities'))}",
        f"Status: {event.get('status')}",
    ]
    for mention in event.get("mentions", []):
        where = mention.get("url") or mention.get("document_uri")
        lines.append(f"Evidence: \u201c{mention['evidence']}\u201d ({where})")
    return "\n".join(lines)


def entry_for(feed: ET.Element, event: dict[str, Any], base: str) -> None:
    entry = _add(feed, "entry")
    _add(entry, "id", f"{base}/events/{event['id']}")
    place = event.get("location") or event.get("country") or "unknown place"
    title = f"{event['sub_event_type']} in {place}"
    _add(entry, "title", f"{title}, {event.get('event_date') or 'date unknown'}")
    _add(entry, "updated", _stamp(event.get("updated_at")))
    _add(entry, "published", _stamp(event.get("created_at")))
    _add(entry, "link", href=f"{base}/events/{event['id']}", rel="alternate")
    _add(entry, "category", term=event["event_type"])
    _add(entry, "category", term=event["sub_event_type"])
    for source in event.get("sources_list", []):
        if source.get("url"):
            _add(entry, "link", href=source["url"], rel="related", title=source.get("title") or "")
    _add(entry, "summary", summary_of(event), type="text")


@router.get("/events.atom", response_class=Response)
def events_atom(
    request: Request,
    _: Reader,
    engine: Db,
    wanted: Filter,
    limit: int = Query(50, ge=1, le=500),
) -> Response:
    """The newest (most recently changed) matching events as an Atom feed."""
    base = str(request.base_url).rstrip("/")
    with engine.connect() as conn:
        rows = search_events(conn, wanted, limit=limit, offset=0, sort="-updated")
        # what an entry shows: the event, its mentions and their sources (not the tags,
        # replies and history `event_detail` also reads)
        found = [get_event(conn, row["id"]) for row in rows]
        for event in found:
            if event is not None:
                event["sources_list"] = sources_of(event["mentions"])
    feed = ET.Element(f"{{{ATOM}}}feed")
    _add(feed, "id", str(request.url.remove_query_params("key")))
    _add(feed, "title", "dateline events")
    _add(feed, "updated", _stamp(found[0]["updated_at"]) if found else _stamp(None))
    _add(_add(feed, "author"), "name", "dateline")
    _add(feed, "link", href=str(request.url), rel="self")
    _add(feed, "generator", "dateline")
    for event in found:
        if event is not None:
            entry_for(feed, event, base)
    body = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return Response(body, media_type="application/atom+xml; charset=utf-8")
