"""The whole customer-insight dashboard in one call, for the page, the report and the benchmark."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from crm_desktop.services import insight, retention, rfm
from crm_desktop.services.insight import Count, KeyFigure, MonthValue, Period, StageFigure
from crm_desktop.services.retention import AtRiskRow, CareList, RetentionMonth, UnhappyRow, ValueSummary
from crm_desktop.services.rfm import SegmentCount


@dataclass(frozen=True)
class Dashboard:
    """Every figure of the insight page for one period, as plain frozen values."""

    period: Period
    today: date
    figures: tuple[KeyFigure, ...]
    by_category: tuple[Count, ...]
    by_source: tuple[Count, ...]
    by_grade: tuple[Count, ...]
    sales: tuple[MonthValue, ...]
    funnel: tuple[StageFigure, ...]
    satisfaction: tuple[MonthValue, ...]
    satisfaction_by_kind: tuple[Count, ...]
    segments: tuple[SegmentCount, ...]
    at_risk_days: int
    at_risk_count: int
    at_risk: tuple[AtRiskRow, ...]
    retention: tuple[RetentionMonth, ...]
    value: ValueSummary
    unhappy: tuple[UnhappyRow, ...]
    care: CareList


def compute_dashboard(
    s: Session, period: Period, today: date, *, list_limit: int = 200, care_days: int = 7
) -> Dashboard:
    """All dashboard figures for `period`; lists (at risk, unhappy) hold at most `list_limit` rows."""
    breakdowns = insight.customer_breakdowns(s)
    rated = insight.satisfaction_figures(s, period)  # read once for the tile and both charts
    return Dashboard(
        period=period,
        today=today,
        figures=tuple(insight.key_figures(s, period, rated=rated)),
        by_category=tuple(breakdowns["category"]),
        by_source=tuple(breakdowns["source"]),
        by_grade=tuple(breakdowns["grade"]),
        sales=tuple(insight.sales_by_month(s, period)),
        funnel=tuple(insight.pipeline_funnel(s)),
        satisfaction=rated.by_month,
        satisfaction_by_kind=rated.by_kind,
        segments=tuple(rfm.segment_counts(s, today)),
        at_risk_days=retention.at_risk_days(s),
        at_risk_count=retention.count_at_risk(s, today),
        at_risk=tuple(retention.at_risk_customers(s, today, limit=list_limit)),
        retention=tuple(retention.monthly_retention(s, today)),
        value=retention.value_summary(s),
        unhappy=tuple(retention.unhappy_customers(s, limit=list_limit)),
        care=retention.care_list(s, today, care_days),
    )
