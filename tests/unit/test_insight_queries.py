"""The dashboard's faster queries give the same answers as the plain definitions.

Birthdays and anniversaries (the Today page's and the care list's, `services.calendar`) are
read with month-day spans and ranges of ix_customers_created: they must list exactly what the
plain rule gives (counted here in Python from every customer), every day of a leap and a
common year. Monthly retention over more months than fit one bit mask is computed in
overlapping windows: it must match retention counted by hand from the deals.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from insight_data import customer, deal, dt, finish
from sqlalchemy.orm import Session

from crm_desktop.db.models import Customer
from crm_desktop.services import calendar, retention
from crm_desktop.services.calendar import DateRow


def by_rule(session: Session, key: str, start: date, end: date, min_years: int) -> list[DateRow]:
    """The plain rule: every live customer whose date recurs in [start, end], 29 February on
    28 February in a common year; by date, then name, then id."""
    rows = []
    for c in session.query(Customer).filter(Customer.archived_at.is_(None)):
        value = getattr(c, key)
        if value is None:
            continue
        original = value if type(value) is date else value.date()
        for year in range(start.year, end.year + 1):
            try:
                on = original.replace(year=year)
            except ValueError:  # 29 February in a common year
                on = date(year, 2, 28)
            if start <= on <= end:
                if year - original.year >= min_years:
                    rows.append(DateRow(c.id, c.name, c.phone, original, on, year - original.year))
                break
    return sorted(rows, key=lambda r: (r.on, r.name, r.customer_id))


@pytest.fixture
def dates(session: Session) -> None:
    """Birthdays and creation days on the awkward days of the year; one customer in the trash."""
    days = ["02-28", "02-29", "03-01", "12-31", "01-01", "06-15"]
    for i, md in enumerate(days):
        born = 1996 if md == "02-29" else 1990 + i
        customer(session, f"B{i}", "2025-03-03 09:00", birthday=date.fromisoformat(f"{born}-{md}"))
        year = 2024 if md == "02-29" else 2021 + i % 4
        customer(session, f"A{i}", f"{year}-{md} 23:59:59")
    customer(session, "Trash", "2024-02-29 10:00", birthday=date(1996, 2, 29), archived_at=dt("2026-01-01"))
    customer(session, "No birthday", "2026-01-01 00:00")
    finish(session)


@pytest.mark.parametrize("days", [0, 1, 7, 40, 364, 365])
def test_care_list_follows_the_rule_every_day(session: Session, dates: None, days: int) -> None:
    day = date(2027, 12, 1)
    while day <= date(2029, 1, 5):  # 2028 is a leap year
        care = retention.care_list(session, day, days)
        end = day + timedelta(days=days)
        assert list(care.birthdays) == by_rule(session, "birthday", day, end, 0), day
        assert list(care.anniversaries) == by_rule(session, "created_at", day, end, 1), day
        day += timedelta(days=1 if days < 364 else 61)


def test_care_list_when_the_years_are_too_many_for_ranges(
    session: Session, dates: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(calendar, "_MAX_YEAR_RANGES", 0)  # match the month-day on every customer
    for day in (date(2027, 2, 25), date(2028, 2, 25), date(2027, 12, 28)):
        care = retention.care_list(session, day, 7)
        end = day + timedelta(days=7)
        assert list(care.anniversaries) == by_rule(session, "created_at", day, end, 1)
        assert care.anniversaries  # the range holds someone's anniversary


def test_care_list_of_an_empty_database(session: Session) -> None:
    care = retention.care_list(session, date(2026, 2, 27), 7)
    assert care.birthdays == () and care.anniversaries == ()
    assert retention.care_list(session, date(2026, 2, 27), -1) == retention.CareList((), ())


def test_retention_over_more_months_than_one_mask(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(retention, "_MASK_MONTHS", 5)  # windows of 5 months, overlapping by one
    bought = {
        "X": ["2025-01-10", "2025-02-01", "2025-03-31 23:59", "2025-04-01", "2025-05-05", "2025-06-06"],
        "Y": ["2025-02-14", "2025-02-15", "2025-05-20", "2025-06-01", "2025-07-01", "2025-11-30"],
        "Z": ["2025-04-30", "2025-05-01", "2025-09-09", "2025-10-10"],
        "T": ["2025-03-03", "2025-04-04", "2025-05-05"],  # in the trash
    }
    ids = {}
    for name, days in bought.items():
        ids[name] = customer(session, name, archived_at=dt("2026-01-01") if name == "T" else None)
        for closed in days:
            deal(session, ids[name], 10, closed=closed)
    deal(session, ids["Z"], 10, status="lost", closed="2025-08-08")
    finish(session)

    def months_of(name: str) -> set[str]:
        return {d[:7] for d in bought[name]}

    months = retention.monthly_retention(session, date(2025, 12, 31), months=12)
    assert [m.month for m in months] == [f"2025-{k:02d}" for k in range(1, 13)]
    live = ("X", "Y", "Z")
    for m in months:
        k = int(m.month[5:])
        before = f"2025-{k - 1:02d}" if k > 1 else "2024-12"
        assert m.buyers == sum(m.month in months_of(n) for n in live), m
        assert m.previous_buyers == sum(before in months_of(n) for n in live), m
        assert m.retained == sum(before in months_of(n) and m.month in months_of(n) for n in live), m
    one_window = retention.monthly_retention(session, date(2025, 12, 31), months=3)
    assert one_window == months[-3:]
    assert retention.monthly_retention(session, date(2025, 12, 31), months=0) == []
