"""Date expressions in one sentence, resolved against a reference day (the story's date).

Regexes over small tables (weekday and month names). The most specific expression wins:
an absolute date ("23 February 2022"), a weekday range ("from Friday to Saturday"), a day and
month ("Dec. 10"), a month and year ("November 2015"), a relative day ("yesterday",
"on Sunday"), a relative period ("last week", "last May"), and last a bare year ("in 2015").
A year inside a relative clause ("Palmyra, which fell to IS in 2015") describes the past of
something named in the sentence, not the sentence's event: it is listed in `past_years` but
does not date the event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "several": 3, "a few": 3, "few": 3,
}  # fmt: skip

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_MONTH_CAP = (
    r"(?P<month>(?:"
    + "|".join(m.capitalize() for m in sorted(MONTHS, key=len, reverse=True))
    + r"))\.?"
)
_WEEKDAY = r"(?:" + "|".join(WEEKDAYS) + r")"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_I = re.IGNORECASE

# Month names are capitalised in news text: "may" the verb must not become a month.
_ABSOLUTE = [
    re.compile(rf"\b{_DAY}\s+{_MONTH_CAP},?\s+{_YEAR}\b"),
    re.compile(rf"\b{_MONTH_CAP}\s+{_DAY},?\s+{_YEAR}\b"),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b"),
]
_DAY_MONTH = [
    re.compile(rf"\b{_DAY}\s+{_MONTH_CAP}(?![\w])"),
    re.compile(rf"\b{_MONTH_CAP}\s+{_DAY}\b(?!\s*(?:,\s*)?(?:19|20)\d\d)(?![\d:])"),
]
_MONTH_YEAR = re.compile(rf"\b{_MONTH_CAP},?\s+(?:of\s+)?{_YEAR}\b")
_WEEKDAY_RANGE = re.compile(
    rf"\b(?:from|between)\s+(?P<a>{_WEEKDAY})\s+(?:to|and|until|till|through)\s+(?P<b>{_WEEKDAY})\b",
    _I,
)
_RELATIVE_DAY = re.compile(
    r"\b(?P<expr>the\s+day\s+before\s+yesterday|yesterday|today|tonight|this\s+morning|"
    r"this\s+afternoon|this\s+evening|last\s+night|overnight|earlier\s+today)\b",
    _I,
)
_WEEKDAY_EXPR = re.compile(rf"\b(?P<last>last\s+)?(?P<wd>{_WEEKDAY})\b", _I)
_AGO = re.compile(
    r"\b(?P<n>\d+|a\s+few|an?|one|two|three|four|five|six|seven|eight|nine|ten|several|few)\s+"
    r"(?P<unit>day|days|week|weeks|month|months|year|years)\s+ago\b",
    _I,
)
_REL_PERIOD = re.compile(
    r"\b(?P<which>last|this|past|earlier\s+this|later\s+this|previous)\s+"
    r"(?P<unit>week|weekend|month|year)\b",
    _I,
)
_LAST_MONTH_NAME = re.compile(
    rf"\b(?P<last>last|this\s+past|in|since|earlier\s+this)\s+{_MONTH_CAP}(?![\w])"
)
_YEAR_RANGE = re.compile(r"\b(?P<y1>(?:19|20)\d\d)\s*[-–]\s*(?P<y2>(?:19|20)?\d\d)\b")
# A year may end a clause ("on August 15, 2021, as ..."); "2,021" and "2021%" are numbers.
_BARE_YEAR = re.compile(r"(?<![\d,.$£€])\b(?P<year>(?:19|20)\d\d)\b(?!\d|,\d|\s*%)")
_RELATIVE_CLAUSE = re.compile(r"\b(?:which|who|whom|that|since|when)\b[^,;:]*$", _I)


@dataclass
class EventDate:
    date: date | None  # first day
    date_to: date | None  # last day when a range ("from Friday to Saturday")
    precision: int  # ACLED time_precision: 1 day, 2 week/few days, 3 month or vaguer
    past_years: list[int] = field(default_factory=list)  # explicit years mentioned
    evidence: str | None = None  # the expression used


def weekday_on_or_before(day: date, weekday: int) -> date:
    return day - timedelta(days=(day.weekday() - weekday) % 7)


def month_on_or_before(reference: date, month: int, strictly_before: bool = False) -> int:
    """The year of the latest `month` at or before the reference's month."""
    if month < reference.month or (month == reference.month and not strictly_before):
        return reference.year
    return reference.year - 1


def _month(m: re.Match[str]) -> int:
    if "mnum" in m.groupdict() and m.group("mnum"):
        return int(m.group("mnum"))
    return MONTHS[m.group("month").lower().rstrip(".")]


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def explicit_years(text: str) -> list[int]:
    """Four-digit years (1900-2099) named in the text, in order, without repeats."""
    years: list[int] = []
    for m in _YEAR_RANGE.finditer(text):
        y1 = int(m.group("y1"))
        y2s = m.group("y2")
        y2 = int(y2s) if len(y2s) == 4 else (y1 // 100) * 100 + int(y2s)
        for y in (y1, y2):
            if y not in years and 1900 <= y <= 2099:
                years.append(y)
    for m in _BARE_YEAR.finditer(text):
        y = int(m.group("year"))
        if y not in years:
            years.append(y)
    return years


def _in_relative_clause(sentence: str, start: int) -> bool:
    return bool(_RELATIVE_CLAUSE.search(sentence[:start]))


def _in_name(sentence: str, m: re.Match[str]) -> bool:
    """The word "Today" ending a name ("Horn Africa Today", "USA Today"): not a date."""
    word = m.group()
    before = sentence[: m.start()].rstrip().split()
    return word[:1].isupper() and bool(before) and before[-1][:1].isupper() and m.start() > 0


WEEK_DAYS = 7

# "Three days of intense fighting ... ended Saturday": the event ran up to the day named
_DAYS_OF = re.compile(
    r"\b(?P<n>\d+|two|three|four|five|six|seven)\s+days\s+of\b(?=.*\b(?:ended|ending|end)\b)", _I
)


def resolve_event_date(sentence: str, reference: date | None) -> EventDate:
    """The date a sentence gives its event, relative to `reference` (the story's date); the
    days before it too when the sentence tells a span that ended that day."""
    found = _resolve_event_date(sentence, reference)
    span = _DAYS_OF.search(sentence)
    one_day = found.evidence is not None and found.date and not found.date_to
    if span is None or not one_day or found.precision != 1:
        return found
    days = _count(span.group("n"))
    if not 1 < days <= WEEK_DAYS:
        return found
    first = found.date - timedelta(days=days - 1)
    return EventDate(first, found.date, 2, found.past_years, f"{span.group()} ... {found.evidence}")


def _count(text: str) -> int:
    """'3', 'three', 'a few' as a number (1 when the words are not known)."""
    words = " ".join(text.lower().split())
    return int(words) if words.isdigit() else NUMBER_WORDS.get(words, 1)


def _resolve_event_date(sentence: str, reference: date | None) -> EventDate:
    past = explicit_years(sentence)
    ref = reference

    for rx in _ABSOLUTE:
        m = rx.search(sentence)
        if m:
            day = _safe_date(int(m.group("year")), _month(m), int(m.group("day")))
            if day:
                return EventDate(day, None, 1, past, m.group())

    m = _WEEKDAY_RANGE.search(sentence)
    if m:
        if ref is None:
            return EventDate(None, None, 3, past, m.group())
        last = weekday_on_or_before(ref, WEEKDAYS.index(m.group("b").lower()))
        first = weekday_on_or_before(last, WEEKDAYS.index(m.group("a").lower()))
        return EventDate(first, last, 2 if (last - first).days > 1 else 1, past, m.group())

    for rx in _DAY_MONTH:
        m = rx.search(sentence)
        if m and 1 <= int(m.group("day")) <= 31:
            month = _month(m)
            if ref is None:
                return EventDate(None, None, 3, past, m.group())
            year = ref.year
            day = _safe_date(year, month, int(m.group("day")))
            if day and day > ref:
                day = _safe_date(year - 1, month, int(m.group("day")))
            if day:
                return EventDate(day, None, 1, past, m.group())

    m = _MONTH_YEAR.search(sentence)
    if m:
        year, month = int(m.group("year")), _month(m)
        return EventDate(date(year, month, 1), None, 3, past, m.group())

    m = next((m for m in _RELATIVE_DAY.finditer(sentence) if not _in_name(sentence, m)), None)
    if m and m.group("expr").lower() == "overnight" and _WEEKDAY_EXPR.search(sentence):
        m = None  # "an overnight raid ... on Wednesday": the weekday names the day
    if m:
        expr = " ".join(m.group("expr").lower().split())
        if ref is None:
            return EventDate(None, None, 3, past, m.group())
        back = {"yesterday": 1, "last night": 1, "the day before yesterday": 2}.get(expr, 0)
        return EventDate(ref - timedelta(days=back), None, 1, past, m.group())

    m = _WEEKDAY_EXPR.search(sentence)
    if m:
        if ref is None:
            return EventDate(None, None, 3, past, m.group())
        wd = WEEKDAYS.index(m.group("wd").lower())
        day = weekday_on_or_before(ref, wd)
        if m.group("last") and day == ref:
            day -= timedelta(days=7)
        return EventDate(day, None, 1, past, m.group())

    m = _AGO.search(sentence)
    if m and ref is not None:
        n = _count(m.group("n"))
        unit = m.group("unit").lower().rstrip("s")
        if unit == "day":
            return EventDate(ref - timedelta(days=n), None, 1, past, m.group())
        if unit == "week":
            return EventDate(ref - timedelta(weeks=n), None, 2, past, m.group())
        if unit == "month":
            y, mo = divmod(ref.year * 12 + ref.month - 1 - n, 12)
            return EventDate(date(y, mo + 1, 1), None, 3, past, m.group())
        return EventDate(date(ref.year - n, 1, 1), None, 3, past, m.group())

    m = _LAST_MONTH_NAME.search(sentence)
    if m:
        month = _month(m)
        if ref is None:
            return EventDate(None, None, 3, past, m.group())
        word = m.group("last").lower()
        strictly = word.startswith("last") or word.startswith("this")
        year = month_on_or_before(ref, month, strictly_before=strictly and word == "last")
        return EventDate(date(year, month, 1), None, 3, past, m.group())

    m = _REL_PERIOD.search(sentence)
    if m and ref is not None:
        which = " ".join(m.group("which").lower().split())
        unit = m.group("unit").lower()
        if unit in ("week", "weekend"):
            back = 7 if which in ("last", "past", "previous") else 0
            day = ref - timedelta(days=back)
            if unit == "weekend":
                day = weekday_on_or_before(day, 5)
            return EventDate(day, None, 2, past, m.group())
        if unit == "month":
            if which in ("last", "past", "previous"):
                y, mo = divmod(ref.year * 12 + ref.month - 2, 12)
                return EventDate(date(y, mo + 1, 1), None, 3, past, m.group())
            return EventDate(date(ref.year, ref.month, 1), None, 3, past, m.group())
        year = ref.year - 1 if which in ("last", "past", "previous") else ref.year
        return EventDate(date(year, 1, 1), None, 3, past, m.group())

    m = _YEAR_RANGE.search(sentence)
    if m and not _in_relative_clause(sentence, m.start()):
        y1 = int(m.group("y1"))
        y2s = m.group("y2")
        y2 = int(y2s) if len(y2s) == 4 else (y1 // 100) * 100 + int(y2s)
        if y2 >= y1:
            return EventDate(date(y1, 1, 1), date(y2, 12, 31), 3, past, m.group())
    for m in _BARE_YEAR.finditer(sentence):
        if _in_relative_clause(sentence, m.start()):
            continue
        year = int(m.group("year"))
        if ref is not None and year > ref.year:
            continue  # a plan or a forecast, not the event's date
        return EventDate(date(year, 1, 1), None, 3, past, m.group())

    if ref is None:
        return EventDate(None, None, 3, past, None)
    return EventDate(ref, None, 1, past, None)


# A day named by the one told before it: "was killed the same day", "died the next day".
_ANAPHORIC_DAY = re.compile(
    r"\b(?:(?P<same>the\s+same\s+(?:day|night)|that\s+(?:same\s+)?(?:day|night))"
    r"|(?P<after>the\s+(?:next|following)\s+day|a\s+day\s+later|the\s+day\s+after)"
    r"|(?P<before>the\s+(?:previous|preceding)\s+day|the\s+day\s+before)(?!\s+yesterday))\b",
    _I,
)


def resolve_anaphoric_day(sentence: str, named: date | None) -> EventDate | None:
    """'Anthony Williams was killed the same day': a day counted from the day the story named
    last (`named`), not from the story's own date. None without such words or such a day."""
    m = _ANAPHORIC_DAY.search(sentence)
    if m is None or named is None:
        return None
    shift = 1 if m.group("after") else -1 if m.group("before") else 0
    day = named + timedelta(days=shift)
    return EventDate(day, None, 1, explicit_years(sentence), m.group())


def resolve_within(sentence: str, likely: tuple[date, date] | None) -> EventDate | None:
    """The sentence's date resolved against every day the story may be from.

    When the story's own day is an estimate (`likely`: the first and last day it may be), a
    date counted from it ("on Sunday", or none at all: the story's day) is a guess. Resolved
    from the first and from the last likely day, it becomes the range the text allows, with
    ACLED's precision for its width (2 up to a week, else 3). A date the sentence fixes by
    itself ("on 5 March 2022") comes out the same from both ends and stays exact. None when
    the story's day is known or the sentence gives no day.
    """
    if likely is None or likely[0] >= likely[1]:
        return None
    early, late = resolve_event_date(sentence, likely[0]), resolve_event_date(sentence, likely[1])
    if early.evidence is None and _ANAPHORIC_DAY.search(sentence):
        return None  # "the same day": counted from another sentence's day
    if early.date is None or late.date is None or early.date == late.date:
        return None
    first, last = early.date, late.date_to or late.date
    if last < first:
        return None
    precision = 2 if (last - first).days <= WEEK_DAYS else 3
    return EventDate(first, last, max(precision, early.precision), early.past_years, early.evidence)
