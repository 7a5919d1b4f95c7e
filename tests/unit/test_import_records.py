"""Follow-ups, deals and service records: customer by id, phone or name; figures kept; undo; round trip."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from crm_desktop.db.engine import Database
from crm_desktop.db.models import Customer, Deal, FollowUp, ServiceRecord
from crm_desktop.errors import CrmError
from crm_desktop.exchange.dbwrite import run_import
from crm_desktop.exchange.export import export_records
from crm_desktop.exchange.importer import plan_import
from crm_desktop.exchange.matching import match_headers
from crm_desktop.exchange.plan import ImportPlan, ImportResult
from crm_desktop.exchange.table import read_table
from crm_desktop.exchange.undo import undo_import
from crm_desktop.services.customers import create_customer


@pytest.fixture
def people(db: Database) -> Database:
    with db.session() as s:
        create_customer(s, {"name": "张伟", "phone": "13800138000"})
        create_customer(s, {"name": "王芳", "phone": "13700137000"})
        create_customer(s, {"name": "王芳", "phone": "13600136000"})  # a namesake
    return db


def plan_of(db: Database, kind: str, path: Path) -> ImportPlan:
    table = read_table(path, kind=kind)
    with db.session() as s:
        return plan_import(s, kind, table, match_headers(kind, table.headers))


def run(db: Database, kind: str, path: Path, **kw: bool) -> ImportResult:
    return run_import(db, plan_of(db, kind, path), **kw)


def test_deals_by_phone_and_name_update_figures_and_undo(people: Database, tmp_path: Path) -> None:
    path = tmp_path / "deals.csv"
    path.write_text(
        "客户,客户电话,商机名称,金额,阶段,结束时间\n"
        "张伟,,年卡,1200,成交,2024-05-03 10:00\n"
        ",137 0013 7000,果篮,¥388.50,Sold,2024/6/1\n"
        "张伟,,试用,0,询价,\n",
        encoding="utf-8",
    )
    result = run(people, "deals", path)
    assert result.created == 3
    with people.session() as s:
        deals = s.scalars(select(Deal).order_by(Deal.id)).all()
        assert [(d.customer_id, d.title, d.amount, d.status) for d in deals] == [
            (1, "年卡", 1200.0, "won"),
            (2, "果篮", 388.5, "won"),
            (1, "试用", 0.0, "open"),
        ]
        assert deals[0].closed_at == datetime(2024, 5, 3, 10, 0)
        zhang = s.get(Customer, 1)
        assert zhang is not None and (zhang.total_spent, zhang.purchase_count) == (1200.0, 1)
        assert [h.to_stage_id for h in deals[0].history] == [deals[0].stage_id]
    assert run(people, "deals", path).created == 0  # the same file again adds nothing
    with people.session() as s:
        undo_import(s, result.batch_id or 0)
    with people.session() as s:
        assert s.scalars(select(Deal)).all() == []
        zhang = s.get(Customer, 1)
        assert zhang is not None and (zhang.total_spent, zhang.purchase_count) == (0.0, 0)


def test_ambiguous_or_unknown_customer_is_a_row_error(people: Database, tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text(
        "客户,跟进时间,主题\n王芳,2024-05-03 09:00,回访\n李雷,2024-05-03,回访\n", encoding="utf-8"
    )
    plan = plan_of(people, "follow-ups", path)
    reasons = [(e.row, e.reason("en")) for e in plan.errors]
    assert reasons[0][0] == 2 and "2 customers are called 王芳" in reasons[0][1]
    assert reasons[1][0] == 3 and "no customer matches 李雷" in reasons[1][1]
    with pytest.raises(CrmError):
        run_import(people, plan)


def test_follow_ups_and_service_by_id(people: Database, tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("客户编号,方式,计划时间,主题\n2,到店,2030-01-02 15:00,上门量尺寸\n", encoding="utf-8")
    assert run(people, "follow-ups", path).created == 1
    svc = tmp_path / "s.csv"
    svc.write_text(
        "Customer ID,Type,Subject,Satisfaction,Status\n1,Repair,屏幕坏了,5,已解决\n1,Repair,x,9,\n",
        encoding="utf-8",
    )
    plan = plan_of(people, "service", svc)
    assert [e.row for e in plan.errors] == [3]
    result = run_import(people, plan, skip_invalid=True)
    assert (result.created, result.rejected) == (1, 1)
    with people.session() as s:
        fu = s.scalars(select(FollowUp)).one()
        assert (fu.customer_id, fu.kind, fu.due_at) == (2, "visit", datetime(2030, 1, 2, 15, 0))
        rec = s.scalars(select(ServiceRecord)).one()
        assert (rec.kind, rec.status, rec.satisfaction) == ("repair", "resolved", 5)
        wang = s.get(Customer, 2)
        assert wang is not None and wang.next_follow_up_at == datetime(2030, 1, 2, 15, 0)
        assert s.get(Customer, 1).avg_satisfaction == 5.0  # type: ignore[union-attr]


def test_no_customer_column(people: Database, tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("主题,跟进时间\n回访,2024-05-03\n", encoding="utf-8")
    with pytest.raises(CrmError) as err:
        plan_of(people, "follow-ups", path)
    assert err.value.code == "import.no_customer_column"


@pytest.mark.parametrize("kind", ["follow-ups", "deals", "service"])
def test_export_then_import_into_the_same_database_adds_nothing(
    people: Database, tmp_path: Path, kind: str
) -> None:
    sources = {
        "follow-ups": "客户编号,方式,计划时间,主题,完成时间,结果\n1,电话,2024-05-03 09:00,回访,2024-05-03 09:30,满意\n",
        "deals": "客户编号,商机名称,金额,阶段,预计成交\n1,年卡,1200,到店试用,2024-07-01\n",
        "service": '客户编号,类型,主题,描述,状态,登记时间\n1,维修,屏幕坏了,"碎了,\n要换",处理中,2024-05-03 10:00\n',
    }
    src = tmp_path / "src.csv"
    src.write_text(sources[kind], encoding="utf-8")
    assert run(people, kind, src).created == 1
    for suffix in (".xlsx", ".csv"):
        out = tmp_path / f"out{suffix}"
        with people.session() as s:
            assert export_records(s, kind, out, lang="zh").count == 1
        plan = plan_of(people, kind, out)
        assert plan.summary()["duplicate"] == 1, [r.describe() for r in plan.rows]
