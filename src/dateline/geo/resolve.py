"""Resolve every toponym of an analysed article to a GeoNames place, using document context.

Context is the set of countries the article points at: countries it names, the dateline's
country, demonyms ("Syrian forces": context, not a place) and places that are unambiguous.
Each candidate is scored by population, context, own-name vs alternate-name match, curated
alias, capital, and a following "X, Region" qualifier. Capitals (and countries) used for the
state acting ("Moscow's intervention", "Ankara condemned") are flagged as metonyms.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from dateline.geo.gazetteer import Entry, Gazetteer, get_gazetteer, words
from dateline.model import Article, Place

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
SPEECH_VERBS = words(
    "say tell announce state claim condemn warn accuse deny urge call demand reject welcome "
    "insist threaten agree sign impose sanction recognise recognize refuse respond criticise "
    "criticize back support pledge vow hail blame protest summon expel negotiate propose "
    "confirm dismiss praise oppose veto send deploy order vote approve retaliate respond "
    "signal argue suggest want seek offer push press ask hope believe fear"
)
POLITICAL_NOUNS = words(
    "intervention government regime policy decision role ally allies position response campaign "
    "involvement strategy interest interests ambassador envoy stance request backing support "
    "foreign military army forces troops airstrike airstrikes strikes jets warplanes "
    "leadership leader president minister officials diplomats diplomacy sanctions demands "
    "proposal plan offensive operation operations influence relations withdrawal entry "
    "approach attitude objection objections concern concerns efforts effort bid claim "
    "claims accusation accusations threat threats warning move moves"
)
REGION_WORDS = re.compile(
    r"^\s+(province|governorate|state|region|county|district|oblast|prefecture)\b", re.I
)
METONYM_COMPOUND = re.compile(r"^[-‐](backed|led|sponsored|brokered|allied|supported|friendly)\b")
DIRECTION = re.compile(
    r"^(?:(?:north|south|east|west|central|upper|lower|greater)(?:ern)?|"
    r"(?:north|south)-?(?:east|west)(?:ern)?)\s+",
    re.I,
)
QUALIFIER = re.compile(r"^,\s*([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2})")


@dataclass
class _Toponym:
    text: str
    start: int
    end: int
    span: Span | None
    candidates: list[Entry]
    alias_ids: frozenset[int]


def _trim(ent: Span) -> tuple[str, int, int]:
    text, start = ent.text, ent.start_char
    low = text.lower()
    for article in ("the ", "The "):
        if low.startswith(article.lower()) and len(text) > len(article):
            text, start = text[len(article) :], start + len(article)
            break
    for tail in ("'s", "’s", "'", "’"):
        if text.endswith(tail) and len(text) > len(tail) + 1:
            text = text[: -len(tail)]
            break
    return text, start, start + len(text)


def _context(doc: Doc, article: Article, gaz: Gazetteer, toponyms: list[_Toponym]) -> Counter:
    ctx: Counter = Counter()
    for ent in doc.ents:
        if ent.label_ == "NORP" or ent.label_ in PLACE_LABELS:
            iso = gaz.demonym(ent.text)
            if iso:
                ctx[iso] += 1
    for top in toponyms:
        countries = {c.country for c in top.candidates if c.country}
        first = top.candidates[0]
        if first.kind == "country" and first.main_name:
            ctx[first.country] += 2
        elif len(countries) == 1:
            ctx[next(iter(countries))] += 1
    if article.dateline_place:
        cands = gaz.lookup(article.dateline_place)
        if cands:
            best = max(cands, key=lambda c: (c.kind == "country", c.capital, c.population))
            if best.country:
                ctx[best.country] += 3
    return ctx


def _score(cand: Entry, top: _Toponym, ctx: Counter, qualifier: list[Entry], text: str) -> float:
    score = math.log10(cand.population + 10)
    if cand.country and ctx.get(cand.country):
        score += 2.5 + min(ctx[cand.country], 6) * 0.5
    if cand.main_name:
        score += 2.0
    if cand.geonameid in top.alias_ids:
        score += 3.0
    if cand.capital:
        score += 1.5
    if cand.kind == "country":
        score += 3.0
    elif cand.kind == "admin1":
        score += 2.0 if REGION_WORDS.match(text[top.end :]) else -0.5
    for q in qualifier:  # "Palmyra, Pennsylvania", "Paris, Texas"
        if q.kind == "admin1" and q.country == cand.country and q.admin1_code == cand.admin1_code:
            score += 6.0
            break
        if q.kind == "country" and q.country == cand.country:
            score += 5.0
            break
    return score


def _is_metonym(top: _Toponym, best: Entry, text: str) -> bool:
    if best.kind == "admin1" or (best.kind == "city" and not best.capital):
        return False
    if METONYM_COMPOUND.match(text[top.end :]):
        return True
    span = top.span
    if span is None:
        return False
    root = span.root
    possessive = root.dep_ == "poss" or (
        span.end < len(span.doc) and span.doc[span.end].text in ("'s", "’s", "'", "’")
    )
    if possessive:
        head = root.head
        return head.lemma_.lower() in POLITICAL_NOUNS or head.lower_ in POLITICAL_NOUNS
    if root.dep_ in ("nsubj", "nsubjpass") and root.head.pos_ in ("VERB", "AUX"):
        return root.head.lemma_.lower() in SPEECH_VERBS
    return False


def _toponyms(doc: Doc, gaz: Gazetteer) -> list[_Toponym]:
    out: list[_Toponym] = []
    for ent in doc.ents:
        if ent.label_ not in PLACE_LABELS:
            continue
        text, start, end = _trim(ent)
        if gaz.demonym(text):
            continue  # "Syrian": country context, not a place
        cands = gaz.lookup(text)
        if not cands:  # "North Texas", "northern Syria": the named place, as a region of it
            match = DIRECTION.match(text)
            if match:
                text, start = text[match.end() :], start + match.end()
                cands = gaz.lookup(text)
        if not cands:
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        out.append(_Toponym(text, start, end, span, cands, frozenset(gaz.alias_ids(text))))
    return out


def resolve_places(doc: Doc, article: Article) -> list[Place]:
    """Every toponym the gazetteer knows, resolved with the article's context, in text order.

    `doc` must be the language pipeline's analysis of `article.text` (offsets are shared).
    """
    gaz = get_gazetteer()
    text = article.text
    toponyms = _toponyms(doc, gaz)
    ctx = _context(doc, article, gaz, toponyms)
    places: list[Place] = []
    for top in toponyms:
        qualifier: list[Entry] = []
        match = QUALIFIER.match(text[top.end :])
        if match:
            qualifier = [c for c in gaz.lookup(match.group(1), limit=10) if c.kind != "city"]
        best = max(top.candidates, key=lambda c: _score(c, top, ctx, qualifier, text))
        places.append(
            Place(
                text=top.text,
                start=top.start,
                end=top.end,
                geonameid=best.geonameid,
                name=best.name,
                country=best.country,
                admin1=best.admin1,
                lat=best.lat,
                lon=best.lon,
                kind=best.kind,
                metonym=_is_metonym(top, best, text),
                geo_precision=best.precision,
            )
        )
    return places
