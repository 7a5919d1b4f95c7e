"""RFM scores, segments and the lifecycle update, on buyers whose scores are worked out by hand."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from insight_data import RFM_DAY, customer, deal, dt, finish, ladder
from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.db.models import Customer
from crm_desktop.services import rfm
from crm_desktop.services.rfm import LifecycleChange, SegmentCount


def _scores(session: Session) -> dict[str, tuple[int, int, int, str]]:
    return {r.name: (r.r, r.f, r.m, r.segment) for r in rfm.rfm_rows(session, RFM_DAY)}


def test_ladder_scores_one_to_five(session: Session) -> None:
    ladder(session)
    assert _scores(session) == {
        "P1": (1, 1, 1, "lost"),
        "P2": (2, 2, 2, "hibernating"),
        "P3": (3, 3, 3, "potential"),
        "P4": (4, 4, 4, "champions"),
        "P5": (5, 5, 5, "champions"),
    }
    p5 = rfm.rfm_rows(session, RFM_DAY, limit=1)[0]  # biggest spender first
    assert (p5.name, p5.frequency, p5.monetary, p5.recency_days) == ("P5", 5, 250.0, 20)
    assert p5.last_purchase_at == datetime(2026, 6, 10, 12, 0)


def test_new_and_at_risk_segments(session: Session) -> None:
    # name: (last purchase, [amounts]); F values 1,1,3,4,2 -> scores 2,2,4,5,3 (ties share)
    buyers = {
        "K1": ("2026-06-01", [500]),
        "K2": ("2026-05-01", [50]),
        "K3": ("2026-04-01", [100, 100, 100]),
        "K4": ("2026-03-01", [100, 100, 100, 100]),
        "K5": ("2026-01-01", [10, 10]),
    }
    for name, (last, amounts) in buyers.items():
        cid = customer(session, name)
        deal(session, cid, amounts[0], closed=last)
        for amount in amounts[1:]:
            deal(session, cid, amount, closed="2025-11-11")
    finish(session)
    assert _scores(session) == {
        "K1": (5, 2, 5, "new"),  # recent, one purchase, F+M = 7
        "K2": (4, 2, 2, "new"),
        "K3": (3, 4, 3, "potential"),
        "K4": (2, 5, 4, "at_risk"),  # bought often and much, not lately
        "K5": (1, 3, 1, "lost"),
    }
    assert rfm.segment_counts(session, RFM_DAY) == [
        SegmentCount("champions", 0, 0.0),
        SegmentCount("potential", 1, 300.0),
        SegmentCount("new", 2, 550.0),
        SegmentCount("at_risk", 1, 400.0),
        SegmentCount("hibernating", 0, 0.0),
        SegmentCount("lost", 1, 20.0),
    ]
    k1 = session.scalar(select(Customer.id).where(Customer.name == "K1"))
    k2 = session.scalar(select(Customer.id).where(Customer.name == "K2"))
    assert rfm.segment_customer_ids(session, RFM_DAY, "new") == [k1, k2]


def test_only_won_deals_of_live_customers_count(session: Session) -> None:
    ladder(session)
    gone = customer(session, "Gone", archived_at=dt("2026-01-01"))
    deal(session, gone, 9999, closed="2026-06-29")
    p1 = session.scalar(select(Customer.id).where(Customer.name == "P1"))
    deal(session, p1, 9999, status="lost", closed="2026-06-29")
    deal(session, p1, 9999, status="open")
    finish(session)
    assert _scores(session)["P1"] == (1, 1, 1, "lost")
    assert set(_scores(session)) == {"P1", "P2", "P3", "P4", "P5"}
    assert rfm.rfm_rows(session, date(2026, 7, 30), limit=1)[0].recency_days == 50  # P5, counted to that day


def test_equal_customers_share_scores(session: Session) -> None:
    for name in ("T1", "T2"):
        deal(session, customer(session, name), 80, closed="2026-06-01")
    finish(session)
    # all values tie: everyone is in the top quintile
    assert _scores(session) == {"T1": (5, 5, 5, "champions"), "T2": (5, 5, 5, "champions")}


def test_plan_and_apply_segments_to_lifecycle(session: Session) -> None:
    ids = ladder(session)
    customer(session, "No purchase", category="prospect")
    expected = [
        LifecycleChange(ids["P1"], "P1", "lost", "loyal", "customer"),
        LifecycleChange(ids["P2"], "P2", "hibernating", "loyal", "customer"),
        LifecycleChange(ids["P3"], "P3", "potential", "lead", "customer"),
        LifecycleChange(ids["P5"], "P5", "champions", "customer", "loyal"),
    ]  # P4 is an advocate: left alone
    assert rfm.plan_lifecycle_changes(session, RFM_DAY) == expected
    before = dict(session.execute(select(Customer.name, Customer.category)).all())
    assert before["P5"] == "customer"  # planning changed nothing

    changed = rfm.apply_segments_to_lifecycle(session, RFM_DAY, now=datetime(2026, 6, 30, 9, 0))
    assert changed == expected
    after = dict(session.execute(select(Customer.name, Customer.category)).all())
    assert after == {
        "P1": "customer",
        "P2": "customer",
        "P3": "customer",
        "P4": "advocate",
        "P5": "loyal",
        "No purchase": "prospect",
    }
    assert session.get(Customer, ids["P5"]).updated_at == datetime(2026, 6, 30, 9, 0)
    # a second run finds nothing left to change
    assert rfm.apply_segments_to_lifecycle(session, RFM_DAY) == []


def test_apply_only_chosen_segments(session: Session) -> None:
    ids = ladder(session)
    changed = rfm.apply_segments_to_lifecycle(session, RFM_DAY, ["champions"])
    assert changed == [LifecycleChange(ids["P5"], "P5", "champions", "customer", "loyal")]
    assert session.get(Customer, ids["P3"]).category == "lead"
    assert rfm.apply_segments_to_lifecycle(session, RFM_DAY, []) == []
    with pytest.raises(ValueError):
        rfm.apply_segments_to_lifecycle(session, RFM_DAY, ["vip"])


def test_segment_names_in_both_languages() -> None:
    assert [rfm.segment_name(c, "zh") for c in rfm.SEGMENTS] == [
        "重要价值客户",
        "潜力客户",
        "新客户",
        "需唤回",
        "沉睡客户",
        "流失客户",
    ]
    assert rfm.segment_name("at_risk", "en") == "At risk"
