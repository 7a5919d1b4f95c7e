"""Printable PDF reports (reportlab), Qt-free so the command line and tests use them directly.

`render_report(session, name, options)` returns the PDF bytes of report `name` (one of
`REPORT_NAMES`); `save_pdf(data, path)` writes them without leaving a half-written file.
"""

from __future__ import annotations

from crm_desktop.reports.options import ReportOptions
from crm_desktop.reports.registry import REPORT_NAMES, render_report, save_pdf

__all__ = ["REPORT_NAMES", "ReportOptions", "render_report", "save_pdf"]
