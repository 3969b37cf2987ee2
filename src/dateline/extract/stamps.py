"""Page date stamps ("updated 10:20 AM UTC, Dec 13, 2023") and date strings from hints.

dateparser reads the date itself but fails on the label before it, so the label is matched
here and only the rest is parsed. Every datetime returned is timezone-aware: a stamp without
a zone is taken as UTC, so that later stages can compare page dates without surprises.
"""

from __future__ import annotations

import re
import warnings
from datetime import UTC, date, datetime, timedelta, timezone

import dateparser

from dateline.time.expressions import MONTHS

_LABEL = re.compile(
    r"^\W*(?P<label>(?:last\s+)?(?:updated|modified|edited|revised)|(?:first\s+|originally\s+)?"
    r"(?:published|posted)|date(?:\s+published)?)"
    r"(?:\s+(?:on|at))?\s*[:\-–—|]?\s*(?P<stamp>.{6,80}?)\W*$",
    re.IGNORECASE,
)
# A bare date line needs a year and a month (by name or number) to count as a stamp.
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_MONTH = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\b"
    r"|\b\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b",
    re.IGNORECASE,
)
_DATEPARSER_SETTINGS = {
    "TIMEZONE": "UTC",
    "RETURN_AS_TIMEZONE_AWARE": True,
    "PREFER_DATES_FROM": "past",
    "STRICT_PARSING": False,
}
MAX_BARE_STAMP_WORDS = 8
FIRST_WEB_YEAR = 1991


def parse_datetime(value: str) -> datetime | None:
    """A timezone-aware datetime from an ISO string or a human date, or None."""
    value = value.strip()
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        parsed = None
    if parsed is None:
        try:
            parsed = datetime.combine(date.fromisoformat(value), datetime.min.time())
        except ValueError:
            parsed = None
    if parsed is None:
        if not _YEAR.search(value) and not _MONTH.search(value):
            return None
        with warnings.catch_warnings():  # dateparser warns about pytz/regex internals
            warnings.simplefilter("ignore")
            parsed = dateparser.parse(value, languages=["en"], settings=_DATEPARSER_SETTINGS)
    if parsed is None:
        return None
    offset = parsed.utcoffset()
    if offset is None:
        return parsed.replace(tzinfo=UTC)
    # One kind of tzinfo everywhere (dateparser hands back pytz zones): a fixed offset.
    return parsed.replace(tzinfo=UTC if not offset else timezone(offset))


def parse_dated(value: str) -> datetime | None:
    """`parse_datetime` for a value that must name its year: "Wed Nov 23" or "9:55 AM ET"
    would otherwise be read as a day of the current year."""
    return parse_datetime(value) if _YEAR.search(value) else None


_DAY_MONTH = re.compile(
    r"\b(?:(?P<d1>\d{1,2})\s+(?P<m1>[a-z]{3,})|(?P<m2>[a-z]{3,})\.?\s+(?P<d2>\d{1,2}))\b", re.I
)


def day_without_year(value: str | None) -> tuple[int, int] | None:
    """(month, day) of a date hint that names no year, its month perhaps cut short ('17
    Decembe', 'Wed Nov 23'): too little for a date, enough to pick one inside the years the
    text allows. None when the hint names a year or no day and month."""
    if not value or _YEAR.search(value):
        return None
    for m in _DAY_MONTH.finditer(value):
        word = (m.group("m1") or m.group("m2")).lower()
        day = int(m.group("d1") or m.group("d2"))
        months = {number for name, number in MONTHS.items() if name.startswith(word)}
        if len(months) == 1 and 1 <= day <= 31:
            return months.pop(), day
    return None


# "/2019/nov/18/": the year, the month's name and the day, which htmldate does not read
_URL_MONTH_DAY = re.compile(
    r"/(?P<year>(?:19|20)\d\d)/(?P<month>[a-z]{3,9})/(?P<day>[0-3]?\d)/", re.IGNORECASE
)


def url_date(url: str | None) -> datetime | None:
    """The day a news URL carries in its path ("/2018/03/31/", "/2016-12-17/", read by
    htmldate, or "/2019/nov/18/"); None when the URL has none or it is not a plausible page
    date."""
    if not url:
        return None
    from htmldate.extractors import extract_url_date
    from htmldate.utils import Extractor

    options = Extractor(False, datetime.now(UTC).replace(tzinfo=None),
                        datetime(FIRST_WEB_YEAR, 1, 1), True, "%Y-%m-%d")  # fmt: skip
    found = extract_url_date(url, options)
    if found:
        return plausible_page_date(datetime.fromisoformat(found).replace(tzinfo=UTC))
    named = _URL_MONTH_DAY.search(url)
    month = MONTHS.get(named.group("month").lower()) if named else None
    if named is None or month is None:
        return None
    try:
        day = datetime(int(named.group("year")), month, int(named.group("day")), tzinfo=UTC)
    except ValueError:  # "/2019/feb/31/"
        return None
    return plausible_page_date(day)


def plausible_page_date(when: datetime | None) -> datetime | None:
    """`when` if a web page could carry it (the web era, not the future), else None.

    Templates emit placeholders such as 0001-01-01 or far-future expiry dates.
    """
    if when is None or when.year < FIRST_WEB_YEAR:
        return None
    if when > datetime.now(UTC) + timedelta(days=2):
        return None
    return when


def read_stamp(line: str) -> tuple[str, datetime] | None:
    """("updated" | "published", when) if the whole line is a page date stamp, else None."""
    stripped = line.strip()
    if len(stripped) > 100:
        return None
    match = _LABEL.match(stripped)
    if match:
        if not _YEAR.search(match.group("stamp")):  # "updated 2 hours ago": no fixed day
            return None
        when = plausible_page_date(parse_datetime(match.group("stamp")))
        if when is None:
            return None
        label = match.group("label").lower()
        kind = (
            "updated"
            if any(w in label for w in ("updat", "modif", "edit", "revis"))
            else ("published")
        )
        return kind, when
    if (
        len(stripped.split()) <= MAX_BARE_STAMP_WORDS
        and _YEAR.search(stripped)
        and _MONTH.search(stripped)
        and not re.search(r"[a-z]{3,}\s+[a-z]{3,}\s+[a-z]{3,}", stripped)  # prose, not a date
    ):
        when = plausible_page_date(parse_datetime(stripped))
        if when is not None:
            return "published", when
    return None
