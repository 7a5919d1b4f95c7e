"""The list view of the Pipeline page: every deal with filters and SQL sorting.

Filters: stage, a period (this month, last 30 days, this year, last year) of the creation,
closing or expected-close date, one customer, and an amount range. The ids come from one SQL
query in a worker (`deal_lists.deal_ids`) and rows are fetched a page at a time by the model;
clicking a column header re-runs the query in that order.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, Qt, Signal, Slot
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.db.engine import Database
from crm_desktop.services.deal_lists import DealQuery
from crm_desktop.ui.models.deals import DealTableModel, query_ids
from crm_desktop.ui.widgets.customer_picker import CustomerPicker, customer_label_for
from crm_desktop.ui.workers import run_task

PERIODS = ("all", "this_month", "last_30_days", "this_year", "last_year")
PERIOD_FIELDS = ("created_at", "closed_at", "expected_close")


def period_range(code: str, today: date) -> tuple[date | None, date | None]:
    """The first and last day (both included) of a named period; (None, None) for all time."""
    if code == "this_month":
        return today.replace(day=1), today
    if code == "last_30_days":
        return today - timedelta(days=29), today
    if code == "this_year":
        return today.replace(month=1, day=1), today
    if code == "last_year":
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    return None, None


def period_names() -> dict[str, str]:
    """Display names of PERIODS in the UI language."""
    return {
        "all": QCoreApplication.translate("DealListView", "All time"),
        "this_month": QCoreApplication.translate("DealListView", "This month"),
        "last_30_days": QCoreApplication.translate("DealListView", "Last 30 days"),
        "this_year": QCoreApplication.translate("DealListView", "This year"),
        "last_year": QCoreApplication.translate("DealListView", "Last year"),
    }


class _PickCustomerDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Deals of one customer"))
        self.picker = CustomerPicker(db, self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.picker.customer_chosen.connect(lambda _id: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(self.picker)
        layout.addWidget(buttons)


class DealListView(QWidget):
    """Filters over a lazily filled deal table; `deal_activated(id)` on double-click."""

    deal_activated = Signal(int)

    def __init__(self, db: Database, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._lang = lang
        self._generation = 0
        self._customer_id: int | None = None
        self._sort_key: str | None = None
        self._descending = False

        self.stage_combo = QComboBox(self)
        self.field_combo = QComboBox(self)
        fields = {
            "created_at": self.tr("Created"),
            "closed_at": self.tr("Closed"),
            "expected_close": self.tr("Expected close"),
        }
        for code in PERIOD_FIELDS:
            self.field_combo.addItem(fields[code], code)
        self.period_combo = QComboBox(self)
        for code, name in period_names().items():
            self.period_combo.addItem(name, code)
        self.customer_button = QPushButton(self)
        self.customer_button.clicked.connect(self.choose_customer)
        self.customer_clear = QPushButton("×", self)
        self.customer_clear.setFixedWidth(28)
        self.customer_clear.setToolTip(self.tr("All customers"))
        self.customer_clear.clicked.connect(lambda: self.set_customer(None))
        validator = QDoubleValidator(0, 1e12, 2, self)
        validator.setLocale(QLocale.c())
        self.min_edit = QLineEdit(self)
        self.max_edit = QLineEdit(self)
        for edit, hint in ((self.min_edit, self.tr("min")), (self.max_edit, self.tr("max"))):
            edit.setValidator(validator)
            edit.setPlaceholderText(hint)
            edit.setFixedWidth(90)
            edit.editingFinished.connect(self.refresh)
        for combo in (self.stage_combo, self.field_combo, self.period_combo):
            combo.currentIndexChanged.connect(self.refresh)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Stage"), self))
        bar.addWidget(self.stage_combo)
        bar.addWidget(self.field_combo)
        bar.addWidget(self.period_combo)
        bar.addWidget(self.customer_button)
        bar.addWidget(self.customer_clear)
        bar.addWidget(QLabel(self.tr("Amount"), self))
        bar.addWidget(self.min_edit)
        bar.addWidget(QLabel("–", self))
        bar.addWidget(self.max_edit)
        bar.addStretch(1)

        self.model = DealTableModel(db, lang, self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(True)
        for column, width in ((1, 140), (2, 200)):  # customer and title need more than a date
            self.view.setColumnWidth(column, width)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self._header_sort)
        self.view.doubleClicked.connect(self._activated)
        self.count_label = QLabel(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)
        self._show_customer()

    # filters ---------------------------------------------------------------------------
    def set_stages(self, stages: list[tuple[int, str]]) -> None:
        """Fill the stage filter with (id, name), keeping the chosen stage when it still exists."""
        current = self.stage_combo.currentData()
        self.stage_combo.blockSignals(True)
        self.stage_combo.clear()
        self.stage_combo.addItem(self.tr("All stages"), None)
        for stage_id, name in stages:
            self.stage_combo.addItem(name, stage_id)
        self.stage_combo.setCurrentIndex(max(self.stage_combo.findData(current), 0))
        self.stage_combo.blockSignals(False)

    def set_stage(self, stage_id: int | None, *, closed: bool = False, period: str | None = None) -> None:
        """Show one stage's deals; a won/lost stage filters by closing date in `period`."""
        for combo, value in (
            (self.stage_combo, stage_id),
            (self.field_combo, "closed_at" if closed else "created_at"),
            (self.period_combo, period if period is not None else "all"),
        ):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(combo.findData(value), 0))
            combo.blockSignals(False)
        self.refresh()

    def set_customer(self, customer_id: int | None) -> None:
        self._customer_id = customer_id
        self._show_customer()
        self.refresh()

    def _show_customer(self) -> None:
        if self._customer_id is None:
            self.customer_button.setText(self.tr("All customers…"))
        else:
            label = customer_label_for(self._db, self._customer_id)
            self.customer_button.setText(label.split(" · ")[0] or str(self._customer_id))
        self.customer_clear.setVisible(self._customer_id is not None)

    @Slot()
    def choose_customer(self) -> None:
        dialog = _PickCustomerDialog(self._db, self)
        if int(dialog.exec()) == QDialog.DialogCode.Accepted.value and dialog.picker.customer_id():
            self.set_customer(dialog.picker.customer_id())
        dialog.deleteLater()

    def sort_by(self, key: str | None, descending: bool = False) -> None:
        """Sort by a `DealQuery.sort_key` (None: newest first) and re-query."""
        self._sort_key, self._descending = key, descending
        column = next((c for c in range(self.model.columnCount()) if self.model.sort_key(c) == key), -1)
        header = self.view.horizontalHeader()
        header.blockSignals(True)  # show the order without re-entering this method
        header.setSortIndicator(
            column, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        )
        header.blockSignals(False)
        self.refresh()

    def _header_sort(self, column: int, order: Qt.SortOrder) -> None:
        key = self.model.sort_key(column)
        if key is None:
            return
        self.sort_by(key, order == Qt.SortOrder.DescendingOrder)

    @staticmethod
    def _amount(edit: QLineEdit) -> float | None:
        """The amount typed, read as everywhere else (`1,000`, `¥500`); None when blank or not a number."""
        from crm_desktop.errors import CrmError
        from crm_desktop.services.deals import clean_amount

        text = edit.text().strip()
        try:
            return clean_amount(text) if text else None
        except CrmError:
            return None

    def query(self, today: date | None = None) -> DealQuery:
        """The filters on screen as a `DealQuery`."""
        start, end = period_range(str(self.period_combo.currentData()), today or date.today())
        stage = self.stage_combo.currentData()
        return DealQuery(
            stage_id=int(stage) if stage is not None else None,
            start=start,
            end=end,
            period=str(self.field_combo.currentData()),
            customer_id=self._customer_id,
            min_amount=self._amount(self.min_edit),
            max_amount=self._amount(self.max_edit),
            sort_key=self._sort_key,
            descending=self._descending,
        )

    # reading ---------------------------------------------------------------------------
    @Slot()
    def refresh(self) -> None:
        """Re-run the id query in the background; a reply overtaken by a newer one is dropped."""
        self._generation += 1
        generation, query, db = self._generation, self.query(), self._db

        def show(ids: list[int]) -> None:
            if generation != self._generation:
                return
            self.model.set_ids(ids)
            self.count_label.setText(self.tr("%n deals", "", len(ids)))

        run_task(lambda: query_ids(db, query), on_done=show, parent=self, show_progress=False)

    def deal_ids(self) -> list[int]:
        return self.model.ids()

    def titles(self) -> list[str]:
        rows = (self.model.row_at(i) for i in range(self.model.rowCount()))
        return [r.title for r in rows if r is not None]

    def _activated(self, index: Any) -> None:
        row = self.model.row_at(index.row())
        if row is not None:
            self.deal_activated.emit(row.id)
