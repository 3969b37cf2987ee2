"""An analyst's review of an event: confirm, correct, reject, tags and replies.

Every change writes a `changes` row with the old and the new value, so a correction keeps
the machine's version in the history; the event records when and by whom it was last updated.
`user` is a dict with at least `id` and `username` (see `dateline.store.users`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from dateline.errors import StoreError
from dateline.events.taxonomy import get_taxonomy
from dateline.model import to_jsonable
from dateline.store.export import country_names
from dateline.store.rows import records, round_coordinate
from dateline.store.schema import changes, comments, event_tags, events, tags, users

User = dict[str, Any]

# Fields an analyst may correct, with the type each value is read as.
EDITABLE: dict[str, type] = {
    "event_type": str,
    "sub_event_type": str,
    "actor1": str,
    "actor1_inter": int,
    "actor2": str,
    "actor2_inter": int,
    "location": str,
    "admin1": str,
    "country": str,
    "latitude": float,
    "longitude": float,
    "geo_precision": int,
    "event_date": date,
    "time_precision": int,
    "fatalities": int,
    "notes": str,
    "assoc_actors": list,
}
MAX_TAG = 64
MAX_COMMENT = 10_000


class NotFound(StoreError):
    """The event (or comment, or tag) asked for does not exist."""


def _event(conn: Connection, event_id: int) -> dict[str, Any]:
    row = conn.execute(select(events).where(events.c.id == event_id)).mappings().one_or_none()
    if row is None:
        raise NotFound(f"no event {event_id}")
    return dict(row)


def _log(
    conn: Connection,
    event_id: int,
    user: User,
    action: str,
    field: str | None = None,
    old: Any = None,
    new: Any = None,
    note: str | None = None,
) -> None:
    conn.execute(
        insert(changes).values(
            event_id=event_id,
            user_id=user["id"],
            at=datetime.now(UTC),
            action=action,
            field=field,
            old_value=to_jsonable(old),
            new_value=to_jsonable(new),
            note=note,
        )
    )


def _touch(conn: Connection, event_id: int, user: User, **values: Any) -> None:
    conn.execute(
        update(events)
        .where(events.c.id == event_id)
        .values(**values, updated_at=datetime.now(UTC), updated_by=user["username"])
    )


def _set_status(conn: Connection, event_id: int, user: User, status: str, note: str | None):
    current = _event(conn, event_id)
    _log(conn, event_id, user, "status", "status", current["status"], status, note)
    _touch(conn, event_id, user, status=status)


def confirm(conn: Connection, event_id: int, user: User, note: str | None = None) -> None:
    """The analyst agrees with the record as it stands."""
    _set_status(conn, event_id, user, "confirmed", note)


def reject(conn: Connection, event_id: int, user: User, note: str | None = None) -> None:
    """Not a real event (or not one to keep): hidden from lists unless asked for."""
    _set_status(conn, event_id, user, "rejected", note)


class InvalidField(StoreError):
    """A corrected value outside its field's range or vocabulary; names the field."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field


# Longest text an analyst may store per field (a reply's limit for the notes).
TEXT_LIMITS = {
    "event_type": 64,
    "sub_event_type": 96,
    "actor1": 300,
    "actor2": 300,
    "location": 200,
    "admin1": 200,
    "assoc_actors": 300,  # each name
    "notes": MAX_COMMENT,
}
# ACLED's inter codes 1-8, precision codes 1-3; fatalities a count nobody reports more of.
INT_RANGES = {
    "actor1_inter": (1, 8),
    "actor2_inter": (1, 8),
    "geo_precision": (1, 3),
    "time_precision": (1, 3),
    "fatalities": (0, 1_000_000),
}
FLOAT_RANGES = {"latitude": (-90.0, 90.0), "longitude": (-180.0, 180.0)}
EARLIEST_DAY = date(1900, 1, 1)
# Control characters break exports and PostgreSQL refuses NUL; notes may keep line breaks.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAK = re.compile(r"[\t\n\r]")


def _whole_number(field: str, value: Any) -> int:
    """An int from an int, a whole float or digits; bools and fractions are refused."""
    low, high = INT_RANGES[field]
    problem = f"must be a whole number from {low:,} to {high:,}"
    if isinstance(value, bool):
        raise InvalidField(field, problem)
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            raise InvalidField(field, problem)
        value = int(value)
    elif isinstance(value, str):
        if not re.fullmatch(r"[+-]?\d{1,12}", value.strip()):
            raise InvalidField(field, problem)
        value = int(value.strip())
    if not isinstance(value, int) or not low <= value <= high:
        raise InvalidField(field, problem)
    return value


def _coordinate(field: str, value: Any) -> float:
    low, high = FLOAT_RANGES[field]
    problem = f"must be a number from {low:g} to {high:g}"
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise InvalidField(field, problem)
    try:
        number = float(value.strip() if isinstance(value, str) else value)
    except (ValueError, OverflowError):
        raise InvalidField(field, problem) from None
    if not math.isfinite(number) or not low <= number <= high:
        raise InvalidField(field, problem)
    return round_coordinate(number)


def _day(field: str, value: Any) -> date:
    latest = datetime.now(UTC).date() + timedelta(days=1)  # tomorrow somewhere on Earth
    problem = f"must be a day from {EARLIEST_DAY} to {latest}, as YYYY-MM-DD"
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidField(field, problem) from None
    if isinstance(day, datetime) or not EARLIEST_DAY <= day <= latest:
        raise InvalidField(field, problem)
    return day


def _country(field: str, value: Any) -> str:
    """An ISO 3166 alpha-2 code the gazetteer knows (not a longer code cut to two)."""
    code = str(value).strip().upper()
    known = country_names()
    if not re.fullmatch(r"[A-Z]{2}", code) or (known and code not in known):
        raise InvalidField(field, f"{str(value)[:20]!r} is not an ISO 3166 two-letter code")
    return code


def _text(field: str, value: Any) -> str:
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise InvalidField(field, "must be text")
    text = str(value).strip()
    limit = TEXT_LIMITS[field]
    if len(text) > limit:
        raise InvalidField(field, f"must have at most {limit:,} characters")
    if _CONTROL.search(text) or (field != "notes" and _LINE_BREAK.search(text)):
        raise InvalidField(field, "must not contain control characters or line breaks")
    return text


MAX_ASSOC_ACTORS = 20


def _inter_code(field: str, value: Any) -> int:
    """An inter code checked as actor1's is, the error naming `field`."""
    try:
        return _whole_number("actor1_inter", value)
    except InvalidField:
        raise InvalidField(field, "inter codes must be whole numbers from 1 to 8") from None


def _assoc_actors(field: str, value: Any) -> list[dict[str, Any]]:
    """Associated actors as stored ({"name", "inter"} each), from a list of names or
    {"name": ..., "inter": ...} dicts, or from one text with names separated by ';' (ACLED's
    own separator, what the review form sends)."""
    if isinstance(value, str):
        items: list[Any] = [part for part in value.split(";") if part.strip()]
    elif isinstance(value, list):
        items = value
    else:
        raise InvalidField(field, "must be a list of actor names")
    if len(items) > MAX_ASSOC_ACTORS:
        raise InvalidField(field, f"at most {MAX_ASSOC_ACTORS} actors")
    actors = []
    for item in items:
        name, inter = (
            (item.get("name"), item.get("inter")) if isinstance(item, dict) else (item, None)
        )
        actors.append(
            {
                "name": _text(field, name) if name is not None else "",
                "inter": None if inter in (None, "") else _inter_code(field, inter),
            }
        )
    if any(not actor["name"] for actor in actors):
        raise InvalidField(field, "every actor needs a name")
    return actors


def _notes(field: str, value: Any) -> str:
    """Notes keep their line breaks, as plain newlines (a textarea sends CR LF)."""
    return _text(field, value.replace("\r\n", "\n") if isinstance(value, str) else value)


def _sub_event_type(field: str, value: Any) -> str:
    try:
        return get_taxonomy().canonical(_text(field, value))
    except KeyError as error:
        raise InvalidField(field, str(error.args[0])) from None


CHECKS: dict[str, Callable[[str, Any], Any]] = {
    **dict.fromkeys(("actor1", "actor2", "location", "admin1", "event_type"), _text),
    "notes": _notes,
    "assoc_actors": _assoc_actors,
    **dict.fromkeys(INT_RANGES, _whole_number),
    **dict.fromkeys(FLOAT_RANGES, _coordinate),
    "sub_event_type": _sub_event_type,
    "country": _country,
    "event_date": _day,
}
assert set(CHECKS) == set(EDITABLE)


def check_correction(values: dict[str, Any]) -> dict[str, Any]:
    """Every corrected value read as its column's type and checked against its range or
    vocabulary; '' and None clear a field. The one rule the API, the form and the CLI use:
    an `InvalidField` (a StoreError naming the field) for the first bad value."""
    checked: dict[str, Any] = {}
    for field, value in values.items():
        if field not in EDITABLE:
            raise InvalidField(field, f"cannot be corrected; editable: {', '.join(EDITABLE)}")
        if value is None or (isinstance(value, str) and not value.strip()):
            if field in ("event_type", "sub_event_type"):
                raise InvalidField(field, "cannot be empty")
            checked[field] = None
        else:
            checked[field] = CHECKS[field](field, value)
    if "sub_event_type" in checked:
        checked["event_type"] = get_taxonomy().event_type_of(checked["sub_event_type"])
    return checked


def _comparable(field: str, value: Any) -> Any:
    """A stored value as a checked one would be (coordinates rounded, no empty lists)."""
    if field in FLOAT_RANGES:
        return round_coordinate(value)
    if field == "assoc_actors":
        return [{"name": a.get("name"), "inter": a.get("inter")} for a in value or []] or None
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip() or None
    return value


def differences(current: dict[str, Any], checked: dict[str, Any]) -> dict[str, Any]:
    """The checked values that differ from the record (noise in a stored float and extra
    keys of a stored actor are not a difference)."""
    found = {}
    for field, value in checked.items():
        new = [] if field == "assoc_actors" and value is None else value
        if _comparable(field, new) != _comparable(field, current[field]):
            found[field] = value
    return found


def pending_edits(conn: Connection, event_id: int, values: dict[str, Any]) -> list[str]:
    """The fields a review form would change: a Confirm must not drop them silently."""
    current = _event(conn, event_id)
    try:
        checked = check_correction(values)
    except InvalidField as error:
        return [error.field]
    checked.pop("event_type", None)
    return list(differences(current, checked))


def correct(
    conn: Connection,
    event_id: int,
    user: User,
    values: dict[str, Any],
    note: str | None = None,
) -> list[str]:
    """Change coded fields; returns the names of the fields that changed.

    A sub-event type must be one of the taxonomy's; the event type follows from it. The
    event becomes 'corrected', so later reports no longer recombine its fields.
    """
    current = _event(conn, event_id)
    wanted = check_correction(values)
    new_type = wanted.get("event_type", current["event_type"])
    if "sub_event_type" not in values and new_type != current["event_type"]:
        raise InvalidField("event_type", "correct the sub_event_type; the event_type follows")
    changed = differences(current, wanted)
    for field, value in changed.items():
        _log(conn, event_id, user, "correct", field, current[field], value, note)
    if current["status"] != "corrected":
        _log(conn, event_id, user, "status", "status", current["status"], "corrected", note)
    _touch(conn, event_id, user, status="corrected", **changed)
    return list(changed)


def _tag_id(conn: Connection, name: str, create: bool) -> int | None:
    found = conn.execute(select(tags.c.id).where(tags.c.name == name)).scalar_one_or_none()
    if found is None and create:
        found = conn.execute(insert(tags).values(name=name)).inserted_primary_key[0]
    return found


def clean_tag(name: str) -> str:
    """Tags are trimmed, lower-case, 1 to 64 characters."""
    cleaned = " ".join(name.split()).lower()
    if not cleaned or len(cleaned) > MAX_TAG:
        raise StoreError(f"a tag must have 1 to {MAX_TAG} characters")
    return cleaned


def add_tag(conn: Connection, event_id: int, user: User, name: str) -> bool:
    """Tag an event; False when it had the tag already."""
    _event(conn, event_id)
    name = clean_tag(name)
    tag_id = _tag_id(conn, name, create=True)
    present = conn.execute(
        select(event_tags.c.tag_id).where(
            event_tags.c.event_id == event_id, event_tags.c.tag_id == tag_id
        )
    ).first()
    if present is not None:
        return False
    conn.execute(
        insert(event_tags).values(
            event_id=event_id, tag_id=tag_id, user_id=user["id"], created_at=datetime.now(UTC)
        )
    )
    _log(conn, event_id, user, "tag", "tags", None, name)
    _touch(conn, event_id, user)
    return True


def remove_tag(conn: Connection, event_id: int, user: User, name: str) -> bool:
    """Untag an event; False when it did not have the tag."""
    _event(conn, event_id)
    name = clean_tag(name)
    tag_id = _tag_id(conn, name, create=False)
    if tag_id is None:
        return False
    result = conn.execute(
        delete(event_tags).where(event_tags.c.event_id == event_id, event_tags.c.tag_id == tag_id)
    )
    if not result.rowcount:
        return False
    _log(conn, event_id, user, "untag", "tags", name, None)
    _touch(conn, event_id, user)
    return True


def event_tag_names(conn: Connection, event_id: int) -> list[str]:
    query = (
        select(tags.c.name)
        .join(event_tags, event_tags.c.tag_id == tags.c.id)
        .where(event_tags.c.event_id == event_id)
        .order_by(tags.c.name)
    )
    return list(conn.execute(query).scalars())


def add_comment(
    conn: Connection, event_id: int, user: User, body: str, parent_id: int | None = None
) -> int:
    """A reply on an event (optionally to another reply on it); its id."""
    _event(conn, event_id)
    body = body.strip()
    if not body or len(body) > MAX_COMMENT:
        raise StoreError(f"a reply must have 1 to {MAX_COMMENT:,} characters")
    if parent_id is not None:
        parent = conn.execute(
            select(comments.c.id).where(comments.c.id == parent_id, comments.c.event_id == event_id)
        ).first()
        if parent is None:
            raise NotFound(f"no reply {parent_id} on event {event_id}")
    stamp = datetime.now(UTC)
    return conn.execute(
        insert(comments).values(
            event_id=event_id, user_id=user["id"], parent_id=parent_id, body=body, created_at=stamp
        )
    ).inserted_primary_key[0]


def event_comments(conn: Connection, event_id: int) -> list[dict[str, Any]]:
    """Replies on an event, oldest first, with their authors' names."""
    query = (
        select(comments, users.c.username)
        .outerjoin(users, users.c.id == comments.c.user_id)
        .where(comments.c.event_id == event_id)
        .order_by(comments.c.created_at, comments.c.id)
    )
    return records(conn.execute(query))


def history(conn: Connection, event_id: int) -> list[dict[str, Any]]:
    """Every recorded change of an event, oldest first, with who made it."""
    query = (
        select(changes, users.c.username)
        .outerjoin(users, users.c.id == changes.c.user_id)
        .where(changes.c.event_id == event_id)
        .order_by(changes.c.at, changes.c.id)
    )
    return records(conn.execute(query))
