"""Reality and scope: is a typed mention an in-scope event that happened?

Cue matching (`cues`) finds the words of violence, protest and strategic moves; most news that
uses them reports no ACLED event: a football "attack", a stock "rally", a burglary arrest, a
murder charge, an insurer's "agreement". This stage takes each mention with its sentence, its
actors and what the whole story names, and sets it aside when ACLED's scope excludes it:

Did it happen, as this sentence tells it? `happened` holds those rules, which run first.

Is it in ACLED's scope? An arrest in a story about no conflict needs a political, protest or
armed-group tie, and no ordinary-crime grounds; in a sport, business, science, entertainment
or crime story a sentence that names no armed group or crowd is figurative; violence there
needs an armed actor, a crowd or state forces as its doer (or armed words, a group of people,
a named organisation, the marks of an execution, or a mass killing); ground needs an armed
taker and a place, not goods; an agreement needs conflict parties. What the story is about
comes from `story_scope`.

Each rule gives a reason; the reason of a rejected mention is kept on the article
(`Article.rejected`), so an analyst sees why a sentence yielded no event.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dateline.events.happened import HAPPENED_RULES, PEOPLE, Told
from dateline.events.story_scope import (
    StoryScope,
    anchors,
    is_armed,
    is_organised,
    is_police,
    scope_words,
)
from dateline.events.syntax import _subject_of
from dateline.events.vocab import TERRITORY, VIOLENT_TYPES

FORCE_WORDS = frozenset({"force", "forces", "troops", "soldier", "fighter", "army"})


MASS_KILLING = 3  # deaths in one attack that no ordinary crime report is about


def routine_arrest(told: Told, story: StoryScope) -> str | None:
    """An arrest on ordinary-crime grounds with nothing in its sentence tying it to politics,
    protest or conflict (in a story about conflict, no political figure either); or, in a
    story about no conflict or unrest, an arrest of no political figure, protester,
    journalist, activist or armed-group suspect."""
    m = told.mention
    if m.sub_event_type != "Arrests":
        return None
    words = scope_words()
    grounds = _ordinary_grounds(told.trigger)
    targeted = _arrested_words(told) & words.political_targets  # not "officers arrested ..."
    political = told.words & words.political_context
    if story.about_conflict:  # "a retired naval officer was arrested for possession of ..."
        political = political or targeted
    if grounds and not political:
        return f"a routine arrest: on ordinary-crime grounds ('{grounds}')"
    if story.about_conflict or targeted or political:
        return None
    if any(a.inter in (2, 3, 4, 5, 6, 8) for a in told.actors):
        return None
    return "a routine arrest: no political figure, protester, journalist, activist or armed suspect"


def _arrested_words(told: Told) -> frozenset[str]:
    """The words naming who was arrested ('arrested an opposition leader', 'a journalist was
    detained', 'the arrest of two activists'); the whole sentence when the parse names none."""
    t = told.trigger
    verb = t if t.pos_ in ("VERB", "AUX") else t.head
    who = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    who += [o for c in t.children if c.lower_ == "of" for o in c.children if c.dep_ == "pobj"]
    if not who:
        return told.words
    return frozenset(form for w in who for x in w.subtree for form in (x.lemma_.lower(), x.lower_))


ORDINARY_CRIMES = frozenset(
    {"corruption", "fraud", "bribery", "bribe", "embezzlement", "theft", "robbery", "burglary",
     "drug", "drugs", "narcotic", "narcotics", "trafficking", "laundering", "tax", "evasion",
     "murder", "rape", "assault", "smuggling", "extortion", "forgery", "shoplifting", "abuse",
     "possession", "pornography", "molestation", "battery", "stalking", "harassment", "dui",
     "driving", "drunk",
     "trespassing", "vandalism", "carjacking", "poaching", "gambling"}
)  # fmt: skip


def _ordinary_grounds(trigger: Any) -> str | None:
    """The crime an arrest is 'for' or 'on suspicion of' when it is an ordinary one."""
    for prep in trigger.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("for", "on", "over"):
            continue
        for word in prep.subtree:
            if word.lemma_.lower() in ORDINARY_CRIMES or word.lower_ in ORDINARY_CRIMES:
                return word.text
    return None


def no_organised_actor(told: Told, story: StoryScope) -> str | None:
    """Violence in a story about no conflict or unrest, done by no armed actor, crowd or
    state force the grammar names, and with no armed doer or weapon of war in its sentence
    ('armed individuals', 'a roadside bomb'): ordinary crime, an accident, a word used in
    another sense."""
    m = told.mention
    violent = m.event_type in VIOLENT_TYPES or m.sub_event_type == "Looting/property destruction"
    if not violent or story.about_conflict or is_organised(told.doer):
        return None
    if (m.fatalities or 0) >= MASS_KILLING and not story.accident:  # "44 people were killed
        return None  # in an attack", but not "19 were killed when their bus plunged"
    if _done_by_many(told.trigger):  # "sexual assault on women by rowdy men": a mob
        return None
    if _names_armed_doers(told) or _done_by_an_organisation(told.trigger):
        return None
    return "violence by no armed actor, crowd or state force, in a story with no conflict"


def _done_by_an_organisation(trigger: Any) -> bool:
    """'the Children of Fire carried out an arson attack': a group with a name of its own, not
    one person, did it."""
    verb = trigger if trigger.pos_ == "VERB" else trigger.head
    if verb.tag_ not in ("VBD", "VBZ", "VBP"):  # "saw his Isuzu attacked": done to it
        return False
    subject = _subject_of(verb)
    return subject is not None and subject.ent_type_ in ("ORG", "NORP")


def _names_armed_doers(told: Told) -> bool:
    """The sentence names armed doers or forces ('armed individuals', 'troops', 'a bomb')."""
    return bool(told.words & (scope_words().armed_doers | FORCE_WORDS))


def _done_by_many(trigger: Any) -> bool:
    """The doer is a group of people ('young men', 'three people', 'youths'), as subject of
    the event word or after a 'by' in its sentence (the parser often hangs that 'by' on
    another verb): collective violence, not one person's crime."""
    verb = trigger if trigger.pos_ == "VERB" else trigger.head
    heads = [c for c in verb.children if c.dep_ == "nsubj"]
    heads += [o for t in trigger.sent if t.lower_ == "by" for o in t.children if o.dep_ == "pobj"]
    return any(h.tag_ == "NNS" and h.lemma_.lower() in PEOPLE for h in heads)


GROUND_TYPES = frozenset(TERRITORY | {"Non-violent transfer of territory"})


def ground_taken_by_nobody_armed(told: Told, story: StoryScope) -> str | None:
    """Territory changes hands between armed actors: 'took over', 'regained', 'taking back'
    with no armed actor in the sentence is a job, a share price or a company."""
    if told.mention.sub_event_type not in GROUND_TYPES:
        return None
    goods = _things_taken(told.trigger)
    if goods and _counted(told.trigger):  # "police seized fake handbags": armed, but no ground
        return goods
    if is_organised(told.doer) or any(is_armed(a) for a in told.actors):
        return None
    if _names_armed_doers(told):
        return None
    return "ground taken, but no armed actor is named"


GROUND = frozenset(
    {"control", "town", "city", "village", "area", "district", "territory", "base", "position",
     "hill", "region", "province", "airport", "port", "road", "highway", "bridge", "camp",
     "building", "checkpoint", "outpost", "neighbourhood", "neighborhood", "part", "most",
     "rest", "locality", "island", "field", "mine", "border", "crossing", "post", "zone",
     "centre", "center", "headquarters", "station", "compound", "facility", "airbase",
     "palace", "parliament", "ministry", "office", "complex", "garrison", "barracks"}
)  # fmt: skip


def _counted(trigger: Any) -> bool:
    """What is taken comes in a plural or a quantity ('handbags', '200 kilograms of cocaine'),
    as goods do; one thing taken ('the power plant') is a place until shown otherwise."""
    objects = [c for c in trigger.children if c.dep_ == "dobj"]
    return bool(objects) and (
        objects[0].tag_ == "NNS" or any(c.dep_ == "nummod" for c in objects[0].children)
    )


def _things_taken(trigger: Any) -> str | None:
    """'police seized counterfeit cosmetics': what is taken is goods, not ground."""
    objects = [c for c in trigger.children if c.dep_ == "dobj"]
    if not objects:
        return None
    o = objects[0]
    if o.ent_type_ in ("GPE", "LOC", "FAC", "PERSON") or o.lemma_.lower() in GROUND:
        return None
    if any(c.lemma_.lower() in GROUND for c in o.children if c.dep_ in ("compound", "amod")):
        return None  # "a district centre", "the border town"
    if o.pos_ == "PROPN":
        return None
    return f"'{trigger.text} {o.text}': things taken, not ground"


def agreement_outside_conflict(told: Told, story: StoryScope) -> str | None:
    """An agreement counts only between conflict parties (a ceasefire, a prisoner swap)."""
    if told.mention.sub_event_type != "Agreement":
        return None
    if any(is_armed(a) and not is_police(a) for a in told.actors):
        return None
    if told.words & scope_words().conflict_parties:
        return None
    return "an agreement not between conflict parties"


GROUP_MOVES = frozenset({"Change to group/activity", "Headquarters or base established"})
ARMED_MOVES = frozenset({"armed", "missile", "patrol", "convoy", "reinforcement", "regime"})


def group_move_outside_conflict(told: Told, story: StoryScope) -> str | None:
    """A group's change of activity or a new base is ACLED's only for an armed group, a crowd
    or a force: in a story about no conflict, 'an airline group announced the creation of a
    program' is business news."""
    if told.mention.sub_event_type not in GROUP_MOVES or story.about_conflict:
        return None
    if is_organised(told.doer) or any(anchors(a) for a in told.actors):
        return None
    if told.words & (FORCE_WORDS | ARMED_MOVES | scope_words().conflict_words):
        return None  # "a convoy of regime reinforcements", "a new anti-Taliban armed group"
    return "a group's move in a story with no conflict, by no armed actor or crowd"


def figurative_in_story(told: Told, story: StoryScope) -> str | None:
    """In a sport, business, science or entertainment story that is about no conflict or
    unrest, a sentence naming no armed actor or crowd uses the words figuratively ('the
    rally', 'a boss fight', 'the rocket's core stage')."""
    if story.domain is None or story.about_conflict:
        return None
    if any(anchors(a) for a in told.actors):
        return None
    if told.mention.event_type == "Protests" and _people_gathered(told.trigger):
        return None
    return f"a {story.domain} story, and the sentence names no armed actor or crowd"


WORKERS = frozenset(
    {"worker", "doctor", "nurse", "teacher", "lecturer", "employee", "miner", "driver", "farmer",
     "student", "staff", "union"}
)  # fmt: skip


def _people_gathered(trigger: Any) -> bool:
    """'farmers gathered', 'members of unions marched', 'medical workers' strike': a plural
    noun, not a pronoun, does the protest ('they demonstrated against the Thunder' stays
    figurative in a sport story)."""
    verb = trigger if trigger.pos_ == "VERB" else trigger.head
    if any(c.dep_ == "nsubj" and c.tag_ in ("NNS", "NNPS") for c in verb.children):
        return True
    before = trigger.doc[max(trigger.i - 3, trigger.sent.start) : trigger.i]
    return trigger.pos_ == "NOUN" and any(
        w.tag_ == "NNS" and w.lemma_.lower() in WORKERS for w in before
    )


RULES: tuple[Callable[[Told, StoryScope], str | None], ...] = (
    *HAPPENED_RULES,
    # is it in ACLED's scope?
    routine_arrest,
    figurative_in_story,
    no_organised_actor,
    ground_taken_by_nobody_armed,
    agreement_outside_conflict,
    group_move_outside_conflict,
)


def out_of_scope(told: Told, story: StoryScope) -> str | None:
    """The first reason this mention is no in-scope event that happened, or None."""
    for rule in RULES:
        reason = rule(told, story)
        if reason:
            return reason
    return None
