"""The records that flow through the pipeline (see DESIGN.md, "Data model").

Plain dataclasses: picklable (so `analyze` runs unchanged on a worker process or a
cluster) and turned into JSON with `to_dict`. Field names are the API's and the database's.
"""

from __future__ import annotations

import dataclasses
import hashlib
import types
import typing
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


def sha256_hex(data: bytes) -> str:
    """Content address of a document: the same bytes always get the same id."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Document:
    """Raw input exactly as read: bytes plus what the reader knew about them.

    `hints` carries metadata supplied next to the bytes (a JSONL record's `url`,
    `published`, `title`), which extraction prefers over what it can guess.
    """

    id: str
    uri: str
    raw: bytes
    media_type: str  # "text/plain" or "text/html"
    fetched_at: datetime | None = None
    hints: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_bytes(
        cls,
        raw: bytes,
        uri: str,
        media_type: str,
        hints: dict[str, str] | None = None,
        fetched_at: datetime | None = None,
    ) -> Document:
        return cls(sha256_hex(raw), uri, raw, media_type, fetched_at, dict(hints or {}))


@dataclass(frozen=True)
class Failure:
    """A document that could not be read or analysed, with a reason a user can act on."""

    id: str
    uri: str
    stage: str  # "ingest", "extract", "analyze"
    reason: str
    raw: bytes = b""
    media_type: str = "application/octet-stream"


@dataclass
class Span:
    """A piece of the article text with its character offsets in `Article.text`."""

    text: str
    start: int
    end: int


@dataclass
class Place:
    """A resolved toponym (or the place an event is coded at)."""

    text: str
    start: int
    end: int
    geonameid: int | None
    name: str
    country: str | None  # ISO 3166-1 alpha-2
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    kind: str = "city"  # "city", "admin1", "country", "region"
    metonym: bool = False  # "Moscow's intervention": the state acting, not a location
    geo_precision: int = 1  # ACLED: 1 town, 2 near/part of region, 3 province/country


@dataclass
class Actor:
    """An actor normalised to a canonical name with its ACLED inter code."""

    name: str
    inter: int | None  # 1 state forces ... 8 external/other forces
    text: str = ""  # the surface form in the article
    country: str | None = None


@dataclass
class Quote:
    speaker: str | None
    text: str
    start: int
    end: int


@dataclass
class Mention:
    """One event as one article tells it, with the sentence that says so."""

    event_type: str
    sub_event_type: str
    evidence: Span
    actor1: Actor | None = None
    actor2: Actor | None = None
    assoc_actors: list[Actor] = field(default_factory=list)
    place: Place | None = None
    date: date | None = None
    date_to: date | None = None  # last day when the report gives a range
    time_precision: int = 3  # ACLED: 1 day, 2 week, 3 month or vaguer
    fatalities: int | None = None
    background: bool = False
    confidence: float = 0.5
    reasons: list[str] = field(default_factory=list)  # why this sentence became this event
    # Further sentences of the same article that tell the same event (merged into this mention).
    evidence_also: list[Span] = field(default_factory=list)


@dataclass
class Rejection:
    """An event reading of a sentence that was set aside, and why: kept so an analyst can see
    what was not coded and for what reason (negated, a threat, a charge, a routine arrest, a
    metaphor). `mention` holds the reading as far as it was coded when the scope stage, which
    runs on typed mentions with their actors, set it aside; cue-level rejections have none."""

    evidence: Span  # the sentence
    reason: str
    mention: Mention | None = None


@dataclass
class Article:
    """Clean text and metadata of one document, and the event mentions found in it."""

    document_id: str
    text: str
    title: str | None = None
    url: str | None = None
    language: str | None = None
    site: str | None = None
    credit: str | None = None
    dateline_place: str | None = None
    page_published: datetime | None = None
    page_updated: datetime | None = None
    # (month, day) of a page date that names no year ("17 Decembe", "Wed Nov 23")
    page_day: tuple[int, int] | None = None
    story_date_from: date | None = None
    story_date_to: date | None = None
    story_day: date | None = None  # the most likely day inside the interval
    # the narrower range the usual reading gives (story_day lies inside): when it is wider
    # than a day, dates counted from the story's day are ranges, not days
    story_likely_from: date | None = None
    story_likely_to: date | None = None
    story_date_evidence: list[str] = field(default_factory=list)
    stale: bool | None = None
    chrome: list[str] = field(default_factory=list)  # page furniture removed from the text
    places: list[Place] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)  # readings out of scope, with why

    @property
    def reference_date(self) -> date | None:
        """The day relative dates ("on Sunday") are counted from: the story's most likely day,
        else the end of its interval, else the page date."""
        if self.story_day or self.story_date_to:
            return self.story_day or self.story_date_to
        stamp = self.page_published or self.page_updated
        return stamp.date() if stamp else None

    @property
    def likely_days(self) -> tuple[date, date] | None:
        """The first and last day the story is likely from, when its day is not known."""
        if self.story_likely_from and self.story_likely_to:
            return self.story_likely_from, self.story_likely_to
        return None

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable(dataclasses.asdict(self))


def to_jsonable(value: Any) -> Any:
    """Dates become ISO strings, containers are walked; everything else is left as is."""
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def from_jsonable(kind: Any, value: Any) -> Any:
    """The inverse of `to_jsonable` for a known type: rebuilds dataclasses, dates and lists.

    Used to read back records written as JSON (Parquet output of a cluster run) into the
    same objects `analyze` returns, so storing them reuses the one code path.
    """
    if value is None:
        return None
    if isinstance(kind, types.UnionType) or typing.get_origin(kind) is typing.Union:
        options = [k for k in typing.get_args(kind) if k is not type(None)]
        return from_jsonable(options[0], value) if len(options) == 1 else value
    origin = typing.get_origin(kind)
    if origin is list:
        (item,) = typing.get_args(kind) or (Any,)
        return [from_jsonable(item, v) for v in value]
    if origin is dict:
        return dict(value)
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        known = {f.name for f in dataclasses.fields(kind) if f.init}
        return kind(**{k: from_jsonable(hints[k], v) for k, v in value.items() if k in known})
    if kind is datetime:
        return datetime.fromisoformat(value)
    if kind is date:
        return date.fromisoformat(value)
    return value


def article_from_dict(data: dict[str, Any]) -> Article:
    """An Article (with its places, quotes and mentions) from `Article.to_dict()` output."""
    return from_jsonable(Article, data)
