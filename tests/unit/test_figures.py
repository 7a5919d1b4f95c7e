"""Read-only customer figures, kept by the services and rebuilt in bulk; birthdays and anniversaries."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select, text

from crm_desktop.db.engine import Database
from crm_desktop.db.models import Customer
from crm_desktop.services import deals, follow_ups, service_records
from crm_desktop.services.calendar import anniversaries_between, birthdays_between, upcoming_birthdays
from crm_desktop.services.figures import FIGURE_KEYS, refresh_all_figures, refresh_figures

T0 = datetime(2026, 3, 1, 10, 0)


def _customer(db: Database, name: str, **kw: object) -> int:
    with db.session() as s:
        c = Customer(name=name, **kw)
        s.add(c)
        s.flush()
        return c.id


def _figures(db: Database) -> dict[int, tuple[object, ...]]:
    with db.session() as s:
        return {c.id: tuple(getattr(c, k) for k in FIGURE_KEYS) for c in s.scalars(select(Customer))}


def _mixed_history(db: Database) -> list[int]:
    ids = [_customer(db, n) for n in ("张伟", "李娜", "王芳", "无记录")]
    a, b, c, _ = ids
    with db.session() as s:
        deals.quick_sale(s, a, 0.1, at=T0)
        deals.quick_sale(s, a, 0.2, at=T0 + timedelta(days=1))
        lost = deals.create_deal(s, a, "lost", 500)
        deals.close_deal(s, lost.id, won=False, at=T0 + timedelta(days=9))
        deals.create_deal(s, b, "open", 800)
        f = follow_ups.plan_follow_up(s, b, T0 + timedelta(days=2))
        follow_ups.complete_follow_up(
            s, f.id, "ok", done_at=T0 + timedelta(days=3), next_due_at=T0 + timedelta(days=9)
        )
        follow_ups.plan_follow_up(s, b, T0 + timedelta(days=5))
        r1 = service_records.open_service_record(s, c, "repair", "x", opened_at=T0 + timedelta(days=4))
        service_records.open_service_record(s, c, "complaint", "y", opened_at=T0)
        service_records.resolve_service_record(s, r1.id, "fixed", 3)
    return ids


def test_figures_after_each_kind_of_write(db: Database) -> None:
    a, b, c, none = _mixed_history(db)
    figures = _figures(db)
    # total_spent, purchase_count, last_purchase_at, last_contact_at, next_follow_up_at, open_service_count, avg_satisfaction
    assert figures[a] == (0.3, 2, T0 + timedelta(days=1), T0 + timedelta(days=1), None, 0, None)
    assert figures[b] == (0.0, 0, None, T0 + timedelta(days=3), T0 + timedelta(days=5), 0, None)
    assert figures[c] == (0.0, 0, None, T0 + timedelta(days=4), None, 1, 3.0)
    assert figures[none] == (0.0, 0, None, None, None, 0, None)


def test_refresh_all_rebuilds_exactly_what_the_services_kept(db: Database) -> None:
    _mixed_history(db)
    kept = _figures(db)
    with db.session() as s:
        s.execute(
            text(
                "UPDATE customers SET total_spent = 12345, purchase_count = 9, last_purchase_at = NULL, "
                "last_contact_at = '2000-01-01 00:00:00.000000', next_follow_up_at = NULL, "
                "open_service_count = 7, avg_satisfaction = 1"
            )
        )
    with db.session() as s:
        refresh_all_figures(s)
    assert _figures(db) == kept


def test_bulk_rows_written_with_sql_get_figures_from_refresh_all(db: Database) -> None:
    cid = _customer(db, "导入客户")
    with db.session() as s:
        won = s.scalar(text("SELECT id FROM pipeline_stages WHERE outcome = 'won'"))
        s.execute(
            text(
                "INSERT INTO deals (customer_id, title, amount, stage_id, status, closed_at, created_at, updated_at) "
                "VALUES (:c, 'a', 10.005, :st, 'won', '2026-02-01 12:00:00.000000', '2026-02-01 12:00:00.000000', "
                "'2026-02-01 12:00:00.000000'), (:c, 'b', 19.99, :st, 'won', '2026-02-03 12:00:00.000000', "
                "'2026-02-03 12:00:00.000000', '2026-02-03 12:00:00.000000')"
            ),
            {"c": cid, "st": won},
        )
        s.execute(
            text(
                "INSERT INTO service_records (customer_id, kind, subject, status, opened_at, satisfaction, updated_at) "
                "VALUES (:c, 'repair', 'a', 'resolved', '2026-01-01 00:00:00.000000', 5, '2026-01-01 00:00:00.000000'),"
                " (:c, 'repair', 'b', 'in_progress', '2026-01-02 00:00:00.000000', 4, '2026-01-02 00:00:00.000000')"
            ),
            {"c": cid},
        )
    with db.session() as s:
        refresh_all_figures(s)
    total, count, last_purchase, last_contact, _next, open_service, satisfaction = _figures(db)[cid]
    assert (round(total, 2), count, open_service, satisfaction) == (30.0, 2, 1, 4.5)
    assert last_purchase == last_contact == datetime(2026, 2, 3, 12)


def test_loaded_customer_sees_new_figures_in_the_same_session(db: Database) -> None:
    cid = _customer(db, "张伟")
    with db.session() as s:
        customer = s.get(Customer, cid)
        assert customer is not None and customer.total_spent == 0.0
        deals.quick_sale(s, cid, 42)
        assert (customer.total_spent, customer.purchase_count) == (42.0, 1)
        refresh_figures(s, [])  # nothing to do
        refresh_figures(s, [cid, cid])
        assert customer.total_spent == 42.0


def test_refresh_does_not_touch_updated_at(db: Database) -> None:
    cid = _customer(db, "张伟", updated_at=datetime(2020, 1, 1))
    with db.session() as s:
        deals.quick_sale(s, cid, 1)
        refresh_all_figures(s)
    with db.session() as s:
        assert s.get(Customer, cid).updated_at == datetime(2020, 1, 1)  # type: ignore[union-attr]


def test_birthdays_in_range_with_year_wrap_and_feb_29(db: Database) -> None:
    _customer(db, "元旦", birthday=date(1990, 1, 1))
    _customer(db, "跨年", birthday=date(1985, 12, 30))
    _customer(db, "闰日", birthday=date(2000, 2, 29))
    _customer(db, "三月", birthday=date(1995, 3, 1))
    _customer(db, "七月", birthday=date(1970, 7, 7))
    _customer(db, "已归档", birthday=date(1990, 1, 2), archived_at=datetime(2026, 1, 1))
    _customer(db, "无生日")
    with db.session() as s:
        wrap = birthdays_between(s, date(2026, 12, 25), date(2027, 1, 5))
        assert [(r.name, r.on, r.years) for r in wrap] == [
            ("跨年", date(2026, 12, 30), 41),
            ("元旦", date(2027, 1, 1), 37),
        ]
        # 2027 has no 29 February: the birthday falls on the 28th
        feb = birthdays_between(s, date(2027, 2, 20), date(2027, 2, 28))
        assert [(r.name, r.on, r.original) for r in feb] == [("闰日", date(2027, 2, 28), date(2000, 2, 29))]
        assert [r.name for r in birthdays_between(s, date(2027, 3, 1), date(2027, 3, 2))] == ["三月"]
        assert [(r.name, r.on) for r in birthdays_between(s, date(2028, 2, 29), date(2028, 3, 1))] == [
            ("闰日", date(2028, 2, 29)),
            ("三月", date(2028, 3, 1)),
        ]
        assert birthdays_between(s, date(2028, 2, 28), date(2028, 2, 28)) == []
        year = birthdays_between(s, date(2026, 5, 1), date(2027, 6, 30))
        assert [r.name for r in year] == ["七月", "跨年", "元旦", "闰日", "三月"]
        assert birthdays_between(s, date(2026, 2, 1), date(2026, 1, 1)) == []
        assert [r.name for r in upcoming_birthdays(s, date(2026, 7, 1))] == ["七月"]


def test_customer_anniversaries(db: Database) -> None:
    _customer(db, "老客户", created_at=datetime(2023, 6, 10, 15, 0))
    _customer(db, "新客户", created_at=datetime(2026, 6, 12, 9, 0))
    with db.session() as s:
        rows = anniversaries_between(s, date(2026, 6, 1), date(2026, 6, 30))
    assert [(r.name, r.on, r.years) for r in rows] == [("老客户", date(2026, 6, 10), 3)]
