"""surname pinyin: recompute the search keys of names that start with a heteronym surname

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04

Data only. pypinyin reads 曾子轩 as `cengzixuan`; as a surname 曾 is `zeng` (see
`crm_desktop.db.keys.surname_pinyin`). Only customers whose name starts with one of these
characters are read and, when their keys change, rewritten; the search index follows through
its update trigger.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# First characters of the surnames whose reading this release corrected (compound ones: 长孙,
# 万俟, 尉迟, 单于, 澹台). A later correction is a later revision with its own list.
FIRST_CHARS = (
    "曾", "单", "解", "仇", "区", "查", "朴", "乐", "覃", "盖", "缪", "翟", "尉", "纪", "冼", "燕", "华",
    "任", "沈", "朝", "种", "秘", "员", "宿", "那", "繁", "郗", "隗", "卜", "薄", "祭", "长", "万", "澹",
)  # fmt: skip


def upgrade() -> None:
    from crm_desktop.db.keys import pinyin_keys

    conn = op.get_bind()
    marks = ", ".join(f":c{i}" for i in range(len(FIRST_CHARS)))
    rows = conn.execute(
        sa.text(
            "SELECT id, name, kind, name_pinyin, name_initials FROM customers "
            f"WHERE substr(trim(name), 1, 1) IN ({marks})"
        ),
        {f"c{i}": ch for i, ch in enumerate(FIRST_CHARS)},
    ).all()
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
