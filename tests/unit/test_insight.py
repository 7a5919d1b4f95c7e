"""Dashboard figures on a hand-made shop: key figures, breakdowns, sales, funnel, satisfaction."""

from __future__ import annotations

from datetime import date

import pytest
from insight_data import customer, deal, dt, finish, follow_up, service, stage_id
from sqlalchemy.orm import Session

from crm_desktop.services import insight
from crm_desktop.services.dashboard import compute_dashboard
from crm_desktop.services.insight import Count, MonthValue, Period

MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))


@pytest.fixture
def shop(session: Session) -> dict[str, int]:
    """Customers A-F and their records; E is archived (in the trash) and never counts."""
    ids = {
        "A": customer(session, "A", "2026-03-05 10:00", category="customer", source="Referral", grade="A"),
        "B": customer(session, "B", "2026-03-31 23:00", category="prospect", source="Walk-in"),
        "C": customer(session, "C", "2026-02-10", category="loyal", source="Referral", grade="A"),
        "D": customer(session, "D", "2026-01-01", category="lead", grade="B"),
        "E": customer(
            session, "E", "2026-03-10", category="customer", source="Referral", archived_at=dt("2026-04-01")
        ),
        "F": customer(session, "F", "2025-06-01", category="prospect", source="  "),
    }
    a, b, c, d, e = (ids[k] for k in "ABCDE")
    deal(session, a, 100, closed="2026-03-06 11:00")
    deal(session, c, 250.5, closed="2026-03-15", created="2026-02-20")
    deal(session, d, 80, status="lost", closed="2026-03-20", created="2026-01-05")
    deal(session, c, 300, closed="2026-02-25", created="2026-02-20")
    deal(session, d, 500, status="open", created="2026-01-02", stage="enquiry")
    deal(session, e, 1000, closed="2026-03-12")
    deal(session, e, 999, status="open", created="2026-03-12", stage="enquiry")
    deal(session, b, 200, status="open", created="2026-04-02", stage="trial")
    follow_up(session, d, "2026-03-03", done="2026-03-03 15:00")
    follow_up(session, b, "2026-03-20")  # planned, not done: not activity
    service(session, b, "2026-03-31 10:00")
    service(session, d, "2026-02-10", status="resolved", resolved="2026-03-05", satisfaction=4)
    service(
        session, a, "2026-03-07", kind="complaint", status="resolved", resolved="2026-03-08", satisfaction=2
    )
    service(session, c, "2026-02-01", status="closed", resolved="2026-02-02", satisfaction=5)
    service(session, e, "2026-03-01", status="resolved", resolved="2026-03-02", satisfaction=1)
    finish(session)
    return ids


def test_previous_period_has_the_same_length() -> None:
    assert MARCH.previous() == Period(date(2026, 1, 29), date(2026, 2, 28))
    assert Period.month_of(date(2026, 2, 14)) == Period(date(2026, 2, 1), date(2026, 2, 28))
    assert Period.last_days(date(2026, 3, 31), 7) == Period(date(2026, 3, 25), date(2026, 3, 31))


def test_key_figures_with_previous_period(session: Session, shop: dict[str, int]) -> None:
    figures = {f.key: f for f in insight.key_figures(session, MARCH)}
    assert list(figures) == list(insight.KEY_FIGURES)
    got = {k: (f.value, f.previous) for k, f in figures.items()}
    assert got == {
        "new_customers": (2, 1),  # A and B (23:00 on the last day) / C
        "active_customers": (4, 2),  # A, B, C, D / C, D
        "sales": (350.5, 300),
        "won_deals": (2, 1),
        "conversion_rate": (pytest.approx(2 / 3), 1.0),
        "open_service": (1, 1),  # B's open record / D's record, resolved only in March
        "avg_satisfaction": (3.0, 5.0),
    }
    assert figures["sales"].change == 50.5
    assert figures["new_customers"].change_ratio == 1.0
    assert figures["avg_satisfaction"].change_ratio == pytest.approx(-0.4)


def test_key_figures_of_an_empty_database(session: Session) -> None:
    figures = {f.key: f for f in insight.key_figures(session, MARCH)}
    assert figures["sales"].value == 0 and figures["sales"].change_ratio is None
    assert figures["conversion_rate"].value is None and figures["conversion_rate"].change is None
    assert figures["avg_satisfaction"].value is None


def test_customers_by_category_source_and_grade(session: Session, shop: dict[str, int]) -> None:
    assert insight.customers_by(session, "category") == [
        Count("prospect", 2),
        Count("customer", 1),
        Count("lead", 1),
        Count("loyal", 1),
    ]
    # blank and missing sources are one "not set" slice
    assert insight.customers_by(session, "source") == [
        Count(None, 2),
        Count("Referral", 2),
        Count("Walk-in", 1),
    ]
    assert insight.customers_by(session, "grade") == [Count(None, 2), Count("A", 2), Count("B", 1)]
    with pytest.raises(ValueError):
        insight.customers_by(session, "name; DROP TABLE customers")
    assert insight.customer_breakdowns(session) == {
        k: insight.customers_by(session, k) for k in insight.BREAKDOWNS
    }


def test_clicking_a_slice_finds_its_customers(session: Session, shop: dict[str, int]) -> None:
    assert insight.customer_ids_by(session, "category", "prospect") == [shop["F"], shop["B"]]
    assert insight.customer_ids_by(session, "source", None) == [shop["F"], shop["D"]]
    assert insight.customer_ids_by(session, "source", "Referral") == [shop["C"], shop["A"]]
    assert insight.customer_ids_bought_in(session, "2026-03") == [shop["C"], shop["A"]]
    assert insight.customer_ids_in_stage(session, stage_id(session, "enquiry")) == [shop["D"]]
    assert insight.customer_ids_rated_in(session, "2026-03") == [shop["A"], shop["D"]]


def test_sales_by_month_lists_every_month(session: Session, shop: dict[str, int]) -> None:
    spring = Period(date(2026, 2, 1), date(2026, 4, 30))
    assert insight.sales_by_month(session, spring) == [
        MonthValue("2026-02", 300.0, 1),
        MonthValue("2026-03", 350.5, 2),
        MonthValue("2026-04", 0.0, 0),
    ]


def test_pipeline_funnel_counts_open_deals_per_open_stage(session: Session, shop: dict[str, int]) -> None:
    funnel = insight.pipeline_funnel(session)
    assert [(f.code, f.count, f.amount) for f in funnel] == [("enquiry", 1, 500.0), ("trial", 1, 200.0)]
    assert funnel[0].name("zh") == "询价" and funnel[1].name("en") == "In-store trial"


def test_satisfaction_by_month_and_kind(session: Session, shop: dict[str, int]) -> None:
    spring = Period(date(2026, 2, 1), date(2026, 4, 30))
    assert insight.satisfaction_by_month(session, spring) == [
        MonthValue("2026-02", 5.0, 1),
        MonthValue("2026-03", 3.0, 2),
        MonthValue("2026-04", None, 0),
    ]
    assert insight.satisfaction_by_kind(session) == [Count("complaint", 1, 2.0), Count("repair", 2, 4.5)]
    assert insight.satisfaction_by_kind(session, MARCH) == [
        Count("complaint", 1, 2.0),
        Count("repair", 1, 4.0),
    ]


def test_whole_dashboard_in_one_call(session: Session, shop: dict[str, int]) -> None:
    board = compute_dashboard(session, MARCH, date(2026, 3, 31))
    assert board.figures[2].value == 350.5
    assert [m.month for m in board.sales] == ["2026-03"]
    assert board.at_risk_days == 90
    assert sum(seg.count for seg in board.segments) == 2  # A and C bought by 31 March
    assert board.value.buyers == 2 and board.value.total == 650.5
