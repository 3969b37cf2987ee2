"""Events: the ACLED taxonomy (data), event detection and typing, actor roles, fatalities,
event dates and background vs. new.

- `detect_mentions(doc, article)`: every event mention of an analysed article, by a pipeline of
  stages in their own modules: `cues` -> `reality` -> `typing` -> `roles` -> `happened` and
  `scope` -> `fold` (the order and each stage's job: `dateline.events.detect`);
- `find_quotes(doc, article)`: quoted speech with its speaker (`dateline.events.quotes`).
"""

from dateline.events.detect import detect_mentions
from dateline.events.quotes import find_quotes

__all__ = ["detect_mentions", "find_quotes"]
