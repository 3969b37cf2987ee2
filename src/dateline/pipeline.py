"""`analyze`: the one pure entry point from a page to an Article with its event mentions.

It never touches a database, so the same function serves the CLI, the web app, tests and
cluster workers. Models load once per process (see `dateline.nlp`).
"""

from __future__ import annotations

from dateline.errors import AnalyzeError
from dateline.events import detect_mentions, find_quotes
from dateline.extract import extract_article
from dateline.geo import resolve_places
from dateline.model import Article, Document
from dateline.nlp import load_nlp
from dateline.settings import Settings
from dateline.time import estimate_story


def as_document(
    source: str | bytes | Document, url: str | None = None, published: str | None = None
) -> Document:
    """Wrap a string or bytes as a Document: markup (it opens with '<') is read as HTML."""
    if isinstance(source, Document):
        return source
    raw = source.encode("utf-8") if isinstance(source, str) else source
    media_type = "text/html" if raw.lstrip()[:1] == b"<" else "text/plain"
    hints = {k: v for k, v in {"url": url, "published": published}.items() if v}
    return Document.from_bytes(raw, url or "memory:", media_type, hints)


def analyze(
    source: str | bytes | Document,
    url: str | None = None,
    published: str | None = None,
    settings: Settings | None = None,
) -> Article:
    """Clean text, metadata, places, quotes and event mentions of one page.

    Raises `ExtractError` when the page holds no article text and `AnalyzeError` when it is
    too long for the language pipeline; both carry a message a user can act on.
    """
    settings = settings or Settings()
    document = as_document(source, url, published)
    article = extract_article(document)
    if len(article.text) > settings.max_text_chars:
        raise AnalyzeError(
            f"article text is {len(article.text):,} characters, over the limit of "
            f"{settings.max_text_chars:,} (raise DATELINE_MAX_TEXT_CHARS to analyse it)"
        )
    date_story(article)
    doc = load_nlp()(article.text)
    article.places = resolve_places(doc, article)
    article.quotes = find_quotes(doc, article)
    article.mentions = [
        m for m in detect_mentions(doc, article) if m.confidence >= settings.min_confidence
    ]
    return article


def date_story(article: Article) -> None:
    """Set the story-date interval, its evidence, and `stale` (page date outside the interval).

    Event dates are resolved against this interval, not against the page's own stamp.
    """
    story = estimate_story(article)
    article.story_date_from, article.story_date_to = story.first, story.last
    article.story_day = story.day
    article.story_likely_from, article.story_likely_to = story.likely_first, story.likely_last
    article.story_date_evidence = story.evidence
    stamp = article.page_published or article.page_updated
    if story.first and story.last and stamp:
        article.stale = not story.first <= stamp.date() <= story.last
