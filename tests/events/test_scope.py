"""Reality and scope: the words of violence in ordinary news are no events, and every reading
set aside keeps its reason on the article; in-scope events told beside them stay."""

from __future__ import annotations

from datetime import datetime

import pytest

from dateline.events import detect_mentions
from dateline.model import Article


@pytest.fixture(scope="module")
def analyse():
    from dateline.geo import resolve_places
    from dateline.nlp import load_nlp

    nlp = load_nlp()

    def run(text: str) -> Article:
        article = Article(document_id="t", text=text, page_published=datetime(2019, 11, 20))
        doc = nlp(text)
        article.places = resolve_places(doc, article)
        article.mentions = detect_mentions(doc, article)
        return article

    return run


def types(article: Article) -> list[str]:
    return [m.sub_event_type for m in article.mentions]


def reasons(article: Article) -> str:
    return " | ".join(r.reason for r in article.rejected)


def test_a_football_report_gives_no_event_and_says_why(analyse):
    article = analyse(
        "Wales beat Hungary 2-0 to earn the 20th spot on Tuesday. Denmark got a 1-1 draw at "
        "Ireland, while Switzerland beat Gibraltar 6-0 to win the group. The team's coach "
        "praised the players after the match, and the fans celebrated the win at the stadium."
    )
    assert types(article) == []
    assert "sport story" in reasons(article)


def test_a_routine_arrest_is_no_event_but_an_opposition_leader_s_is(analyse):
    routine = analyse(
        "Police arrested six people on Monday during a narcotics investigation at a local "
        "home. Officers seized cash and a car."
    )
    assert "Arrests" not in types(routine)
    assert "routine arrest" in reasons(routine)
    political = analyse("Police arrested an opposition leader in Nairobi on Monday.")
    assert "Arrests" in types(political)
    corrupt = analyse("A top aide of the city's new mayor was arrested on suspicion of corruption.")
    assert "Arrests" not in types(corrupt)
    assert "ordinary-crime grounds ('corruption')" in reasons(corrupt)


def test_what_someone_is_charged_with_is_no_act_told(analyse):
    article = analyse(
        "The girl's mother has been charged with aggravated murder in the death, prosecutors "
        "said on Tuesday."
    )
    assert "Attack" not in types(article)
    assert "a charge or trial" in reasons(article)


def test_an_agreement_counts_only_between_conflict_parties(analyse):
    business = analyse(
        "Alcoa has signed agreements with three insurers to transfer about $555 million in "
        "pension obligations."
    )
    assert "Agreement" not in types(business)
    assert "not between conflict parties" in reasons(business)
    truce = analyse("The government and the rebels signed a ceasefire agreement in Juba on Sunday.")
    assert "Agreement" in types(truce)


def test_goods_seized_by_the_police_are_no_ground_but_a_district_centre_is(analyse):
    goods = analyse("Police seized fake handbags and watches at a warehouse in Taizhou on Monday.")
    assert types(goods) == []
    assert "things taken, not ground" in reasons(goods)
    ground = analyse("Taliban fighters seized a district centre in Kunduz on Saturday.")
    assert types(ground) == ["Non-state actor overtakes territory"]


def test_a_share_price_takes_no_ground(analyse):
    article = analyse(
        "Bank of Valletta shares reversed some of the recent declines as the equity regained "
        "the 1.76 euro level on Monday."
    )
    assert types(article) == []


def test_an_armed_group_still_attacks_in_a_story_about_conflict(analyse):
    article = analyse(
        "Gunmen attacked a village in Zamfara state on Sunday, killing 12 people, police said."
    )
    assert "Attack" in types(article)
    assert not article.rejected


def test_every_rejected_reading_keeps_its_sentence(analyse):
    text = "Over the past fortnight his car has been vandalised twice, the builder said."
    article = analyse(text)
    assert types(article) == []
    (rejected,) = article.rejected
    assert rejected.evidence.text in text and rejected.mention is not None
    assert rejected.mention.reasons[-1].startswith("out of scope:")


def test_a_reading_no_fact_keeps_its_reason_too(analyse):
    article = analyse("The rebels did not attack the town of Beni on Sunday, the army said.")
    assert types(article) == []
    (rejected,) = article.rejected
    assert "negated" in rejected.reason and rejected.mention is None
    assert rejected.evidence.text.startswith("The rebels did not attack")


CONFLICT = "Rebels attacked an army post near Beni on Monday, killing four soldiers. "


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # an explosion the sentence says an accident caused, in a conflict story too
        ("Two large explosions hit the port, reportedly caused by large quantities of "
         "ammonium nitrate stored in a warehouse.", "caused by"),
        # deaths an accident caused
        ("Two service members were killed in a helicopter crash near Logar on Wednesday.",
         "accident"),
        # a tally over decades is history
        ("The group has killed more than 800 people over four decades of violence.",
         "a tally over"),
        # an event word inside a name
        ("Gov. John Lynch came to the ceremony on Tuesday, standing among the mourners.",
         "part of a name"),
        # things gathered, no people
        ("Police believe the evidence gathered against him in the case will show that he "
         "drove the car.", "no people gather"),
        # a killing verb done to things
        ("On Thursday morning, the army executed two search warrants in Beni.",
         "done to a thing"),
        # an order, not a report
        ("Fly with the crows and get shot.", "an order or a wish"),
        # an objection voiced, not a demonstration held
        ("Several residents had protested the developer's plans to build homes on the land.",
         "an objection voiced"),
        # who someone is, not what happened
        ("A floral tribute was sent by the family of murdered soldier Patrick Azimkar.",
         "says who someone is"),
        # what something looked like
        ('"It looked like an explosion blew out the wall," a neighbour said on Tuesday.',
         "a likeness"),
        # what a court was told
        ("Mr Orchard told jurors the killing followed years of violence between two gangs.",
         "a court"),
        # a threat guarded against
        ("The patrols gave civilians a modicum of protection against Russian airstrikes.",
         "a threat guarded against"),
        # the simple present on no day: what happens in general
        ("The new vehicles carry a crew of four and launch 155mm shells.", "simple present"),
        # a verb joined to a modal one, the event word its object
        ("The army will win and save the town from another attack.", "not a fact"),
        # 'strike' with an object hits or seems
        ("That struck me as different from the other calls.", "not a walkout"),
        # a passive in the simple present, shared by two joined verbs
        ("People sympathize with the target who is ripped and bloodied by the mob.",
         "simple present"),
        # weapons counted in money are goods
        ("Officials said the $1.3 billion in artillery the army will use is part of the "
         "package.", "counted in money"),
        # protests told as the backdrop of something else
        ("With Hong Kong protests exploding to new levels, the president is likely to send "
         "troops.", "as the backdrop"),
        # people named by what they do, when something else is done to them
        ("The new decree agitated the protesters into further resistance.",
         "people something was done to"),
        # captives' release told: their taking is history
        ("Two hostages who had been held by the rebels since 2016 were released on Tuesday.",
         "a release told"),
        # the grounds of a summons
        ("The police summoned two senators over the destruction of property.",
         "a charge or trial ('summoned"),
        # the protests as a movement the reader knows
        ("Beijing's current strategy toward the protests is an obvious failure.",
         "a known movement"),
        # one person's gesture, no demonstration
        ("The mayor wrote to the Pope, and she hung a banner on the town hall.",
         "one person's gesture"),
        # a bare 'in battle': a manner of speaking
        ("The plane earned a reputation in battle for its ruggedness.", "a manner of speaking"),
        # weapons that nobody has
        ("Iran has neither missiles capable of reaching the coast nor warheads to fire.",
         "negated ('neither"),
        # an ordinary-crime arrest in a story that names a war
        ("A retired teacher was arrested on Thursday for possession of child pornography.",
         "ordinary-crime grounds"),
        # residents evacuated from a fire
        ("The officers entered the building to warn residents of the fire and help them "
         "evacuate.", "moved by a disaster"),
        # what the fighting showed, told by its seriousness
        ("Underscoring the seriousness of the fighting, television showed a meeting of "
         "ministers on Friday.", "a reaction to the event"),
        # a novel's plot
        ("The protesters in the novel storm the palace and overthrow the king.",
         "a work's plot"),
        # fans who march press no claim
        ("Thousands of fans marched to the stadium before the final.",
         "a crowd pressing no claim"),
        # what a punishment is for
        ("Russia expelled two diplomats for taking part in unauthorised protests in support "
         "of the opposition.", "a charge or trial ('expelled"),
        # the funeral of someone killed before
        ("Mourners stood at the funeral of a soldier killed last week in Afghanistan.",
         "what is remembered ('funeral')"),
    ],
)  # fmt: skip
def test_readings_that_report_no_event(analyse, text: str, reason: str) -> None:
    """Each told after a real attack, so that the story is about conflict and only the
    sentence's own reading is what sets it aside."""
    article = analyse(CONFLICT + text)
    assert types(article) == ["Armed clash"]  # the attack on the army post, and nothing else
    assert reason in reasons(article)


def test_a_sport_story_stays_sport_when_it_says_demonstrated_once(analyse):
    article = analyse(
        "The Lakers beat the Thunder 112-105 on Monday. The team's coach praised the players "
        "after the game, and the fans cheered the win. James scored 30 points in the season's "
        "best match, as he and Davis demonstrated repeatedly against the Thunder."
    )
    assert types(article) == []


def test_a_headline_in_the_present_still_tells_news(analyse):
    article = analyse(CONFLICT + "Suspected IS suicide bombers kill dozens at the airport.")
    assert "simple present" not in reasons(article)


def test_violence_by_a_group_of_people_is_collective(analyse):
    article = analyse(
        "The footage shows multiple incidents of sexual assault on women by rowdy men during "
        "the celebrations on the Dhaka University campus on Sunday."
    )
    assert types(article) == ["Sexual violence"]


def test_in_a_story_about_no_conflict_a_quote_is_someone_s_words(analyse):
    text = (
        '"He shot at us from the roof," Chisholm told her granddaughter over the phone, a '
        "neighbour said. The family later moved to a new home in the suburbs."
    )
    from dateline import analyze

    article = analyze(text, published="2009-03-30")
    assert [m.sub_event_type for m in article.mentions] == []
    assert any("direct quote" in r.reason for r in article.rejected)


def test_officials_and_supporters_tie_no_story_to_conflict(nlp_doc):
    """A government, its officials and 'supporters' are no armed group or unrest crowd: a
    politics story naming them is still about no conflict."""
    from dateline.events.actors import find_actors
    from dateline.events.story_scope import story_scope

    text = (
        "Government officials met the governor on Monday. Party supporters cheered the plan, "
        "and the government said the budget would pass."
    )
    doc, article = nlp_doc(text)
    actors = [h.actor for s in doc.sents for h in find_actors(s, article, "US")]
    assert actors, "the sentence names state actors and supporters"
    assert not story_scope(list(doc.sents), actors).about_conflict
    rioters = "Rioters torched a police station on Monday, and supporters cheered."
    doc, article = nlp_doc(rioters)
    actors = [h.actor for s in doc.sents for h in find_actors(s, article, "US")]
    assert story_scope(list(doc.sents), actors).about_conflict


@pytest.fixture(scope="module")
def nlp_doc():
    from dateline.nlp import load_nlp

    nlp = load_nlp()

    def run(text: str) -> tuple[object, Article]:
        return nlp(text), Article(document_id="t", text=text)

    return run


def test_a_body_found_bound_is_an_execution_not_ordinary_crime(analyse):
    """Hands tied, gagged, blindfolded: the marks of an armed group's killing, which ACLED codes
    even when no one names the killers."""
    article = analyse(
        "In Leon, Guanajuato, a man was killed and his body was found with his hands and feet "
        "tied in Colonia Valle de Jerez on Sunday."
    )
    assert types(article) == ["Attack"]


def test_violence_by_a_named_organisation_is_organised(analyse):
    article = analyse("On 16 January 2022, Zaire-FPAC killed a civilian in Kalo and stole goods.")
    assert types(article) == ["Attack"]


def test_an_explosion_in_a_fire_is_an_accident_story(analyse):
    article = analyse(
        "A number of gas and propane containers exploded during a fire in a garage on Monday. "
        "The home near the garage did not suffer damage, but when the explosion occurred, "
        "fire fighters removed several doors."
    )
    assert types(article) == []
    bombing = analyse(
        "Militants set off an explosion at a market in Gao on Monday. A fire broke out after "
        "the explosion, and the militants fled."
    )
    assert types(bombing) != []


# whole stories: the types they yield and, when something is set aside, the reason given
STORIES = [
    # a group's move outside conflict is business; an armed group's counts
    ("A worldwide airline group announced on Thursday the creation of a program to certify "
     "standards for the safety of traveling animals.", [], "a group's move"),
    ("A new anti-Taliban armed group announced its formation in Herat on Monday.",
     ["Change to group/activity"], None),
    # shots fired into the air hit no one
    (CONFLICT + 'A witness said, "He started shooting bullets in the air."', ["Armed clash"],
     None),
    # one side accusing another tells the war; a charge does not
    ("Rebels attacked an army post near Aleppo on Monday, killing four soldiers. The truce "
     "collapsed on Wednesday, as activists accused the regime of heavy shelling of the "
     "eastern districts.", ["Armed clash", "Shelling/artillery/missile attack"], None),
    (CONFLICT + "He was accused of having injured a policeman during clashes.",
     ["Armed clash"], "a charge or trial"),
    # a workers' strike is a protest, even in a health story
    ("Medical workers' strike began on Monday at the national hospital in Nairobi. Doctors say "
     "patients were turned away from treatment, and nurses left the hospital wards.",
     ["Peaceful protest"], None),
    # the protests joined somewhere are reported
    (CONFLICT + "Thousands of students joined the protests in Cairo.",
     ["Armed clash", "Peaceful protest"], None),
    # weapons only named, and a rival beaten out, are no attack
    ("Russia objected to the ABM missiles in Poland. This is the second time Walker has beaten "
     "out Melvin for the school board seat.", [], None),
    # arrests ahead of rallies are arrests, not an intervention
    ("Police arrested several opposition members on arms charges on Monday, in what their "
     "leader called a campaign of terror ahead of anti-government rallies next month.",
     ["Arrests"], "yet to come"),
    # many killed in an accident are no mass killing
    ("Officials say 19 people were killed when their bus plunged off a bridge onto a frozen "
     "river. Another 22 people were injured in the Friday accident.", [], None),
    # a bomb squad's controlled detonation is disrupted weapons use
    ("The bomb squad safely detonated a suspicious package found outside the courthouse in "
     "Kaduna on Monday.", ["Disrupted weapons use"], None),
    # who is arrested decides, not who arrests
    ("Officers arrested a 34-year-old man on Main Street on Saturday night.", [],
     "routine arrest"),
    ("A journalist was detained by police officers in Minsk on Friday.", ["Arrests"], None),
    # police, who fired tear gas at protesters: the force that the relative clause names did it
    ("Police, who fired tear gas at protesters in Lagos on Monday, arrested ten people.",
     ["Protest with intervention"], None),
    # the fighting a ceasefire ended is over, not news of the ceasefire's day
    ("Israel and Hamas agreed to a ceasefire on Thursday, ending 11 days of fighting.",
     ["Agreement"], "what was ended"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected", "reason"), STORIES)
def test_whole_stories(analyse, text: str, expected: list[str], reason: str | None) -> None:
    article = analyse(text)
    assert sorted(types(article)) == sorted(expected)
    if reason is not None:
        assert reason in reasons(article)
