"""At-risk customers, monthly retention, customer value, unhappy customers and care lists."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from insight_data import customer, deal, dt, finish, follow_up, ladder, service
from sqlalchemy.orm import Session

from crm_desktop.errors import CrmError
from crm_desktop.services import retention
from crm_desktop.services.presets import get_setting

JUNE_30 = date(2026, 6, 30)


@pytest.fixture
def silent(session: Session) -> dict[str, int]:
    ids: dict[str, int] = {}

    def buyer(name: str, bought: str, amount: float, **kw: object) -> int:
        cid = customer(session, name, "2025-06-01", **kw)
        deal(session, cid, amount, closed=bought)
        ids[name] = cid
        return cid

    buyer("G1", "2026-01-05", 100)
    follow_up(session, buyer("G2", "2026-01-05", 100), "2026-05-01", done="2026-05-01")
    buyer("G3", "2026-04-01 18:00", 300)  # exactly 90 days silent
    buyer("G4", "2026-04-02", 300)  # 89 days
    ids["G5"] = customer(session, "G5")  # never bought
    service(session, buyer("G6", "2025-12-01", 100), "2026-06-01")  # a service visit is contact
    buyer("G7", "2025-12-01", 100, archived_at=dt("2026-01-01"))
    follow_up(session, buyer("G8", "2026-01-05", 50), "2026-07-15")  # planned only
    finish(session)
    return ids


def test_at_risk_customers_with_the_preset_days(session: Session, silent: dict[str, int]) -> None:
    assert retention.at_risk_days(session) == 90  # the shop preset
    rows = retention.at_risk_customers(session, JUNE_30)
    assert [(r.name, r.days_silent) for r in rows] == [("G3", 90), ("G1", 176), ("G8", 176)]
    g1 = rows[1]
    assert g1.last_purchase_at == datetime(2026, 1, 5) and g1.last_contact_at == datetime(2026, 1, 5)
    assert g1.total_spent == 100
    assert retention.count_at_risk(session, JUNE_30) == 3
    assert [r.name for r in retention.at_risk_customers(session, JUNE_30, limit=1)] == ["G3"]


def test_at_risk_days_are_editable(session: Session, silent: dict[str, int]) -> None:
    assert retention.set_at_risk_days(session, " 170 ") == 170
    assert get_setting(session, "at_risk_days") == 170
    assert [r.name for r in retention.at_risk_customers(session, JUNE_30)] == ["G1", "G8"]
    for bad in ("abc", 0, 5000, "1.5"):
        with pytest.raises(CrmError) as err:
            retention.set_at_risk_days(session, bad)
        assert err.value.code == "insight.bad_days"
    assert retention.at_risk_days(session) == 170  # a refused value changed nothing


def test_monthly_retention_and_churn(session: Session) -> None:
    x, y, z, w = (customer(session, n) for n in "XYZW")
    for cid, closed in [
        (x, "2025-12-03"),
        (y, "2025-12-20"),
        (x, "2026-01-02"),
        (x, "2026-01-30 23:59"),  # twice in one month is one buyer
        (z, "2026-01-15"),
        (x, "2026-02-01"),
        (z, "2026-02-11"),
        (w, "2026-02-27"),
        (w, "2026-03-02"),
    ]:
        deal(session, cid, 10, closed=closed)
    deal(session, x, 10, status="lost", closed="2026-03-05")
    finish(session)
    months = retention.monthly_retention(session, date(2026, 3, 15), months=4)
    assert [(m.month, m.previous_buyers, m.retained, m.buyers) for m in months] == [
        ("2025-12", 0, 0, 2),
        ("2026-01", 2, 1, 2),
        ("2026-02", 2, 2, 3),
        ("2026-03", 3, 1, 1),
    ]
    assert months[0].retention is None and months[0].churn is None
    assert months[1].retention == 0.5 and months[2].churn == 0.0
    assert months[3].retention == pytest.approx(1 / 3) and months[3].churn == pytest.approx(2 / 3)
    assert len(retention.monthly_retention(session, date(2026, 3, 15))) == 12


def test_value_summary(session: Session) -> None:
    empty = retention.value_summary(session)
    assert (empty.buyers, empty.avg_order_value, empty.top) == (0, None, ())
    ladder(session)
    value = retention.value_summary(session, top=2)
    assert (value.buyers, value.orders, value.total) == (5, 15, 550.0)
    assert value.avg_lifetime_value == 110.0 and value.avg_order_value == 36.67
    assert [(t.name, t.orders, t.lifetime_value) for t in value.top] == [("P5", 5, 250.0), ("P4", 4, 160.0)]


def test_unhappy_customers_without_a_follow_up_since(session: Session) -> None:
    u = {n: customer(session, n) for n in ("U1", "U2", "U3", "U4", "U5")}
    u6 = customer(session, "U6", archived_at=dt("2026-04-01"))
    done = {"status": "resolved"}
    service(session, u["U1"], "2026-02-27", resolved="2026-03-01", satisfaction=2, **done)
    service(session, u["U2"], "2026-02-27", resolved="2026-03-01", satisfaction=1, **done)
    follow_up(session, u["U2"], "2026-03-02", done="2026-03-02")
    service(
        session, u["U3"], "2026-02-01", kind="complaint", resolved="2026-02-01 12:00", satisfaction=2, **done
    )
    service(session, u["U3"], "2026-03-01", resolved="2026-03-01", satisfaction=5, **done)
    service(session, u["U4"], "2026-03-01", resolved="2026-03-05", satisfaction=1, **done)
    follow_up(session, u["U4"], "2026-03-01", done="2026-03-01")  # before the rating
    service(session, u["U5"], "2026-03-01", resolved="2026-03-01", satisfaction=3, **done)
    service(session, u6, "2026-03-01", resolved="2026-03-01", satisfaction=1, **done)
    finish(session)
    rows = retention.unhappy_customers(session)
    assert [(r.name, r.satisfaction) for r in rows] == [("U4", 1), ("U1", 2), ("U3", 2)]
    assert (rows[2].kind, rows[2].rated_at) == ("complaint", datetime(2026, 2, 1, 12, 0))


def test_care_list_of_birthdays_and_anniversaries(session: Session) -> None:
    customer(session, "Birthday", "2026-06-01", birthday=date(1990, 1, 2))
    customer(session, "Not yet", "2026-06-01", birthday=date(1990, 1, 6))
    customer(session, "Two years", "2024-12-30 10:00")
    customer(session, "Just added", "2026-12-29")
    finish(session)
    care = retention.care_list(session, date(2026, 12, 28), days=7)
    assert [(r.name, r.on, r.years) for r in care.birthdays] == [("Birthday", date(2027, 1, 2), 37)]
    assert [(r.name, r.on, r.years) for r in care.anniversaries] == [("Two years", date(2026, 12, 30), 2)]
