"""Last stage, fold and deduplicate: one mention per event across the article."""

from __future__ import annotations

from datetime import date

from dateline.events.fold import deduplicate, fold_satellites
from dateline.model import Actor, Article, Mention, Span


def mention(sub: str, kind: str, start: int, day: int | None = 1, **kw) -> Mention:
    text = f"sentence at {start}"
    when = date(2022, 5, day) if day else None
    return Mention(
        kind, sub, Span(text, start, start + len(text)), date=when, time_precision=1, **kw
    )


def test_the_same_event_told_twice_is_one_mention() -> None:
    a = mention("Armed clash", "Battles", 0, confidence=0.8)
    b = mention("Armed clash", "Battles", 100, confidence=0.6)
    (kept,) = deduplicate([a, b], weak=set())
    assert kept is a
    assert kept.evidence_also == [b.evidence]
    assert any(r.startswith("also told in:") for r in kept.reasons)


def test_events_on_different_days_stay_apart() -> None:
    a = mention("Armed clash", "Battles", 0, day=1)
    b = mention("Armed clash", "Battles", 100, day=9)
    assert deduplicate([a, b], weak=set()) == [a, b]


def test_a_weak_mention_merges_into_a_violent_event_of_another_type() -> None:
    clash = mention("Armed clash", "Battles", 0, confidence=0.8)
    killing = mention("Attack", "Violence against civilians", 100, confidence=0.5)
    assert deduplicate([clash, killing], weak={1}) == [clash]


def test_a_weak_killing_merges_into_lethal_force_on_protesters() -> None:
    crackdown = mention("Excessive force against protesters", "Protests", 0, confidence=0.8)
    shots = mention("Attack", "Violence against civilians", 100, confidence=0.5)
    assert deduplicate([crackdown, shots], weak={1}) == [crackdown]
    protest = mention("Peaceful protest", "Protests", 0, confidence=0.8)
    assert len(deduplicate([protest, shots], weak={1})) == 2


def test_arrests_at_a_protest_told_later_make_it_an_intervention() -> None:
    police = Actor("Police Forces of Kenya", 1, "police", "KE")
    protest = mention("Peaceful protest", "Protests", 0)
    arrests = mention("Arrests", "Strategic developments", 100, actor1=police)
    article = Article(document_id="t", text="")
    (kept,) = fold_satellites([protest, arrests], article)
    assert kept is protest
    assert kept.sub_event_type == "Protest with intervention"
    assert kept.actor2 == police


def test_an_agreement_told_from_two_places_is_one_but_two_clashes_stay_two() -> None:
    from dateline.model import Place

    def at(name: str, country: str, start: int) -> Place:
        return Place(name, start + 2, start + 2 + len(name), None, name, country)

    swap = mention("Agreement", "Strategic developments", 0, place=at("Kabul", "AF", 0))
    freed = mention("Agreement", "Strategic developments", 100, place=at("Doha", "QA", 100))
    assert deduplicate([swap, freed], weak=set()) == [swap]
    one = mention("Armed clash", "Battles", 0, place=at("Kabul", "AF", 0))
    two = mention("Armed clash", "Battles", 100, place=at("Doha", "QA", 100))
    assert deduplicate([one, two], weak=set()) == [one, two]


def test_a_weak_mention_refers_to_the_only_violent_event_whatever_place_it_names() -> None:
    from dateline.model import Place

    def at(name: str, country: str, start: int) -> Place:
        return Place(name, start + 2, start + 2 + len(name), None, name, country)

    crash = mention("Armed clash", "Battles", 0, confidence=0.8, place=at("Logar", "AF", 0))
    claim = mention("Armed clash", "Battles", 100, confidence=0.6, place=at("Kabul", "AF", 100))
    assert deduplicate([crash, claim], weak={1}) == [crash]
    raid = mention("Attack", "Violence against civilians", 200, place=at("Herat", "AF", 200))
    claim = mention("Armed clash", "Battles", 100, confidence=0.6, place=at("Kabul", "AF", 100))
    assert deduplicate([crash, claim, raid], weak={1}) == [crash, claim, raid]

