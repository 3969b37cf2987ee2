"""What a whole story is about, for the scope stage: the armed actors and crowds it names,
its conflict words, and the ordinary-news domain (sport, business, science, entertainment,
crime and the courts) its nouns make it about. The words are data (`data/scope.json`).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from dateline.events.vocab import ARMED_INTERS
from dateline.model import Actor

DATA_FILE = Path(__file__).parent / "data" / "scope.json"
RIOTERS, PROTESTERS = 5, 6
CROWD_INTERS = frozenset({RIOTERS, PROTESTERS})
UNREST_NOUNS = frozenset({"rioters", "mob", "rioting"})
# conflict words an accident shares: in a story naming a fire or a leak and no armed group or
# crowd, they tie it to no conflict
ACCIDENT_WORDS = frozenset({"explosion", "blast"})
DOMAIN_MIN_WORDS = 3  # nouns of one ordinary-news domain that make a story about it
DOMINANCE = 4  # that domain, this many times the conflict evidence, makes the story its own


@dataclass(frozen=True)
class ScopeWords:
    legal_heads: frozenset[str]
    political_targets: frozenset[str]
    political_context: frozenset[str]
    conflict_parties: frozenset[str]
    conflict_words: frozenset[str]
    armed_doers: frozenset[str]
    causes_not_violence: frozenset[str]
    human_objects_only: frozenset[str]
    policy_objects: frozenset[str]
    story_domains: dict[str, frozenset[str]]


@lru_cache(maxsize=1)
def scope_words(path: Path = DATA_FILE) -> ScopeWords:
    data = json.loads(path.read_text(encoding="utf-8"))
    sets = {k: frozenset(v) for k, v in data.items() if isinstance(v, list)}
    domains = {k: frozenset(v) for k, v in data["story_domains"].items()}
    return ScopeWords(story_domains=domains, **sets)


def is_police(actor: Actor) -> bool:
    return actor.name.startswith("Police")


def is_lone(actor: Actor) -> bool:
    """'a gunman', 'the assailant': one unnamed armed doer, no armed group ('gunmen',
    'militants', 'armed men' are one)."""
    words = actor.text.lower().split()
    plural = bool(words) and (words[-1].endswith("men") or words[-1].endswith("s"))
    return actor.name.startswith("Unidentified") and not plural


def is_armed(actor: Actor) -> bool:
    return actor.inter in ARMED_INTERS


def is_government(actor: Actor) -> bool:
    """A government, its officials or a governor: a state actor that carries no arms."""
    return actor.name.startswith("Government of")


def is_armed_group(actor: Actor) -> bool:
    """An armed group or force other than the police, a government and a lone unnamed gunman."""
    return is_armed(actor) and not (is_police(actor) or is_government(actor) or is_lone(actor))


def is_unrest_crowd(actor: Actor) -> bool:
    """Protesters, or rioters named as such ('rioters', 'a mob'): not 'supporters', 'locals' or
    'a group of people', whom the actor table files as rioters only for what they did."""
    if actor.inter == PROTESTERS:
        return True
    return actor.inter == RIOTERS and bool(UNREST_NOUNS & set(actor.text.lower().split()))


def is_organised(actor: Actor | None) -> bool:
    """An armed actor (state forces included) or a crowd: someone organised did it."""
    return actor is not None and (is_armed(actor) or actor.inter in CROWD_INTERS)


def anchors(actor: Actor) -> bool:
    """An actor that ties a story to conflict or unrest: an armed group or an unrest crowd."""
    return is_armed_group(actor) or is_unrest_crowd(actor)


@dataclass(frozen=True)
class StoryScope:
    """What the whole article names: armed actors beyond the police and a lone unnamed
    gunman, crowds, conflict words, and the ordinary-news domain it is about (sport, business,
    science, entertainment, crime and the courts) when its nouns say so.

    A story is about conflict when it names any of these and its ordinary domain does not
    outweigh them many times over: a basketball report that once says "demonstrated" or a
    market report with one stray actor name is still sport or business."""

    armed: int  # mentions of anchoring armed actors
    crowd: int  # mentions of crowds
    conflict_words: int
    domain: str | None
    domain_words: int = 0
    quotes: tuple[tuple[int, int], ...] = ()  # character spans of direct quotes
    accident: bool = False  # it names an accident or a disaster, and no armed group or crowd

    @property
    def conflict_weight(self) -> int:
        return self.conflict_words + 2 * (self.armed + self.crowd)

    @property
    def about_conflict(self) -> bool:
        dominated = (
            self.domain is not None and self.domain_words >= DOMINANCE * self.conflict_weight
        )
        return self.conflict_weight > 0 and not dominated


def story_scope(
    sentences: Iterable[Any], actors: Iterable[Actor], quotes: Iterable[Any] = ()
) -> StoryScope:
    words = scope_words()
    actors = list(actors)
    tokens = [t for s in sentences for t in s]
    every = Counter(t.lemma_.lower() for t in tokens)
    nouns = Counter(t.lemma_.lower() for t in tokens if t.pos_ in ("NOUN", "PROPN"))
    conflict = sum(every[w] for w in words.conflict_words)
    armed = sum(is_armed_group(a) for a in actors)
    crowd = sum(is_unrest_crowd(a) for a in actors)
    unarmed = not (armed or crowd)
    if unarmed and any(every[w] for w in words.causes_not_violence):
        conflict -= sum(every[w] for w in ACCIDENT_WORDS)  # a gas explosion in a fire
    named = words.causes_not_violence - {"fire"}  # "opened fire" names no accident
    accident = unarmed and any(every[w] for w in named)
    by_domain = {d: sum(nouns[w] for w in ws) for d, ws in words.story_domains.items()}
    best = max(by_domain, key=by_domain.get) if by_domain else None
    domain = best if best and by_domain[best] >= DOMAIN_MIN_WORDS else None
    return StoryScope(
        armed=armed,
        crowd=crowd,
        conflict_words=conflict,
        domain=domain,
        domain_words=by_domain[best] if domain else 0,
        quotes=tuple((q.start, q.end) for q in quotes),
        accident=accident,
    )
