"""Initial schema: documents, articles, mentions, events and the tables the web app uses.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def coded() -> list[sa.Column]:
    return [
        sa.Column("event_type", sa.String(64), nullable=False),
        sa.Column("sub_event_type", sa.String(96), nullable=False),
        sa.Column("actor1", sa.Text()),
        sa.Column("actor1_inter", sa.Integer()),
        sa.Column("actor2", sa.Text()),
        sa.Column("actor2_inter", sa.Integer()),
        sa.Column("assoc_actors", sa.JSON()),
        sa.Column("geonameid", sa.Integer()),
        sa.Column("location", sa.Text()),
        sa.Column("admin1", sa.Text()),
        sa.Column("country", sa.String(2)),
        sa.Column("latitude", sa.Float()),
        sa.Column("longitude", sa.Float()),
        sa.Column("geo_precision", sa.Integer()),
        sa.Column("event_date", sa.Date()),
        sa.Column("event_date_to", sa.Date()),
        sa.Column("time_precision", sa.Integer()),
        sa.Column("fatalities", sa.Integer()),
    ]


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("uri", sa.Text(), nullable=False),
        sa.Column("media_type", sa.String(64), nullable=False),
        sa.Column("fetched_at", TZ),
        sa.Column("ingested_at", TZ, nullable=False),
        sa.Column("raw", sa.LargeBinary(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("error_stage", sa.String(32)),
        sa.Column("error", sa.Text()),
        sa.CheckConstraint("status IN ('analyzed', 'failed')", name="ck_documents_status"),
        sa.PrimaryKeyConstraint("id", name="pk_documents"),
    )
    op.create_table(
        "articles",
        sa.Column("document_id", sa.String(64), nullable=False),
        sa.Column("title", sa.Text()),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("url", sa.Text()),
        sa.Column("site", sa.Text()),
        sa.Column("language", sa.String(16)),
        sa.Column("credit", sa.Text()),
        sa.Column("dateline_place", sa.Text()),
        sa.Column("page_published", TZ),
        sa.Column("page_updated", TZ),
        sa.Column("story_date_from", sa.Date()),
        sa.Column("story_date_to", sa.Date()),
        sa.Column("story_date_evidence", sa.JSON()),
        sa.Column("stale", sa.Boolean()),
        sa.Column("chrome", sa.JSON()),
        sa.Column("places", sa.JSON()),
        sa.Column("quotes", sa.JSON()),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name="fk_articles_document_id_documents",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("document_id", name="pk_articles"),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("display_name", sa.Text()),
        sa.Column("email", sa.Text()),
        sa.Column("password_hash", sa.Text()),
        sa.Column("role", sa.String(16), nullable=False, server_default="analyst"),
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("created_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("username", name="uq_users_username"),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        *coded(),
        sa.Column("notes", sa.Text()),
        sa.Column("sources", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("first_reported", TZ),
        sa.Column("status", sa.String(16), nullable=False, server_default="auto"),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.Column("updated_by", sa.String(64)),
        sa.CheckConstraint(
            "status IN ('auto', 'confirmed', 'corrected', 'rejected')", name="ck_events_status"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_events"),
    )
    op.create_index("ix_events_match", "events", ["sub_event_type", "geonameid", "event_date"])
    op.create_index("ix_events_event_date", "events", ["event_date"])
    op.create_index("ix_events_country", "events", ["country"])
    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.String(64), nullable=False),
        sa.Column("event_id", sa.Integer()),
        *coded(),
        sa.Column("background", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("confidence", sa.Float()),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("evidence_start", sa.Integer()),
        sa.Column("evidence_end", sa.Integer()),
        sa.Column("reasons", sa.JSON()),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name="fk_mentions_document_id_documents",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name="fk_mentions_event_id_events", ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_mentions"),
    )
    op.create_index("ix_mentions_document_id", "mentions", ["document_id"])
    op.create_index("ix_mentions_event_id", "mentions", ["event_id"])
    op.create_table(
        "event_sources",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("mention_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name="fk_event_sources_event_id_events", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["mention_id"],
            ["mentions.id"],
            name="fk_event_sources_mention_id_mentions",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", "mention_id", name="pk_event_sources"),
    )
    op.create_table(
        "comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer()),
        sa.Column("parent_id", sa.Integer()),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name="fk_comments_event_id_events", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_comments_user_id_users", ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["comments.id"],
            name="fk_comments_parent_id_comments",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_comments"),
    )
    op.create_index("ix_comments_event_id", "comments", ["event_id"])
    op.create_table(
        "tags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("description", sa.Text()),
        sa.PrimaryKeyConstraint("id", name="pk_tags"),
        sa.UniqueConstraint("name", name="uq_tags_name"),
    )
    op.create_table(
        "event_tags",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer()),
        sa.Column("created_at", TZ, nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name="fk_event_tags_event_id_events", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["tag_id"], ["tags.id"], name="fk_event_tags_tag_id_tags", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_event_tags_user_id_users", ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("event_id", "tag_id", name="pk_event_tags"),
    )
    op.create_table(
        "changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer()),
        sa.Column("user_id", sa.Integer()),
        sa.Column("at", TZ, nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("field", sa.String(64)),
        sa.Column("old_value", sa.JSON()),
        sa.Column("new_value", sa.JSON()),
        sa.Column("note", sa.Text()),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name="fk_changes_event_id_events", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_changes_user_id_users", ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_changes"),
    )
    op.create_index("ix_changes_event_id", "changes", ["event_id"])
    if op.get_bind().dialect.name == "sqlite":
        create_fts()


def create_fts() -> None:
    """Full-text search over mention evidence (SQLite FTS5), kept in step by triggers."""
    op.execute(
        "CREATE VIRTUAL TABLE mentions_fts USING fts5("
        "evidence, content='mentions', content_rowid='id')"
    )
    op.execute(
        "CREATE TRIGGER mentions_fts_ai AFTER INSERT ON mentions BEGIN "
        "INSERT INTO mentions_fts(rowid, evidence) VALUES (new.id, new.evidence); END"
    )
    op.execute(
        "CREATE TRIGGER mentions_fts_ad AFTER DELETE ON mentions BEGIN "
        "INSERT INTO mentions_fts(mentions_fts, rowid, evidence) "
        "VALUES ('delete', old.id, old.evidence); END"
    )
    op.execute(
        "CREATE TRIGGER mentions_fts_au AFTER UPDATE OF evidence ON mentions BEGIN "
        "INSERT INTO mentions_fts(mentions_fts, rowid, evidence) "
        "VALUES ('delete', old.id, old.evidence); "
        "INSERT INTO mentions_fts(rowid, evidence) VALUES (new.id, new.evidence); END"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("mentions_fts_au", "mentions_fts_ad", "mentions_fts_ai"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS mentions_fts")
    for table in (
        "changes",
        "event_tags",
        "tags",
        "comments",
        "event_sources",
        "mentions",
        "events",
        "users",
        "articles",
        "documents",
    ):
        op.drop_table(table)
