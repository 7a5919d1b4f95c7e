"""Service records on a real database file: open, update, status, resolve with satisfaction, lists."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm_desktop.db.engine import Database
from crm_desktop.db.models import Customer, ServiceRecord
from crm_desktop.errors import CrmError, NotFound, ValidationError
from crm_desktop.services import service_records as sr


def _count(s: Session, model: type) -> int:
    return s.scalar(select(func.count()).select_from(model)) or 0


def _customer(db: Database, name: str = "张伟", **kw: object) -> int:
    with db.session() as s:
        c = Customer(name=name, phone="13800138000", **kw)
        s.add(c)
        s.flush()
        return c.id


def _cust(db: Database, cid: int) -> Customer:
    with db.session() as s:
        c = s.get(Customer, cid)
        assert c is not None
        return c


def _rec(db: Database, rid: int) -> ServiceRecord:
    with db.session() as s:
        r = s.get(ServiceRecord, rid)
        assert r is not None
        return r


def test_open_counts_as_open_service_and_contact(db: Database) -> None:
    cid = _customer(db)
    at = datetime(2026, 5, 1, 9, 30)
    with db.session() as s:
        rid = sr.open_service_record(s, cid, "repair", "屏幕碎了", "摔在地上", opened_at=at).id
    r = _rec(db, rid)
    assert (r.status, r.kind, r.subject, r.description, r.opened_at) == (
        "open",
        "repair",
        "屏幕碎了",
        "摔在地上",
        at,
    )
    c = _cust(db, cid)
    assert (c.open_service_count, c.last_contact_at, c.avg_satisfaction) == (1, at, None)


def test_unknown_kind_empty_subject_unknown_customer_are_refused(db: Database) -> None:
    cid = _customer(db)
    with pytest.raises(CrmError) as err, db.session() as s:
        sr.open_service_record(s, cid, "massage", "x")
    assert err.value.code == "kind.unknown"
    with pytest.raises(ValidationError) as verr, db.session() as s:
        sr.open_service_record(s, cid, "repair", "  ")
    assert verr.value.code == "value.required"
    with pytest.raises(NotFound), db.session() as s:
        sr.open_service_record(s, 777, "repair", "x")
    with db.session() as s:
        assert _count(s, ServiceRecord) == 0
    assert _cust(db, cid).open_service_count == 0


def test_status_flow_resolve_with_satisfaction_then_close(db: Database) -> None:
    cid = _customer(db)
    with db.session() as s:
        rid = sr.open_service_record(s, cid, "complaint", "送货太慢").id
    with db.session() as s:
        sr.set_service_status(s, rid, "in_progress")
    assert _rec(db, rid).status == "in_progress" and _cust(db, cid).open_service_count == 1
    with db.session() as s:
        sr.resolve_service_record(s, rid, "补发并道歉", 4)
    r = _rec(db, rid)
    assert (r.status, r.resolution, r.satisfaction) == ("resolved", "补发并道歉", 4)
    assert r.resolved_at is not None
    c = _cust(db, cid)
    assert (c.open_service_count, c.avg_satisfaction) == (0, 4.0)
    with db.session() as s:
        sr.close_service_record(s, rid)
    r2 = _rec(db, rid)
    assert r2.status == "closed" and r2.resolved_at == r.resolved_at
    with pytest.raises(CrmError) as err, db.session() as s:
        sr.resolve_service_record(s, rid, "again", 5)
    assert err.value.code == "service.closed"
    assert _rec(db, rid).satisfaction == 4


@pytest.mark.parametrize("bad", [0, 6, 3.5, "five", True, -1])
def test_satisfaction_must_be_a_whole_score_1_to_5(db: Database, bad: object) -> None:
    cid = _customer(db)
    with db.session() as s:
        rid = sr.open_service_record(s, cid, "repair", "x").id
    with pytest.raises(ValidationError) as err, db.session() as s:
        sr.resolve_service_record(s, rid, "fixed", bad)
    assert err.value.code == "value.range"
    r = _rec(db, rid)
    assert (r.status, r.resolution, r.satisfaction) == ("open", None, None)


def test_average_satisfaction_and_reopen(db: Database) -> None:
    cid = _customer(db)
    with db.session() as s:
        ids = [sr.open_service_record(s, cid, "consultation", f"q{i}").id for i in range(3)]
        sr.resolve_service_record(s, ids[0], "ok", 5)
        sr.resolve_service_record(s, ids[1], "ok", "4")
        sr.resolve_service_record(s, ids[2], "ok", 4)
    assert _cust(db, cid).avg_satisfaction == 4.33
    with db.session() as s:
        sr.reopen_service_record(s, ids[0])
    r = _rec(db, ids[0])
    assert (r.status, r.resolved_at, r.satisfaction) == ("open", None, None)
    c = _cust(db, cid)
    assert (c.avg_satisfaction, c.open_service_count) == (4.0, 1)
    with pytest.raises(CrmError) as err, db.session() as s:
        sr.reopen_service_record(s, ids[0])
    assert err.value.code == "service.not_finished"
    with pytest.raises(ValidationError), db.session() as s:
        sr.set_service_status(s, ids[0], "done")


def test_update_and_delete(db: Database) -> None:
    cid = _customer(db)
    with db.session() as s:
        rid = sr.open_service_record(s, cid, "repair", "x").id
    with db.session() as s:
        sr.update_service_record(s, rid, {"kind": "return", "subject": "退货", "satisfaction": 2})
    r = _rec(db, rid)
    assert (r.kind, r.subject, r.satisfaction) == ("return", "退货", 2)
    assert _cust(db, cid).avg_satisfaction == 2.0
    with pytest.raises(CrmError), db.session() as s:
        sr.update_service_record(s, rid, {"subject": "y", "kind": "nope"})
    assert _rec(db, rid).subject == "退货"
    with db.session() as s:
        sr.delete_service_record(s, rid)
    with db.session() as s:
        assert s.get(ServiceRecord, rid) is None
    c = _cust(db, cid)
    assert (c.open_service_count, c.avg_satisfaction, c.last_contact_at) == (0, None, None)


def test_lists_by_status_kind_period_and_stale(db: Database) -> None:
    zhang = _customer(db)
    li = _customer(db, "李娜")
    gone = _customer(db, "王芳", archived_at=datetime(2026, 1, 1))
    now = datetime(2026, 5, 31, 12)
    with db.session() as s:
        a = sr.open_service_record(s, zhang, "repair", "a", opened_at=datetime(2026, 3, 1)).id
        b = sr.open_service_record(s, zhang, "complaint", "b", opened_at=datetime(2026, 5, 1)).id
        c = sr.open_service_record(s, li, "repair", "c", opened_at=datetime(2026, 5, 30)).id
        d = sr.open_service_record(s, li, "repair", "d", opened_at=datetime(2026, 4, 1)).id
        sr.open_service_record(s, gone, "repair", "e", opened_at=datetime(2026, 3, 1))
        sr.set_service_status(s, b, "in_progress")
        sr.resolve_service_record(s, d, "fixed", 5)
    with db.session() as s:
        assert [r.id for r in sr.list_service_records(s)] == [c, b, d, a]
        assert [r.id for r in sr.list_service_records(s, status="open")] == [c, a]
        assert [r.id for r in sr.list_service_records(s, status=("open", "in_progress"))] == [c, b, a]
        assert [r.id for r in sr.list_service_records(s, kind="repair")] == [c, d, a]
        assert [r.id for r in sr.list_service_records(s, start=date(2026, 4, 1), end=date(2026, 5, 1))] == [
            b,
            d,
        ]
        assert [r.id for r in sr.list_service_records(s, customer_id=li)] == [c, d]
        # still open more than 14 days after opening: a (open) and b (in progress); d is resolved
        stale = sr.stale_service_records(s, now, 14)
        assert [(r.id, r.customer_name) for r in stale] == [(b, "张伟"), (a, "张伟")]
        assert sr.stale_service_records(s, now, 100) == []
        row = sr.list_service_records(s, status="resolved")[0]
        assert (row.resolution, row.satisfaction, row.customer_phone) == ("fixed", 5, "13800138000")
