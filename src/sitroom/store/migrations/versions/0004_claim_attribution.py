"""claim attribution: the claimant's kind, the source relaying the claim, the claim it repeats

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 10:00:00

``Claim`` gained ``claimant_kind`` (person | organisation | outlet), ``relay`` ("TASS" in "TASS
reported, citing the regional administration") and ``repeat_of`` (the first claim of the
document with the same figure, measure and claimant). Claims stored before stay NULL: their
extractions were made without them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

#: name -> type of the new (nullable) columns
COLUMNS = {"claimant_kind": sa.String(16), "relay": sa.Text(), "repeat_of": sa.String(32)}


def upgrade() -> None:
    # plain ALTER TABLE on both backends: a batch (copy-and-swap) of claims on SQLite would
    # drop the table and, foreign keys being on, every claim group membership with it
    for name, type_ in COLUMNS.items():
        op.add_column("claims", sa.Column(name, type_, nullable=True))


def downgrade() -> None:
    # SQLite drops a column in place since 3.35; see upgrade() for why not in batch
    for name in reversed(COLUMNS):
        op.drop_column("claims", name)
