"""The Service page: service records filtered by status, kind and period, stale ones highlighted.

"Stale" means still open (or in progress) and opened more than N days ago; N is a business
setting stored in the database (`models.service_records.STALE_DAYS_KEY`) and edited here.
The list reads through the worker (newest `LIST_LIMIT` matching records); writes go through
the single write worker. Double-click opens a record; Resolve asks for the resolution and a
satisfaction score.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QModelIndex, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.db.engine import Database
from crm_desktop.services.service_records import OPEN_STATUSES, ServiceRow
from crm_desktop.ui.dialogs.service_record import ServiceRecordDialog
from crm_desktop.ui.i18n import ui_lang
from crm_desktop.ui.models.deals import kind_options
from crm_desktop.ui.models.follow_ups import ROW_ROLE
from crm_desktop.ui.models.service_records import (
    LIST_LIMIT,
    ServiceTableModel,
    set_stale_days,
    stale_days,
    status_names,
)
from crm_desktop.ui.pages.pipeline_list import period_names, period_range
from crm_desktop.ui.widgets.follow_up_views import make_table
from crm_desktop.ui.workers import run_task

STALE_SAVE_DELAY_MS = 600
STATUS_FILTERS = ("unfinished", "all", "open", "in_progress", "resolved", "closed")


class ServicePage(QWidget):
    """Service records with filters; `changed` after a record was logged or updated here."""

    changed = Signal()

    def __init__(
        self, db: Database, parent: QWidget | None = None, *, clock: Callable[[], datetime] | None = None
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._lang = ui_lang()
        self._clock = clock or (lambda: datetime.now().replace(microsecond=0))
        self._generation = 0
        self.dialog: Any = None
        with db.session() as s:
            kinds = kind_options(s, "service", self._lang)
            days = stale_days(s)

        self.status_combo = QComboBox(self)
        names = status_names()
        self.status_combo.addItem(self.tr("Open and in progress"), "unfinished")
        self.status_combo.addItem(self.tr("All statuses"), "all")
        for code in ("open", "in_progress", "resolved", "closed"):
            self.status_combo.addItem(names[code], code)
        self.kind_combo = QComboBox(self)
        self.kind_combo.addItem(self.tr("All kinds"), None)
        for code, name in kinds:
            self.kind_combo.addItem(name, code)
        self.period_combo = QComboBox(self)
        for code, name in period_names().items():
            self.period_combo.addItem(name, code)
        for combo in (self.status_combo, self.kind_combo, self.period_combo):
            combo.currentIndexChanged.connect(self.refresh)
        self.stale_spin = QSpinBox(self)
        self.stale_spin.setRange(1, 365)
        self.stale_spin.setValue(days)
        self.stale_spin.setSuffix(self.tr(" days"))
        # Arrow clicks and typing both change the value: store it once the user pauses.
        self._stale_timer = QTimer(self)
        self._stale_timer.setSingleShot(True)
        self._stale_timer.setInterval(STALE_SAVE_DELAY_MS)
        self._stale_timer.timeout.connect(self.save_stale_days)
        self.stale_spin.valueChanged.connect(lambda _v: self._stale_timer.start())

        self.new_button = QPushButton(self.tr("New record…"), self)
        self.new_button.clicked.connect(lambda: self.new_record())
        self.open_button = QPushButton(self.tr("Open…"), self)
        self.open_button.clicked.connect(self._open_selected)
        self.resolve_button = QPushButton(self.tr("Resolve…"), self)
        self.resolve_button.clicked.connect(self._resolve_selected)

        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("Status"), self))
        filters.addWidget(self.status_combo)
        filters.addWidget(QLabel(self.tr("Kind"), self))
        filters.addWidget(self.kind_combo)
        filters.addWidget(QLabel(self.tr("Opened"), self))
        filters.addWidget(self.period_combo)
        filters.addSpacing(16)
        filters.addWidget(QLabel(self.tr("Highlight open records older than"), self))
        filters.addWidget(self.stale_spin)
        filters.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self.new_button)
        actions.addWidget(self.open_button)
        actions.addWidget(self.resolve_button)
        actions.addStretch(1)

        self.model = ServiceTableModel(dict(kinds), self)
        self.model.stale_days = days
        self.view = make_table(self.model, self)
        for column in (0, 6):  # date and time columns: room for "2026-11-23 14:30"
            self.view.setColumnWidth(column, 135)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)  # the subject takes the room
        self.view.doubleClicked.connect(self._activated)
        self.view.selectionModel().selectionChanged.connect(self._sync_buttons)
        self.summary = QLabel(self)

        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary)
        self._sync_buttons()
        self.refresh()

    # reading ---------------------------------------------------------------------------
    def filters(self) -> dict[str, Any]:
        """The filters on screen as `list_service_records` arguments."""
        code = self.status_combo.currentData()
        status: str | tuple[str, ...] | None
        status = OPEN_STATUSES if code == "unfinished" else None if code == "all" else str(code)
        start, end = period_range(str(self.period_combo.currentData()), self._clock().date())
        return {"status": status, "kind": self.kind_combo.currentData(), "start": start, "end": end}

    @Slot()
    def refresh(self) -> None:
        """Re-read the list in the background; an overtaken reply is dropped."""
        self._generation += 1
        generation, db, filters, now = self._generation, self._db, self.filters(), self._clock()
        days = self.stale_spin.value()

        def fetch() -> list[ServiceRow]:
            from crm_desktop.services.service_records import list_service_records

            with db.session() as s:
                return list_service_records(s, limit=LIST_LIMIT, **filters)

        def show(rows: list[ServiceRow]) -> None:
            if generation != self._generation:
                return
            self.model.set_records(rows, now=now, stale_days=days)
            text = self.tr("%n records", "", len(rows))
            stale = self.model.stale_count()
            if stale:
                text += "  ·  " + self.tr("%n open longer than the limit (highlighted)", "", stale)
            if len(rows) >= LIST_LIMIT:
                text += "  ·  " + self.tr("showing the newest; narrow the filters to see older ones")
            self.summary.setText(text)
            self._sync_buttons()

        run_task(fetch, on_done=show, parent=self, show_progress=False)

    def rows(self) -> list[ServiceRow]:
        return self.model.rows()

    @Slot()
    def save_stale_days(self) -> None:
        """Store the highlight limit in the database and re-colour the list."""
        self._stale_timer.stop()
        days, db = self.stale_spin.value(), self._db

        def job() -> None:
            with db.session() as s:
                set_stale_days(s, days)

        run_task(job, on_done=lambda _r: self.refresh(), parent=self, write=True, show_progress=False)

    # actions -----------------------------------------------------------------------------
    def selected(self) -> ServiceRow | None:
        index = self.view.currentIndex()
        return self.model.data(self.model.index(index.row(), 0), ROW_ROLE) if index.isValid() else None

    def _sync_buttons(self) -> None:
        row = self.selected()
        self.open_button.setEnabled(row is not None)
        self.resolve_button.setEnabled(row is not None and row.status in OPEN_STATUSES)

    def _activated(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row())
        if row is not None:
            self.open_record(row.id)

    def _open_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self.open_record(row.id)

    def _resolve_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self.open_record(row.id, resolve=True)

    def new_record(self, customer_id: int | None = None) -> ServiceRecordDialog:
        """Open the dialog to log a new service record."""
        return self._show(ServiceRecordDialog(self._db, self, customer_id=customer_id))

    def open_record(self, record_id: int, *, resolve: bool = False) -> ServiceRecordDialog:
        """Open a record to update it (`resolve=True`: straight to resolving it)."""
        return self._show(ServiceRecordDialog(self._db, self, record_id=record_id, resolve=resolve))

    def _show(self, dialog: ServiceRecordDialog) -> ServiceRecordDialog:
        dialog.saved.connect(lambda _id: self._after_write())
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _after_write(self) -> None:
        self.refresh()
        self.changed.emit()
