"""Event detection: every event mention of an article, sentence by sentence, over spaCy lemmas
and the dependency parse (`detect_mentions`).

The stages, in the order they run, each in its own module:

1. `events.cues`: cues of the lexicon (`data/cues.json`) fire on lemma/word patterns ("seize
   back", "suicide car bomb", "tear gas"), filtered by their context words and parts of speech
   (`match_cues`);
2. `events.reality`: cues that report no real event are rejected (`rejection`): negation
   ("denied attacking"), modals and futures ("could attack", "will strike"), intentions and
   threats ("threatened to strike", "the offensive to retake"), conditionals, reactions to an
   event told elsewhere ("hailed the recapture"), evaluations, generic statements ("a series of
   bombings"), grievances of a protest and commemorations;
3. `events.typing`: the sentence's candidates, one mention per sub-event type
   (`_sentence_candidates`): a killing typed by its victims, ground by its taker; a more
   specific type supersedes a vaguer one in the same sentence (a suicide bomb is not also an
   IED; police dispersing a protest is not a peaceful protest);
4. `events.roles`: actors by role (`_fill_actors`: the doer, subject, agent or possessor; the
   target, object, "from X", "against X"; associated actors, conjoined subjects; ACLED's fixed
   roles of crowds and civilians); then, here: place (`dateline.geo`), types settled by the
   roles, date and background (`events.background`), fatalities (`events.fatalities`) and
   confidence;
5. `events.happened`, then `events.scope`: once the whole story is read (`events.story_scope`),
   whether each typed mention tells an act that happened as told, then whether it is in ACLED's
   scope (`out_of_scope` runs both); a rejected one is kept with its reason in
   `Article.rejected`;
6. `events.fold`: mentions of the same event (same sub-event type, compatible place and date,
   same background flag) are merged into one, keeping the best-supported sentence as evidence and
   the others in `reasons` (`deduplicate`), and parts of an event told in other sentences are
   folded into it (`fold_satellites`).

Shared by the stages: `events.vocab` (type names, inter codes, word lists) and `events.syntax`
(helpers over the dependency parse).
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from dateline.events.background import background_reason
from dateline.events.fatalities import fatalities_in, single_victim
from dateline.events.fold import _places_compatible, _told_elsewhere, deduplicate, fold_satellites
from dateline.events.happened import Told
from dateline.events.learned import review_mention
from dateline.events.roles import _ActorHit, _counter_protest, _fill_actors
from dateline.events.scope import out_of_scope
from dateline.events.story_scope import story_scope
from dateline.events.syntax import _subject_of, _verb_of, sentence_span
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
    PRONOUNS,
    REPORTING_VERBS,
    TERRITORY,
    VIOLENT_TYPES,
)
from dateline.model import Article, Mention, Rejection
from dateline.time import EventDate, resolve_anaphoric_day, resolve_event_date, resolve_within

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
WEEK = timedelta(days=7)


def _news_day(found: Any, reference: date | None) -> tuple[date, date | None, int] | None:
    """The day a sentence names ("On 21 June 2022, ...", "on Sunday", or the days of "three
    days of fighting ended Saturday") when it is news: its undated clauses and the undated
    sentences after it happened then. None for coarser dates and for days long before the
    story (history)."""
    if found is None or found.evidence is None or found.date is None:
        return None
    if found.precision != 1 and not (found.date_to and found.date_to - found.date < WEEK):
        return None  # a month or a year is no day; "three days of fighting" is days
    if reference is not None and (reference - found.date).days > NEWS_DAYS:
        return None
    return found.date, found.date_to, found.precision


# "the ceasefire ... collapsed on Wednesday", "the truce was violated on Monday"
AGREEMENT_ENDS = frozenset({"collapse", "break", "end", "fail", "falter", "unravel", "violate"})


def _made_before_it_ended(m: Mention, trigger: Any) -> bool:
    """The sentence dates an agreement's end, not its making: it was made before that day."""
    ended = trigger.dep_ in ("nsubj", "nsubjpass") and trigger.head.lemma_ in AGREEMENT_ENDS
    return m.sub_event_type == "Agreement" and ended


def _as_range(found: Any) -> tuple[date, date | None, int] | None:
    return None if found is None else (found.date, found.date_to, found.precision)


def _event_date(text: str, reference: date | None, named: date | None = None) -> EventDate:
    """The date `text` gives, counted from the story's date; 'the same day' and 'the next
    day' from the day the story named last (`named`)."""
    found = resolve_event_date(text, reference)
    if found.evidence is None:
        return resolve_anaphoric_day(text, named) or found
    return found


def _locate(start: int, end: int, article: Article) -> Any:
    from dateline.geo import locate

    return locate(start, end, article)


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
    named_day: date | None = None  # the last day any sentence named, history too
    told: list[Told] = []
    likely = article.likely_days  # the days the story may be from, when its day is estimated
    all_sentences = sentences(doc)
    for index, sent in enumerate(all_sentences):
        candidates, hits, rejected = _sentence_candidates(sent, index, article, country)
        if rejected:
            said = sentence_span(sent)
            article.rejected.extend(Rejection(said, why) for why in rejected)
        named_before = named_day
        sentence_date = _event_date(sent.text, reference, named_before)
        if sentence_date.evidence is not None and sentence_date.precision == 1:
            named_day = sentence_date.date or named_day
        news_day = _news_day(sentence_date, reference)
        if news_day is not None:  # counted from an estimated story day: the range it allows
            news_day = _as_range(resolve_within(sent.text, likely)) or news_day
        news_day = news_day or narrative
        for cand in candidates:
            m = cand.mention
            m.place = _locate(*(cand.clause or (sent.start_char, sent.end_char)), article)
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
            ed = _event_date(text, reference, named_before)
            explicit = ed.evidence is not None
            m.date, m.date_to, m.time_precision = ed.date, ed.date_to, ed.precision
            if explicit:
                m.reasons.append(f"date from '{ed.evidence}'")
            why = background_reason(
                cand.trigger,
                text,
                m.date,
                m.date_to,
                ed.past_years,
                reference,
                dated=explicit,
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
            if explicit and m.date and not m.date_to and _made_before_it_ended(m, cand.trigger):
                ended = m.date
                m.date, m.date_to, m.time_precision = ended - WEEK, ended - timedelta(days=1), 2
                m.reasons.append(f"'{ed.evidence}': the agreement ended, made the week before")
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
                if news_day:
                    story_dates[len(found)] = (*news_day, "the day the news names")
                else:
                    own = _as_range(resolve_within(text, likely))
                    own = own or (m.date, m.date_to, m.time_precision)
                    story_dates[len(found)] = (*own, "the story's date")
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
            article.rejected.append(Rejection(t.mention.evidence, why, t.mention))
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
