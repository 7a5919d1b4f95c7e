"""Customer-insight report: the dashboard's key figures, charts and segment tables on paper.

Figures come from `services.dashboard` (the same SQL as the Insight page), for the period asked
for (default: the last 12 calendar months up to today).
"""

from __future__ import annotations

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer
from sqlalchemy.orm import Session

from crm_desktop.fields import choice_label
from crm_desktop.reports.base import BusinessProfile, ReportContext
from crm_desktop.reports.charts import bar_chart, line_chart, pie_chart
from crm_desktop.reports.labels import fmt_date, fmt_money, label
from crm_desktop.reports.lookups import kind_names, period
from crm_desktop.reports.options import ReportOptions
from crm_desktop.reports.styles import Styles, make_styles
from crm_desktop.reports.tables import PagedTable, para
from crm_desktop.services.dashboard import Dashboard, compute_dashboard
from crm_desktop.services.insight import KeyFigure, Period
from crm_desktop.services.progress import Progress
from crm_desktop.services.rfm import rfm_rows, segment_name
from crm_desktop.services.sales_scope import NOTE_KEY

LIST_LIMIT = 50  # rows per list on paper; the app shows and exports the whole lists
TOP_PER_SEGMENT = 5

# This report's own texts: (en, zh).
TEXTS: dict[str, tuple[str, str]] = {
    "title": ("Customer insight report", "客户洞察报告"),
    "figures": ("Key figures", "关键指标"),
    "figure": ("Figure", "指标"),
    "this": ("This period", "本期"),
    "previous": ("Previous period", "上一期"),
    "change": ("Change", "变化"),
    "new_customers": ("New customers", "新增客户"),
    "active_customers": ("Active customers", "活跃客户"),
    "sales": ("Sales", "销售额"),
    "won_deals": ("Won deals", "成交单数"),
    "conversion_rate": ("Conversion rate", "成交转化率"),
    "open_service": ("Open service records", "未结服务记录"),
    "avg_satisfaction": ("Average satisfaction", "平均满意度"),
    "by_lifecycle": ("Customers by lifecycle", "客户生命周期分布"),
    "by_source": ("Where customers come from", "客户来源"),
    "sales_by_month": ("Sales by month", "月度销售额"),
    "funnel": ("Pipeline: open deals per stage", "销售漏斗：各阶段进行中的商机"),
    "satisfaction": ("Average satisfaction by month (1–5)", "月度平均满意度（1–5）"),
    "by_kind": ("Satisfaction by service kind", "各服务类型满意度"),
    "segments": ("Value segments (RFM)", "价值分层（RFM）"),
    "segments_note": (
        "Recency, frequency and money of won deals scored 1–5 by quintile. Champions: R≥4 and F+M≥8; "
        "New: R≥4 and one purchase; Potential: R≥3; At risk: F+M≥6; Hibernating: R=2; Lost: R=1.",
        "按成交的最近购买（R）、购买次数（F）、消费金额（M）五等分评 1–5 分。重要价值客户：R≥4 且 F+M≥8；"
        "新客户：R≥4 且只购买过一次；潜力客户：R≥3；需唤回：F+M≥6；沉睡客户：R=2；流失客户：R=1。",
    ),
    "segment": ("Segment", "分层"),
    "customers": ("Customers", "客户数"),
    "spent": ("Spent", "消费"),
    "top_of": ("Biggest spenders", "消费最多"),
    "at_risk": ("Customers at risk", "流失预警客户"),
    "at_risk_note": (
        "{count} customers bought before but have had no purchase and no contact for {days} days or more.",
        "{count} 位老客户已连续 {days} 天及以上没有购买、也没有任何联系。",
    ),
    "last_purchase": ("Last purchase", "最近购买"),
    "last_contact": ("Last contact", "最近联系"),
    "days_silent": ("Days silent", "未联系天数"),
    "retention": ("Retention and churn by month", "月度留存率与流失率"),
    "buyers_before": ("Buyers last month", "上月购买客户"),
    "retained": ("Bought again", "再次购买"),
    "retention_rate": ("Retention", "留存率"),
    "churn_rate": ("Churn", "流失率"),
    "value": ("Customer value", "客户价值"),
    "value_note": (
        "{buyers} buying customers; average lifetime value {ltv}; average order value {aov}.",
        "购买客户 {buyers} 位；平均客户累计价值 {ltv}；平均客单价 {aov}。",
    ),
    "purchases": ("Purchases", "购买次数"),
    "lifetime": ("Lifetime value", "累计价值"),
    "unhappy": ("Rated 1–2 with no follow-up since", "评分 1–2 且之后未回访"),
    "rated": ("Rated", "评分日期"),
    "score": ("Score", "评分"),
    "not_set": ("Not set", "未设置"),
    "more": ("… and {n} more (see the app).", "……另有 {n} 位（请在程序中查看）。"),
}


def text(key: str, lang: str, **params: object) -> str:
    """One of this report's texts in `lang`, filled with `params`."""
    en, zh = TEXTS[key]
    return (zh if lang == "zh" else en).format(**params)


def _figure(f: KeyFigure, which: float | None) -> str:
    if which is None:
        return "—"
    if f.key == "sales":
        return fmt_money(which)
    if f.key == "conversion_rate":
        return f"{which * 100:.1f}%"
    if f.key == "avg_satisfaction":
        return f"{which:.2f}"
    return f"{int(which):,}"


def _change(f: KeyFigure) -> str:
    if f.change is None:
        return "—"
    if f.key == "conversion_rate":
        return f"{f.change * 100:+.1f} pt"
    if f.change_ratio is not None:
        return f"{f.change_ratio * 100:+.1f}%"
    return ("+" if f.change >= 0 else "−") + _figure(f, abs(f.change))


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def build(
    session: Session, options: ReportOptions, progress: Progress | None = None
) -> tuple[ReportContext, list[Flowable]]:
    """The insight report for the period (default: the last 12 months up to today)."""
    lang = options.lang
    start, end = period(options)
    today = options.day()
    board = compute_dashboard(session, Period(start, end), today, list_limit=LIST_LIMIT)
    styles = make_styles(lang)
    title = text("title", lang)
    ctx = ReportContext(
        title=title,
        lang=lang,
        page_size=options.page_size,
        business=BusinessProfile.load(session),
        period=(start, end),
    )
    story: list[Flowable] = [para(title, styles.title), para(label(NOTE_KEY, lang), styles.small)]
    story += _figures(board, lang, styles)
    story += _charts(session, board, lang, styles)
    story += _segments(session, board, lang, styles)
    story += _retention(board, lang, styles)
    story += _lists(board, lang, styles)
    return ctx, story


def _figures(board: Dashboard, lang: str, styles: Styles) -> list[Flowable]:
    rows = [
        [text(f.key, lang), _figure(f, f.value), _figure(f, f.previous), _change(f)] for f in board.figures
    ]
    prev = board.period.previous()
    head = [
        text("figure", lang),
        text("this", lang),
        f"{text('previous', lang)} ({fmt_date(prev.start)} – {fmt_date(prev.end)})",
        text("change", lang),
    ]
    return [
        *_heading("figures", lang, styles),
        PagedTable(head, rows, [1.6, 1, 1.6, 0.8], styles, right=(1, 2, 3)),
    ]


def _heading(key: str, lang: str, styles: Styles) -> list[Flowable]:
    # a section heading never stays behind alone at the foot of a page
    return [CondPageBreak(80), para(text(key, lang), styles.h2)]


def _charts(session: Session, board: Dashboard, lang: str, styles: Styles) -> list[Flowable]:
    none = label("none", lang)
    not_set = text("not_set", lang)
    kinds = kind_names(session, "service", lang)

    def chart(key: str, drawing: Flowable) -> Flowable:
        return KeepTogether([para(text(key, lang), styles.h2), drawing])

    sources = board.by_source[:8]
    rated = [m for m in board.satisfaction if m.value is not None]
    return [
        chart(
            "by_lifecycle",
            pie_chart(
                [choice_label("category", c.code, lang) or not_set for c in board.by_category],
                [c.count for c in board.by_category],
                height=150,
                empty_text=none,
            ),
        ),
        chart(
            "by_source",
            pie_chart([c.code or not_set for c in sources], [c.count for c in sources], height=150),
        ),
        chart(
            "sales_by_month",
            bar_chart([m.month for m in board.sales], [m.value or 0 for m in board.sales], empty_text=none),
        ),
        chart(
            "funnel",
            bar_chart(
                [f"{f.name(lang)} ({fmt_money(f.amount)})" for f in board.funnel],
                [f.count for f in board.funnel],
                horizontal=True,
                height=max(80, 36 * len(board.funnel) + 30),
                empty_text=none,
            ),
        ),
        chart(
            "satisfaction",
            line_chart(  # months without ratings are left out rather than drawn as 0
                [m.month for m in rated],
                [m.value or 0 for m in rated],
                height=150,
                empty_text=none,
            ),
        ),
        *_heading("by_kind", lang, styles),
        PagedTable(
            [label("col.type", lang), label("count", lang), label("col.avg_satisfaction", lang)],
            [
                [kinds.get(c.code or "", c.code or ""), str(c.count), f"{c.amount:.2f}"]
                for c in board.satisfaction_by_kind
            ]
            or [[none, "", ""]],
            [2, 1, 1],
            styles,
            right=(1, 2),
        ),
    ]


def _segments(session: Session, board: Dashboard, lang: str, styles: Styles) -> list[Flowable]:
    rows = [[segment_name(c.segment, lang), f"{c.count:,}", fmt_money(c.amount)] for c in board.segments]
    out: list[Flowable] = [
        *_heading("segments", lang, styles),
        para(text("segments_note", lang), styles.small),
        PagedTable(
            [text("segment", lang), text("customers", lang), text("spent", lang)],
            rows,
            [2, 1, 1.2],
            styles,
            right=(1, 2),
        ),
        Spacer(1, 6),
    ]
    top_rows: list[list[str]] = []
    for c in board.segments:
        for r in rfm_rows(session, board.today, c.segment, limit=TOP_PER_SEGMENT):
            top_rows.append(
                [
                    segment_name(c.segment, lang),
                    r.name,
                    fmt_date(r.last_purchase_at),
                    str(r.frequency),
                    fmt_money(r.monetary),
                    f"{r.r}-{r.f}-{r.m}",
                ]
            )
    if top_rows:
        head = [
            text("segment", lang),
            label("col.customer", lang),
            text("last_purchase", lang),
            text("purchases", lang),
            text("spent", lang),
            "R-F-M",
        ]
        out += [
            *_heading("top_of", lang, styles),
            PagedTable(head, top_rows, [1.3, 1.5, 1, 0.7, 1, 0.7], styles, right=(3, 4)),
        ]
    return out


def _retention(board: Dashboard, lang: str, styles: Styles) -> list[Flowable]:
    rows = [
        [m.month, str(m.previous_buyers), str(m.retained), _pct(m.retention), _pct(m.churn)]
        for m in board.retention
    ]
    head = [
        label("col.month", lang),
        text("buyers_before", lang),
        text("retained", lang),
        text("retention_rate", lang),
        text("churn_rate", lang),
    ]
    v = board.value
    value_note = text(
        "value_note",
        lang,
        buyers=f"{v.buyers:,}",
        ltv=fmt_money(v.avg_lifetime_value) if v.avg_lifetime_value is not None else "—",
        aov=fmt_money(v.avg_order_value) if v.avg_order_value is not None else "—",
    )
    top = [[t.name, str(t.orders), fmt_money(t.lifetime_value), fmt_date(t.last_purchase_at)] for t in v.top]
    out: list[Flowable] = [
        *_heading("retention", lang, styles),
        PagedTable(head, rows, [1, 1.2, 1, 1, 1], styles, right=(1, 2, 3, 4)),
        *_heading("value", lang, styles),
        para(value_note, styles.body),
    ]
    if top:
        head = [
            label("col.customer", lang),
            text("purchases", lang),
            text("lifetime", lang),
            text("last_purchase", lang),
        ]
        out.append(PagedTable(head, top, [2, 0.8, 1.2, 1.1], styles, right=(1, 2)))
    return out


def _lists(board: Dashboard, lang: str, styles: Styles) -> list[Flowable]:
    body = styles.body
    none = label("none", lang)
    out: list[Flowable] = [
        *_heading("at_risk", lang, styles),
        para(text("at_risk_note", lang, count=f"{board.at_risk_count:,}", days=board.at_risk_days), body),
    ]
    if board.at_risk:
        rows = [
            [
                r.name,
                r.phone or "",
                fmt_date(r.last_purchase_at),
                fmt_date(r.last_contact_at),
                str(r.days_silent),
                fmt_money(r.total_spent),
            ]
            for r in board.at_risk
        ]
        head = [
            label("col.customer", lang),
            label("col.phone", lang),
            text("last_purchase", lang),
            text("last_contact", lang),
            text("days_silent", lang),
            text("spent", lang),
        ]
        out.append(PagedTable(head, rows, [1.5, 1.3, 1, 1, 0.8, 1], styles, right=(4, 5)))
        if board.at_risk_count > len(board.at_risk):
            out.append(
                para(text("more", lang, n=f"{board.at_risk_count - len(board.at_risk):,}"), styles.small)
            )
    out += _heading("unhappy", lang, styles)
    if board.unhappy:
        rows = [
            [fmt_date(r.rated_at), r.name, r.phone or "", str(r.satisfaction), r.subject]
            for r in board.unhappy
        ]
        head = [
            text("rated", lang),
            label("col.customer", lang),
            label("col.phone", lang),
            text("score", lang),
            label("col.subject", lang),
        ]
        out.append(PagedTable(head, rows, [1, 1.3, 1.3, 0.5, 2.2], styles, right=(3,)))
    else:
        out.append(para(none, body))
    return out
