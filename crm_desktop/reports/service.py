"""Service report: records opened in the period by kind, open and closed, satisfaction, time to resolve."""

from __future__ import annotations

from collections import Counter

from reportlab.platypus import Flowable, Spacer
from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.db.models import Customer, ServiceRecord
from crm_desktop.fields import choice_label
from crm_desktop.reports.base import BusinessProfile, ReportContext
from crm_desktop.reports.charts import grouped_bar_chart, pie_chart
from crm_desktop.reports.labels import fmt_date, label
from crm_desktop.reports.lookups import bounds, kind_names, period
from crm_desktop.reports.options import ReportOptions
from crm_desktop.reports.styles import make_styles
from crm_desktop.reports.tables import PagedTable, para
from crm_desktop.services.progress import Progress

OPEN_STATUSES = ("open", "in_progress")


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def build(
    session: Session, options: ReportOptions, progress: Progress | None = None
) -> tuple[ReportContext, list[Flowable]]:
    """The service report for the period (default: the last 12 months)."""
    lang = options.lang
    start, end = period(options)
    lo, hi = bounds(start, end)
    names = kind_names(session, "service", lang)
    records = session.execute(
        select(
            ServiceRecord.kind,
            ServiceRecord.status,
            ServiceRecord.opened_at,
            ServiceRecord.resolved_at,
            ServiceRecord.satisfaction,
            ServiceRecord.subject,
            Customer.name,
        )
        .join(Customer, Customer.id == ServiceRecord.customer_id)
        .where(ServiceRecord.opened_at >= lo, ServiceRecord.opened_at < hi)
        .order_by(ServiceRecord.opened_at)
    ).all()
    styles = make_styles(lang)
    title = label("service.title", lang)
    ctx = ReportContext(
        title=title,
        lang=lang,
        page_size=options.page_size,
        business=BusinessProfile.load(session),
        period=(start, end),
    )

    kinds = list(names)  # option order first, then codes no longer in the list
    kinds += sorted({r.kind for r in records} - set(kinds))
    rows: list[list[str]] = []
    all_sat: list[float] = []
    all_days: list[float] = []
    open_counts: list[float] = []
    closed_counts: list[float] = []
    chart_labels: list[str] = []
    for kind in kinds:
        mine = [r for r in records if r.kind == kind]
        if not mine and kind not in names:
            continue
        n_open = sum(r.status in OPEN_STATUSES for r in mine)
        sat = [float(r.satisfaction) for r in mine if r.satisfaction]
        days = [(r.resolved_at - r.opened_at).total_seconds() / 86400 for r in mine if r.resolved_at]
        all_sat += sat
        all_days += days
        chart_labels.append(names.get(kind, kind))
        open_counts.append(n_open)
        closed_counts.append(len(mine) - n_open)
        rows.append(
            [names.get(kind, kind), str(n_open), str(len(mine) - n_open), _fmt(_mean(sat)), _fmt(_mean(days))]
        )
    total_open = int(sum(open_counts))
    rows.append(
        [
            label("total", lang),
            str(total_open),
            str(len(records) - total_open),
            _fmt(_mean(all_sat)),
            _fmt(_mean(all_days)),
        ]
    )
    head = [
        label(k, lang)
        for k in ("col.type", "col.open", "col.closed_count", "col.avg_satisfaction", "col.avg_resolve")
    ]
    story: list[Flowable] = [
        para(title, styles.title),
        para(
            label(
                "service.summary",
                lang,
                opened=len(records),
                resolved=len(all_days),
                sat=_fmt(_mean(all_sat)),
                days=_fmt(_mean(all_days)),
            ),
            styles.body,
        ),
        para(label("service.by_kind", lang), styles.h2),
        PagedTable(head, rows, [1.5, 0.7, 0.7, 1, 1.1], styles, right=(1, 2, 3, 4)),
        Spacer(1, 6),
        grouped_bar_chart(
            chart_labels,
            [(label("col.open", lang), open_counts), (label("col.closed_count", lang), closed_counts)],
            height=160,
            empty_text=label("none", lang),
        ),
    ]
    scores = Counter(r.satisfaction for r in records if r.satisfaction)
    if scores:
        story += [
            para(label("service.satisfaction", lang), styles.h2),
            pie_chart(
                [f"{s}/5" if lang == "en" else f"{s} 分" for s in range(1, 6)],
                [scores.get(s, 0) for s in range(1, 6)],
                height=150,
            ),
        ]
    open_rows = [
        [
            fmt_date(r.opened_at),
            r.name,
            names.get(r.kind, r.kind),
            r.subject,
            choice_label("service_status", r.status, lang),
        ]
        for r in records
        if r.status in OPEN_STATUSES
    ]
    story.append(para(label("service.open_list", lang), styles.h2))
    if open_rows:
        head = [
            label(k, lang) for k in ("col.opened", "col.customer", "col.type", "col.subject", "col.status")
        ]
        story.append(PagedTable(head, open_rows, [0.9, 1.2, 0.9, 2.4, 0.8], styles))
    else:
        story.append(para(label("none", lang), styles.small))
    return ctx, story
