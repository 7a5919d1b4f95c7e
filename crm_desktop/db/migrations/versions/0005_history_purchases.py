"""history purchases: a won deal may stand for several past purchases (imported history)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07

`deals.history_purchases` is NULL on every ordinary deal. An import that brings in a customer's
past purchases (total spent, purchase count, last purchase) writes one won deal with the total
as its amount and the number of purchases it stands for here; the figures count it as that
many purchases (`services.figures`). Nothing else changes: existing deals keep NULL.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a plain ALTER TABLE ADD COLUMN: instant, the table is not rebuilt
    op.add_column("deals", sa.Column("history_purchases", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("deals") as batch_op:
        batch_op.drop_column("history_purchases")
