"""HTML pages: trafilatura's main text, then the same credit/dateline/chrome sorting as text."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from dateline.errors import ExtractError
from dateline.extract import extract_article, extract_html, is_html
from dateline.extract.html import strip_site_name
from dateline.model import Article, Document

BODY = [
    "Government troops backed by Russian airstrikes seized back full control of the ancient "
    "city of Palmyra on Sunday, the army said, after nearly three weeks of fighting.",
    "A military source said sappers were defusing dozens of bombs and mines planted inside "
    "the ancient site, which the militants had held since May of last year.",
    "The Syrian Observatory for Human Rights said around 400 fighters had been killed in the "
    "battle, the heaviest losses the group had suffered in a single battle.",
]

CLEAN = f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Army retakes Palmyra | Example News</title>
  <meta property="og:site_name" content="Example News">
  <meta property="article:published_time" content="2016-03-27T09:15:00+03:00">
  <meta property="article:modified_time" content="2016-03-27T12:00:00+03:00">
  <link rel="canonical" href="https://www.example-news.com/world/palmyra">
</head>
<body>
  <header><nav>
    <a href="/">Home</a> <a href="/login">Log In</a> <a href="/world">World</a>
  </nav></header>
  <article>
    <h1>Army retakes Palmyra</h1>
    <p>DAMASCUS (Reuters) - {BODY[0]}</p>
    <p>{BODY[1]}</p>
    <p>{BODY[2]}</p>
  </article>
  <section id="comments" class="comments">
    <h3>Leave a Reply</h3>
    <div class="comment"><p>Great news, finally! The war is over now, says a reader.</p></div>
  </section>
  <footer><p>© 2016 Example News. All rights reserved.</p></footer>
</body>
</html>
"""


def _html_article(html: str | bytes, **hints: str) -> Article:
    raw = html.encode("utf-8") if isinstance(html, str) else html
    return extract_article(Document.from_bytes(raw, "file:page.html", "text/html", hints))


def test_clean_page() -> None:
    article = _html_article(CLEAN)
    assert article.title == "Army retakes Palmyra"
    assert article.dateline_place == "Damascus"
    assert article.credit == "Reuters"
    assert article.text.startswith("DAMASCUS - Government troops")
    for sentence in BODY[1:]:
        assert sentence in article.text
    assert article.text.count("\n\n") >= 2
    assert "Great news" not in article.text  # comments are not the story
    assert "All rights reserved" not in article.text
    assert "Log In" not in article.text
    assert article.page_published == datetime(2016, 3, 27, 6, 15, tzinfo=UTC)
    assert article.page_updated == datetime(2016, 3, 27, 9, 0, tzinfo=UTC)
    assert article.language == "en"
    assert article.url == "https://www.example-news.com/world/palmyra"
    assert article.site == "example-news.com"


def test_hints_win_over_the_page() -> None:
    article = _html_article(
        CLEAN, url="https://www.bbc.com/news/x", published="2016-03-28", title="Hinted title"
    )
    assert article.url == "https://www.bbc.com/news/x"
    assert article.site == "bbc.com"
    assert article.page_published == datetime(2016, 3, 28, tzinfo=UTC)
    assert article.title == "Hinted title"


def test_script_and_style_text_is_ignored() -> None:
    html = f"""<html><head><title>Clashes in Tripoli</title>
    <style>p {{ color: red; }} .secret {{ display: none }}</style>
    <script>var tracking = "SCRIPT-TEXT-MARKER"; document.write("injected words");</script>
    </head><body><script>window.alert("ANOTHER-MARKER")</script>
    <div class="content"><p>{BODY[0]}</p><script>console.log("THIRD-MARKER")</script>
    <p>{BODY[1]}</p><p>{BODY[2]}</p></div></body></html>"""
    article = _html_article(html)
    assert BODY[0] in article.text
    for marker in ("SCRIPT-TEXT-MARKER", "ANOTHER-MARKER", "THIRD-MARKER", "color: red"):
        assert marker not in article.text


def test_broken_html_still_gives_text() -> None:
    html = (
        "<html><head><title>Broken page</title><body><div><p>"
        + BODY[0]
        + "<p>"
        + BODY[1]
        + "</span><div><p><b>"
        + BODY[2]
        + "</i></table></p></p>"
    )
    article = _html_article(html)
    assert "Government troops backed by Russian airstrikes" in article.text
    assert "heaviest losses" in article.text


def test_tiny_page_falls_back_rather_than_failing() -> None:
    article = _html_article("<html><body><p>Rebels shelled Aleppo on Sunday.</p></body></html>")
    assert "Rebels shelled Aleppo on Sunday." in article.text


FRAGMENT = "<p>KABUL - A bomb killed three people in the city on Monday, police said.</p>"


FRAGMENTS = [FRAGMENT, f"<div>{FRAGMENT}</div>", f" {FRAGMENT}\n", f"<article>{FRAGMENT}</article>"]


@pytest.mark.parametrize("html", FRAGMENTS)
def test_a_short_html_fragment_is_an_article(html: str) -> None:
    """Issue 16, point 10: a fragment of one element was refused as "no article text"
    (trafilatura does not take it for HTML without a page around it)."""
    article = _html_article(html)
    assert article.text.endswith("A bomb killed three people in the city on Monday, police said.")
    assert (article.dateline_place or "").lower() == "kabul"


def test_a_fragment_through_analyze_finds_its_event() -> None:
    from dateline import analyze

    article = analyze(FRAGMENT)
    assert [m.sub_event_type for m in article.mentions] == ["Remote explosive/landmine/IED"]


@pytest.mark.parametrize(
    "html",
    [
        "<p></p>",
        "<nav><a href='/'>Home</a></nav>",
        "<html><head><title>Nothing</title></head><body></body></html>",
        "<html><body><script>var x = 1;</script><nav></nav></body></html>",
        "<html><body><nav><a href='/'>Log In</a></nav><p>Share this</p></body></html>",
        "<<<<>>>>",
    ],
)
def test_pages_without_text_are_refused(html: str) -> None:
    with pytest.raises(ExtractError, match="no article text found in the HTML"):
        _html_article(html)


def test_latin1_html_with_meta_charset() -> None:
    html = (
        '<html><head><meta charset="iso-8859-1"><title>Zürich</title></head><body>'
        "<article><p>Les forces gouvernementales ont été déployées près de la frontière, "
        "a déclaré le ministère à Zürich mardi soir, après des combats très violents.</p>"
        "<p>Le président a salué « une victoire importante » pour l'armée régulière.</p>"
        "</article></body></html>"
    )
    article = _html_article(html.encode("latin-1"))
    assert "déployées près de la frontière" in article.text
    assert article.language is None  # not English


def test_html_labelled_as_text_is_sniffed() -> None:
    page = CLEAN.encode("utf-8")
    article = extract_article(Document.from_bytes(page, "memory:", "text/plain"))
    assert article.title == "Army retakes Palmyra"
    assert "<p>" not in article.text
    assert not is_html("text/plain", "Plain <b>text</b> about <html> tags")


def test_date_placeholders_are_ignored() -> None:
    html = CLEAN.replace("2016-03-27T12:00:00+03:00", "0001-01-01T00:00:00Z")
    assert _html_article(html).page_updated is None


def test_offsets_are_kept() -> None:
    html = CLEAN.replace("+03:00", "+05:30")
    parts = extract_html(html)
    assert parts.published is not None
    assert parts.published.utcoffset() == timedelta(hours=5, minutes=30)
    assert parts.published.tzinfo == timezone(timedelta(hours=5, minutes=30))


@pytest.mark.parametrize(
    ("title", "site", "expected"),
    [
        ("Army retakes Palmyra | Example News", "Example News", "Army retakes Palmyra"),
        ("Army retakes Palmyra - BBC News", "BBC News", "Army retakes Palmyra"),
        ("Syria - Army retakes Palmyra", "Example News", "Syria - Army retakes Palmyra"),
        ("Army retakes Palmyra", None, "Army retakes Palmyra"),
    ],
)
def test_strip_site_name(title: str, site: str | None, expected: str) -> None:
    assert strip_site_name(title, site) == expected


def test_scrapinghub_pages_do_not_crash(shared_dir: Path) -> None:
    """Smoke test over the first 20 pages of the benchmark: text or a clean ExtractError."""
    root = shared_dir / "eval" / "extract"
    truth_path = root / "ground-truth.json"
    if not truth_path.is_file():
        pytest.skip("ScrapingHub benchmark data is absent")
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    pages = sorted((root / "html").glob("*.html.gz"))[:20]
    extracted = 0
    for page in pages:
        key = page.name.split(".")[0]
        doc = Document.from_bytes(
            gzip.decompress(page.read_bytes()), truth[key]["url"], "text/html"
        )
        try:
            article = extract_article(doc)
        except ExtractError:
            continue
        extracted += 1
        assert article.text.strip()
        assert article.site
        body_words = set(truth[key]["articleBody"].split())
        if body_words:
            found = set(article.text.split())
            assert len(found & body_words) / len(body_words) > 0.3, key
    assert extracted >= 0.9 * len(pages)
