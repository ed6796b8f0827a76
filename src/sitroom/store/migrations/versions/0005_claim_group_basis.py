"""claim groups: the kind of figure (event, running total, period) and the place as a path

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 11:00:00

A group now holds one kind of figure (``basis``: event, as_of, period), which decides how far
apart in time its reports may be, and its place as a path from country to region to locality
(``place_path``: "UA/Dnipropetrovsk Oblast/Chaplyne"), so a figure placed only in the region or
the country can meet one placed in a town of it while two towns stay apart. Groups stored
before have neither; ``sitroom relink`` rebuilds them by the current rules. ``anchor`` is the
kind of target an event figure's sentence names ("station", "airbase"): reports of one attack
on it group however many days apart they are.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

#: name -> type of the new (nullable) columns
COLUMNS = {"basis": sa.String(16), "place_path": sa.Text(), "anchor": sa.String(32)}


def upgrade() -> None:
    # plain ALTER TABLE (see 0004: a batch copy of a parent table would drop its members)
    for name, type_ in COLUMNS.items():
        op.add_column("claim_groups", sa.Column(name, type_, nullable=True))


def downgrade() -> None:
    for name in reversed(COLUMNS):
        op.drop_column("claim_groups", name)
