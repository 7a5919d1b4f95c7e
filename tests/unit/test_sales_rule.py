"""One rule for every sales figure (issue 13): deals of customers in the trash are not counted.

Hand-made data with a won deal of a customer in the trash; the pipeline report's figures, the
insight service, the dashboard, the pipeline page's forecast and lists and the command line's
PDFs all give the same won count and amount, and both reports print the rule.
"""

from __future__ import annotations

import io
import tokenize
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest
from insight_data import customer, deal, dt, finish
from pypdf import PdfReader

from crm_desktop.cli import main
from crm_desktop.db.engine import Database
from crm_desktop.reports import ReportOptions, render_report
from crm_desktop.reports import insight as insight_report
from crm_desktop.reports import pipeline as pipeline_report
from crm_desktop.services import dashboard, deal_lists, insight, insight_sql, pipeline, retention, rfm
from crm_desktop.services.dashboard import compute_dashboard
from crm_desktop.services.deal_lists import DealQuery, deal_ids, deal_rows
from crm_desktop.services.insight import Period
from crm_desktop.services.pipeline import ClosedFigures, closed_figures, forecast

JAN = Period(date(2026, 1, 1), date(2026, 1, 31))
TODAY = date(2026, 2, 15)
# live: won 1,000.00 + 1,500.50 in January, lost 300; trash: won 9,999.00, lost 77, open 5,000
WON_COUNT, WON_AMOUNT = 2, 2500.5
NOTE = {"zh": "不含回收站中客户的商机。", "en": "Deals of customers in the trash are not counted."}


def squash(text: str) -> str:
    return "".join(text.split())


def pdf_text(data: bytes) -> str:
    return squash("".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))


@pytest.fixture
def shop(db: Database) -> Database:
    with db.session() as s:
        alive = customer(s, "王芳")
        other = customer(s, "李雷")
        gone = customer(s, "赵敏", archived_at=dt("2026-02-01"))
        deal(s, alive, 1000, closed="2026-01-05 10:00")
        deal(s, other, 1500.5, closed="2026-01-20 16:30")
        deal(s, other, 300, status="lost", closed="2026-01-21")
        deal(s, gone, 9999, closed="2026-01-10 11:00")
        deal(s, gone, 77, status="lost", closed="2026-01-12")
        deal(s, gone, 5000, status="open", stage="enquiry")
        deal(s, alive, 800, status="open", stage="enquiry")
        finish(s)
    return db


def test_every_service_gives_the_same_sales(shop: Database) -> None:
    with shop.session() as s:
        assert closed_figures(s, JAN.start, JAN.end) == ClosedFigures(WON_COUNT, WON_AMOUNT, 1, 300.0)
        figures = {f.key: f.value for f in insight.key_figures(s, JAN)}
        assert (figures["won_deals"], figures["sales"]) == (WON_COUNT, WON_AMOUNT)
        board = compute_dashboard(s, JAN, TODAY)
        tiles = {f.key: f.value for f in board.figures}
        assert (tiles["won_deals"], tiles["sales"]) == (WON_COUNT, WON_AMOUNT)
        assert [(m.month, m.count, m.value) for m in board.sales] == [("2026-01", WON_COUNT, WON_AMOUNT)]
        # the pipeline page: forecast (won column for the period, open total) and the deal list
        fc = forecast(s, start=dt("2026-01-01"), end=dt("2026-02-01"))
        won_row = next(r for r in fc.rows if r.outcome == "won")
        assert (won_row.count, won_row.amount) == (WON_COUNT, WON_AMOUNT)
        assert (fc.count, fc.amount) == (1, 800.0)
        assert [f.count for f in board.funnel if f.count] == [1]
        query = DealQuery(status="won", period="closed_at", start=JAN.start, end=JAN.end)
        rows = deal_rows(s, deal_ids(s, query))
        assert (len(rows), sum(r.amount for r in rows)) == (WON_COUNT, WON_AMOUNT)
        assert "赵敏" not in {r.customer_name for r in rows}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_both_reports_agree_and_state_the_rule(shop: Database, lang: str) -> None:
    options = ReportOptions(lang=lang, start=JAN.start, end=JAN.end, today=TODAY)
    with shop.session() as s:
        pipeline = pdf_text(render_report(s, "pipeline", options))
        report = pdf_text(render_report(s, "insight", options))
    summary = {
        "zh": "赢单2个，金额2,500.50；输单1个，金额300.00。",
        "en": "Won2dealsworth2,500.50;lost1worth300.00.",
    }[lang]
    assert summary in pipeline
    assert "赵敏" not in pipeline and "9,999.00" not in pipeline and "10,999.00" not in pipeline
    # the insight report's key figures: sales and won deals of the period
    sales_row = {"zh": "销售额2,500.50", "en": "Sales2,500.50"}[lang]
    won_row = {"zh": "成交单数2", "en": "Wondeals2"}[lang]
    assert sales_row in report and won_row in report
    assert "9,999.00" not in report and "12,499.50" not in report
    for text in (pipeline, report):
        assert squash(NOTE[lang]) in text


def test_command_line_reports_give_the_same_sales(shop: Database, tmp_path: Path) -> None:
    shop.close()
    period = ["--from", "2026-01-01", "--to", "2026-01-31", "--lang", "en"]
    texts = {}
    for name in ("pipeline", "insight"):
        out = tmp_path / f"{name}.pdf"
        assert main(["report", name, str(out), "--db", str(shop.path), *period]) == 0
        texts[name] = pdf_text(out.read_bytes())
    assert "Won2dealsworth2,500.50" in texts["pipeline"]
    assert "Sales2,500.50" in texts["insight"] and "Wondeals2" in texts["insight"]
    for text in texts.values():
        assert squash(NOTE["en"]) in text


SALES_MODULES = (
    pipeline,
    deal_lists,
    insight,
    insight_sql,
    rfm,
    retention,
    dashboard,
    pipeline_report,
    insight_report,
)


def code_without_comments(module: ModuleType) -> str:
    path = Path(str(module.__file__))
    with path.open("rb") as f:
        return " ".join(t.string for t in tokenize.tokenize(f.readline) if t.type != tokenize.COMMENT)


@pytest.mark.parametrize("module", SALES_MODULES, ids=lambda m: m.__name__)
def test_sales_modules_take_the_trash_rule_from_one_place(module: ModuleType) -> None:
    """No query of a sales figure writes its own test of the trash: they all use `sales_scope`."""
    assert "archived_at" not in code_without_comments(module)
