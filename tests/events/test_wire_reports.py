"""Wire-report habits that mislead a coder: the bureau dateline, outlet names, destinations,
figurative violence, and the course of one battle told over several sentences."""

from __future__ import annotations

from datetime import date

from dateline import analyze

PUBLISHED = "2024-02-15T06:00:00+00:00"


def test_the_event_is_coded_where_it_happened_not_at_the_bureau() -> None:
    article = analyze(
        "KANO, Nigeria (Reuters) - Gunmen on motorcycles abducted 25 villagers near Gusau in "
        "northwestern Nigeria on Wednesday, police said.",
        published=PUBLISHED,
    )
    (abduction,) = article.mentions
    assert abduction.place is not None and abduction.place.name == "Gusau"
    assert abduction.date == date(2024, 2, 14)


def test_the_bureau_is_still_used_when_nothing_else_is_named() -> None:
    article = analyze(
        "MOGADISHU (Reuters) - A car bomb exploded outside a hotel on "
        "Tuesday, killing six people, police said.",
        published=PUBLISHED,
    )
    assert [m.place.name for m in article.mentions if m.place] == ["Mogadishu"]


def test_a_bus_bound_for_a_town_is_hit_where_it_was() -> None:
    article = analyze(
        "A roadside bomb exploded under a bus outside Maiduguri on Monday, "
        "killing nine passengers. The bus was travelling to Damboa when it struck the device "
        "buried in the road.",
        published=PUBLISHED,
    )
    assert {m.place.name for m in article.mentions if m.place} == {"Maiduguri"}


def test_firefighters_battling_blazes_is_not_a_battle() -> None:
    article = analyze(
        "Firefighters battled blazes in two districts of the city late into the night, and the "
        "regional governor said three people were missing.",
        published=PUBLISHED,
    )
    assert article.mentions == []


def test_an_outlet_named_today_does_not_date_the_sentence() -> None:
    article = analyze(
        "MOGADISHU (Reuters) - Somali army troops fought al-Shabaab militants "
        "for several hours outside the town of Beledweyne on Tuesday, a military officer said. "
        "Reinforcements arrived by midday and the fighters withdrew into the surrounding "
        "countryside, residents told Horn Africa Today.",
        published="2024-04-03T09:45:00+00:00",
    )
    # the withdrawal is the end of the battle, not an event of its own dated "Today"
    (battle,) = article.mentions
    assert battle.sub_event_type == "Armed clash"
    assert battle.date == date(2024, 4, 2)
    assert any("withdrawal within the armed clash" in r for r in battle.reasons)


def test_firing_at_armed_men_is_a_clash_but_firing_at_a_checkpoint_bus_is_not() -> None:
    clash = analyze(
        "Houthi forces opened fire at military targets with machine guns near Taiz on Sunday.",
        published=PUBLISHED,
    )
    assert [m.sub_event_type for m in clash.mentions] == ["Armed clash"]
    attack = analyze(
        "Soldiers opened fire on a bus at a checkpoint outside Lashio on Friday, killing four "
        "passengers.",
        published=PUBLISHED,
    )
    assert [m.sub_event_type for m in attack.mentions] == ["Attack"]


def test_members_of_a_militia_are_armed() -> None:
    article = analyze(
        "Gang members attacked members of a militia group in Rio de Janeiro on Sunday.",
        published=PUBLISHED,
    )
    assert [m.sub_event_type for m in article.mentions] == ["Armed clash"]
