"""Did it happen, as this sentence tells it? The first half of the reality-and-scope stage.

A sentence can use the words of violence or protest and still report no act: the event word
names a charge, a trial or what a court was told ("charged with murder"), sits inside a name
or a unit's name, says who someone is ("murdered soldier X"), is someone's quoted words in a
story about no conflict, an order, a likeness ("it looked like an explosion"), a threat guarded
against, the simple present on no day ("the vehicles launch shells"), a tally over decades, a
verb joined to a modal one, the rally where someone spoke, protests told as a backdrop, things
gathered, people named by what they do when something else is done to them, weapons counted in
money, "executed warrants", or deaths an accident, a disaster or an illness caused.

Each rule takes a `Told` (a mention with its trigger, sentence, actors and doer) and what the
whole story is about, and gives a reason or None; `scope` runs them before ACLED's own scope.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from dateline.events.cues import match_cues
from dateline.events.story_scope import StoryScope, is_organised, scope_words
from dateline.events.syntax import _subject_of
from dateline.events.vocab import PLACE_LABELS, VIOLENT_TYPES
from dateline.model import Actor, Mention


@dataclass(frozen=True)
class Told:
    """One mention with what this stage reads: its trigger token, its sentence, the actors
    named in that sentence and the doer its grammar names (None when nobody is)."""

    mention: Mention
    trigger: Any
    sentence: Any
    actors: list[Actor]
    doer: Actor | None = None

    @cached_property
    def words(self) -> frozenset[str]:
        """The sentence's lemmas and lower-cased words, plurals also bare ('Islamists', which
        the lemmatiser leaves as it is when it reads a proper noun); read by several rules."""
        lower = {t.lower_ for t in self.sentence}
        bare = {w.removesuffix("s") for w in lower}
        return frozenset({t.lemma_.lower() for t in self.sentence} | lower | bare)


def charged_not_told(told: Told, story: StoryScope) -> str | None:
    """'charged with aggravated murder', 'accused of assault', 'convicted in the kidnapping',
    'summoned over alleged assaults': the event word names what a court or the police say,
    not an act the sentence reports. In a story about conflict, one side accusing another
    ('activists accused the regime of heavy shelling') is how the war's events are told; a
    person who 'was accused of' something is still charged."""
    heads = scope_words().legal_heads
    node = told.trigger
    for _ in range(6):  # "over alleged assaults on its men and destruction of property"
        head = node.head
        if head.i == node.i:
            return None
        if story.about_conflict and _one_side_accuses_another(head):
            return None
        if head.lemma_.lower() in heads and node.dep_ in ("pobj", "prep", "dobj", "pcomp"):
            return f"a charge or trial ('{head.text} ... {told.trigger.text}'), not the act told"
        if node.dep_ not in ("pobj", "prep", "pcomp", "conj", "compound", "amod", "nmod", "dobj"):
            return None  # "expelled diplomats for taking part in protests": the dobj too
        node = head
    return None


def _one_side_accuses_another(verb: Any) -> bool:
    """'the ceasefire collapsed, as activists accused the regime of shelling': the active
    voice, the accused its object ('he was accused of' is a charge), in a clause that tells
    the circumstances of other news (an accusation that is the sentence's news, 'Guterres
    accused Iran of bombing Damascus', reports the accusation)."""
    if verb.lemma_.lower() != "accuse" or verb.dep_ == "ROOT":
        return False
    deps = {c.dep_ for c in verb.children}
    return "dobj" in deps and not deps & {"nsubjpass", "auxpass"}


COURT_AUDIENCE = frozenset({"jury", "juror", "court", "judge", "magistrate", "tribunal", "hearing"})


def told_to_a_court(told: Told, story: StoryScope) -> str | None:
    """'Mr Orchard told jurors the killing followed ...', 'the court heard he was stabbed': what
    a court is told is a trial, not the act reported as news."""
    for node in told.trigger.ancestors:
        if node.lemma_.lower() in ("tell", "say", "hear", "show"):
            audience = [c for c in node.children if c.dep_ in ("dobj", "dative", "nsubj", "pobj")]
            audience += [o for c in node.children if c.dep_ == "prep" for o in c.children]
            if any(a.lemma_.lower() in COURT_AUDIENCE for a in audience):
                return f"'{node.text}' a court: a trial, not the act told"
    return None


def a_name(told: Told, story: StoryScope) -> str | None:
    """'Gov. John Lynch', 'the Skirmish Bar': an event word inside a person's or an
    organisation's name names no event."""
    t = told.trigger
    if t.pos_ == "PROPN" and t.ent_type_ in ("PERSON", "ORG", "FAC", "WORK_OF_ART"):
        return f"'{t.text}' is part of a name"
    return None


def describes_someone(told: Told, story: StoryScope) -> str | None:
    """'the family of murdered soldier Patrick Azimkar': a past participle that qualifies a
    person says who they are, as a name does; when the act is news, a sentence of its own
    tells it. ('Striking haulers' and 'burning tires' are the protest itself, and stay.)"""
    t = told.trigger
    head = t.head
    if head.i == t.i or head.pos_ not in ("NOUN", "PROPN"):
        return None
    if t.dep_ == "amod" and t.tag_ == "VBN" and _right_before(t, head) and _human(head):
        return f"'{t.text} {head.text}' says who someone is, not what happened"
    return None


def _right_before(modifier: Any, head: Any) -> bool:
    """Only other modifiers of the noun stand between ('murdered British soldier'), not a
    determiner ('killed a man', a verb the parser misread)."""
    between = modifier.doc[modifier.i + 1 : head.i]
    return all(w.head.i == head.i and w.dep_ in ("amod", "compound", "nmod") for w in between)


UNITS = frozenset(
    {"brigade", "battalion", "regiment", "division", "unit", "corps", "squadron", "company",
     "platoon", "school", "academy", "museum", "range", "factory", "maker", "manufacturer"}
)  # fmt: skip


def names_a_unit(told: Told, story: StoryScope) -> str | None:
    """'the first artillery brigade', 'a missile maker': an event word that names a unit or
    a place reports no act of its own."""
    t = told.trigger
    if t.dep_ == "compound" and t.head.lemma_.lower() in UNITS:
        return f"'{t.text} {t.head.text}' names a unit or a place"
    return None


PERSON_CUES = frozenset({"hostage", "captive", "protester", "protestor", "demonstrator", "marcher"})


TAKING = frozenset({"take", "hold", "seize", "keep", "grab"})
RELEASING = frozenset({"release", "free", "swap"})
CAPTIVES = frozenset({"hostage", "captive"})


def people_done_to(told: Told, story: StoryScope) -> str | None:
    """'agitating the protesters into new resistance', 'two hostages ... were released': a
    noun naming people by what they do or suffer is no event when something else is done to
    them; it tells a protest as the doer of a verb, an abduction with a verb of taking. A
    sentence that tells captives' release tells no taking, whatever the parse made of it."""
    t = told.trigger
    if t.pos_ != "NOUN" or t.lemma_.lower() not in PERSON_CUES:
        return None
    verb = t.head
    taken_here = t.dep_ in ("dobj", "nsubjpass") and verb.lemma_.lower() in TAKING
    if t.lemma_.lower() in CAPTIVES and not taken_here:
        freed = next((w for w in told.sentence if w.lemma_.lower() in RELEASING), None)
        if freed is not None:
            return f"'{t.text} ... {freed.text}': a release told, the taking is history"
    if t.dep_ not in ("dobj", "nsubjpass") or verb.pos_ != "VERB":
        return None
    if verb.lemma_.lower() in TAKING:
        return None
    return f"'{verb.text} ... {t.text}': people something was done to, not an act of theirs"


def in_a_quote(told: Told, story: StoryScope) -> str | None:
    """In a story about no conflict or unrest, words inside a direct quote are what someone
    said ('"They're up here shooting," she told her granddaughter'). In a conflict story an
    official's quote often is the report ('a military source said: "After heavy fighting
    during the night, the army is in full control"'), so it stays."""
    if story.about_conflict:
        return None
    at = told.trigger.idx
    if any(start <= at < end for start, end in story.quotes):
        return "inside a direct quote: someone's words, not the report"
    return None


def an_order_or_a_wish(told: Told, story: StoryScope) -> str | None:
    """'Fly with the crows and get shot': an event word in an imperative clause (a verb in its
    base form heading the sentence, with no subject) tells what someone should do."""
    node = told.trigger if told.trigger.pos_ == "VERB" else told.trigger.head
    while node.dep_ in ("conj", "xcomp") and node.head.i != node.i:
        node = node.head
    subject = any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in node.children)
    if node.dep_ == "ROOT" and node.tag_ == "VB" and not subject:
        auxiliaries = any(c.dep_ in ("aux", "auxpass") for c in node.children)
        if not auxiliaries:
            return f"'{node.text}': an order or a wish, not a report"
    return None


LIKENESS_VERBS = frozenset({"look", "seem", "sound", "feel", "appear"})


def a_likeness(told: Told, story: StoryScope) -> str | None:
    """'It looked like an explosion blew out the wall', 'as if a bomb had gone off': what
    something was like is no report that it happened."""
    node = told.trigger
    for _ in range(5):
        for c in node.children:
            as_if = c.dep_ == "mark" and c.lower_ in ("if", "though") and c.i > 0
            if as_if and c.doc[c.i - 1].lower_ == "as":
                return f"'as {c.text} ...': a likeness, not a report"
        head = node.head
        if head.i == node.i:
            return None
        likes = {node.lower_} | {c.lower_ for c in [*node.children, *head.children]}
        if head.lemma_.lower() in LIKENESS_VERBS and "like" in likes:
            return f"'{head.text} like ...': a likeness, not a report"
        node = head
    return None


GUARDING_WORDS = frozenset(
    {"protection", "protect", "defend", "defence", "defense", "shield", "guard", "safety",
     "safe", "shelter", "deterrent", "deter", "insurance", "immune", "immunity"}
)  # fmt: skip


def guarded_against(told: Told, story: StoryScope) -> str | None:
    """'protection to civilians against Russian airstrikes': a danger guarded against is a
    threat, not an event."""
    t = told.trigger
    prep = t.head
    if t.dep_ != "pobj" or prep.lower_ not in ("against", "from"):
        return None
    if prep.head.lemma_.lower() in GUARDING_WORDS:
        return f"'{prep.head.text} {prep.text} {t.text}': a threat guarded against"
    return None


def struck_something(told: Told, story: StoryScope) -> str | None:
    """'That struck me as different', 'struck a deal': the verb 'strike' with an object hits
    or seems; a walkout takes none."""
    t = told.trigger
    if told.mention.event_type != "Protests" or t.lemma_ != "strike" or t.tag_ == "VBG":
        return None  # 'striking truckers' is the walkout
    if any(c.dep_ == "dobj" for c in t.children):
        return f"'{t.text}' with an object: not a walkout"
    return None


def weapons_as_goods(told: Told, story: StoryScope) -> str | None:
    """'the $1.3 billion in artillery and $1 billion in missiles': weapons counted in money are
    goods sold or bought, not fired."""
    t = told.trigger
    if t.pos_ != "NOUN":
        return None
    near = [t.head, t.head.head, *t.children]
    if any(w.ent_type_ == "MONEY" for w in near):
        return f"'{t.text}' counted in money: goods, not an attack"
    return None


def generic_present(told: Told, story: StoryScope) -> str | None:
    """'The vehicles launch 155mm shells', 'the target who is bloodied by the mob': an act in
    the simple present, on no day, tells what happens in general, not what happened."""
    verb = _governing_verb(told.trigger)
    if verb is None:
        return None
    aux = _auxiliaries(verb)
    if verb.tag_ in ("VBZ", "VBP") and not aux:
        told_as = f"'{verb.text}'"
    elif verb.tag_ == "VBN" and [a.lower_ for a in aux] in (["is"], ["are"]):
        told_as = f"'{aux[0].text} ... {verb.text}'"
    else:
        return None
    if verb.lemma_.lower() in ("say", "tell", "report", "claim", "be", "have"):
        return None
    if _tells_an_event(verb):
        return None  # "Mob lynches man accused of ...": a headline's present tells news
    if any(e.label_ in ("DATE", "TIME") for e in told.sentence.ents):
        return None  # "On 3 June, 2,000 people demonstrate ...": a dated historical present
    return f"{told_as} in the simple present: what happens, not what happened"


def _tells_an_event(verb: Any) -> bool:
    """The verb is itself an event word ('kill', 'lynches', 'clash'), as in a headline."""
    return any(hit.trigger.i == verb.i for hit in match_cues(verb.sent))


def _governing_verb(trigger: Any) -> Any:
    """The event word itself when it is a verb, else the nearest verb above it."""
    if trigger.pos_ in ("VERB", "AUX"):
        return trigger
    return next((a for a in trigger.ancestors if a.pos_ in ("VERB", "AUX")), None)


def _auxiliaries(verb: Any) -> list[Any]:
    """A verb's auxiliaries, or, for a verb joined to another ('is ripped and bloodied'),
    those it shares with the first."""
    own = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if own or verb.dep_ != "conj":
        return own
    return [c for c in verb.head.children if c.dep_ in ("aux", "auxpass")]


def objected_to(told: Told, story: StoryScope) -> str | None:
    """'Residents had protested the developer's plans to build homes': 'protested' with a plan,
    a law or a decision as its object, and no place in the sentence, is an objection voiced,
    not a demonstration held."""
    t = told.trigger
    if told.mention.event_type != "Protests" or t.pos_ != "VERB":
        return None
    objects = [c for c in t.children if c.dep_ == "dobj"]
    if not objects or objects[0].lemma_.lower() not in scope_words().policy_objects:
        return None
    if any(e.label_ in PLACE_LABELS for e in told.sentence.ents):
        return None
    return f"'{t.text} ... {objects[0].text}': an objection voiced, not a demonstration"


_SPAN_OF_TIME = re.compile(
    r"\b(?:for|over|across|during|throughout)\s+(?:the\s+)?(?:past\s+|last\s+)?"
    r"(?:\w+\s+)?(?:decades|centuries)\b"
    r"|\bsince the \d+(?:st|nd|rd|th) century\b|\bin the \d{3,4}0?s\b",
    re.I,
)


def over_a_span_of_time(told: Told, story: StoryScope) -> str | None:
    """'It killed more than 800 people over four decades of violence', 'surviving many
    assassination plots for decades': a tally over decades or centuries is history."""
    found = _SPAN_OF_TIME.search(told.sentence.text)
    if found:
        return f"a tally over '{found.group()}', not one event"
    return None


def modal_by_conjunction(told: Told, story: StoryScope) -> str | None:
    """'authorities will arrest and detain anyone who ...', 'we will win and save our Country
    from destruction': a verb joined to a modal one shares its mood."""
    verb = _governing_verb(told.trigger)
    if verb is None or verb.dep_ != "conj" or any(c.dep_ == "aux" for c in verb.children):
        return None
    modals = {"will", "would", "could", "may", "might", "can", "should", "must"}
    aux = [c for c in verb.head.children if c.dep_ == "aux" and c.lower_ in modals]
    if aux:
        return f"'{aux[0].text} {verb.head.text} and {verb.text}': not a fact"
    return None


SPEAKING = frozenset({"say", "tell", "speak", "address", "announce", "vow", "promise"})


def venue_of_a_speech(told: Told, story: StoryScope) -> str | None:
    """'Trump said at a rally in Louisiana': the rally is where a statement was made; the
    statement is the news, and a campaign rally is no protest."""
    t = told.trigger
    if told.mention.event_type != "Protests" or t.pos_ != "NOUN" or t.dep_ != "pobj":
        return None
    prep = t.head
    if prep.lower_ in ("at", "during") and prep.head.lemma_.lower() in SPEAKING:
        return f"'{prep.head.text} {prep.text} a {t.text}': where someone spoke"
    return None


CIRCUMSTANCE_PREPS = frozenset({"despite", "amid", "because", "by", "with"})


def protests_as_circumstance(told: Told, story: StoryScope) -> str | None:
    """'despite months of anti-government protests', 'canceled because of domestic protests':
    protests in the plural, told as the backdrop of something else, report no one protest."""
    t = told.trigger
    if told.mention.event_type != "Protests" or t.pos_ != "NOUN" or t.tag_ != "NNS":
        return None
    marks = {c.lower_ for c in t.children if c.dep_ == "mark"}  # "With protests exploding, ..."
    if marks & CIRCUMSTANCE_PREPS:
        return f"'{t.left_edge.text} ... {t.text}': protests as the backdrop, not one protest"
    if t.dep_ not in ("pobj", "nsubj"):  # "despite months of protests", "with protests raging"
        return None
    preps = {a.lower_ for a in list(t.ancestors)[:4]}
    if preps & CIRCUMSTANCE_PREPS:
        return f"'{t.head.text} ... {t.text}': protests as the backdrop, not one protest"
    return None


WORKS = frozenset(
    {"novel", "film", "movie", "book", "episode", "comic", "poem", "song", "trailer", "sequel",
     "musical", "opera", "documentary", "videogame"}
)  # fmt: skip


def told_in_a_work(told: Told, story: StoryScope) -> str | None:
    """'The protesters in the novel storm the palace', 'in the film, rebels attack a base': what
    happens in a novel, a film or a game is its plot, not news."""
    for word in told.sentence:
        inside = word.dep_ == "pobj" and word.head.lower_ == "in"
        named = not any(c.dep_ == "compound" for c in word.children)  # not "the film studio"
        if inside and named and word.lemma_.lower() in WORKS:
            return f"'in the {word.text}': a work's plot, not news"
    return None


IDIOM_NOUNS = frozenset({"battle", "combat", "war"})


def a_manner_of_speaking(told: Told, story: StoryScope) -> str | None:
    """'earned a reputation in battle', 'tested in combat': a bare 'battle' after 'in' or
    'into', with no article or modifier, names a kind of situation, not one battle fought."""
    t = told.trigger
    if t.tag_ != "NN" or t.lemma_.lower() not in IDIOM_NOUNS or t.dep_ != "pobj":
        return None
    modified = any(c.dep_ in ("det", "poss", "amod", "compound", "nummod") for c in t.children)
    if t.head.lower_ not in ("in", "into") or modified:
        return None
    return f"'{t.head.text} {t.text}': a manner of speaking, not one battle"


MOVEMENT_NOUNS = frozenset({"protest", "demonstration", "rally", "march", "riot", "unrest"})


def a_known_movement(told: Told, story: StoryScope) -> str | None:
    """'Beijing's strategy for ending the protests': the protests, plural and definite, as the
    object of something else in a sentence that names no day and no place ('joined the protests
    in Cairo' reports them), are a movement the reader knows, not one protest reported."""
    t = told.trigger
    if t.tag_ != "NNS" or t.lemma_.lower() not in MOVEMENT_NOUNS or t.dep_ not in ("dobj", "pobj"):
        return None
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in t.children):
        return None
    for e in told.sentence.ents:
        if e.label_ in ("DATE", "TIME") or (e.label_ in PLACE_LABELS and e.root.dep_ != "poss"):
            return None
    return f"'the {t.text}' named as a known movement, not one protest reported"


NOT_PROTESTERS = frozenset(
    {"fan", "spectator", "tourist", "pilgrim", "worshipper", "runner", "graduate", "reveller",
     "reveler", "visitor", "shopper", "celebrant", "mourner"}
)  # fmt: skip
COUNTS = frozenset({"thousand", "hundred", "dozen", "million", "group", "crowd", "number"})
CLAIMS = frozenset(
    {"demand", "protest", "against", "denounce", "condemn", "oppose", "slogan", "placard",
     "banner", "chant", "justice", "grievance", "petition"}
)  # fmt: skip


def a_crowd_with_no_claim(told: Told, story: StoryScope) -> str | None:
    """'Thousands of fans marched to the stadium', 'pilgrims gathered at the shrine': fans,
    pilgrims or mourners who march press no claim; with one ('mourners chanted slogans
    against the army') they demonstrate."""
    if told.mention.event_type != "Protests":
        return None
    verb = told.trigger if told.trigger.pos_ == "VERB" else told.trigger.head
    subject = _subject_of(verb)
    if subject is not None and subject.lemma_.lower() in COUNTS:  # "thousands of fans"
        of = [o for c in subject.children if c.lower_ == "of" for o in c.children]
        subject = of[0] if of else subject
    if subject is None or subject.lemma_.lower() not in NOT_PROTESTERS:
        return None
    if told.words & CLAIMS:
        return None
    return f"'{subject.text} {verb.text}': a crowd pressing no claim"


DISPLAYING = frozenset({"display", "unfurl", "raise", "hang", "hold"})


def one_person_s_display(told: Told, story: StoryScope) -> str | None:
    """'She ... hung a banner on the town hall': one person displaying a banner is a gesture;
    a demonstration is people gathered ('activists hung a banner on the bridge')."""
    t = told.trigger
    if told.mention.event_type != "Protests" or t.lemma_.lower() not in DISPLAYING:
        return None
    subject = _subject_of(t if t.pos_ in ("VERB", "AUX") else t.head)
    if subject is None:
        return None
    named = subject.ent_type_ == "PERSON" and subject.tag_ == "NNP"
    alone = not any(c.dep_ == "conj" for c in subject.children)  # not "Ana and her aides"
    if subject.lower_ in ("he", "she", "i") or (named and alone):
        return f"'{subject.text} ... {t.text}': one person's gesture, no demonstration"
    return None


COLLECTIVES = frozenset({"crowd", "group", "mob", "throng", "gathering", "they", "we", "who"})


def things_gathered(told: Told, story: StoryScope) -> str | None:
    """'information gathered from several sources', 'the evidence gathered in the case': a
    gathering verb whose subject or object is a thing is no gathering of people."""
    t = told.trigger
    if told.mention.event_type != "Protests" or t.lemma_.lower() not in ("gather", "assemble"):
        return None
    if any(c.dep_ == "dobj" for c in t.children):
        return f"'{t.text}' collects things, no people gather"
    # "information gathered from ...", but also the parser's "200 people gathered in ..."
    subject = (
        t.head if t.dep_ == "acl" else next((c for c in t.children if c.dep_ == "nsubj"), None)
    )
    human = subject is not None and any(
        w.tag_ in ("NNS", "NNPS", "CD") or w.ent_type_ in ("NORP", "ORG", "PERSON")
        or w.lower_ in COLLECTIVES
        for w in (subject.subtree if t.dep_ != "acl" else [subject, *subject.children])
    )  # fmt: skip
    if subject is not None and not human:
        return f"'{subject.text} {t.text}': a thing, no people gather"
    return None


def caused_by_no_one(told: Told, story: StoryScope) -> str | None:
    """'killed in a helicopter crash', 'plague has killed millions': deaths whose cause is an
    accident, a disaster or an illness are no violence."""
    m = told.mention
    if m.event_type not in VIOLENT_TYPES:
        return None
    causes = scope_words().causes_not_violence
    t = told.trigger
    verb = t if t.pos_ == "VERB" else t.head
    if t.dep_ == "relcl" and t.head.lemma_.lower() in causes:  # "a fire that killed four"
        return f"'{t.head.text}' did it: no violence"
    cause = _stated_cause(t, causes)
    if cause:  # "explosions ... caused by ammonium nitrate", in a conflict story too
        return f"'caused by ... {cause}': an accident or a disaster, no violence"
    named = told.words & causes
    crowd = m.event_type == "Riots"  # rioters who "sparked a dumpster blaze" did it
    armed = is_organised(told.doer) or told.words & scope_words().armed_doers
    if named and not (crowd or armed or story.about_conflict):  # "opened fire" is war's
        return f"'{sorted(named)[0]}' in a sentence naming no armed doer: no violence"
    for c in verb.children:
        if c.dep_ == "nsubj" and c.i != t.i and c.lemma_.lower() in causes:
            return f"'{c.text}' did it: no violence"
        if c.dep_ == "prep" and c.lower_ in ("in", "by", "from", "during"):
            for o in c.children:
                if o.dep_ == "pobj" and o.lemma_.lower() in causes:
                    return f"'{c.text} {o.text}': an accident or a disaster, no violence"
    return None


def _stated_cause(trigger: Any, causes: frozenset[str]) -> str | None:
    """The accident or disaster the sentence says caused the event ('caused by large quantities
    of ammonium nitrate', 'triggered by a gas leak'), in the event word's clause."""
    verb = trigger if trigger.pos_ == "VERB" else trigger.head
    for word in verb.subtree:
        if word.lemma_.lower() not in ("cause", "trigger", "spark"):
            continue
        for agent in word.children:
            if agent.dep_ == "agent":
                found = [w.text for w in agent.subtree if w.lemma_.lower() in causes]
                if found:
                    return found[0]
    return None


def done_to_things(told: Told, story: StoryScope) -> str | None:
    """'executed two search warrants', 'hacked official emails': some killing verbs are
    violence only when people are their object."""
    t = told.trigger
    if t.lemma_.lower().removesuffix("ing") not in scope_words().human_objects_only:
        return None
    if t.pos_ == "NOUN":  # "email hacking", "the execution of the plan"
        people = any(_human(c) for c in t.subtree if c.i != t.i)
        return None if people else f"'{t.text}' names no one it is done to"
    objects = [c for c in t.children if c.dep_ in ("dobj", "nsubjpass")]
    if t.dep_ == "acl":
        objects.append(t.head)
    if objects and not any(_human(o) for o in objects):
        return f"'{t.text} {objects[0].text}': done to a thing, not to people"
    return None


def _human(token: Any) -> bool:
    return (
        token.ent_type_ in ("PERSON", "NORP")
        or token.lower_ in ("him", "her", "them", "he", "she", "they", "who")
        or token.lemma_.lower() in PEOPLE
    )


PEOPLE = frozenset(
    {"man", "woman", "person", "people", "child", "civilian", "prisoner", "soldier", "member",
     "leader", "villager", "resident", "journalist", "activist", "officer", "suspect", "boy",
     "girl", "worker", "farmer", "student", "fighter", "hostage", "detainee", "family",
     "youth", "supporter", "assailant", "attacker", "individual"}
)  # fmt: skip


def displaced_by_disaster(told: Told, story: StoryScope) -> str | None:
    """'flooding has affected 390,000 people ... 9,000 people have been evacuated': people
    moved by a disaster are no conflict displacement."""
    if told.mention.sub_event_type not in ("Other", "Change to group/activity"):
        return None
    found = told.words & (scope_words().causes_not_violence - {"fire"})
    if found:
        return f"'{sorted(found)[0]}': moved by a disaster or an accident"
    if any(_a_blaze(w) for w in told.sentence):
        return "'the fire': moved by a disaster or an accident"
    return None


def _a_blaze(word: Any) -> bool:
    """'warning residents of the fire', 'a house fire': fire as a blaze, with its article or
    what burned, not 'opened fire' or 'fire on'."""
    if word.lemma_.lower() != "fire" or word.pos_ != "NOUN" or word.head.lemma_ == "open":
        return False
    return any(c.dep_ in ("det", "compound") for c in word.children) and not any(
        c.dep_ == "prep" and c.lower_ in ("on", "at", "upon") for c in word.children
    )


HAPPENED_RULES: tuple[Callable[[Told, StoryScope], str | None], ...] = (
    charged_not_told,
    told_to_a_court,
    a_name,
    describes_someone,
    people_done_to,
    names_a_unit,
    in_a_quote,
    an_order_or_a_wish,
    a_likeness,
    guarded_against,
    struck_something,
    weapons_as_goods,
    generic_present,
    objected_to,
    over_a_span_of_time,
    modal_by_conjunction,
    venue_of_a_speech,
    protests_as_circumstance,
    a_known_movement,
    a_manner_of_speaking,
    told_in_a_work,
    a_crowd_with_no_claim,
    one_person_s_display,
    things_gathered,
    done_to_things,
    caused_by_no_one,
    displaced_by_disaster,
)
