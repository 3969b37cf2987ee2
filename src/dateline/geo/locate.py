"""Where an event is coded: ACLED's rules over the places `resolve_places` found.

For an event told in the sentence `article.text[start:end]`:
1. a (non-metonym) town in that sentence other than the dateline, preferring one introduced
   by a locative preposition ("seized control of Palmyra", "clashes in Homs") and the
   article's focus town and one whose units follow it in brackets, not the destination of a
   retreat ("retreated east to the towns of ..."); a destination is skipped altogether when an
   earlier town can be used instead; when the units named with it, in brackets ("(Shwebo
   district, Sagaing region)") or after a comma ("..., Donetsk region"), all lie in another
   country than that town, a town in their country, else the first of them;
2. else the most recent town mentioned before it (same paragraph first), unless the sentence
   itself names a region or country that town is not in: then the most local unit the
   sentence names (a district before its province, before its country);
3. else the dateline place;
4. else the country most mentioned (geo_precision 3).
Precision: 1 for a town, 2 for "near X" / "outskirts of X", 3 for a region or country.
Needs `article.places` (set by the pipeline from `resolve_places` before events are located).
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter

from dateline.geo.gazetteer import KIND_PRECISION, get_gazetteer
from dateline.geo.resolve import UNITS_AFTER
from dateline.model import Article, Place
from dateline.nlp.brackets import inside_brackets

_LIST = r"(?:[A-Z][\w'’-]*(?:\s+[\w'’-]+){0,3}\s*,\s*|[A-Z][\w'’-]*(?:\s+[\w'’-]+){0,3}\s+and\s+)*"
_NOUN = (
    r"(?:(?:the\s+)?(?:\w+\s+)?"
    r"(?:town|city|village|area|province|region|suburb|district)s?\s+of\s+)?"
)
LOCATIVE = re.compile(
    rf"\b(in|at|near|of|to|into|outside|around|inside|across|towards?|on)\s+"
    rf"{_NOUN}(?:the\s+)?{_LIST}$",
    re.IGNORECASE,
)
NEAR = re.compile(
    r"\b(near|outside|close to|around|on the outskirts of|outskirts of|the edge of|"
    r"(?:\w+\s+)?(?:of|from)\s+the\s+(?:town|city)\s+of\s+\S+\s+\w+\s+of|\d+\s*(?:km|kilometres|"
    r"kilometers|miles)\s+(?:\w+\s+)?(?:of|from))\s+(?:the\s+)?$",
    re.IGNORECASE,
)
NEAR_AFTER = re.compile(r"^(?:'s|’s)?\s+(outskirts|countryside|suburbs|environs)\b", re.I)
MOVEMENT = re.compile(
    r"\b(retreat\w*|withdr[ae]w\w*|fled|flee\w*|pulled out|moved?|head\w*|escap\w*|"
    r"evacuat\w*|relocat\w*|transferr?\w*|return\w*|travel\w*|bound|driving|en route)\b[^.;]*$",
    re.IGNORECASE,
)


# "Shakhta imeni Gagarina, ": the rest of a town's name, then the comma before its unit
AFTER_TOWN = re.compile(r"[A-Z][\w'’-]*(?:\s+[\w'’-]+){0,3},\s*$")

# a district before its province, before its country; a continent or sea last
UNIT_RANK = {"admin2": 0, "admin1": 1, "country": 2, "region": 3}


def _paragraph_start(text: str, pos: int) -> int:
    cut = text.rfind("\n", 0, pos)
    return cut + 1 if cut >= 0 else 0


def _with_precision(place: Place, article: Article) -> Place:
    if place.kind != "city":
        return dataclasses.replace(place, geo_precision=KIND_PRECISION.get(place.kind, 3))
    before = article.text[max(0, place.start - 60) : place.start]
    after = article.text[place.end : place.end + 30]
    near = bool(NEAR.search(before) or NEAR_AFTER.match(after))
    return dataclasses.replace(place, geo_precision=2 if near else 1)


def _locative(place: Place, article: Article, start: int) -> tuple[bool, bool]:
    """(introduced by a locative preposition, is the destination of a movement)."""
    before = article.text[max(start, place.start - 120) : place.start]
    match = LOCATIVE.search(before)
    if not match:
        return False, False
    prep = match.group(1).lower()
    destination = prep in ("to", "toward", "towards", "into") and bool(
        MOVEMENT.search(before[: match.start()])
    )
    return True, destination


def _sentence_score(place: Place, article: Article, start: int, focus: Counter) -> float:
    locative, destination = _locative(place, article, start)
    score = min(focus[place.geonameid], 5) * 0.5 + (1.0 if _has_units(place, article) else 0.0)
    return score + (3.0 if locative and not destination else 0.0)


def _has_units(place: Place, article: Article) -> bool:
    """Whether the places in brackets right after a town say where it lies ("Sondrio (Sondrio,
    Lombardia)"): a town so introduced is the one a report is careful about."""
    match = UNITS_AFTER.match(article.text[place.end :])
    if match is None:
        return False
    inside = range(place.end + match.start(1), place.end + match.end(1))
    return any(p.start in inside for p in article.places)


def locate(start: int, end: int, article: Article) -> Place | None:
    """The place an event told in `article.text[start:end]` is coded at, or None."""
    places = [p for p in article.places if not p.metonym]
    towns = [p for p in places if p.kind == "city"]
    focus = Counter(p.geonameid for p in towns)

    in_sentence = [
        p for p in towns if p.start >= start and p.end <= end and not _is_dateline(p, article)
    ]
    if any(p.end <= start for p in towns):  # "the bus was travelling to Damboa when ...":
        in_sentence = [p for p in in_sentence if not _locative(p, article, start)[1]]
    regions = [p for p in places if p.kind != "city" and p.start >= start and p.end <= end]
    if in_sentence:
        best = max(in_sentence, key=lambda p: _sentence_score(p, article, start, focus))
        # "in In Taw village (Ye-U township, Sagaing region)": a town the gazetteer does not
        # know must not be replaced by a namesake abroad; the units in brackets decide
        units = [
            p for p in places if start <= p.start and p.end <= end and _qualifies(p, article, start)
        ]
        if units and all(u.country != best.country for u in units):
            agreeing = [p for p in in_sentence if any(u.country == p.country for u in units)]
            if not agreeing:
                return _with_precision(units[0], article)
            best = max(agreeing, key=lambda p: _sentence_score(p, article, start, focus))
        return _with_precision(best, article)

    para = _paragraph_start(article.text, start)
    earlier = [p for p in towns if p.end <= start]
    recent = [p for p in earlier if p.start >= para] or earlier
    if recent:
        town = recent[-1]
        consistent = all(
            r.country == town.country and (r.kind == "country" or r.admin1 == town.admin1)
            for r in regions
        )
        if consistent:
            return _with_precision(town, article)
    if regions:  # the most local unit named: a district before its province, before a country
        return _with_precision(
            min(regions, key=lambda r: (UNIT_RANK.get(r.kind, 4), r.start)), article
        )

    dateline = _dateline_place(article)
    if dateline is not None:
        return dateline

    countries = Counter(p.country for p in places if p.country)
    if not countries:
        return None
    iso = countries.most_common(1)[0][0]
    mention = next((p for p in places if p.kind == "country" and p.country == iso), None)
    if mention is not None:
        return dataclasses.replace(mention, geo_precision=3)
    entry = get_gazetteer().country(iso)
    if entry is None:
        return None
    return Place(
        text=entry.name, start=0, end=0, geonameid=entry.geonameid, name=entry.name,
        country=entry.country, lat=entry.lat, lon=entry.lon, kind="country", geo_precision=3,
    )  # fmt: skip


def _qualifies(place: Place, article: Article, start: int) -> bool:
    """Whether a place is named to say where the town before it lies: inside brackets opened
    earlier in its sentence ("In Taw village (Ye-U township)"), or a unit after a comma
    ("Shakhta imeni Gagarina, Donetsk region")."""
    before = article.text[start : place.start]
    if inside_brackets(before):
        return True
    match = AFTER_TOWN.search(before) if place.kind != "city" else None
    # not one of a list of units ("migrants from Cuba, Guatemala"), nor the dateline's country
    # ("GOMA, Congo (Reuters) - ...": where the report was filed)
    return match is not None and not any(
        p.start == start + match.start() and (p.kind != "city" or _is_dateline(p, article))
        for p in article.places
    )


def _is_dateline(place: Place, article: Article) -> bool:
    """The dateline itself ("KANO, Nigeria (Reuters) - Gunmen abducted ... near Gusau"): where
    the report was filed, not where the event happened; used only when nothing else is named."""
    return (
        article.dateline_place is not None
        and place.text.casefold() == article.dateline_place.casefold()
        and place.start - _paragraph_start(article.text, place.start) <= 1
    )


def _dateline_place(article: Article) -> Place | None:
    if not article.dateline_place:
        return None
    gaz = get_gazetteer()
    for place in article.places:
        if (
            place.kind == "city"
            and gaz.knows(place.text)
            and (place.text.casefold() == article.dateline_place.casefold())
        ):
            return dataclasses.replace(place, metonym=False, geo_precision=1)
    cands = gaz.lookup(article.dateline_place)
    if not cands:
        return None
    best = max(cands, key=lambda c: (c.capital, c.kind == "city", c.population))
    pos = article.text.casefold().find(article.dateline_place.casefold())
    return Place(
        text=article.dateline_place,
        start=max(pos, 0),
        end=max(pos, 0) + (len(article.dateline_place) if pos >= 0 else 0),
        geonameid=best.geonameid, name=best.name, country=best.country, admin1=best.admin1,
        lat=best.lat, lon=best.lon, kind=best.kind, geo_precision=best.precision,
    )  # fmt: skip
