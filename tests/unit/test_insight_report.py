"""The insight report: one PDF with the figures, segments and lists, in both languages."""

from __future__ import annotations

import io
from datetime import date

from insight_data import RFM_DAY, ladder
from pypdf import PdfReader
from sqlalchemy.orm import Session

from crm_desktop.reports import REPORT_NAMES, ReportOptions, render_report


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_insight_report_in_chinese(session: Session) -> None:
    assert "insight" in REPORT_NAMES
    ladder(session)
    options = ReportOptions(lang="zh", start=date(2026, 1, 1), end=date(2026, 6, 30), today=RFM_DAY)
    text = _text(render_report(session, "insight", options))
    assert "客户洞察报告" in text
    assert "期间：2026-01-01 至 2026-06-30" in text
    assert "销售额" in text and "150.00" in text  # 10 + 20 + 30 + 40 + 50 won this half year
    for name in ("重要价值客户", "潜力客户", "沉睡客户", "流失客户"):
        assert name in text
    assert "3 位老客户已连续 90 天" in text  # P1, P2 and P3 (January to March)


def test_insight_report_in_english_on_an_empty_database(session: Session) -> None:
    text = _text(render_report(session, "insight", ReportOptions(lang="en", today=RFM_DAY)))
    assert "Customer insight report" in text
    assert "Key figures" in text and "Value segments (RFM)" in text
    assert "0 customers bought before" in text
