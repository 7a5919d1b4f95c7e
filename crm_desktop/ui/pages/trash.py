"""The trash: archived customers, to restore or delete for good."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from crm_desktop.db.engine import Database
from crm_desktop.ui import workers
from crm_desktop.ui.models.customers import CustomerTableModel

TRASH_COLUMNS = ("name", "phone", "company", "city", "category", "updated_at")


class TrashPage(QWidget):
    """Archived customers; Restore brings them back, Delete removes them and their history."""

    open_customer = Signal(int)
    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from crm_desktop.services.customers import CustomerQuery

        self._db = db
        self.model = CustomerTableModel(db, TRASH_COLUMNS, self)
        self.model._query = CustomerQuery(archived=True)
        self.model.loaded.connect(self._on_loaded)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setDefaultSectionSize(140)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)

        self.info = QLabel(
            self.tr("Archived customers stay here until you restore them or delete them for good.")
        )
        self.count_label = QLabel()
        self.restore_button = QPushButton(self.tr("Restore"))
        self.restore_button.clicked.connect(self.restore_selected)
        self.delete_button = QPushButton(self.tr("Delete for good…"))
        self.delete_button.clicked.connect(self.delete_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label, 1)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.delete_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._update_actions()
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        self.model.reload()

    def _on_loaded(self, count: int) -> None:
        self.count_label.setText(self.tr("In the trash: %n", "", count))
        self._update_actions()

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.customer_id(r) for r in rows]

    def select_rows(self, rows: list[int]) -> None:
        sel = self.table.selectionModel()
        sel.clearSelection()
        for r in rows:
            sel.select(self.model.index(r, 0), sel.SelectionFlag.Select | sel.SelectionFlag.Rows)

    def _update_actions(self) -> None:
        has = self.table.selectionModel().hasSelection()
        self.restore_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def _write(self, fn: Callable[[Session], int]) -> None:
        db = self._db

        def work() -> int:
            with db.session() as s:
                return fn(s)

        def done(_: object) -> None:
            self.refresh()
            self.changed.emit()

        workers.run_task(work, on_done=done, parent=self, write=True, title=self.tr("Saving…"))

    @Slot()
    def restore_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            from crm_desktop.services.customers import restore_customers

            self._write(lambda s: restore_customers(s, ids))

    @Slot()
    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Delete for good"),
            self.tr(
                "Delete the selected customers (%n) and all their follow-ups, sales and notes? This cannot be undone.",
                "",
                len(ids),
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        from crm_desktop.services.customers import delete_customers

        self._write(lambda s: delete_customers(s, ids))
