"""alerts: the rules made through the API and the alerts the rules raise

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 19:30:00

Rules (a new contested group; a figure for a watched place, measure or entity; a rise of a
measure in a place against its own baseline) live in sitroom.toml or, made through the API, in
``alert_rules``. Every alert a rule raises is kept once in ``alerts`` (unique rule and key).
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
        "alert_rules",
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("measure", sa.String(48), nullable=True),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("entity", sa.Text(), nullable=True),
        sa.Column("recent_days", sa.Integer(), nullable=True),
        sa.Column("baseline_days", sa.Integer(), nullable=True),
        sa.Column("factor", sa.Float(), nullable=True),
        sa.Column("minimum", sa.Float(), nullable=True),
        sa.Column("webhook", sa.Text(), nullable=True),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_alert_rules"),
    )
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("rule", sa.String(120), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("measure", sa.String(48), nullable=True),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("doc_id", sa.String(64), nullable=True),
        sa.Column("claim_id", sa.String(32), nullable=True),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("baseline", sa.Float(), nullable=True),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("webhook_status", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_alerts"),
        sa.UniqueConstraint("rule", "key", name="uq_alerts_rule_key"),
    )
    op.create_index("ix_alerts_rule", "alerts", ["rule"])
    op.create_index("ix_alerts_created_at", "alerts", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_alerts_created_at", table_name="alerts")
    op.drop_index("ix_alerts_rule", table_name="alerts")
    op.drop_table("alerts")
    op.drop_table("alert_rules")
