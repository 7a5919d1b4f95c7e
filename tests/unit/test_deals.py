"""Deals on a real database file: create, move with history, win/lose, reopen, quick sale, lists."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm_desktop.db.engine import Database
from crm_desktop.db.models import Customer, Deal, DealStageChange
from crm_desktop.errors import CrmError, NotFound, ValidationError
from crm_desktop.services import deals, pipeline
from crm_desktop.services.deal_lists import DealQuery, deal_history, deal_ids, deal_rows, list_deals


def _count(s: Session, model: type) -> int:
    return s.scalar(select(func.count()).select_from(model)) or 0


def _customer(db: Database, name: str = "张伟", **kw: object) -> int:
    with db.session() as s:
        c = Customer(name=name, phone="13800138000", **kw)
        s.add(c)
        s.flush()
        return c.id


def _stage(db: Database, code: str) -> int:
    with db.session() as s:
        return next(st.id for st in pipeline.list_stages(s) if st.code == code)


def _cust(db: Database, cid: int) -> Customer:
    with db.session() as s:
        c = s.get(Customer, cid)
        assert c is not None
        return c


def test_create_goes_to_first_open_stage_with_a_history_entry(db: Database) -> None:
    cid = _customer(db)
    with db.session() as s:
        d = deals.create_deal(s, cid, " iPhone 16 ", "6,999.504", expected_close="2026-06-01")
        did = d.id
    with db.session() as s:
        deal = s.get(Deal, did)
        assert deal is not None
        assert (deal.title, deal.amount, deal.status, deal.expected_close) == (
            "iPhone 16",
            6999.5,
            "open",
            date(2026, 6, 1),
        )
        assert deal.stage_id == _stage(db, "enquiry")
        hist = deal_history(s, did)
        assert [(h.from_stage_id, h.to_name_en) for h in hist] == [(None, "Enquiry")]
    # the expected close is read as every service reads a date; blank clears it
    for typed, expected in (
        ("2026年7月2日", date(2026, 7, 2)),
        ("2026/7/3 10:00", date(2026, 7, 3)),
        ("", None),
    ):
        with db.session() as s:
            deals.update_deal(s, did, {"expected_close": typed})
        with db.session() as s:
            assert s.get(Deal, did).expected_close == expected  # type: ignore[union-attr]
    c = _cust(db, cid)
    assert (c.total_spent, c.purchase_count) == (0.0, 0)


def test_bad_values_are_refused_and_nothing_is_written(db: Database) -> None:
    cid = _customer(db)
    for args, code in (
        (("", 10), "value.required"),
        (("x", -5), "value.negative"),
        (("x", "abc"), "value.number"),
        (("x" * 201, 1), "value.too_long"),
    ):
        with pytest.raises(ValidationError) as err, db.session() as s:
            deals.create_deal(s, cid, *args)
        assert err.value.code == code
    for typed in ("2026-13-01", "01/06/2026", "soon"):
        with pytest.raises(ValidationError) as err, db.session() as s:
            deals.create_deal(s, cid, "x", 1, expected_close=typed)
        assert (err.value.code, err.value.field) == ("value.date", "expected_close")
    with pytest.raises(NotFound), db.session() as s:
        deals.create_deal(s, 424242, "x", 1)
    with pytest.raises(NotFound), db.session() as s:
        deals.create_deal(s, cid, "x", 1, stage_id=999)
    with db.session() as s:
        assert _count(s, Deal) == 0 and _count(s, DealStageChange) == 0


def test_move_then_win_closes_with_reason_and_updates_figures(db: Database) -> None:
    cid = _customer(db)
    trial, won = _stage(db, "trial"), _stage(db, "won")
    t1, t2 = datetime(2026, 5, 1, 10), datetime(2026, 5, 3, 16)
    with db.session() as s:
        did = deals.create_deal(s, cid, "沙发", 4999.5, created_at=datetime(2026, 4, 30, 9)).id
    with db.session() as s:
        deals.move_deal(s, did, trial, "客户到店试坐", at=t1)
        deals.move_deal(s, did, trial)  # same stage: nothing happens
    with db.session() as s:
        deals.move_deal(s, did, won, reason="质量满意", at=t2)
    with db.session() as s:
        deal = s.get(Deal, did)
        assert deal is not None
        assert (deal.status, deal.closed_at, deal.close_reason) == ("won", t2, "质量满意")
        hist = deal_history(s, did)
        assert [(h.from_name_en, h.to_name_en, h.note) for h in hist] == [
            ("", "Enquiry", None),
            ("Enquiry", "In-store trial", "客户到店试坐"),
            ("In-store trial", "Sold", None),
        ]
        assert hist[1].at == t1
    c = _cust(db, cid)
    assert (c.total_spent, c.purchase_count, c.last_purchase_at, c.last_contact_at) == (4999.5, 1, t2, t2)
    # a closed deal does not move until it is reopened
    with pytest.raises(CrmError) as err, db.session() as s:
        deals.move_deal(s, did, trial)
    assert err.value.code == "deal.closed"
    with db.session() as s:
        assert len(deal_history(s, did)) == 3


def test_close_lost_then_reopen_to_last_open_stage(db: Database) -> None:
    cid = _customer(db)
    trial = _stage(db, "trial")
    with db.session() as s:
        did = deals.create_deal(s, cid, "冰箱", 3000, trial).id
        deals.close_deal(s, did, won=False, reason="价格太高")
    with db.session() as s:
        deal = s.get(Deal, did)
        assert deal is not None
        assert (deal.status, deal.stage_id, deal.close_reason) == ("lost", _stage(db, "lost"), "价格太高")
        assert deal.closed_at is not None
    assert _cust(db, cid).purchase_count == 0  # a lost deal is no purchase
    with pytest.raises(CrmError) as err, db.session() as s:
        deals.close_deal(s, did, won=True)
    assert err.value.code == "deal.closed"
    with db.session() as s:
        deals.reopen_deal(s, did)
    with db.session() as s:
        deal = s.get(Deal, did)
        assert deal is not None
        assert (deal.status, deal.stage_id, deal.closed_at, deal.close_reason) == ("open", trial, None, None)
        assert [h.to_name_en for h in deal_history(s, did)][-1] == "In-store trial"
    with pytest.raises(CrmError) as err, db.session() as s:
        deals.reopen_deal(s, did)
    assert err.value.code == "deal.not_closed"
    with pytest.raises(ValidationError), db.session() as s:
        deals.close_deal(s, did, won=True)
        deals.reopen_deal(s, did, _stage(db, "lost"))


def test_win_then_reopen_takes_the_purchase_back(db: Database) -> None:
    cid = _customer(db)
    with db.session() as s:
        did = deals.create_deal(s, cid, "a", 100).id
        deals.close_deal(s, did, won=True)
    assert _cust(db, cid).total_spent == 100.0
    with db.session() as s:
        deals.reopen_deal(s, did, _stage(db, "enquiry"))
    c = _cust(db, cid)
    assert (c.total_spent, c.purchase_count, c.last_purchase_at) == (0.0, 0, None)


def test_quick_sale_is_a_won_deal_in_one_step(db: Database) -> None:
    cid = _customer(db)
    at = datetime(2026, 5, 2, 14, 5)
    with db.session() as s:
        a = deals.quick_sale(s, cid, 88.8, products="洗发水 x2\n护发素", at=at)
        b = deals.quick_sale(s, cid, "11.1", lang="zh")
        c = deals.quick_sale(s, cid, 5, lang="en")
        d = deals.quick_sale(s, cid, 1, title="会员卡")
        ids = [a.id, b.id, c.id, d.id]
    with db.session() as s:
        rows = deal_rows(s, ids)
    assert [r.title for r in rows] == ["洗发水 x2", "快速销售", "Quick sale", "会员卡"]
    assert all(r.status == "won" and r.stage_name_en == "Sold" for r in rows)
    assert rows[0].closed_at == at and rows[0].created_at == at and rows[0].products == "洗发水 x2\n护发素"
    cust = _cust(db, cid)
    assert (cust.total_spent, cust.purchase_count) == (105.9, 4)
    for missing in ("", "  ", None):
        with pytest.raises(ValidationError) as err, db.session() as s:
            deals.quick_sale(s, cid, missing)
        assert err.value.code == "value.required"
    assert _cust(db, cid).purchase_count == 4


def test_update_and_delete(db: Database) -> None:
    cid = _customer(db)
    with db.session() as s:
        did = deals.quick_sale(s, cid, 100, title="a").id
    with db.session() as s:
        deals.update_deal(s, did, {"amount": 250.456, "title": "b", "notes": "送货上门"})
    assert _cust(db, cid).total_spent == 250.46
    with pytest.raises(ValidationError), db.session() as s:
        deals.update_deal(s, did, {"title": "c", "amount": -1})
    with db.session() as s:
        deal = s.get(Deal, did)
        assert deal is not None and (deal.title, deal.amount) == ("b", 250.46)
    with pytest.raises(ValueError), db.session() as s:
        deals.update_deal(s, did, {"stage_id": 1})
    with db.session() as s:
        deals.delete_deal(s, did)
    with db.session() as s:
        assert s.get(Deal, did) is None and _count(s, DealStageChange) == 0
    assert _cust(db, cid).total_spent == 0.0


def test_lists_filter_and_sort_in_sql(db: Database) -> None:
    zhang = _customer(db, "张伟")
    li = _customer(db, "李娜")
    gone = _customer(db, "王芳", archived_at=datetime(2026, 1, 1))
    trial = _stage(db, "trial")
    with db.session() as s:
        a = deals.create_deal(s, zhang, "A", 100, created_at=datetime(2026, 1, 10)).id
        b = deals.create_deal(s, zhang, "B", 900, trial, created_at=datetime(2026, 2, 10)).id
        c = deals.create_deal(s, li, "C", 500, trial, created_at=datetime(2026, 3, 10)).id
        d = deals.quick_sale(s, li, 300, title="D", at=datetime(2026, 3, 31, 23, 59))
        deals.create_deal(s, gone, "E", 1000, created_at=datetime(2026, 3, 1))
        dd = d.id
    with db.session() as s:
        assert deal_ids(s) == [dd, c, b, a]  # newest first
        assert deal_ids(s, DealQuery(stage_id=trial)) == [c, b]
        assert deal_ids(s, DealQuery(status="won")) == [dd]
        assert deal_ids(s, DealQuery(customer_id=zhang)) == [b, a]
        assert deal_ids(s, DealQuery(min_amount=300, max_amount=900)) == [dd, c, b]
        assert deal_ids(s, DealQuery(start=date(2026, 3, 1), end=date(2026, 3, 31))) == [dd, c]
        assert deal_ids(s, DealQuery(start=datetime(2026, 2, 1), end=datetime(2026, 3, 10))) == [b]
        assert deal_ids(s, DealQuery(period="closed_at", start=date(2026, 3, 31), end=date(2026, 3, 31))) == [
            dd
        ]
        assert deal_ids(s, DealQuery(sort_key="amount")) == [a, dd, c, b]
        assert deal_ids(s, DealQuery(sort_key="amount", descending=True)) == [b, c, dd, a]
        assert deal_ids(s, DealQuery(sort_key="customer")) == [a, b, c, dd]  # SQLite's order of the names
        assert len(deal_ids(s, DealQuery(include_archived=True))) == 5
        rows = list_deals(s, DealQuery(sort_key="title"), limit=2)
        assert [(r.title, r.customer_name, r.stage_name_zh) for r in rows] == [
            ("A", "张伟", "询价"),
            ("B", "张伟", "到店试用"),
        ]


def test_amounts_are_read_as_an_import_reads_them(db: Database) -> None:
    cid = _customer(db)
    with db.session() as s:
        typed = [
            deals.create_deal(s, cid, "x", raw).amount for raw in ("1,200", "¥1200", "1200元", " 1200.004 ")
        ]
        assert typed == [1200.0] * 4
    for raw, code in (("1e20", "value.number"), ("12%", "value.number"), ("-1", "value.negative")):
        with pytest.raises(ValidationError) as err, db.session() as s:
            deals.create_deal(s, cid, "x", raw)
        assert (err.value.code, err.value.field) == (code, "amount")
