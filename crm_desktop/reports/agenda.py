"""Follow-up agenda: a day or a week of planned follow-ups, grouped by day, with phones and a tick box."""

from __future__ import annotations

from datetime import date
from itertools import groupby

from reportlab.platypus import Flowable, Spacer
from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.db.models import Customer, FollowUp
from crm_desktop.reports.base import BusinessProfile, ReportContext
from crm_desktop.reports.labels import fmt_day, label
from crm_desktop.reports.lookups import bounds, kind_names
from crm_desktop.reports.options import ReportOptions
from crm_desktop.reports.styles import make_styles
from crm_desktop.reports.tables import PagedTable, TickBox, para
from crm_desktop.services.progress import Progress


def agenda_period(options: ReportOptions) -> tuple[date, date]:
    """The days to print: `start`..`end`; one day (today by default) when no end is given."""
    start = options.start or options.end or options.day()
    end = options.end or start
    return start, end


def build(
    session: Session, options: ReportOptions, progress: Progress | None = None
) -> tuple[ReportContext, list[Flowable]]:
    """Open follow-ups due in the period (archived customers left out), one table per day."""
    lang = options.lang
    start, end = agenda_period(options)
    lo, hi = bounds(start, end)
    names = kind_names(session, "follow_up", lang)
    rows = session.execute(
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
        .where(
            FollowUp.done_at.is_(None),
            FollowUp.due_at >= lo,
            FollowUp.due_at < hi,
            Customer.archived_at.is_(None),
        )
        .order_by(FollowUp.due_at, Customer.name)
    ).all()
    styles = make_styles(lang)
    title = label("agenda.title", lang)
    ctx = ReportContext(
        title=title,
        lang=lang,
        page_size=options.page_size,
        business=BusinessProfile.load(session),
        period=(start, end),
    )
    story: list[Flowable] = [
        para(title, styles.title),
        para(label("agenda.count", lang, count=len(rows)), styles.small),
    ]
    if not rows:
        story.append(para(label("agenda.empty", lang), styles.body))
    head = [
        "",
        *(
            label(k, lang)
            for k in ("col.when", "col.customer", "col.phone", "col.kind", "col.subject", "col.notes")
        ),
    ]
    for day, items in groupby(rows, key=lambda r: r.due_at.date()):
        story.append(para(fmt_day(day, lang), styles.h2))
        cells = [
            [
                TickBox(),
                "" if (r.due_at.hour, r.due_at.minute) == (0, 0) else r.due_at.strftime("%H:%M"),
                r.name,
                " / ".join(p for p in (r.phone, r.alt_phone) if p),
                names.get(r.kind, r.kind),
                r.subject,
                r.notes or "",
            ]
            for r in items
        ]
        story.append(PagedTable(head, cells, [0.3, 0.55, 1.2, 1.5, 0.8, 2, 2], styles))
        story.append(Spacer(1, 4))
    return ctx, story
