"""surname pinyin: recompute the search keys of names that start with a heteronym surname

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04

Data only. pypinyin reads 曾子轩 as `cengzixuan`; as a surname 曾 is `zeng` (see
`crm_desktop.db.keys.surname_pinyin`). Every customer's keys are recomputed and the changed
ones rewritten; the search index follows through its update trigger.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from crm_desktop.db.keys import pinyin_keys

    conn = op.get_bind()
    # Every customer is read (100,000 in about a second): a first character after a tab or a
    # full-width space, or a future correction of the table, is not missed by a SQL filter.
    rows = conn.execute(sa.text("SELECT id, name, kind, name_pinyin, name_initials FROM customers")).all()
    changed = []
    for cid, name, kind, old_pinyin, old_initials in rows:
        pinyin, initials = pinyin_keys(name, kind)
        if (pinyin, initials) != (old_pinyin, old_initials):
            changed.append({"p": pinyin, "i": initials, "id": cid})
    if changed:
        conn.execute(
            sa.text("UPDATE customers SET name_pinyin = :p, name_initials = :i WHERE id = :id"), changed
        )


def downgrade() -> None:
    pass  # the keys are derived data; the older reading is no more correct than this one
