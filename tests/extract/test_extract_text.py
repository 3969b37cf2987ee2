"""Scraped plain text: chrome, stamps, credit, headline and dateline each end up in their place."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from dateline.extract import (
    clean_text,
    credit_of,
    extract_article,
    guess_language,
    is_chrome,
    load_rules,
    read_dateline,
    read_stamp,
    site_of,
    split_paragraphs,
)
from dateline.model import Article, Document


def _article(text: str, **hints: str) -> Article:
    return extract_article(
        Document.from_bytes(text.encode("utf-8"), "memory:", "text/plain", hints)
    )


def _plain(title: str | None) -> str | None:
    return title.replace("’", "'") if title else title


# --- the canonical input -------------------------------------------------------------------


@pytest.fixture(scope="module")
def palmyra(palmyra_text: str) -> Article:
    doc = Document.from_bytes(palmyra_text.encode("utf-8"), "file:palmyra.txt", "text/plain")
    return extract_article(doc)


@pytest.mark.parametrize(
    "line",
    ["Log In", "Tagged under", "Leave a Reply", "Credit: Sky News", "updated 10:20 AM UTC"],
)
def test_palmyra_chrome_is_gone_from_text(palmyra: Article, line: str) -> None:
    assert line not in palmyra.text


def test_palmyra_metadata(palmyra: Article) -> None:
    assert _plain(palmyra.title) == "Assad Hails Army's Recapture Of Palmyra From IS"
    assert palmyra.dateline_place == "Damascus"
    assert palmyra.credit == "Sky News"
    assert palmyra.page_updated == datetime(2023, 12, 13, 10, 20, tzinfo=UTC)
    assert palmyra.page_updated.utcoffset() is not None
    assert palmyra.language == "en"


def test_palmyra_matches_gold(palmyra: Article, palmyra_gold: dict) -> None:
    gold = palmyra_gold["article"]
    assert _plain(palmyra.title) == gold["title"]
    assert palmyra.chrome == gold["chrome_lines"]
    assert palmyra.credit == gold["credit"]
    assert palmyra.dateline_place == gold["dateline"]["place"]
    assert palmyra.page_updated == datetime.fromisoformat(gold["page_updated"])


def test_palmyra_text_shape(palmyra: Article) -> None:
    assert not palmyra.text.startswith("Assad Hails")  # the title is not repeated
    assert palmyra.text.startswith("DAMASCUS, Syrian Arab Republic. Syria’s president")
    assert "\n\n" in palmyra.text
    assert "\n\n\n" not in palmyra.text
    assert palmyra.text.rstrip().endswith("according to the Russian defence ministry.")
    assert palmyra.story_date_from is None and palmyra.places == [] and palmyra.mentions == []


# --- JSONL records with hints --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "site"), [("kayseri", "bbc.com"), ("ankara", "news.nationalpost.com")]
)
def test_jsonl_hints_win(shared_dir: Path, name: str, site: str) -> None:
    path = shared_dir / "corpus" / f"{name}.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    record = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
    hints = {key: record[key] for key in ("url", "published", "title")}
    doc = Document.from_bytes(
        record["text"].encode("utf-8"), f"file:{path.name}", "text/plain", hints
    )
    article = extract_article(doc)
    assert article.title == record["title"]
    assert article.url == record["url"]
    assert article.site == site
    assert article.page_published == datetime.fromisoformat(record["published"]).replace(tzinfo=UTC)
    assert article.language == "en"
    assert article.text.split()[:3] == record["text"].split()[:3]
    # every word of the record survives: hard-wrapped lines are joined, not lost
    assert article.text.split() == record["text"].split()


def test_kayseri_wrapped_lines_are_rejoined(shared_dir: Path) -> None:
    path = shared_dir / "corpus" / "kayseri.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    record = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
    text = _article(record["text"]).text
    assert "wounded 56 more, officials say." in text
    assert "industrial hub in Central Anatolia, was" in text


def test_hint_title_repeated_at_top_is_removed() -> None:
    article = _article(
        "Rebels seize airport\n\nRebels seized the airport on Sunday, officials said.\n\nMore.",
        title="Rebels Seize Airport",
    )
    assert article.title == "Rebels Seize Airport"
    assert article.text.startswith("Rebels seized the airport on Sunday")


def test_bad_published_hint_falls_back_to_the_page() -> None:
    article = _article(
        "Published: 27 March 2016\n\nTroops entered the city on Sunday, officials said.",
        published="not a date",
    )
    assert article.page_published == datetime(2016, 3, 27, tzinfo=UTC)


# --- datelines and credits -----------------------------------------------------------------


REUTERS = """Taliban attack checkpoint in Kabul, killing four

By Jane Doe

KABUL (Reuters) - Taliban fighters attacked a police checkpoint in Kabul on Sunday, killing \
four officers, officials said.

The attack came a day after talks stalled.

Reporting by Jane Doe; Editing by John Roe
"""


def test_reuters_style_dateline() -> None:
    article = _article(REUTERS)
    assert article.title == "Taliban attack checkpoint in Kabul, killing four"
    assert article.dateline_place == "Kabul"
    assert article.credit == "Reuters"
    assert article.text.startswith("KABUL - Taliban fighters attacked")
    assert "(Reuters)" not in article.text
    assert "Reporting by" not in article.text
    assert "Reporting by Jane Doe; Editing by John Roe" in article.chrome


@pytest.mark.parametrize(
    ("paragraph", "place", "agency"),
    [
        ("LONDON — Britain said on Monday it would send troops.", "London", None),
        ("BEIRUT, Lebanon (AP) — Syrian troops advanced.", "Beirut", "AP"),
        ("WASHINGTON, Dec 5 (Reuters) - The U.S. said.", "Washington", "Reuters"),
        ("ST. LOUIS (AP) - Police said.", "St. Louis", "AP"),
        ("AL-QAMISHLI, Syria: Kurdish forces said.", "Al-Qamishli", None),
        ("NEW YORK, N.Y. — The mayor said.", "New York", None),
        ("(Reuters) — The New York State Attorney General said.", None, "Reuters"),
    ],
)
def test_datelines(paragraph: str, place: str | None, agency: str | None) -> None:
    dateline = read_dateline(paragraph)
    assert dateline is not None
    assert (dateline.place, dateline.agency) == (place, agency)


@pytest.mark.parametrize(
    "paragraph",
    [
        "A suicide car bomb in central Turkey has killed 13 soldiers.",
        "BREAKING: Army retakes town",
        "NATO. The alliance met.",
        "The UN said - and then left.",
        "US — officials said.",
    ],
)
def test_not_datelines(paragraph: str) -> None:
    assert read_dateline(paragraph) is None


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("Credit: Sky News", "Sky News"),
        ("Source: AP", "AP"),
        ("This article originally appeared on The Conversation.", "The Conversation"),
        ("Originally published by Al Jazeera", "Al Jazeera"),
        ("(Reuters)", "Reuters"),
    ],
)
def test_credit_lines(line: str, credit: str) -> None:
    assert credit_of(line) == credit


def test_credit_line_removed_from_text() -> None:
    article = _article(
        "Clashes erupted in Tripoli on Friday, residents said.\n\n"
        "This article originally appeared on Libya Observer."
    )
    assert article.credit == "Libya Observer"
    assert "originally appeared" not in article.text


def test_ordinary_sentence_is_not_a_credit() -> None:
    assert credit_of("The source of the fire was not known, police said on Monday.") is None


# --- chrome --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Log In",
        "SIGN UP",
        "» Read more",
        "Share this:",
        "Advertisement",
        "Related Articles",
        "We use cookies to improve your experience. By continuing you accept our policy.",
        "Home | World | Middle East",
        "© 2024 Example News. All rights reserved.",
        "12 Comments",
        "Tagged under",
    ],
)
def test_chrome_lines(line: str) -> None:
    assert is_chrome(line)


@pytest.mark.parametrize(
    "line",
    [
        "Residents said they would share food with the displaced.",
        "The army said it would log in detail every violation of the truce.",
        "Read more about the offensive, the minister told reporters in Damascus.",
    ],
)
def test_prose_is_not_chrome(line: str) -> None:
    assert not is_chrome(line)


def test_chrome_rules_are_extendable() -> None:
    rules = load_rules({"lines": ["Mehr lesen"], "patterns": [r"anzeige.*"]})
    assert is_chrome("Mehr lesen:", rules)
    assert is_chrome("Anzeige – Werbung", rules)
    assert not is_chrome("Log In", rules)
    cleaned = clean_text("Mehr lesen\n\nSoldiers were deployed near the border.", rules=rules)
    assert cleaned.chrome == ["Mehr lesen"]


def test_only_chrome_is_refused() -> None:
    from dateline.errors import ExtractError

    with pytest.raises(ExtractError, match="no article text"):
        _article("Log In\nSign up\nShare this\nLeave a Reply\n")


# --- stamps, paragraphs, title, language, site ---------------------------------------------


@pytest.mark.parametrize(
    ("line", "kind", "when"),
    [
        (
            "updated 10:20 AM UTC, Dec 13, 2023",
            "updated",
            datetime(2023, 12, 13, 10, 20, tzinfo=UTC),
        ),
        ("Published: 27 March 2016", "published", datetime(2016, 3, 27, tzinfo=UTC)),
        (
            "Last updated on March 27, 2016 at 9:00 GMT",
            "updated",
            datetime(2016, 3, 27, 9, tzinfo=UTC),
        ),
        ("Posted on 2016-03-27", "published", datetime(2016, 3, 27, tzinfo=UTC)),
    ],
)
def test_stamps(line: str, kind: str, when: datetime) -> None:
    assert read_stamp(line) == (kind, when)


@pytest.mark.parametrize(
    "line",
    [
        "He said the city was updated on the war in 2016 by the army.",
        "Updated 2 hours ago",
        "Syria 2016 war",
        "Updated: 0001-01-01",
    ],
)
def test_not_stamps(line: str) -> None:
    assert read_stamp(line) is None


def test_paragraphs_split_on_blank_and_single_lines() -> None:
    assert split_paragraphs("One.\nTwo.\n\n\nThree  four.\r\nFive.") == [
        "One.",
        "Two.",
        "Three four.",
        "Five.",
    ]


def test_a_sentence_broken_over_two_lines_is_one_paragraph_but_furniture_is_not() -> None:
    text = (
        "Hours after the nurses' strike began on Monday, patients from the largest mental\n"
        "    facility escaped the hospital grounds.\n"
        "Log In\n"
        "updated 10:20 AM UTC, Dec 13, 2023"
    )
    assert split_paragraphs(text) == [
        "Hours after the nurses' strike began on Monday, patients from the largest mental "
        "facility escaped the hospital grounds.",
        "Log In",
        "updated 10:20 AM UTC, Dec 13, 2023",
    ]


def test_no_title_guessed_when_text_starts_with_the_story() -> None:
    cleaned = clean_text(
        "Gunmen killed five people in a village in Zamfara state on Sunday, police said.\n"
        "Residents fled to the nearby town."
    )
    assert cleaned.title is None
    assert cleaned.text.startswith("Gunmen killed five")


def test_single_sentence_is_an_article() -> None:
    article = _article("Rebels shelled Aleppo on Sunday, killing five civilians")
    assert article.text == "Rebels shelled Aleppo on Sunday, killing five civilians"
    assert article.title is None


def test_section_label_before_headline_is_skipped() -> None:
    cleaned = clean_text("World\nArmy retakes Palmyra from IS\nThe army said on Sunday it won.")
    assert cleaned.title == "Army retakes Palmyra from IS"


def test_language_guess() -> None:
    assert guess_language("The army said that it was in control of the city and the site.") == "en"
    assert guess_language("Die Armee sagte, dass sie die Stadt kontrolliere.") is None
    assert guess_language("") is None


@pytest.mark.parametrize(
    ("url", "site"),
    [
        ("https://www.bbc.com/news/world", "bbc.com"),
        ("http://news.nationalpost.com/x", "news.nationalpost.com"),
        ("bbc.co.uk/news", "bbc.co.uk"),
        ("", None),
        (None, None),
    ],
)
def test_site_of(url: str | None, site: str | None) -> None:
    assert site_of(url) == site


@pytest.mark.parametrize(
    ("hint", "day"),
    [
        ("17 Decembe", (12, 17)),  # a page date cut short
        ("Wed Nov 23", (11, 23)),
        ("Nov 22, 20", (11, 22)),
        ("3:58 PM ET", None),
        ("17 December 2016", None),  # names its year: a full date, read elsewhere
        ("12 Ma", None),  # 'Ma' is March or May
    ],
)
def test_a_page_day_without_its_year(hint: str, day: tuple[int, int] | None) -> None:
    from dateline.extract.stamps import day_without_year

    assert day_without_year(hint) == day
