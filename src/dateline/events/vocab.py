"""Words and codes several event stages share: sub-event type names, ACLED's inter codes of
the sides (1 and 8 state and foreign forces, 2-4 non-state armed groups), the event types of
violence, reporting verbs, pronouns and the words for crowds, protesters and people.
"""

from __future__ import annotations

import re

GRT = "Government regains territory"

NSAOT = "Non-state actor overtakes territory"

VIOLENT_TYPES = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"}

STATE_INTERS = {1, 8}

NONSTATE_INTERS = {2, 3, 4}

ARMED_INTERS = {1, 2, 3, 4, 8}

REPORTING_VERBS = {"say", "report", "claim", "add", "tell", "state", "announce", "confirm"}

# the entity labels of places: a town or country, a region or river, a building or road
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})

PRONOUNS = {"it", "they", "he", "she", "its", "their", "his", "her", "them"}

EXCESSIVE_FORCE = "Excessive force against protesters"

# force used on a protest: the crowd must be its target, not its doer
FORCE_ON_PROTESTS = frozenset({"Protest with intervention", EXCESSIVE_FORCE})

PROTESTER_WORDS = {"protester", "protestor", "demonstrator", "marcher"}

# ACLED: a violent demonstration is a demonstration turned violent; rioting that is no
# demonstration (stone-throwing at soldiers, clashes between rival crowds) is mob violence.
_DEMONSTRATION = re.compile(
    r"\b(?:[Pp]rotest\w*|[Dd]emonstrat\w*|march(?:ed|es|ers?)?|[Rr]all(?:y|ies|ied)|sit-in)\b"
)  # "march" in lower case only: "31 March" is a date

PROTEST_TYPES = frozenset(
    {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"}
)

CROWD_WORDS = PROTESTER_WORDS | {
    "resident", "worker", "driver", "farmer", "student", "people", "teacher", "fisherman",
    "trader", "villager", "youth", "supporter", "member", "activist", "crowd", "employee",
    "community", "truck", "trucker", "union", "vendor", "motorist", "demonstration", "protest",
}  # fmt: skip

# what a territory verb ("captured", "seized") takes when it takes no ground
PEOPLE_NOUNS = frozenset(
    {"man", "woman", "boy", "girl", "child", "person", "people", "robber", "thief", "suspect",
     "soldier", "fighter", "militant", "rebel", "member", "civilian", "hostage", "driver",
     "trader", "journalist", "officer", "policeman", "commander", "youth", "prisoner", "leader",
     "official", "colleague", "rector", "priest", "pastor", "imam", "student", "teacher",
     "worker", "resident", "villager", "farmer", "family", "businessman", "inmate"}
)  # fmt: skip

TERRITORY = {GRT, NSAOT}
