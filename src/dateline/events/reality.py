"""Stage 2, reality: why a cue does not report a real event (`rejection(hit)`), or None.

The words of a cue often report no act: negated ("denied attacking", "no one was hurt"),
modal or future ("could attack", "will strike"), conditional ("if"), an intention, threat or
attempt ("threatened to strike", "vowed to", "the offensive to retake"), a reaction to an event
told elsewhere ("hailed the recapture", "condemned the killing"), an evaluation ("the recapture
is a victory"), a generic statement ("a series of bombings"), a word that describes a noun
("displaced people"), what a protest is about ("protested over the arrests"), what is
remembered ("the anniversary of the riot"). The typing stage also asks `_under_grievance` and
`_alleged` ("accused of rape": a charge, not an act told) once the sentence's events are known.
"""

from __future__ import annotations

from typing import Any

from dateline.events.cues import CueHit, lexicon
from dateline.events.syntax import _children, _is_people, _taken_objects, _verb_of, _word_above
from dateline.events.vocab import (
    _DEMONSTRATION,
    CROWD_WORDS,
    PEOPLE_NOUNS,
    PROTEST_TYPES,
    REPORTING_VERBS,
)
from dateline.nlp.brackets import inside_brackets


def _nobody(token: Any) -> bool:
    """'Nobody was killed', 'no one was hurt', 'no casualties were reported'."""
    if token.lower_ in ("nobody", "none", "noone"):
        return True
    if token.lower_ == "one" and any(c.lower_ == "no" for c in token.children):
        return True
    return any(c.dep_ == "det" and c.lower_ == "no" for c in token.children)


def _acted_to_protest(hit: CueHit) -> bool:
    """In "people gathered in the park to protest the path" the gathering is the protest, and
    so is whatever people did "to protest" ("drivers parked their trucks on the highway to
    protest ...")."""
    if hit.cue.sub_event_type not in PROTEST_TYPES:
        return False
    head = hit.trigger.head.lemma_.lower()
    return head in lexicon().gathering_heads or hit.trigger.lemma_.lower() in PROTEST_ACTS


# verbs that are a protest whatever act carried them out
PROTEST_ACTS = frozenset({"protest", "demonstrate", "rally", "picket"})

# markers of a series, which a past-tense verb makes one dated act ("staged a series of protests")
_SERIES = frozenset({"series of", "string of", "wave of"})


def _series_done(t: Any, verb: Any) -> bool:
    """ "Activists staged a series of protests": the series is the object of a past verb, one
    dated act; "a wave of attacks killed 30" or "has seen a series of bombings" stays generic."""
    series = next((a for a in t.ancestors if a.lower_ in ("series", "wave", "string")), None)
    return series is not None and series.dep_ == "dobj" and verb.tag_ == "VBD"


def _in_brackets(token: Any) -> bool:
    """Whether a token sits inside brackets of its sentence: asides such as "(means not
    specified)" say nothing of the event itself."""
    sent = token.sent
    return inside_brackets(sent.doc.text[sent.start_char : token.idx])


PROTEST_WORDS = frozenset(
    {"protest", "demonstrate", "demonstration", "rally", "march", "picket", "gather", "sit",
     "block", "demand", "denounce", "condemn", "decry", "oppose"}
)  # fmt: skip


def _grievance_of_protest(t: Any) -> str | None:
    """'protested over the arrests of activists', 'blocked the road to demand the arrest of a
    suspect', 'in support of a man arrested last week': the event names the grievance; the
    word that says so, or None."""
    if t.dep_ in ("acl", "amod"):
        person = t.head.lemma_.lower()
        someone = t.head.ent_type_ == "PERSON" or person in PEOPLE_NOUNS or person in CROWD_WORDS
        if someone and _DEMONSTRATION.search(t.sent.text):
            return t.head.text  # "in support of a man arrested last week": who they protest for
    if t.pos_ != "NOUN":
        return None
    head = t.head
    about = head.lower_ in ("over", "against", "about", "for")
    if t.dep_ == "pobj" and about and head.head.lemma_.lower() in PROTEST_WORDS:
        return head.text
    if t.dep_ == "dobj" and head.lemma_.lower() in PROTEST_WORDS:
        return head.text
    return None


# words that introduce what a protest is about
GRIEVANCE_WORDS = frozenset(
    {"against", "over", "about", "condemn", "denounce", "demand", "decry", "oppose", "protest",
     "solidarity", "support", "justice", "punishment"}
)  # fmt: skip


def _under_grievance(trigger: Any) -> bool:
    """Whether an event word depends on a word that says what a protest is about ("against
    the arrest", "protested the killing"); an act coordinated with the protest ("protested
    ... and clashed with police") is an act of its own, not its grievance. A listed noun
    ("over unpaid wages and the arrest of a leader") shares its list's grievance, and so does
    a clause on the people who protest ("relatives of a man who was detained protested")."""
    node = trigger
    while node.head.i != node.i and not (node.dep_ == "conj" and node.pos_ in ("VERB", "AUX")):
        who = node.head
        if node.dep_ == "relcl" and _is_people(who) and who.lemma_.lower() not in CROWD_WORDS:
            return True
        node = node.head
        if node.lemma_.lower() in GRIEVANCE_WORDS:
            return True
    return False


# "the anniversary of the Capitol riot", "in honor of the victims of the massacre", "the
# casket that held the Marine killed last week"
COMMEMORATION_WORDS = frozenset(
    {"anniversary", "commemorate", "commemoration", "remembrance", "memory", "honor", "honour",
     "memorial", "funeral", "casket", "coffin", "burial", "bury"}
)  # fmt: skip


def _commemorated(trigger: Any) -> str | None:
    """The word by which an event word names a past event remembered ("the 1st anniversary of
    the January 6th Capitol riot"), or None; "rioters who commemorated ..." still act now."""
    word = _word_above(trigger, COMMEMORATION_WORDS, 5, past_subject=False)
    return word.text if word is not None else None


NONE = frozenset({"no", "neither"})
PLANNED = frozenset({"planned", "upcoming", "scheduled", "forthcoming"})


ENDING = frozenset({"end", "halt"})


def _ended_by(noun: Any) -> Any:
    """'a ceasefire ending 11 days of fighting', 'the truce that halted the clashes': the verb
    whose object the event word is (through 'days of'), when it ends it; what it ended is
    over and told elsewhere, not reported on the day of its end."""
    if noun.pos_ != "NOUN":
        return None
    node = noun
    for _ in range(3):
        head = node.head
        if head.i == node.i:
            return None
        if node.dep_ == "dobj" and head.lemma_.lower() in ENDING and head.dep_ != "ROOT":
            return head
        if node.dep_ not in ("pobj", "prep", "dobj"):
            return None
        node = head
    return None


def _yet_to_come(noun: Any) -> bool:
    """'ahead of the rallies', 'in the run-up to the planned march': an event word after
    'ahead of', or called planned or upcoming, names something that has not happened."""
    prep = noun.head
    ahead = noun.dep_ == "pobj" and prep.lower_ == "of" and prep.head.lower_ == "ahead"
    return ahead or any(c.dep_ == "amod" and c.lower_ in PLANNED for c in noun.children)


# prepositions that tell where or when a word applies, not what it is about
CIRCUMSTANCES = frozenset({"in", "during", "amid", "outside", "inside"})


def rejection(hit: CueHit) -> str | None:
    """Why this cue does not report a real event, or None when it does."""
    lex = lexicon()
    t = hit.trigger
    verb = _verb_of(t)
    # "No group has admitted carrying out the attack": the verb it complements counts too
    outer = verb.head if verb.dep_ in ("xcomp", "ccomp", "pcomp") else verb
    for node in dict.fromkeys((t, verb, outer)):  # in this order: the same reason every run
        for c in node.children:
            if c.dep_ == "neg" and not _in_brackets(c):
                return f"negated ('{c.text} {node.text}')"
            if c.dep_ == "aux" and c.text.lower() in lex.modal_aux:
                return f"modal or future ('{c.text} {node.text}')"
            if c.dep_ == "mark" and c.lemma_.lower() in ("if", "unless", "whether"):
                return f"conditional ('{c.text}')"
            if c.dep_ in ("nsubj", "nsubjpass") and _nobody(c):
                return f"negated subject ('{c.text}')"
    # "ahead of anti-government rallies next month", "before the planned march": to come
    if t.pos_ == "NOUN" and _yet_to_come(t):
        return f"yet to come ('{t.head.head.text} {t.head.text} ... {t.text}')"
    ended = _ended_by(t)
    if ended is not None:
        return f"what was ended ('{ended.text} ... {t.text}'), told as over"
    # "Iran has neither missiles nor warheads", "no attack was reported"
    deniers = [c for c in t.children if c.dep_ in ("det", "preconj") and c.lower_ in NONE]
    if t.pos_ == "NOUN" and deniers:
        return f"negated ('{deniers[0].text} {t.text}')"
    if hit.cue.weak and hit.cue.kill and t.tag_ in ("NNS", "NNPS"):
        return f"'{t.text}' in the plural tells a pattern, not one event"
    # (unless the noun heads a sentence with no verb of its own: "AQAP militants deployed in
    # Ad Dali", which the parser read as "militants who were deployed")
    if hit.cue.finite and t.dep_ in ("acl", "amod", "compound", "relcl") and t.head.dep_ != "ROOT":
        return f"'{t.text}' describes the {t.head.text}, it does not report an act"
    if (
        hit.cue.sub_event_type == "Arrests"
        and t.dep_ in ("acl", "amod")
        and t.head.lemma_.lower() not in CROWD_WORDS
    ):
        return f"'{t.text}' describes the {t.head.text}, it does not report an arrest"
    grievance = _grievance_of_protest(t)
    if grievance and hit.cue.sub_event_type not in PROTEST_TYPES:
        return f"what a protest is about ('{grievance} the {t.text}'), not an event it reports"
    remembered = _commemorated(t)
    if remembered:
        return f"what is remembered ('{remembered}'), not an event it reports"
    if hit.cue.territory:
        # "captured the rector", "captured a group of people", "1 captured", "he was forced out"
        taken = next(iter(_taken_objects(verb) + _children(verb, ("nsubjpass",))), None)
        if taken is not None and _is_people(taken):
            return f"'{t.text}' took a person ('{taken.text}'), not ground"
        if taken is None and verb.tag_ == "VBN":
            return f"'{t.text}' names nothing taken ('one captured' is a person)"
    # purpose: "the offensive to retake Palmyra", "in order to seize"
    if (
        t.pos_ == "VERB"
        and t.dep_ in ("xcomp", "acl", "advcl", "relcl")  # "a mission to free the hostages"
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children)
        and not any(c.dep_ == "aux" and c.lower_ == "have" for c in t.children)  # "to have killed"
        and t.head.lemma_.lower() not in lex.factual_heads
        and not _acted_to_protest(hit)
    ):
        return f"purpose or intention ('to {t.text}')"
    # intention, threat, attempt, denial: the event word is a complement of such a word
    node = t
    for _ in range(8):
        head = node.head
        if head.i == node.i:
            break
        lemma = head.lemma_.lower()
        if lemma in REPORTING_VERBS and node.dep_ in ("ccomp", "xcomp", "conj"):
            break
        if lemma in lex.negation_heads:
            return f"denied ('{head.text}')"
        if node.dep_ == "prep" and node.lower_ in CIRCUMSTANCES and head.pos_ == "VERB":
            node = head  # "called for better pay in a protest": where they called, not what for
            continue
        if (
            lemma in lex.irrealis_heads
            and lemma not in lex.factual_heads
            and head.ent_type_ != "DATE"  # "On 1 May 2022": the month, not the modal
        ):
            link = node.dep_
            told_first = link in ("ccomp", "advcl") and node.i < head.i
            if told_first and _children(node, ("nsubj", "nsubjpass")):
                pass  # "members staged a sit-in, they demanded ...": a clause of its own, a fact
            elif link in ("xcomp", "ccomp", "acl", "advcl", "pcomp", "pobj", "prep", "aux"):
                return f"not a fact: under '{head.text}'"
        if (
            (t.pos_ == "NOUN" or t.dep_ == "acl")
            and lemma in lex.reaction_heads
            and node.dep_ in ("dobj", "pobj", "prep")
        ):
            return f"a reaction to the event ('{head.text}'), told elsewhere"
        node = head
    if t.pos_ == "NOUN":
        for c in t.children:
            if c.dep_ == "aux" and c.text.lower() in lex.modal_aux:
                return f"modal ('{c.text}')"
        head = t.head
        if (
            t.dep_ == "nsubj"
            and head.lemma_ == "be"
            and any(c.dep_ in ("attr", "acomp") for c in head.children)
        ):
            return "an evaluation of the event, not a report of it"
    # generic statements: "a series of bombings"
    doc = t.doc
    window = doc[max(t.left_edge.i - 4, t.sent.start) : t.i].text.lower()
    for marker in lex.generic_markers:
        if marker in window and not (marker in _SERIES and _series_done(t, verb)):
            return f"generic statement ('{marker}')"
    return None


# "a man accused of rape", "convicted for sexual abuse", "rape culture": a charge or a topic
ALLEGATION_HEADS = frozenset(
    {"accuse", "suspect", "allegation", "allege", "charge", "convict", "conviction", "case",
     "complain", "complaint", "report", "trial", "culture"}
)  # fmt: skip


def _alleged(trigger: Any) -> bool:
    """Whether an act word names a charge or a topic, not an act told: it hangs through "of"
    or "for" from an accusation ("accused police of firing at them", "convicted for sexual
    abuse"), or it is the modifier in "rape culture"."""
    if trigger.dep_ == "compound" and trigger.head.lemma_.lower() in ALLEGATION_HEADS:
        return True
    node = trigger
    for _ in range(3):  # "accused of rape and attempted homicide", "complained of being raped"
        if node.dep_ in ("acomp", "auxpass") and node.head.i != node.i:
            node = node.head  # "being raped": the verb "being" stands for it
        if node.dep_ == "ccomp":  # "reported that she was raped"
            return node.head.lemma_.lower() in ALLEGATION_HEADS
        prep = node.head
        if node.dep_ not in ("pobj", "pcomp") or prep.lower_ not in ("of", "for"):
            return False
        accused = prep.head.head if prep.head.dep_ == "dobj" else prep.head  # "accused police of"
        if {prep.head.lemma_.lower(), accused.lemma_.lower()} & ALLEGATION_HEADS:
            return True
        node = prep.head
    return False
