"""Resolving relative dates ("last May", "on Sunday") and estimating a story's true date."""

from dateline.time.expressions import (
    EventDate,
    resolve_anaphoric_day,
    resolve_event_date,
    resolve_within,
)
from dateline.time.story import StoryDate, estimate_story, estimate_story_date, estimate_story_day

__all__ = [
    "EventDate",
    "StoryDate",
    "estimate_story",
    "estimate_story_date",
    "estimate_story_day",
    "resolve_anaphoric_day",
    "resolve_event_date",
    "resolve_within",
]
