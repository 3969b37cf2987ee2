"""The database schema (SQLAlchemy Core). Migrations in `migrations/versions` build it.

Names are the API's: a column here is a field of a record in `dateline.model`.
JSON columns hold lists and dicts (evidence of a story date, places, quotes, reasons).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    func,
    true,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)

DOCUMENT_STATUSES = ("analyzed", "failed")
EVENT_STATUSES = ("auto", "confirmed", "corrected", "rejected")
# The largest value an Integer column holds on every backend (PostgreSQL's int4); ids and
# counts asked for from outside are bounded by it so they never overflow a driver.
MAX_INTEGER = 2**31 - 1


def coded_columns() -> list[Column]:
    """The ACLED-style coded fields shared by a mention and the event it belongs to."""
    return [
        Column("event_type", String(64), nullable=False),
        Column("sub_event_type", String(96), nullable=False),
        Column("actor1", Text),
        Column("actor1_inter", Integer),
        Column("actor2", Text),
        Column("actor2_inter", Integer),
        Column("assoc_actors", JSON),
        Column("geonameid", Integer),
        Column("location", Text),
        Column("admin1", Text),
        Column("country", String(2)),
        Column("latitude", Float),
        Column("longitude", Float),
        Column("geo_precision", Integer),
        Column("event_date", Date),
        Column("event_date_to", Date),
        Column("time_precision", Integer),
        Column("fatalities", Integer),
    ]


documents = Table(
    "documents",
    metadata,
    Column("id", String(64), primary_key=True),  # sha256 of the raw bytes
    Column("uri", Text, nullable=False),
    Column("media_type", String(64), nullable=False),
    Column("fetched_at", DateTime(timezone=True)),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Column("raw", LargeBinary, nullable=False),  # zlib-compressed
    Column("status", String(16), nullable=False),
    Column("error_stage", String(32)),
    Column("error", Text),
    CheckConstraint("status IN ('analyzed', 'failed')", name="status"),
)

articles = Table(
    "articles",
    metadata,
    Column(
        "document_id",
        String(64),
        ForeignKey("documents.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("title", Text),
    Column("text", Text, nullable=False),
    Column("url", Text),
    Column("site", Text),
    Column("language", String(16)),
    Column("credit", Text),
    Column("dateline_place", Text),
    Column("page_published", DateTime(timezone=True)),
    Column("page_updated", DateTime(timezone=True)),
    Column("story_date_from", Date),
    Column("story_date_to", Date),
    Column("story_day", Date),  # migration 0003
    Column("story_date_evidence", JSON),
    Column("stale", Boolean),
    Column("chrome", JSON),
    Column("places", JSON),
    Column("quotes", JSON),
    # Near-duplicate stories share a cluster (see `dateline.resolve.dedup`); migration 0003.
    Column("story_cluster", String(64), index=True),
    Column("minhash", LargeBinary),
)

# LSH band keys of each story's MinHash signature: stories sharing a key are candidate copies.
story_bands = Table(
    "story_bands",
    metadata,
    Column("band_key", String(40), primary_key=True),
    Column(
        "document_id",
        String(64),
        ForeignKey("articles.document_id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("display_name", Text),
    Column("email", Text),
    Column("password_hash", Text),
    Column("role", String(16), nullable=False, server_default="analyst"),
    Column("active", Boolean, nullable=False, server_default=true()),
    # Raised by log-out, a new password and disabling (migration 0005): a session made under
    # an older number is over, on every device.
    Column("session_epoch", Integer, nullable=False, server_default="0"),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True),
    *coded_columns(),
    Column("notes", Text),  # the first source's evidence sentence, editable by analysts
    Column("sources", Integer, nullable=False, server_default="0"),
    Column("first_reported", DateTime(timezone=True)),
    Column("status", String(16), nullable=False, server_default="auto"),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("updated_by", String(64)),
    CheckConstraint("status IN ('auto', 'confirmed', 'corrected', 'rejected')", name="status"),
    Index("ix_events_match", "sub_event_type", "geonameid", "event_date"),
    Index("ix_events_event_date", "event_date"),
    Index("ix_events_country", "country"),
)

# The web app's filters (migrations 0006, 0009): a country, a date range and an event type,
# and the timeline. The lowered types make a typed count read the index alone.
Index(
    "ix_events_country_day",
    func.upper(events.c.country),
    events.c.event_date,
    events.c.status,
    func.lower(events.c.event_type),
    func.lower(events.c.sub_event_type),
)
Index("ix_events_day_status", events.c.event_date, events.c.status)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "document_id",
        String(64),
        ForeignKey("documents.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("event_id", Integer, ForeignKey("events.id", ondelete="SET NULL"), index=True),
    *coded_columns(),
    Column("background", Boolean, nullable=False, server_default=false()),
    Column("confidence", Float),
    Column("evidence", Text, nullable=False),
    Column("evidence_start", Integer),
    Column("evidence_end", Integer),
    Column("reasons", JSON),
)

event_sources = Table(
    "event_sources",
    metadata,
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("mention_id", Integer, ForeignKey("mentions.id", ondelete="CASCADE"), primary_key=True),
)

comments = Table(
    "comments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="SET NULL")),
    Column("parent_id", Integer, ForeignKey("comments.id", ondelete="CASCADE")),
    Column("body", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True)),
)

tags = Table(
    "tags",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(64), nullable=False),
    Column("description", Text),
    UniqueConstraint("name"),
)

event_tags = Table(
    "event_tags",
    metadata,
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", Integer, ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="SET NULL")),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

changes = Table(
    "changes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), index=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="SET NULL")),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("action", String(32), nullable=False),  # "create", "update", "merge", "status", ...
    Column("field", String(64)),
    Column("old_value", JSON),
    Column("new_value", JSON),
    Column("note", Text),
)

# Bearer tokens for scripts (migration 0004): only the SHA-256 of a token is stored.
api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("name", String(64), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_used_at", DateTime(timezone=True)),
    Column("expires_at", DateTime(timezone=True)),  # migration 0005; past it the token is dead
)

# Full-text search over mention evidence (SQLite only): an external-content FTS5 table kept
# in step with `mentions` by triggers; created by the migrations, not part of `metadata`.
MENTION_FTS = "mentions_fts"

# Watched sources (migration 0007, issue 18): feeds, sitemaps and list pages polled by
# `dateline watch`, with their health; the URLs each one listed, so a restart never fetches a
# story twice; and the validators of conditional GETs.
SOURCE_KINDS = ("feed", "sitemap", "links")

sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(128), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("url", Text, nullable=False),
    Column("language", String(16)),
    Column("trust", Text),  # the analyst's note on how far to trust it
    Column("poll_minutes", Integer, nullable=False, server_default="60"),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_poll_at", DateTime(timezone=True)),
    Column("next_poll_at", DateTime(timezone=True)),
    Column("last_new_items", Integer, nullable=False, server_default="0"),
    Column("items_total", Integer, nullable=False, server_default="0"),
    Column("errors", Integer, nullable=False, server_default="0"),  # polls failed in a row
    Column("last_error", Text),
    UniqueConstraint("name"),
    CheckConstraint("kind IN ('feed', 'sitemap', 'links')", name="kind"),
)

source_items = Table(
    "source_items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source_id", Integer, ForeignKey("sources.id", ondelete="CASCADE"), index=True),
    Column("url", Text, nullable=False),  # canonical: tracking parameters stripped
    Column("state", String(16), nullable=False, server_default="pending"),
    Column("reason", Text),
    Column("document_id", String(64)),
    Column("seen_at", DateTime(timezone=True), nullable=False),
    Column("fetched_at", DateTime(timezone=True)),
    UniqueConstraint("url"),
    CheckConstraint("state IN ('pending', 'done', 'failed', 'alias')", name="state"),
)

fetch_validators = Table(
    "fetch_validators",
    metadata,
    Column("url", Text, primary_key=True),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("checked_at", DateTime(timezone=True), nullable=False),
)

# Feed keys (migration 0008): a secret a feed reader puts in the Atom feed's URL
# (`?key=...`) instead of a bearer header; it reads feeds only, as its user, until revoked.
# Only its SHA-256 is stored.
feed_keys = Table(
    "feed_keys",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("name", String(64), nullable=False),
    Column("key_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_used_at", DateTime(timezone=True)),
)

# Saved filters with a webhook (migration 0008): an analyst's filter (the query keys of
# /api/events) and a URL that gets every new or changed event matching it, signed with the
# filter's own secret; `checked_until` is the last event change already looked at. Every
# delivery is kept with its outcome, so failures are visible.
saved_filters = Table(
    "saved_filters",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("name", String(64), nullable=False),
    Column("query", JSON, nullable=False),
    Column("webhook_url", Text, nullable=False),
    Column("secret", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("checked_until", DateTime(timezone=True), nullable=False),
)

webhook_deliveries = Table(
    "webhook_deliveries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "saved_filter_id",
        Integer,
        ForeignKey("saved_filters.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("event_id", Integer, nullable=False),
    Column("state", String(16), nullable=False, server_default="pending"),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("status_code", Integer),
    Column("error", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    CheckConstraint("state IN ('pending', 'delivered', 'failed')", name="state"),
)
