"""Help → Help and Help → About: where the data is, the version, and the essentials of the
README told to a shop owner (no command-line flags: the window never speaks of them)."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QUrl, Slot
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMenu,
    QMessageBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)


def app_version() -> str:
    import crm_desktop

    return str(crm_desktop.__version__)


class HelpDialog(QDialog):
    """The data file and its backups (with buttons to show the folders), the version, and how
    the app is used day to day."""

    def __init__(self, db_path: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from crm_desktop.services.autobackup import backups_dir

        self.setWindowTitle(self.tr("CRM Desktop help"))
        self.db_path = db_path
        self.backups = backups_dir(db_path) if db_path is not None else None
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(False)
        self.text.setHtml(self.body())
        self.text.setMinimumSize(560, 420)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.folder_button = QPushButton(self.tr("Show the data folder"))
        self.folder_button.clicked.connect(self.show_data_folder)
        self.folder_button.setEnabled(db_path is not None)
        buttons.addButton(self.folder_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)

    def body(self) -> str:
        e = html.escape
        where = e(str(self.db_path)) if self.db_path is not None else e(self.tr("(no file open)"))
        backups = e(str(self.backups)) if self.backups is not None else "—"
        items = [
            self.tr("Everything (customers, follow-ups, sales, service records, settings) is in one file."),
            self.tr(
                "A backup is made automatically when you close the app and once a day while it runs; "
                "each is checked and old ones are rotated. Settings → Backups lists them and restores one."
            ),
            self.tr(
                "To move to another computer, copy the data file (with the app closed), or make a backup "
                "in Settings → Backups and open that copy there with File → Open database…"
            ),
            self.tr(
                "File → Import brings customers in from Excel or CSV with a preview; "
                "File → Imports lists every import and undoes one."
            ),
            self.tr("File → New database… starts a clean file (for example after trying the demo data)."),
            self.tr("Customers put in the trash can be restored from the Trash page."),
            self.tr("Find a customer from any page with Ctrl+K: a name, a phone number, or pinyin initials."),
            self.tr("Reports print lists, profiles and sales figures as PDF."),
        ]
        name, data_file = self.tr("CRM Desktop"), self.tr("Data file:")
        backups_label, good_to_know = self.tr("Backups:"), self.tr("Good to know")
        return (
            f"<h3>{e(name)} {e(app_version())}</h3>"
            f"<p><b>{e(data_file)}</b><br>{where}</p>"
            f"<p><b>{e(backups_label)}</b><br>{backups}</p>"
            f"<h4>{e(good_to_know)}</h4><ul>" + "".join(f"<li>{e(item)}</li>" for item in items) + "</ul>"
        )

    @Slot()
    def show_data_folder(self) -> None:
        if self.db_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.db_path.parent)))


def about_text() -> str:
    from PySide6 import __version__ as pyside_version

    e = html.escape
    name = QCoreApplication.translate("Help", "CRM Desktop")
    what = QCoreApplication.translate(
        "Help",
        "An offline CRM for small businesses: customers, follow-ups, sales and service in one local file.",
    )
    private = QCoreApplication.translate("Help", "Your data stays on this computer.")
    return (
        f"<h3>{e(name)} {e(app_version())}</h3><p>{e(what)}</p><p>{e(private)}</p>"
        f"<p>Python · Qt {e(pyside_version)} · SQLite</p>"
    )


def add_help_menu(window: Any) -> QMenu:
    """The Help menu of the main window: Help… (F1) and About."""
    menu: QMenu = window.menuBar().addMenu(QCoreApplication.translate("Help", "&Help"))
    help_action = QAction(QCoreApplication.translate("Help", "CRM Desktop &help…"), window)
    help_action.setShortcut("F1")
    about_action = QAction(QCoreApplication.translate("Help", "&About CRM Desktop"), window)
    about_action.setMenuRole(QAction.MenuRole.AboutRole)

    def show_help() -> None:
        db = getattr(window, "db", None)
        dialog = HelpDialog(Path(db.path) if db is not None else None, window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.help_dialog = dialog
        dialog.open()

    def show_about() -> None:
        QMessageBox.about(window, QCoreApplication.translate("Help", "About CRM Desktop"), about_text())

    help_action.triggered.connect(show_help)
    about_action.triggered.connect(show_about)
    menu.addAction(help_action)
    menu.addAction(about_action)
    window.help_action, window.about_action = help_action, about_action
    return menu
