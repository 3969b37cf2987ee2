"""Background: is a sentence recalling history rather than reporting news?

Decided for the clause that holds the event word (a relative clause about a place, "Palmyra,
which fell to IS in 2015", does not make the main event history, and vice versa):

- an explicit year before the reference year ("in 2014-15"), or, without a reference date,
  any year or month-and-year (news gives days: "on Sunday"; history gives years);
- an event date more than `STALE_DAYS` before the reference ("last May", "Dec. 10");
- "X comes/came (a week) after <event>": the event is what the news follows (unless it is
  hours or a day or two before: "comes a day after ..." tells news);
- habitual or distant past: "used to", "since its creation", "years ago", "once", "formerly";
- a war long over named in the undated clause ("During World War II, bombers destroyed ...");
- a narrative continuing a background sentence (decided by the caller, see `detect`).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

STALE_DAYS = 7

_MARKERS = re.compile(
    r"\b(?:used to|since (?:its|their|his|her) (?:creation|founding|inception|formation|birth)"
    r"|years ago|decades ago|months ago|formerly|in the past|at the time|back in|historically"
    r"|had once|once (?:held|controlled|ruled)|in recent (?:weeks|months|years)"
    r"|over the (?:past|last) (?:few )?(?:weeks|months|years)|\w+ years since)\b",
    re.IGNORECASE,
)
# wars long over: what happened in them is history, whatever the story's date
_PAST_WARS = re.compile(
    r"\b(?:World War (?:I|II|One|Two|1|2)|(?:First|Second) World War|WWI|WWII|WW2"
    r"|(?:Vietnam|Korean|Gulf|Falklands|Crimean|Boer|Iran-Iraq|Six-Day|Yom Kippur|Cold|"
    r"American Civil|Spanish Civil) War|the Holocaust|(?:first|second) intifada)\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_LAST_PERIOD = re.compile(
    r"\blast (?:year|january|february|march|april|may|june|july|august|september|october"
    r"|november|december|spring|summer|autumn|fall|winter)\b",
    re.IGNORECASE,
)
_FOLLOW_VERBS = {"come", "follow"}
_FOLLOW_WORDS = {"after", "following"}


_RECENT_GAP = re.compile(
    r"\b(?:hours?|(?:a|one|two|three) days?|the (?:day|night)|a night|overnight)\s+"
    r"(?:after|following)\b",
    re.IGNORECASE,
)


def follows_earlier_event(trigger: Any) -> bool:
    """True for the event in "It comes a week after 44 people were killed" and "The
    assassination came after days of protests": the news is what follows it. An event a
    day or hours before ("comes a day after the Taliban swapped ...") is news itself."""
    node = trigger
    while True:
        for child in node.children:
            if child.lemma_.lower() not in _FOLLOW_WORDS:
                continue
            if child.dep_ == "mark" and node.head.lemma_ in _FOLLOW_VERBS and node.head.i != node.i:
                return not _recent(node.head, child)
        head = node.head
        if head.i == node.i:
            return False
        if (
            node.dep_ in ("pobj", "pcomp")
            and head.lemma_.lower() in _FOLLOW_WORDS
            and head.head.lemma_ in _FOLLOW_VERBS
        ):
            return not _recent(head.head, head)
        node = head


def _recent(verb: Any, after: Any) -> bool:
    """The gap between the news and what it follows is hours or a few days."""
    doc = verb.doc
    return bool(_RECENT_GAP.search(doc[min(verb.i, after.i) : after.i + 1].text))


def background_reason(
    trigger: Any,
    clause_text: str,
    event_date: date | None,
    event_date_to: date | None,
    past_years: list[int],
    reference: date | None,
    dated: bool = True,
) -> str | None:
    """Why the event in this clause is background (history), or None when it is news.

    `dated` is False when the event's date is only the story's or the narrative's, which the
    clause did not give: then a past year in the clause ("during the Falklands War (1982)")
    outweighs it."""
    if follows_earlier_event(trigger):
        return "the news follows this event ('comes/came after ...')"
    m = _MARKERS.search(clause_text)
    if m:
        return f"habitual or distant past: '{m.group()}'"
    m = _PAST_WARS.search(clause_text)
    if m and not dated:
        return f"told as part of {m.group()}: history"
    years = [int(y) for y in _YEAR.findall(clause_text)] or list(past_years)
    if reference is not None:
        old = [y for y in years if y < reference.year]
        if old and (not dated or event_date is None or event_date.year < reference.year):
            return f"explicit past year {old[0]} (story year {reference.year})"
        last = event_date_to or event_date
        if last is not None and (reference - last).days > STALE_DAYS:
            return f"event date {last.isoformat()} is over {STALE_DAYS} days before {reference}"
        return None
    if years:
        return f"explicit year {years[0]} (news reports days, history reports years)"
    m = _LAST_PERIOD.search(clause_text)
    if m:
        return f"distant relative date '{m.group()}'"
    return None
