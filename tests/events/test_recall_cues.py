"""Events the rules used to miss: protests told through what people did "to protest", asides
and comma splices that hid a fact, the noun "attack" typed by its target, shots fired at a
camp, and the strategic developments of displacement and troop movements; and the
descriptions ("families displaced by the war") that must stay non-events."""

from __future__ import annotations

import pytest

from dateline import analyze

PUBLISHED = "2022-06-20T12:00:00+00:00"


def types(text: str) -> list[str]:
    return [m.sub_event_type for m in analyze(text, published=PUBLISHED).mentions]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a comma splice: the demonstration is told first, the demand after it
        ("Party members staged a demonstration outside the assembly in Imphal on Monday, "
         "they also demanded lower fuel prices.", "Peaceful protest"),
        # an aside in brackets is not a negation of the act
        ("Parents shut down (means not specified) a secondary school in Durban on Monday in a "
         "demonstration to demand repairs.", "Peaceful protest"),
        # whatever people did to protest is the protest
        ("Drivers parked dozens of trucks along the highway near Araure on Tuesday to protest "
         "against the end of fuel subsidies.", "Peaceful protest"),
        ("Activists staged a series of one-person protests in Yekaterinburg on Saturday.",
         "Peaceful protest"),
        ("Dozens of workers held a sit-in outside the labour ministry in Tunis on Monday.",
         "Peaceful protest"),
        # a road blocked by residents, however long its name
        ("Residents blocked the km 184 of the PY01 highway near San Juan Bautista on Friday "
         "to demand paving.", "Peaceful protest"),
        ("Relatives of the missing driver blocked the Chilpancingo-Acapulco federal highway on "
         "Thursday.", "Peaceful protest"),
        ("Election staff formed a human chain in Dhaka on Thursday to demand permanent jobs.",
         "Peaceful protest"),
        ("Environmental activists continued a hunger strike outside the ministry in Oslo on "
         "Monday.", "Peaceful protest"),
        # the noun "attack", typed by its target
        ("Militants carried out an attack against an army base near Kismayo on Monday.",
         "Armed clash"),
        ("Gunmen carried out an attack on a busy market in Maiduguri on Monday.", "Attack"),
        ("Rebels fired at a navy camp near Gwadar on Thursday.", "Armed clash"),
        # strategic developments
        ("About 3,000 residents were evacuated from Severodonetsk on Tuesday.", "Other"),
        ("Militants forcibly evicted fishermen from hamlets near Djenne on Monday.", "Other"),
        # flight told beside another act is its circumstance, not an event of its own
        ("Militiamen raped five women as they fled their village near Djugu on Monday.",
         "Sexual violence"),
        ("A bomb threat disrupted classes at a high school in Atlanta on Friday.", "Other"),
        ("A US military patrol took place near Rmelan on Wednesday.",
         "Change to group/activity"),
        ("The army deployed 300 soldiers to Guadalajara on Thursday to reinforce security.",
         "Change to group/activity"),
        ("Militants deployed in Ad Dali city on Tuesday.", "Change to group/activity"),
        ("A US military convoy arrived at its base near Al-Omar on Friday.",
         "Change to group/activity"),
        ("A new armed group, the Watandost Front, announced its formation in Herat on Thursday.",
         "Change to group/activity"),
        # a claim in the perfect infinitive is no purpose
        ("The group claimed to have killed an informant near Tillaberi on Saturday.", "Attack"),
        # (a body with signs of torture: a killing by an armed doer, not a death of any kind)
        ("The body of a man was found with signs of torture in the fields outside Nasib on "
         "Saturday.", "Attack"),
    ],
)  # fmt: skip
def test_events_told_in_words_the_rules_now_know(text: str, expected: str) -> None:
    assert types(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Families displaced by the war were sheltering in the monastery.",
        "The deal ends months of disputes over who commands the troops deployed in the region.",
        "He died of a heart attack at his home in Lagos on Monday.",
        "No group has admitted carrying out the attack in Kayseri on Saturday.",
        "A series of bombings has hit the city in recent years.",
        "Police closed the road to traffic after the crash near Nakuru on Monday.",
        "Residents blocked the road near Kasese on Monday after a landslide buried their homes.",
        # an order is no fact, though the clause comes before the verb that reports it
        "Attack the base, the commander urged his fighters.",
        # a wave of attacks that killed people is still a pattern, not one act
        "A wave of attacks killed 30 people in Kabul last month.",
        # "United" is a name, not the verb "unite" (no stems for capitalised words)
        "The United Nations deployed observers to Goma on Monday.",
        "The bodies of two fishermen who drowned were found near Mombasa on Sunday.",
        "A UN aid convoy reached Taiz on Monday.",
        # an evacuation from a flood is no conflict event
        "About 3,000 residents were evacuated from their homes in Valencia on Tuesday as floods "
        "swept the region.",
    ],
)
def test_descriptions_and_denials_are_not_events(text: str) -> None:
    assert types(text) == []


def test_an_unlemmatised_past_form_still_matches_its_verb() -> None:
    # the small model tags "protested" here as a noun and keeps it as its own lemma
    found = types(
        "On 24 May 2022, in Ushuaia (Tierra del Fuego), members of the CTA-A protested to "
        "demand lands, housing, and jobs."
    )
    assert found == ["Peaceful protest"]


def test_a_specific_account_outranks_a_vague_mention_of_the_same_attack() -> None:
    (mention,) = analyze(
        "Fighters attacked a military convoy near Bawlake on Monday. A vehicle was destroyed "
        "during the two-day attack.",
        published=PUBLISHED,
    ).mentions
    assert mention.sub_event_type == "Armed clash"
    assert "convoy" in mention.evidence.text


def test_the_plural_attacks_tell_a_pattern_not_an_event() -> None:
    text = "The TTP has stepped up attacks on the police in Peshawar over the past year."
    assert types(text) == []


# ------------------------------------------------------------------ ACLED's sides of a protest


def sides(text: str) -> tuple[str, int | None, str | None]:
    (m,) = analyze(text, published=PUBLISHED).mentions
    return m.sub_event_type, m.actor1.inter if m.actor1 else None, m.actor2 and m.actor2.name


def test_a_crowd_that_protests_is_protesters_and_a_peaceful_protest_has_no_second_side() -> None:
    assert sides("Locals held a protest in Mombasa on Monday against water cuts.") == (
        "Peaceful protest",
        6,
        None,
    )


@pytest.mark.parametrize(
    "text",
    [
        "Police broke up a sit-in by traders in Kisumu on Monday.",
        # the march's own subject is the crowd; the stopping verb has its own, the officers
        "Residents marched to the police station in Kisumu on Monday, and officers stopped "
        "the march.",
    ],
)
def test_an_intervention_sets_protesters_against_the_police(text: str) -> None:
    assert sides(text) == ("Protest with intervention", 6, "Police Forces of Kenya")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hundreds of people marched through Mombasa on Monday against fuel prices. Police "
         "later fired tear gas to disperse them.", "Protest with intervention"),
        ("Students demonstrated at a university in Pereira on Thursday against fee rises. The "
         "group built barricades to block a nearby street.", "Violent demonstration"),
    ],
)  # fmt: skip
def test_a_demonstration_told_in_stages_is_coded_by_the_furthest_it_went(
    text: str, expected: str
) -> None:
    assert types(text) == [expected]


def test_a_clash_between_rivals_has_two_sides_of_one_kind() -> None:
    (m,) = analyze(
        "A shoot-out between members of rival drug gangs took place in Caucaia on Friday.",
        published=PUBLISHED,
    ).mentions
    assert m.sub_event_type == "Armed clash"
    assert m.actor2 is not None and (m.actor1.name, m.actor1.inter) == (m.actor2.name, 3)


def test_the_side_of_a_protest_is_known_when_its_place_is_not() -> None:
    (m,) = analyze(
        "Residents protested outside the town hall on Monday.", published=PUBLISHED
    ).mentions
    assert (m.actor1.name, m.actor1.inter) == ("Protesters", 6)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the police who disperse protesters are the second side, not the protesters
        ("Police dispersed protesters with tear gas in Nairobi on Monday.",
         ("Protest with intervention", 6, 1)),
        # ACLED codes the unnamed arrested as civilians (54 of the 59 arrests of its 2022 dev file)
        ("Police arrested two journalists in Kisumu on Monday.", ("Arrests", 1, 7)),
        # demonstrators who turn violent are rioters
        ("Protesters burned tyres and threw stones at police in Nairobi on Monday.",
         ("Violent demonstration", 5, 1)),
        # a state's forces acting abroad are external forces
        ("Russian air forces carried out air strikes near Yakovlivka, Donetsk, on Monday.",
         ("Air/drone strike", 8, None)),
    ],
)  # fmt: skip
def test_acled_inter_codes_of_the_sides(text: str, expected: tuple) -> None:
    (m,) = analyze(text, published=PUBLISHED).mentions
    got = (m.sub_event_type, m.actor1.inter, m.actor2.inter if m.actor2 else None)
    assert got == expected


@pytest.mark.parametrize(
    "text",
    [
        "Rebels carried out a mine attack against an army convoy near Shwebo on Monday.",
        "Rebels attacked the military troops with mines near Myaing on Monday, killing two.",
    ],
)
def test_an_attack_with_mines_is_a_remote_explosive_whatever_its_target(text: str) -> None:
    assert types(text) == ["Remote explosive/landmine/IED"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Teachers occupied a high school in Lyon on Thursday to denounce the exam reform.",
         "Peaceful protest"),
        ("Federal police seized 18 tons of marijuana hidden in a truck in Dourados on Tuesday.",
         "Looting/property destruction"),
        ("Rebels captured the town of Sake on Monday.", "Non-state actor overtakes territory"),
    ],
)  # fmt: skip
def test_a_territory_verb_that_takes_no_territory(text: str, expected: str) -> None:
    assert types(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Residents staged a demonstration in Yapacani on Monday against a man accused of "
        "sexually assaulting three children.",
        "Union members staged a sit-in in Sangrur on Monday against the arrest of a colleague.",
        # a listed grievance: the arrest shares the list's "over"
        "Farmers staged protests in Hisar on Monday over unpaid dues and the arrest of a "
        "union leader.",
        # who protests, told by what happened to someone they speak for
        # the grievance goes before it can supersede the protest that names it
        "Locals held a protest in Karak on Friday against a far-right group that burned a "
        "copy of the Quran.",
        "Relatives and friends of a man who was detained by police protested in Uruapan on "
        "Monday to demand justice.",
    ],
)
def test_beside_a_protest_an_event_word_in_its_grievance_is_what_it_is_about(text: str) -> None:
    assert types(text) == ["Peaceful protest"]


def test_grenade_launchers_are_artillery() -> None:
    text = "Government forces fired grenade launchers at rebel positions near Troitske on Monday."
    assert types(text) == ["Shelling/artillery/missile attack"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Youth Congress members held a demonstration in Alappuzha on Monday. They briefly "
         "clashed with the police during the demonstration.", "Violent demonstration"),
        ("Workers protested outside the palace in Tehran on Monday. Police intervened and "
         "attempted to disperse the protesters.", "Protest with intervention"),
        ("Party members burnt tyres in Suri on Monday to demonstrate against the candidate list.",
         "Violent demonstration"),
        ("Students set tires and other objects on fire at the campus in Durban on Monday in a "
         "demonstration over crime.", "Violent demonstration"),
        # ground taken by unarmed people to press a demand is an occupation protest
        ("Unionized workers took over the tax offices in Acapulco on Monday to demand the "
         "resignation of the chief officer.", "Peaceful protest"),
    ],
)  # fmt: skip
def test_how_far_a_demonstration_went(text: str, expected: str) -> None:
    assert types(text) == [expected]


def test_a_coordinated_clash_is_no_grievance_of_the_protest() -> None:
    found = types(
        "Protesters marched against the government in Nairobi on Monday and clashed with police."
    )
    assert found == ["Violent demonstration"]


def test_a_power_plant_is_ground_not_goods() -> None:
    found = types("Rebels seized the power plant in Enerhodar on Monday.")
    assert found == ["Non-state actor overtakes territory"]


def test_a_crowd_dispersed_by_nobody_named_faces_the_police() -> None:
    assert sides("Protesters were dispersed in Nairobi on Monday.") == (
        "Protest with intervention",
        6,
        "Police Forces of Kenya",
    )


def test_a_clash_with_one_rival_gang_keeps_two_different_sides() -> None:
    (m,) = analyze(
        "Police clashed with members of a rival gang in Rio de Janeiro on Monday.",
        published=PUBLISHED,
    ).mentions
    assert m.actor2 is None or m.actor2.name != m.actor1.name


def test_an_attack_on_named_armed_units_is_a_clash() -> None:
    text = (
        "Militants carried out an attack with firearms near Duhok on Monday, targeting Turkish "
        "army units."
    )
    assert types(text) == ["Armed clash"]


def test_the_attack_of_a_bombing_is_told_by_its_weapon() -> None:
    text = (
        "A truck packed with explosives blew up at a junction in Mogadishu on Monday, killing 20 "
        "people in the deadliest attack this year."
    )
    assert types(text) == ["Remote explosive/landmine/IED"]


def test_a_vague_attack_lends_no_default_victims_to_a_bombing() -> None:
    (m,) = analyze(
        "A roadside bomb ripped through a truck near Afgooye on Thursday. The group said in a "
        "statement that its fighters had carried out the attack.",
        published=PUBLISHED,
    ).mentions
    assert m.sub_event_type == "Remote explosive/landmine/IED"
    assert m.actor2 is None or not m.actor2.name.startswith("Civilians")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ACLED's actors of the Ukraine and Yemen wars, with their inter codes
        ("Ukrainian forces fired mortars at DPR positions near Panteleimonivka on Tuesday.",
         ("NAF: United Armed Forces of Novorossiya", 2)),
        ("Saudi-led coalition jets struck Houthi positions near Marib on Tuesday.",
         ("Military Forces of Yemen (2016-) Supreme Political Council", 1)),
    ],
)  # fmt: skip
def test_the_named_other_side_and_its_inter_code(text: str, expected: tuple) -> None:
    (m,) = analyze(text, published=PUBLISHED).mentions
    assert m.actor2 is not None and (m.actor2.name, m.actor2.inter) == expected


def test_the_saudi_led_coalition_is_an_external_force() -> None:
    (m,) = analyze(
        "Saudi-led coalition jets struck Houthi positions near Marib on Tuesday.",
        published=PUBLISHED,
    ).mentions
    assert (m.actor1.name, m.actor1.inter) == ("Operation Restoring Hope", 8)


def test_a_protest_met_by_a_counter_protest_has_protesters_on_both_sides() -> None:
    (m,) = analyze(
        "About 140 people demonstrated in Dorfen on Monday against coronavirus measures. "
        "Twenty people gathered for a counter-demonstration.",
        published=PUBLISHED,
    ).mentions
    assert (m.sub_event_type, m.actor1.inter, m.actor2 and m.actor2.inter) == (
        "Peaceful protest",
        6,
        6,
    )


@pytest.mark.parametrize(
    "text",
    [
        "Students staged a flash mob in Crotone on Monday to condemn criminal violence.",
        "Around 100 people staged a protest march with torches through Aalten on Monday.",
        "Youth groups protested in Janakpur on Monday, burning an effigy of the prime minister.",
    ],
)
def test_protest_forms_acled_counts_as_peaceful(text: str) -> None:
    assert types(text) == ["Peaceful protest"]


def test_a_torched_car_at_a_protest_is_still_violent() -> None:
    found = types("Protesters torched a police car in Aalten on Monday.")
    assert found == ["Violent demonstration"]


def test_an_event_a_protest_remembers_is_no_event_of_its_own() -> None:
    text = (
        "Dozens of protesters held a demonstration in Oreland on Thursday as part of nationwide "
        "events commemorating the anniversary of the Capitol riots."
    )
    assert types(text) == ["Peaceful protest"]


def test_those_who_remember_can_still_riot() -> None:
    assert types("Rioters in Paris marked the day by burning cars on Thursday.") == ["Mob violence"]


def test_firearms_recovered_by_the_police_are_disrupted_weapons_use() -> None:
    found = types("The police on Thursday said they recovered 86 assorted firearms in Osun.")
    assert found == ["Disrupted weapons use"]
