"""The tabs of the insight page below the charts: segments, at risk, retention and value, care."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.db.engine import Database
from crm_desktop.fields import choice_label
from crm_desktop.fields import format_money as fmt_money
from crm_desktop.services import retention, rfm
from crm_desktop.services.dashboard import Dashboard
from crm_desktop.ui import file_dialogs
from crm_desktop.ui.i18n import ui_lang
from crm_desktop.ui.models.follow_ups import ROW_ROLE, Column, RowsModel
from crm_desktop.ui.pages.follow_ups import make_table
from crm_desktop.ui.pages.insight_charts import chart_view, month_labels, set_bars
from crm_desktop.ui.workers import run_task

SEGMENT_LIST_LIMIT = 500


def _day(value: datetime | date | None) -> str:
    if value is None:
        return ""
    return (value.date() if isinstance(value, datetime) else value).isoformat()


def _money(value: float | None) -> str:
    """Money as every screen and report shows it (`fmt_money`); blank when there is none."""
    return "" if value is None else fmt_money(value)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _table(columns: Sequence[Column], parent: QWidget) -> tuple[RowsModel, QTableView]:
    model = RowsModel(columns, parent)
    return model, make_table(model, parent)


def _boxed(title: str, *widgets: QWidget, parent: QWidget) -> QGroupBox:
    box = QGroupBox(title, parent)
    layout = QVBoxLayout(box)
    for w in widgets:
        layout.addWidget(w)
    return box


class _Tab(QWidget):
    open_customers = Signal(list)
    changed = Signal()

    def _open_row(self, index: QModelIndex) -> None:
        row = index.data(ROW_ROLE)
        if row is not None:
            self.open_customers.emit([row.customer_id])


class SegmentsTab(_Tab):
    """RFM segments with their customers, and updating lifecycle categories from them."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._today = date.today()
        lang = ui_lang
        self.segment_model, self.segment_view = _table(
            [
                Column(self.tr("Segment"), lambda r: rfm.segment_name(r.segment, lang())),
                Column(self.tr("Customers"), lambda r: f"{r.count:,}"),
                Column(self.tr("Spent in total"), lambda r: _money(r.amount)),
            ],
            self,
        )
        self.segment_view.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: self._segment_chosen(cur)
        )
        self.customer_model, self.customer_view = _table(
            [
                Column(self.tr("Customer"), lambda r: r.name),
                Column(self.tr("Phone"), lambda r: r.phone or ""),
                Column(self.tr("Lifecycle"), lambda r: choice_label("category", r.category, lang())),
                Column(self.tr("Last purchase"), lambda r: _day(r.last_purchase_at)),
                Column(self.tr("Purchases"), lambda r: r.frequency),
                Column(self.tr("Spent"), lambda r: _money(r.monetary)),
                Column(self.tr("R-F-M"), lambda r: f"{r.r}-{r.f}-{r.m}"),
            ],
            self,
        )
        self.customer_view.activated.connect(self._open_row)
        self.rules = QLabel(
            self.tr(
                "Scores 1–5 by quintile of recency, frequency and money of won deals. Champions: R≥4 and F+M≥8; "
                "New: R≥4 and one purchase; Potential: R≥3; At risk: F+M≥6; Hibernating: R=2; Lost: R=1."
            ),
            self,
        )
        self.rules.setWordWrap(True)
        self.open_button = QPushButton(self.tr("Open these customers"), self)
        self.open_button.clicked.connect(self._open_segment)
        self.apply_button = QPushButton(self.tr("Update lifecycle categories…"), self)
        self.apply_button.setToolTip(
            self.tr(
                "Champions become loyal; other buyers at least customers; loyal ones gone quiet fall back"
            )
        )
        self.apply_button.clicked.connect(self.apply_to_lifecycle)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.apply_button)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.segment_view)
        split.addWidget(self.customer_view)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.rules)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)

    def show_dashboard(self, board: Dashboard) -> None:
        current = self.current_segment()
        self._today = board.today
        self.segment_model.set_rows(board.segments)
        self.segment_view.resizeColumnsToContents()
        codes = [c.segment for c in board.segments]
        self.segment_view.selectRow(codes.index(current) if current in codes else 0)

    def current_segment(self) -> str | None:
        row = self.segment_model.row_at(self.segment_view.currentIndex().row())
        return None if row is None else row.segment

    def _segment_chosen(self, index: QModelIndex) -> None:
        row = self.segment_model.row_at(index.row())
        if row is None:
            return
        db, today, code = self._db, self._today, row.segment

        def work() -> list[rfm.RfmRow]:
            with db.session() as s:
                return rfm.rfm_rows(s, today, code, limit=SEGMENT_LIST_LIMIT)

        run_task(work, on_done=self.customer_model.set_rows, parent=self, show_progress=False)

    def _open_segment(self) -> None:
        code = self.current_segment()
        if code is None:
            return
        db, today = self._db, self._today

        def work() -> list[int]:  # scores every customer: off the UI thread
            with db.session() as s:
                return rfm.segment_customer_ids(s, today, code)

        run_task(work, on_done=self.open_customers.emit, parent=self)

    def apply_to_lifecycle(self) -> None:
        """Work out what would change (in a worker), ask, then update in the write worker."""
        db, today = self._db, self._today

        def plan() -> list[rfm.LifecycleChange]:
            with db.session() as s:
                return rfm.plan_lifecycle_changes(s, today)

        run_task(
            plan, on_done=self._confirm_and_apply, parent=self, title=self.tr("Update lifecycle categories")
        )

    def _confirm_and_apply(self, plan: list[rfm.LifecycleChange]) -> None:
        title = self.tr("Update lifecycle categories")
        if not plan:
            QMessageBox.information(self, title, self.tr("Nothing to change."))
            return
        lang = ui_lang()
        counts: dict[str, int] = {}
        for change in plan:
            counts[change.new] = counts.get(change.new, 0) + 1
        lines = [f"{choice_label('category', k, lang)}: {n:,}" for k, n in sorted(counts.items())]
        text = self.tr("%1 customers will change lifecycle category:").replace("%1", f"{len(plan):,}")
        text += "\n" + "\n".join(lines) + "\n\n" + self.tr("Advocates are left alone. Continue?")
        if QMessageBox.question(self, title, text) != QMessageBox.StandardButton.Yes:
            return
        db, today = self._db, self._today

        def work() -> list[rfm.LifecycleChange]:
            with db.session() as s:
                return rfm.apply_segments_to_lifecycle(s, today)

        run_task(work, on_done=lambda _c: self.changed.emit(), parent=self, write=True, title=title)


class AtRiskTab(_Tab):
    """Customers with no purchase and no contact for N days; N editable; export to Excel."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._today = date.today()
        lang = ui_lang
        self.model, self.view = _table(
            [
                Column(self.tr("Customer"), lambda r: r.name),
                Column(self.tr("Phone"), lambda r: r.phone or ""),
                Column(self.tr("Lifecycle"), lambda r: choice_label("category", r.category, lang())),
                Column(self.tr("Last purchase"), lambda r: _day(r.last_purchase_at)),
                Column(self.tr("Last contact"), lambda r: _day(r.last_contact_at)),
                Column(self.tr("Days silent"), lambda r: r.days_silent),
                Column(self.tr("Spent in total"), lambda r: _money(r.total_spent)),
            ],
            self,
        )
        self.view.activated.connect(self._open_row)
        self.summary = QLabel(self)
        self.days = QSpinBox(self)
        self.days.setRange(1, retention.MAX_AT_RISK_DAYS)
        self.days.setSuffix(self.tr(" days"))
        self.save_days = QPushButton(self.tr("Apply"), self)
        self.save_days.clicked.connect(self._save_days)
        self.open_button = QPushButton(self.tr("Open these customers"), self)
        self.open_button.clicked.connect(self._open_all)
        self.export_button = QPushButton(self.tr("Export to Excel…"), self)
        self.export_button.clicked.connect(self.export)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("At risk after"), self))
        top.addWidget(self.days)
        top.addWidget(self.save_days)
        top.addStretch(1)
        top.addWidget(self.open_button)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)

    def show_dashboard(self, board: Dashboard) -> None:
        self._today = board.today
        self.days.setValue(board.at_risk_days)
        text = self.tr(
            "%1 customers bought before but have had no purchase and no contact for %2 days or more."
        )
        self.summary.setText(
            text.replace("%1", f"{board.at_risk_count:,}").replace("%2", str(board.at_risk_days))
        )
        self.model.set_rows(board.at_risk)

    def _save_days(self) -> None:
        db, days = self._db, self.days.value()

        def work() -> int:
            with db.session() as s:
                return retention.set_at_risk_days(s, days)

        run_task(work, on_done=lambda _n: self.changed.emit(), parent=self, write=True)

    def _open_all(self) -> None:
        db, today = self._db, self._today

        def work() -> list[int]:  # reads every customer: off the UI thread
            with db.session() as s:
                return [r.customer_id for r in retention.at_risk_customers(s, today)]

        run_task(work, on_done=self.open_customers.emit, parent=self)

    def export(self) -> None:
        """Ask for an .xlsx file and write every at-risk customer to it in a worker."""
        from crm_desktop.ui.recent_files import remember_folder, start_folder

        path, _filter = file_dialogs.get_save_file_name(
            self,
            self.tr("Export customers at risk"),
            str(start_folder() / self.tr("at-risk.xlsx")),
            self.tr("Excel workbook (*.xlsx)"),
        )
        if not path:
            return
        remember_folder(path)
        target = Path(path) if path.lower().endswith(".xlsx") else Path(path + ".xlsx")
        db, today = self._db, self._today
        headers = [
            self.model.headerData(c, Qt.Orientation.Horizontal) for c in range(self.model.columnCount())
        ]
        lang = ui_lang()

        def work() -> int:
            from crm_desktop.exchange.writers import write_table

            with db.session() as s:
                rows = retention.at_risk_customers(s, today)
            data = [
                [
                    r.name,
                    r.phone or "",
                    choice_label("category", r.category, lang),
                    r.last_purchase_at,
                    r.last_contact_at,
                    r.days_silent,
                    r.total_spent,
                ]
                for r in rows
            ]
            write_table(target, headers, data, total=len(data))
            return len(data)

        def done(n: int) -> None:
            text = self.tr("%1 customers written to %2.").replace("%1", f"{n:,}").replace("%2", str(target))
            QMessageBox.information(self, self.tr("Export customers at risk"), text)

        run_task(work, on_done=done, parent=self, title=self.tr("Exporting…"))


class RetentionTab(_Tab):
    """Monthly retention and churn, customer value and the top customers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart = chart_view(self)
        self.value = QLabel(self)
        self.value.setWordWrap(True)
        self.top_model, self.top_view = _table(
            [
                Column(self.tr("Customer"), lambda r: r.name),
                Column(self.tr("Purchases"), lambda r: r.orders),
                Column(self.tr("Lifetime value"), lambda r: _money(r.lifetime_value)),
                Column(self.tr("Last purchase"), lambda r: _day(r.last_purchase_at)),
            ],
            self,
        )
        self.top_view.activated.connect(self._open_row)
        # every column whole, the last one taking what is left: nothing hides off the right
        header = self.top_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        right = QWidget(self)
        side = QVBoxLayout(right)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.value)
        side.addWidget(_boxed(self.tr("Top customers"), self.top_view, parent=right), 1)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.chart)
        split.addWidget(right)
        split.setStretchFactor(0, 2)  # twelve month bars with their labels want the room
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        QVBoxLayout(self).addWidget(split)
        self.board: Dashboard | None = None

    def show_dashboard(self, board: Dashboard) -> None:
        self.board = board
        months = board.retention
        # the last month is today's: not over yet, so drawn pale and said to be "to date"
        labels = month_labels([m.month for m in months], ui_lang())
        if labels:
            labels[-1] += "<br>" + self.tr("to date")
        set_bars(
            self.chart,
            self.tr("Retention: share of last month's buyers who bought again (%)"),
            labels,
            [round((m.retention or 0) * 100, 1) for m in months],
            lambda _i: None,
            empty_text=self.tr("Not enough purchases yet"),
            muted=[len(months) - 1] if months else [],
        )
        v = board.value
        lines = [
            self.tr("Buying customers: %1").replace("%1", f"{v.buyers:,}"),
            self.tr("Average lifetime value: %1").replace("%1", _money(v.avg_lifetime_value) or "—"),
            self.tr("Average order value: %1").replace("%1", _money(v.avg_order_value) or "—"),
        ]
        if len(months) >= 2:  # the headline: the last month that is over
            full = months[-2]
            lines.append(
                self.tr("Last full month (%1): retention %2, churn %3")
                .replace("%1", full.month)
                .replace("%2", _pct(full.retention))
                .replace("%3", _pct(full.churn))
            )
        if months:
            now = months[-1]
            lines.append(
                self.tr("Month to date (%1 to %2): retention %3, churn %4")
                .replace("%1", f"{now.month}-01")
                .replace("%2", board.today.isoformat())
                .replace("%3", _pct(now.retention))
                .replace("%4", _pct(now.churn))
            )
        self.value.setText("\n".join(lines))
        self.top_model.set_rows(v.top)


class CareTab(_Tab):
    """Unhappy customers to call back, and birthdays and anniversaries in the coming week."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.unhappy_model, self.unhappy_view = _table(
            [
                Column(self.tr("Rated"), lambda r: _day(r.rated_at)),
                Column(self.tr("Customer"), lambda r: r.name),
                Column(self.tr("Phone"), lambda r: r.phone or ""),
                Column(self.tr("Score"), lambda r: r.satisfaction),
                Column(self.tr("Subject"), lambda r: r.subject),
            ],
            self,
        )
        self.birthday_model, self.birthday_view = _table(self._date_columns(self.tr("Age")), self)
        self.anniversary_model, self.anniversary_view = _table(self._date_columns(self.tr("Years")), self)
        for view in (self.unhappy_view, self.birthday_view, self.anniversary_view):
            view.activated.connect(self._open_row)
        dates = QSplitter(Qt.Orientation.Horizontal, self)
        dates.addWidget(_boxed(self.tr("Birthdays in the coming week"), self.birthday_view, parent=self))
        dates.addWidget(
            _boxed(self.tr("Customer anniversaries in the coming week"), self.anniversary_view, parent=self)
        )
        split = QSplitter(Qt.Orientation.Vertical, self)
        unhappy = self.tr("Rated 1–2 with no follow-up since")
        split.addWidget(_boxed(unhappy, self.unhappy_view, parent=self))
        split.addWidget(dates)
        QVBoxLayout(self).addWidget(split)

    def _date_columns(self, years: str) -> list[Column]:
        return [
            Column(self.tr("Date"), lambda r: _day(r.on)),
            Column(self.tr("Customer"), lambda r: r.name),
            Column(self.tr("Phone"), lambda r: r.phone or ""),
            # the age on that birthday, or years as a customer; an impossible year shows nothing
            Column(years, lambda r: str(r.years) if 0 < r.years < 130 else ""),
        ]

    def show_dashboard(self, board: Dashboard) -> None:
        self.unhappy_model.set_rows(board.unhappy)
        self.birthday_model.set_rows(board.care.birthdays)
        self.anniversary_model.set_rows(board.care.anniversaries)
