"""Birthdays and customer anniversaries falling in a date range (both ends included).

The month-day match runs in SQL (`strftime('%m-%d', ...)`), so it is one indexed-free scan
of the customers table whatever the range. A range may wrap the year (Dec -> Jan); a
29 February birthday is celebrated on 28 February in other years. Archived customers are left
out.
"""

from __future__ import annotations

import calendar as _cal
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from crm_desktop.db.models import Customer


@dataclass(frozen=True)
class DateRow:
    """A customer whose birthday (or anniversary) falls on `on`; `years` is the age or years as customer."""

    customer_id: int
    name: str
    phone: str | None
    original: date
    on: date
    years: int


def _occurrence(original: date, year: int) -> date:
    if original.month == 2 and original.day == 29 and not _cal.isleap(year):
        return date(year, 2, 28)
    return date(year, original.month, original.day)


def _month_day_filter(column: Any, start: date, end: date) -> Any:
    md = func.strftime("%m-%d", column)
    lo, hi = f"{start:%m-%d}", f"{end:%m-%d}"
    # A range that wraps the year (under a year long) is `start`..31 Dec plus 1 Jan..`end`.
    cond = md.between(lo, hi) if end.year == start.year else or_(md >= lo, md <= hi)
    # 29 February is celebrated on 28 February in a year without it.
    for year in range(start.year, end.year + 1):
        feb28 = date(year, 2, 28)
        if not _cal.isleap(year) and start <= feb28 <= end:
            cond = or_(cond, md == "02-29")
    return cond


def _dates_between(s: Session, column: Any, start: date, end: date, min_years: int) -> list[DateRow]:
    if end < start:
        return []
    stmt = select(Customer.id, Customer.name, Customer.phone, column).where(
        Customer.archived_at.is_(None), column.is_not(None)
    )
    if (end - start).days < 365:
        stmt = stmt.where(_month_day_filter(column, start, end))
    rows: list[DateRow] = []
    for cid, name, phone, value in s.execute(stmt):
        original = value.date() if isinstance(value, datetime) else value
        for year in range(start.year, end.year + 1):
            on = _occurrence(original, year)
            if start <= on <= end:
                years = year - original.year
                if years >= min_years:
                    rows.append(DateRow(cid, name, phone, original, on, years))
                break
    rows.sort(key=lambda r: (r.on, r.name, r.customer_id))
    return rows


def birthdays_between(s: Session, start: date, end: date) -> list[DateRow]:
    """Customers whose birthday falls between `start` and `end` (inclusive), by date; `years` = age then."""
    return _dates_between(s, Customer.birthday, start, end, min_years=0)


def anniversaries_between(s: Session, start: date, end: date) -> list[DateRow]:
    """Customers whose first anniversary or later (of `created_at`) falls in the range, by date."""
    return _dates_between(s, Customer.created_at, start, end, min_years=1)


def upcoming_birthdays(s: Session, today: date, days: int = 7) -> list[DateRow]:
    """Birthdays from `today` through the next `days` days."""
    return birthdays_between(s, today, today + timedelta(days=days))
