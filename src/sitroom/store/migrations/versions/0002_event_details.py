"""event details: trigger, sub-type, ACLED types, precisions, targets, backing claims

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 10:00:00

The events component (issue 6) stores figures as numbers (the claims behind them go to
``event_claims``), the trigger span, sub-type, ACLED event / sub-event type, place and date
precision, the time and quote it is linked to; ``event_actors`` gets a role (actor | target).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

FIGURES = ("fatalities", "injured", "displaced")


def upgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        for name in FIGURES:
            batch_op.alter_column(
                name,
                existing_type=sa.Text(),
                type_=sa.Float(),
                existing_nullable=True,
                postgresql_using=f"NULLIF({name}, '')::double precision",
            )
        batch_op.add_column(sa.Column("sub_type", sa.String(length=48), nullable=True))
        batch_op.add_column(sa.Column("trigger_start", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("trigger_end", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("acled_event_type", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("acled_sub_event_type", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("place_name", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("place_precision", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("date_precision", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("time", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("quote", sa.String(length=32), nullable=True))
    with op.batch_alter_table("event_actors", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("role", sa.String(length=8), nullable=False, server_default="actor")
        )
    op.create_table(
        "event_claims",
        sa.Column("doc_id", sa.String(length=64), nullable=False),
        sa.Column("event_id", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("measure", sa.String(length=16), nullable=False),
        sa.Column("claim", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["doc_id", "event_id"],
            ["events.doc_id", "events.id"],
            name=op.f("fk_event_claims_doc_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("doc_id", "event_id", "position", name=op.f("pk_event_claims")),
    )


def downgrade() -> None:
    op.drop_table("event_claims")
    with op.batch_alter_table("event_actors", schema=None) as batch_op:
        batch_op.drop_column("role")
    with op.batch_alter_table("events", schema=None) as batch_op:
        for name in ("quote", "time", "date_precision", "place_precision", "place_name",
                     "acled_sub_event_type", "acled_event_type", "trigger_end", "trigger_start",
                     "sub_type"):  # fmt: skip
            batch_op.drop_column(name)
        for name in FIGURES:
            batch_op.alter_column(
                name, existing_type=sa.Float(), type_=sa.Text(), existing_nullable=True
            )
