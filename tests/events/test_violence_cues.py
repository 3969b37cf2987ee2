"""Violence told in plain words: burning property, arson, stoning by residents, repelled
attacks, assaults and surrenders; and burning done during an attack is part of the attack."""

from __future__ import annotations

import pytest

from dateline import analyze

PUBLISHED = "2022-06-20T12:00:00+00:00"


def types(text: str) -> list[str]:
    return [m.sub_event_type for m in analyze(text, published=PUBLISHED).mentions]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Soldiers set fire to several houses in Kyun Hpyar village on Sunday.",
         "Looting/property destruction"),
        ("Militants carried out an arson attack that damaged a commercial truck in the "
         "Sancaktepe district of Istanbul.",
         "Looting/property destruction"),
        ("Residents stoned a suspected thief to death in the Delmas area of Port-au-Prince.",
         "Mob violence"),
        ("Ukrainian forces repelled an attack by Russian forces towards Hlukhiv on Monday.",
         "Armed clash"),
        ("Around 40 militiamen surrendered to the army near Beni, laying down their weapons.",
         "Agreement"),
        ("A regime sniper shot and injured a boy near Atareb on Friday.", "Attack"),
        ("Armenian forces fired in the direction of Azerbaijani positions near Zivel on Friday.",
         "Armed clash"),
        ("Russian forces launched an offensive against the Ukrainian army near Byshiv on "
         "Friday.", "Armed clash"),
        ("The army thwarted an IS infiltration attempt near Samarra on Friday.", "Armed clash"),
        # shelling with small arms, or answered with fire, is a clash
        ("Ukrainian forces fired artillery, mortars and small arms at DPR positions near "
         "Horlivka on Friday.", "Armed clash"),
        # a killing told with an abduction is an attack; an abduction in an attack stays one
        ("JNIM militants killed a man and abducted a tailor near Nagare on Friday.", "Attack"),
        ("Gunmen abducted 20 villagers in an attack on Kagara on Friday.",
         "Abduction/forced disappearance"),
        # a ceasefire monitor's count of explosions is shelling, not a bomb
        ("Monitors observed a total of 19 explosions near Taramchuk on Friday.",
         "Shelling/artillery/missile attack"),
        # ACLED codes an explosive thrown by hand as a grenade
        ("Armed men threw an explosive device into a home in Celaya on Friday.", "Grenade"),
        ("Prison guards physically assaulted a woman in a prison in Minsk on Friday.",
         "Attack"),
    ],
)  # fmt: skip
def test_plain_words_for_violence(text: str, expected: str) -> None:
    assert types(text) == [expected]


def test_burning_during_an_attack_is_part_of_the_attack() -> None:
    found = types(
        "Gunmen opened fire on the group from two cars near Mayadin and then set fire to "
        "their motorbikes."
    )
    assert "Looting/property destruction" not in found and found


def test_protesters_burning_tyres_is_not_property_destruction_by_an_armed_group() -> None:
    found = types("Protesters set fire to tyres and a police car during a demonstration in Lagos.")
    assert "Looting/property destruction" not in found


@pytest.mark.parametrize(
    "text",
    [
        "A group of locals intercepted and killed a suspected cattle thief in Oyam on Monday.",
        "Residents of the estate beat a suspected robber to death in Manaus on Sunday.",
    ],
)
def test_violence_by_a_crowd_is_mob_violence_by_rioters(text: str) -> None:
    (mention,) = analyze(text, published=PUBLISHED).mentions
    assert mention.sub_event_type == "Mob violence"
    assert mention.actor1 is not None and mention.actor1.inter == 5
    assert mention.actor1.name.startswith("Rioters")


def test_civilians_attacked_by_gunmen_stay_the_victims() -> None:
    (mention,) = analyze(
        "Gunmen attacked residents of a village near Gusau on Monday, killing four.",
        published=PUBLISHED,
    ).mentions
    assert mention.sub_event_type == "Attack"
    assert mention.actor2 is not None and mention.actor2.inter == 7


def test_capturing_a_person_is_not_taking_ground() -> None:
    (mention,) = analyze(
        "Residents captured and beat up a robber on the main avenue of Punchana on Monday.",
        published=PUBLISHED,
    ).mentions
    assert mention.sub_event_type == "Mob violence"
    found = types("Rebels captured and looted the town of Kitchanga on Monday.")
    assert "Non-state actor overtakes territory" in found


def test_people_detained_by_an_armed_group_are_abducted() -> None:
    found = types("The SDF detained four men in Shiheil town in Deir ez-Zor on Tuesday.")
    assert found == ["Abduction/forced disappearance"]
    assert types("Police arrested 12 opposition activists in Nairobi on Monday.") == ["Arrests"]


def test_the_arrests_a_protest_is_about_are_not_an_event_of_its_own() -> None:
    found = types(
        "Retired teachers protested in front of the education office in Hamadan over the "
        "arrests of teacher activists."
    )
    assert found == ["Peaceful protest"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Police blocked the marchers from reaching parliament in Nairobi on Monday.",
         ["Protest with intervention"]),
        ("Workers blocked the main road in Panama City to protest against rising fuel prices.",
         ["Peaceful protest"]),
        ("Residents gathered outside the court in Cape Town in support of a man arrested last "
         "week.", ["Peaceful protest"]),
        ("Gunmen killed a man arrested last year for theft in Kano on Monday.", ["Attack"]),
    ],
)  # fmt: skip
def test_an_intervention_is_done_to_the_protest_by_a_force(text: str, expected: list[str]) -> None:
    assert types(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Al Shabaab militants shot and killed a government soldier near Afgooye on Sunday.",
         "Armed clash"),
        ("Two armed suspects shot and killed a drug trafficker in Sao Carlos on Saturday.",
         "Armed clash"),
        ("Gunmen shot and killed two farmers near Gusau on Monday.", "Attack"),
    ],
)  # fmt: skip
def test_killing_armed_people_is_a_clash_killing_civilians_an_attack(
    text: str, expected: str
) -> None:
    assert types(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Drivers blocked the highway near La Oroya with burning tires as a demonstration "
        "against toll prices.",
        "Youths staged a demonstration and pelted stones at the police near Malpura.",
    ],
)
def test_burning_barricades_and_stones_make_a_demonstration_violent(text: str) -> None:
    assert types(text) == ["Violent demonstration"]


@pytest.mark.parametrize(
    "text",
    [
        "Russian forces engaged in an offensive towards Dmytrivka in Kharkiv on Monday.",
        "A shoot-out between gunmen and police took place in Sao Goncalo on Sunday.",
        "Ukrainian forces downed a Russian helicopter over Bucha on Thursday.",
        "Drug traffickers initiated an armed confrontation with police officers in Rio.",
    ],
)
def test_plain_words_for_a_battle(text: str) -> None:
    assert types(text) == ["Armed clash"]


def test_prices_going_down_are_not_a_battle() -> None:
    assert types("Fuel prices went down in Kyiv on Monday.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen killed a man in Celaya on Monday. The victim was a member of a drug gang.",
        "Gunmen shot dead a suspected hitman in Cebu City on Monday.",
    ],
)
def test_killing_a_gang_member_is_a_clash_between_armed_groups(text: str) -> None:
    assert types(text) == ["Armed clash"]


def test_the_month_of_march_is_no_march() -> None:
    # "4 March" once gave the arrest a protest context: an intervention with no protest
    found = analyze("On 4 March 2022, soldiers arrested 10 locals in Myingyan.").mentions
    assert [(m.sub_event_type, m.actor2.name if m.actor2 else None) for m in found] == [
        ("Arrests", "Civilians (Myanmar)")
    ]
