"""name missing: a contact imported without a name is marked, so "no name yet" lists it

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07

Phones and mail programs keep contacts that have only a number, an email or a company. An import
now brings them in with that as the name, and marks them here so that a list filter (待补全姓名 /
"no name yet") finds them until someone types the name. Existing customers whose name is their
own email or phone number are marked too.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a plain ADD COLUMN: SQLite keeps the table (and the search index's triggers) as they are
    op.add_column(
        "customers",
        sa.Column("name_missing", sa.Boolean(), nullable=False, server_default=sa.text("0")),
    )
    op.execute(
        "UPDATE customers SET name_missing = 1 "
        "WHERE name = email OR name = phone OR name = alt_phone OR name = email_norm OR name = phone_norm"
    )
    op.create_index("ix_customers_name_missing", "customers", ["name_missing"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_customers_name_missing", table_name="customers")
    op.execute("ALTER TABLE customers DROP COLUMN name_missing")
