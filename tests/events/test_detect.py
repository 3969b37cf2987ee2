"""Event detection on single sentences: every family of sub-event types and the hard cases
(negation, threats and intentions, modals, reactions, numbers that are not casualties)."""

from __future__ import annotations

from datetime import datetime

import pytest

from dateline.events import detect_mentions
from dateline.events.detect import sentences
from dateline.model import Article


@pytest.fixture(scope="module")
def nlp():
    from dateline.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="module")
def detect(nlp):
    from dateline.geo import resolve_places

    def run(text: str, published: datetime | None = datetime(2020, 5, 10)):
        article = Article(document_id="t", text=text, page_published=published)
        doc = nlp(text)
        article.places = resolve_places(doc, article)
        return detect_mentions(doc, article)

    return run


def types(mentions) -> list[str]:
    return [m.sub_event_type for m in mentions]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Government troops recaptured the town of Jarabulus from Islamic State fighters on "
         "Sunday.", "Government regains territory"),
        ("Islamic State fighters captured the town of Hit in Anbar province on Monday.",
         "Non-state actor overtakes territory"),
        ("Rebels clashed with government forces near Aleppo on Tuesday.", "Armed clash"),
        ("A suicide bomber blew himself up at a checkpoint in Kabul, killing 8 people.",
         "Suicide bomb"),
        ("Insurgents fired mortars at a military base near Mogadishu on Monday.",
         "Shelling/artillery/missile attack"),
        ("A roadside bomb exploded near a police patrol in Kandahar, killing two policemen.",
         "Remote explosive/landmine/IED"),
        ("Gunmen hurled a grenade at a bar in Bujumbura, wounding five people.", "Grenade"),
        ("Gunmen kidnapped 20 students from a school in Kaduna on Tuesday.",
         "Abduction/forced disappearance"),
        ("Gunmen shot dead a village chief in Maiduguri on Sunday.", "Attack"),
        ("Hundreds of protesters marched in Harare on Saturday to demand higher wages.",
         "Peaceful protest"),
        ("Police fired tear gas at protesters in Nairobi on Monday.",
         "Protest with intervention"),
        ("Police shot dead two protesters in Kisumu on Tuesday.",
         "Excessive force against protesters"),
        ("Fighters attacked an army outpost near Monywa on Thursday night.", "Armed clash"),
        ("Russian forces shelled residential districts of Kharkiv on Wednesday.",
         "Shelling/artillery/missile attack"),
        ("Police dispersed protesters and arrested 15 people in Lagos on Friday.",
         "Protest with intervention"),
        ("A mob lynched a suspected thief in Kampala on Wednesday.", "Mob violence"),
        ("Rioters set fire to cars in Paris on Saturday during a demonstration against the law.",
         "Violent demonstration"),
        ("Police arrested five suspected militants in Peshawar on Thursday.", "Arrests"),
        ("Soldiers defused a bomb planted near a market in Baghdad on Sunday.",
         "Disrupted weapons use"),
        ("The rebels signed a ceasefire agreement with the government in Juba on Monday.",
         "Agreement"),
    ],
)  # fmt: skip
def test_one_sentence_one_type(detect, text, expected):
    mentions = detect(text)
    assert types(mentions) == [expected]
    m = mentions[0]
    assert m.reasons and any("cue" in r for r in m.reasons)  # an analyst can see why
    assert not m.background
    assert m.evidence.text == text


@pytest.mark.parametrize(
    "text",
    [
        "The militants denied attacking the village.",
        "The group threatened to strike Baghdad.",
        "Rebels could attack the capital.",
        "The insurgents vowed to seize the city.",
        "Government forces have been on the offensive for three weeks to try to reclaim the city.",
        "The United Nations condemned the attack on the convoy.",
        "The recapture is a strategic as well as symbolic victory for the president.",
        "Turkey has suffered a series of fatal bombings at the hands of militants.",
        "The gunman fired at least eight shots into the air.",
        "Riot police stood guard outside the embassy.",
    ],
)
def test_not_events(detect, text):
    assert detect(text) == []


def test_doer_and_target(detect):
    (m,) = detect("Government troops recaptured the town of Jarabulus from Islamic State fighters.")
    assert m.actor1 is not None and m.actor1.inter == 1
    assert m.actor2 is not None and m.actor2.name == "Islamic State"


def test_taker_decides_territory_type(detect):
    (m,) = detect("Islamic State fighters seized control of the city of Ramadi on Sunday.")
    assert m.sub_event_type == "Non-state actor overtakes territory"
    assert m.actor1 is not None and m.actor1.name == "Islamic State"


def test_fatalities_and_wounded(detect):
    (m,) = detect("A suicide car bomb in Kayseri killed 13 soldiers aboard a bus and wounded 56.")
    assert m.sub_event_type == "Suicide bomb"
    assert m.fatalities == 13
    assert m.actor2 is not None and m.actor2.inter == 1  # the soldiers were the target


def test_background_by_year_and_follow_up(detect):
    (m,) = detect("Rebels clashed with government forces in Aleppo in 2012.")
    assert m.background
    (m,) = detect("It comes a week after 44 people were killed in an attack in Istanbul.")
    assert m.background and m.fatalities == 44


def test_duplicates_merge(detect):
    text = (
        "Rebels clashed with government forces in Aleppo on Sunday.\n\n"
        "The clashes lasted for hours, residents said."
    )
    (m,) = detect(text)
    assert m.sub_event_type == "Armed clash"
    assert any(r.startswith("also told in") for r in m.reasons)


def test_hard_wrapped_lines_stay_one_sentence(nlp):
    doc = nlp("A car bomb has killed 13 soldiers, officials\nsay.\nThe blast destroyed the bus.")
    assert [s.text for s in sentences(doc)] == [
        "A car bomb has killed 13 soldiers, officials\nsay.",
        "The blast destroyed the bus.",
    ]
