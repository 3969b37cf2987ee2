"""Last stage, fold and deduplicate: one mention per event across the article.

`deduplicate` merges mentions of the same event (same sub-event type, compatible place and date,
same background flag) into the best-supported one, keeping its sentence as evidence and the
others in `evidence_also` and `reasons`; a weak mention ("the blast", a claim of responsibility
or a killing with no named doer: `_told_elsewhere`) merges into a specific one of its kind.
`fold_satellites` then merges mentions that only tell part of another event told in another
sentence (`_satellite_of`: police firing tear gas at the rioters, arrests at the protest, the
side that withdrew from the town another took), and codes a demonstration by the furthest it
went.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from dateline.events.roles import _generic_actor
from dateline.events.typing import _Candidate
from dateline.events.vocab import (
    EXCESSIVE_FORCE,
    NONSTATE_INTERS,
    STATE_INTERS,
    TERRITORY,
    VIOLENT_TYPES,
)
from dateline.model import Article, Mention


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


PLACELESS = frozenset({"Agreement"})  # a swap or a ceasefire is told from every place it touches


def _compatible(a: Mention, b: Mention) -> bool:
    if a.sub_event_type != b.sub_event_type or a.background != b.background:
        return False
    one_sentence = a.evidence == b.evidence and a.place and b.place
    if one_sentence and not _places_compatible(a.place, b.place):
        return False  # two clauses, two places: typing told them apart
    pa, pb = _own_place(a), _own_place(b)
    placeless = a.sub_event_type in PLACELESS
    if pa is not None and pb is not None and not placeless and not _places_compatible(pa, pb):
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
                (k for k in kept if _violent(k) and k.background == m.background
                 and _compatible(replace(k, sub_event_type=m.sub_event_type), m)),
                None,
            )  # fmt: skip
        if target is None and i in weak and m.event_type in VIOLENT_TYPES:
            target = _only_antecedent(m, kept)
        if target is not None:
            _merge(target, m)
        else:
            kept.append(m)
    return sorted(kept, key=lambda m: m.evidence.start)


def _violent(m: Mention) -> bool:
    """Violence, and lethal force on protesters (a protest event in ACLED's tree)."""
    return m.event_type in VIOLENT_TYPES or m.sub_event_type == EXCESSIVE_FORCE


def _only_antecedent(m: Mention, kept: list[Mention]) -> Mention | None:
    """The one violent event of the article a weak mention can refer to, whatever places its
    own sentence names ('the Taliban claimed responsibility for shooting down the helicopter,
    which it said crashed south of the capital Kabul'); None when there are several to choose
    from, none, or the mention's day is another."""
    violent = [k for k in kept if _violent(k) and k.background == m.background]
    if len(violent) != 1 or violent[0].evidence == m.evidence:  # typing told them apart
        return None
    ia, ib = _interval(violent[0]), _interval(m)
    apart = ia and ib and (ia[1] < ib[0] or ib[1] < ia[0])  # "Dec. 10 bombings": another day
    return None if apart else violent[0]


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
