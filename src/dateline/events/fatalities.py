"""Fatalities: numbers tied to death words in one sentence.

"killed 13 soldiers", "13 off-duty soldiers killed", "44 people were killed", "around 400
deaths", "a dozen", "dozens" (ACLED's rules for vague counts, in `data/numbers.json`). A
number is a fatality count only when the thing it counts is a death ("400 deaths") or people
who were killed or died; wounded are not fatalities and "at least eight shots", "40 combat
sorties" or "158 positions" count nothing. Without a number, one singular victim of a killing
("fatally shot Russia's ambassador", "the beheading of the city's chief", "he was killed")
counts 1. Several counts in one sentence: the largest is kept (they usually restate the toll).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).parent / "data" / "numbers.json"


@dataclass(frozen=True)
class _Numbers:
    words: dict[str, int]
    multipliers: dict[str, int]
    vague: dict[str, int]
    death_nouns: frozenset[str]
    death_verbs: frozenset[str]
    death_adjectives: frozenset[str]
    wound_words: frozenset[str]
    person_nouns: frozenset[str]


@lru_cache(maxsize=1)
def numbers() -> _Numbers:
    d = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return _Numbers(
        words=d["words"],
        multipliers=d["multipliers"],
        vague=d["vague"],
        death_nouns=frozenset(d["death_nouns"]),
        death_verbs=frozenset(d["death_verbs"]),
        death_adjectives=frozenset(d["death_adjectives"]),
        wound_words=frozenset(d["wound_words"]),
        person_nouns=frozenset(d["person_nouns"]),
    )


@dataclass
class Fatalities:
    count: int
    evidence: str  # the words the count was read from
    vague: bool = False


_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+$")


def quantity(token: Any) -> tuple[int, bool] | None:
    """The value of a number token ("13", "1,200", "thirteen", "dozen", "dozens"), and
    whether it is vague; None when the token is no quantity."""
    nums = numbers()
    text = token.text.lower()
    prev = token.nbor(-1).text.lower() if token.i > token.sent.start else ""
    if _DIGITS.match(text):
        value = int(text.replace(",", ""))
    elif text in nums.vague and not (text == "dozens" and prev == "a"):
        if text in ("many", "few", "several") and token.head.lemma_ in nums.death_verbs:
            return None  # "many were killed" without noun: too vague to count reliably
        value = nums.vague[f"a {text}"] if prev == "a" and f"a {text}" in nums.vague else None
        return (value or nums.vague[text], True)
    elif text in nums.words:
        value = nums.words[f"a {text}"] if prev == "a" and f"a {text}" in nums.words else None
        value = value or nums.words[text]
    else:
        return None
    # "two hundred", "3 million"
    if token.i + 1 < token.sent.end:
        nxt = token.nbor(1).text.lower()
        if nxt in nums.multipliers and text not in nums.multipliers:
            value *= nums.multipliers[nxt]
    if token.i > token.sent.start and text in nums.multipliers:
        before = token.nbor(-1)
        if _DIGITS.match(before.text) or before.text.lower() in nums.words:
            return None  # counted at the first word
    return value, False


def _counted(token: Any) -> Any:
    """The noun a number counts: its head for "13 soldiers", itself for "44 were killed",
    the 'of' object for "dozens of people"."""
    if token.dep_ in ("nummod", "quantmod", "amod") and token.head.pos_ in ("NOUN", "PROPN"):
        return token.head
    if token.dep_ in ("quantmod", "advmod") and token.head.like_num:
        return _counted(token.head)
    for child in token.children:
        if child.dep_ == "prep" and child.lemma_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    return token


def _is_wounded(noun: Any) -> bool:
    nums = numbers()
    head = noun.head
    if head.lemma_ in nums.wound_words or noun.lemma_ in nums.wound_words:
        return True
    return any(c.lemma_ in nums.wound_words and c.dep_ in ("amod", "acl") for c in noun.children)


def _killed(noun: Any) -> bool:
    """Is this noun (people, soldiers, a number) said to be killed or dead?"""
    nums = numbers()
    if _is_wounded(noun):
        return False
    head = noun.head
    dep = noun.dep_
    while dep == "conj" and head.head.i != head.i:  # "13 soldiers and 5 civilians"
        dep, head = head.dep_, head.head
    if dep in ("dobj", "nsubjpass") and head.lemma_ in nums.death_verbs:
        return True
    if dep == "nsubj" and head.lemma_ in ("die", "perish"):
        return True
    if (
        dep == "nsubj"
        and head.lemma_ == "be"
        and any(c.lemma_ in nums.death_adjectives for c in head.children)
    ):
        return True
    if dep == "pobj" and head.lemma_ == "of" and head.head.lemma_ in nums.death_nouns:
        return True  # "the deaths of 12 people"
    for c in noun.children:  # "13 soldiers killed", "12 people dead"
        if c.dep_ in ("acl", "amod", "relcl") and (
            c.lemma_ in nums.death_verbs or c.text.lower() in nums.death_adjectives
        ):
            return True
    return False


def fatalities_in(sentence: Any) -> Fatalities | None:
    """The number of people a sentence says were killed, or None when it gives none."""
    nums = numbers()
    exact: list[Fatalities] = []
    vague: list[Fatalities] = []
    for token in sentence:
        q = quantity(token)
        if q is None:
            continue
        value, is_vague = q
        noun = _counted(token)
        lemma = noun.lemma_.lower()
        fatal = False
        if lemma in nums.death_nouns and lemma not in ("victim", "toll"):
            fatal = not _is_wounded(noun)
        elif lemma in nums.person_nouns or noun is token or noun.pos_ == "PROPN":
            fatal = _killed(noun) or (noun.i != token.i and _killed(token))
        if not fatal and token.dep_ == "pobj" and token.head.lemma_ in ("to", "at"):
            # "the death toll rose to 30", "the toll stands at 12"
            verb = token.head.head
            fatal = any(c.lemma_ == "toll" for c in verb.subtree if c.i < token.i)
        if fatal:
            span = sentence.doc[min(token.i, noun.i) : max(token.i, noun.i) + 1]
            item = Fatalities(value, span.text, is_vague)
            (vague if is_vague else exact).append(item)
    pool = exact or vague
    if pool:
        return max(pool, key=lambda f: f.count)
    return None


_SINGULAR_PRONOUNS = {"he", "she", "him", "her"}


def single_victim(trigger: Any) -> Fatalities | None:
    """One named or singular victim of a killing word: "fatally shot the ambassador",
    "the beheading of the city's chief", "before he was killed"."""
    nums = numbers()
    lemma = trigger.lemma_.lower()
    deadly = lemma in nums.death_verbs or lemma in (
        "beheading",
        "assassination",
        "killing",
        "execution",
        "murder",
    )
    if lemma == "shoot":
        children = {c.lemma_.lower() for c in trigger.children}
        deadly = bool(children & {"fatally", "dead"})
    if lemma == "gun":
        deadly = any(c.lemma_ == "down" for c in trigger.children)
    if not deadly:
        return None
    if trigger.pos_ == "VERB":
        victims = [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")]
    else:
        victims = [
            o for c in trigger.children if c.dep_ == "prep" and c.lemma_ == "of"
            for o in c.children if o.dep_ == "pobj"
        ]  # fmt: skip
        if trigger.tag_ == "NNS":
            return None  # "public executions": how many?
    for v in victims:
        if any(c.like_num or c.dep_ == "nummod" for c in v.children):
            return None
        if v.text.lower() in _SINGULAR_PRONOUNS or v.tag_ in ("NN", "NNP"):
            return Fatalities(1, f"{trigger.text} {v.text}")
    return None
