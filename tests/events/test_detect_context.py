"""Sentences that use the words of violence without reporting a political-violence event."""

from __future__ import annotations

import pytest

from dateline import analyze


def sub_types(text: str) -> list[str]:
    return [m.sub_event_type for m in analyze(text, published="2024-05-01").mentions]


@pytest.mark.parametrize(
    "text",
    [
        "Nobody was killed, police in Kano said on Monday.",
        "No one was hurt in the explosion at the depot on Tuesday.",
        "Floods swept away 200 homes in Beledweyne on Thursday, killing four people.",
        "Arsenal's attack tore Chelsea apart on Sunday, and the battle for the title goes on.",
        "The minister vowed to attack inflation and said prices would fall by June.",
        "Rebels said they were ready to sign a peace agreement if the government freed prisoners.",
        "Survivors gathered in Kigali to mark the anniversary of the massacre.",
    ],
)
def test_no_event(text: str) -> None:
    assert sub_types(text) == []


def test_the_same_words_with_an_armed_actor_are_an_event() -> None:
    assert sub_types("Gunmen killed five villagers in Zamfara on Monday.") == ["Attack"]
    assert "Attack" in sub_types(
        "Gunmen attacked a football match in Zamfara on Sunday, killing three fans."
    )


def test_stun_grenades_at_a_protest_are_not_a_grenade_attack() -> None:
    found = sub_types("Riot police fired tear gas and stun grenades at protesters in Bogota.")
    assert "Grenade" not in found
    assert "Protest with intervention" in found


def test_shooting_down_drones_is_disrupted_weapons_use() -> None:
    found = sub_types("Ukrainian air defences shot down 17 drones over Odesa overnight.")
    assert found == ["Disrupted weapons use"]


def test_a_withdrawal_inside_a_territorial_event_is_not_a_separate_event() -> None:
    found = sub_types(
        "Al Shabaab fighters seized the town of Mahas on Monday after government troops "
        "withdrew from their base overnight."
    )
    assert found == ["Non-state actor overtakes territory"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Police beat demonstrators with batons in Kisumu on Wednesday.",
            "Excessive force against protesters",
        ),
        ("The suspect fired at least eight shots at the crowd in Nakuru on Saturday.", "Attack"),
        (
            "French troops handed over their last base in Gao to the Malian army on Monday.",
            "Non-violent transfer of territory",
        ),
        ("The governor imposed a 48-hour curfew on Jos on Sunday.", "Other"),
        (
            "M23 rebels set up an administration office in Rubaya on Friday.",
            "Headquarters or base established",
        ),
        ("CODECO militiamen raped five women near Djugu on Monday.", "Sexual violence"),
    ],
)
def test_sub_event_type(text: str, expected: str) -> None:
    assert expected in sub_types(text)


def test_teachers_who_disperse_peacefully_were_not_dispersed() -> None:
    found = sub_types(
        "Hundreds of teachers rallied outside the ministry in Kampala on Monday and "
        "dispersed peacefully in the afternoon."
    )
    assert found == ["Peaceful protest"]


def test_the_side_an_air_strike_backs_is_not_its_target() -> None:
    article = analyze(
        "Government troops and militiamen, backed by Russian airstrikes, have seized back "
        "full control of Palmyra which fell to IS in 2015.",
        published="2016-03-27",
    )
    strike = next(m for m in article.mentions if m.sub_event_type == "Air/drone strike")
    assert strike.actor1.name == "Military Forces of Russia"
    assert strike.actor2 is None or strike.actor2.name == "Islamic State"
