"""Resolving relative dates ("last May", "on Sunday") and estimating a story's true date."""

from dateline.time.expressions import EventDate, resolve_event_date
from dateline.time.story import estimate_story_date

__all__ = ["EventDate", "estimate_story_date", "resolve_event_date"]
