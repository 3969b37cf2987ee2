"""Page furniture of scraped pages: navigation, sharing, cookie and comment widgets.

The rules are data (`chrome.json`) so a user can add the furniture of the sites they read
without touching code. A line is chrome only as a whole: a sentence that merely mentions
"share" or "cookies" stays in the article.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

# Bullets, separators and punctuation that decorate UI labels ("» Read more", "Share this:").
_DECORATION = " \t\u00a0•·»«›‹|>–—-_:*#+=~›→←↑↓▶►▸✓✕×"
# Longer lines are prose, whatever words they contain; only patterns may match them.
MAX_LABEL_CHARS = 60


@dataclass(frozen=True)
class ChromeRules:
    """Compiled chrome rules: exact labels, whole-line patterns, syndication credits."""

    lines: frozenset[str]
    patterns: tuple[re.Pattern[str], ...]
    credit_patterns: tuple[re.Pattern[str], ...]


def normalise_label(line: str) -> str:
    """A UI label reduced to what identifies it: case, decoration and spacing removed."""
    label = " ".join(line.split()).strip(_DECORATION).casefold()
    return label.replace("’", "'")


def load_rules(data: dict | None = None) -> ChromeRules:
    """Compile rules from a dict shaped like `chrome.json` (the bundled file by default)."""
    if data is None:
        return _bundled_rules()
    return ChromeRules(
        lines=frozenset(normalise_label(x) for x in data.get("lines", [])),
        patterns=tuple(_whole_line(p) for p in data.get("patterns", [])),
        credit_patterns=tuple(_whole_line(p) for p in data.get("credit_patterns", [])),
    )


@lru_cache(maxsize=1)
def _bundled_rules() -> ChromeRules:
    text = resources.files(__package__).joinpath("chrome.json").read_text(encoding="utf-8")
    return load_rules(json.loads(text))


def _whole_line(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?:{pattern})", re.IGNORECASE)


def is_chrome(line: str, rules: ChromeRules | None = None) -> bool:
    """True when the whole line is page furniture rather than article text."""
    rules = rules or _bundled_rules()
    stripped = line.strip()
    if not stripped:
        return False
    if len(stripped) <= MAX_LABEL_CHARS and normalise_label(stripped) in rules.lines:
        return True
    return any(p.fullmatch(stripped) for p in rules.patterns)


def credit_of(line: str, rules: ChromeRules | None = None) -> str | None:
    """The source named by a syndication credit line ("Credit: Sky News" -> "Sky News")."""
    rules = rules or _bundled_rules()
    stripped = line.strip().strip("*_ ")
    if len(stripped) > 120:
        return None
    for pattern in rules.credit_patterns:
        match = pattern.fullmatch(stripped)
        if match:
            credit = match.group("credit").strip(" .,:;-–—")
            return credit or None
    return None
