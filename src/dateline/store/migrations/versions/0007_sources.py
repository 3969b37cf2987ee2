"""Watched sources (issue 18): feeds, sitemaps and list pages with their health, the URLs
each one listed (so a restarted `dateline watch` never fetches a story twice) and the
ETag/Last-Modified of every conditional GET.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("language", sa.String(16)),
        sa.Column("trust", sa.Text()),
        sa.Column("poll_minutes", sa.Integer(), nullable=False, server_default="60"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_poll_at", sa.DateTime(timezone=True)),
        sa.Column("next_poll_at", sa.DateTime(timezone=True)),
        sa.Column("last_new_items", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("items_total", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("errors", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text()),
        sa.PrimaryKeyConstraint("id", name="pk_sources"),
        sa.UniqueConstraint("name", name="uq_sources_name"),
        sa.CheckConstraint("kind IN ('feed', 'sitemap', 'links')", name="ck_sources_kind"),
    )
    op.create_table(
        "source_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer()),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False, server_default="pending"),
        sa.Column("reason", sa.Text()),
        sa.Column("document_id", sa.String(64)),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True)),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
            name="fk_source_items_source_id_sources",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_source_items"),
        sa.UniqueConstraint("url", name="uq_source_items_url"),
        sa.CheckConstraint(
            "state IN ('pending', 'done', 'failed', 'alias')", name="ck_source_items_state"
        ),
    )
    op.create_index("ix_source_items_source_id", "source_items", ["source_id"])
    op.create_table(
        "fetch_validators",
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("etag", sa.Text()),
        sa.Column("last_modified", sa.Text()),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("url", name="pk_fetch_validators"),
    )


def downgrade() -> None:
    op.drop_table("fetch_validators")
    op.drop_index("ix_source_items_source_id", table_name="source_items")
    op.drop_table("source_items")
    op.drop_table("sources")
