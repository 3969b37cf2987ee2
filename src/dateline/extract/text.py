"""Plain text of a web page to article text: paragraphs, furniture, stamps, credit, title,
dateline.

Scraped text mixes the story with what surrounded it on the page. Each line is sorted into
one of: page chrome (kept aside in `Article.chrome`), a date stamp, a syndication credit, the
headline, or the story. The story keeps one paragraph per block, separated by a blank line,
so the sentence splitter downstream never runs two paragraphs together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from dateline.extract.chrome import ChromeRules, credit_of, is_chrome
from dateline.extract.dateline import read_dateline
from dateline.extract.stamps import read_stamp

# Hard-wrapped text ("...officials\nsay.") is wrapped at a fixed width no wider than this.
MAX_WRAP_WIDTH = 140
# A line this close to the wrap width, not ending a sentence, was cut by the wrapping.
WRAPPED_SHARE = 0.85
SENTENCE_WORDS = 10  # a line this long that ends no sentence was cut, not ended
_SENTENCE_ENDS = (".", "!", "?", ":", '"', "”", "’", "'", ")")
# A headline has this many words; anything longer is a paragraph.
HEADLINE_WORDS = (3, 30)
# Short lines before the headline (section labels) that may be skipped when looking for it.
LABEL_WORDS = 2


@dataclass
class CleanText:
    """The parts of a page's text, each in its place."""

    text: str
    title: str | None = None
    credit: str | None = None
    dateline_place: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    chrome: list[str] = field(default_factory=list)


def clean_text(
    text: str,
    title: str | None = None,
    guess_title: bool = True,
    unwrap: bool = True,
    rules: ChromeRules | None = None,
) -> CleanText:
    """Sort a page's text into story, headline, dateline, credit, stamps and chrome.

    `title`, when known (a hint or the HTML), is not guessed and is removed from the top of
    the text if the page repeats it there. The text is empty when nothing but furniture is left.
    """
    result = CleanText(text="", title=title)
    story: list[str] = []
    for paragraph in split_paragraphs(text, unwrap=unwrap):
        if is_chrome(paragraph, rules):
            result.chrome.append(paragraph)
            continue
        stamp = read_stamp(paragraph)
        if stamp:
            kind, when = stamp
            if kind == "updated":
                result.updated = result.updated or when
            else:
                result.published = result.published or when
            continue
        credit = credit_of(paragraph, rules)
        if credit:
            result.credit = result.credit or credit
            continue
        story.append(paragraph)

    if title:
        _drop_repeated_title(story, title)
    elif guess_title:
        result.title = _take_headline(story)

    for index, paragraph in enumerate(story[:2]):
        dateline = read_dateline(paragraph)
        if dateline:
            story[index] = dateline.paragraph
            result.dateline_place = dateline.place
            result.credit = result.credit or dateline.agency
            break

    result.text = "\n\n".join(p for p in story if p)
    return result


def split_paragraphs(text: str, unwrap: bool = True) -> list[str]:
    """One string per paragraph, spaces normalised.

    Blank lines always separate paragraphs. A single line break also does, unless the line
    was cut there: the text is hard-wrapped at a fixed width, or the sentence goes on in lower
    case on the next line (see `_was_wrapped`).
    """
    lines = [" ".join(line.split()) for line in re.split(r"\r\n|\r|\n|\u2028|\u2029", text)]
    width = _wrap_width(lines) if unwrap else None
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        if not line:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        if current and not (unwrap and _was_wrapped(current, line, width)):
            paragraphs.append(" ".join(current))
            current = []
        current.append(line)
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


def _wrap_width(lines: list[str]) -> int | None:
    """The width the text is hard-wrapped at, or None when lines run to their natural end."""
    lengths = [len(line) for line in lines if line]
    if len(lengths) < 4:
        return None
    width = max(lengths)
    if width > MAX_WRAP_WIDTH:
        return None
    near_width = sum(1 for n in lengths if n >= 0.75 * width)
    return width if near_width / len(lengths) >= 0.4 else None


def _was_wrapped(lines: list[str], next_line: str, width: int | None) -> bool:
    """True when the last of a paragraph's `lines` was cut by the wrapping rather than ended
    by the writer.

    Wrapping is rarely exact (editors re-wrap by hand), so a line counts as cut when it does
    not end a sentence and either runs close to the width or the next line goes on in
    lower case. With no width, a long paragraph that the next line goes on in lower case is
    one sentence broken in two ("... largest mental" / "facility escaped ..."); a short one is
    page furniture ("Log In" / "updated 10:20 AM").
    """
    if lines[-1].endswith(_SENTENCE_ENDS):
        return False
    if width is None:
        return next_line[:1].islower() and sum(len(x.split()) for x in lines) >= SENTENCE_WORDS
    return next_line[:1].islower() or len(lines[-1]) >= WRAPPED_SHARE * width


def normalise_title(title: str) -> str:
    """A title for comparison: case, curly quotes, spacing and end punctuation ignored."""
    table = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
    return " ".join(title.translate(table).casefold().split()).strip(" .:-|")


def _drop_repeated_title(story: list[str], title: str) -> None:
    """Remove the headline from the top of the story when the page repeats it there."""
    wanted = normalise_title(title)
    for index, paragraph in enumerate(story[:3]):
        seen = normalise_title(paragraph)
        if seen == wanted or (len(seen) >= 0.6 * len(wanted) and seen in wanted):
            del story[index]
            return
        if seen.startswith(wanted + " ") and len(wanted.split()) >= 3:
            story[index] = paragraph[len(title) :].lstrip(" .:-–—|")
            return


def _take_headline(story: list[str]) -> str | None:
    """Pop and return the first paragraph that reads as a headline, if the story opens with one.

    Short section labels ("World", "Middle East") before it are skipped; any longer
    paragraph before it means the text starts with the story, so there is no headline.
    """
    for index, paragraph in enumerate(story[:4]):
        if index + 1 < len(story) and _is_headline(paragraph):
            del story[index]
            return paragraph
        if len(paragraph.split()) > LABEL_WORDS:
            return None
    return None


def _is_headline(paragraph: str) -> bool:
    words = len(paragraph.split())
    low, high = HEADLINE_WORDS
    return (
        low <= words <= high
        and not paragraph.rstrip("\"'”’)").endswith((".", ",", ";", ":"))
        and (paragraph[:1].isupper() or paragraph[:1].isdigit() or paragraph[:1] in "\"“‘'")
        and read_dateline(paragraph) is None
    )
