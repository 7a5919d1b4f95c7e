"""Customers on a real SQLite file: create, edit, trash, delete, tags, filters, sorting, pages."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from crm_desktop.db.engine import Database
from crm_desktop.db.models import Deal, FollowUp, Note, ServiceRecord
from crm_desktop.errors import NotFound, ValidationError
from crm_desktop.services.customers import (
    CustomerQuery,
    add_tags,
    archive_customers,
    count_customers,
    create_customer,
    custom_field_names,
    customer_ids,
    customer_rows,
    customer_to_dict,
    delete_customers,
    distinct_values,
    get_customer,
    remove_tags,
    restore_customers,
    set_category,
    set_grade,
    update_customer,
)


def add(s: Session, name: str, **values: object) -> int:
    return create_customer(s, {"name": name, **values}).id


def raw_count(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def test_create_stores_values_keys_tags_and_custom_fields(db: Database) -> None:
    with db.session() as s:
        c = create_customer(
            s,
            {
                "name": " 张伟 ",
                "phone": "+86 138-0013-8000",
                "email": "Zhang.Wei@QQ.com",
                "birthday": "1990年5月3日",
                "category": "意向客户",
                "tags": "VIP，老客户",
                "custom.会员号": "A-12",
            },
        )
        cid = c.id
    with db.session() as s:
        row = customer_rows(s, [cid])[0]
        assert row["name"] == "张伟"
        assert row["phone"] == "+86 138-0013-8000"
        assert row["birthday"] == date(1990, 5, 3)
        assert row["category"] == "lead"
        assert row["kind"] == "person"
        assert row["tags"] == ["VIP", "老客户"]
        assert row["custom.会员号"] == "A-12"
        c = get_customer(s, cid)
        assert (c.phone_norm, c.email_norm, c.name_pinyin, c.name_initials) == (
            "13800138000",
            "zhang.wei@qq.com",
            "zhangwei",
            "zw",
        )
        assert customer_to_dict(c) == row


def test_a_bad_value_writes_nothing(db: Database) -> None:
    with pytest.raises(ValidationError) as info, db.session() as s:
        create_customer(s, {"name": "王芳", "email": "not-an-email"})
    assert info.value.code == "value.email"
    assert info.value.field == "email"
    assert raw_count(db.path, "customers") == 0

    with db.session() as s:
        cid = add(s, "王芳", phone="13800138000", tags="a")
    with pytest.raises(ValidationError), db.session() as s:
        update_customer(s, cid, {"phone": "abc", "city": "北京", "tags": "b"})
    with db.session() as s:
        row = customer_rows(s, [cid])[0]
        assert (row["phone"], row["city"], row["tags"]) == ("13800138000", None, ["a"])


def test_update_changes_fields_tags_custom_and_updated_at(db: Database) -> None:
    with db.session() as s:
        c = create_customer(s, {"name": "李娜", "tags": ["a", "b"], "custom.等级": "金", "custom.卡号": "1"})
        cid, created = c.id, c.updated_at
        c.updated_at = datetime(2020, 1, 1)
    with db.session() as s:
        update_customer(s, cid, {"tags": "b, c", "custom.等级": None, "custom.卡号": "2"})
    with db.session() as s:
        row = customer_rows(s, [cid])[0]
        assert row["tags"] == ["b", "c"]
        assert "custom.等级" not in row
        assert row["custom.卡号"] == "2"
        assert row["updated_at"] >= created
        update_customer(s, cid, {"name": "李娜娜", "kind": "", "grade": "b"})
        c = get_customer(s, cid)
        assert (c.name_pinyin, c.kind, c.grade) == ("linana", "person", "B")
    with pytest.raises(ValidationError), db.session() as s:
        update_customer(s, cid, {"name": ""})


def test_unknown_customer(db: Database) -> None:
    with pytest.raises(NotFound) as info, db.session() as s:
        update_customer(s, 999, {"city": "上海"})
    assert info.value.code == "customer.not_found"
    assert "999" in info.value.message("en")


def test_archive_restore_and_delete_for_good(db: Database) -> None:
    with db.session() as s:
        a, b, c = add(s, "甲"), add(s, "乙"), add(s, "丙")
        s.add_all(
            [
                FollowUp(customer_id=a, due_at=datetime(2025, 1, 1)),
                Note(customer_id=a, body="记一笔"),
                ServiceRecord(customer_id=a, kind="repair", subject="修"),
            ]
        )
    with db.session() as s:
        assert archive_customers(s, [a, b]) == 2
        assert archive_customers(s, [a]) == 0  # already in the trash
    with db.session() as s:
        assert count_customers(s) == 1
        assert count_customers(s, archived=True) == 2
        assert count_customers(s, archived=None) == 3
        assert customer_ids(s) == [c]
        assert set(customer_ids(s, CustomerQuery(archived=True))) == {a, b}
        assert get_customer(s, a).archived_at is not None
        assert restore_customers(s, [b, c]) == 1
    with db.session() as s:
        assert set(customer_ids(s)) == {b, c}
        assert delete_customers(s, [a]) == 1
    # the follow-up, note and service record went with the customer
    for table in ("follow_ups", "notes", "service_records"):
        assert raw_count(db.path, table) == 0
    assert raw_count(db.path, "customers") == 2


def test_tags_in_bulk(db: Database) -> None:
    with db.session() as s:
        a, b = add(s, "甲", tags="VIP"), add(s, "乙")
    with db.session() as s:
        assert add_tags(s, [a, b], "vip, 团购") == 3  # `vip` is the existing `VIP`
        assert get_customer(s, b).tags[0].name == "VIP"
    with db.session() as s:
        assert customer_rows(s, [a, b], ["tags"]) == [
            {"id": a, "tags": ["VIP", "团购"]},
            {"id": b, "tags": ["VIP", "团购"]},
        ]
        assert distinct_values(s, "tags") == ["VIP", "团购"]
        assert remove_tags(s, [a], ["团购", "nonexistent"]) == 1
        assert customer_ids(s, CustomerQuery(tag="团购")) == [b]
        assert remove_tags(s, [b], "团购") == 1
        assert distinct_values(s, "tags") == ["VIP"]  # a tag nobody has is not offered


def test_category_and_grade(db: Database) -> None:
    with db.session() as s:
        a, b = add(s, "甲"), add(s, "乙")
        assert set_category(s, [a, b], "忠诚客户") == 2
        assert set_grade(s, [a], "a") == 1
        with pytest.raises(ValidationError):
            set_category(s, [a], "best")
        with pytest.raises(ValidationError):
            set_category(s, [a], None)
    with db.session() as s:
        assert [(r["category"], r["grade"]) for r in customer_rows(s, [a, b])] == [
            ("loyal", "A"),
            ("loyal", None),
        ]
        assert set_grade(s, [a], None) == 1


@pytest.fixture
def listed(db: Database) -> dict[str, int]:
    with db.session() as s:
        return {
            "zhao": add(s, "赵敏", city="北京", source="朋友介绍", category="lead", grade="B", tags="VIP"),
            "an": add(s, "安琪", city="上海", source="大众点评", category="loyal", grade="A"),
            "bob": add(s, "Bob", city="北京", category="prospect", tags="团购, VIP", **{"custom.卡号": "K9"}),
            "chen": add(s, "陈晨", source="朋友介绍", category="customer"),
        }


def test_filters(db: Database, listed: dict[str, int]) -> None:
    with db.session() as s:
        assert set(customer_ids(s, CustomerQuery(city="北京"))) == {listed["zhao"], listed["bob"]}
        assert customer_ids(s, CustomerQuery(city="北京", category="lead")) == [listed["zhao"]]
        assert customer_ids(s, CustomerQuery(grade="A")) == [listed["an"]]
        assert set(customer_ids(s, CustomerQuery(tag="VIP"))) == {listed["zhao"], listed["bob"]}
        assert set(customer_ids(s, CustomerQuery(source="朋友介绍"))) == {listed["zhao"], listed["chen"]}
        assert customer_ids(s, CustomerQuery(search="zm", city="北京")) == [listed["zhao"]]
        assert customer_ids(s, CustomerQuery(search="zm", city="上海")) == []
        assert distinct_values(s, "city") == ["上海", "北京"]
        assert distinct_values(s, "custom.卡号") == ["K9"]
        assert custom_field_names(s) == ["卡号"]


def test_sorting(db: Database, listed: dict[str, int]) -> None:
    zhao, an, bob, chen = listed["zhao"], listed["an"], listed["bob"], listed["chen"]
    with db.session() as s:
        # names in pinyin order: an(安琪) bob chen(陈晨) zhao(赵敏)
        assert customer_ids(s, CustomerQuery(sort_key="name")) == [an, bob, chen, zhao]
        assert customer_ids(s, CustomerQuery(sort_key="name", descending=True)) == [zhao, chen, bob, an]
        # lifecycle order, not alphabetical
        assert customer_ids(s, CustomerQuery(sort_key="category")) == [bob, zhao, chen, an]
        # empty values last in both directions, id breaks ties
        assert customer_ids(s, CustomerQuery(sort_key="city")) == [an, zhao, bob, chen]
        assert customer_ids(s, CustomerQuery(sort_key="city", descending=True)) == [bob, zhao, an, chen]
        assert customer_ids(s, CustomerQuery(sort_key="grade")) == [an, zhao, bob, chen]
        assert customer_ids(s, CustomerQuery(sort_key="tags")) == [zhao, bob, an, chen]
        assert customer_ids(s, CustomerQuery(sort_key="custom.卡号"))[0] == bob
        assert customer_ids(s, CustomerQuery(sort_key="total_spent"))[0] == zhao
        assert customer_ids(s) == [chen, bob, an, zhao]  # newest first
        with pytest.raises(ValueError):
            customer_ids(s, CustomerQuery(sort_key="shoe_size"))


def test_rows_follow_the_order_of_ids_and_skip_missing_ones(db: Database, listed: dict[str, int]) -> None:
    with db.session() as s:
        ids = [listed["chen"], 9999, listed["an"]]
        rows = customer_rows(s, ids, ["name", "city", "custom.卡号"])
        assert rows == [
            {"id": listed["chen"], "name": "陈晨", "city": None},
            {"id": listed["an"], "name": "安琪", "city": "上海"},
        ]
        assert customer_rows(s, [listed["bob"]], ["custom.卡号"]) == [
            {"id": listed["bob"], "custom.卡号": "K9"}
        ]
        assert customer_rows(s, []) == []


def test_a_page_of_many_ids(db: Database) -> None:
    conn = db.raw_connection()
    with conn:
        conn.executemany(
            "INSERT INTO customers(name, kind, category, created_at, updated_at, total_spent, purchase_count,"
            " open_service_count) VALUES (?, 'person', 'prospect', '2024-01-01', '2024-01-01', 0, 0, 0)",
            [(f"客户{i}",) for i in range(1200)],
        )
    conn.close()
    with db.session() as s:
        ids = customer_ids(s, CustomerQuery(sort_key="id"))
        assert len(ids) == 1200
        rows = customer_rows(s, ids[::-1])  # more ids than one IN list holds
        assert [r["id"] for r in rows] == ids[::-1]
        assert archive_customers(s, ids) == 1200
        assert count_customers(s) == 0


def test_figures_and_deals_survive_an_edit(db: Database) -> None:
    with db.session() as s:
        cid = add(s, "周杰")
        stage_id = s.execute(
            __import__("sqlalchemy").text("SELECT id FROM pipeline_stages LIMIT 1")
        ).scalar_one()
        s.add(Deal(customer_id=cid, title="课程", amount=100, stage_id=stage_id))
    with db.session() as s:
        update_customer(s, cid, {"city": "成都"})
    assert raw_count(db.path, "deals") == 1
