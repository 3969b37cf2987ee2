"""The dateline that opens a news story ("KABUL (Reuters) -", "DAMASCUS, Syria.", "LONDON —").

It names where the story was filed (often the place of the events) and sometimes the agency
that wrote it. Only the opening of the first body paragraph is examined, and a place must be
in capitals unless an agency credit follows it, so ordinary sentences are not mistaken for one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CAPS_WORD = r"[A-Z][A-Z.'’\-]*[A-Z.]"
_CAPS_PLACE = rf"(?P<caps>{_CAPS_WORD}(?:\s+{_CAPS_WORD}){{0,3}})"
_TITLE_PLACE = r"(?P<titled>[A-Z][a-z'’\-]+(?:\s+[A-Z][a-z'’\-]+){0,2})"
_REGION = r"(?:,\s*(?P<region>[A-Z][\w.'’\-]*(?:\s+[A-Za-z][\w.'’\-]*){0,4}?))?"
_DATE = r"(?:,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?)(?:,?\s+\d{4})?)?"
_AGENCY = r"\(\s*(?P<agency>[A-Z][A-Za-z&.'’ \-]{0,40}?)\s*\)"
_DASH = r"(?:[-–—]{1,2}|:)"
_REST = r"\s+(?P<rest>[\"“‘'A-Z0-9].*)"

# "KABUL, Dec 5 (Reuters) -", "BEIRUT, Lebanon (AP) —", "LONDON —", "DAMASCUS, Syria."
_CAPS_FORM = re.compile(
    rf"^{_CAPS_PLACE}{_REGION}{_DATE}\s*(?:{_AGENCY}\s*)?(?P<sep>{_DASH}|\.)(?=\s){_REST}$",
    re.DOTALL,
)
# "Kabul (Reuters) -": a place in normal case only counts with an agency after it.
_TITLE_FORM = re.compile(
    rf"^{_TITLE_PLACE}{_REGION}{_DATE}\s*{_AGENCY}\s*{_DASH}{_REST}$", re.DOTALL
)
# "(Reuters) — The New York State ...": an agency with no place.
_AGENCY_FORM = re.compile(rf"^{_AGENCY}\s*{_DASH}{_REST}$", re.DOTALL)

# Capitalised openings that are labels, not places ("BREAKING: ...", "UPDATE —").
NOT_PLACES = frozenset(
    {
        "BREAKING",
        "BREAKING NEWS",
        "UPDATE",
        "UPDATED",
        "EXCLUSIVE",
        "WATCH",
        "LIVE",
        "VIDEO",
        "PHOTOS",
        "PHOTO",
        "ANALYSIS",
        "OPINION",
        "EDITORIAL",
        "COMMENT",
        "FILE",
        "NOTE",
        "EDITOR'S NOTE",
        "CORRECTION",
        "URGENT",
        "FLASH",
        "ALERT",
        "NEW",
        "FACTBOX",
        "EXPLAINER",
        "INTERVIEW",
        "REVIEW",
        "FEATURE",
        "UPDATE 1",
        "UPDATE 2",
        "WARNING",
        "NB",
    }
)


@dataclass(frozen=True)
class Dateline:
    """What a paragraph's dateline says, and the paragraph with the agency credit removed."""

    place: str | None
    agency: str | None
    paragraph: str


def read_dateline(paragraph: str) -> Dateline | None:
    """The dateline opening `paragraph`, or None when it does not start with one."""
    paragraph = paragraph.strip()
    match = _CAPS_FORM.match(paragraph)
    if match and _is_place(match.group("caps")):
        if match.group("sep") == "." and not (match.group("region") or match.group("agency")):
            match = None  # "NATO." alone is a sentence, not a dateline
    else:
        match = None
    if match:
        place = normal_case(match.group("caps"))
        return Dateline(place, match.group("agency"), _without_agency(paragraph, match))
    match = _TITLE_FORM.match(paragraph)
    if match:
        return Dateline(
            match.group("titled"), match.group("agency"), _without_agency(paragraph, match)
        )
    match = _AGENCY_FORM.match(paragraph)
    if match:
        return Dateline(None, match.group("agency"), match.group("rest"))
    return None


def normal_case(name: str) -> str:
    """A name in capitals in normal case ("ST. LOUIS" -> "St. Louis")."""
    words = []
    for word in name.split():
        parts = re.split(r"([\-'’.])", word.lower())
        words.append("".join(p[:1].upper() + p[1:] for p in parts))
    return " ".join(words)


def _is_place(caps: str) -> bool:
    letters = sum(ch.isalpha() for ch in caps)
    return letters >= 3 and caps.replace("’", "'") not in NOT_PLACES


def _without_agency(paragraph: str, match: re.Match[str]) -> str:
    """The paragraph with "(Reuters)" cut out of its dateline: the credit is kept elsewhere."""
    start, end = match.span("agency")
    if start < 0:
        return paragraph
    open_paren = paragraph.rfind("(", 0, start)
    close_paren = paragraph.find(")", end)
    head = paragraph[:open_paren].rstrip()
    tail = paragraph[close_paren + 1 :].lstrip()
    return f"{head} {tail}"
