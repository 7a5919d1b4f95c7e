"""search index: pinyin keys and an FTS5 trigram index kept current by triggers

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Columns the trigram index serves. Phones are indexed as digits so that `1380013` finds
# `138-0013-8000`; the pinyin of the name lets `zhangwei` find 张伟.
FTS_COLUMNS = ("name", "company", "phone_norm", "alt_phone_norm", "email", "notes", "name_pinyin")
_cols = ", ".join(FTS_COLUMNS)
_new = ", ".join(f"new.{c}" for c in FTS_COLUMNS)
_old = ", ".join(f"old.{c}" for c in FTS_COLUMNS)


def upgrade() -> None:
    with op.batch_alter_table("customers") as batch_op:
        batch_op.add_column(sa.Column("name_pinyin", sa.String(length=400), nullable=True))
        batch_op.add_column(sa.Column("name_initials", sa.String(length=200), nullable=True))
        batch_op.create_index("ix_customers_initials", ["name_initials"], unique=False)
        batch_op.create_index("ix_customers_pinyin", ["name_pinyin"], unique=False)
        # covering index for 1-2 character searches (see db/search.py)
        batch_op.create_index(
            "ix_customers_search_scan",
            [
                "archived_at",
                "name",
                "company",
                "email_norm",
                "phone_norm",
                "alt_phone_norm",
                "name_pinyin",
                "name_initials",
                "notes",
            ],
            unique=False,
        )

    # Fill the pinyin keys of customers that already exist.
    from crm_desktop.db.keys import pinyin_keys

    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, name FROM customers")).all()
    if rows:
        conn.execute(
            sa.text("UPDATE customers SET name_pinyin = :p, name_initials = :i WHERE id = :id"),
            [dict(zip(("p", "i"), pinyin_keys(name), strict=True), id=cid) for cid, name in rows],
        )

    op.execute(
        f"CREATE VIRTUAL TABLE customer_fts USING fts5({_cols}, "
        "content='customers', content_rowid='id', tokenize='trigram')"
    )
    op.execute(
        f"CREATE TRIGGER customers_fts_ai AFTER INSERT ON customers BEGIN "
        f"INSERT INTO customer_fts(rowid, {_cols}) VALUES (new.id, {_new}); END"
    )
    op.execute(
        f"CREATE TRIGGER customers_fts_ad AFTER DELETE ON customers BEGIN "
        f"INSERT INTO customer_fts(customer_fts, rowid, {_cols}) VALUES ('delete', old.id, {_old}); END"
    )
    op.execute(
        f"CREATE TRIGGER customers_fts_au AFTER UPDATE OF {_cols} ON customers BEGIN "
        f"INSERT INTO customer_fts(customer_fts, rowid, {_cols}) VALUES ('delete', old.id, {_old}); "
        f"INSERT INTO customer_fts(rowid, {_cols}) VALUES (new.id, {_new}); END"
    )
    op.execute("INSERT INTO customer_fts(customer_fts) VALUES ('rebuild')")


def downgrade() -> None:
    for trigger in ("customers_fts_ai", "customers_fts_ad", "customers_fts_au"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS customer_fts")
    with op.batch_alter_table("customers") as batch_op:
        batch_op.drop_index("ix_customers_search_scan")
        batch_op.drop_index("ix_customers_pinyin")
        batch_op.drop_index("ix_customers_initials")
        batch_op.drop_column("name_initials")
        batch_op.drop_column("name_pinyin")
