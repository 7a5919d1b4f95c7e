"""Pipeline and sales report: open deals by stage, won and lost in the period, sales by month, forecast."""

from __future__ import annotations

from collections import Counter, defaultdict

from reportlab.platypus import Flowable, Spacer
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm_desktop.db.models import Customer, Deal
from crm_desktop.reports.base import BusinessProfile, ReportContext
from crm_desktop.reports.charts import bar_chart
from crm_desktop.reports.labels import fmt_date, fmt_money, label
from crm_desktop.reports.lookups import (
    bounds,
    kind_names,
    months_between,
    period,
    reason_name,
    stage_name,
    stages,
)
from crm_desktop.reports.options import ReportOptions
from crm_desktop.reports.styles import make_styles
from crm_desktop.reports.tables import PagedTable, para
from crm_desktop.services.progress import Progress


def build(
    session: Session, options: ReportOptions, progress: Progress | None = None
) -> tuple[ReportContext, list[Flowable]]:
    """The pipeline report for the period (default: the last 12 months)."""
    lang = options.lang
    start, end = period(options)
    lo, hi = bounds(start, end)
    styles = make_styles(lang)
    title = label("pipeline.title", lang)
    ctx = ReportContext(
        title=title,
        lang=lang,
        page_size=options.page_size,
        business=BusinessProfile.load(session),
        period=(start, end),
    )
    story: list[Flowable] = [para(title, styles.title)]

    # Open deals by stage (today's board) and the weighted forecast.
    totals = {
        sid: (n, amount or 0.0)
        for sid, n, amount in session.execute(
            select(Deal.stage_id, func.count(), func.sum(Deal.amount))
            .where(Deal.status == "open")
            .group_by(Deal.stage_id)
        )
    }
    open_stages = [st for st in stages(session) if st.outcome == "open"]
    rows: list[list[str]] = []
    forecast = 0.0
    count_sum = amount_sum = 0.0
    for st in open_stages:
        n, amount = totals.get(st.id, (0, 0.0))
        weighted = amount * st.probability / 100
        forecast += weighted
        count_sum += n
        amount_sum += amount
        rows.append(
            [stage_name(st, lang), str(n), fmt_money(amount), f"{st.probability}%", fmt_money(weighted)]
        )
    rows.append([label("total", lang), str(int(count_sum)), fmt_money(amount_sum), "", fmt_money(forecast)])
    head = [
        label(k, lang) for k in ("col.stage", "col.deals", "col.amount", "col.probability", "col.weighted")
    ]
    story += [
        para(label("pipeline.by_stage", lang), styles.h2),
        bar_chart(
            [stage_name(st, lang) for st in open_stages],
            [totals.get(st.id, (0, 0.0))[1] for st in open_stages],
            horizontal=True,
            height=40 + 22 * max(1, len(open_stages)),
            empty_text=label("none", lang),
        ),
        PagedTable(head, rows, [1.6, 0.7, 1.2, 0.8, 1.2], styles, right=(1, 2, 3, 4)),
        Spacer(1, 4),
        para(label("pipeline.forecast", lang, amount=fmt_money(forecast)), styles.body),
    ]

    # Deals closed in the period.
    closed = session.execute(
        select(Deal.closed_at, Deal.title, Deal.amount, Deal.status, Deal.close_reason, Customer.name)
        .join(Customer, Customer.id == Deal.customer_id)
        .where(Deal.status.in_(("won", "lost")), Deal.closed_at >= lo, Deal.closed_at < hi)
        .order_by(Deal.closed_at)
    ).all()
    won = [r for r in closed if r.status == "won"]
    lost = [r for r in closed if r.status == "lost"]
    story.append(
        para(
            label(
                "pipeline.summary",
                lang,
                won_count=len(won),
                won=fmt_money(sum(r.amount for r in won)),
                lost_count=len(lost),
                lost=fmt_money(sum(r.amount for r in lost)),
            ),
            styles.body,
        )
    )

    by_month: dict[str, float] = defaultdict(float)
    for r in won:
        by_month[r.closed_at.strftime("%Y-%m")] += r.amount or 0.0
    months = months_between(start, end)
    story += [
        para(label("pipeline.by_month", lang), styles.h2),
        bar_chart(months, [by_month.get(m, 0.0) for m in months]),
    ]

    # won and lost reasons share codes ("price"), so each list is read with its own names
    reason_names = {s: kind_names(session, f"{s}_reason", lang) for s in ("won", "lost")}
    head = [label(k, lang) for k in ("col.closed", "col.customer", "col.title", "col.amount", "col.reason")]
    for key, items, reasons in (
        ("pipeline.won", won, reason_names["won"]),
        ("pipeline.lost", lost, reason_names["lost"]),
    ):
        story.append(para(label(key, lang), styles.h2))
        if not items:
            story.append(para(label("none", lang), styles.small))
            continue
        counts = Counter(reason_name(reasons, r.close_reason) or "—" for r in items)
        story.append(
            para(
                label("pipeline.reasons", lang)
                + ": "
                + "；".join(f"{name} × {n}" for name, n in counts.most_common()),
                styles.body,
            )
        )
        cells = [
            [
                fmt_date(r.closed_at),
                r.name,
                r.title,
                fmt_money(r.amount),
                reason_name(reasons, r.close_reason),
            ]
            for r in items
        ]
        story.append(PagedTable(head, cells, [0.9, 1.2, 2, 1, 1.6], styles, right=(3,)))
    return ctx, story
