"""Small shared queries of the reports: option names, period bounds."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.db.models import KindOption
from crm_desktop.reports.options import ReportOptions


def kind_names(session: Session, category: str, lang: str) -> dict[str, str]:
    """Display names of the editable options of `category` (follow_up, service, lost_reason …)."""
    rows = session.execute(
        select(KindOption.code, KindOption.name_zh, KindOption.name_en).where(KindOption.category == category)
    )
    return {code: (zh if lang == "zh" else en) for code, zh, en in rows}


def reason_name(names: dict[str, str], reason: str | None) -> str:
    """A close reason: its option name when it is a code, else the free text the user typed."""
    if not reason:
        return ""
    return names.get(reason, reason)


def month_start(day: date, back: int = 0) -> date:
    """The first day of the month `back` months before `day`'s month."""
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def period(options: ReportOptions, months: int = 12) -> tuple[date, date]:
    """The inclusive period asked for; by default the last `months` calendar months up to today."""
    end = options.end or options.day()
    start = options.start or month_start(end, months - 1)
    if options.start is not None and options.end is None:
        end = max(options.day(), start)
    return start, end


def bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """Half-open date-time bounds [start 00:00, day after end 00:00) for SQL comparisons."""
    return datetime.combine(start, time()), datetime.combine(end + timedelta(days=1), time())
