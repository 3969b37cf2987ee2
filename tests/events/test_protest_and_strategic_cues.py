"""Protests as ACLED records them (demonstrating, gathering to protest, blocking a road) and
strategic developments told in plain words (bases set up, prisoners exchanged, surrenders)."""

from __future__ import annotations

import pytest

from dateline import analyze

PUBLISHED = "2022-03-20T12:00:00+00:00"


def types(text: str) -> list[str]:
    return [m.sub_event_type for m in analyze(text, published=PUBLISHED).mentions]


@pytest.mark.parametrize(
    "text",
    [
        "About 200 nurses demonstrated in Lyon against the closure of the maternity ward.",
        "Residents gathered outside the town hall in Tema to protest the rise in water tariffs.",
        "Taxi drivers blocked the main highway into Lima to demand lower fuel prices.",
        "Around 40 teachers gathered in front of the ministry in Accra demanding unpaid wages.",
        "Union members held a press conference with banners in front of the city hall in Busan.",
        "About 40 activists entered the central post office in Trieste to protest the new pass.",
        "Dozens of oyster fishermen displayed banners on the port in Tainan to demand labels.",
        "Parents blocked access to the school in Encarnacion to oppose the merger of classes.",
        "Residents gathered in Massika on Saturday to call for birth certificates.",
        "Residents closed a road in Oued El Alleug to denounce a two-day power cut.",
    ],
)
def test_a_crowd_making_a_demand_is_a_peaceful_protest(text: str) -> None:
    assert types(text) == ["Peaceful protest"]


def test_police_blocking_the_marchers_is_an_intervention() -> None:
    assert types("Police blocked the marchers from reaching parliament in Nairobi.") == [
        "Protest with intervention"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The experiment demonstrated that the vaccine works.",
        "Troops gathered near the border against the rebels.",
        "Mourners gathered at the funeral in Kano.",
    ],
)
def test_other_gatherings_and_demonstrations_are_not_protests(text: str) -> None:
    assert "Peaceful protest" not in types(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Turkish army has set up a new observation post near Ain Issa in Raqqa province.",
            "Headquarters or base established",
        ),
        (
            "Turkish ground forces have set up two military bases east of Zakho in Duhok.",
            "Headquarters or base established",
        ),
        (
            "Rebels and government forces exchanged prisoners on Tuesday near Aleppo.",
            "Agreement",
        ),
        (
            "A company of Haftar's forces surrendered to unity government forces south of Tripoli.",
            "Agreement",
        ),
        # movements of forces, exercises and weapons tests
        (
            "Seven trucks full of soldiers arrived in Kyaukkyi town on Sunday.",
            "Change to group/activity",
        ),
        (
            "Belarusian and Russian forces started a joint training near Brest on Thursday.",
            "Change to group/activity",
        ),
        (
            "North Korea test-fired a ballistic missile from Sunan on Wednesday.",
            "Change to group/activity",
        ),
    ],
)
def test_strategic_developments_in_plain_words(text: str, expected: str) -> None:
    assert expected in types(text)


def test_a_call_to_surrender_is_not_a_surrender() -> None:
    assert "Agreement" not in types("The army called on the rebels in Derna to surrender.")


def test_arrests_at_a_protest_make_it_a_protest_with_intervention() -> None:
    (protest,) = analyze(
        "Hundreds of students demonstrated in Dhaka against fee rises on Monday. "
        "Police arrested 12 of them.",
        published=PUBLISHED,
    ).mentions
    assert protest.sub_event_type == "Protest with intervention"
    assert protest.actor2 is not None and protest.actor2.name.startswith("Police Forces")


def test_rioting_without_a_demonstration_is_mob_violence() -> None:
    assert types(
        "On 31 March 2022, Palestinian rioters clashed with Israeli forces west of Tulkarm."
    ) == ["Mob violence"]


def test_rioting_during_protests_over_prices_is_a_violent_demonstration() -> None:
    text = "Rioters set fire to shops in Lagos during protests over fuel prices."
    assert types(text) == ["Violent demonstration"]


def test_mourners_chanting_slogans_at_a_funeral_demonstrate() -> None:
    from dateline import analyze

    article = analyze(
        "Hundreds of mourners chanted anti-government slogans at the funeral of a protester "
        "killed by police in Khartoum on Saturday.",
        published="2023-05-10T06:00:00+00:00",
    )
    assert [m.sub_event_type for m in article.mentions] == ["Peaceful protest"]
