"""File → Imports: every import made, newest first, each undoable; and the File menu's import actions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.ui import workers

if TYPE_CHECKING:
    from crm_desktop.db.engine import Database
    from crm_desktop.exchange.undo import BatchInfo


def add_import_actions(window: Any, menu: QMenu, before: QAction | None = None) -> tuple[QAction, QAction]:
    """Put "Import…" and "Imports…" into `menu` of the main `window` (its `db` and `data_changed`)."""
    import_action = QAction(QCoreApplication.translate("ImportHistory", "&Import from Excel or CSV…"), window)
    history_action = QAction(
        QCoreApplication.translate("ImportHistory", "Imports (history and undo)…"), window
    )

    def open_wizard() -> None:
        if window.db is None:
            return  # the database is still opening
        from crm_desktop.ui.dialogs.import_wizard import ImportWizard

        wizard = ImportWizard(window.db, parent=window)
        wizard.changed.connect(window.data_changed)
        wizard.finished.connect(wizard.deleteLater)
        window.import_wizard = wizard
        wizard.open()

    def open_history() -> None:
        if window.db is None:
            return
        dialog = ImportHistoryDialog(window.db, window)
        dialog.changed.connect(window.data_changed)
        dialog.finished.connect(dialog.deleteLater)
        window.import_history = dialog
        dialog.open()

    import_action.triggered.connect(open_wizard)
    history_action.triggered.connect(open_history)
    menu.insertActions(before, [import_action, history_action])  # type: ignore[arg-type]
    return import_action, history_action


class ImportHistoryDialog(QDialog):
    """The list of imports with their counts; Undo removes what one created and restores what it changed."""

    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.batches: list[BatchInfo] = []
        self.setWindowTitle(self.tr("Imports"))
        self.resize(760, 380)
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("No."),
                self.tr("When"),
                self.tr("What"),
                self.tr("File"),
                self.tr("Result"),
                self.tr("Undone"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.undo_button = QPushButton(self.tr("Undo this import…"))
        self.undo_button.clicked.connect(self.undo_selected)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.undo_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Read the list of imports (in a worker)."""
        db = self._db

        def work() -> list[BatchInfo]:
            from crm_desktop.exchange.undo import list_imports

            with db.session() as s:
                return list_imports(s)

        workers.run_task(work, on_done=self._show, parent=self, show_progress=False)

    def _show(self, batches: list[BatchInfo]) -> None:
        kinds = {
            "customers": self.tr("Customers"),
            "follow-ups": self.tr("Follow-ups"),
            "deals": self.tr("Deals"),
            "service": self.tr("Service records"),
        }
        self.batches = batches
        self.table.setRowCount(len(batches))
        for r, b in enumerate(batches):
            counts = (
                self.tr("%1 new, %2 updated, %3 skipped")
                .replace("%1", str(b.created))
                .replace("%2", str(b.updated))
                .replace("%3", str(b.skipped))
            )
            undone = f"{b.undone_at:%Y-%m-%d %H:%M}" if b.undone_at else ""
            cells = (
                str(b.id),
                f"{b.created_at:%Y-%m-%d %H:%M}",
                kinds.get(b.kind, b.kind),
                b.file_name,
                counts,
                undone,
            )
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        # an empty list would shrink the columns below their own titles
        header = self.table.horizontalHeader()
        for col in range(self.table.columnCount() - 1):
            header.resizeSection(col, max(header.sectionSize(col), header.sectionSizeHint(col)))
        if not batches:
            self.note.setText(self.tr("Nothing has been imported into this database yet."))
        if batches and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)
        self._update_buttons()

    def selected(self) -> BatchInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.batches[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        batch = self.selected()
        self.undo_button.setEnabled(batch is not None and batch.undone_at is None)

    @Slot()
    def undo_selected(self) -> None:
        """Ask, then undo the selected import in the write worker."""
        batch = self.selected()
        if batch is None or batch.undone_at is not None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Undo import"),
            self.tr(
                "Undo import %1 (%2)? The %3 records it created are removed and the %4 it updated "
                "get their earlier values back."
            )
            .replace("%1", str(batch.id))
            .replace("%2", batch.file_name)
            .replace("%3", str(batch.created))
            .replace("%4", str(batch.updated)),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        db, batch_id = self._db, batch.id

        def work() -> dict[str, int]:
            from crm_desktop.exchange.undo import undo_import_keeping_backup

            return undo_import_keeping_backup(db, batch_id)[0]

        def done(outcome: dict[str, int]) -> None:
            self.note.setText(
                self.tr("Import %1 undone: %2 records removed, %3 put back as they were.")
                .replace("%1", str(batch_id))
                .replace("%2", str(outcome["removed"]))
                .replace("%3", str(outcome["restored"]))
            )
            self.changed.emit()
            self.refresh()

        workers.run_task(work, on_done=done, parent=self, write=True, title=self.tr("Undoing the import…"))
