"""canonical_features: what linked entities say about each canonical entity, counted

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 16:00:00

Entity linking read a canonical entity's names, aliases, titles and affiliations from all its
member rows for every new document, so a name in every article ("Ukraine") made ingestion
quadratic in the corpus size. The counts are now kept as links are added; this migration
creates the table and fills it from the links already stored.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

#: feature -> (table, column) of the member rows it is counted from
SOURCES = {
    "name": ("entities", "name"),
    "affiliation": ("entities", "affiliation"),
    "alias": ("entity_aliases", "alias"),
    "title": ("entity_titles", "title"),
}


def upgrade() -> None:
    op.create_table(
        "canonical_features",
        sa.Column("canonical_id", sa.Integer(), nullable=False),
        sa.Column("feature", sa.String(length=12), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["canonical_id"],
            ["canonical_entities.id"],
            name=op.f("fk_canonical_features_canonical_id_canonical_entities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "canonical_id", "feature", "value", name=op.f("pk_canonical_features")
        ),
    )
    for feature, (table, column) in SOURCES.items():
        member = "m.id" if table == "entities" else "m.entity_id"
        op.execute(
            f"INSERT INTO canonical_features (canonical_id, feature, value, count) "
            f"SELECT l.canonical_id, '{feature}', m.{column}, COUNT(DISTINCT l.doc_id) "
            f"FROM entity_links l JOIN {table} m "
            f"ON m.doc_id = l.doc_id AND {member} = l.entity_id "
            f"WHERE m.{column} IS NOT NULL GROUP BY l.canonical_id, m.{column}"
        )


def downgrade() -> None:
    op.drop_table("canonical_features")
