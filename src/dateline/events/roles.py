"""Stage 4, roles and arguments: the actors of a mention by role.

`_actor_hits` finds the actors a sentence names (`dateline.events.actors`); `assign_roles` reads
the grammar around the event word: the doer (subject, agent, possessor, "between X and Y"), the
target (object, "from X", "against X") and associated actors (conjoined subjects);
`_fill_actors` completes a mention's actors: the speaker "it" refers to, the actor of the
previous sentence, the other actor the sentence names, the opposing side from earlier
sentences, and ACLED's fixed roles (`_crowd_roles`: protesters are actor1 of protests, civilians
the unnamed other side of violence against them, a crowd that fights is rioters).
`_counter_protest` gives a protest met by a counter-protest its second side, after folding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dateline.events.cues import CueHit, lexicon
from dateline.events.syntax import (
    _children,
    _governing_verb,
    _is_people,
    _prep_objects,
    _subject_of,
    _verb_of,
    _word_above,
)
from dateline.events.vocab import (
    _DEMONSTRATION,
    ARMED_INTERS,
    FORCE_ON_PROTESTS,
    PRONOUNS,
    REPORTING_VERBS,
    STATE_INTERS,
    VIOLENT_TYPES,
)
from dateline.model import Actor, Article, Mention

if TYPE_CHECKING:
    from dateline.events.typing import _Candidate


@dataclass
class _ActorHit:
    start: int
    end: int
    actor: Actor
    head: Any  # the token heading the actor phrase


def _actor_hits(sentence: Any, article: Article, country: str | None) -> list[_ActorHit]:
    from dateline.events.actors import find_actors

    out = []
    for hit in find_actors(sentence, article, country):
        toks = [t for t in sentence if t.idx >= hit.start and t.idx < hit.end]
        if not toks:
            continue
        heads = [t for t in toks if not (hit.start <= t.head.idx < hit.end) or t.head.i == t.i]
        head = heads[0] if heads else toks[-1]
        if hit.actor.inter == 7 and head.dep_ == "amod" and not _is_people(head.head):
            continue  # "civilian houses", "civilian infrastructure": property, not people
        out.append(_ActorHit(hit.start, hit.end, hit.actor, head))
    return out


def _hit_for(token: Any, hits: list[_ActorHit]) -> _ActorHit | None:
    """The actor phrase headed by this token or inside its phrase (not its clauses)."""
    if token is None:
        return None
    for h in hits:
        if h.start <= token.idx < h.end:
            return h
    inside = [h for h in hits if h.head.i in {t.i for t in _phrase(token)}]
    return min(inside, key=lambda h: abs(h.head.i - token.i)) if inside else None


def _phrase(token: Any) -> list[Any]:
    out = [token]
    for c in token.children:
        if c.dep_ in ("relcl", "acl", "advcl", "appos", "punct", "cc"):
            continue
        out.extend(_phrase(c))
    return out


@dataclass
class Roles:
    actor1: _ActorHit | None = None
    actor2: _ActorHit | None = None
    assoc: list[_ActorHit] = field(default_factory=list)
    subject: Any = None  # the grammatical subject token, when known
    notes: list[str] = field(default_factory=list)


def assign_roles(hit: CueHit, hits: list[_ActorHit]) -> Roles:
    t = hit.trigger
    roles = Roles()
    doer = target = None
    if t.pos_ in ("VERB", "AUX") or t.pos_ == "ADP":
        verb = t if t.pos_ != "ADP" else t.head
        passive = bool(_children(verb, ("nsubjpass", "auxpass")))
        agents = _prep_objects(verb, ("by",))
        if passive:
            doer = agents[0] if agents else None
            pas = _children(verb, ("nsubjpass",))
            target = pas[0] if pas else None
        elif verb.dep_ == "acl" and verb.tag_ == "VBN":
            target = verb.head  # "the policemen killed in the bombing": the victims
        else:
            doer = _subject_of(verb)
            objs = _children(verb, ("dobj",))
            target = objs[0] if objs else None
        roles.subject = doer
        for o in _prep_objects(verb, ("from", "against", "with", "on", "to", "at")):
            if hit.cue.subject_is == "actor2" and o.head.lemma_ == "to":
                continue
            if _hit_for(o, hits) is not None:
                target = o
                break
        if hit.cue.subject_is == "actor2":
            to_objs = _prep_objects(verb, ("to",))
            doer, target = (to_objs[0] if to_objs else None), doer
    else:  # a noun: "his forces' recapture of Palmyra from IS", "a siege by IS"
        poss = _children(t, ("poss", "compound"))
        by = _prep_objects(t, ("by",))
        doer = by[0] if by else (poss[0] if poss else None)
        if doer is not None and doer.dep_ == "compound" and _hit_for(doer, hits) is None:
            doer = None  # "combat sorties": a modifier, not the doer
        tgt = _prep_objects(t, ("from", "against", "on", "of", "with"))
        target = next((o for o in tgt if _hit_for(o, hits) is not None), None)
        if doer is not None and hit.cue.sub_event_type == "Disrupted weapons use":
            doer, target = None, target or doer  # "an NPA arms cache": whose, not who found it
        # "a firefight between the NPA and the military", "fighting broke out between ..."
        sides = _prep_objects(t, ("between",)) or _prep_objects(_governing_verb(t), ("between",))
        if doer is None and sides and _hit_for(sides[0], hits) is not None:
            doer = sides[0]
        if doer is None and t.dep_ in ("dobj", "pobj"):
            verb = _governing_verb(t)
            doer = _subject_of(verb)
            roles.subject = doer
    roles.actor1 = _hit_for(doer, hits)
    roles.actor2 = _hit_for(target, hits)
    if roles.actor1 is not None:  # "Government troops and militiamen": militias associated
        for conj in roles.actor1.head.conjuncts:
            other = _hit_for(conj, hits)
            if other is not None and other.actor.name != roles.actor1.actor.name:
                roles.assoc.append(other)
        # "soldiers and JNIM militants clashed", "between the NPA and the military": with no
        # other side named, the actors joined in a fight are its two sides
        if roles.actor2 is None and roles.assoc and hit.cue.sub_event_type == "Armed clash":
            roles.actor2 = roles.assoc.pop(0)
            if roles.actor2.start < roles.actor1.start:  # "the Russian and Ukrainian forces"
                roles.actor1, roles.actor2 = roles.actor2, roles.actor1
    if roles.actor1 and roles.actor2 and roles.actor1.actor.name == roles.actor2.actor.name:
        roles.actor2 = None
    if roles.actor1 is None and roles.subject is None:
        roles.subject = doer
    return roles


def _fill_actors(
    cand: _Candidate, hits: list[_ActorHit], context: list[list[_ActorHit]], country: str | None
) -> Actor | None:
    """Set the mention's actors; returns the doer the grammar names (subject, agent, the
    event's own modifier), which the scope stage reads, or None."""
    m = cand.mention
    hit = CueHit(cand.cue, cand.trigger, [cand.trigger])
    roles = assign_roles(hit, hits)
    inside = next((h for h in hits if h.start <= cand.trigger.idx < h.end), None)
    if inside is not None:  # "Russian airstrikes", "Army sappers": the event's own agent
        roles.actor1, roles.assoc = inside, []
        if roles.actor2 is not None and roles.actor2.actor.name == inside.actor.name:
            roles.actor2 = None
    a1 = roles.actor1.actor if roles.actor1 else None
    a2 = roles.actor2.actor if roles.actor2 else None
    if a1:
        m.reasons.append(f"actor1 '{roles.actor1.actor.text}' is the doer ({cand.trigger.text})")
    subj = roles.subject
    pronoun = subj is not None and (
        subj.lower_ in PRONOUNS
        or any(c.lower_ in PRONOUNS and c.dep_ == "poss" for c in subj.children)
    )
    if a1 is None and pronoun:  # "The army said it had retaken ...": the speaker
        speaker = _reporting_speaker(cand.trigger, hits)
        if speaker is not None:
            a1 = speaker.actor
            m.reasons.append(f"actor1 '{a1.text}': the speaker '{subj.text}' refers to")
    if a1 is None and pronoun:  # "It blew up ...", "Their jets ...": the last actor before
        for previous in reversed(context[-2:]):
            if previous:
                a1 = previous[0].actor
                m.reasons.append(f"actor1 '{a1.text}' from the previous sentence ('{subj.text}')")
                break
    used = {a.name for a in (a1, a2) if a} | {a.actor.name for a in roles.assoc}
    # the other actors of the sentence: objects and victims are targets, supporters
    # ("backed by Russian airstrikes") are neither
    free = [
        h
        for h in hits
        if h.actor.name not in used
        and not (_supporter(h) or _is_source(h, cand.trigger) or _only_tied_to(h))
    ]
    targets = [h for h in free if _is_target(h)]
    doers = [h for h in free if not _is_target(h)]
    verb = cand.trigger if cand.trigger.pos_ in ("VERB", "AUX") else None
    agentless = verb is not None and bool(_children(verb, ("nsubjpass",)))
    if agentless:  # "his family home was searched and ...": a possessor is not the doer
        doers = [h for h in doers if h.head.dep_ != "poss"]
    if a1 is None and doers:
        a1 = doers[0].actor
        m.reasons.append(f"actor1 '{a1.text}': the actor named in the sentence")
    wants_target = m.event_type in VIOLENT_TYPES or m.sub_event_type in ("Arrests", "Agreement")
    if a2 is None and wants_target:
        allies = _backed_by(cand.trigger)
        rest = [
            h
            for h in targets + doers
            if (a1 is None or h.actor.name != a1.name) and h.head.i not in allies
        ]
        if rest:
            a2 = rest[0].actor
            m.reasons.append(f"actor2 '{a2.text}': the other actor named in the sentence")
    if m.event_type == "Battles" and (a1 is None or a2 is None):
        known = a1 or a2
        for previous in reversed(context[-8:]):
            other = next(
                (h.actor for h in previous if h.actor.inter in ARMED_INTERS
                 and (known is None or h.actor.name != known.name)),
                None,
            )  # fmt: skip
            if other is not None:
                if a1 is None:
                    a1 = other
                else:
                    a2 = other
                m.reasons.append(f"opposing side '{other.name}' from earlier sentences")
                break
    story = cand.trigger.doc.text
    unnamed = m.sub_event_type == "Armed clash" and a1 is None and a2 is None
    if unnamed and not (UNARMED_CLASH_EXCLUDES.search(story) or _DEMONSTRATION.search(story)):
        # "members of two rival parties clashed": a brawl with no arms or armed side named
        a1 = a2 = _generic_actor("Rioters ({country})", 5, country)
        m.sub_event_type, m.event_type = "Mob violence", "Riots"
        m.reasons.append("a clash with no arms and no armed side named: mob violence")
    if a1 is None and m.event_type in VIOLENT_TYPES:
        a1 = _unidentified_doer(m, country)
    if (
        m.event_type == "Explosions/Remote violence"
        and a2 is None
        and _civilians_hurt(cand.trigger)
    ):
        a2 = _generic_actor("Civilians ({country})", 7, country)
        m.reasons.append("actor2: civilians, the people the strike killed or wounded")
    foreign = a1 is not None and a1.inter == 8 and bool(country) and country != a1.country
    if m.sub_event_type == "Armed clash" and a2 is None and foreign:
        # "Russian forces engaged in an offensive near Barvinkove": the host army is the other side
        a2 = _generic_actor("Military Forces of {country}", 1, country)
        m.reasons.append(f"actor2 '{a2.name}': the army a foreign force fights on its ground")
    if m.event_type == "Battles" and a2 is None and _between_rivals(cand.trigger):
        a2 = a1  # "a shoot-out between rival gangs": both sides are of one kind
        m.reasons.append("a clash between rivals of one kind: both sides alike")
    if a1 is None and m.sub_event_type == "Arrests":
        a1 = _generic_actor("Police Forces of {country}", 1, country)
        m.reasons.append("arrest with no named doer: the country's police")
    a1, a2 = _crowd_roles(m, a1, a2, hits, country)
    # "supporters of two parties clashed": ACLED codes both sides of a brawl as rioters
    brawl = m.sub_event_type == "Mob violence" and cand.cue.sub_event_type == "Armed clash"
    if brawl and (a2 is None or a2.inter == 7):
        a2 = _generic_actor("Rioters ({country})", 5, a2.country if a2 else country)
        m.reasons.append(f"actor2 '{a2.name}': the other side of a brawl, rioters too")
    m.actor1, m.actor2 = a1, a2
    m.assoc_actors = [h.actor for h in roles.assoc if a2 is None or h.actor.name != a2.name]
    return roles.actor1.actor if roles.actor1 else None


CASUALTY_VERBS = frozenset({"kill", "injure", "wound", "maim", "hurt"})

# words that make a clash with no named sides a fight of armed men, not a brawl
UNARMED_CLASH_EXCLUDES = re.compile(
    r"\b(?:shots?|shoot\w*|gun\w*|fired?|firing|rifles?|pistols?|(?:fire)?arms|bullets?|armed|"
    r"grenades?|explosives?|IED|bombs?|weapons?|militants?|fighters?|rebels?|troops|soldiers|"
    r"forces|army|police|military|militia\w*|insurgents?|jihadists?|bandits?|tribes\w*|"
    r"tribal|raiders?|clans?|gangs?|cartels?|traffickers?|elements)\b",
    re.IGNORECASE,
)


def _civilians_hurt(trigger: Any) -> bool:
    """Whether the sentence of a strike tells of people it killed or wounded ("shelled
    Kharkiv, killing 1 child"), none of them armed: ACLED's civilians as the other side."""
    lex = lexicon()
    hurt = []
    for t in trigger.sent:
        if t.lemma_.lower() in CASUALTY_VERBS and t.pos_ == "VERB":
            hurt += _children(t, ("dobj", "nsubjpass"))
    words = {w.lemma_.lower() for w in hurt}
    return bool(words & lex.civilian_victims) and not words & lex.armed_victims


def _unidentified_doer(m: Mention, country: str | None) -> Actor:
    """ACLED's doer of violence nobody is named for."""
    m.reasons.append("no doer named: unidentified armed group")
    return _generic_actor("Unidentified Armed Group ({country})", 3, country)


def _between_rivals(trigger: Any) -> bool:
    """'clashes between gang members', 'a shoot-out between rival groups', 'two groups of
    police clashed', 'rival traffickers exchanged fire': a fight within one plural group, with
    no second side named."""
    subject = _subject_of(_verb_of(trigger))
    if subject is not None and subject.tag_ in ("NNS", "NNPS"):
        marks = {c.lower_ for c in subject.children if c.dep_ in ("nummod", "amod")}
        if marks & {"two", "rival"}:
            return True
    for t in trigger.sent:
        if t.lower_ == "between" and not any(c.dep_ == "cc" for c in t.subtree):
            objects = [c for c in t.children if c.dep_ == "pobj"]
            if objects and (
                objects[0].tag_ in ("NNS", "NNPS") or any(w.lower_ == "rival" for w in t.subtree)
            ):
                return True
    return False


def _generic_actor(template: str, inter: int, country: str | None) -> Actor:
    """ACLED's generic actor of a country ("Protesters (Kenya)"); with no country known, the
    bare kind ("Protesters"): the side and its inter code are known even when the place is not."""
    from dateline.events.actors import actor_name

    return Actor(actor_name(template, country), inter, "", country)


# sub-event types whose unnamed other side is civilians (besides violence against civilians)
CIVILIAN_TARGETS = frozenset({"Mob violence", "Arrests", "Looting/property destruction"})


def _crowd_roles(
    m: Mention, a1: Actor | None, a2: Actor | None, hits: list[_ActorHit], country: str | None
) -> tuple[Actor | None, Actor | None]:
    """ACLED's fixed roles: demonstrators are actor1 of protests and riots, also when force is
    used on them (the police who intervene are actor2); civilians are the unnamed other side of
    violence against civilians, mob violence, arrests and looting; civilians never do violence
    (a crowd that attacks or fights is rioters, and its violence is mob violence)."""
    if m.sub_event_type in ("Attack", "Armed clash") and a1 is not None and a1.inter in (5, 7):
        if a1.inter == 7:
            a1 = _generic_actor("Rioters ({country})", 5, a1.country or country)
        if _DEMONSTRATION.search(m.evidence.text):  # "during protests, clashes erupted ..."
            m.sub_event_type, m.event_type = "Violent demonstration", "Riots"
            m.reasons.append(f"violence done by a crowd ({a1.name}) in a protest: violent")
        else:
            m.sub_event_type, m.event_type = "Mob violence", "Riots"
            m.reasons.append(f"violence done by a crowd ({a1.name}): mob violence")
    elif m.sub_event_type in ("Attack", "Armed clash") and a1 is not None and a1.inter == 6:
        # "the demonstrators attacked a vehicle": protesters who attack are a violent demonstration
        a1 = _generic_actor("Rioters ({country})", 5, a1.country or country)
        m.sub_event_type, m.event_type = "Violent demonstration", "Riots"
        m.reasons.append("violence done by demonstrators: a violent demonstration")
    kind = m.event_type
    if kind == "Protests":  # excessive force too: ACLED codes all 8 of its 2022 dev records so
        if a1 is None or a1.inter != 6:  # a crowd that protests is protesters, never rioters
            crowd = next((h.actor for h in hits if h.actor.inter == 6), None)
            state = a1 if a1 is not None and a1.inter in STATE_INTERS else None
            a1 = crowd or _generic_actor("Protesters ({country})", 6, country)
            m.reasons.append(f"actor1 '{a1.name}': protesters are the side of a protest")
            crowd_as_target = a2 is not None and a2.inter == 6  # "police dispersed protesters"
            if state is not None and (a2 is None or crowd_as_target):
                a2 = state
                m.reasons.append(f"actor2 '{state.name}': the force that intervened")
        if m.sub_event_type == "Peaceful protest" and a2 is not None:
            m.reasons.append(f"no actor2 in a peaceful protest ('{a2.name}' is not a side)")
            a2 = None
        elif m.sub_event_type in FORCE_ON_PROTESTS and (a2 is None or a2.inter == 6):
            a2 = _generic_actor("Police Forces of {country}", 1, country)
            m.reasons.append(f"actor2 '{a2.name}': the police, who intervene in protests")
    elif m.sub_event_type == "Violent demonstration" and (a1 is None or a1.inter != 5):
        state = a1 if a1 is not None and a1.inter in STATE_INTERS else None
        crowd = next((h.actor for h in hits if h.actor.inter in (5, 6)), None)
        rioters = _generic_actor("Rioters ({country})", 5, country)
        if crowd is not None and crowd.inter == 6:
            crowd = rioters  # protesters who turn violent are coded as rioters
        a1 = crowd or rioters
        m.reasons.append(f"actor1 '{a1.name}': rioters are the side of a riot")
        if state is not None and a2 is None:
            a2 = state
    elif m.sub_event_type in CIVILIAN_TARGETS or kind == "Violence against civilians":
        if m.sub_event_type == "Looting/property destruction" and a1 is None:
            a1 = _unidentified_doer(m, country)
        # "the military arrested 10 locals": a crowd word for those who suffer it is civilians
        victims = kind == "Violence against civilians" or m.sub_event_type == "Arrests"
        if a2 is None or (victims and a2.inter == 5):
            a2 = _generic_actor("Civilians ({country})", 7, a2.country if a2 else country)
            m.reasons.append(f"actor2: civilians, the side that suffers {m.sub_event_type.lower()}")
    if m.sub_event_type == "Mob violence" and (a1 is None or a1.name.startswith("Unidentified")):
        a1 = _generic_actor("Rioters ({country})", 5, country)
        m.reasons.append(f"actor1 '{a1.name}': a mob is coded as rioters")
    return a1, a2


COUNTER_PROTEST = re.compile(r"\bcounter[- ]?(?:protest|demonstrat|rall|march)\w*", re.I)


def _counter_protest(m: Mention) -> None:
    """ACLED codes a peaceful protest met by a counter-protest as protesters against
    protesters: the counter-protest is its second side (inter 6)."""
    if m.sub_event_type != "Peaceful protest" or m.actor2 is not None:
        return
    told = [m.evidence, *m.evidence_also]
    if any(COUNTER_PROTEST.search(span.text) for span in told):
        country = m.actor1.country if m.actor1 is not None else None
        m.actor2 = _generic_actor("Protesters ({country})", 6, country)
        m.reasons.append("a counter-protest met it: protesters are its second side")


def _reporting_speaker(trigger: Any, hits: list[_ActorHit]) -> _ActorHit | None:
    """The actor who says the clause the trigger is in ("The M23 said it had withdrawn")."""
    node = trigger
    for _ in range(6):
        head = node.head
        if head.i == node.i:
            return None
        if head.lemma_ in REPORTING_VERBS and node.dep_ in ("ccomp", "conj"):
            subj = _children(head, ("nsubj",))
            return _hit_for(subj[0], hits) if subj else None
        node = head
    return None


SUPPORT_LEMMAS = ("back", "support", "aid", "assist", "help", "accompany")


def _backed_by(trigger: Any) -> set[int]:
    """Token indices of the side an event word supports: 'troops and militiamen, backed by
    Russian airstrikes' -> troops, militiamen. That side is an ally of the doer, never its target.
    """
    node = trigger
    while node.head.i != node.i:
        if node.lemma_ in SUPPORT_LEMMAS and node.dep_ in ("acl", "amod", "relcl", "advcl"):
            return {node.head.i, *(c.i for c in node.head.conjuncts)}
        node = node.head
    return set()


def _supporter(hit: _ActorHit) -> bool:
    """ "backed by Russian airstrikes", "supported by militias": a supporter, not a side."""
    head = hit.head
    return (
        head.dep_ == "pobj" and head.head.lemma_ == "by" and head.head.head.lemma_ in SUPPORT_LEMMAS
    )


# words that tie someone to a group without the group taking part: "accused of supporting
# the PDF", "over allegations of collaborating with JWS", "links with the NPA"
TIE_WORDS = frozenset(
    {"support", "collaborate", "collaboration", "collaborator", "link", "connection", "tie",
     "affiliation", "sympathize", "sympathise", "sympathizer", "cooperate", "cooperation",
     "membership", "loyalty", "sponsor"}
)  # fmt: skip


def _only_tied_to(hit: _ActorHit) -> bool:
    """Whether an actor is named only as whom someone is tied to ("suspected of supporting
    the PDF", "an STC-sponsored demonstration"): no side of the event."""
    return _word_above(hit.head, TIE_WORDS, 3, past_subject=True) is not None


def _is_target(hit: _ActorHit) -> bool:
    head = hit.head
    while head.dep_ in ("compound", "amod", "poss") and head.head.i != head.i:
        head = head.head  # "at a police van", "an army truck"
    if head.dep_ in ("dobj", "nsubjpass"):
        return True
    return head.dep_ == "pobj" and head.head.lemma_ in (
        "against",
        "on",
        "at",
        "from",
        "through",
        "into",
        "toward",
        "towards",
    )


def _is_source(hit: _ActorHit, trigger: Any) -> bool:
    """ "Police said the suspect fired ...": the speaker of a report is its source, not a side
    of the event it reports."""
    head = hit.head
    verb = head.head
    return (
        head.dep_ == "nsubj"
        and verb.lemma_ in REPORTING_VERBS
        and verb.i != trigger.i
        and trigger.i not in {t.i for t in _phrase(head)}
    )
