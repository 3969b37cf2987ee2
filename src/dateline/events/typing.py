"""Stage 3, typing: a sentence's candidate events and their sub-event types
(`_sentence_candidates`).

Each cue that the reality stage lets through is typed from its sentence: a killing by its
victims (`_kill_type`: protesters, armed people, civilians), ground taken by its taker
(`_territory_type`; `_not_ground` when weapons, goods or a crowd's occupation are taken), force
on a protest only when a force uses it on the crowd, rioting with no demonstration in the story
as mob violence. Then one mention per sub-event type: events a protest is about are set aside,
a more specific type supersedes a vaguer one in the same sentence (a suicide bomb is not also an
IED; police dispersing a protest is not a peaceful protest), violence said of sport or a disaster
with no armed actor (`non_conflict_domain`, `non_conflict_argument`) and vague cues beside a
specific one are dropped. The detector settles some types once the roles are known
(`_territory_type` with the named taker, `_unfought`, `MIXED_FIGHTING`,
`_detention_by_armed_group`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from dateline.events.cues import Cue, CueHit, lexicon, match_cues
from dateline.events.reality import _alleged, _under_grievance, _yet_to_come, rejection
from dateline.events.roles import _actor_hits, _ActorHit, _hit_for, _is_target, assign_roles
from dateline.events.syntax import (
    _children,
    _conjunct_objects,
    _noun_and_its_whole,
    _prep_objects,
    _subject_of,
    _taken_objects,
    _verb_of,
    sentence_span,
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
    PLACE_LABELS,
    PROTEST_TYPES,
    PROTESTER_WORDS,
    STATE_INTERS,
    TERRITORY,
    VIOLENT_TYPES,
)
from dateline.model import Actor, Article, Mention


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
    stops), "protesters were arrested", "police, who fired tear gas at protesters". Not
    "workers blocked the road", "in support of a man arrested last week", "who were arrested
    the day before" (others, arrested earlier)."""
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
        relative = _subject_of(verb) if verb.dep_ == "relcl" else None
        if relative is not None and relative.tag_ in ("WP", "WDT"):  # "police, who fired ..."
            return noun.lemma_.lower() in FORCE_WORDS | PROTESTER_WORDS
        return noun.lemma_.lower() in PROTESTER_WORDS
    return True


PROTEST_NOUNS = frozenset({"protest", "rally", "march", "demonstration", "sit-in"})


def _protest_to_come(sent: Any) -> bool:
    """Every protest the sentence names is still to come ('arrested opposition members ...
    ahead of anti-government rallies next month'): nothing was done to a protest."""
    protests = [t for t in sent if t.pos_ == "NOUN" and t.lemma_.lower() in PROTEST_NOUNS]
    return bool(protests) and all(_yet_to_come(t) for t in protests)


# words by which a crowd presses a claim: ground taken by unarmed people to do so is a protest
DEMAND_WORDS = frozenset({"demand", "denounce", "protest", "condemn", "oppose", "decry"})


def _demanding(sent: Any) -> bool:
    """Whether a sentence tells of a claim pressed ("... to demand the chief's resignation")."""
    return any(t.lemma_.lower() in DEMAND_WORDS for t in sent)


@dataclass
class _Candidate:
    mention: Mention
    cue: Cue
    trigger: Any
    sentence_index: int
    weak: bool
    explicit_date: bool
    clause: tuple[int, int] | None = None  # its own clause's characters, when it shares the
    # sentence with another event of its type ("... clashed in a camp and gunmen fired on a
    # patrol in the Bekaa"): where it happened is read there


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
    if t.dep_ == "acl":  # "the 28-year-old Marine killed last week in Afghanistan"
        victims.append(t.head)
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
    split: dict[str, tuple[CueHit, str, list[str]]] = {}  # a second event of the type
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
        if sub == "Protest with intervention" and _protest_to_come(sent):
            rejected.append(f"'{hit.trigger.text}': the protest is yet to come")
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
        if best is not None and sub not in split and _told_apart(best[0].trigger, hit.trigger):
            split[sub] = (hit, sub, notes)
            continue
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
    told = [(sub, *by_type[sub]) for sub in by_type]
    told += [(sub, *split[sub]) for sub in split if sub in by_type]
    for sub, hit, _, notes in told:
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
        alone = sub in split  # in a clause of its own, beside another event of its type
        if vague and strong_violent and taxonomy.event_type_of(sub) in VIOLENT_TYPES and not alone:
            rejected.append(f"vague cue '{hit.cue.text}' folded into the specific event")
            continue
        weight = hit.cue.weight + min(0.1, 0.05 * len(extra.get(sub, [])))
        notes = notes + [f"also cue {n}" for n in extra.get(sub, [])]
        mention = Mention(
            event_type=taxonomy.event_type_of(sub),
            sub_event_type=sub,
            evidence=sentence_span(sent),
            confidence=weight,
            reasons=notes,
        )
        partner = (split[sub] if hit is by_type[sub][0] else by_type[sub])[0] if alone else None
        clause = _clause_chars(sent, partner.trigger, hit.trigger) if partner else None
        out.append(_Candidate(mention, hit.cue, hit.trigger, index, hit.cue.weak, False, clause))
    return out, hits, rejected


def _own_clause(trigger: Any) -> Any:
    """The verb of the coordinated clause with a subject of its own that holds the trigger
    ('... and armed groups opened fire on a patrol'), or None for the sentence's main clause."""
    node = _verb_of(trigger)
    while node.head.i != node.i:
        subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in node.children)
        if node.dep_ == "conj" and node.head.pos_ in ("VERB", "AUX") and subject:
            return node
        node = node.head
    return None


def _told_apart(first: Any, second: Any) -> bool:
    """Two events of one type in one sentence: each in its own clause with a doer of its own
    (the active voice), and the coordinated one names a place the other does not ('Rival
    families clashed in a camp on Saturday and armed groups opened fire on an army patrol in
    the Bekaa Valley')."""
    a, b = _own_clause(first), _own_clause(second)
    if (a.i if a is not None else -1) == (b.i if b is not None else -1):
        return False
    heads = [a if a is not None else first.sent.root, b if b is not None else first.sent.root]
    if not all(any(c.dep_ == "nsubj" for c in h.children) for h in heads):
        return False  # "a man was killed and another was injured": one event, its victims
    inner = a if a is not None and (b is None or a.i > b.i) else b
    inside = {t.i for t in inner.subtree}
    places = [e for e in first.sent.ents if e.label_ in PLACE_LABELS]
    own = {e.text for e in places if e.start in inside}
    other = {e.text for e in places if e.start not in inside}
    return bool(own - other)


def _clause_chars(sent: Any, one: Any, other: Any) -> tuple[int, int]:
    """The characters of the clause that holds `other`, cut from the sentence it shares with
    the event of `one`: the coordinated clause, or what comes before or after it."""
    mine, theirs = _own_clause(other), _own_clause(one)
    if mine is not None and (theirs is None or mine.i > theirs.i):
        return mine.left_edge.idx, mine.right_edge.idx + len(mine.right_edge)
    inner = theirs if theirs is not None else mine
    if inner.i > other.i:
        return sent.start_char, inner.left_edge.idx
    return inner.right_edge.idx + len(inner.right_edge), sent.end_char


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
