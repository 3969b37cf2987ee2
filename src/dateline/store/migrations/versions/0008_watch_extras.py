"""Watching the news, the rest (issue 18, point 4): feed keys, secrets a feed reader puts in
the Atom feed's URL instead of a bearer header (only their SHA-256 stored, revocable).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feed_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("key_hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True)),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_feed_keys_user_id_users", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_feed_keys"),
        sa.UniqueConstraint("key_hash", name="uq_feed_keys_key_hash"),
    )
    op.create_index("ix_feed_keys_user_id", "feed_keys", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_feed_keys_user_id", table_name="feed_keys")
    op.drop_table("feed_keys")
