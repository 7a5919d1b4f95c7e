"""Demo data: believable, consistent with itself, deterministic, and safe for real data."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import datetime
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from crm_desktop.db.engine import Database, open_database
from crm_desktop.db.keys import normalise_phone
from crm_desktop.errors import CrmError
from crm_desktop.services.customer_query import CustomerQuery, customer_ids
from crm_desktop.services.customers import create_customer
from crm_desktop.services.demo import generate_demo
from crm_desktop.services.progress import Progress

NOW = datetime(2026, 6, 15, 12, 30)


def rows(db: Database, sql: str) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(db.path)) as conn:
        return conn.execute(sql).fetchall()


def one(db: Database, sql: str) -> Any:
    return rows(db, sql)[0][0]


def schema(db: Database) -> set[tuple[str, str, str]]:
    return set(rows(db, "SELECT type, name, COALESCE(sql, '') FROM sqlite_master"))


@pytest.fixture(scope="module")
def shop_zh(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """300 Chinese shop customers, made once for the read-only tests of this module."""
    database = open_database(tmp_path_factory.mktemp("demo") / "shop.db")
    generate_demo(database, customers=300, lang="zh", business="shop", seed=7, now=NOW)
    yield database
    database.close()


def test_counts_and_summary(tmp_path: Path) -> None:
    db = open_database(tmp_path / "d.db")
    summary = generate_demo(db, customers=120, lang="zh", business="shop", seed=1, now=NOW)
    assert summary.customers == one(db, "SELECT COUNT(*) FROM customers") == 120
    assert summary.deals == one(db, "SELECT COUNT(*) FROM deals") > 120  # a few per customer
    assert summary.follow_ups == one(db, "SELECT COUNT(*) FROM follow_ups") > 120
    assert summary.service_records == one(db, "SELECT COUNT(*) FROM service_records") > 0
    assert summary.stage_changes == one(db, "SELECT COUNT(*) FROM deal_stage_history") >= summary.deals
    db.close()


def test_chinese_customers_look_real(shop_zh: Database) -> None:
    people = rows(
        shop_zh, "SELECT name, phone, email, city, source, name_initials, phone_norm FROM customers"
    )
    names = [p[0] for p in people]
    assert all(re.fullmatch(r"[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff] [\u4e00-\u9fff]{1,3}", n) for n in names)
    assert len(set(names)) > 200  # not one name repeated
    assert sum(n.startswith(("王", "李", "张")) for n in names) > 30  # common surnames are common
    phones = [p[1] for p in people if p[1]]
    assert len(phones) > 250
    assert all(re.fullmatch(r"1[3-9]\d{9}", normalise_phone(p) or "") for p in phones)
    assert any("-" in p for p in phones) and any(re.fullmatch(r"\d{11}", p) for p in phones)
    assert all("@" in p[2] for p in people if p[2])
    assert {p[3] for p in people} <= {
        "北京", "上海", "广州", "深圳", "杭州", "成都", "武汉", "南京", "西安", "重庆",
        "苏州", "天津", "长沙", "郑州", "青岛", "厦门", "宁波", "合肥", "昆明", "大连",
    }  # fmt: skip
    assert {p[4] for p in people} == {"进店", "老客介绍", "微信", "网店"}  # the shop preset's sources
    assert all(p[5] for p in people)  # pinyin initials for search
    assert all(p[6] == normalise_phone(p[1]) for p in people)


def test_every_kind_of_record_is_there(shop_zh: Database) -> None:
    assert {c for (c,) in rows(shop_zh, "SELECT DISTINCT category FROM customers")} == {
        "prospect", "lead", "customer", "loyal", "advocate",
    }  # fmt: skip
    stages = rows(shop_zh, "SELECT id FROM pipeline_stages")
    used = {s for (s,) in rows(shop_zh, "SELECT DISTINCT stage_id FROM deals")}
    assert used == {s for (s,) in stages}  # deals across all stages
    assert {s for (s,) in rows(shop_zh, "SELECT DISTINCT status FROM deals")} == {"open", "won", "lost"}
    assert one(shop_zh, "SELECT COUNT(*) FROM deals WHERE status != 'open' AND close_reason IS NULL") == 0
    assert one(shop_zh, "SELECT COUNT(*) FROM deals WHERE status != 'open' AND closed_at IS NULL") == 0
    assert one(shop_zh, "SELECT COUNT(*) FROM deals WHERE status = 'open' AND closed_at IS NOT NULL") == 0
    scores = {
        s for (s,) in rows(shop_zh, "SELECT satisfaction FROM service_records WHERE satisfaction IS NOT NULL")
    }
    assert scores <= {1, 2, 3, 4, 5} and len(scores) >= 3
    assert one(shop_zh, "SELECT COUNT(*) FROM service_records WHERE status IN ('open', 'in_progress')") > 0
    assert one(shop_zh, "SELECT COUNT(*) FROM customer_tags") > 50
    assert one(shop_zh, "SELECT COUNT(*) FROM notes") > 10
    assert one(shop_zh, "SELECT COUNT(*) FROM customers WHERE birthday IS NOT NULL") > 100


def test_stage_history_tells_each_deals_story(shop_zh: Database) -> None:
    history: dict[int, list[tuple[int | None, int, str]]] = {}
    for deal_id, frm, to, at in rows(
        shop_zh, "SELECT deal_id, from_stage_id, to_stage_id, changed_at FROM deal_stage_history ORDER BY id"
    ):
        history.setdefault(deal_id, []).append((frm, to, at))
    for deal_id, stage_id, created, closed in rows(
        shop_zh, "SELECT id, stage_id, created_at, closed_at FROM deals"
    ):
        steps = history[deal_id]
        assert steps[0][0] is None and steps[0][2] == created
        assert steps[-1][1] == stage_id
        assert all(a[1] == b[0] for a, b in pairwise(steps))
        assert [s[2] for s in steps] == sorted(s[2] for s in steps)
        if closed is not None:
            assert steps[-1][2] == closed


def test_follow_ups_two_years_done_and_open(shop_zh: Database) -> None:
    now = NOW.isoformat(" ") + ".000000"  # as SQLAlchemy stores it
    today = NOW.date().isoformat()
    first = one(shop_zh, "SELECT MIN(due_at) FROM follow_ups")
    assert str(first) < "2024-10-01"  # history reaches back about two years (NOW is 2026-06-15)
    assert one(shop_zh, "SELECT COUNT(*) FROM follow_ups WHERE done_at IS NOT NULL AND outcome IS NULL") == 0
    assert one(shop_zh, f"SELECT COUNT(*) FROM follow_ups WHERE done_at > '{now}'") == 0
    open_ = "done_at IS NULL"
    overdue = one(shop_zh, f"SELECT COUNT(*) FROM follow_ups WHERE {open_} AND due_at < '{today}'")
    due_today = one(shop_zh, f"SELECT COUNT(*) FROM follow_ups WHERE {open_} AND date(due_at) = '{today}'")
    upcoming = one(shop_zh, f"SELECT COUNT(*) FROM follow_ups WHERE {open_} AND date(due_at) > '{today}'")
    assert overdue > 0 and due_today > 0 and upcoming > 0


def test_figures_match_the_records(shop_zh: Database) -> None:
    mismatched = one(
        shop_zh,
        "SELECT COUNT(*) FROM customers c WHERE abs(c.total_spent - COALESCE((SELECT SUM(amount) FROM deals d "
        "WHERE d.customer_id = c.id AND d.status = 'won'), 0)) > 0.005 OR c.purchase_count != (SELECT COUNT(*) "
        "FROM deals d WHERE d.customer_id = c.id AND d.status = 'won')",
    )
    assert mismatched == 0
    wrong_next = one(
        shop_zh,
        "SELECT COUNT(*) FROM customers c WHERE c.next_follow_up_at IS NOT (SELECT MIN(due_at) FROM follow_ups f "
        "WHERE f.customer_id = c.id AND f.done_at IS NULL)",
    )
    assert wrong_next == 0
    # grades follow the money: every A customer spent more than every C customer
    a_min = one(shop_zh, "SELECT MIN(total_spent) FROM customers WHERE grade = 'A'")
    c_max = one(shop_zh, "SELECT MAX(total_spent) FROM customers WHERE grade = 'C'")
    assert a_min > c_max


def test_search_finds_demo_customers(shop_zh: Database) -> None:
    name, initials, phone = rows(
        shop_zh, "SELECT name, name_initials, phone_norm FROM customers WHERE archived_at IS NULL AND "
        "phone_norm IS NOT NULL AND length(name) = 2 LIMIT 1"
    )[0]  # fmt: skip
    with shop_zh.session() as s:
        wanted = one(shop_zh, f"SELECT id FROM customers WHERE phone_norm = '{phone}' AND name = '{name}'")
        assert wanted in customer_ids(s, CustomerQuery(search=name))
        assert wanted in customer_ids(s, CustomerQuery(search=initials))
        assert wanted in customer_ids(s, CustomerQuery(search=phone[3:9]))


def test_english_office_demo(tmp_path: Path) -> None:
    db = open_database(tmp_path / "office.db")
    generate_demo(db, customers=80, lang="en", business="office", seed=2, now=NOW)
    names = [n for (n,) in rows(db, "SELECT name FROM customers WHERE kind = 'person'")]
    assert all(re.fullmatch(r"[A-Za-z]+( {1,2}[A-Za-z]+)+|[A-Z ]+", n) for n in names)
    assert one(db, "SELECT COUNT(*) FROM customers WHERE company IS NOT NULL") > 50
    assert {c for (c,) in rows(db, "SELECT code FROM pipeline_stages")} == {
        "contact", "needs", "proposal", "negotiation", "won", "lost",
    }  # fmt: skip
    assert one(db, "SELECT value FROM settings WHERE key = 'business_type'") == '"office"'
    db.close()


def test_same_seed_same_data(tmp_path: Path) -> None:
    sql = "SELECT name, phone, email, city, category, total_spent FROM customers ORDER BY id"
    deals_sql = "SELECT customer_id, title, amount, stage_id, status, created_at FROM deals ORDER BY id"
    made = []
    for name, seed in (("a", 5), ("b", 5), ("c", 6)):
        db = open_database(tmp_path / f"{name}.db")
        generate_demo(db, customers=60, lang="zh", business="school", seed=seed, now=NOW)
        made.append((rows(db, sql), rows(db, deals_sql)))
        db.close()
    assert made[0] == made[1]
    assert made[0][0] != made[2][0]


def test_schema_is_unchanged(tmp_path: Path) -> None:
    db = open_database(tmp_path / "s.db")
    before = schema(db)
    generate_demo(db, customers=30, seed=3, now=NOW)
    assert schema(db) == before  # indexes and search triggers dropped for speed are all back
    with db.session() as s:  # and the search index keeps working for new customers
        c = create_customer(s, {"name": "欧阳娜娜", "phone": "13700001111"})
        assert c.id in customer_ids(s, CustomerQuery(search="oyn"))
    db.close()


def test_refuses_a_database_with_customers(db: Database) -> None:
    with db.session() as s:
        create_customer(s, {"name": "真实客户"})
    before = schema(db), rows(db, "SELECT * FROM customers"), rows(db, "SELECT * FROM pipeline_stages")
    with pytest.raises(CrmError) as err:
        generate_demo(db, customers=10)
    assert err.value.code == "demo.not_empty"
    assert (
        schema(db),
        rows(db, "SELECT * FROM customers"),
        rows(db, "SELECT * FROM pipeline_stages"),
    ) == before


def test_business_type_replaces_the_preset_of_an_empty_database(db: Database) -> None:
    generate_demo(db, customers=5, business="school", now=NOW)  # `db` was set up as a shop
    codes = [c for (c,) in rows(db, "SELECT code FROM pipeline_stages ORDER BY position")]
    assert codes == ["enquiry", "trial", "enrolled", "renewed", "lost"]


def test_bad_count(tmp_path: Path) -> None:
    db = open_database(tmp_path / "n.db")
    for bad in (-1, 10_000_000):
        with pytest.raises(CrmError) as err:
            generate_demo(db, customers=bad)
        assert err.value.code == "demo.bad_count"
    assert one(db, "SELECT COUNT(*) FROM customers") == 0
    db.close()


def test_cancel_rolls_everything_back(db: Database) -> None:
    before = schema(db), rows(db, "SELECT * FROM pipeline_stages"), rows(db, "SELECT * FROM settings")
    seen: list[tuple[int, int]] = []

    def cancel_after_first_batch(done: int, total: int) -> None:
        seen.append((done, total))
        progress.cancel()

    progress = Progress(cancel_after_first_batch)
    with pytest.raises(CrmError) as err:  # `db` is a shop: the school preset must not stay either
        generate_demo(db, customers=5200, business="school", progress=progress, now=NOW)
    assert err.value.code == "demo.cancelled"
    assert seen == [(5000, 5200)]
    assert one(db, "SELECT COUNT(*) FROM customers") == 0
    assert one(db, "SELECT COUNT(*) FROM deals") == 0
    assert (
        schema(db),
        rows(db, "SELECT * FROM pipeline_stages"),
        rows(db, "SELECT * FROM settings"),
    ) == before


def test_progress_reaches_the_end(tmp_path: Path) -> None:
    db = open_database(tmp_path / "p.db")
    seen: list[tuple[int, int]] = []
    generate_demo(db, customers=40, progress=Progress(lambda d, t: seen.append((d, t))), now=NOW)
    assert seen[-1] == (40, 40)
    db.close()


def test_another_program_writing(db: Database) -> None:
    writer = sqlite3.connect(db.path, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        with pytest.raises(CrmError) as err:
            generate_demo(db, customers=10, now=NOW)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert err.value.code == "db.locked"
    assert one(db, "SELECT COUNT(*) FROM customers") == 0
