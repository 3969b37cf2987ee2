"""ACLED's conventions for ground that changes hands and for force used on protesters: a
clash that ends in taking ground is coded by its outcome, unless the outcome is only its aim;
a foreign army takes ground, it does not regain it; ground taken without a fight is a
non-violent transfer; weapons seized are a disrupted weapons use; assaulting protesters is an
intervention, not the lethal force ACLED calls excessive; and words of violence that tell a
charge, a grievance or a captive, not an act, code nothing."""

from __future__ import annotations

import pytest

from dateline import analyze

PUBLISHED = "2022-06-20T12:00:00+00:00"


def coded(text: str) -> list[tuple[str, str | None]]:
    return [
        (m.sub_event_type, m.actor1.name if m.actor1 else None)
        for m in analyze(text, published=PUBLISHED).mentions
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a clash that ends in ground regained is coded by its outcome
        ("The FARDC clashed with M23 rebels near Kanombe on Monday and regained the hill.",
         "Government regains territory"),
        # but a clash fought to regain something is still a clash
        ("Tribesmen clashed with Houthi forces near Al Hazm on Monday to regain control of a "
         "fuel truck.", "Armed clash"),
        # a foreign army takes ground: ACLED keeps "regains" for a state's own forces
        ("Following clashes, Russian forces captured Starohnativka, Donetsk region, on Monday.",
         "Non-state actor overtakes territory"),
        # ground taken without a fight, said in the sentence or the one after it
        ("Somaliland forces took control of Boocame town on Monday. No clashes were reported.",
         "Non-violent transfer of territory"),
        ("Government forces peacefully took over the military camp near Ataq on Monday.",
         "Non-violent transfer of territory"),
        ("Ukrainian forces retook Novyi Bykiv on Monday. No information on whether fighting "
         "took place.", "Non-violent transfer of territory"),
        # weapons seized are no ground
        ("Soldiers seized 34 firearms from a rebel arms depot near Catubig on Monday.",
         "Disrupted weapons use"),
        # beating protesters is an intervention; lethal force is excessive
        ("Police assaulted protesters outside the town hall in Nablus on Monday.",
         "Protest with intervention"),
        ("Police shot dead two protesters in Omdurman on Monday.",
         "Excessive force against protesters"),
    ],
)  # fmt: skip
def test_acled_conventions_for_ground_and_force(text: str, expected: str) -> None:
    assert [sub for sub, _ in coded(text)] == [expected]


def test_a_national_army_named_by_its_acronym_is_the_state_military() -> None:
    (mention,) = coded("The FAMa killed two militants near Nara on Monday.")
    assert mention == ("Armed clash", "Military Forces of Mali")


def test_ground_occupied_by_protesters_is_part_of_the_protest() -> None:
    text = (
        "Teachers took over the offices of the tax service in Morelia on Monday to protest "
        "against unpaid wages."
    )
    assert [sub for sub, _ in coded(text)] == ["Peaceful protest"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a charge is no act told: the lynching is the event
        ("Residents beat a man accused of rape in Macuspana on Monday.", ["Mob violence"]),
        # beside a protest, sexual violence is what the protest is about
        ("Hundreds marched in Thessaloniki on Friday in solidarity with a woman who was raped "
         "on New Year's Eve.", ["Peaceful protest"]),
        ("A soldier attacked and sexually abused a student near Ngozi on Tuesday.",
         ["Sexual violence"]),
        # grenades dropped from a drone are an air strike
        ("Rebels dropped grenades from an unmanned aerial vehicle on army positions near "
         "Lobacheve on Monday.", ["Air/drone strike"]),
        # force only alleged is no act
        ("Protesters blocked the highway near Buenavista on Monday and accused police officers "
         "of firing at them.", ["Peaceful protest"]),
        # people captured are no ground taken
        ("Russian forces captured the rector of a church in Chernihivka on Monday.", []),
        ("Three militants were killed and one captured during clashes with the army near Gao "
         "on Monday.", ["Armed clash"]),
    ],
)  # fmt: skip
def test_words_of_violence_that_do_not_tell_the_act(text: str, expected: list[str]) -> None:
    assert [sub for sub, _ in coded(text)] == expected


def test_force_used_by_the_crowd_is_no_force_against_it() -> None:
    text = "Some of the protesters beat a diplomat outside the embassy in Vilnius on Thursday."
    assert "Excessive force against protesters" not in [sub for sub, _ in coded(text)]


def test_excessive_force_has_the_protesters_as_actor1_as_acled_codes_it() -> None:
    ((sub, actor1),) = coded("Police shot dead two protesters in Kisumu on Tuesday.")
    assert (sub, actor1) == ("Excessive force against protesters", "Protesters (Kenya)")


@pytest.mark.parametrize(
    "text",
    [
        # a road block and burning tyres in one sentence: a demonstration, not a mob
        "A group blocked the corner of 137 Avenue in La Plata on Monday and set fire to tires "
        "to complain about the power cuts.",
        # demonstrators who attack are rioters in a violent demonstration
        "Bus drivers blocked an avenue in Huaraz on Monday to demonstrate against fuel prices. "
        "The demonstrators attacked a car that tried to pass.",
    ],
)
def test_violence_by_demonstrators_makes_a_violent_demonstration(text: str) -> None:
    assert [sub for sub, _ in coded(text)] == ["Violent demonstration"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # detainees beaten or tortured: ACLED codes the violence
        ("Police detained and tortured a blogger in Nukus on Monday.", ["Attack"]),
    ],
)
def test_violence_done_in_an_arrest_outranks_the_arrest(text: str, expected: list[str]) -> None:
    assert [sub for sub, _ in coded(text)] == expected


def test_an_arrest_over_an_attack_named_by_a_vague_word_stays_an_arrest() -> None:
    text = "Police arrested a suspect in the attack in Kayseri on Monday."
    assert "Arrests" in [sub for sub, _ in coded(text)]
