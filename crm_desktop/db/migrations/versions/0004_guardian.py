"""guardian: a student's parent or guardian (name, relation, phone) as built-in customer fields

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07

Three plain columns, and `guardian_phone_norm` (the phone's digits, +86/0086 dropped) that two
triggers keep current on every write path (the ORM, the bulk import, an import undo), so that
a parent's number finds the student through an index. The columns are new, so no row needs
filling. Added with ALTER TABLE (never a table copy, which would drop the search triggers).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Separators people type in phone numbers; what is left is the digits (like db.keys.normalise_phone).
_SEPARATORS = (" ", "-", "(", ")", "+", ".", "/", "\u3000", "（", "）", "－", "＋")


def _digits(column: str) -> str:
    expr = f"trim({column})"
    for ch in _SEPARATORS:
        expr = f"replace({expr}, '{ch}', '')"
    return expr


def _normalised(column: str) -> str:
    d = _digits(column)
    return (
        f"CASE WHEN {d} = '' THEN NULL "
        f"WHEN {d} LIKE '0086%' AND length({d}) > 11 THEN substr({d}, 5) "
        f"WHEN ltrim({column}) LIKE '+86%' AND length({d}) = 13 THEN substr({d}, 3) "
        f"ELSE {d} END"
    )


def upgrade() -> None:
    op.add_column("customers", sa.Column("guardian_name", sa.String(length=200), nullable=True))
    op.add_column("customers", sa.Column("guardian_relation", sa.String(length=50), nullable=True))
    op.add_column("customers", sa.Column("guardian_phone", sa.String(length=50), nullable=True))
    op.add_column("customers", sa.Column("guardian_phone_norm", sa.String(length=50), nullable=True))
    op.create_index("ix_customers_guardian_phone_norm", "customers", ["guardian_phone_norm"], unique=False)
    norm = _normalised("new.guardian_phone")
    op.execute(
        "CREATE TRIGGER customers_guardian_phone_ai AFTER INSERT ON customers "
        "WHEN new.guardian_phone IS NOT NULL BEGIN "
        f"UPDATE customers SET guardian_phone_norm = {norm} WHERE id = new.id; END"
    )
    op.execute(
        "CREATE TRIGGER customers_guardian_phone_au AFTER UPDATE OF guardian_phone ON customers BEGIN "
        f"UPDATE customers SET guardian_phone_norm = {norm} WHERE id = new.id; END"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS customers_guardian_phone_au")
    op.execute("DROP TRIGGER IF EXISTS customers_guardian_phone_ai")
    op.drop_index("ix_customers_guardian_phone_norm", table_name="customers")
    for column in ("guardian_phone_norm", "guardian_phone", "guardian_relation", "guardian_name"):
        op.drop_column("customers", column)
