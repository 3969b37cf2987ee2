"""The single most likely day of a story, inside its interval."""

from __future__ import annotations

from datetime import UTC, date, datetime

from dateline.model import Article
from dateline.time import estimate_story, estimate_story_day


def test_palmyra_likely_day_is_much_nearer_than_the_interval_end(palmyra_text) -> None:
    from dateline.extract import extract_article
    from dateline.pipeline import as_document

    found = estimate_story(extract_article(as_document(palmyra_text)))
    true = date(2016, 3, 27)
    assert found.first <= true <= found.last
    assert (found.last - found.first).days <= 366
    assert found.day.weekday() == 6  # "on Sunday morning"
    assert abs((found.day - true).days) < abs((found.last - true).days)
    assert abs((found.day - true).days) <= 21


def test_last_may_is_usually_said_before_may_comes_round_again() -> None:
    article = Article(
        document_id="x",
        text="The town fell in 2015. After the capture last May, the militants dug in.",
        page_updated=datetime(2023, 1, 1, tzinfo=UTC),
    )
    found = estimate_story(article)
    assert (found.first, found.last) == (date(2015, 6, 1), date(2016, 5, 31))
    assert (found.likely_first, found.likely_last) == (date(2016, 1, 1), date(2016, 4, 30))


def test_a_published_date_the_text_allows_is_the_day() -> None:
    article = Article(
        document_id="x", text="Clashes on Sunday.", page_published=datetime(2016, 12, 19)
    )
    assert estimate_story_day(article) == date(2016, 12, 19)


def test_fresh_news_recalling_old_years_is_not_stale() -> None:
    article = Article(
        document_id="x",
        text="Mali has fought an insurgency since 2012, and the junta that seized power in "
        "2021 expelled French troops last year. The army said last May it retook villages.",
        page_published=datetime(2024, 8, 2, tzinfo=UTC),
    )
    found = estimate_story(article)
    assert found.first == found.last == found.day == date(2024, 8, 2)


def test_a_full_date_in_the_text_bounds_a_redated_page() -> None:
    article = Article(
        document_id="x",
        text="Bombers struck the airport gates on Thursday. The Taliban entered Kabul on "
        "August 15, 2021, as the government collapsed.",
        page_updated=datetime(2023, 8, 26, tzinfo=UTC),
    )
    found = estimate_story(article)
    assert found.first == date(2021, 8, 15) and found.last == date(2022, 12, 31)
    assert found.day is not None and found.day.weekday() == 3
    assert date(2021, 8, 15) <= found.day <= date(2021, 8, 25)


def test_nothing_known_has_no_day() -> None:
    assert estimate_story_day(Article(document_id="x", text="Fighting continued.")) is None


def test_event_dates_counted_from_an_estimated_story_day_are_ranges(palmyra_text) -> None:
    from dateline import analyze

    article = analyze(palmyra_text)
    assert article.story_date_from <= article.story_day <= article.story_date_to
    assert article.reference_date == article.story_day
    assert article.story_likely_from <= article.story_day <= article.story_likely_to
    clash = next(m for m in article.mentions if "during the night" in m.evidence.text)
    # "on Sunday morning", in a story whose day is only estimated: any Sunday the story may be
    # from, not one guessed day; the range holds the true day (27 March 2016)
    assert clash.date <= date(2016, 3, 27) <= clash.date_to
    assert clash.date.weekday() == clash.date_to.weekday() == 6
    assert clash.date_to <= article.story_likely_to
    assert clash.time_precision >= 2
    for m in article.mentions:
        if not m.background:
            assert m.date_to is not None and m.date <= date(2016, 3, 27) <= m.date_to, m
            assert m.time_precision >= 2


def test_a_dated_page_keeps_exact_days() -> None:
    from dateline import analyze

    article = analyze(
        "Rebels attacked an army post near Goma on Sunday, killing four soldiers.",
        published="2024-03-12",
    )
    (m,) = article.mentions
    assert (m.date, m.date_to, m.time_precision) == (date(2024, 3, 10), None, 1)
