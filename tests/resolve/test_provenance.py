"""Syndication: the original source of a page, recorded beside the site that published it."""

from __future__ import annotations

import pytest

from dateline.extract import credit_of, extract_article
from dateline.model import Document


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("Credit: Sky News", "Sky News"),
        ("Source: AP", "AP"),
        ("This article originally appeared on Wirewatch.", "Wirewatch"),
        ("This story was originally published by Kivu Morning.", "Kivu Morning"),
        (
            "This article first appeared in The Conversation and is republished under a "
            "Creative Commons license.",
            "The Conversation",
        ),
        ("The Associated Press contributed to this report.", "Associated Press"),
        ("Reuters contributed to this report", "Reuters"),
        ("With AFP", "AFP"),
        ("— AFP", "AFP"),
        ("(Reuters)", "Reuters"),
        ("Officials said the source of the fire was unclear.", None),
    ],
)
def test_credit_lines(line, credit) -> None:
    assert credit_of(line) == credit


@pytest.mark.parametrize(
    ("body", "credit"),
    [
        (
            "KABUL (Reuters) - Gunmen attacked a checkpoint in the city on Monday, police said.",
            "Reuters",
        ),
        ("Gunmen attacked a checkpoint in Kabul on Monday, police said.\n\nSource: AP", "AP"),
        (
            "Gunmen attacked a checkpoint in Kabul on Monday, police said.\n\n"
            "This article originally appeared on Frontier Post.",
            "Frontier Post",
        ),
        ("Gunmen attacked a checkpoint in Kabul on Monday, police said.", None),
    ],
)
def test_credit_is_kept_beside_the_site(body, credit) -> None:
    url = "https://www.dailyherald-news.example/asia/kabul"
    article = extract_article(Document.from_bytes(body.encode(), url, "text/plain", {"url": url}))
    assert article.site == "dailyherald-news.example"
    assert article.credit == credit
    assert "originally appeared" not in article.text and "Source:" not in article.text
