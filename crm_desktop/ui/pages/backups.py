"""Backups: the automatic backups of this database, listed with date and size; back up now,
restore one, open the folder, and how many rotation keeps. Reached from Settings.

A restore goes through `services.backup.restore_database` (checks the backup, keeps the
current file aside, swaps atomically); the open `Database` object is then pointed at the
restored file in place, so every page keeps working and simply re-reads.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.db.engine import Database
from crm_desktop.errors import CrmError
from crm_desktop.services.autobackup import (
    MAX_KEEP_DAILY,
    MAX_KEEP_WEEKLY,
    BackupInfo,
    backups_dir,
    get_policy,
    list_backups,
    make_backup,
    rotate,
    set_policy,
)
from crm_desktop.ui import workers
from crm_desktop.ui.safety import human_size

log = logging.getLogger(__name__)


def reopen_in_place(db: Database) -> None:
    """Point the open `db` at the file now at its path (after a restore): a fresh engine, the
    same object, so pages and workers holding it read the restored data."""
    from crm_desktop.db.engine import open_database

    db.engine.dispose()
    db.release_use_lock()
    fresh = open_database(db.path, create=False)
    db.engine = fresh.engine
    db.session_factory = fresh.session_factory
    db.use_lock, fresh.use_lock = fresh.use_lock, None
    db.read_only = fresh.read_only
    db.upgraded_from, db.upgrade_backup = fresh.upgraded_from, fresh.upgrade_backup


class BackupsPage(QWidget):
    """The list of backups and what can be done with them."""

    restored = Signal(str)  # the backup file that is now the database
    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._backups: list[BackupInfo] = []

        self.folder_label = QLabel()
        self.folder_label.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Made"), self.tr("Why"), self.tr("Size"), self.tr("File")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self.backup_button = QPushButton(self.tr("Back up now"))
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton(self.tr("Restore…"))
        self.restore_button.clicked.connect(self.restore_selected)
        self.folder_button = QPushButton(self.tr("Open folder"))
        self.folder_button.clicked.connect(self.open_folder)
        buttons = QHBoxLayout()
        for button in (self.backup_button, self.restore_button, self.folder_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        policy_box = QGroupBox(self.tr("Automatic backups"))
        self.enabled_box = QCheckBox(self.tr("Back up when CRM Desktop closes and once a day"))
        self.daily_spin = QSpinBox()
        self.daily_spin.setRange(1, MAX_KEEP_DAILY)
        self.weekly_spin = QSpinBox()
        self.weekly_spin.setRange(0, MAX_KEEP_WEEKLY)
        self.policy_button = QPushButton(self.tr("Save"))
        self.policy_button.clicked.connect(self.save_policy)
        form = QFormLayout(policy_box)
        form.addRow(self.enabled_box)
        form.addRow(self.tr("Daily backups to keep"), self.daily_spin)
        form.addRow(self.tr("Weekly backups to keep"), self.weekly_spin)
        form.addRow(self.policy_button)

        self.status = QLabel()
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.folder_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(policy_box)
        layout.addWidget(self.status)
        self.refresh()

    # reading -------------------------------------------------------------------------
    @Slot()
    def refresh(self) -> None:
        """List the backups (newest first) and show the stored policy."""
        self._backups = list_backups(self._db.path)
        folder = backups_dir(self._db.path)
        self.folder_label.setText(self.tr("Backups are kept in %1").replace("%1", str(folder)))
        self.table.setRowCount(len(self._backups))
        for row, backup in enumerate(self._backups):
            cells = (
                backup.made_at.strftime("%Y-%m-%d %H:%M:%S"),
                self.kind_text(backup.kind),
                human_size(backup.size),
                backup.path.name,
            )
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        # an empty list would shrink the columns below their own titles
        header = self.table.horizontalHeader()
        for col in range(self.table.columnCount() - 1):
            header.resizeSection(col, max(header.sectionSize(col), header.sectionSizeHint(col)))
        if self._backups:
            self.table.selectRow(0)
        with self._db.session() as s:
            policy = get_policy(s)
        self.enabled_box.setChecked(policy.enabled)
        self.daily_spin.setValue(policy.keep_daily)
        self.weekly_spin.setValue(policy.keep_weekly)
        read_only = self._db.read_only
        for widget in (self.enabled_box, self.daily_spin, self.weekly_spin, self.policy_button):
            widget.setEnabled(not read_only)
        self._update_buttons()

    def kind_text(self, kind: str) -> str:
        """Why a backup was made, as the list says it."""
        texts = {
            "daily": self.tr("Daily (automatic)"),
            "close": self.tr("On closing (automatic)"),
            "manual": self.tr("Made by you (kept)"),
            "before-restore": self.tr("Before a restore (kept)"),
            "before-undo": self.tr("Before an import undo (kept)"),
        }
        return texts.get(kind, kind)

    def backups(self) -> list[BackupInfo]:
        return list(self._backups)

    def selected_backup(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self._backups[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.selected_backup() is not None and not self._db.read_only)

    # actions ---------------------------------------------------------------------------
    @Slot()
    def back_up_now(self) -> None:
        """Make a verified backup now (in the background), then rotate and list again."""
        db = self._db
        self.backup_button.setEnabled(False)
        self.status.setText(self.tr("Backing up…"))

        def work() -> BackupInfo:
            made = make_backup(db.path)
            with db.session() as s:
                policy = get_policy(s)
            rotate(db.path, policy)
            return made

        def done(made: BackupInfo) -> None:
            self.backup_button.setEnabled(True)
            self.refresh()
            self.status.setText(
                self.tr("Backup made: %1 (%2).")
                .replace("%1", made.path.name)
                .replace("%2", human_size(made.size))
            )

        def failed(exc: BaseException) -> None:
            self.backup_button.setEnabled(True)
            self.status.clear()
            workers.show_error(self, exc)

        workers.run_task(work, on_done=done, on_error=failed, parent=self, title=self.tr("Backing up"))

    @Slot()
    def restore_selected(self) -> None:
        """After a confirmation, replace the database with the selected backup."""
        backup = self.selected_backup()
        if backup is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Restore backup"),
            self.tr(
                "Replace all current data with the backup made %1?\n\n"
                "Changes made since then are replaced. The current data is kept as a backup in this list."
            ).replace("%1", backup.made_at.strftime("%Y-%m-%d %H:%M")),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.restore(backup.path)

    def restore(self, backup: Path) -> None:
        """Restore `backup` in the write worker (its full check and copies take seconds on a
        large file: 5 s froze the window at 100,000 customers), then reopen the database in
        place; `restored` tells when it is done."""
        from crm_desktop.services.backup import restore_database

        workers.wait_all()  # nothing may still be reading or writing the file being replaced
        db = self._db
        db.engine.dispose()
        db.release_use_lock()  # this window no longer uses the file: it may be replaced
        self.restore_button.setEnabled(False)
        self.backup_button.setEnabled(False)

        def work() -> Path | None:
            return restore_database(backup, db.path)

        def done(kept: Path | None) -> None:
            reopen_in_place(db)
            log.warning("restored %s from %s; previous file kept as %s", db.path, backup, kept)
            self.backup_button.setEnabled(True)
            self.refresh()
            text = self.tr("Restored the backup %1.").replace("%1", backup.name)
            if kept is not None:
                text += " " + self.tr("The previous data is kept in %1.").replace("%1", str(kept))
            self.status.setText(text)
            self.restored.emit(str(backup))
            self.changed.emit()

        def failed(exc: BaseException) -> None:
            reopen_in_place(db)  # nothing was replaced: back to the file as it was
            self.backup_button.setEnabled(True)
            self._update_buttons()
            workers.show_error(self, exc)

        workers.run_task(
            work,
            on_done=done,
            on_error=failed,
            parent=self,
            write=True,
            title=self.tr("Restoring the backup…"),
        )

    @Slot()
    def open_folder(self) -> None:
        folder = backups_dir(self._db.path)
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    @Slot()
    def save_policy(self) -> None:
        try:
            with self._db.session() as s:
                set_policy(s, self.daily_spin.value(), self.weekly_spin.value(), self.enabled_box.isChecked())
        except CrmError as exc:
            workers.show_error(self, exc)
            return
        self.status.setText(self.tr("Saved. Rotation applies at the next backup."))


class BackupsDialog(QDialog):
    """The Backups page in a window of its own, opened from Settings."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Backups"))
        self.resize(720, 520)
        self.page = BackupsPage(db, self)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.page, 1)
        layout.addWidget(box)


class BackupsSection(QGroupBox):
    """The Backups box on the Settings page: one line and the button that opens Backups."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Backups"), parent)
        self._db = db
        self.button = QPushButton(self.tr("Backups…"))
        self.button.clicked.connect(self.open_backups)
        note = QLabel(self.tr("Automatic backups when CRM Desktop closes and once a day; restore one here."))
        note.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.addWidget(note, 1)
        layout.addWidget(self.button)

    @Slot()
    def open_backups(self) -> BackupsDialog:
        return open_backups(self._db, self)


def open_backups(db: Database, parent: QWidget | None = None) -> BackupsDialog:
    """Show the Backups dialog (window-modal, without blocking); a restore refreshes the window."""
    dialog = BackupsDialog(db, parent)
    window: Any = parent.window() if parent is not None else None
    refresh = getattr(window, "data_changed", None)
    if refresh is not None:
        dialog.page.changed.connect(refresh)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog
