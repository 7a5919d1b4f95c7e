"""Small hand-made data for the report tests: a shop with a few customers and their records."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.db.models import Customer, Deal, FollowUp, Note, PipelineStage, ServiceRecord, Tag
from crm_desktop.services.presets import set_setting

TODAY = date(2026, 5, 14)


def stage(s: Session, code: str) -> PipelineStage:
    return s.scalars(select(PipelineStage).where(PipelineStage.code == code)).one()


def seed(s: Session) -> dict[str, int]:
    """Two customers with follow-ups, deals and service records; returns their ids."""
    set_setting(
        s,
        "business_profile",
        {
            "name": "星光琴行 Starlight Music",
            "address": "上海市徐汇区漕溪北路 88 号",
            "phone": "021-6488 0000",
        },
    )
    zhang = Customer(
        name="张伟",
        phone="13800138000",
        email="zhangwei@example.com",
        city="上海",
        company="华东贸易",
        category="customer",
        grade="A",
        notes="喜欢周末到店。",
        custom={"会员卡号": "VIP-0088"},
        tags=[Tag(name="钢琴"), Tag(name="老客户")],
    )
    smith = Customer(
        name="Alice Smith",
        phone="+44 20 7946 0000",
        email="alice@example.org",
        city="London",
        category="lead",
    )
    s.add_all([zhang, smith])
    s.flush()
    s.add_all(
        [
            Note(
                customer_id=zhang.id,
                body="询问了雅马哈立式钢琴的价格",
                created_at=datetime(2026, 5, 2, 10, 0),
            ),
            FollowUp(
                customer_id=zhang.id, kind="call", subject="回访钢琴调音", due_at=datetime(2026, 5, 14, 9, 30)
            ),
            FollowUp(
                customer_id=smith.id,
                kind="visit",
                subject="Show the grand piano",
                due_at=datetime(2026, 5, 15, 14, 0),
            ),
            FollowUp(
                customer_id=zhang.id,
                kind="call",
                subject="已完成的电话",
                due_at=datetime(2026, 5, 14, 8, 0),
                done_at=datetime(2026, 5, 14, 8, 10),
                outcome="客户满意",
            ),
            Deal(customer_id=zhang.id, title="雅马哈立式钢琴", amount=28800.0, stage_id=stage(s, "trial").id),
            Deal(customer_id=smith.id, title="Digital piano", amount=4500.0, stage_id=stage(s, "enquiry").id),
            Deal(
                customer_id=zhang.id,
                title="钢琴琴凳",
                amount=1250.5,
                stage_id=stage(s, "won").id,
                status="won",
                closed_at=datetime(2026, 4, 20, 15, 0),
                close_reason="price",
            ),
            Deal(
                customer_id=smith.id,
                title="Violin starter set",
                amount=990.0,
                stage_id=stage(s, "lost").id,
                status="lost",
                closed_at=datetime(2026, 3, 3, 11, 0),
                close_reason="competitor",
            ),
            ServiceRecord(
                customer_id=zhang.id,
                kind="repair",
                subject="琴键卡住",
                status="resolved",
                opened_at=datetime(2026, 4, 1, 9, 0),
                resolved_at=datetime(2026, 4, 3, 9, 0),
                satisfaction=5,
            ),
            ServiceRecord(
                customer_id=smith.id,
                kind="complaint",
                subject="Late delivery",
                status="open",
                opened_at=datetime(2026, 5, 10, 9, 0),
            ),
        ]
    )
    s.flush()
    return {"zhang": zhang.id, "smith": smith.id}
