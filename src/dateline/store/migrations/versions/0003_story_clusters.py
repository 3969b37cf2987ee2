"""Story clusters: near-duplicate stories (the same wire story on many sites) share a cluster.

- `articles.story_cluster`: the cluster id (the document id of the cluster's first story);
- `articles.minhash`: the story's MinHash signature (128 x 4 bytes);
- `articles.story_day`: the story's most likely day inside its date interval;
- `story_bands`: the signature's LSH band keys, so the copies of a new story are found by an
  indexed lookup instead of a scan of every stored text.

Revision ID: 0003
Revises: 0001
Create Date: 2025-01-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("story_cluster", sa.String(64)))
        batch.add_column(sa.Column("minhash", sa.LargeBinary()))
        batch.add_column(sa.Column("story_day", sa.Date()))
        batch.create_index("ix_articles_story_cluster", ["story_cluster"])
    op.create_table(
        "story_bands",
        sa.Column("band_key", sa.String(40), nullable=False),
        sa.Column("document_id", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["articles.document_id"],
            name="fk_story_bands_document_id_articles",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("band_key", "document_id", name="pk_story_bands"),
    )
    op.create_index("ix_story_bands_document_id", "story_bands", ["document_id"])


def downgrade() -> None:
    op.drop_index("ix_story_bands_document_id", table_name="story_bands")
    op.drop_table("story_bands")
    with op.batch_alter_table("articles") as batch:
        batch.drop_index("ix_articles_story_cluster")
        batch.drop_column("story_day")
        batch.drop_column("minhash")
        batch.drop_column("story_cluster")
