"""The trash: archived customers, to restore or delete for good."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
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

if TYPE_CHECKING:
    from crm_desktop.services.erase import Erased

log = logging.getLogger(__name__)

TRASH_COLUMNS = ("name", "phone", "company", "city", "category", "updated_at")


class TrashPage(QWidget):
    """Archived customers; Restore brings them back, Delete erases them and everything linked.

    Delete for good is the privacy-request erase (`services.erase`): it also scrubs the search
    index and the write-ahead log, and the page then says what was removed.
    """

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
        # What the last delete-for-good removed; stays until the next action on this page.
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setFrameShape(QLabel.Shape.StyledPanel)
        self.result_label.setMargin(6)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_label.hide()
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
        layout.addWidget(self.result_label)
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

            self.show_result("")
            self._write(lambda s: restore_customers(s, ids))

    @Slot()
    def delete_selected(self) -> None:
        """After a confirmation, erase the selected customers and everything linked, then say what."""
        ids = self.selected_ids()
        if not ids:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Delete for good"),
            self.tr(
                "Delete the selected customers (%n) and all their follow-ups, deals, service records and notes? This cannot be undone.",
                "",
                len(ids),
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        from crm_desktop.services.erase import erase_customers_for_good

        db = self._db
        self.show_result("")

        def work() -> Erased:
            # its own transaction, then the scrub outside it: takes the Database, not a Session
            return erase_customers_for_good(db, ids)

        def done(erased: Erased) -> None:
            log.info("erased %d customer(s) for good: %s", len(ids), erased.describe())
            self.show_result(self.erased_text(erased))
            self.refresh()
            self.changed.emit()

        def failed(exc: BaseException) -> None:
            # nothing was erased (one transaction); the list may be out of date (another window)
            self.refresh()
            workers.show_error(self, exc)

        workers.run_task(
            work, on_done=done, on_error=failed, parent=self, write=True, title=self.tr("Erasing…")
        )

    def show_result(self, text: str) -> None:
        """Show `text` under the list (an empty text hides the line)."""
        self.result_label.setText(text)
        self.result_label.setVisible(bool(text))

    def erased_text(self, erased: Erased) -> str:
        """What an erase removed, in the UI language, and that older backups still hold it."""
        n = erased.customers
        head = self.tr("Erased %n customer", "", n) if n == 1 else self.tr("Erased %n customers", "", n)
        parts: list[str] = []
        if n := erased.follow_ups:
            parts.append(self.tr("%n follow-up", "", n) if n == 1 else self.tr("%n follow-ups", "", n))
        if n := erased.deals:
            parts.append(self.tr("%n deal", "", n) if n == 1 else self.tr("%n deals", "", n))
        if n := erased.service_records:
            parts.append(
                self.tr("%n service record", "", n) if n == 1 else self.tr("%n service records", "", n)
            )
        if n := erased.notes:
            parts.append(self.tr("%n note", "", n) if n == 1 else self.tr("%n notes", "", n))
        if parts:
            separator = self.tr(", ", "between the kinds of records erased")
            sentence = self.tr("{0} with {1}.").format(head, separator.join(parts))
        else:
            sentence = self.tr("{0}.").format(head)
        return sentence + "\n" + self.tr("Older backups still hold them until rotated out.")
