"""The trash: archived customers, to restore or delete for good."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
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
from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.db.engine import Database
from crm_desktop.db.models import Customer
from crm_desktop.services.customer_query import chunks
from crm_desktop.ui import workers
from crm_desktop.ui.models.customers import CustomerTableModel

if TYPE_CHECKING:
    from crm_desktop.services.erase import Erased

log = logging.getLogger(__name__)

# When each customer was moved to the trash: not a catalogue field (not imported, exported or
# shown in the customer list), so the trash model reads it beside the catalogue columns.
ARCHIVED = "archived_at"
TRASH_COLUMNS = ("name", "phone", "company", "city", "category", ARCHIVED)


def _trashed_ids(s: Session) -> list[int]:
    """Archived customers, the most recently moved to the trash first."""
    stmt = (
        select(Customer.id)
        .where(Customer.archived_at.is_not(None))
        .order_by(Customer.archived_at.desc(), Customer.id.desc())
    )
    return list(s.scalars(stmt))


class TrashTableModel(CustomerTableModel):
    """Archived customers, newest in the trash first, with the time each was moved there."""

    def reload(self) -> None:
        """Re-read the archived ids (in the background): the trash is short, read it in one go."""
        self._generation += 1
        generation = self._generation
        db = self._db

        def fetch() -> list[int]:
            with db.session() as s:
                return _trashed_ids(s)

        def arrived(ids: list[int]) -> None:
            if generation != self._generation:
                return  # a newer reload was started meanwhile
            self.beginResetModel()
            self._ids = ids
            self._pages.clear()
            self.endResetModel()
            self.loaded.emit(len(ids))

        self.loading.emit()
        workers.run_task(fetch, on_done=arrived, show_progress=False)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Always newest in the trash first."""

    def _fetch_page(self, page_no: int) -> list[dict[str, Any]]:
        columns = self._columns
        self._columns = [c for c in columns if c != ARCHIVED]  # the catalogue columns
        try:
            rows = super()._fetch_page(page_no)
        finally:
            self._columns = columns
        if ARCHIVED in columns:
            ids = [r["id"] for r in rows]
            stamps: dict[int, Any] = {}
            with self._db.session() as s:
                for chunk in chunks(ids):
                    stmt = select(Customer.id, Customer.archived_at).where(Customer.id.in_(chunk))
                    stamps.update((cid, at) for cid, at in s.execute(stmt))
            for row in rows:  # the cached page holds these same dicts
                row[ARCHIVED] = stamps.get(row["id"])
        return rows

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self._columns)
            and self._columns[section] == ARCHIVED
        ):
            return QCoreApplication.translate("TrashPage", "Moved to trash")
        return super().headerData(section, orientation, role)


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
        self.model = TrashTableModel(db, TRASH_COLUMNS, self)
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
            # one transaction, then the log emptied outside it: takes the Database, not a Session
            return erase_customers_for_good(db, ids)

        def done(erased: Erased) -> None:
            log.info("erased %d customer(s) for good: %s", len(ids), erased.describe())
            text = self.erased_text(erased)
            if not erased.log_emptied:
                from crm_desktop import messages
                from crm_desktop.ui.i18n import ui_lang

                text += " " + messages.text("erase.log_kept", ui_lang(), path=db.path)
            self.show_result(text)
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
