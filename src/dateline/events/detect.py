"""Event detection: sentence by sentence, from a cue lexicon (`data/cues.json`) over spaCy
lemmas and the dependency parse.

For each sentence:
1. cues fire on lemma/word patterns ("seize back", "suicide car bomb", "tear gas"), filtered by
   their context words and parts of speech;
2. non-events are rejected: negation ("denied attacking"), modals and futures ("could attack",
   "will strike"), intentions and threats ("threatened to strike", "vowed to", "the offensive
   to retake"), conditionals, reactions to an event told elsewhere ("hailed the recapture",
   "condemned the killing"), evaluations ("the recapture is a victory") and generic statements
   ("a series of bombings");
3. one mention per sub-event type; a more specific type supersedes a vaguer one in the same
   sentence (a suicide bomb is not also an IED; police dispersing a protest is not a peaceful
   protest);
4. actors by role (the doer: subject, agent, possessor; the target: object, "from X",
   "against X"), associated actors (conjoined subjects), fatalities, date, place and background.
Across the article, mentions of the same event (same sub-event type, compatible place and date,
same background flag) are merged into one, keeping the best-supported sentence as evidence
and the others in `reasons`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from dateline.events.background import background_reason
from dateline.events.cues import Cue, CueHit, lexicon, match_cues
from dateline.events.fatalities import fatalities_in, single_victim
from dateline.events.learned import review_mention
from dateline.events.reality import _alleged, _under_grievance, rejection
from dateline.events.roles import (
    _actor_hits,
    _ActorHit,
    _counter_protest,
    _fill_actors,
    _generic_actor,
    _hit_for,
    _is_target,
    assign_roles,
)
from dateline.events.scope import Told, out_of_scope, story_scope
from dateline.events.syntax import (
    _children,
    _conjunct_objects,
    _noun_and_its_whole,
    _prep_objects,
    _subject_of,
    _taken_objects,
    _verb_of,
)
from dateline.events.taxonomy import get_taxonomy
from dateline.events.vocab import (
    _DEMONSTRATION,
    ARMED_INTERS,
    CROWD_WORDS,
    EXCESSIVE_FORCE,
    FORCE_ON_PROTESTS,
    GRT,
    NONSTATE_INTERS,
    NSAOT,
    PRONOUNS,
    PROTEST_TYPES,
    PROTESTER_WORDS,
    REPORTING_VERBS,
    STATE_INTERS,
    TERRITORY,
    VIOLENT_TYPES,
)
from dateline.model import Actor, Article, Mention, Rejection, Span
from dateline.time import resolve_within

PRESENT_AUX = {"has", "have", "is", "are", "am", "will", "Has", "Have", "Is", "Are"}


def _crowd_did_it(trigger: Any) -> bool:
    """When residents block the road, the protesters act: nobody intervenes against them."""
    verb = _verb_of(trigger)
    # "residents marched ..., and officers stopped the march": a verb's own subject decides
    # ("... demonstrated while few were detained": a passive verb has a subject of its own)
    own = _children(verb, ("nsubj", "nsubjpass"))
    shared = verb.dep_ in ("xcomp", "conj", "advcl") and not own
    for node in (verb, verb.head if shared else verb):
        for c in _children(node, ("nsubj",)):
            # "some of the protesters beat a diplomat": the crowd the subject is part of
            if _noun_and_its_whole(c) & CROWD_WORDS:
                return True
    return False


# who can block or stop a march: the force that intervenes in a protest
FORCE_WORDS = frozenset(
    {"police", "policeman", "officer", "force", "troop", "soldier", "army", "military",
     "authority", "gendarme", "guard", "security", "agent", "government", "regime", "militia"}
)  # fmt: skip


def _done_to_the_crowd(trigger: Any) -> bool:
    """An intervention is done to a protest: "police blocked the marchers" (a force blocks or
    stops), "protesters were arrested". Not "workers blocked the road", "in support of a man
    arrested last week", "who were arrested the day before" (others, arrested earlier)."""
    verb = _verb_of(trigger)
    if trigger.lemma_.lower() in ("block", "stop"):
        subj = _subject_of(verb)
        if subj is not None:
            return subj.lemma_.lower() in FORCE_WORDS
        stopped = _children(verb, ("nsubjpass",))  # "marchers were stopped at the bridge"
        return bool(stopped) and stopped[0].lemma_.lower() in CROWD_WORDS
    if trigger.dep_ in ("acl", "amod", "relcl") or (
        verb.dep_ == "relcl" and trigger.i in {t.i for t in verb.subtree}
    ):
        noun = trigger.head if trigger.dep_ in ("acl", "amod") else verb.head
        return noun.lemma_.lower() in PROTESTER_WORDS
    return True


# words by which a crowd presses a claim: ground taken by unarmed people to do so is a protest
DEMAND_WORDS = frozenset({"demand", "denounce", "protest", "condemn", "oppose", "decry"})


def _demanding(sent: Any) -> bool:
    """Whether a sentence tells of a claim pressed ("... to demand the chief's resignation")."""
    return any(t.lemma_.lower() in DEMAND_WORDS for t in sent)


def clause_tokens(sentence: Any, trigger: Any) -> list[Any]:
    """The tokens of the clause the trigger is in: relative clauses that do not hold the
    trigger are left out ("Palmyra, which fell to IS in 2015"); a trigger inside one gets
    that relative clause."""
    inner = None
    node = trigger
    while node.head.i != node.i:
        if node.dep_ in ("relcl",):
            inner = node
            break
        node = node.head
    root_tokens = list(inner.subtree) if inner is not None else list(sentence)
    skip: set[int] = set()
    for tok in root_tokens:
        if (
            tok.dep_ == "relcl"
            and (inner is None or tok.i != inner.i)
            and trigger not in list(tok.subtree)
        ):
            skip.update(t.i for t in tok.subtree)
    return [t for t in root_tokens if t.i not in skip and not t.is_space]


def _clause_text(tokens: list[Any]) -> str:
    return "".join(t.text_with_ws for t in tokens).strip()


def _simple_past(trigger: Any) -> bool:
    verb = _verb_of(trigger)
    if verb.tag_ not in ("VBD", "VBN"):
        return False
    return not any(c.dep_ in ("aux", "auxpass") and c.text in PRESENT_AUX for c in verb.children)


@dataclass
class _Candidate:
    mention: Mention
    cue: Cue
    trigger: Any
    sentence_index: int
    weak: bool
    explicit_date: bool


_TERMINAL = tuple('.!?"”’')


def _last_word(doc: Any, i: int) -> Any:
    while i > 0 and doc[i - 1].is_space:
        i -= 1
    return doc[i - 1] if i > 0 else None


def _breaks_paragraph(doc: Any, space: Any) -> bool:
    """A line break that ends a paragraph: a blank line, a break after sentence-final
    punctuation, or a lower-case word followed by a capitalised common word on the next
    line (a heading or a sentence whose full stop was lost: "... with the blast\nImages")."""
    if "\n\n" in space.text:
        return True
    before = _last_word(doc, space.i)
    if before is None or space.i + 1 >= len(doc):
        return False
    after = doc[space.i + 1]
    if before.text.endswith(_TERMINAL):
        return True
    return (
        before.is_lower
        and before.pos_ in ("NOUN", "VERB", "ADJ", "ADV", "NUM")
        and after.is_title
        and after.pos_ not in ("PROPN",)
    )


def sentences(doc: Any) -> list[Any]:
    """spaCy's sentences, mended for hard-wrapped text: a line break inside a sentence joins
    what the parser split there, and a paragraph break always ends a sentence."""
    starts = {s.start for s in doc.sents}
    for space in doc:
        if not (space.is_space and "\n" in space.text):
            continue
        nxt = space.i + 1
        if _breaks_paragraph(doc, space):
            starts.add(nxt)
        else:
            starts.discard(nxt)
            before = _last_word(doc, space.i)
            if before is not None and not before.text.endswith(_TERMINAL):
                starts.discard(space.i)
    bounds = [*sorted(i for i in starts if i < len(doc)), len(doc)]
    out = []
    for a, b in pairwise(bounds):
        span = doc[a:b]
        while len(span) and span[0].is_space:
            span = doc[span.start + 1 : span.end]
        while len(span) and span[-1].is_space:
            span = doc[span.start : span.end - 1]
        if len(span):
            out.append(span)
    return out


# How far before the story's day a named day is still news, not history.
NEWS_DAYS = 31


def _news_day(found: Any, reference: date | None) -> tuple[date, date | None, int] | None:
    """The day a sentence names ("On 21 June 2022, ...", "on Sunday") when it is news: its
    undated clauses and the undated sentences after it happened that day. None for coarser
    dates and for days long before the story (history)."""
    if found is None or found.evidence is None or found.precision != 1 or found.date is None:
        return None
    if reference is not None and (reference - found.date).days > NEWS_DAYS:
        return None
    return found.date, found.date_to, found.precision


def _as_range(found: Any) -> tuple[date, date | None, int] | None:
    return None if found is None else (found.date, found.date_to, found.precision)


def _event_date(text: str, reference: date | None) -> Any:
    try:
        from dateline.time import resolve_event_date
    except ImportError:  # pragma: no cover - the time package is optional at this stage
        return None
    return resolve_event_date(text, reference)


def _locate(start: int, end: int, article: Article) -> Any:
    from dateline.geo import locate

    return locate(start, end, article)


def _territory_type(cue: Cue, actor: Actor | None) -> tuple[str, str]:
    if actor is not None and actor.inter == 8:  # ACLED: a foreign army takes, not regains
        return NSAOT, f"territory taken by foreign forces ({actor.name})"
    if actor is not None and actor.inter in STATE_INTERS:
        return GRT, f"territory taken by state forces ({actor.name})"
    if actor is not None and actor.inter in NONSTATE_INTERS:
        return NSAOT, f"territory taken by a non-state actor ({actor.name})"
    return cue.sub_event_type, "territory change; the taker is unknown, default type kept"


# strategic developments a disaster also brings: evacuations, troops deployed to help
MOVEMENT_TYPES = frozenset({"Other", "Change to group/activity"})

# what security forces seize that is no ground: ACLED codes it as property destruction
GOODS_NOUNS = frozenset(
    {"drug", "marijuana", "cannabis", "cocaine", "heroin", "methamphetamine",
     "plantation", "crop", "laboratory", "lab", "boat", "vehicle", "car", "truck", "lorry",
     "house", "home", "property", "livestock", "cattle", "goods", "ton", "tonne", "kilogram",
     "kilo", "pound", "cash", "money", "fuel", "timber", "phone", "cellphone", "object",
     "item", "belonging", "equipment"}
)  # fmt: skip

# weapons seized: ACLED's "weapons seizure", a disrupted weapons use
WEAPON_NOUNS = frozenset(
    {"weapon", "firearm", "rifle", "gun", "pistol", "ammunition", "explosive", "cache",
     "arm", "arsenal", "grenade", "launcher", "materiel", "munition", "mortar", "round"}
)  # fmt: skip

# "took control peacefully", "no clashes were reported", "no information on whether fighting
# took place": ground changing hands with no fight told is, for ACLED, a non-violent transfer
UNFOUGHT = re.compile(
    r"\b(peacefully|without (?:a |any )?(?:fight|fighting|resistance|clash(?:es)?)|"
    r"no (?:clash(?:es)?|fighting|resistance) (?:was |were )?(?:reported|took place)|"
    r"no (?:information|reports?) (?:on |of |about )?(?:whether )?(?:any )?(?:fighting|clash))\b",
    re.IGNORECASE,
)

NONVIOLENT_TRANSFER = "Non-violent transfer of territory"

SHELLING = "Shelling/artillery/missile attack"

# shelling told with gunfire both ways or fighting on the ground: ACLED codes the whole a clash
MIXED_FIGHTING = re.compile(
    r"\b(?:small arms|firearms|fired back|returned fire|ground operations?|clash\w*|"
    r"exchang\w+ (?:of )?(?:artillery|shelling|fire))",
    re.IGNORECASE,
)


def _unfought(sent: Any) -> bool:
    """Whether the sentence, or the one after it in its paragraph, says the ground was taken
    without a fight ("took control peacefully", "... No clashes were reported.")."""
    return bool(UNFOUGHT.search(_following_text(sent, 1)))


SEXUAL_VIOLENCE = "Sexual violence"


def _aside(winner: CueHit, loser: str) -> bool:
    """Whether `loser` stays beside the winner of its sentence: arrests beside a vague word of
    violence ("arrested a suspect in the attack"), an abduction beside the noun "attack" (a
    killing or beating told by a verb supersedes it, as ACLED codes it); a clash whose outcome
    is told in a clause of its own ("clashed ... to regain control of a truck", "clashed with
    people who had occupied a plot") or names no ground: the aim or background of the clash,
    not its outcome."""
    if loser == "Arrests":  # "arrested a suspect in the attack": a vague word is no violence
        return winner.cue.weak
    if loser == "Abduction/forced disappearance":  # "killed a man and abducted a tailor"
        return winner.trigger.pos_ != "VERB"  # "abducted 20 people in the attack" stays
    if loser != "Armed clash" or not winner.cue.territory:
        return False
    verb = _verb_of(winner.trigger)
    if not _taken_objects(verb) and not _children(verb, ("nsubjpass",)):
        return True  # "3 were killed and 1 captured": nothing taken is named
    return verb.dep_ in ("relcl", "acl", "advcl", "xcomp", "pcomp")


def _not_ground(hit: CueHit) -> tuple[str, str] | None:
    """A territory verb that takes no territory: workers who occupy their offices protest
    ("teachers occupied the high school to denounce ..."); police who seize three tons of
    cocaine or a politician's house destroy or take property."""
    verb = _verb_of(hit.trigger)
    # "three tons of cocaine", "5,000 marijuana plants" (the compound says what is seized)
    objects = _taken_objects(verb)
    objects += [c for o in objects for c in o.children if c.dep_ == "compound"]
    weapons = next((o for o in objects if o.lemma_.lower() in WEAPON_NOUNS), None)
    if weapons is not None:
        return "Disrupted weapons use", f"'{hit.trigger.text}' took weapons ('{weapons.text}')"
    goods = next((o for o in objects if o.lemma_.lower() in GOODS_NOUNS), None)
    if goods is not None:
        return "Looting/property destruction", f"'{hit.trigger.text}' took goods ('{goods.text}')"
    if _crowd_did_it(hit.trigger):
        return "Peaceful protest", f"'{hit.trigger.text}' by a crowd: an occupation protest"
    return None


# "fired at a checkpoint", "at a market": where the shooting was, not who was shot at
WHERE_NOUNS = frozenset(
    {"checkpoint", "base", "position", "outpost", "barracks", "garrison", "post", "market",
     "school", "mosque", "church", "hospital", "station", "camp", "village", "town", "city",
     "border", "crossing", "rally", "protest", "funeral", "wedding", "home", "house"}
)  # fmt: skip

# force on protesters that ACLED codes as an intervention: excessive force is lethal or
# seriously injuring ("shot", "beat with batons"); "assaulted" alone says neither
UNARMED_FORCE = frozenset({"assault", "attack", "push", "manhandle", "jostle"})

# "The victim was a member of an organised crime group": ACLED codes a killing of gang or
# militia members as a clash between armed groups, whoever fired first
VICTIM_WAS_ARMED = re.compile(
    r"\bvictims? (?:was|were|had been) (?:a |an |also )?(?:known |suspected |alleged )?"
    r"(?:members? of |involved in |linked to |affiliated with |recognized as )[^.]{0,40}?"
    r"\b(?:gang|cartel|crime group|criminal group|drug trafficking|armed group|militia)",
    re.IGNORECASE,
)


def _following_text(sent: Any, n: int) -> str:
    """The sentence and up to n after it in its paragraph, as text: what a report adds about
    the event ("... No clashes were reported.", "The victim was a gang member.")."""
    following = re.match(rf"(?:[^\n]*?[.!?](?=\s|$)){{0,{n}}}", sent.doc.text[sent.end_char :])
    return sent.text + (following.group() if following else "")


def _kill_type(hit: CueHit, hits: list[_ActorHit]) -> tuple[str, str]:
    lex = lexicon()
    t = hit.trigger
    if VICTIM_WAS_ARMED.search(_following_text(t.sent, 2)):
        return "Armed clash", "the victim was a member of an armed group or gang"
    victims = _children(t, ("dobj", "nsubjpass")) + _prep_objects(t, ("of",))
    victims += _conjunct_objects(t)
    # "opened fire at military targets", "fired on a patrol", "an attack against the army"
    # (but "at a checkpoint" is where, unless it is the army's: "at a military check post")
    victims += _prep_objects(t, ("on", "upon", "against"))
    victims += [
        o
        for o in _prep_objects(t, ("at",))
        if o.lemma_.lower() not in WHERE_NOUNS
        or {c.lemma_.lower() for c in o.children} & lex.armed_victims
    ]
    for node in _children(t, ("dobj",)):
        victims += _prep_objects(node, ("at", "on", "upon"))
    for way in _prep_objects(t, ("in",)):  # "fired in the direction of army positions"
        victims += _prep_objects(way, ("of",)) if way.lemma_ == "direction" else []
    for v in victims:
        # "members of a militia group": the group says who they are
        words = {v.lemma_.lower()} | {c.lemma_.lower() for c in v.children}
        words |= {o.lemma_.lower() for o in _prep_objects(v, ("of",))}
        actor = _hit_for(v, hits)
        if words & PROTESTER_WORDS or (actor and actor.actor.inter == 6):
            if t.lemma_.lower() in UNARMED_FORCE:  # "police assaulted the protesters"
                return "Protest with intervention", f"protesters beaten ('{v.text}')"
            return EXCESSIVE_FORCE, f"force used on protesters ('{v.text}')"
        if words & lex.armed_victims or (actor and actor.actor.inter in ARMED_INTERS):
            return "Armed clash", f"killing of armed people ('{v.text}')"
        if words & lex.civilian_victims or (actor and actor.actor.inter == 7):
            return "Attack", f"killing of civilians ('{v.text}')"
    for h in hits:  # "Militants attacked a French army patrol near Gao": a named armed target
        after = t.i < h.head.i < t.sent.end
        if after and h.actor.inter in ARMED_INTERS and _is_target(h):
            return "Armed clash", f"the target is armed ('{h.head.text}')"
    return "Attack", "killing; victims not known to be armed"


def _sentence_candidates(
    sent: Any, index: int, article: Article, country: str | None
) -> tuple[list[_Candidate], list[_ActorHit], list[str]]:
    taxonomy = get_taxonomy()
    hits = _actor_hits(sent, article, country)
    rejected: list[str] = []
    by_type: dict[str, tuple[CueHit, str, list[str]]] = {}
    unarmed_takings: set[str] = set()  # ground said taken by no armed actor
    extra: dict[str, list[str]] = {}
    cue_hits = match_cues(sent)
    # "a group blocked the road and set fire to tyres": a protest cue makes it a demonstration
    protest_cued = any(h.cue.sub_event_type in PROTEST_TYPES for h in cue_hits)
    for hit in cue_hits:
        why_not = rejection(hit)
        if why_not:
            rejected.append(f"'{hit.cue.text}' on '{hit.trigger.text}': {why_not}")
            continue
        sub = hit.cue.sub_event_type
        notes = [f"cue '{hit.cue.text}' ({sub}, weight {hit.cue.weight}) on '{hit.trigger.text}'"]
        if sub in (SEXUAL_VIOLENCE, EXCESSIVE_FORCE) and _alleged(hit.trigger):
            rejected.append(f"'{hit.trigger.text}': an accusation, not an act told")
            continue
        if sub in FORCE_ON_PROTESTS and _crowd_did_it(hit.trigger):
            rejected.append(f"'{hit.trigger.text}': done by the crowd, not to it")
            continue
        if sub == "Protest with intervention" and not _done_to_the_crowd(hit.trigger):
            rejected.append(f"'{hit.trigger.text}': not done to the protest by a force")
            continue
        if hit.cue.kill:
            sub, note = _kill_type(hit, hits)
            notes.append(note)
        if hit.cue.territory:
            roles = assign_roles(hit, hits)
            taker = roles.actor1.actor if roles.actor1 else None
            sub, note = _not_ground(hit) or _territory_type(hit.cue, taker)
            notes.append(note)
            if taker is None or taker.inter not in ARMED_INTERS:
                unarmed_takings.add(sub)
        rioting = sub == "Violent demonstration"
        if rioting and not (protest_cued or _DEMONSTRATION.search(article.text)):
            sub = "Mob violence"
            notes.append("rioting with no demonstration in the story: mob violence")
        best = by_type.get(sub)
        if best is None or hit.cue.weight > best[0].cue.weight:
            if best is not None:
                extra.setdefault(sub, []).append(best[2][0])
            by_type[sub] = (hit, sub, notes)
        else:
            extra.setdefault(sub, []).append(notes[0])
    # "marched against the killing of a student", "a sit-in over the arrest of a colleague":
    # beside a protest, an event word under its grievance is what the protest is about
    protest_here = any(taxonomy.event_type_of(s) in ("Protests", "Riots") for s in by_type)
    protesting = any(s in PROTEST_TYPES for s in by_type)
    for sub in list(by_type):
        hit = by_type[sub][0]
        grievance = sub == SEXUAL_VIOLENCE or _under_grievance(hit.trigger) or _alleged(hit.trigger)
        if protest_here and (sub not in PROTEST_TYPES or sub == EXCESSIVE_FORCE) and grievance:
            rejected.append(f"'{hit.trigger.text}': what the protest is about")
            del by_type[sub]
        elif sub in TERRITORY and sub in unarmed_takings and (protesting or _demanding(sent)):
            # "workers took over the tax offices to demand ...": an occupation protest
            rejected.append(f"'{hit.trigger.text}': an occupation, part of the protest")
            if not protesting:
                note = "an occupation to press a demand: a protest"
                by_type["Peaceful protest"] = (hit, "Peaceful protest", [*by_type[sub][2], note])
            del by_type[sub]
    # a specific type supersedes vaguer ones in the same sentence (once grievances are out:
    # "protested against the killing" keeps its protest)
    lex = lexicon()
    found = dict(by_type)
    for sub in found:
        for loser in lex.supersedes.get(sub, ()):
            if loser in by_type and loser != sub and not _aside(found[sub][0], loser):
                rejected.append(f"{loser} superseded by {sub}")
                del by_type[loser]
    strong_violent = any(
        taxonomy.event_type_of(s) in VIOLENT_TYPES and not (h.cue.weak or h.cue.kill)
        for s, (h, _, _) in by_type.items()
    )
    domain = non_conflict_domain(sent, hits)
    out = []
    for sub, (hit, _, notes) in by_type.items():
        # rioting over prices or after a football match is still rioting
        riot = taxonomy.event_type_of(sub) == "Riots"
        # displacement and troop movements after a flood or a fire are no conflict events either
        told_by_domain = taxonomy.event_type_of(sub) in VIOLENT_TYPES or sub in MOVEMENT_TYPES
        if domain and not riot and told_by_domain:
            rejected.append(f"'{hit.trigger.text}' in a {domain} sentence with no armed actor")
            continue
        argument = non_conflict_argument(hit.trigger)
        if argument and taxonomy.event_type_of(sub) in VIOLENT_TYPES:
            rejected.append(f"'{hit.trigger.text}' is said of {argument}")
            continue
        vague = hit.cue.weak or hit.cue.kill  # a killing is told by the specific cue
        if vague and strong_violent and taxonomy.event_type_of(sub) in VIOLENT_TYPES:
            rejected.append(f"vague cue '{hit.cue.text}' folded into the specific event")
            continue
        weight = hit.cue.weight + min(0.1, 0.05 * len(extra.get(sub, [])))
        notes = notes + [f"also cue {n}" for n in extra.get(sub, [])]
        mention = Mention(
            event_type=taxonomy.event_type_of(sub),
            sub_event_type=sub,
            evidence=Span(
                sent.text.strip(), sent.start_char, sent.start_char + len(sent.text.strip())
            ),
            confidence=weight,
            reasons=notes,
        )
        out.append(_Candidate(mention, hit.cue, hit.trigger, index, hit.cue.weak, False))
    return out, hits, rejected


def non_conflict_domain(sent: Any, hits: list[_ActorHit]) -> str | None:
    """The non-conflict domain (sport, disaster, ...) a sentence with no armed actor is about.

    "Arsenal's attack tore Chelsea apart" or "floods ... killing four people" use the words of
    violence without a perpetrator of political violence.
    """
    if any(h.actor.inter in ARMED_INTERS for h in hits):
        return None
    nouns = {t.lemma_.lower() for t in sent if t.pos_ in ("NOUN", "PROPN")}
    for domain, words in lexicon().non_conflict.items():
        if nouns & words:
            return domain
    return None


def non_conflict_argument(trigger: Any) -> str | None:
    """The non-conflict subject or object of a violent verb ("firefighters battled blazes",
    "the storm hit the coast"), whatever other actors the sentence names."""
    words = lexicon().non_conflict
    for child in trigger.children:
        if child.dep_ not in ("nsubj", "nsubjpass", "dobj"):
            continue
        lemma = child.lemma_.lower()
        for domain, nouns in words.items():
            if lemma in nouns:
                return f"'{child.text}' ({domain})"
    return None


def _detention_by_armed_group(m: Mention) -> None:
    """ACLED: only states (and forces acting as one) arrest; people detained by an armed
    group ("QSD detained four men") are abducted."""
    if m.sub_event_type == "Arrests" and m.actor1 is not None and m.actor1.inter in NONSTATE_INTERS:
        m.sub_event_type, m.event_type = (
            "Abduction/forced disappearance",
            "Violence against civilians",
        )
        m.reasons.append(f"detained by an armed group ({m.actor1.name}): an abduction")


def _interval(m: Mention) -> tuple[date, date] | None:
    if m.date is None:
        return None
    end = m.date_to or m.date
    if m.time_precision == 3 and m.date_to is None:
        end = (m.date.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        if m.date.month == 1 and m.date.day == 1:
            end = m.date.replace(month=12, day=31)
    elif m.time_precision == 2 and m.date_to is None:
        end = m.date + timedelta(days=6)
    return m.date, end


def _places_compatible(a: Any, b: Any) -> bool:
    """The same place, or one inside the other (a country and its town, a province and
    its town)."""
    if (a.geonameid and a.geonameid == b.geonameid) or a.name == b.name:
        return True
    if a.country != b.country:
        return False
    if "country" in (a.kind, b.kind):
        return True
    if a.kind == "admin1" or b.kind == "admin1":
        return bool(a.admin1) and a.admin1 == b.admin1
    return False


def _own_place(m: Mention) -> Any:
    """The mention's place when its sentence names it (not one inferred from elsewhere)."""
    p = m.place
    if p is not None and m.evidence.start <= p.start < m.evidence.end:
        return p
    return None


def _compatible(a: Mention, b: Mention) -> bool:
    if a.sub_event_type != b.sub_event_type or a.background != b.background:
        return False
    pa, pb = _own_place(a), _own_place(b)
    if pa is not None and pb is not None and not _places_compatible(pa, pb):
        return False
    ia, ib = _interval(a), _interval(b)
    return not (ia and ib and (ia[1] < ib[0] or ib[1] < ia[0]))


def _merge(into: Mention, other: Mention) -> None:
    into.reasons.append(
        f"also told in: '{other.evidence.text}' [{other.evidence.start}:{other.evidence.end}]"
    )
    into.evidence_also.extend([other.evidence, *other.evidence_also])
    unidentified = into.actor1 is not None and into.actor1.name.startswith("Unidentified")
    named = other.actor1 is not None and not other.actor1.name.startswith("Unidentified")
    if (into.actor1 is None or unidentified) and named:
        into.actor1 = other.actor1
    same_side = (
        into.actor1 is not None
        and other.actor2 is not None
        and other.actor2.name == into.actor1.name
    )
    # a default side ("Civilians (Somalia)" for a vague "the attack") is no evidence about
    # another event type's target: only an actor the text names is carried over
    named2 = other.actor2 is not None and bool(other.actor2.text)
    if into.actor2 is None and named2 and not same_side:
        into.actor2 = other.actor2
    coarse = {"country", "admin1", "region"}
    mine, theirs = _own_place(into), _own_place(other)
    if theirs is not None and (mine is None or (mine.kind in coarse and theirs.kind not in coarse)):
        into.place = theirs
    elif into.place is None:
        into.place = other.place
    if into.date is None:
        into.date, into.date_to, into.time_precision = (
            other.date,
            other.date_to,
            other.time_precision,
        )
    if other.fatalities is not None:
        into.fatalities = max(into.fatalities or 0, other.fatalities)
    names = {a.name for a in into.assoc_actors}
    into.assoc_actors += [a for a in other.assoc_actors if a.name not in names]
    into.confidence = round(min(0.99, max(into.confidence, other.confidence) + 0.02), 3)


def deduplicate(
    mentions: list[Mention], weak: set[int], vague_cues: set[int] | None = None
) -> list[Mention]:
    """One mention per event: compatible mentions merge into the best-supported one; a weak
    mention ("the blast", a killing with no named doer) merges into a specific one of the same
    event type. Among weak ones, a vague cue ("the attack") yields to a specific one."""
    vague = vague_cues or set()
    order = sorted(
        range(len(mentions)), key=lambda i: (i in weak, i in vague, -mentions[i].confidence, i)
    )
    kept: list[Mention] = []
    for i in order:
        m = mentions[i]
        target = next((k for k in kept if _compatible(k, m)), None)
        if target is None and i in weak:
            target = next(
                (k for k in kept if k.event_type == m.event_type and k.background == m.background
                 and _compatible(replace(k, sub_event_type=m.sub_event_type), m)),
                None,
            )  # fmt: skip
        if target is None and i in weak and m.event_type in VIOLENT_TYPES:
            target = next(
                (k for k in kept if k.event_type in VIOLENT_TYPES and k.background == m.background
                 and _compatible(replace(k, sub_event_type=m.sub_event_type), m)),
                None,
            )  # fmt: skip
        if target is not None:
            _merge(target, m)
        else:
            kept.append(m)
    return sorted(kept, key=lambda m: m.evidence.start)


def _told_elsewhere(cand: _Candidate, m: Mention) -> bool:
    """A mention that refers to an event rather than telling it: a claim of responsibility
    ("IS claimed responsibility for the bombing") or a killing with no named doer ("At least
    nine people were killed"). It merges into the event the article tells, if there is one."""
    if any(a.lemma_.lower() == "responsibility" for a in cand.trigger.ancestors):
        m.reasons.append("a claim of responsibility: merged into the event it claims, if told")
        return True
    unnamed = m.actor1 is None or not m.actor1.text
    if cand.cue.kill and unnamed:
        m.reasons.append("a killing with no named doer: merged into the violent event told")
        return True
    return False


CROWD_SATELLITES = {
    "Protest with intervention",
    "Armed clash",
    "Looting/property destruction",
    "Attack",
    "Excessive force against protesters",
}

# how far a demonstration went: one told at several stages is coded by the furthest
PROTEST_ESCALATION = {
    "Peaceful protest": 0,
    "Protest with intervention": 1,
    EXCESSIVE_FORCE: 2,  # met with lethal force
    "Violent demonstration": 3,  # the demonstrators' own violence decides, whatever was used
}

WITHDRAWAL = "Change to group/activity"

# a demonstration's own violence, told apart from it: "they clashed with the police", "they
# set cars on fire" (an attack or mob violence told beside a protest is mostly an event of
# its own: the killing that the crowd protests, a mob the police then disperse)
CROWD_VIOLENCE = frozenset({"Armed clash", "Looting/property destruction"})


def _demonstrators_violence(m: Mention, main: Mention) -> bool:
    """Violence that the demonstration of `main` did (not the police's: that is an
    intervention or excessive force)."""
    by_force = m.actor1 is not None and m.actor1.inter in STATE_INTERS
    return main.event_type == "Protests" and m.sub_event_type in CROWD_VIOLENCE and not by_force


def _satellite_of(m: Mention, main: Mention, article: Article) -> str | None:
    """Why `m` is a part of `main` told in another sentence (police firing tear gas at the
    rioters, the buses the rioters burned; the side that withdrew from the town another took),
    or None when it is an event of its own."""
    if m is main or m.background != main.background:
        return None
    # an undated sentence ("the fighters withdrew") is counted from the story date; as part of
    # another event it happened when that event did
    dated = any(r.startswith("date from ") for r in m.reasons)
    probe = m if dated else replace(m, date=main.date, date_to=main.date_to)
    if not _compatible(replace(main, sub_event_type=m.sub_event_type), probe):
        return None
    armed_side = any(
        a is not None and a.inter in NONSTATE_INTERS and a.text for a in (m.actor1, m.actor2)
    )
    if main.event_type == "Riots" and m.sub_event_type in CROWD_SATELLITES and not armed_side:
        return f"part of the {main.sub_event_type.lower()} told in another sentence"
    if _demonstrators_violence(m, main) and not armed_side:
        # "They briefly clashed with the police": the demonstrators' own violence
        return "violence by the demonstration told in another sentence: a violent demonstration"
    rank = PROTEST_ESCALATION.get(m.sub_event_type)
    if rank is not None and PROTEST_ESCALATION.get(main.sub_event_type, -1) > rank:
        # ACLED codes a demonstration by the most it came to: met by police, turned violent
        return f"the same demonstration, which became a {main.sub_event_type.lower()}"
    if (
        m.sub_event_type == "Arrests"
        and main.event_type in ("Protests", "Riots")
        and m.evidence.start > main.evidence.start
    ):
        return f"arrests at the {main.sub_event_type.lower()} told before"
    if m.sub_event_type == WITHDRAWAL and main.sub_event_type in TERRITORY | {"Armed clash"}:
        home = main.place
        elsewhere = [
            p
            for p in article.places
            if m.evidence.start <= p.start < m.evidence.end
            and not p.metonym
            and (home is None or (p.geonameid != home.geonameid and p.name != home.name))
        ]
        if not elsewhere:
            return f"a withdrawal within the {main.sub_event_type.lower()} told in another sentence"
    return None


def fold_satellites(mentions: list[Mention], article: Article) -> list[Mention]:
    """Merge mentions that only tell part of another event (see `_satellite_of`)."""
    out = list(mentions)
    for m in list(out):
        found = next(((k, why) for k in out if (why := _satellite_of(m, k, article))), None)
        if found is None:
            continue
        main, why = found
        actor1 = main.actor1
        if _demonstrators_violence(m, main):
            main.sub_event_type, main.event_type = "Violent demonstration", "Riots"
            actor1 = _generic_actor("Rioters ({country})", 5, getattr(main.place, "country", None))
        if m.sub_event_type == "Arrests" and main.event_type in ("Protests", "Riots"):
            if main.sub_event_type == "Peaceful protest":
                main.sub_event_type = "Protest with intervention"  # ACLED: arrests at a protest
            main.actor2 = main.actor2 or m.actor1  # the arresting force
        _merge(main, m)
        main.actor1 = actor1 or main.actor1
        main.reasons.append(f"'{m.evidence.text[:60]}...' ({m.sub_event_type}): {why}")
        out.remove(m)
    return out


def _continues(m: Mention, trigger: Any, previous: Mention) -> bool:
    """A sentence continues a background narrative when it goes on about the same actor
    ("It blew up ...", "IS used ...") at a compatible place."""
    if m.place and previous.place and not _places_compatible(m.place, previous.place):
        return False
    verb = _verb_of(trigger)
    subj = _subject_of(verb)
    if subj is not None and subj.lower_ in PRONOUNS:
        return True
    return (
        m.actor1 is not None
        and previous.actor1 is not None
        and m.actor1.name == previous.actor1.name
    )


def _confidence(m: Mention, cand: _Candidate) -> float:
    """The cue's weight, raised by the evidence found around it (a named doer, a target, a
    place, the main clause) and lowered when the event word only modifies something else."""
    score = m.confidence
    score += 0.08 if m.actor1 is not None and m.actor1.text else 0.0
    score += 0.04 if m.actor2 is not None else 0.0
    score += 0.06 if m.place is not None else 0.0
    t = cand.trigger
    path = [t, *t.ancestors]
    if any(a.dep_ in ("acl", "relcl", "appos") for a in path):
        score -= 0.15
    else:
        verb = _verb_of(t)
        if verb.dep_ == "ROOT" or (verb.dep_ == "ccomp" and verb.head.lemma_ in REPORTING_VERBS):
            score += 0.04
    return max(0.05, min(0.99, score))


def detect_mentions(doc: Any, article: Article) -> list[Mention]:
    """Every event mention of an analysed article (see the module docstring)."""
    from dateline.events.actors import story_country

    taxonomy = get_taxonomy()
    country = story_country(article)
    reference = article.reference_date
    found: list[Mention] = []
    weak: set[int] = set()
    vague_cues: set[int] = set()  # mentions told by a vague cue ("the attack", "the blast")
    story_dates: dict[int, tuple[date | None, date | None, int, str]] = {}
    context: list[list[_ActorHit]] = []
    previous_background: Mention | None = None
    narrative: tuple[date, date | None, int] | None = None  # the last day the news named
    told: list[Told] = []
    likely = article.likely_days  # the days the story may be from, when its day is estimated
    all_sentences = sentences(doc)
    for index, sent in enumerate(all_sentences):
        candidates, hits, _rejected = _sentence_candidates(sent, index, article, country)
        sentence_date = _event_date(sent.text, reference)
        news_day = _news_day(sentence_date, reference)
        if news_day is not None:  # counted from an estimated story day: the range it allows
            news_day = _as_range(resolve_within(sent.text, likely)) or news_day
        news_day = news_day or narrative
        for cand in candidates:
            m = cand.mention
            m.place = _locate(sent.start_char, sent.end_char, article)
            review_mention(m, sent.text)  # learned second opinion; a no-op without a model
            doer = _fill_actors(cand, hits, context, country or getattr(m.place, "country", None))
            named = m.actor1 is not None and not m.actor1.name.startswith("Unidentified")
            if cand.cue.territory and named and m.sub_event_type in TERRITORY:
                sub, note = _territory_type(cand.cue, m.actor1)
                if sub != m.sub_event_type and note.startswith("territory taken"):
                    m.sub_event_type, m.event_type = sub, taxonomy.event_type_of(sub)
                    m.reasons.append(note)
            if m.sub_event_type in TERRITORY and _unfought(sent):
                m.sub_event_type = NONVIOLENT_TRANSFER
                m.event_type = taxonomy.event_type_of(NONVIOLENT_TRANSFER)
                m.reasons.append("the ground changed hands without fighting")
            if m.sub_event_type == SHELLING and MIXED_FIGHTING.search(_following_text(sent, 1)):
                m.sub_event_type, m.event_type = "Armed clash", "Battles"
                m.reasons.append("shelling with small arms or fire exchanged: a clash")
            _detention_by_armed_group(m)
            clause = clause_tokens(sent, cand.trigger)
            text = _clause_text(clause)
            ed = _event_date(text, reference)
            explicit = ed is not None and ed.evidence is not None
            if ed is not None:
                m.date, m.date_to, m.time_precision = ed.date, ed.date_to, ed.precision
                if ed.evidence:
                    m.reasons.append(f"date from '{ed.evidence}'")
            why = background_reason(
                cand.trigger, text, m.date, m.date_to, ed.past_years if ed else [], reference
            )
            if (
                why is None
                and not explicit
                and previous_background is not None
                and _simple_past(cand.trigger)
                and _continues(m, cand.trigger, previous_background)
            ):
                why = "continues the background narrative of the previous sentence"
                m.date, m.date_to = previous_background.date, previous_background.date_to
                m.time_precision = previous_background.time_precision
            if why:
                m.background = True
                m.reasons.append(f"background: {why}")
            elif explicit and (wide := resolve_within(text, likely)) is not None:
                m.date, m.date_to, m.time_precision = wide.date, wide.date_to, wide.precision
                m.reasons.append(f"'{ed.evidence}' counted from an estimated story day: a range")
            if m.event_type in VIOLENT_TYPES or m.sub_event_type == EXCESSIVE_FORCE:
                f = fatalities_in(sent) or next(
                    (v for v in map(single_victim, sent) if v is not None), None
                )
                if f is not None:
                    m.fatalities = f.count
                    m.reasons.append(f"fatalities {f.count} from '{f.evidence}'")
            m.confidence = round(_confidence(m, cand), 3)
            if not explicit and not m.background:
                # the day the news last named, else the story's date: kept aside, since it is
                # no evidence to keep events apart
                story_day = _as_range(resolve_within(text, likely)) or (
                    m.date,
                    m.date_to,
                    m.time_precision,
                )
                story_dates[len(found)] = (
                    (*news_day, "the day the news names")
                    if news_day
                    else (*story_day, "the story's date")
                )
                m.date = m.date_to = None
            if cand.weak:
                vague_cues.add(len(found))
            if cand.weak or _told_elsewhere(cand, m):
                weak.add(len(found))
            found.append(m)
            told.append(Told(m, cand.trigger, sent, [h.actor for h in hits], doer))
        if candidates:
            bg = [c.mention for c in candidates if c.mention.background]
            previous_background = bg[0] if bg and len(bg) == len(candidates) else None
        elif sentence_date is not None and sentence_date.evidence is not None:
            previous_background = None
        if not (candidates and previous_background is not None):
            # a day named in history ("the Dec. 10 bombings") does not carry over
            narrative = news_day
        context.append(
            sorted(hits, key=lambda h: (h.head.dep_ not in ("nsubj", "nsubjpass"), h.start))
        )
    defaults = {id(found[i]): d for i, d in story_dates.items()}
    actors = (h.actor for hits in context for h in hits)
    story = story_scope(all_sentences, actors, article.quotes)
    keep = []
    for i, t in enumerate(told):
        why = out_of_scope(t, story)
        if why is None:
            keep.append(i)
        else:
            t.mention.reasons.append(f"out of scope: {why}")
            article.rejected.append(Rejection(t.mention, why))
    renumber = {old: new for new, old in enumerate(keep)}
    found = [found[i] for i in keep]
    weak = {renumber[i] for i in weak if i in renumber}
    vague_cues = {renumber[i] for i in vague_cues if i in renumber}
    kept = fold_satellites(deduplicate(found, weak, vague_cues), article)
    for m in kept:
        _counter_protest(m)
        if m.date is None and id(m) in defaults:
            m.date, m.date_to, m.time_precision, why = defaults[id(m)]
            if m.date is not None:
                m.reasons.append(f"date: {why} (the sentence gives none)")
    return kept
