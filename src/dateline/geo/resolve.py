"""Resolve every toponym of an analysed article to a GeoNames place, using document context.

Context is the set of countries the article points at: countries it names, the dateline's
country and places that are unambiguous; demonyms ("Syrian forces": context, not a place)
count for less, as the people named are often the foreign side. Units in brackets after a
town ("Belem (Para)") are read whole and inside the town's country.
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

from dateline.geo.gazetteer import Entry, Gazetteer, get_gazetteer, normalize, words
from dateline.geo.recognize import DIRECTION_WORDS
from dateline.model import Article, Place
from dateline.nlp.brackets import inside_brackets

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
REGION_BEFORE = re.compile(
    r"\b(province|governorate|state|region|county|district|oblast|prefecture)\s+of\s+$", re.I
)
METONYM_COMPOUND = re.compile(r"^[-‐](backed|led|sponsored|brokered|allied|supported|friendly)\b")
DIRECTION = re.compile(
    r"^(?:(?:north|south|east|west|central|upper|lower|greater)(?:ern)?|"
    r"(?:north|south)-?(?:east|west)(?:ern)?)\s+",
    re.I,
)
# "Chandigarh city", "Kuramaza town", "Rustaq district": the named place, its kind after it
# (in lower case only: "Khorasan Province" is a name of its own)
FEATURE_TAIL = re.compile(
    r"\s+(?:city|town|village|township|district|neighbou?rhood|area|municipality|suburb|"
    r"province|governorate|region|county|state|[Vv]alley)$"
)
# "Batumi City", "Karachi City": a town's own name with "City" after it (tried only when the
# whole is unknown: "Mexico City", "Quezon City" are names of their own)
CITY_TAIL = re.compile(r"\s+City$")
QUALIFIER = re.compile(r"^,\s*([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2})")
# "Pirque (Cochabamba)", "Kulachi town (Dera Ismail Khan, KPK)": the units in brackets after
# a toponym (and its kind word) say which of its namesakes is meant
_KIND_WORD = r"(?:\s+(?:town|city|village|municipality|township|district|area|locality))?"
UNITS_AFTER = re.compile(rf"^{_KIND_WORD}\s*\(([^()]{{3,80}})\)")
BRACKET_AFTER_NAME = re.compile(rf"[A-Z][\w.'’-]*{_KIND_WORD}\s*\(([^()]{{3,80}})\)")
HOST_GAP = re.compile(rf"^{_KIND_WORD}\s*$")
UNIT_WORD = re.compile(
    r"\s+(province|governorate|state|region|county|district|oblast|prefecture|township|"
    r"municipality|department|division|zone|sub-county|lga)$",
    re.I,
)


@dataclass
class _Toponym:
    text: str
    start: int
    end: int
    span: Span | None
    candidates: list[Entry]
    alias_ids: frozenset[int]
    demonym: bool = False
    embedded: bool = False  # inside an organisation's name ("Texas Department of Health")


def _trim(ent: Span, gaz: Gazetteer) -> tuple[str, int, int]:
    text, start = ent.text, ent.start_char
    low = text.lower()
    for article in ("the ", "The "):
        if low.startswith(article.lower()) and len(text) > len(article):
            text, start = text[len(article) :], start + len(article)
            break
    possessive = not gaz.knows(text)  # "St. John's" is a name, not a possessive
    for tail in ("'s", "’s", "'", "’"):
        if possessive and text.endswith(tail) and len(text) > len(tail) + 1:
            text = text[: -len(tail)]
            break
    if "(" in text and ")" not in text:  # "Windsor (Ontario": the model ran into the brackets
        text = text[: text.index("(")].rstrip()
    return text, start, start + len(text)


PEOPLE_BONUS = 1.0


@dataclass
class _Context:
    """What the article points at: countries and first-level units, with the share each
    toponym's own text contributed (so that a name never votes for its own reading)."""

    countries: Counter
    admin1: Counter
    by_text: dict[str, tuple[Counter, Counter]]
    # countries named only by their people ("Russian forces"): in conflict news as often the
    # foreign side as the place, so weaker than a named place
    peoples: Counter

    def without(self, text: str) -> tuple[Counter, Counter]:
        own = self.by_text.get(text)
        if own is None:
            return self.countries, self.admin1
        return self.countries - own[0], self.admin1 - own[1]


def _context(doc: Doc, article: Article, gaz: Gazetteer, toponyms: list[_Toponym]) -> _Context:
    ctx: Counter = Counter()
    a1: Counter = Counter()
    by_text: dict[str, tuple[Counter, Counter]] = {}
    peoples: Counter = Counter()
    for ent in doc.ents:
        if ent.label_ == "NORP" or ent.label_ in PLACE_LABELS:
            iso = gaz.demonym(ent.text)
            if iso:
                peoples[iso] += 1
    for top in toponyms:
        if top.demonym:
            continue  # counted above, as NORP entities
        own_c, own_a = by_text.setdefault(top.text, (Counter(), Counter()))
        countries = {c.country for c in top.candidates if c.country}
        first = top.candidates[0]
        if first.kind == "country" and first.main_name:
            own_c[first.country] += 2
        elif len(countries) == 1:
            own_c[next(iter(countries))] += 1
        units = {(c.country, c.admin1_code) for c in top.candidates if c.kind != "country"}
        if first.kind == "admin1" and first.main_name:
            own_a[(first.country, first.admin1_code)] += 2
            if len(countries) > 1:  # "Texas" is the state, not the Mexican villages
                own_c[first.country] += 1
        elif len(units) == 1 and first.kind != "country":
            own_a[next(iter(units))] += 1
    for own_c, own_a in by_text.values():
        ctx.update(own_c)
        a1.update(own_a)
    if article.dateline_place:
        cands = gaz.lookup(article.dateline_place)
        if cands:
            best = max(cands, key=lambda c: (c.kind == "country", c.capital, c.population))
            if best.country:
                ctx[best.country] += 3
            if best.kind != "country" and best.admin1_code:
                a1[(best.country, best.admin1_code)] += 2
    return _Context(ctx, a1, by_text, peoples)


def _score(cand: Entry, top: _Toponym, ctx: _Context, qualifier: list[Entry], text: str,
           namesake: bool = False) -> float:  # fmt: skip
    countries, units = ctx.without(top.text)
    score = math.log10(cand.population + 10)
    if cand.country and countries.get(cand.country):
        score += 2.5 + min(countries[cand.country], 6) * 0.5
    elif cand.country and ctx.peoples.get(cand.country):
        score += PEOPLE_BONUS
    if cand.kind != "admin1" and units.get((cand.country, cand.admin1_code)):
        score += 1.5 + min(units[(cand.country, cand.admin1_code)], 6) * 0.5
    if cand.main_name:
        score += 2.0
    if cand.geonameid in top.alias_ids:
        score += 3.0
    if cand.capital:
        score += 1.5
    unit_word = REGION_WORDS.match(text[top.end :]) or REGION_BEFORE.search(text[: top.start])
    if cand.kind == "country":
        score += 3.0
    elif cand.kind == "city" and unit_word:
        score -= 2.0  # "Donetsk region": the oblast, not a town of that name
    elif cand.kind in ("admin1", "admin2"):
        if unit_word:
            score += 2.0
        elif cand.kind == "admin1":
            score -= 3.0 if namesake else 0.5
        elif not top.text.lower().endswith(("county", "co.", "co", "parish", "district")):
            score -= 2.0  # "Calgary" the municipal district: the city is meant
    elif cand.kind == "region":
        score += 2.0
    # "Palmyra, Pennsylvania", "Paris, Texas", "Pirque (Cochabamba)": the unit named with it
    return score + max((_qualifier_bonus(q, cand) for q in qualifier), default=0.0)


def _qualifier_bonus(q: Entry, cand: Entry) -> float:
    """A unit named with a toponym is evidence for the namesake inside it: a province, or a
    district (which counts for its province: the gazetteer keeps no town's district)."""
    if q.country != cand.country:
        return 0.0
    if q.kind in ("admin1", "admin2") and q.admin1_code == cand.admin1_code:
        return 6.0
    return 5.0 if q.kind == "country" else 0.0


def _qualifiers(name: str, after: str, gaz: Gazetteer) -> list[Entry]:
    """The units (not towns) named right after a toponym to say which one it is: after a
    comma ("Paris, Texas") or in brackets ("Pirque (Cochabamba)", "Orali (Bardiya district,
    Lumbini)")."""
    names = []
    match = QUALIFIER.match(after)
    if match:
        names.append(match.group(1))
    bracket = UNITS_AFTER.match(after)
    if bracket:
        names += [n for n, _ in _unit_parts(bracket.group(1))[:3] if _unit_like(n)]
    own = normalize(name)
    return [  # a repeat tells only of a province: "San Fernando, San Fernando" (Trinidad)
        c for n in names for c in gaz.lookup(n)
        if c.kind == "admin1" or (c.kind != "city" and normalize(n) != own)
    ]  # fmt: skip


def _unit_parts(listing: str) -> list[tuple[str, int]]:
    """Each comma-separated part of a bracket's units, without its unit word ("Bardiya
    district": Bardiya), with the offset in `listing` where it starts."""
    parts, offset = [], 0
    for raw in listing.split(","):
        name = UNIT_WORD.sub("", raw.strip())
        parts.append((name, offset + len(raw) - len(raw.lstrip())))
        offset += len(raw) + 1
    return parts


def _unit_like(name: str) -> bool:
    """A capitalised name, not an acronym ("KPK") or a remark ("location unclear")."""
    return len(name) >= 3 and not name.isupper() and name[0].isupper()


def _namesake_city(cands: list[Entry]) -> bool:
    """A state and a big city of its own name in it ("New York", "Quebec"): the city is meant."""
    units = {(c.country, c.admin1_code) for c in cands if c.kind == "admin1"}
    return any(
        c.kind == "city" and c.population >= 100_000 and (c.country, c.admin1_code) in units
        for c in cands
    )


def _container(top: _Toponym, previous: Place | None, text: str) -> Place | None:
    """The place just before ", " when this toponym is its container ("Fargo, North Dakota")."""
    if previous is None or previous.kind != "city":
        return None
    between = text[previous.end : top.start]
    return previous if between.strip() == "," else None


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


EMBEDDING_LABELS = frozenset({"ORG", "FAC", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW"})


def _strong(cands: list[Entry]) -> bool:
    """A name safe to pick out of an organisation's name: a country, a first-level unit or a
    big city, by its own name."""
    first = cands[0]
    if not first.main_name:
        return False
    return first.kind in ("country", "admin1", "region") or (
        first.kind == "city" and first.population >= 100_000
    )


def _embedded(doc: Doc, ent: Span, gaz: Gazetteer) -> list[_Toponym]:
    out: list[_Toponym] = []
    i = ent.start
    while i < ent.end:
        found = None
        for j in range(min(ent.end, i + 4), i, -1):
            if j - i == ent.end - ent.start:
                continue
            span = doc[i:j]
            if not (span[0].text[:1].isupper() and span[-1].text[:1].isupper()):
                continue
            if span[0].is_stop or (
                j - i == 1 and not span[0].is_alpha and not gaz.is_alias(span.text)
            ):
                continue  # "U.S." in "the U.S. Army" is a curated alias: kept
            cands = gaz.lookup(span.text)
            if cands and _strong(cands):
                found = _Toponym(span.text, span.start_char, span.end_char, span, cands,
                                 frozenset(gaz.alias_ids(span.text)), embedded=True)  # fmt: skip
                break
        if found is not None:
            out.append(found)
            i = found.span.end
        else:
            i += 1
    return out


def _toponyms(doc: Doc, gaz: Gazetteer, every_mention: bool = False) -> list[_Toponym]:
    out: list[_Toponym] = []
    for ent in doc.ents:
        if every_mention and ent.label_ in EMBEDDING_LABELS and len(ent) > 1:
            out.extend(_embedded(doc, ent, gaz))
        capital = None if every_mention else _capital_named(ent, gaz)
        if capital is not None:
            out.append(capital)
            continue
        if ent.label_ not in PLACE_LABELS and not (every_mention and ent.label_ == "NORP"):
            continue
        text, start, end = _trim(ent, gaz)
        if normalize(text) in DIRECTION_WORDS:
            continue  # the model's "North" or "Tri-State": a direction, not a place
        iso = gaz.demonym(text)
        region = gaz.region_demonym(text)
        if iso or region:  # "Syrian": country context, not a place (unless asked for)
            entry = (gaz.country(iso) if iso else gaz.by_id(region)) if every_mention else None
            if entry is not None:
                span = doc.char_span(start, end, alignment_mode="expand")
                out.append(_Toponym(text, start, end, span, [entry], frozenset(), True))
            continue
        if ent.label_ not in PLACE_LABELS:
            continue
        cands = gaz.lookup(text)
        if not cands:  # "North Texas", "northern Syria": the named place, as a region of it
            match = DIRECTION.match(text)
            if match:
                text, start = text[match.end() :], start + match.end()
                cands = gaz.lookup(text)
        if not cands and " - " in text:  # "Seoul City - Jung": a city, then its district
            text = text[: text.index(" - ")]
            end = start + len(text)
            cands = gaz.lookup(text)
        if not cands:
            match = FEATURE_TAIL.search(text) or CITY_TAIL.search(text)
            if match:
                text = text[: match.start()]
                end = start + len(text)
                cands = gaz.lookup(text)
        if not cands:
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        out.append(_Toponym(text, start, end, span, cands, frozenset(gaz.alias_ids(text))))
    out = _with_bracket_units(doc, gaz, out)
    out.sort(key=lambda t: t.start)
    return out


def _capital_named(ent: Span, gaz: Gazetteer) -> _Toponym | None:
    """'wandering across the Kenyan capital': a people's name before 'capital' names the
    country's capital city (Nairobi), a place where something happened."""
    doc = ent.doc
    after = doc[ent.end] if ent.end < len(doc) else None
    if after is None or after.lower_ != "capital":
        return None
    iso = gaz.demonym(ent.text)
    city = gaz.capital(iso) if iso else None
    if city is None:
        return None
    span = doc[ent.start : ent.end + 1]
    return _Toponym(span.text, span.start_char, span.end_char, span, [city], frozenset())


def _with_bracket_units(doc: Doc, gaz: Gazetteer, toponyms: list[_Toponym]) -> list[_Toponym]:
    """Read the units in brackets after a name whole, as the gazetteer spells them: the small
    model splits "(Dera Ismail Khan, KPK)" into a place and a person, and "(Newfoundland and
    Labrador)" into two places, and often tags nothing at all in "(Khanfir, Abyan)".

    Only names with a unit among their readings are taken ("Edine (Edin)" is a spelling, not a
    unit), in the country most of the bracket's names share; a repeat of the name before the
    bracket ("Wellington (Wellington)") is left to the model."""
    text = doc.text
    units: list[_Toponym] = []
    foreign: list[tuple[int, int]] = []  # names that cannot lie in the bracket's country
    for bracket in BRACKET_AFTER_NAME.finditer(text):
        host_end = text[: bracket.start(1) - 1].rstrip()
        parts: list[tuple[str, int, list[Entry]]] = []
        for name, offset in _unit_parts(bracket.group(1)):
            if not _unit_like(name) or host_end.endswith(name):
                continue
            if normalize(name) in DIRECTION_WORDS:
                continue
            cands = gaz.lookup(name)
            if cands:
                parts.append((name, bracket.start(1) + offset, cands))
        country = _shared_country([name for name, _, _ in parts], gaz)
        for name, start, cands in parts:
            end = start + len(name)
            if country is not None:  # "(Mambasa, Ituri)": Congo's Ituri, not Kenya's Mombasa
                cands = [c for c in cands if c.country == country]
                if not cands:
                    foreign.append((start, end))
            if not any(c.kind != "city" for c in cands):
                continue
            span = doc.char_span(start, end, alignment_mode="expand")
            units.append(_Toponym(name, start, end, span, cands, frozenset(gaz.alias_ids(name))))
    taken = [(u.start, u.end) for u in units] + foreign
    kept = [t for t in toponyms if not any(t.start < e and s < t.end for s, e in taken)]
    return kept + units


def _shared_country(names: list[str], gaz: Gazetteer) -> str | None:
    """The country the units of one bracket lie in: the one most of them can be read in, and
    on a tie the last one's, the broadest unit ("(Kani township, Yinmarbin district, Sagaing
    region)" is in Myanmar, though Kani alone is a Japanese city). None for a single name."""
    distinct = list(dict.fromkeys(normalize(name) for name in names))
    if len(distinct) < 2:
        return None
    readings = [{e.country for e in gaz.lookup(name)} for name in distinct]
    shared = Counter(country for countries in readings for country in countries)
    if not shared:
        return None
    most = max(shared.values())
    tied = [country for country, votes in shared.items() if votes == most]
    return next((country for country in tied if country in readings[-1]), tied[0])


def _bracket_host(top: _Toponym, places: list[Place], text: str) -> Place | None:
    """The place whose units a bracketed toponym names: "Belem" for "Para" in "Belem (Para)",
    and for both units in "Kulachi town (Dera Ismail Khan, KPK)"."""
    opening = text.rfind("(", 0, top.start)
    if opening < 0 or ")" in text[opening : top.start]:
        return None
    before = [p for p in places if p.end <= opening and not inside_brackets(text[p.end : opening])]
    host = before[-1] if before else None
    if host is None or host.kind not in ("city", "admin2"):
        return None
    return host if HOST_GAP.match(text[host.end : opening]) else None
    return host


def resolve_places(doc: Doc, article: Article, every_mention: bool = False) -> list[Place]:
    """Every toponym the gazetteer knows, resolved with the article's context, in text order.

    `doc` must be the language pipeline's analysis of `article.text` (offsets are shared).
    With `every_mention` (what geoparsing corpora score), demonyms ("Turkish", "European") and
    places named inside organisations ("Texas Department of Health", "Conference Board of
    Canada") are returned too, flagged metonym: they name a state, its people or its bodies,
    not where something happened. Without it (the events pipeline's default) demonyms are
    context only and organisation names are left alone.
    """
    gaz = get_gazetteer()
    text = article.text
    toponyms = _toponyms(doc, gaz, every_mention)
    ctx = _context(doc, article, gaz, toponyms)
    places: list[Place] = []
    for top in toponyms:
        qualifier = _qualifiers(top.text, text[top.end :], gaz)
        namesake = _namesake_city(top.candidates)
        inside = _container(top, places[-1] if places else None, text)
        cands = top.candidates
        host = _bracket_host(top, places, text)
        if host is not None:  # "Belem (Para)": the state of Pará that holds Belém
            same = [c for c in cands if c.country == host.country and c.kind != "city"]
            holding = [c for c in same if c.kind == "country" or c.admin1 == host.admin1]
            cands = holding or same or cands
        if inside is not None:  # "Fargo, North Dakota": the unit holding the town before it
            holding = [
                c for c in cands
                if (c.kind == "admin1" and (c.country, c.admin1) == (inside.country, inside.admin1))
                or (c.kind == "country" and c.country == inside.country)
            ]  # fmt: skip
            cands = holding or cands
        best = max(cands, key=lambda c: _score(c, top, ctx, qualifier, text, namesake))
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
                metonym=top.demonym or top.embedded or _is_metonym(top, best, text),
                geo_precision=best.precision,
            )
        )
    return places
