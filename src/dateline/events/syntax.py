"""Helpers over the spaCy dependency parse that several event stages share: the verb that
reports an event word, a verb's subject, objects and prepositional objects, the nearest of some
words above a token, and whether a noun phrase names people.
"""

from __future__ import annotations

from typing import Any

from dateline.events.vocab import PEOPLE_NOUNS
from dateline.model import Span


def sentence_span(sent: Any) -> Span:
    """A sentence as evidence: its text without the trailing space, and where it lies."""
    text = sent.text.strip()
    return Span(text, sent.start_char, sent.start_char + len(text))


def _objects_and_parts(verb: Any) -> list[Any]:
    """A verb's direct objects, their conjuncts, and what they are part of or made of ("km 184
    of the highway", "the corner of 137 and 90 Streets", "three tons of cocaine")."""
    objects = _children(verb, ("dobj", "obj"))
    objects += [c for o in objects for c in o.conjuncts]
    return objects + [p for o in objects for p in _prep_objects(o, ("of",))]


def _taken_objects(verb: Any) -> list[Any]:
    """What a verb acted on, its own objects first: those of `_objects_and_parts` and those it
    shares with coordinated verbs ("captured and beat up a robber")."""
    return _objects_and_parts(verb) + _conjunct_objects(verb)


def _object_among(verb: Any, lemmas: frozenset[str]) -> bool:
    """Whether the verb's direct object (or what it is part of) is one of `lemmas`."""
    return any(o.lemma_.lower() in lemmas for o in _objects_and_parts(verb))


def _verb_of(trigger: Any) -> Any:
    """The verb that reports a trigger: itself, or the verb governing a noun trigger."""
    return trigger if trigger.pos_ in ("VERB", "AUX") else _governing_verb(trigger)


def _governing_verb(token: Any) -> Any:
    node = token
    while node.pos_ not in ("VERB", "AUX") or node.dep_ in ("amod", "prep", "acl"):
        if node.head.i == node.i:
            return node
        node = node.head
    return node


def _is_people(token: Any) -> bool:
    """Whether a noun phrase names people: a person's name, a people noun, a pronoun or a bare
    count ("1 captured"), or a group of them ("a group of people")."""
    if token.ent_type_ in ("PERSON", "NORP") or token.pos_ in ("PRON", "NUM"):
        return True
    return bool(_noun_and_its_whole(token) & PEOPLE_NOUNS)


def _noun_and_its_whole(token: Any) -> set[str]:
    """The lemmas of a noun and of what it is a part or group of ("some of the protesters",
    "a group of people"): either may say who is meant."""
    return {token.lemma_.lower()} | {o.lemma_.lower() for o in _prep_objects(token, ("of",))}


def _word_above(token: Any, words: frozenset[str], steps: int, past_subject: bool) -> Any:
    """The nearest of `words` among a token's heads, at most `steps` up (not past a subject
    unless `past_subject`), or None."""
    node = token
    for _ in range(steps):
        if node.head.i == node.i or (not past_subject and node.dep_ in ("nsubj", "nsubjpass")):
            return None
        node = node.head
        if node.lemma_.lower() in words:
            return node
    return None


def _children(token: Any, deps: tuple[str, ...]) -> list[Any]:
    return [c for c in token.children if c.dep_ in deps]


def _prep_objects(token: Any, preps: tuple[str, ...]) -> list[Any]:
    return [
        o for c in token.children if c.dep_ in ("prep", "agent") and c.lemma_.lower() in preps
        for o in c.children if o.dep_ == "pobj"
    ]  # fmt: skip


def _subject_of(verb: Any) -> Any:
    node = verb
    for _ in range(4):
        subj = _children(node, ("nsubj",))
        if subj:
            return subj[0]
        if node.dep_ in ("conj", "xcomp", "advcl", "pcomp") and node.head.i != node.i:
            node = node.head if node.dep_ != "pcomp" else node.head.head
            continue
        break
    return None


def _conjunct_objects(verb: Any) -> list[Any]:
    """The objects of the verbs coordinated with `verb`, which it shares: "shot and killed a
    soldier", "captured and beat up a robber"."""
    conjuncts = [c for c in _children(verb, ("conj",)) if c.pos_ == "VERB"]
    return [o for c in conjuncts for o in _children(c, ("dobj", "obj"))]
