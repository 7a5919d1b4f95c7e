"""The Insight page over a small hand-made shop: tiles, charts that open customers, segments,
the lifecycle update, the at-risk list and its export."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QHorizontalBarSeries, QPieSeries
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from crm_desktop.db.engine import Database
from crm_desktop.db.models import Customer, Deal, PipelineStage
from crm_desktop.services.figures import refresh_all_figures
from crm_desktop.services.insight import Period
from crm_desktop.ui.pages.insight import InsightPage, period_for
from crm_desktop.ui.pages.insight_charts import month_labels
from crm_desktop.ui.pages.pipeline import PipelinePage

TODAY = date(2026, 6, 30)


def _seed(db: Database) -> dict[str, int]:
    """Five buyers P1..P5 (P_i: i won deals of 10*i, the last in month i, P5's in June) and an
    open deal in the first stage for P1; P5 is still filed as a plain customer."""
    with db.session() as s:
        stages = {st.code: st.id for st in s.scalars(select(PipelineStage))}
        ids = {}
        for i in range(1, 6):
            c = Customer(
                name=f"P{i}",
                category="customer",
                source="Referral" if i < 4 else "Walk-in",
                created_at=datetime(2025, 1, 1),
            )
            s.add(c)
            s.flush()
            ids[f"P{i}"] = c.id
            month = 6 if i == 5 else i
            dates = [datetime(2026, month, 10, 12)] + [datetime(2025, k, 15) for k in range(1, i)]
            for when in dates:
                s.add(
                    Deal(
                        customer_id=c.id,
                        title="sale",
                        amount=10 * i,
                        status="won",
                        stage_id=stages["won"],
                        closed_at=when,
                        created_at=when,
                    )
                )
        s.add(
            Deal(
                customer_id=ids["P1"],
                title="piano",
                amount=800,
                status="open",
                stage_id=stages["enquiry"],
                created_at=datetime(2026, 6, 1),
            )
        )
        refresh_all_figures(s)
    return ids


@pytest.fixture
def page(qtbot: Any, db: Database, sync_workers: None) -> InsightPage:
    widget = InsightPage(db, today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    return widget


@pytest.fixture
def seeded(db: Database) -> dict[str, int]:
    return _seed(db)


def test_period_choices() -> None:
    assert period_for("this_month", TODAY) == Period(date(2026, 6, 1), TODAY)
    assert period_for("last_month", TODAY) == Period(date(2026, 5, 1), date(2026, 5, 31))
    assert period_for("last_12_months", TODAY) == Period(date(2025, 7, 1), TODAY)
    assert period_for("this_year", TODAY) == Period(date(2026, 1, 1), TODAY)
    assert period_for("custom", TODAY, date(2026, 3, 9), date(2026, 3, 1)) == Period(
        date(2026, 3, 1), date(2026, 3, 9)
    )


def test_tiles_show_figures_and_change(seeded: dict[str, int], page: InsightPage) -> None:
    page.refresh()
    tile = page.tiles["sales"]
    assert tile.value.text() == "50.00"  # June: P5's 50
    assert tile.change.text() == "▲ 50.00"  # nothing sold 2-31 May: the change is shown in money
    page.set_period("custom", date(2026, 4, 1), date(2026, 4, 30))
    assert (tile.value.text(), tile.change.text()) == ("40.00", "▲ 33.3%")  # P4's 40 against P3's 30
    assert "30.00" in tile.toolTip()
    assert page.tiles["won_deals"].value.text() == "1"
    assert page.tiles["avg_satisfaction"].value.text() == "—"
    page.set_period("this_year")
    assert page.tiles["sales"].value.text() == "150.00"  # 10+20+30+40+50


def test_clicking_a_slice_or_bar_opens_its_customers(
    qtbot: Any, seeded: dict[str, int], page: InsightPage
) -> None:
    page.set_period("this_year")
    pie = page.source_chart.chart().series()[0]
    assert isinstance(pie, QPieSeries)
    assert [s.value() for s in pie.slices()] == [3, 2]
    with qtbot.waitSignal(page.open_customers) as opened:
        pie.clicked.emit(pie.slices()[1])  # Walk-in
    assert opened.args[0] == [seeded["P5"], seeded["P4"]]

    sales = page.sales_chart.chart().series()[0]
    assert isinstance(sales, QBarSeries)
    bars = sales.barSets()[0]
    assert [bars.at(i) for i in range(bars.count())] == [10, 20, 30, 40, 0, 50]
    with qtbot.waitSignal(page.open_customers) as opened:
        bars.clicked.emit(2)  # March
    assert opened.args[0] == [seeded["P3"]]

    funnel = page.funnel_chart.chart().series()[0]
    assert isinstance(funnel, QHorizontalBarSeries)
    top = funnel.barSets()[0].count() - 1  # bars are fed bottom-up: the first stage is the last bar
    with qtbot.waitSignal(page.open_customers) as opened:
        funnel.barSets()[0].clicked.emit(top)
    assert opened.args[0] == [seeded["P1"]]


def test_segments_and_lifecycle_update(
    qtbot: Any, dialogs: Any, seeded: dict[str, int], page: InsightPage, db: Database
) -> None:
    page.refresh()
    tab = page.segments_tab
    counts = {r.segment: r.count for r in tab.segment_model.rows()}
    assert counts == {"champions": 2, "potential": 1, "new": 0, "at_risk": 0, "hibernating": 1, "lost": 1}
    assert [r.name for r in tab.customer_model.rows()] == ["P5", "P4"]  # champions, chosen first

    dialogs.answer_message(QMessageBox.StandardButton.No)
    tab.apply_to_lifecycle()
    with db.session() as s:
        assert s.get(Customer, seeded["P5"]).category == "customer"  # refused: nothing changed
    dialogs.answer_message(QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(page.changed):
        tab.apply_to_lifecycle()
    assert "2 customers will change" in dialogs.shown[-1][2]
    with db.session() as s:
        assert s.get(Customer, seeded["P5"]).category == "loyal"
        assert s.get(Customer, seeded["P4"]).category == "loyal"
        assert s.get(Customer, seeded["P1"]).category == "customer"


def test_at_risk_list_days_and_export(
    dialogs: Any, tmp_path: Path, seeded: dict[str, int], page: InsightPage
) -> None:
    tab = page.at_risk_tab
    page.refresh()
    # shop: 90 days; P1 (Jan), P2 (Feb), P3 (Mar) are silent that long; biggest spender first
    assert [r.name for r in tab.model.rows()] == ["P3", "P2", "P1"]
    assert tab.days.value() == 90
    tab.days.setValue(130)
    tab.save_days.click()
    assert [r.name for r in tab.model.rows()] == ["P2", "P1"]

    target = tmp_path / "risk.xlsx"
    dialogs.answer_file(target)
    dialogs.answer_message()
    tab.export()
    sheet = load_workbook(target).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Customer", "Phone", "Lifecycle")
    assert [r[0] for r in rows[1:]] == ["P2", "P1"]
    assert rows[1][5] == (TODAY - date(2026, 2, 10)).days


def test_computed_when_first_shown(qtbot: Any, seeded: dict[str, int], page: InsightPage) -> None:
    assert page.board is None  # building the window computes nothing
    page.show()
    qtbot.waitUntil(lambda: page.board is not None)
    assert page.tiles["won_deals"].value.text() == "1"


def test_open_buttons_list_the_segment_and_the_customers_at_risk(
    qtbot: Any, seeded: dict[str, int], page: InsightPage
) -> None:
    page.refresh()
    with qtbot.waitSignal(page.open_customers) as opened:
        page.segments_tab.open_button.click()  # champions, biggest spender first
    assert opened.args[0] == [seeded["P5"], seeded["P4"]]
    with qtbot.waitSignal(page.open_customers) as opened:
        page.at_risk_tab.open_button.click()
    assert opened.args[0] == [seeded["P3"], seeded["P2"], seeded["P1"]]


def _shown(qtbot: Any, page: InsightPage) -> None:
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: page.board is not None)


def test_funnel_reads_top_down_in_stage_order(qtbot: Any, db: Database, page: InsightPage) -> None:
    with db.session() as s:
        stages = {st.code: st.id for st in s.scalars(select(PipelineStage))}
        c = Customer(name="F1")
        s.add(c)
        s.flush()
        for code, amount in (("enquiry", 100), ("enquiry", 200), ("trial", 300)):
            s.add(Deal(customer_id=c.id, title="x", amount=amount, status="open", stage_id=stages[code]))
    _shown(qtbot, page)
    assert page.board is not None
    chart = page.funnel_chart.chart()
    series = chart.series()[0]
    assert isinstance(series, QHorizontalBarSeries)
    axis = next(a for a in chart.axes(Qt.Orientation.Vertical) if isinstance(a, QBarCategoryAxis))
    labels = axis.categories()
    # where each category is drawn: a smaller y is higher up on the screen
    heights = {labels[k]: chart.mapToPosition(QPointF(0, k), series).y() for k in range(len(labels))}
    top_down = [label.split("<br>")[0] for label in sorted(labels, key=heights.__getitem__)]
    assert top_down == [f.name("en") for f in page.board.funnel]
    assert top_down[:2] == ["Enquiry", "In-store trial"]
    bars = series.barSets()[0]
    counts_top_down = [bars.at(labels.index(label)) for label in sorted(labels, key=heights.__getitem__)]
    assert counts_top_down[:2] == [2, 1]


def test_charts_without_data_say_so(qtbot: Any, db: Database, page: InsightPage) -> None:
    _shown(qtbot, page)  # a new, empty database
    expected = {
        page.lifecycle_chart: "No customers yet",
        page.source_chart: "No customers yet",
        page.sales_chart: "No sales in this period",
        page.funnel_chart: "No open deals",
        page.satisfaction_chart: "No ratings yet",
    }
    for view, text in expected.items():
        assert view.empty_text() == text
        assert view.empty_label.isVisible()
        assert view.chart().series() == []
    page.tabs.setCurrentWidget(page.retention_tab)
    assert page.retention_tab.chart.empty_label.isVisible()
    assert page.retention_tab.chart.empty_text() == "Not enough purchases yet"


def test_charts_with_data_show_no_empty_text(qtbot: Any, seeded: dict[str, int], page: InsightPage) -> None:
    page.set_period("this_year")
    _shown(qtbot, page)
    for view in (page.lifecycle_chart, page.source_chart, page.sales_chart, page.funnel_chart):
        assert view.empty_text() == ""
        assert not view.empty_label.isVisible()
    assert page.satisfaction_chart.empty_text() == "No ratings yet"  # the shop has no ratings


def test_month_axis_labels_name_the_year_where_it_changes() -> None:
    months = ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert month_labels(months, "en") == ["Nov<br>2025", "Dec", "Jan<br>2026", "Feb"]
    assert month_labels(months, "zh") == ["11月<br>2025", "12月", "1月<br>2026", "2月"]


def test_retention_headline_is_the_last_full_month(seeded: dict[str, int], page: InsightPage) -> None:
    page.refresh()
    text = page.retention_tab.value.text()
    assert "Last full month (2026-05)" in text
    assert "Month to date (2026-06-01 to 2026-06-30)" in text
    assert "This month" not in text


def test_top_customers_fit_their_table(qtbot: Any, seeded: dict[str, int], page: InsightPage) -> None:
    page.tabs.setCurrentWidget(page.retention_tab)
    _shown(qtbot, page)
    view = page.retention_tab.top_view
    header = view.horizontalHeader()
    assert header.stretchLastSection()
    assert header.length() <= view.viewport().width()  # no column runs off the right edge
    assert not view.horizontalScrollBar().isVisible()


def test_money_reads_the_same_on_insight_and_pipeline(qtbot: Any, db: Database, sync_workers: None) -> None:
    with db.session() as s:
        stages = {st.code: st.id for st in s.scalars(select(PipelineStage))}
        c = Customer(name="M1")
        s.add(c)
        s.flush()
        s.add(Deal(customer_id=c.id, title="open", amount=1234.5, status="open", stage_id=stages["enquiry"]))
        now = datetime.now()
        s.add(
            Deal(
                customer_id=c.id,
                title="won",
                amount=16727,
                status="won",
                stage_id=stages["won"],
                closed_at=now,
                created_at=now,
            )
        )
        refresh_all_figures(s)
    insight_page = InsightPage(db)
    qtbot.addWidget(insight_page)
    insight_page.refresh()
    pipeline_page = PipelinePage(db)
    qtbot.addWidget(pipeline_page)
    pipeline_page.resize(1100, 650)
    pipeline_page.show()
    qtbot.waitUntil(lambda: pipeline_page.board.column(stages["won"]) is not None)

    won = pipeline_page.board.column(stages["won"])
    enquiry = pipeline_page.board.column(stages["enquiry"])
    assert won is not None and enquiry is not None
    assert insight_page.tiles["sales"].value.text() == won.data.amount_text == "16,727.00"
    funnel_axis = insight_page.funnel_chart.chart().axes(Qt.Orientation.Vertical)[0]
    assert isinstance(funnel_axis, QBarCategoryAxis)
    assert "Enquiry<br>1,234.50" in funnel_axis.categories()
    assert enquiry.data.amount_text == "1,234.50"
    assert "1,234.50" in pipeline_page.forecast_label.text()

    pipeline_page.show_view("list")
    lv = pipeline_page.list_view
    qtbot.waitUntil(lambda: lv.model.rowCount() == 2)
    amount_column = next(c for c in range(lv.model.columnCount()) if lv.model.sort_key(c) == "amount")
    shown = {lv.model.index(r, amount_column).data() for r in range(2)}
    assert shown == {"1,234.50", "16,727.00"}
