"""A cheap language guess: the later stages only have an English model, so "is it English?"
is the question that matters, and function words answer it well without a model."""

from __future__ import annotations

import re

from dateline.extract.stop_words import STOP_WORDS_EN

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# English prose is about 40-50 % function words; other Latin-script languages score < 10 %.
MIN_SHARE = 0.2
MIN_HITS = 3


def guess_language(text: str, sample_chars: int = 20_000) -> str | None:
    """The code "en" when English function words dominate the text, else None (unknown)."""
    words = [w.lower() for w in _WORD.findall(text[:sample_chars])]
    if not words:
        return None
    hits = sum(1 for w in words if w in STOP_WORDS_EN)
    return "en" if hits >= MIN_HITS and hits / len(words) >= MIN_SHARE else None
