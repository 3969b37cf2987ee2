"""Actor roles and event folding across sentences: ACLED's fixed roles (protesters, rioters,
civilians), speakers who are sources rather than sides, claims of responsibility, and the
sentences that only tell part of an event told elsewhere."""

from __future__ import annotations

from datetime import datetime

import pytest

from dateline.events import detect_mentions
from dateline.model import Article


@pytest.fixture(scope="module")
def nlp():
    from dateline.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="module")
def detect(nlp):
    from dateline.geo import resolve_places

    def run(text: str, published: datetime | None = datetime(2024, 5, 10)):
        article = Article(document_id="t", text=text, page_published=published)
        doc = nlp(text)
        article.places = resolve_places(doc, article)
        return detect_mentions(doc, article)

    return run


def names(m) -> tuple[str | None, str | None]:
    return (m.actor1.name if m.actor1 else None, m.actor2.name if m.actor2 else None)


def test_named_group_with_generic_noun_is_the_group(detect):
    (m,) = detect("M23 rebels clashed with the DRC army near Goma on Thursday.")
    assert m.sub_event_type == "Armed clash"
    assert names(m) == (
        "M23: March 23 Movement",
        "Military Forces of the Democratic Republic of Congo",
    )


def test_violence_against_civilians_has_civilian_victims(detect):
    (m,) = detect("Gunmen abducted four truck drivers near Mopti in Mali on Thursday.")
    assert m.sub_event_type == "Abduction/forced disappearance"
    assert m.actor2 is not None and m.actor2.name == "Civilians (Mali)"
    assert any("civilians" in r for r in m.reasons)


def test_protesters_are_actor1_of_an_intervention(detect):
    (m,) = detect(
        "In Nairobi, Kenyan police fired tear gas to disperse hundreds of demonstrators on Tuesday."
    )
    assert m.sub_event_type == "Protest with intervention"
    assert names(m) == ("Protesters (Kenya)", "Police Forces of Kenya")


def test_the_speaker_of_it_is_the_doer(detect):
    (m,) = detect("The Sudanese army said on Friday it had recaptured the town of Wad Madani.")
    assert m.sub_event_type == "Government regains territory"
    assert m.actor1 is not None and m.actor1.name == "Military Forces of Sudan"


def test_police_as_source_are_not_the_shooter(detect):
    (m,) = detect(
        "Police said the gunman fired at least eight shots at the crowd outside the stadium "
        "in Nakuru, Kenya on Sunday, killing one man."
    )
    assert m.actor1 is not None and not m.actor1.name.startswith("Police")
    assert m.fatalities == 1  # "eight shots" is not a count of the dead


def test_a_killing_with_no_doer_is_the_toll_of_the_clash(detect):
    found = detect(
        "Fighting broke out between Fulani militiamen and a local vigilante group in Bokkos, "
        "Nigeria on Sunday. At least nine people were killed, a community leader said."
    )
    assert [m.sub_event_type for m in found] == ["Armed clash"]
    assert found[0].fatalities == 9
    assert names(found[0]) == ("Fulani Ethnic Militia (Nigeria)", "Vigilante Militia (Nigeria)")


def test_claim_of_responsibility_names_the_doer(detect):
    found = detect(
        "A suicide bomber blew himself up outside a bank in Kabul on Monday, killing 12 people. "
        "The Islamic State Khorasan Province claimed responsibility for the bombing."
    )
    assert [m.sub_event_type for m in found] == ["Suicide bomb"]
    assert found[0].actor1 is not None
    assert found[0].actor1.name == "Islamic State Khorasan Province"


def test_police_response_is_part_of_the_riot(detect):
    found = detect(
        "Rioters at a protest against fare rises threw stones at police and set fire to two "
        "buses in Bogota, Colombia on Thursday. Riot police responded with tear gas and stun "
        "grenades, and clashes continued for several hours."
    )
    assert [m.sub_event_type for m in found] == ["Violent demonstration"]
    assert found[0].actor1 is not None and found[0].actor1.name == "Rioters (Colombia)"


def test_withdrawal_from_the_town_taken_is_part_of_the_takeover(detect):
    found = detect(
        "Al Shabaab fighters took control of the town of Mahas in Somalia on Monday. "
        "The remaining soldiers had withdrawn to the airport outside town."
    )
    assert [m.sub_event_type for m in found] == ["Non-state actor overtakes territory"]


def test_withdrawal_to_other_towns_is_its_own_event(detect):
    found = detect(
        "Syrian troops seized back full control of Palmyra on Sunday. "
        "A large part of the IS force had pulled out and retreated east to Raqqa and Deir Ezzor."
    )
    assert "Change to group/activity" in [m.sub_event_type for m in found]


@pytest.mark.parametrize(
    "text",
    [
        # generic recent history, not one event
        "Separatist groups have attacked police and soldiers in Balochistan in recent months.",
        # the victims of an event told elsewhere, in a reaction to it
        "The government announced compensation for the families of the policemen killed "
        "in the bombing.",
        # a role in an event is not a report of it
        "Protesters were angry over Russia's role in the bombardment of Aleppo.",
    ],
)
def test_not_a_new_event(detect, text):
    assert [m for m in detect(text) if not m.background] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the two sides of a fight, joined by "and"
        ("Burkinabe soldiers and JNIM militants clashed near Pama in Burkina Faso on Monday.",
         ("Military Forces of Burkina Faso", "JNIM: Group for Support of Islam and Muslims")),
        ("One rebel was killed in a firefight between the NPA and the military in Samar, "
         "Philippines, on Monday.",
         ("NPA: New People's Army", "Military Forces of the Philippines")),
        # a foreign army fighting with no other side named fights the host's army
        ("Russian forces engaged in an offensive near Barvinkove in Ukraine on Monday.",
         ("Military Forces of Russia", "Military Forces of Ukraine")),
        # one noun shared by two countries' forces: the first named is the first side
        ("Armed clashes took place between the Russian and Ukrainian forces near Yarova in "
         "Ukraine on Monday.", ("Military Forces of Russia", "Military Forces of Ukraine")),
        # an army's post, boat or convoy stands for the army
        ("IS militants attacked an Iraqi army position near Jalawla in Iraq on Monday.",
         ("Islamic State", "Military Forces of Iraq")),
        ("Rebels fired at a military boat near Kyunsu in Myanmar on Monday.",
         ("Opposition Rebels (Myanmar)", "Military Forces of Myanmar")),
        # whose arms cache was found is the second side, not the finder
        ("Soldiers seized 34 firearms from an NPA arms cache in Samar, Philippines, on Monday.",
         ("Military Forces of the Philippines", "NPA: New People's Army")),
    ],
)  # fmt: skip
def test_sides_acled_codes_that_the_grammar_leaves_implicit(
    detect, text: str, expected: tuple[str, str]
) -> None:
    (m,) = detect(text)
    assert names(m) == expected


def test_party_supporters_who_assault_people_are_rioters(detect):
    (m,) = detect("BJD supporters assaulted two BJP workers near Baleshwar in India on Monday.")
    assert (m.sub_event_type, names(m)) == (
        "Mob violence",
        ("Rioters (India)", "Civilians (India)"),
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a strike that killed or wounded people has them as its other side
        ("Russian forces shelled the industrial district of Kharkiv in Ukraine on Monday, "
         "killing a child.", ("Military Forces of Russia", "Civilians (Ukraine)")),
        # civilian houses are property: the strike has no other side
        ("Russian forces shelled civilian houses in Hirske in Ukraine on Monday.",
         ("Military Forces of Russia", None)),
    ],
)  # fmt: skip
def test_the_other_side_of_a_strike_is_the_people_it_hurt(
    detect, text: str, expected: tuple[str, str | None]
) -> None:
    (m,) = detect(text)
    assert names(m) == expected


def test_gang_members_are_an_unidentified_gang(detect):
    (m,) = detect(
        "Three gang members clashed with police officers in Mejicanos, El Salvador, on Monday."
    )
    assert names(m) == ("Unidentified Gang (El Salvador)", "Police Forces of El Salvador")


def test_a_military_source_is_no_side(detect):
    (m,) = detect(
        "Rebels attacked a village near Kyunsu in Myanmar on Monday, a military source said."
    )
    assert "Military Forces of Myanmar" not in names(m)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # two groups of one kind fighting each other: both sides alike
        ("Two groups of police officers clashed inside a station in Beledweyne, Somalia, on "
         "Monday.", ("Police Forces of Somalia", "Police Forces of Somalia")),
        ("Rival gang members exchanged fire in Mejicanos, El Salvador, on Monday.",
         ("Unidentified Gang (El Salvador)", "Unidentified Gang (El Salvador)")),
        # a clash with no arms and no armed side named is a brawl: mob violence
        ("Members of two rival political parties clashed in Bhadrak, India, on Monday.",
         ("Rioters (India)", "Rioters (India)")),
        # a brawl between party workers: rioters on both sides, not rioters against civilians
        ("Supporters of two parties clashed near a polling station in Siraha, Nepal, on Monday.",
         ("Rioters (Nepal)", "Rioters (Nepal)")),
    ],
)  # fmt: skip
def test_both_sides_of_a_fight_within_one_kind(detect, text: str, expected) -> None:
    (m,) = detect(text)
    assert names(m) == expected


def test_a_group_someone_is_accused_of_supporting_is_no_side(detect):
    (m,) = detect(
        "Police shot dead a student in Jeldu, Ethiopia, on Monday after accusing him of "
        "supporting the OLA."
    )
    assert names(m) == ("Police Forces of Ethiopia", "Civilians (Ethiopia)")
