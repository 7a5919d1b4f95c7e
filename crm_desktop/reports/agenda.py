"""Follow-up agenda: a day or a week of planned follow-ups, grouped by day, with phones and a tick box.

When the period starts today, the open follow-ups due before today come first under
"Overdue" (oldest first, each with its date), as the Today page and the reminder banner
show them: a call list printed in the morning must not leave them out. A period that starts
on another day is printed as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from itertools import groupby
from typing import Any, TypeAlias

from reportlab.platypus import Flowable, Spacer
from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from crm_desktop.db.models import Customer, FollowUp
from crm_desktop.reports.base import BusinessProfile, ReportContext
from crm_desktop.reports.labels import fmt_datetime, fmt_day, label
from crm_desktop.reports.lookups import bounds, kind_names
from crm_desktop.reports.options import ReportOptions
from crm_desktop.reports.styles import make_styles
from crm_desktop.reports.tables import PagedTable, TickBox, para
from crm_desktop.services.progress import Progress

_Row: TypeAlias = Row[*tuple[Any, ...]]


def agenda_period(options: ReportOptions) -> tuple[date, date]:
    """The days to print: `start`..`end`; one day (today by default) when no end is given."""
    start = options.start or options.end or options.day()
    end = options.end or start
    return start, end


def _open_rows(session: Session, lo: datetime | None, hi: datetime) -> Sequence[_Row]:
    """Open follow-ups due in [lo, hi) (from any time before `hi` without `lo`), archived
    customers left out, oldest first."""
    stmt = (
        select(
            FollowUp.due_at,
            FollowUp.kind,
            FollowUp.subject,
            FollowUp.notes,
            Customer.name,
            Customer.phone,
            Customer.alt_phone,
        )
        .join(Customer, Customer.id == FollowUp.customer_id)
        .where(FollowUp.done_at.is_(None), FollowUp.due_at < hi, Customer.archived_at.is_(None))
        .order_by(FollowUp.due_at, Customer.name)
    )
    if lo is not None:
        stmt = stmt.where(FollowUp.due_at >= lo)
    return session.execute(stmt).all()


def build(
    session: Session, options: ReportOptions, progress: Progress | None = None
) -> tuple[ReportContext, list[Flowable]]:
    """Open follow-ups due in the period (archived customers left out), one table per day,
    after the overdue ones when the period starts today."""
    lang = options.lang
    start, end = agenda_period(options)
    lo, hi = bounds(start, end)
    names = kind_names(session, "follow_up", lang)
    rows = _open_rows(session, lo, hi)
    overdue = _open_rows(session, None, lo) if start == options.day() else []
    styles = make_styles(lang)
    title = label("agenda.title", lang)
    ctx = ReportContext(
        title=title,
        lang=lang,
        page_size=options.page_size,
        business=BusinessProfile.load(session),
        period=(start, end),
    )
    count = label("agenda.count", lang, count=len(rows) + len(overdue))
    if overdue:
        count += label("agenda.overdue_count", lang, count=len(overdue))
    story: list[Flowable] = [para(title, styles.title), para(count, styles.small)]
    if not rows and not overdue:
        story.append(para(label("agenda.empty", lang), styles.body))
    head = [
        "",
        *(
            label(k, lang)
            for k in ("col.when", "col.customer", "col.phone", "col.kind", "col.subject", "col.notes")
        ),
    ]

    def table(items: Iterable[_Row], when: Callable[[datetime], str], when_width: float) -> PagedTable:
        cells = [
            [
                TickBox(),
                when(r.due_at),
                r.name,
                " / ".join(p for p in (r.phone, r.alt_phone) if p),
                names.get(r.kind, r.kind),
                r.subject,
                r.notes or "",
            ]
            for r in items
        ]
        return PagedTable(head, cells, [0.3, when_width, 1.2, 1.5, 0.8, 2, 2], styles)

    # overdue ones show their date too (it is not a heading's day); the columns line up below
    when_width = 1.4 if overdue else 0.55
    if overdue:
        story.append(para(label("agenda.overdue", lang), styles.h2))
        story.append(table(overdue, fmt_datetime, when_width))
        story.append(Spacer(1, 4))
    for day, items in groupby(rows, key=lambda r: r.due_at.date()):
        story.append(para(fmt_day(day, lang), styles.h2))
        story.append(table(items, _time_of_day, when_width))
        story.append(Spacer(1, 4))
    return ctx, story


def _time_of_day(due_at: datetime) -> str:
    return "" if (due_at.hour, due_at.minute) == (0, 0) else due_at.strftime("%H:%M")
