"""Figures over deals are taken over all deals minus the trash customers' deals: check that a
customer in the trash who buys every month changes none of them."""

from __future__ import annotations

from datetime import date

from insight_data import customer, deal, dt, finish
from sqlalchemy.orm import Session

from crm_desktop.services import insight, retention
from crm_desktop.services.insight import MonthValue, Period


def test_trash_customer_buying_every_month_counts_nowhere(session: Session) -> None:
    live = customer(session, "L")
    gone = customer(session, "T", archived_at=dt("2026-03-20"))
    for closed in ("2026-01-10", "2026-02-10", "2026-03-10"):
        deal(session, gone, 1000.1, closed=closed)
    deal(session, gone, 7, status="lost", closed="2026-02-11")
    deal(session, live, 10.1, closed="2026-01-05")
    deal(session, live, 20.2, closed="2026-02-05")
    deal(session, live, 30, status="lost", closed="2026-02-06")
    finish(session)

    months = retention.monthly_retention(session, date(2026, 3, 15), months=3)
    assert [(m.month, m.previous_buyers, m.retained, m.buyers) for m in months] == [
        ("2026-01", 0, 0, 1),
        ("2026-02", 1, 1, 1),
        ("2026-03", 1, 0, 0),
    ]
    assert insight.sales_by_month(session, Period(date(2026, 1, 1), date(2026, 3, 31))) == [
        MonthValue("2026-01", 10.1, 1),
        MonthValue("2026-02", 20.2, 1),
        MonthValue("2026-03", 0.0, 0),
    ]
    figures = {
        f.key: (f.value, f.previous) for f in insight.key_figures(session, Period.month_of(date(2026, 2, 1)))
    }
    assert figures["sales"] == (20.2, 10.1)
    assert figures["won_deals"] == (1, 1)
    assert figures["conversion_rate"] == (0.5, 1.0)
