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

from dataclasses import replace
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from dateline.events.background import background_reason
from dateline.events.fatalities import fatalities_in, single_victim
from dateline.events.learned import review_mention
from dateline.events.roles import _ActorHit, _counter_protest, _fill_actors, _generic_actor
from dateline.events.scope import Told, out_of_scope, story_scope
from dateline.events.syntax import _subject_of, _verb_of
from dateline.events.taxonomy import get_taxonomy
from dateline.events.typing import (
    MIXED_FIGHTING,
    NONVIOLENT_TRANSFER,
    SHELLING,
    _Candidate,
    _detention_by_armed_group,
    _following_text,
    _sentence_candidates,
    _territory_type,
    _unfought,
)
from dateline.events.vocab import (
    EXCESSIVE_FORCE,
    NONSTATE_INTERS,
    PRONOUNS,
    REPORTING_VERBS,
    STATE_INTERS,
    TERRITORY,
    VIOLENT_TYPES,
)
from dateline.model import Article, Mention, Rejection
from dateline.time import resolve_within

PRESENT_AUX = {"has", "have", "is", "are", "am", "will", "Has", "Have", "Is", "Are"}


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
