"""What lets the main window move to another file or language while it runs.

`MainWindow` (ui/main_window.py) builds on `FileSwitchingWindow`: File → Open… hands it the
new file (`replace_database`), Settings or the first-start choice a language
(`switch_language`), and quitting closes the open forms first (`close_dialogs`). In every
case the pages are rebuilt in place, on the same page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Slot
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMainWindow, QWidget

from crm_desktop.ui import workers
from crm_desktop.ui.i18n import install_translators

if TYPE_CHECKING:
    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import QLineEdit, QListWidget, QStackedWidget

    from crm_desktop.db.engine import Database


class FileSwitchingWindow(QMainWindow):
    """The part of the main window that lets one file (or language) go and takes the next."""

    if TYPE_CHECKING:  # built by MainWindow
        db: Database
        start: Any
        backups: Any
        reminders: Any
        banner: QWidget | None
        pages: dict[str, QWidget]
        nav: QListWidget
        stack: QStackedWidget
        search_box: QLineEdit
        search_model: QStandardItemModel
        counts_label: QLabel
        _lang: str
        _quit_after_save: bool

        def set_database(self, db: Database, page: str = "") -> None: ...
        def current_page_key(self) -> str: ...
        def show_page(self, key: str) -> None: ...
        def refresh_counts(self) -> None: ...
        def _start_reminders(self) -> None: ...
        def _retranslate(self) -> None: ...
        def _show_title(self) -> None: ...

    def attach(self, start: Any) -> None:
        """Keep `start` (a safety.SafeStart: the lock and instance server of the file shown) and
        watch it: banners for a read-only or restored file, the daily backup."""
        from crm_desktop.ui import safety

        self.start = start
        self.backups = safety.watch(start, self)
        self._show_title()

    def replace_database(self, start: Any) -> None:
        """Show the database `start` opened, letting the current one go first (File → Open…)."""
        page = self.current_page_key()  # the same page, on the other file
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # the close backup takes a moment
        try:
            self.let_go_of_database()
        finally:
            QApplication.restoreOverrideCursor()
        self.set_database(start.db, page)
        self.attach(start)

    def let_go_of_database(self) -> None:
        """Close the file shown as on quit: its close backup, the database, then its lock.

        Work started on it ends first; the pages built on it go (they are rebuilt for the
        next file). The close backup is `safety.backup_on_close`, the same step as on quit.
        """
        from crm_desktop.ui import safety

        old_db, old_start = self.db, self.start
        if old_db is not None:
            self.settle_pages()
        self._drop_pages()
        self._stop_reminders()
        if self.backups is not None:
            self.backups.stop()
            self.backups.deleteLater()
            self.backups = None
        for name in ("read_only_banner", "restored_banner", "backup_failed_banner"):
            banner = self.findChild(QLabel, name)
            if banner is not None:
                banner.hide()
                banner.setParent(None)
                banner.deleteLater()
        self.search_box.clear()
        self.search_model.clear()
        self.counts_label.clear()  # the next file's counts come once it shows
        if old_db is None:
            return
        safety.backup_on_close(old_db)
        if old_start is not None:
            old_start.close()  # instance server, database, then the writer lock
        else:
            old_db.close()
        self.start = None
        self.db = cast("Database", None)

    def settle_pages(self) -> None:
        """Let background work end and its replies arrive (before a file or the pages go)."""
        workers.wait_all()
        QCoreApplication.processEvents()

    def _drop_pages(self) -> None:
        """Put placeholders back for every page built (they are rebuilt when shown again)."""
        customers = self.pages.get("customers")
        if customers is not None and hasattr(customers, "save_state"):
            customers.save_state()  # its columns and order, as on quit
        self.nav.blockSignals(True)
        for page in list(self.pages.values()):
            index = self.stack.indexOf(page)
            self.stack.insertWidget(index, QWidget())
            self.stack.removeWidget(page)
            page.hide()
            page.deleteLater()
        self.pages.clear()
        self.nav.setCurrentRow(-1)
        self.nav.blockSignals(False)

    def _stop_reminders(self) -> None:
        if self.reminders is not None:
            self.reminders.stop()
            self.reminders.deleteLater()
            self.reminders = None
        if self.banner is not None:
            self.banner.hide()
            self.banner.deleteLater()
            self.banner = None

    @Slot(str)
    def switch_language(self, lang: str) -> None:
        """Speak `lang` from now on, without a restart: Qt's and our translators are installed
        again and the window's texts, menus and pages rebuilt in place on the same file and page."""
        if lang == self._lang:
            return
        key = self.current_page_key()
        install_translators(lang)
        self._lang = lang
        self._retranslate()
        if self.db is None:
            return  # the frame at first start: no page yet
        self.settle_pages()
        self._drop_pages()
        self._stop_reminders()
        self.show_page(key or "customers")
        self.refresh_counts()
        QTimer.singleShot(0, self, self._start_reminders)

    def close_dialogs(self, *, quitting: bool = False) -> bool:
        """Close the open forms and dialogs; False when one stays open.

        A form with typing in it (customer, follow-up, deal, service record) asks first:
        Cancel keeps it (and the window) open. Save in a form that writes in the background
        keeps it open until the write is done; when `quitting`, the quit goes on then.
        """
        for dialog in self.findChildren(QDialog):
            if not dialog.isVisible():
                continue
            changed = getattr(dialog, "has_changes", lambda: False)()
            if changed:
                dialog.raise_()
            if dialog.close() or not dialog.isVisible():
                continue
            saving = getattr(dialog, "is_saving", lambda: False)()
            if quitting and saving and not self._quit_after_save:
                self._quit_after_save = True
                dialog.finished.connect(self._saved_then_quit, Qt.ConnectionType.SingleShotConnection)
                dialog.save_failed.connect(self._quit_called_off, Qt.ConnectionType.SingleShotConnection)  # type: ignore[attr-defined]
            return False
        return True

    @Slot()
    def _saved_then_quit(self) -> None:
        if self._quit_after_save:
            self._quit_after_save = False
            QTimer.singleShot(0, self, self.close)  # the form closed after its save: quit as asked

    @Slot()
    def _quit_called_off(self) -> None:
        self._quit_after_save = False  # the save failed: the form stays open with its error
