"""A first estimate of a story's true date, as an interval with the evidence for it.

Pages are often re-dated: palmyra.txt says "updated Dec 13, 2023" about a March 2016 battle.
The text itself bounds the story:

- the latest explicit year Y ("fell to IS in 2015") is a lower bound (Y-01-01);
- "last May", "last September" each put the story within the twelve months after that month;
  they are anchored to the latest year Y (the recent past a story names is usually that year);
- "the five-year conflict" in a story naming a country whose war has a known start (the data
  file `data/conflicts.json`) puts the story in that conflict's sixth year;
- "18 years after Washington invaded the country in the wake of the September 11, 2001
  attacks" puts the story about 18 years after the date (or year) that sentence names;
- the latest full date the text names ("on March 27, 2016") is a lower bound too;
- weekday mentions ("on Sunday") are kept as evidence of a day-level report.

Besides the interval, `estimate_story_day` gives the single most likely day inside it (see
there): relative event dates ("on Sunday") are best counted from that day, not from the
interval's last day.

A published page date inside those bounds is the story's date (an interval of one day). When
the text puts the story clearly before the page date, the interval is the text's, and ends
before the page date. With only an "updated" date (unreliable), a story naming no year later
than Y is taken to fall within Y or the year after.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from dateline.model import Article
from dateline.time.expressions import (
    _ABSOLUTE,
    MONTHS,
    NUMBER_WORDS,
    WEEKDAYS,
    _month,
    _safe_date,
    explicit_years,
)

_PAGE_STAMP = re.compile(
    r"(?im)^\s*(?:updated|published|posted|last\s+(?:updated|modified)|first\s+published)\b.*$"
)
_MONTH_NAMES = [m.capitalize() for m in MONTHS if len(m) > 4 or m == "may"]
_LAST_MONTH = re.compile(r"\blast\s+(?P<month>" + "|".join(_MONTH_NAMES) + r")\b")
_WEEKDAY_MENTION = re.compile(
    r"\b(?:on|last|this)\s+(?P<wd>" + "|".join(w.capitalize() for w in WEEKDAYS) + r")\b"
    r"(?:\s+(?:morning|afternoon|evening|night))?"
)

# Exact number words only: "a few" or "several" years says nothing about the date.
_EXACT = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_CONFLICT_AGE = re.compile(
    r"\b(?P<n>\d{1,2}|" + "|".join(_EXACT) + r")[- ]year[- ](?:old[- ])?"
    r"(?:civil[- ])?(?P<what>conflict|war|insurgency|uprising|crisis)\b",
    re.IGNORECASE,
)


# Writers round a conflict's age: "the five-year conflict" is heard some months before the
# fifth anniversary. The interval starts this many days early; the likely day does not.
CONFLICT_AGE_SLACK_DAYS = 92


@dataclass
class StoryDate:
    """A story's date: the interval the evidence allows, and the likeliest day inside it."""

    first: date | None
    last: date | None
    evidence: list[str] = field(default_factory=list)
    day: date | None = None  # the single most likely day (None when nothing is known)
    likely_first: date | None = None  # the narrower range the usual reading gives
    likely_last: date | None = None


@cache
def _conflicts() -> list[dict]:
    data = json.loads((Path(__file__).parent / "data" / "conflicts.json").read_text("utf-8"))
    return data["conflicts"]


def _conflict_age(text: str) -> tuple[date, date, str, date] | None:
    """The interval 'the N-year conflict' implies, for a conflict the text names."""
    m = _CONFLICT_AGE.search(text)
    if not m:
        return None
    raw = m.group("n").lower()
    years = int(raw) if raw.isdigit() else NUMBER_WORDS.get(raw)
    if not years:
        return None
    for conflict in _conflicts():
        if any(re.search(rf"\b{re.escape(name)}\b", text) for name in conflict["names"]):
            start = date.fromisoformat(conflict["start"])
            exact = start.replace(year=start.year + years)
            first = exact - timedelta(days=CONFLICT_AGE_SLACK_DAYS)
            last = start.replace(year=start.year + years + 1) - timedelta(days=1)
            why = (
                f"'{_context(text, m.start(), m.end())}': the {conflict['label']} began "
                f"{start.isoformat()}, so the story is from {first.isoformat()} to "
                f"{last.isoformat()} (most likely after {exact.isoformat()})"
            )
            return first, last, why, exact
    return None


_YEARS_AFTER = re.compile(
    r"\b(?P<n>\d{1,3}|" + "|".join(_EXACT) + r"|eleven|twelve|fifteen|twenty|thirty|forty"
    r"|fifty)\s+years\s+(?:after|since)\b(?P<rest>[^.!?\n]{0,160})",
    re.IGNORECASE,
)
_TENS = {"eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
         "fifty": 50}  # fmt: skip


def _years_after(text: str) -> tuple[date, date, str, date] | None:
    """The interval 'N years after <a date or year in the same sentence>' implies."""
    for m in _YEARS_AFTER.finditer(text):
        raw = m.group("n").lower()
        n = int(raw) if raw.isdigit() else NUMBER_WORDS.get(raw) or _TENS.get(raw)
        rest = m.group("rest")
        full = next((f for rx in _ABSOLUTE for f in rx.finditer(rest)), None)
        year = re.search(r"\b(?:19|20)\d\d\b", rest)
        if not n or year is None:
            continue
        then = (
            _safe_date(int(full.group("year")), _month(full), int(full.group("day")))
            if full
            else None
        )
        if then is not None:
            exact = _safe_date(then.year + n, then.month, then.day) or date(
                then.year + n, then.month, 28
            )
            last = exact.replace(year=exact.year + 1) - timedelta(days=1)
        else:
            exact = date(int(year.group()) + n, 1, 1)
            last = date(exact.year + 1, 12, 31)
        first = exact - timedelta(days=CONFLICT_AGE_SLACK_DAYS)
        why = (
            f"'{_context(text, m.start(), m.end())}': the story is about {n} years after "
            f"{(then or year.group())}, from {first.isoformat()} to {last.isoformat()}"
        )
        return first, last, why, exact
    return None


def _day_in_years(
    day: tuple[int, int], latest: int | None, lo: date | None, hi: date | None
) -> date | None:
    """A page's month and day ('17 Decembe') placed in the latest year the text names, or the
    year after, whichever the text's bounds allow first; None when the text names no year."""
    if latest is None:
        return None
    for year in (latest, latest + 1):
        found = _safe_date(year, *day)
        if found and (lo is None or found >= lo) and (hi is None or found <= hi):
            return found
    return None


def _month_end(year: int, month: int) -> date:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def _month_after(year: int, month: int) -> date:
    return date(year + (month == 12), month % 12 + 1, 1)


def _context(text: str, start: int, end: int, width: int = 40) -> str:
    """The words around an expression, cut at sentence ends and word boundaries."""
    left = max(start - width, 0)
    bound = max(text.rfind(c, 0, start) for c in ".!?\n") + 1
    left = max(left, bound)
    if left > bound:
        left = text.find(" ", left, start) + 1 or left
    right = min(len(text), end + width)
    stops = [p for p in (text.find(c, end) for c in ".!?\n") if p != -1]
    right = min([right, *stops])
    if right < len(text) and right not in stops:
        right = text.rfind(" ", end, right) if text.rfind(" ", end, right) != -1 else right
    return " ".join(text[left:right].split()).strip(" ,;")


def _narrow(lo: date | None, hi: date | None, first: date, last: date) -> tuple[date, date] | None:
    """The interval [lo, hi] cut down to [first, last], or None when the two do not meet."""
    new_lo = max(lo, first) if lo else first
    new_hi = min(hi, last) if hi else last
    return (new_lo, new_hi) if new_lo <= new_hi else None


def _no_later_year(latest: int) -> str:
    return f"no year after {latest} is named: the story is from {latest} or {latest + 1}"


def estimate_story_date(article: Article) -> tuple[date | None, date | None, list[str]]:
    """(first day, last day, evidence) of the story's true date; (None, None, []) if unknown."""
    found = estimate_story(article)
    return found.first, found.last, found.evidence


def estimate_story_day(article: Article) -> date | None:
    """The single most likely day of the story (see `estimate_story`), or None if unknown."""
    return estimate_story(article).day


_RECENT_YEAR = re.compile(r"\b(?:last|this|earlier this|past)\s+year\b", re.IGNORECASE)


_HORIZON = re.compile(
    r"\b(?:until|till|through|by|before)\s+(?:the\s+(?:end|middle|start)\s+of\s+)?"
    r"(?:(?:early|late|mid|january|february|march|april|may|june|july|august|september"
    r"|october|november|december)\s+)?(?P<year>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)


def _horizon_years(text: str) -> set[int]:
    """Years the text names only as a horizon ('safeguarded until 2047', 'by 2030'): a
    deadline or a promise, which says nothing of when the story was written."""
    horizon = {int(m.group("year")) for m in _HORIZON.finditer(text)}
    told = {int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", _HORIZON.sub(" ", text))}
    return horizon - told


def _anchor_year(latest: int | None, month: int, published: date | None, text: str) -> int | None:
    """The year of the month "last <month>" names.

    The latest year the text names (palmyra: "fell to IS in 2015 ... last May" is May 2015);
    a republished page keeps its old text under a new date, so the text wins over the page.
    But when that reading puts the story before a published page date and the text itself
    says its named years are past ("expelled French troops last year"), "last May" is the
    May before publication. An "updated" stamp is never trusted that far (pages are re-dated).
    """
    if published is not None and (latest is None or _RECENT_YEAR.search(text)):
        before = published.year if month < published.month else published.year - 1
        if latest is None or _month_end(latest + 1, month) < published:
            return before
    return latest


def _latest_full_date(text: str, page: date | None) -> tuple[date, re.Match[str]] | None:
    best: tuple[date, re.Match[str]] | None = None
    for rx in _ABSOLUTE:
        for m in rx.finditer(text):
            day = _safe_date(int(m.group("year")), _month(m), int(m.group("day")))
            if day and (page is None or day <= page) and (best is None or day > best[0]):
                best = (day, m)
    return best


class _Bounds:
    """The interval the evidence allows and the narrower one its usual reading gives."""

    def __init__(self) -> None:
        self.lo: date | None = None
        self.hi: date | None = None
        self.likely: list[tuple[date, date]] = []

    def narrow(self, first: date, last: date) -> bool:
        narrowed = _narrow(self.lo, self.hi, first, last)
        if narrowed is None:
            return False  # contradicts the other evidence: ignored
        self.lo, self.hi = narrowed
        return True

    def likely_range(self) -> tuple[date, date] | None:
        """[lo, hi] cut by each usual reading in turn, skipping those that contradict it."""
        if self.lo is None or self.hi is None:
            return None
        lo, hi = self.lo, self.hi
        for first, last in self.likely:
            narrowed = _narrow(lo, hi, first, last)
            if narrowed is not None:
                lo, hi = narrowed
        return lo, hi


def _likely_day(
    bounds: _Bounds, weekday: int | None
) -> tuple[date | None, date | None, date | None]:
    """(day, likely first, likely last): the middle of the likely range, moved to the nearest
    day of the week the story names ("on Sunday") when it names one."""
    likely = bounds.likely_range()
    if likely is None:
        return None, None, None
    lo, hi = likely
    day = lo + (hi - lo) / 2
    if weekday is not None and bounds.lo and bounds.hi:
        options = [day + timedelta(days=k) for k in range(-3, 4)]
        options = [d for d in options if d.weekday() == weekday and bounds.lo <= d <= bounds.hi]
        if options:
            day = options[0]
    return day, lo, hi


def estimate_story(article: Article) -> StoryDate:
    """The story's date: interval, evidence and most likely day.

    The interval is what the evidence allows; the likely day reads it the usual way:
    - "last May" said of May Y is usually said in year Y+1 before May comes round again (in
      May or later, a writer says "a year ago" or "in May last year"): the story is likely
      between 1 January and 30 April of Y+1;
    - "the five-year conflict": likely after the fifth anniversary itself;
    - a full date in the text ("on March 10, 2016"): the story is likely within a week of it;
    - then the middle of what is left, moved to the weekday the story names ("on Sunday").
    A published page date that the text allows is the story's date and its likely day.
    """
    text = _PAGE_STAMP.sub(lambda m: " " * len(m.group()), article.text or "")
    published = article.page_published.date() if article.page_published else None
    updated = article.page_updated.date() if article.page_updated else None
    page = published or updated
    evidence: list[str] = []
    bounds = _Bounds()

    horizons = _horizon_years(text)
    years = [y for y in explicit_years(text) if (page is None or y <= page.year)]
    years = [y for y in years if y not in horizons]
    latest = max(years) if years else None
    if latest is not None:
        at = re.search(rf"\b{latest}\b", text)
        where = f" ('{_context(text, at.start(), at.end())}')" if at else ""
        evidence.append(f"the latest explicit year in the text is {latest}{where}")
        bounds.lo = date(latest, 1, 1)

    full = _latest_full_date(text, page)
    if full is not None and bounds.lo is not None and full[0] > bounds.lo:
        day, m = full
        bounds.lo = day
        bounds.likely.append((day, day + timedelta(days=7)))
        evidence.append(
            f"'{_context(text, m.start(), m.end())}': the story is from {day.isoformat()} or "
            "later (most likely within a week of it)"
        )

    seen: set[int] = set()
    for m in _LAST_MONTH.finditer(text):
        month = MONTHS[m.group("month").lower()]
        if month in seen:
            continue
        seen.add(month)
        anchor = _anchor_year(latest, month, published, text)
        if anchor is None:
            evidence.append(f"'{m.group()}' names a month within the year before the story")
            continue
        start, end = _month_after(anchor, month), _month_end(anchor + 1, month)
        if not bounds.narrow(start, end):
            continue
        usual_end = date(anchor + 1, month, 1) - timedelta(days=1)
        if month > 1:
            bounds.likely.append((date(anchor + 1, 1, 1), usual_end))
        name = m.group("month")
        evidence.append(
            f"'{_context(text, m.start(), m.end())}' places the story within a year after "
            f"{name} {anchor} ({start.isoformat()} to {end.isoformat()})"
        )

    for age in (_conflict_age(text), _years_after(text)):
        if age is None:
            continue
        first, last, why, exact = age
        if bounds.narrow(first, last):
            bounds.likely.append((exact, last))
            evidence.append(why)

    weekday = None
    for m in _WEEKDAY_MENTION.finditer(text):
        evidence.append(f"'{m.group()}' names the day of the report")
        weekday = WEEKDAYS.index(m.group("wd").lower())
        break

    lo, hi = bounds.lo, bounds.hi
    if published is None and article.page_day is not None:
        published = _day_in_years(article.page_day, latest, lo, hi)
        if published is not None:
            evidence.append(f"the page's day without a year, in {published.year}")
    for stamp, kind in ((published, "published"), (updated, "updated")):
        if stamp is None:
            continue
        if kind == "updated" and hi is None and latest is not None and latest < stamp.year:
            hi = bounds.hi = date(latest + 1, 12, 31)
            evidence.append(_no_later_year(latest))
        if hi is not None and stamp > hi:
            what = "page date" if kind == "published" else "page update"
            done = "published or re-dated" if kind == "published" else "re-dated"
            evidence.append(
                f"the {what} {stamp.isoformat()} is later than the text allows: "
                f"the page was {done} after the story"
            )
            day, likely_lo, likely_hi = _likely_day(bounds, weekday)
            return StoryDate(lo, hi, evidence, day, likely_lo, likely_hi)
        evidence.append(f"page {kind} {stamp.isoformat()}")
        return StoryDate(stamp, stamp, evidence, stamp, stamp, stamp)

    if lo is None and hi is None:
        return StoryDate(None, None, [])
    if hi is None and latest is not None:
        hi = bounds.hi = date(latest + 1, 12, 31)
        evidence.append(_no_later_year(latest))
    if lo is None or hi is None:
        return StoryDate(lo, hi, evidence)
    day, likely_lo, likely_hi = _likely_day(bounds, weekday)
    return StoryDate(lo, hi, evidence, day, likely_lo, likely_hi)
