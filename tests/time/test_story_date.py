"""Estimating a story's true date from its text and page dates."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from dateline.model import Article
from dateline.time import estimate_story_date

CHROME = ("Log In", "updated ", "Tagged under", "Leave a Reply", "Credit:")


def palmyra_article(text: str) -> Article:
    body = "\n".join(line for line in text.splitlines() if not line.startswith(CHROME))
    return Article(
        document_id="x",
        text=body,
        dateline_place="Damascus",
        page_updated=datetime(2023, 12, 13, 10, 20, tzinfo=UTC),
    )


def test_palmyra_story_date(palmyra_text, palmyra_gold):
    lo, hi, evidence = estimate_story_date(palmyra_article(palmyra_text))
    true_date = date.fromisoformat(palmyra_gold["article"]["story_date"])
    assert lo is not None and hi is not None
    assert lo <= true_date <= hi
    assert (hi - lo).days <= 366
    assert hi < date(2023, 12, 13)
    joined = " ".join(evidence)
    assert "2015" in joined and "last May" in joined and "last September" in joined


def test_palmyra_raw_text_with_page_stamp(palmyra_text):
    """The 'updated ... 2023' line in unclean text must not count as a year of the story."""
    article = Article(
        document_id="x",
        text=palmyra_text,
        page_updated=datetime(2023, 12, 13, tzinfo=UTC),
    )
    lo, hi, _ = estimate_story_date(article)
    assert lo is not None and hi is not None and lo <= date(2016, 3, 27) <= hi


@pytest.mark.parametrize("name", ["kayseri", "ankara"])
def test_published_date_without_contradiction(shared_dir, name):
    path = shared_dir / "corpus" / f"{name}.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    record = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
    published = datetime.fromisoformat(record["published"])
    article = Article(document_id="x", text=record["text"], page_published=published)
    lo, hi, evidence = estimate_story_date(article)
    assert lo == hi == published.date()
    assert evidence


def test_published_but_text_says_older():
    article = Article(
        document_id="x",
        text="The town fell in 2015. Since the capture last May, and the strikes last "
        "September, the army has advanced.",
        page_published=datetime(2020, 1, 5),
    )
    lo, hi, _ = estimate_story_date(article)
    assert (lo, hi) == (date(2015, 10, 1), date(2016, 5, 31))


def test_nothing_known():
    assert estimate_story_date(Article(document_id="x", text="Fighting continued.")) == (
        None,
        None,
        [],
    )


def test_only_text_years():
    lo, hi, evidence = estimate_story_date(Article(document_id="x", text="It fell in 2014."))
    assert lo == date(2014, 1, 1) and hi == date(2015, 12, 31) and evidence


def test_a_year_named_as_a_horizon_is_no_story_year():
    text = (
        "Protesters defend a way of life safeguarded in theory until 2047. Since 1989, "
        "when it crushed the protests of 2019's forerunners, the party has changed."
    )
    lo, hi, _ = estimate_story_date(Article(document_id="x", text=text))
    assert lo == date(2019, 1, 1) and hi == date(2020, 12, 31)
    deadline = "The plan must be met by 2030, officials said in 2021."
    assert estimate_story_date(Article(document_id="x", text=deadline))[0] == date(2021, 1, 1)


def test_years_after_a_dated_event_places_the_story():
    text = (
        "Roughly 13,000 US troops remain in Afghanistan, 18 years after Washington invaded the "
        "country in the wake of the September 11, 2001 attacks. A helicopter crashed on Wednesday."
    )
    lo, hi, evidence = estimate_story_date(Article(document_id="x", text=text))
    assert (lo, hi) == (date(2019, 6, 11), date(2020, 9, 10))
    assert any("18 years after" in e for e in evidence)


def test_a_page_day_without_a_year_takes_the_text_s_year():
    text = "A car bomb killed 13 soldiers on Saturday. It comes a week after an attack in 2016."
    article = Article(document_id="x", text=text, page_day=(12, 17))
    lo, hi, evidence = estimate_story_date(article)
    assert lo == hi == date(2016, 12, 17)
    assert any("without a year" in e for e in evidence)
    no_year = Article(document_id="x", text="Clashes.", page_day=(12, 17))
    assert estimate_story_date(no_year)[0] is None


def test_only_published():
    article = Article(
        document_id="x", text="Clashes on Sunday.", page_published=datetime(2016, 12, 19)
    )
    assert estimate_story_date(article)[:2] == (date(2016, 12, 19), date(2016, 12, 19))


def test_the_age_of_a_known_conflict_narrows_the_story_date():
    article = Article(
        document_id="x",
        text="Syrian troops advanced in 2015. Since the strikes last September in the "
        "five-year conflict, the army has gained ground.",
        page_updated=datetime(2023, 12, 13),
    )
    lo, hi, evidence = estimate_story_date(article)
    # writers round a conflict's age up: the interval opens a quarter before the anniversary
    assert (lo, hi) == (date(2015, 12, 14), date(2016, 9, 30))
    assert any("Syrian civil war" in e for e in evidence)


def test_a_vague_conflict_age_is_no_evidence():
    article = Article(
        document_id="x",
        text="Syrian troops advanced in 2015 in the several-year conflict.",
        page_updated=datetime(2023, 12, 13),
    )
    _, _, evidence = estimate_story_date(article)
    assert not any("civil war" in e for e in evidence)


def test_palmyra_story_date_through_analyze(palmyra_text):
    from dateline import analyze

    article = analyze(palmyra_text)
    assert article.story_date_from <= date(2016, 3, 27) <= article.story_date_to
    assert (article.story_date_to - article.story_date_from).days <= 366
    assert article.stale is True
