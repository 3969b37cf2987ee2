"""Synthetic news articles for throughput benchmarks: `generate(n, seed)`.

Each article reads like a wire story (dateline, headline, one to three event paragraphs with
actors, places, dates and casualty figures, quotes, then background paragraphs) and is 300 to
1,500 words long. The same seed always gives the same articles, so runs compare like with like.
The text is realistic in shape and vocabulary, not in facts: it exists to load the pipeline.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

# country -> (cities the gazetteer knows, state forces, non-state actors, demonym)
COUNTRIES: dict[str, tuple[list[str], list[str], list[str], str]] = {
    "Mali": (
        ["Kidal", "Gao", "Mopti", "Timbuktu", "Menaka", "Segou"],
        ["Malian soldiers", "the Malian army", "Malian troops"],
        ["JNIM militants", "Islamic State Sahel fighters", "Tuareg rebels"],
        "Malian",
    ),
    "Nigeria": (
        ["Maiduguri", "Kaduna", "Zaria", "Sokoto", "Bama", "Jos"],
        ["Nigerian troops", "the Nigerian army", "Nigerian police"],
        ["Boko Haram fighters", "ISWAP militants", "bandits", "gunmen"],
        "Nigerian",
    ),
    "Somalia": (
        ["Mogadishu", "Baidoa", "Kismayo", "Beledweyne", "Jowhar"],
        ["Somali government forces", "Somali soldiers"],
        ["al-Shabaab militants", "clan militiamen"],
        "Somali",
    ),
    "Sudan": (
        ["Khartoum", "Omdurman", "El Fasher", "Nyala", "Wad Madani"],
        ["the Sudanese army", "Sudanese Armed Forces troops"],
        ["Rapid Support Forces fighters", "RSF paramilitaries", "armed tribesmen"],
        "Sudanese",
    ),
    "Democratic Republic of the Congo": (
        ["Goma", "Beni", "Bunia", "Butembo", "Sake", "Uvira"],
        ["Congolese soldiers", "the Congolese army", "FARDC troops"],
        ["M23 rebels", "ADF militants", "CODECO militiamen", "Mai-Mai fighters"],
        "Congolese",
    ),
    "Syria": (
        ["Aleppo", "Idlib", "Deir ez-Zor", "Homs", "Palmyra", "Raqqa"],
        ["Syrian government forces", "Syrian troops"],
        ["Islamic State fighters", "rebel fighters", "Kurdish-led forces"],
        "Syrian",
    ),
    "Ukraine": (
        ["Kharkiv", "Kherson", "Zaporizhzhia", "Odesa", "Sumy", "Dnipro"],
        ["Ukrainian forces", "Ukrainian troops", "Ukraine's air defences"],
        ["Russian forces", "Russian troops"],
        "Ukrainian",
    ),
    "Yemen": (
        ["Sanaa", "Marib", "Taiz", "Hodeidah", "Aden"],
        ["Yemeni government forces", "government troops"],
        ["Houthi fighters", "Houthi forces", "separatist fighters"],
        "Yemeni",
    ),
    "Afghanistan": (
        ["Kabul", "Kandahar", "Jalalabad", "Kunduz", "Herat"],
        ["Taliban security forces", "Taliban police"],
        ["Islamic State Khorasan militants", "gunmen", "resistance fighters"],
        "Afghan",
    ),
    "Myanmar": (
        ["Mandalay", "Sagaing", "Myitkyina", "Lashio", "Hpakant"],
        ["the Myanmar military", "junta troops", "regime soldiers"],
        ["People's Defence Force fighters", "Kachin Independence Army rebels", "resistance forces"],
        "Myanmar",
    ),
    "Kenya": (
        ["Nairobi", "Mombasa", "Kisumu", "Nakuru", "Garissa"],
        ["Kenyan police", "riot police", "Kenyan security forces"],
        ["protesters", "demonstrators", "al-Shabaab militants"],
        "Kenyan",
    ),
    "Colombia": (
        ["Bogota", "Cali", "Medellin", "Cucuta", "Popayan"],
        ["Colombian soldiers", "the Colombian army", "riot police"],
        ["ELN guerrillas", "FARC dissidents", "Clan del Golfo gunmen", "protesters"],
        "Colombian",
    ),
}

OUTLETS = ["Reuters", "AFP", "AP", "Xinhua", "Anadolu"]
SOURCES = [
    "the army said in a statement",
    "local officials said",
    "residents told reporters",
    "a hospital source said",
    "a security source said",
    "witnesses said",
    "the governor's office said",
    "a spokesman for the group said",
]
NUMBERS = [
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "a dozen",
    "11", "12", "14", "15", "17", "20", "23", "27", "31", "40",
]  # fmt: skip
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

EVENT_TEMPLATES = [
    "{state} clashed with {rebel} near {place} on {day}, killing at least {n} fighters, {src}.",
    "At least {n} people were killed when {rebel} attacked a village outside {place} {when}, "
    "{src}.",
    "An air strike hit a market in {place} on {day}, killing {n} civilians and wounding dozens "
    "more, {src}.",
    "A roadside bomb struck a military convoy on the road to {place} on {day}, killing {n} "
    "soldiers, {src}.",
    "{rebel} abducted {n} villagers, most of them women and children, in a night raid near "
    "{place} {when}, {src}.",
    "Thousands of protesters marched through {place} on {day} to demand the release of "
    "detained opposition leaders, {src}.",
    "{state} fired tear gas at demonstrators in {place} on {day}, and {n} people were "
    "arrested, {src}.",
    "Shelling hit residential districts of {place} overnight into {day}, killing {n} people, "
    "{src}.",
    "A suicide bomber blew himself up at a checkpoint in {place} on {day}, killing {n} people, "
    "{src}.",
    "{rebel} seized control of {place} on {day} after {state} withdrew from the town, {src}.",
    "Rioters torched government buildings in {place} on {day} after a disputed election "
    "result, {src}.",
    "{state} said they had recaptured {place} from {rebel} on {day} after two days of fighting.",
    "A drone strike on a house in {place} {when} killed {n} members of {rebel}, {src}.",
    "{state} arrested {n} suspected members of {rebel} in raids across {place} on {day}, {src}.",
]

FOLLOW_UPS = [
    "The fighting lasted several hours before the attackers withdrew.",
    "Aid workers said the wounded were taken to the main hospital in {place}.",
    '"We heard gunfire all night and nobody could leave their homes," said one resident, '
    "who asked not to be named for fear of reprisals.",
    "No group immediately claimed responsibility for the attack.",
    "The {demonym} government condemned the violence and promised an investigation.",
    "Hundreds of families fled towards {other}, according to the United Nations.",
    "The death toll could rise, officials warned, as several of the injured were in critical "
    "condition.",
    "It was the deadliest incident in the area since {month}.",
    "Security forces later sealed off the district and imposed a curfew.",
]

FILLER = [
    "The region has been unstable for years, with armed groups exploiting weak state presence "
    "and long-running disputes over land and water.",
    "Humanitarian agencies say more than a million people in the area need food assistance, "
    "and funding for the response plan has fallen short of what was requested.",
    "Analysts say the conflict has been fuelled by the spread of small arms, porous borders "
    "and the collapse of local mediation between communities.",
    "Prices of staple foods have more than doubled over the past year, and many traders have "
    "closed their shops because roads are no longer safe.",
    "Diplomats from neighbouring countries met in the capital last month to discuss a "
    "ceasefire, but the talks ended without an agreement.",
    "Schools in several districts have been closed since the start of the year, leaving tens "
    "of thousands of children without classes.",
    "The rainy season has made many roads impassable, complicating the delivery of aid and "
    "the movement of troops.",
    "Rights groups have accused all sides of abuses against civilians, including arbitrary "
    "detentions and the destruction of property.",
    "The government has repeatedly said it is committed to dialogue, while insisting that it "
    "will not negotiate with groups it considers terrorists.",
    "Mobile phone networks have been cut in parts of the region, making it difficult to "
    "verify reports from remote areas.",
    "Farmers say they have been unable to plant their fields for a second season, raising "
    "fears of a hunger crisis later in the year.",
    "International partners have pledged additional support for the security forces, "
    "including training and equipment, according to officials.",
    "Local leaders have called for more investment in roads, clinics and jobs, which they say "
    "would do more for security than military operations alone.",
    "The national electoral commission is due to publish a timetable for delayed elections, "
    "which opposition parties have demanded for months.",
    "A report published by a research group last week said violence in the region had risen "
    "sharply compared with the same period a year earlier.",
    "Officials said displaced families were sheltering in schools and churches, and that "
    "clean water and medicine were running short.",
]
# Background sentences are also composed (subject, verb, clause) so long articles do not
# repeat the same few paragraphs.
SUBJECTS = [
    "Officials in {place}", "Aid workers", "Residents of {place}", "A United Nations report",
    "Local journalists", "Community elders", "Business owners in {place}", "Health workers",
    "A regional analyst", "Church leaders in {place}",
]  # fmt: skip
VERBS = ["said that", "warned that", "reported that", "complained that", "noted that"]
CLAUSES = [
    "fuel shortages had worsened in recent weeks",
    "the number of displaced people had grown steadily since {month}",
    "markets had reopened but trade remained slow",
    "teachers had not been paid for several months",
    "cases of cholera were rising in crowded camps",
    "the main bridge into town had finally been repaired",
    "many young men had left to look for work abroad",
    "the local radio station had resumed its broadcasts",
    "electricity was available for only a few hours a day",
    "the harvest was expected to be the worst in a decade",
    "bus companies had cancelled most routes out of {place}",
    "a new camp for displaced families had opened in {month}",
]
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip


@dataclass(frozen=True)
class SyntheticArticle:
    """One generated story: its text (headline first) and the date it was published."""

    id: str
    text: str
    published: date

    @property
    def words(self) -> int:
        return len(self.text.split())


def generate(n: int, seed: int = 0) -> list[SyntheticArticle]:
    """`n` articles, the same ones for the same seed."""
    rng = random.Random(seed)
    return [article(rng, index) for index in range(n)]


def article(rng: random.Random, index: int) -> SyntheticArticle:
    country = rng.choice(sorted(COUNTRIES))
    places, state, rebels, demonym = COUNTRIES[country]
    place = rng.choice(places)
    published = date(2023, 1, 1) + timedelta(days=rng.randrange(730))
    target_words = rng.randint(300, 1300)  # the last paragraph may add up to ~200
    outlet = rng.choice(OUTLETS)

    events = [_event(rng, places, state, rebels, published) for _ in range(rng.randint(1, 3))]
    headline = _headline(events[0])
    lead = f"{place.upper()}, {country} ({outlet}) - {events[0]}"
    paragraphs = [lead]
    for sentence in events[1:]:
        paragraphs.append(sentence + " " + _follow_up(rng, places, demonym))
    paragraphs.append(_follow_up(rng, places, demonym) + " " + _follow_up(rng, places, demonym))
    words = sum(len(p.split()) for p in paragraphs) + len(headline.split())
    while words < target_words:
        size = rng.randint(2, 5)
        sentences = rng.sample(FILLER, size) + [
            _background(rng, places) for _ in range(rng.randint(1, 3))
        ]
        rng.shuffle(sentences)
        paragraph = " ".join(sentences)
        if rng.random() < 0.3:
            paragraph += " " + _follow_up(rng, places, demonym)
        paragraphs.append(paragraph)
        words += len(paragraph.split())
    text = headline + "\n\n" + "\n\n".join(paragraphs) + "\n"
    return SyntheticArticle(f"synthetic-{index:06d}", text, published)


def _event(
    rng: random.Random, places: list[str], state: list[str], rebels: list[str], published: date
) -> str:
    happened = published - timedelta(days=rng.randint(0, 6))
    day = rng.choice([WEEKDAYS[happened.weekday()], f"{MONTHS[happened.month - 1]} {happened.day}"])
    when = rng.choice([f"on {day}", f"late on {day}", "last week", f"early on {day}"])
    sentence = rng.choice(EVENT_TEMPLATES).format(
        state=rng.choice(state),
        rebel=rng.choice(rebels),
        place=rng.choice(places),
        day=day,
        when=when,
        n=rng.choice(NUMBERS),
        src=rng.choice(SOURCES),
    )
    return sentence[0].upper() + sentence[1:]


def _follow_up(rng: random.Random, places: list[str], demonym: str) -> str:
    return rng.choice(FOLLOW_UPS).format(
        place=rng.choice(places),
        other=rng.choice(places),
        demonym=demonym,
        month=rng.choice(MONTHS),
    )


def _background(rng: random.Random, places: list[str]) -> str:
    clause = rng.choice(CLAUSES).format(place=rng.choice(places), month=rng.choice(MONTHS))
    subject = rng.choice(SUBJECTS).format(place=rng.choice(places))
    return f"{subject} {rng.choice(VERBS)} {clause}."


def _headline(sentence: str) -> str:
    """A short headline from the lead sentence: its first clause, without the attribution."""
    clause = sentence.split(",")[0].split(" on ")[0].split(" overnight")[0]
    return " ".join(clause.split()[:12]).rstrip(".")
