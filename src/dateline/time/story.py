"""A first estimate of a story's true date, as an interval with the evidence for it.

Pages are often re-dated: palmyra.txt says "updated Dec 13, 2023" about a March 2016 battle.
The text itself bounds the story:

- the latest explicit year Y ("fell to IS in 2015") is a lower bound (Y-01-01);
- "last May", "last September" each put the story within the twelve months after that month;
  they are anchored to the latest year Y (the recent past a story names is usually that year);
- "the five-year conflict" in a story naming a country whose war has a known start (the data
  file `data/conflicts.json`) puts the story in that conflict's sixth year;
- weekday mentions ("on Sunday") are kept as evidence of a day-level report.

A published page date inside those bounds is the story's date (an interval of one day). When
the text puts the story clearly before the page date, the interval is the text's, and ends
before the page date. With only an "updated" date (unreliable), a story naming no year later
than Y is taken to fall within Y or the year after.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from dateline.model import Article
from dateline.time.expressions import MONTHS, NUMBER_WORDS, WEEKDAYS, explicit_years

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


@cache
def _conflicts() -> list[dict]:
    data = json.loads((Path(__file__).parent / "data" / "conflicts.json").read_text("utf-8"))
    return data["conflicts"]


def _conflict_age(text: str) -> tuple[date, date, str] | None:
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
            first = start.replace(year=start.year + years)
            last = start.replace(year=start.year + years + 1) - timedelta(days=1)
            why = (
                f"'{_context(text, m.start(), m.end())}': the {conflict['label']} began "
                f"{start.isoformat()}, so the story is from {first.isoformat()} to "
                f"{last.isoformat()}"
            )
            return first, last, why
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
    text = _PAGE_STAMP.sub(lambda m: " " * len(m.group()), article.text or "")
    published = article.page_published.date() if article.page_published else None
    updated = article.page_updated.date() if article.page_updated else None
    page = published or updated
    evidence: list[str] = []
    lo: date | None = None
    hi: date | None = None

    years = [y for y in explicit_years(text) if page is None or y <= page.year]
    latest = max(years) if years else None
    if latest is not None:
        at = re.search(rf"\b{latest}\b", text)
        where = f" ('{_context(text, at.start(), at.end())}')" if at else ""
        evidence.append(f"the latest explicit year in the text is {latest}{where}")
        lo = date(latest, 1, 1)

    anchor = latest if latest is not None else None
    seen: set[int] = set()
    for m in _LAST_MONTH.finditer(text):
        month = MONTHS[m.group("month").lower()]
        if month in seen:
            continue
        seen.add(month)
        if anchor is None:
            evidence.append(f"'{m.group()}' names a month within the year before the story")
            continue
        start, end = _month_after(anchor, month), _month_end(anchor + 1, month)
        narrowed = _narrow(lo, hi, start, end)
        if narrowed is None:
            continue  # contradicts the other evidence: ignored
        lo, hi = narrowed
        name = m.group("month")
        evidence.append(
            f"'{_context(text, m.start(), m.end())}' places the story within a year after "
            f"{name} {anchor} ({start.isoformat()} to {end.isoformat()})"
        )

    age = _conflict_age(text)
    if age is not None:
        first, last, why = age
        narrowed = _narrow(lo, hi, first, last)
        if narrowed is not None:  # otherwise it contradicts the other evidence: ignored
            lo, hi = narrowed
            evidence.append(why)

    for m in _WEEKDAY_MENTION.finditer(text):
        evidence.append(f"'{m.group()}' names the day of the report")
        break

    if published is not None:
        if hi is not None and published > hi:
            evidence.append(
                f"the page date {published.isoformat()} is later than the text allows: "
                "the page was published or re-dated after the story"
            )
            return lo, hi, evidence
        evidence.append(f"page published {published.isoformat()}")
        return published, published, evidence

    if updated is not None:
        if hi is None and latest is not None and latest < updated.year:
            hi = date(latest + 1, 12, 31)
            evidence.append(_no_later_year(latest))
        if hi is not None and updated > hi:
            evidence.append(
                f"the page update {updated.isoformat()} is later than the text allows: "
                "the page was re-dated after the story"
            )
            return lo, hi, evidence
        evidence.append(f"page updated {updated.isoformat()}")
        return updated, updated, evidence

    if lo is None and hi is None:
        return None, None, []
    if hi is None and latest is not None:
        hi = date(latest + 1, 12, 31)
        evidence.append(_no_later_year(latest))
    return lo, hi, evidence
