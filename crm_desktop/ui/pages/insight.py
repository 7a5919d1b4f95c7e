"""The Insight page: the customer dashboard.

Key-figure tiles for a chosen period (with the change against the previous period), charts of
customers by lifecycle and by source, sales by month, the pipeline funnel and satisfaction by
month, then tabs for value segments (RFM), customers at risk, retention and value, and care
lists. Every figure is computed by `services.dashboard` in a worker (one session, SQL only);
clicking a slice, bar or point emits `open_customers(ids)` for the customers behind it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, QTimer, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.db.engine import Database
from crm_desktop.fields import choice_label
from crm_desktop.fields import format_money as fmt_money
from crm_desktop.services import insight
from crm_desktop.services.dashboard import Dashboard, compute_dashboard
from crm_desktop.services.insight import KeyFigure, Period
from crm_desktop.ui.i18n import ui_lang
from crm_desktop.ui.pages.insight_charts import (
    Tile,
    chart_view,
    month_labels,
    set_bars,
    set_line,
    set_pie,
)
from crm_desktop.ui.pages.insight_tabs import AtRiskTab, CareTab, RetentionTab, SegmentsTab
from crm_desktop.ui.workers import run_task

PERIODS = ("this_month", "last_month", "last_30", "last_90", "this_year", "last_12_months", "custom")
# figures where a rise is bad news
RISE_IS_BAD = {"open_service"}


def period_for(choice: str, today: date, start: date | None = None, end: date | None = None) -> Period:
    """The period a picker choice stands for on `today` ("custom" uses `start` and `end`)."""
    if choice == "this_month":
        return Period(today.replace(day=1), today)
    if choice == "last_month":
        return Period.month_of(today.replace(day=1) - timedelta(days=1))
    if choice == "last_30":
        return Period.last_days(today, 30)
    if choice == "last_90":
        return Period.last_days(today, 90)
    if choice == "this_year":
        return Period(date(today.year, 1, 1), today)
    if choice == "last_12_months":
        first = today.replace(day=1)
        back = first.year * 12 + first.month - 1 - 11
        return Period(date(back // 12, back % 12 + 1, 1), today)
    a, b = start or today, end or today
    return Period(min(a, b), max(a, b))


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class InsightPage(QWidget):
    """The dashboard; `open_customers(ids)` asks the shell to list those customers; `changed`
    tells it that customers were changed here (the page has refreshed itself)."""

    open_customers = Signal(list)
    changed = Signal()  # lifecycle categories or the at-risk days were changed here

    def __init__(
        self, db: Database, parent: QWidget | None = None, *, today: Callable[[], date] | None = None
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._today = today or date.today
        self._generation = 0
        self.board: Dashboard | None = None

        self.title = QLabel(self.tr("Customer insight"), self)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.period_box = QComboBox(self)
        for code, text in zip(PERIODS, self._period_names(), strict=True):
            self.period_box.addItem(text, code)
        self.start_edit, self.end_edit = QDateEdit(self), QDateEdit(self)
        for edit in (self.start_edit, self.end_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(_qdate(self._today()))
            edit.dateChanged.connect(lambda _d: self._custom_changed())
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.clicked.connect(self.refresh)
        self.period_box.currentIndexChanged.connect(lambda _i: self._period_changed())
        self.status = QLabel(self)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.status)
        top.addWidget(QLabel(self.tr("Period:"), self))
        top.addWidget(self.period_box)
        top.addWidget(self.start_edit)
        top.addWidget(QLabel("–", self))
        top.addWidget(self.end_edit)
        top.addWidget(self.refresh_button)

        self.tiles = {key: Tile(self) for key in insight.KEY_FIGURES}
        tiles = QHBoxLayout()
        for tile in self.tiles.values():
            tiles.addWidget(tile)

        overview = QWidget(self)
        grid = QGridLayout(overview)
        self.lifecycle_chart, self.source_chart, self.sales_chart = (chart_view(overview) for _ in range(3))
        self.funnel_chart, self.satisfaction_chart = chart_view(overview), chart_view(overview)
        # two charts a row: a pie beside its legend needs half the width to show whole names
        grid.addWidget(self.lifecycle_chart, 0, 0)
        grid.addWidget(self.source_chart, 0, 1)
        grid.addWidget(self.sales_chart, 1, 0)
        grid.addWidget(self.funnel_chart, 1, 1)
        grid.addWidget(self.satisfaction_chart, 2, 0, 1, 2)
        for row in range(3):
            grid.setRowMinimumHeight(row, 260)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(overview)

        self.segments_tab = SegmentsTab(db, self)
        self.at_risk_tab = AtRiskTab(db, self)
        self.retention_tab = RetentionTab(self)
        self.care_tab = CareTab(self)
        for tab in (self.segments_tab, self.at_risk_tab, self.retention_tab, self.care_tab):
            tab.open_customers.connect(self.open_customers)
        for tab in (self.segments_tab, self.at_risk_tab):
            tab.changed.connect(self.refresh)
            tab.changed.connect(self.changed)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(scroll, self.tr("Overview"))
        self.tabs.addTab(self.segments_tab, self.tr("Value segments"))
        self.tabs.addTab(self.at_risk_tab, self.tr("At risk"))
        self.tabs.addTab(self.retention_tab, self.tr("Retention and value"))
        self.tabs.addTab(self.care_tab, self.tr("Care lists"))

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(tiles)
        layout.addWidget(self.tabs, 1)
        self._period_changed(refresh=False)
        # Computed when first shown (or refreshed), not while the window is being built.

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._generation == 0:
            # queued: the shell may refresh the page it just showed; then this does nothing
            QTimer.singleShot(0, self._first_refresh)

    def _first_refresh(self) -> None:
        if self._generation == 0:
            self.refresh()

    # period -------------------------------------------------------------------------
    def _period_names(self) -> list[str]:
        return [
            self.tr("This month"),
            self.tr("Last month"),
            self.tr("Last 30 days"),
            self.tr("Last 90 days"),
            self.tr("This year"),
            self.tr("Last 12 months"),
            self.tr("Custom"),
        ]

    def period(self) -> Period:
        """The period the picker shows."""
        return period_for(
            str(self.period_box.currentData()),
            self._today(),
            self.start_edit.date().toPython(),  # type: ignore[arg-type]
            self.end_edit.date().toPython(),  # type: ignore[arg-type]
        )

    def set_period(self, choice: str, start: date | None = None, end: date | None = None) -> None:
        """Pick a period (tests and the report dialog); "custom" takes `start` and `end`."""
        if start is not None and end is not None:
            self.start_edit.setDate(_qdate(start))
            self.end_edit.setDate(_qdate(end))
        self.period_box.setCurrentIndex(PERIODS.index(choice))
        self._period_changed()

    def _period_changed(self, refresh: bool = True) -> None:
        custom = self.period_box.currentData() == "custom"
        if not custom:
            p = self.period()
            for edit, day in ((self.start_edit, p.start), (self.end_edit, p.end)):
                edit.blockSignals(True)
                edit.setDate(_qdate(day))
                edit.blockSignals(False)
        self.start_edit.setEnabled(custom)
        self.end_edit.setEnabled(custom)
        if refresh:
            self.refresh()

    def _custom_changed(self) -> None:
        if self.period_box.currentData() == "custom":
            self.refresh()

    # data ---------------------------------------------------------------------------
    @Slot()
    def refresh(self) -> None:
        """Recompute the whole dashboard for the chosen period in a worker."""
        self._generation += 1
        generation, db, period, today = self._generation, self._db, self.period(), self._today()
        self.status.setText(self.tr("Computing…"))

        def work() -> Dashboard:
            with db.session() as s:
                return compute_dashboard(s, period, today)

        def done(board: Dashboard) -> None:
            if generation == self._generation:  # a newer refresh supersedes this one
                self.show_dashboard(board)

        run_task(work, on_done=done, parent=self, show_progress=False)

    def show_dashboard(self, board: Dashboard) -> None:
        """Fill tiles, charts and tabs from `board`."""
        self.board = board
        self.status.setText(
            self.tr("%1 to %2")
            .replace("%1", board.period.start.isoformat())
            .replace("%2", board.period.end.isoformat())
        )
        for figure in board.figures:
            self._show_tile(figure)
        lang = ui_lang()
        set_pie(
            self.lifecycle_chart,
            self.tr("Customers by lifecycle"),
            [
                (choice_label("category", c.code, lang) or self.tr("Not set"), c.count)
                for c in board.by_category
            ],
            lambda i: self._open_breakdown("category", board.by_category[i].code),
            empty_text=self.tr("No customers yet"),
        )
        set_pie(
            self.source_chart,
            self.tr("Where customers come from"),
            [(c.code or self.tr("Not set"), c.count) for c in board.by_source[:7]],
            lambda i: self._open_breakdown("source", board.by_source[i].code),
            empty_text=self.tr("No customers yet"),
        )
        set_bars(
            self.sales_chart,
            self.tr("Sales by month"),
            month_labels([m.month for m in board.sales], lang),
            [m.value or 0 for m in board.sales],
            lambda i: self._open_ids(lambda s: insight.customer_ids_bought_in(s, board.sales[i].month)),
            max_labels=6,
            empty_text=self.tr("No sales in this period"),
        )
        set_bars(
            self.funnel_chart,
            self.tr("Pipeline: open deals per stage"),
            [f"{f.name(lang)}<br>{fmt_money(f.amount)}" for f in board.funnel],
            [f.count for f in board.funnel],
            lambda i: self._open_ids(lambda s: insight.customer_ids_in_stage(s, board.funnel[i].stage_id)),
            horizontal=True,
            empty_text=self.tr("No open deals"),
        )
        set_line(
            self.satisfaction_chart,
            self.tr("Average satisfaction by month (1–5)"),
            month_labels([m.month for m in board.satisfaction], lang),
            [m.value for m in board.satisfaction],
            lambda i: self._open_ids(lambda s: insight.customer_ids_rated_in(s, board.satisfaction[i].month)),
            empty_text=self.tr("No ratings yet"),
        )
        self.segments_tab.show_dashboard(board)
        self.at_risk_tab.show_dashboard(board)
        self.retention_tab.show_dashboard(board)
        self.care_tab.show_dashboard(board)

    def _show_tile(self, f: KeyFigure) -> None:
        names = {
            "new_customers": self.tr("New customers"),
            "active_customers": self.tr("Active customers"),
            "sales": self.tr("Sales"),
            "won_deals": self.tr("Won deals"),
            "conversion_rate": self.tr("Conversion rate"),
            "open_service": self.tr("Open service records"),
            "avg_satisfaction": self.tr("Average satisfaction"),
        }
        previous = self._format(f.key, f.previous)
        tip = self.tr("Previous period: %1").replace("%1", previous)
        self.tiles[f.key].show_figure(names[f.key], self._format(f.key, f.value), *self._change(f), tip)

    def _format(self, key: str, value: float | None) -> str:
        if value is None:
            return "—"
        if key == "sales":
            return fmt_money(value)
        if key == "conversion_rate":
            return f"{value * 100:.1f}%"
        if key == "avg_satisfaction":
            return f"{value:.2f}"
        return f"{int(value):,}"

    def _change(self, f: KeyFigure) -> tuple[str, bool | None]:
        change = f.change
        if change is None:
            return "", None
        if abs(change) < 0.0005:  # below what the tile shows
            return self.tr("no change"), None
        arrow = "▲" if change > 0 else "▼"
        good = (change > 0) != (f.key in RISE_IS_BAD)
        if f.key == "conversion_rate":
            return f"{arrow} {abs(change) * 100:.1f} " + self.tr("pts"), good
        if f.change_ratio is not None:
            return f"{arrow} {abs(f.change_ratio) * 100:.1f}%", good
        return f"{arrow} {self._format(f.key, abs(change))}", good

    def _open_breakdown(self, key: str, code: str | None) -> None:
        self._open_ids(lambda s: insight.customer_ids_by(s, key, code))

    def _open_ids(self, query: Callable[[Any], list[int]]) -> None:
        """Run `query(session)` in a worker and emit its customer ids (a slice can hold them all)."""
        db = self._db

        def work() -> list[int]:
            with db.session() as s:
                return query(s)

        run_task(work, on_done=self.open_customers.emit, parent=self, show_progress=False)
