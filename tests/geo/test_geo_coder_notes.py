"""Places in the terse prose of coders' notes and local reports: "held a protest in Accra
(Accra, Greater Accra)", "in Chandigarh city", acronyms that spell some village's other name."""

from __future__ import annotations

import pytest

from dateline.geo import resolve_places
from dateline.model import Article
from dateline.nlp import load_nlp


def places(text: str) -> list[tuple[str, str | None]]:
    doc = load_nlp()(text)
    found = resolve_places(doc, Article(document_id="t", text=text))
    return [(p.name, p.country) for p in found]


def test_places_inside_a_mis_cut_organisation_name_are_found() -> None:
    text = (
        "On 17 February 2022, hundreds of the programme National Builders Corps (NABCO) "
        "personnel held a protest in Accra (Accra, Greater Accra) against unpaid allowances."
    )
    assert ("Accra", "GH") in places(text)


def test_a_lower_case_kind_after_a_name_is_dropped() -> None:
    assert places("IYC members staged a protest, in Chandigarh city, against a price hike.") == [
        ("Chandigarh", "IN")
    ]


def test_a_capitalised_kind_belongs_to_the_name() -> None:
    # "Khorasan Province" is the armed group's name, not a province of some Khorasan
    text = "The Islamic State Khorasan Province claimed the bombing."
    assert [name for name, _ in places(text)] == []


def test_an_acronym_is_not_another_spelling_of_a_village() -> None:
    text = "Leaders of NANS protested against the ASUU strike in Enugu on Friday."
    assert places(text) == [("Enugu", "NG")]


def test_the_taliban_are_not_a_turkish_village() -> None:
    text = "A former commander was shot dead by the Taliban in Rustaq district, Takhar."
    assert "TR" not in {country for _, country in places(text)}


def test_units_in_brackets_after_a_town_say_which_namesake_is_meant() -> None:
    # Buenos Aires in Peru's Ancash region, not Argentina's capital
    found = places("Workers staged a demonstration in Buenos Aires (Ancash) on Monday.")
    assert found[0] == ("Buenos Aires", "PE")
    found = places("Farmers marched in Loreto (Baja California Sur) on Monday.")
    assert found[0] == ("Loreto", "MX")


def test_an_unknown_village_is_coded_to_its_bracketed_units_not_a_namesake_abroad() -> None:
    from dateline import analyze

    article = analyze(
        "On 2 January 2022, in In Taw village (Ye-U township, Shwebo district, Sagaing region), "
        "rebels attacked military forces."
    )
    (mention,) = article.mentions
    assert mention.place is not None and (mention.place.name, mention.place.country) == (
        "Shwebo",
        "MM",
    )


def test_city_after_a_town_name_is_its_kind_unless_the_whole_is_a_name() -> None:
    assert places("Citizens protested against petrol prices in Batumi City.") == [("Batumi", "GE")]
    assert places("Gunmen attacked a bus in Quezon City on Monday.") == [("Quezon City", "PH")]


def test_a_name_the_model_ran_into_the_brackets_is_cut_before_them() -> None:
    text = "Protesters gathered in Windsor (Ontario) on Monday to demonstrate against mandates."
    assert ("Windsor", "CA") in places(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # with no town named, the district before its province
        ("Militants attacked a base in Balochistan's Gwadar district on Monday.", "Gwadar"),
        # and a country before the continent around it
        ("Militants attacked a post in West Africa, in Mali, on Monday.", "Mali"),
    ],
)
def test_with_no_town_the_most_local_unit_is_coded(text: str, expected: str) -> None:
    from dateline import analyze

    (mention,) = analyze(text).mentions
    assert mention.place is not None and mention.place.name == expected


def event_place(text: str) -> tuple[str, str | None]:
    from dateline import analyze

    mention = analyze(text).mentions[0]
    assert mention.place is not None
    return mention.place.name, mention.place.country


def test_a_unit_in_brackets_is_read_inside_the_country_of_the_town_before_it() -> None:
    # Pará, the Brazilian state around Belém, not the town of Para in Côte d'Ivoire
    found = places("Traders protested in Belem (Para) on Tuesday against a new tax.")
    assert found == [("Belém", "BR"), ("Pará", "BR")]
    assert event_place("Traders protested in Belem (Para) on Tuesday against a new tax.") == (
        "Belém",
        "BR",
    )


def test_units_in_brackets_are_read_whole_even_where_the_model_splits_them() -> None:
    found = places(
        "Militants fired rockets at a police post in Kulachi town (Dera Ismail Khan, KPK)."
    )
    assert found == [("Kulachi", "PK"), ("Dera Ismail Khan", "PK")]
    found = places("Nurses rallied outside a hospital in St. John's (Newfoundland and Labrador).")
    assert found == [("St. John's", "CA"), ("Newfoundland and Labrador", "CA")]


def test_units_in_brackets_the_model_missed_still_place_an_unknown_village() -> None:
    text = "Gunmen clashed with soldiers in Sakin Wuays (Khanfir, Abyan) on Monday."
    assert event_place(text) == ("Khanfir", "YE")


def test_the_units_of_one_bracket_agree_on_a_country() -> None:
    # Mambasa is a territory of Ituri (Congo), not a spelling of Kenya's Mombasa
    text = "Rebels attacked civilians on a road at Makwanzi village (Mambasa, Ituri) on Friday."
    assert {country for _, country in places(text)} == {"CD"}


def test_a_bracket_repeating_the_town_name_tells_nothing() -> None:
    text = "About fifty people protested in Wellington (Wellington) against the port sale."
    assert set(places(text)) == {("Wellington", "NZ")}


def test_the_town_whose_units_follow_it_is_the_event_place() -> None:
    text = (
        "Farmers gathered in Vittorio Veneto street, in Sondrio (Sondrio, Lombardia) to "
        "protest against energy prices."
    )
    assert event_place(text) == ("Sondrio", "IT")


def test_a_unit_after_a_comma_outranks_a_namesake_town_abroad() -> None:
    # the gazetteer lacks this village; "Shakhta" alone is a Russian town
    text = "Soldiers shelled houses in Shakhta imeni Gagarina, Donetsk region, on Monday."
    assert event_place(text)[1] == "UA"
    # a list of countries is no town's unit
    text = (
        "In Oaxaca de Juarez, Oaxaca, police detained 101 migrants from Cuba, Guatemala and Peru."
    )
    assert event_place(text)[1] == "MX"


def test_a_people_named_points_less_at_its_country_than_a_place_named() -> None:
    # "Russian forces" are the foreign side: the Ukrainian city of a million is meant
    assert places("Russian forces shelled Donetsk on Monday, local officials said.") == [
        ("Donetsk", "UA")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the model calls the whole an organisation
        ("Police detained an opposition leader in Chisinau - Buiucani on Tuesday.", "MD"),
        # the model calls the whole a place the gazetteer does not know
        ("Nurses marched near a plaza (Seoul City - Jung) on Monday to demand pay.", "KR"),
    ],
)
def test_a_city_then_its_district_after_a_spaced_dash_is_the_city(text: str, expected: str) -> None:
    assert event_place(text)[1] == expected


def test_on_a_tie_the_broadest_unit_of_a_bracket_sets_its_country() -> None:
    # Kani alone is a Japanese city; the bracket's last unit, Sagaing, is in Myanmar
    text = (
        "Fighting broke out near Ta Zei Chaung village (Kani township, Yinmarbin district, "
        "Sagaing region) on Monday."
    )
    assert {country for _, country in places(text)} == {"MM"}


def test_the_datelines_country_is_no_unit_of_the_event_town() -> None:
    text = (
        "GOMA, Congo (Reuters) - Congolese troops fought M23 rebels near Kibumba, about 20 km "
        "north of Goma, on Wednesday."
    )
    assert event_place(text) == ("Goma", "CD")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the model reads "a village, its province" as one place name
        ("Russian aircraft struck Piskivka, Kyiv, on Monday.", ("Piskivka", "UA")),
        # or a town and its state as one organisation
        ("Employees in Silao de la Victoria, Guanajuato, protested on Monday.",
         ("Silao de la Victoria", "MX")),
        # a name the model calls a people is a place when its unit follows
        ("Two tribal militias clashed in the Shatra district on Monday.", ("Ash Shaţrah", "IQ")),
    ],
)  # fmt: skip
def test_a_place_the_model_ran_together_or_mistook_is_found(
    text: str, expected: tuple[str, str]
) -> None:
    assert expected in places(text)


def test_the_last_word_of_a_village_name_is_no_place_of_its_own() -> None:
    # "Taw" alone is a village in American Samoa; "Kyun Taw village" is a name in Myanmar
    text = "Fighting broke out near Kyun Taw village of Yinmarbin township (Sagaing region)."
    assert [country for _, country in places(text)] == ["MM"]
