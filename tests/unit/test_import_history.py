"""Issue 13: past purchases (累计消费 / Total spent, purchase count, last purchase) imported into
the figures as one opening "imported history" deal per customer; text over a field's limit cut
to fit instead of costing the row. Real files, a real SQLite database."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from test_import_customers import xlsx

from crm_desktop.db import migrate
from crm_desktop.db.engine import Database
from crm_desktop.exchange.dbwrite import run_import
from crm_desktop.exchange.export import export_records
from crm_desktop.exchange.importer import plan_import
from crm_desktop.exchange.matching import match_headers
from crm_desktop.exchange.plan import CREATE, UNCHANGED, UPDATE, ImportPlan, ImportResult
from crm_desktop.exchange.table import read_table
from crm_desktop.exchange.undo import undo_import
from crm_desktop.services.customer_query import customer_ids, customer_rows
from crm_desktop.services.deals import quick_sale
from crm_desktop.services.rfm import rfm_rows
from crm_desktop.services.timeline import customer_timeline

TODAY = date(2026, 12, 1)
FIGURES = ["name", "total_spent", "purchase_count", "last_purchase_at"]


def plan(db: Database, path: Path, policy: str = "skip", lang: str = "zh") -> ImportPlan:
    table = read_table(path)
    with db.session() as s:
        return plan_import(
            s, "customers", table, match_headers("customers", table.headers), policy, lang=lang
        )


def do_import(db: Database, path: Path, policy: str = "skip", lang: str = "zh") -> ImportResult:
    return run_import(db, plan(db, path, policy, lang))


def figures(db: Database) -> dict[str, tuple[Any, ...]]:
    with db.session() as s:
        rows = customer_rows(s, sorted(customer_ids(s)), FIGURES)
    return {r["name"]: (r["total_spent"], r["purchase_count"], r["last_purchase_at"]) for r in rows}


def opening_deals(db: Database) -> list[tuple[Any, ...]]:
    with db.session() as s:
        return [
            tuple(r)
            for r in s.execute(
                text(
                    "SELECT c.name, d.title, d.amount, d.history_purchases, d.status FROM deals d "
                    "JOIN customers c ON c.id = d.customer_id WHERE d.history_purchases IS NOT NULL ORDER BY d.id"
                )
            )
        ]


def id_of(db: Database, name: str) -> int:
    with db.session() as s:
        return int(s.execute(text("SELECT id FROM customers WHERE name = :n"), {"n": name}).scalar_one())


def chinese_shop_list(path: Path) -> Path:
    return xlsx(
        path,
        [
            ["姓名", "手机", "累计消费(元)", "消费次数", "最近消费"],
            ["张伟", "13800138000", 12380.19, 7, datetime(2026, 10, 3)],
            ["李娜", "13900139000", "¥1,200.50", 2, "2026-06-15"],
            ["王芳", "13700137000", None, None, None],
        ],
    )


def test_chinese_history_columns_become_the_figures_rfm_and_timeline(db: Database, tmp_path: Path) -> None:
    path = chinese_shop_list(tmp_path / "会员.xlsx")
    p = plan(db, path)
    # the columns are matched to the figures, not left for a custom field
    assert p.mapping.targets == ["name", "phone", "total_spent", "purchase_count", "last_purchase_at"]
    assert p.mapping.computed == [] and p.mapping.unmatched() == []
    result = run_import(db, p)
    assert (result.created, result.rejected, result.notes) == (3, 0, [])

    assert figures(db) == {
        "张伟": (12380.19, 7, datetime(2026, 10, 3)),
        "李娜": (1200.5, 2, datetime(2026, 6, 15)),
        "王芳": (0.0, 0, None),  # no history: no opening deal
    }
    assert opening_deals(db) == [
        ("张伟", "导入的历史消费", 12380.19, 7, "won"),
        ("李娜", "导入的历史消费", 1200.5, 2, "won"),
    ]
    with db.session() as s:
        note = s.execute(text("SELECT notes FROM deals WHERE amount = 12380.19")).scalar_one()
        assert note == "从 会员.xlsx 导入：此前 7 次购买，共 12,380.19。客户的消费统计按 7 次计算。"
        scored = {r.name: (r.frequency, r.monetary, r.last_purchase_at) for r in rfm_rows(s, TODAY)}
        assert scored == {
            "张伟": (7, 12380.19, datetime(2026, 10, 3)),
            "李娜": (2, 1200.5, datetime(2026, 6, 15)),
        }
        entries = customer_timeline(s, id_of(db, "张伟"), lang="zh")
    history = [e for e in entries if e.kind == "deal_history"]
    assert [(e.at, e.title, e.detail) for e in history] == [
        (datetime(2026, 10, 3), "导入的历史消费", "7 次购买，共 12,380.19")
    ]
    assert not [e for e in entries if e.kind in ("deal_created", "deal_won")]  # said once

    with db.session() as s:
        undone = undo_import(s, result.batch_id or 0)
    assert undone["removed"] == 5  # three customers and their two opening deals
    assert figures(db) == {} and opening_deals(db) == []


def test_english_csv_and_every_listed_synonym(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "shopify.csv"
    path.write_text(
        'Name,Email,Total spent,Orders,Last order\nAnn Lee,ann@example.com,"1,234.50",3,2025-01-02\n',
        encoding="utf-8",
    )
    result = do_import(db, path, lang="en")
    assert figures(db) == {"Ann Lee": (1234.5, 3, datetime(2025, 1, 2))}
    assert opening_deals(db) == [("Ann Lee", "Imported purchase history", 1234.5, 3, "won")]
    assert result.notes == []
    synonyms = {
        "total_spent": ["累计消费", "累计消费(元)", "消费金额", "消费总额", "Total spent"],
        "purchase_count": ["消费次数", "购买次数", "Orders", "Order count"],
        "last_purchase_at": ["最近消费", "最近消费日期", "最后消费时间", "Last order", "Last purchase"],
    }
    for key, headers in synonyms.items():
        assert match_headers("customers", headers).targets[0] == key
        assert match_headers("customers", ["Name", *headers]).targets[1] == key


def test_a_bad_amount_costs_only_that_value(db: Database, tmp_path: Path) -> None:
    path = xlsx(
        tmp_path / "bad.xlsx",
        [
            ["姓名", "手机", "累计消费", "消费次数", "最近消费"],
            ["张伟", "13800138000", "abc", 4, "2026-05-01"],
            ["李娜", "13900139000", 800, -2, "2026-05-02"],
        ],
    )
    p = plan(db, path)
    assert [r.action for r in p.rows] == [CREATE, CREATE] and not p.errors
    assert [n.describe("zh") for n in p.notes] == [
        "累计消费：abc 不是数字。该值未导入，这一行的其余内容照常导入。",
        "消费次数：购买次数：-2 不能为负数。该值未导入，这一行的其余内容照常导入。",
    ]
    assert "abc is not a number. That value was left out" in p.notes[0].describe("en")
    result = run_import(db, p)
    assert result.created == 2 and len(result.notes) == 2
    assert figures(db) == {
        "张伟": (0.0, 4, datetime(2026, 5, 1)),  # the count and date still count
        "李娜": (800.0, 1, datetime(2026, 5, 2)),  # an amount is at least one purchase
    }


def test_an_update_replaces_the_opening_deal_and_its_undo_puts_it_back(db: Database, tmp_path: Path) -> None:
    first = do_import(db, chinese_shop_list(tmp_path / "a.xlsx"))
    later = xlsx(
        tmp_path / "b.xlsx",
        [
            ["姓名", "手机", "累计消费(元)", "消费次数", "最近消费"],
            ["张伟", "13800138000", 15000, 9, "2026-11-01"],
            ["李娜", "13900139000", 1200.5, 2, "2026-06-15"],  # as before
            ["王芳", "13700137000", 300, None, None],
        ],
    )
    p = plan(db, later, "update")
    assert [r.action for r in p.rows] == [UPDATE, UNCHANGED, UPDATE]
    assert p.rows[0].changes == {
        "total_spent": (12380.19, 15000.0),
        "purchase_count": (7, 9),
        "last_purchase_at": (datetime(2026, 10, 3), datetime(2026, 11, 1)),
    }
    second = run_import(db, p)
    assert second.updated == 2
    got = figures(db)
    assert got["张伟"] == (15000.0, 9, datetime(2026, 11, 1))
    assert got["王芳"][:2] == (300.0, 1)
    # one opening deal per customer: the earlier one was replaced, not joined by a second
    assert [(n, a, c) for n, _t, a, c, _s in opening_deals(db)] == [
        ("张伟", 15000.0, 9),
        ("李娜", 1200.5, 2),
        ("王芳", 300.0, 1),
    ]
    with db.session() as s:
        assert undo_import(s, second.batch_id or 0) == {"removed": 1, "restored": 1}
    assert figures(db) == {
        "张伟": (12380.19, 7, datetime(2026, 10, 3)),
        "李娜": (1200.5, 2, datetime(2026, 6, 15)),
        "王芳": (0.0, 0, None),
    }
    with db.session() as s:
        undo_import(s, first.batch_id or 0)
    assert opening_deals(db) == []


def test_a_zero_in_the_file_brings_the_opening_deal_down(db: Database, tmp_path: Path) -> None:
    first = do_import(db, chinese_shop_list(tmp_path / "a.xlsx"))
    zero = xlsx(
        tmp_path / "z.xlsx", [["姓名", "手机", "累计消费", "消费次数"], ["张伟", "13800138000", 0, 0]]
    )
    p = plan(db, zero, "update")
    assert p.rows[0].action == UPDATE
    assert p.rows[0].changes == {
        "total_spent": (12380.19, 0.0),
        "purchase_count": (7, 0),
        "last_purchase_at": (datetime(2026, 10, 3), None),
    }
    run_import(db, p)
    assert figures(db)["张伟"] == (0.0, 0, None)  # no purchase, so no purchase date either
    with db.session() as s:
        assert "张伟" not in {r.name for r in rfm_rows(s, TODAY)}
    # the same file again changes nothing
    assert [r.action for r in plan(db, zero, "update").rows] == [UNCHANGED]
    with db.session() as s:
        undo_import(s, first.batch_id or 0)
    assert opening_deals(db) == []


def test_sales_recorded_in_the_app_are_not_counted_twice(db: Database, tmp_path: Path) -> None:
    do_import(db, chinese_shop_list(tmp_path / "a.xlsx"))
    with db.session() as s:
        quick_sale(s, id_of(db, "张伟"), 620.0, "耳机")
    assert figures(db)["张伟"][:2] == (13000.19, 8)
    # our own export (figures included) read back over the same customers changes nothing
    out = tmp_path / "export.xlsx"
    with db.session() as s:
        export_records(s, "customers", out, lang="zh")
    p = plan(db, out, "update")
    assert {r.action for r in p.rows} == {UNCHANGED}
    # a later list from the old system: the opening deal carries what the app's sales do not
    later = xlsx(
        tmp_path / "c.xlsx",
        [["姓名", "手机", "累计消费", "消费次数"], ["张伟", "13800138000", 20000, 10]],
    )
    run_import(db, plan(db, later, "update"))
    assert figures(db)["张伟"][:2] == (20000.0, 10)
    assert [(a, c) for n, _t, a, c, _s in opening_deals(db) if n == "张伟"] == [(19380.0, 9)]


def test_oversized_text_is_cut_to_the_limit_and_reported(db: Database, tmp_path: Path) -> None:
    note, name = "很长的备注" * 6000, "王" * 300  # 30,000 and 300 characters
    path = xlsx(tmp_path / "giant_cell.xlsx", [["姓名", "手机", "备注"], [name, "13800138000", note]])
    p = plan(db, path)
    assert not p.errors and p.count(CREATE) == 1
    assert [n.describe("zh") for n in p.notes] == [
        "姓名有 300 个字符，超过了上限 200 个：只导入了前 200 个。",
        "备注有 30000 个字符，超过了上限 20000 个：只导入了前 20000 个。",
    ]
    assert p.notes[1].describe("en") == (
        "Notes had 30000 characters, more than the 20000 it holds: the first 20000 were imported."
    )
    assert "备注有 30000 个字符" in p.rows[0].describe("zh")  # the dry run's line says so too
    result = run_import(db, p)
    assert result.created == 1 and len(result.notes) == 2
    with db.session() as s:
        (row,) = customer_rows(s, customer_ids(s), ["name", "notes"])
    assert row["name"] == name[:200] and row["notes"] == note[:20000]


def test_a_long_deal_note_is_cut_too(db: Database, tmp_path: Path) -> None:
    do_import(db, chinese_shop_list(tmp_path / "a.xlsx"))
    path = tmp_path / "deals.csv"
    path.write_text(f"客户,名称,金额,备注\n张伟,年卡,1000,{'x' * 6000}\n", encoding="utf-8")
    table = read_table(path, kind="deals")
    with db.session() as s:
        p = plan_import(s, "deals", table, match_headers("deals", table.headers))
    assert not p.errors and [n.error.code for n in p.notes] == ["import.value_cut"]
    run_import(db, p)
    with db.session() as s:
        assert s.execute(text("SELECT length(notes) FROM deals WHERE title = '年卡'")).scalar() == 5000


def test_the_opening_deal_column_comes_with_the_schema_head(db: Database) -> None:
    with db.session() as s:
        columns = [r[1] for r in s.execute(text("PRAGMA table_info(deals)"))]
        version = s.execute(text("SELECT version_num FROM alembic_version")).scalar()
    assert "history_purchases" in columns and version == migrate.HEAD


@pytest.mark.parametrize("header", ["最近联系", "Next follow-up", "未结服务"])
def test_other_figures_are_still_worked_out_never_imported(header: str) -> None:
    mapping = match_headers("customers", ["Name", header])
    assert mapping.targets == ["name", None] and mapping.computed == [header]
