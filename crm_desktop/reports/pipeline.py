"""Pipeline and sales report: open deals by stage, won and lost in the period, sales by month, forecast."""

from __future__ import annotations

from collections import Counter
from datetime import date

from reportlab.platypus import Flowable, Spacer
from sqlalchemy.orm import Session

from crm_desktop.reports.base import BusinessProfile, ReportContext
from crm_desktop.reports.charts import bar_chart
from crm_desktop.reports.labels import fmt_date, fmt_money, label
from crm_desktop.reports.lookups import kind_names, period, reason_name
from crm_desktop.reports.options import ReportOptions
from crm_desktop.reports.styles import make_styles
from crm_desktop.reports.tables import PagedTable, para
from crm_desktop.services.deal_lists import DealQuery, DealRow, deal_ids, deal_rows
from crm_desktop.services.insight import Period, sales_by_month
from crm_desktop.services.pipeline import closed_figures, forecast
from crm_desktop.services.progress import Progress
from crm_desktop.services.sales_scope import NOTE_KEY


def _closed(session: Session, status: str, start: date, end: date) -> list[DealRow]:
    """Deals won or lost in the period, oldest first (the service lists: trash left out)."""
    query = DealQuery(status=status, period="closed_at", start=start, end=end, sort_key="closed_at")
    return deal_rows(session, deal_ids(session, query))


def build(
    session: Session, options: ReportOptions, progress: Progress | None = None
) -> tuple[ReportContext, list[Flowable]]:
    """The pipeline report for the period (default: the last 12 months).

    Every figure comes from the services the Pipeline and Insight pages use, so deals of
    customers in the trash are left out here as everywhere (`sales_scope`), and the report says so.
    """
    lang = options.lang
    start, end = period(options)
    styles = make_styles(lang)
    title = label("pipeline.title", lang)
    ctx = ReportContext(
        title=title,
        lang=lang,
        page_size=options.page_size,
        business=BusinessProfile.load(session),
        period=(start, end),
    )
    story: list[Flowable] = [para(title, styles.title), para(label(NOTE_KEY, lang), styles.small)]

    # Open deals by stage (today's board) and the weighted forecast.
    board = forecast(session)
    open_stages = [r for r in board.rows if r.outcome == "open"]
    rows: list[list[str]] = [
        [
            r.name_zh if lang == "zh" else r.name_en,
            str(r.count),
            fmt_money(r.amount),
            f"{r.probability}%",
            fmt_money(r.weighted),
        ]
        for r in open_stages
    ]
    rows.append(
        [label("total", lang), str(board.count), fmt_money(board.amount), "", fmt_money(board.weighted)]
    )
    head = [
        label(k, lang) for k in ("col.stage", "col.deals", "col.amount", "col.probability", "col.weighted")
    ]
    story += [
        para(label("pipeline.by_stage", lang), styles.h2),
        bar_chart(
            [r.name_zh if lang == "zh" else r.name_en for r in open_stages],
            [r.amount for r in open_stages],
            horizontal=True,
            height=40 + 22 * max(1, len(open_stages)),
            empty_text=label("none", lang),
        ),
        PagedTable(head, rows, [1.6, 0.7, 1.2, 0.8, 1.2], styles, right=(1, 2, 3, 4)),
        Spacer(1, 4),
        para(label("pipeline.forecast", lang, amount=fmt_money(board.weighted)), styles.body),
    ]

    # Deals closed in the period: the same figures as the Insight page's sales and won deals.
    figures = closed_figures(session, start, end)
    won = _closed(session, "won", start, end)
    lost = _closed(session, "lost", start, end)
    story.append(
        para(
            label(
                "pipeline.summary",
                lang,
                won_count=figures.won_count,
                won=fmt_money(figures.won_amount),
                lost_count=figures.lost_count,
                lost=fmt_money(figures.lost_amount),
            ),
            styles.body,
        )
    )

    sales = sales_by_month(session, Period(start, end))
    story += [
        para(label("pipeline.by_month", lang), styles.h2),
        bar_chart([m.month for m in sales], [m.value or 0.0 for m in sales]),
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
                r.customer_name,
                r.title,
                fmt_money(r.amount),
                reason_name(reasons, r.close_reason),
            ]
            for r in items
        ]
        story.append(PagedTable(head, cells, [0.9, 1.2, 2, 1, 1.6], styles, right=(3,)))
    return ctx, story
