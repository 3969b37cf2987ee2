"""Event dates of sentences that name no day: they happened on the day the news last named,
not on the story's estimated day; a day named in history does not carry over."""

from __future__ import annotations

from datetime import date

from dateline import analyze

PUBLISHED = "2024-02-15T06:00:00+00:00"


def test_an_undated_sentence_carries_on_the_day_the_news_named() -> None:
    article = analyze(
        "On 21 June 2022, gunmen abducted a trader near Gusau in Zamfara state. Police "
        "arrested two suspects in Gusau.",
    )
    (arrests,) = [m for m in article.mentions if m.sub_event_type == "Arrests"]
    assert arrests.date == date(2022, 6, 21)
    assert any("the day the news names" in r for r in arrests.reasons)


def test_a_date_elsewhere_in_the_sentence_dates_an_undated_clause() -> None:
    article = analyze(
        "On 16 June 2022, Russian forces fired on a village of Sumy region, as a result of "
        "which four civilians were killed.",
    )
    assert article.mentions
    assert {m.date for m in article.mentions if not m.background} == {date(2022, 6, 16)}


def test_a_day_named_in_history_does_not_date_the_news() -> None:
    article = analyze(
        "Police in Ankara detained six people on Monday. Militants had claimed the Dec. 10 "
        "bombings in Istanbul that killed 44 people. Police later raided the gunman's house "
        "and arrested his roommate.",
        published="2016-12-20T06:00:00+00:00",
    )
    arrests = [m for m in article.mentions if m.sub_event_type == "Arrests"]
    assert arrests and all(m.date == date(2016, 12, 19) for m in arrests)


def test_the_month_may_is_not_the_modal_may() -> None:
    article = analyze(
        "On 1 May 2022, in Merida, Yucatan, a group of fathers who want to see their children "
        "again as they live with their former wives protested at a roundabout near the "
        "cathedral."
    )
    assert [m.sub_event_type for m in article.mentions] == ["Peaceful protest"]
    assert article.mentions[0].date == date(2022, 5, 1)


def test_the_same_day_is_the_day_named_before_not_the_story_s() -> None:
    article = analyze(
        "Rebels killed a soldier in Beni on March 22. Another soldier was killed the same "
        "day. Gunmen attacked a village near Butembo the next day.",
        published="2009-03-31T06:00:00+00:00",
    )
    dates = sorted(
        {m.date for m in article.mentions if m.sub_event_type == "Attack"}
        | {m.date for m in article.mentions if m.sub_event_type == "Armed clash"}
    )
    assert dates and set(dates) <= {date(2009, 3, 22), date(2009, 3, 23)}
    assert date(2009, 3, 23) in dates


def test_an_agreement_that_collapsed_was_made_before_that_day() -> None:
    article = analyze(
        "On Wednesday, the ceasefire brokered by Turkey with Russia for eastern Aleppo "
        "collapsed, as activists accused the regime of heavy shelling.",
        published="2016-12-15T06:00:00+00:00",
    )
    (agreement,) = [m for m in article.mentions if m.sub_event_type == "Agreement"]
    assert (agreement.date, agreement.date_to) == (date(2016, 12, 7), date(2016, 12, 13))
    assert agreement.time_precision == 2


def test_what_happened_in_a_war_long_over_is_background() -> None:
    article = analyze(
        "During World War II, German bombers destroyed much of the city centre of Coventry.",
        published="2023-05-10T06:00:00+00:00",
    )
    assert article.mentions and all(m.background for m in article.mentions)
