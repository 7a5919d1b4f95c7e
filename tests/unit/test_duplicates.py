"""Finding and merging duplicate customers on a real SQLite file."""

from __future__ import annotations

import sqlite3
from datetime import datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.db.engine import Database
from crm_desktop.db.models import (
    Deal,
    FollowUp,
    ImportBatch,
    ImportBatchItem,
    Note,
    PipelineStage,
    ServiceRecord,
)
from crm_desktop.db.search import search_ids
from crm_desktop.errors import CrmError, NotFound, ValidationError
from crm_desktop.services.customers import archive_customers, create_customer, customer_rows, get_customer
from crm_desktop.services.duplicates import find_duplicates, merge_customers


def add(s: Session, name: str, **values: object) -> int:
    return create_customer(s, {"name": name, **values}).id


def pairs(db: Database, limit: int | None = None) -> list[tuple[int, int, str, list[str]]]:
    with db.session() as s:
        return [(p.first_id, p.second_id, p.reason, p.reasons) for p in find_duplicates(s, limit=limit)]


def test_shared_phone_email_or_name(db: Database) -> None:
    with db.session() as s:
        a = add(s, "张伟", phone="138-0013-8000")
        b = add(s, "张大伟", phone="+86 13800138000")  # same number, other spelling
        c = add(s, "王芳", email="Fang@QQ.com")
        d = add(s, "王小芳", email="fang@qq.com ")
        e = add(s, "李 娜")
        f = add(s, "李娜", alt_phone="021-5555-6666")
        g = add(s, "赵敏", phone="021 5555 6666")  # matches f's other phone
        add(s, "独一无二", phone="110")  # too short to say anything
        add(s, "另一个", phone="110")
    found = pairs(db)
    assert (a, b, "phone", ["phone"]) in found
    assert (c, d, "email", ["email"]) in found
    assert (e, f, "name", ["name"]) in found
    assert (f, g, "phone", ["phone"]) in found
    assert len(found) == 4
    # strongest reasons first
    assert [p[2] for p in found] == ["phone", "phone", "email", "name"]


def test_full_width_case_and_spacing_are_folded_in_names(db: Database) -> None:
    with db.session() as s:
        a = add(s, "John Smith")
        b = add(s, "ＪＯＨＮ  smith")
        c = add(s, "john-smith")
    assert pairs(db) == [(a, b, "name", ["name"]), (a, c, "name", ["name"])]


def test_a_pair_with_several_reasons_is_listed_once(db: Database) -> None:
    with db.session() as s:
        a = add(s, "张伟", phone="13800138000", email="zw@qq.com")
        b = add(s, "张伟", phone="13800138000", email="ZW@qq.com")
    assert pairs(db) == [(a, b, "phone", ["phone", "email", "name"])]


def test_a_big_group_gives_one_pair_per_member_and_limit_holds(db: Database) -> None:
    with db.session() as s:
        ids = [add(s, f"客户{i}", phone="400-800-8888") for i in range(30)]
    found = pairs(db)
    assert len(found) == 29  # each with the oldest, not 435 pairs
    assert {p[0] for p in found} == {ids[0]}
    assert len(pairs(db, limit=5)) == 5


def test_archived_customers_are_not_suggested(db: Database) -> None:
    with db.session() as s:
        a = add(s, "张伟", phone="13800138000")
        add(s, "张伟", phone="13800138000")
        archive_customers(s, [a])
    assert pairs(db) == []


def won_stage(s: Session) -> int:
    return s.scalars(select(PipelineStage.id).where(PipelineStage.outcome == "won")).first()  # type: ignore[return-value]


def test_merge_moves_everything_to_the_survivor(db: Database) -> None:
    with db.session() as s:
        keep = add(s, "张伟", phone="13800138000", tags="VIP", notes="老客户", **{"custom.卡号": "K1"})
        other = add(
            s,
            "张 伟",
            phone="13800138000",
            email="zw@qq.com",
            city="北京",
            tags="团购",
            notes="喜欢周末来",
            **{"custom.生日礼": "已送"},
        )
        stage = won_stage(s)
        s.add_all(
            [
                FollowUp(customer_id=other, due_at=datetime(2030, 1, 1, 9)),
                Deal(
                    customer_id=other,
                    title="年卡",
                    amount=1200,
                    stage_id=stage,
                    status="won",
                    closed_at=datetime(2025, 3, 1),
                ),
                Deal(
                    customer_id=keep,
                    title="次卡",
                    amount=300,
                    stage_id=stage,
                    status="won",
                    closed_at=datetime(2025, 1, 1),
                ),
                ServiceRecord(customer_id=other, kind="repair", subject="修", satisfaction=4),
                Note(customer_id=other, body="记一笔"),
            ]
        )
        batch = ImportBatch(kind="customers", file_name="客户.xlsx")
        s.add(batch)
        s.flush()
        s.add(ImportBatchItem(batch_id=batch.id, entity="customer", record_id=other, action="created"))
    with db.session() as s:
        merged = merge_customers(s, keep, other, {"name": "张伟", "city": "上海"})
        assert merged.id == keep
    with db.session() as s:
        row = customer_rows(s, [keep])[0]
        assert row["name"] == "张伟"
        assert row["city"] == "上海"  # the user's choice
        assert row["email"] == "zw@qq.com"  # the survivor had none: taken from the other
        assert row["notes"] == "老客户\n喜欢周末来"  # never lose a note
        assert row["tags"] == ["VIP", "团购"]
        assert (row["custom.卡号"], row["custom.生日礼"]) == ("K1", "已送")
        # figures recomputed from the moved records
        assert row["total_spent"] == 1500
        assert row["purchase_count"] == 2
        assert row["next_follow_up_at"] == datetime(2030, 1, 1, 9)
        assert row["avg_satisfaction"] == 4
        for model in (FollowUp, Deal, ServiceRecord, Note):
            assert set(s.scalars(select(model.customer_id))) == {keep}, model
        assert s.scalars(select(ImportBatchItem.record_id)).all() == [keep]
        with pytest.raises(NotFound):
            get_customer(s, other)
        assert search_ids(s, "13800138000") == [keep]
    conn = sqlite3.connect(db.path)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert (
        conn.execute("SELECT count(*) FROM customer_tags WHERE customer_id = ?", (other,)).fetchone()[0] == 0
    )
    conn.close()
    assert pairs(db) == []


def test_merge_mistakes_change_nothing(db: Database) -> None:
    with db.session() as s:
        a = add(s, "张伟", phone="13800138000")
        b = add(s, "张伟", phone="13800138000")
        s.add(Note(customer_id=b, body="记一笔"))
    with pytest.raises(CrmError) as info, db.session() as s:
        merge_customers(s, a, a)
    assert info.value.code == "merge.same"
    with pytest.raises(NotFound), db.session() as s:
        merge_customers(s, a, 999)
    with pytest.raises(ValidationError), db.session() as s:
        merge_customers(s, a, b, {"email": "not an email"})
    with db.session() as s:
        assert len(customer_rows(s, [a, b])) == 2
        assert s.scalars(select(Note.customer_id)).all() == [b]


def test_rarer_names_come_first_among_name_pairs(db: Database) -> None:
    with db.session() as s:
        common = [add(s, "张伟") for _ in range(4)]
        rare = [add(s, "欧阳晓梅"), add(s, "欧阳 晓梅")]
    found = pairs(db)
    assert found[0] == (rare[0], rare[1], "name", ["name"])
    assert [p[:2] for p in found[1:]] == [(common[0], c) for c in common[1:]]


def test_a_merge_never_demotes(db: Database) -> None:
    with db.session() as s:
        keep = add(s, "张伟", category="prospect", grade="C")
        other = add(s, "张伟", category="loyal", grade="A")
        chosen_keep = add(s, "李娜", category="prospect")
        chosen_other = add(s, "李娜", category="loyal")
    with db.session() as s:
        merge_customers(s, keep, other)
        merge_customers(s, chosen_keep, chosen_other, {"category": "lead"})
    with db.session() as s:
        assert [(r["category"], r["grade"]) for r in customer_rows(s, [keep, chosen_keep])] == [
            ("loyal", "A"),
            ("lead", None),  # the user's choice wins
        ]


def _created_by_import(s: Session, *ids: int) -> int:
    batch = ImportBatch(kind="customers", file_name="客户.xlsx")
    s.add(batch)
    s.flush()
    s.add_all(
        ImportBatchItem(batch_id=batch.id, entity="customer", record_id=i, action="created") for i in ids
    )
    return batch.id


@pytest.mark.parametrize("imported", ["other", "survivor"])
def test_undoing_an_import_after_a_merge_keeps_the_merged_customer(db: Database, imported: str) -> None:
    from crm_desktop.exchange.undo import undo_import
    from crm_desktop.services.follow_ups import plan_follow_up

    with db.session() as s:
        keep = add(s, "张伟", phone="13800138000")
        other = add(s, "张伟", phone="13800138000")
        plan_follow_up(s, keep if imported == "other" else other, "2030-01-01 09:00", "call", "回访")
        batch = _created_by_import(s, other if imported == "other" else keep)
    with db.session() as s:
        merge_customers(s, keep, other)
    with db.session() as s:
        undo_import(s, batch)
    with db.session() as s:
        # the merged customer holds a record from before the import: it stays, with it
        assert [r["id"] for r in customer_rows(s, [keep])] == [keep]
        assert s.scalars(select(FollowUp.customer_id)).all() == [keep]


def test_undoing_an_import_that_created_both_removes_the_merged_customer(db: Database) -> None:
    from crm_desktop.exchange.undo import undo_import

    with db.session() as s:
        keep = add(s, "张伟", phone="13800138000")
        other = add(s, "张伟", phone="13800138000")
        batch = _created_by_import(s, keep, other)
    with db.session() as s:
        merge_customers(s, keep, other)
    with db.session() as s:
        assert undo_import(s, batch)["removed"] == 1
    with db.session() as s:
        assert customer_rows(s, [keep, other]) == []
