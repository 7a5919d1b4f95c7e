"""File → New database…, Open database…, Recent files: the window moves to another file.

Opening goes through the same checks as a start (`safety.open_safely`: the writer lock, a
busy, damaged, newer or foreign file, a read-only medium). A file that cannot be opened is
refused with one message and the current file stays open, untouched. Only once the new file
is open (and, when it is new, set up at the first-start choice) does the window let the old
one go: its close backup runs as on quit, the database is closed and its writer lock released
(`MainWindow.replace_database`).
"""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from crm_desktop.ui import file_dialogs
from crm_desktop.ui.recent_files import (
    add_recent,
    clear_recent,
    recent_files,
    remember_folder,
    remove_recent,
    start_folder,
)

DB_SUFFIX = ".db"


def _same(a: Path, b: Path) -> bool:
    a, b = a.expanduser().resolve(), b.expanduser().resolve()
    if a == b:
        return True
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return False


def open_file(window: Any, path: str | Path, *, create: bool = False) -> bool:
    """Show the database at `path` in `window`; False when it stayed on the current file.

    `create` makes a new file there (File → New database…); otherwise a missing file is
    refused. Every refusal has been told to the user when this returns False.
    """
    from crm_desktop.ui import safety
    from crm_desktop.ui.i18n import ui_lang

    path = Path(path).expanduser().resolve()
    current = getattr(window, "db", None)
    if current is not None and _same(Path(current.path), path):
        window.statusBar().showMessage(
            QCoreApplication.translate("FileActions", "This file is already open."), 5000
        )
        return True
    if not create and not path.exists():
        QMessageBox.warning(
            window,
            QCoreApplication.translate("FileActions", "Open database"),
            QCoreApplication.translate(
                "FileActions",
                "{path} is no longer there (moved, renamed or deleted); it was taken off the list.",
            ).format(path=path),
        )
        remove_recent(path)
        return False
    if create and path.exists():
        QMessageBox.warning(
            window,
            QCoreApplication.translate("FileActions", "New database"),
            QCoreApplication.translate(
                "FileActions",
                "A file named {name} already exists there. Choose another name, or open it with Open database…",
            ).format(name=path.name),
        )
        return False
    if not window.close_dialogs():
        return False  # a form with typing in it stayed open (Cancel, or its save is running)
    window.settle_pages()  # work the pages started on the old file ends before the switch

    def opener(target: Path, adopt_empty: bool = False) -> Any:
        from crm_desktop.db.engine import open_database

        return open_database(target, create=create, adopt_empty=adopt_empty)

    try:
        start = safety.open_safely(path, window, ui_lang(), opener)
    except safety.StartStopped:
        return False
    try:
        ready = set_up_new_file(window, start)
    except BaseException:
        start.close()
        raise
    if not ready:
        start.close()
        if create:
            _remove_new_file(path)
        return False
    window.replace_database(start)
    add_recent(path)
    return True


def set_up_new_file(window: Any, start: Any) -> bool:
    """The first-start choice for a database never set up; False when the user cancelled it."""
    from crm_desktop.ui.first_start import FirstStartDialog, needs_first_start

    if start.db.read_only or not needs_first_start(start.db):
        return True
    dialog = FirstStartDialog(start.db, window)
    switch = getattr(window, "switch_language", None)
    if switch is not None:
        dialog.language_chosen.connect(switch)
    try:
        return bool(dialog.exec())
    finally:
        dialog.deleteLater()


def _remove_new_file(path: Path) -> None:
    """Take back a file New database… made a moment ago (closed, never set up, no data)."""
    for name in (str(path), f"{path}-wal", f"{path}-shm"):
        with suppress(FileNotFoundError):
            Path(name).unlink()


class FileActions(QObject):
    """New database…, Open database… and the Recent files menu of the main window."""

    def __init__(self, window: QWidget, menu: QMenu) -> None:
        super().__init__(window)
        self.window = window
        self.new_db_action = QAction(self.tr("New &database…"), window)
        self.new_db_action.triggered.connect(self.choose_new)
        self.open_db_action = QAction(self.tr("&Open database…"), window)
        self.open_db_action.setShortcut("Ctrl+O")
        self.open_db_action.triggered.connect(self.choose_open)
        self.recent_menu = QMenu(self.tr("&Recent files"), menu)
        self.recent_menu.setObjectName("recent_menu")
        self.recent_menu.aboutToShow.connect(self.fill_recent)
        menu.addAction(self.new_db_action)
        menu.addAction(self.open_db_action)
        menu.addMenu(self.recent_menu)  # filled when it opens: no disk access at start-up

    def _filter(self) -> str:
        return self.tr("CRM Desktop databases (*.db *.sqlite *.crmdb);;All files (*)")

    @Slot()
    def choose_new(self) -> bool:
        """Ask where the new file goes, make it and show the first-start choice for it."""
        path, _ = file_dialogs.get_save_file_name(
            self.window,
            self.tr("New database"),
            str(start_folder() / self.tr("customers.db")),
            self._filter(),
            options=QFileDialog.Option.DontConfirmOverwrite,  # an existing file is refused instead
        )
        if not path:
            return False
        chosen = Path(path)
        if not chosen.suffix:
            chosen = chosen.with_suffix(DB_SUFFIX)
        remember_folder(chosen)
        return open_file(self.window, chosen, create=True)

    @Slot()
    def choose_open(self) -> bool:
        path, _ = file_dialogs.get_open_file_name(
            self.window, self.tr("Open database"), str(start_folder()), self._filter()
        )
        if not path:
            return False
        remember_folder(path)
        return open_file(self.window, path)

    def open_recent(self, path: Path) -> bool:
        return open_file(self.window, path)  # one gone since the menu showed is told and dropped

    @Slot()
    def fill_recent(self) -> None:
        """List the recent files; one no longer there is shown greyed, with why."""
        self.recent_menu.clear()
        current = getattr(self.window, "db", None)
        shown = 0
        for number, path in enumerate(recent_files(), start=1):
            shown_name = f"{path.name}  —  {path.parent}".replace("&", "&&")  # "&" is not a shortcut
            action = self.recent_menu.addAction(f"&{number}  {shown_name}")
            action.setData(str(path))
            if not path.exists():
                action.setEnabled(False)
                action.setText(action.text() + "  " + self.tr("(not found)"))
            elif current is not None and _same(Path(current.path), path):
                action.setCheckable(True)
                action.setChecked(True)
            action.triggered.connect(lambda _=False, p=path: self.open_recent(p))
            shown += 1
        if not shown:
            empty = self.recent_menu.addAction(self.tr("No recent files"))
            empty.setEnabled(False)
            return
        self.recent_menu.addSeparator()
        clear = self.recent_menu.addAction(self.tr("Clear the list"))
        clear.triggered.connect(self._clear)

    def recent_entries(self) -> list[tuple[str, bool]]:
        """(text, enabled) of the Recent files menu as it shows now (tests, screenshots)."""
        self.fill_recent()
        return [(a.text(), a.isEnabled()) for a in self.recent_menu.actions() if a.data()]

    def _clear(self) -> None:
        clear_recent()
        self.fill_recent()
