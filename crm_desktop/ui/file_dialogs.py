"""The app's file dialogs: Qt's own dialog, told never to read the files it lists.

Qt's file dialog finds each listed file's kind and icon from its MIME type, and where the
name does not settle it (`shop.db-wal`, `shop.db-shm`, often `shop.db`) it reads the file's
first bytes -- an open and a close inside our process. Closing ANY descriptor of a file
drops every POSIX lock the process holds on it, SQLite's included: after a save dialog had
shown the database's folder, the next command-line run believed it was the file's last user
and deleted the app's WAL (the new-user trial lost a customer that way;
tests/e2e/test_app_and_cli_share_a_file.py). So every dialog here uses `NamesOnlyIconProvider`,
which judges files by their names alone, and Qt's own dialog rather than the platform's
(GTK's and macOS's panels sniff contents too, out of our reach) -- except on Windows, whose
file locks belong to the handle that took them, so the native dialog is harmless there.

Call these instead of QFileDialog's static helpers (tests answer them through the `dialogs`
fixture).
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QFileInfo
from PySide6.QtGui import QAbstractFileIconProvider, QIcon
from PySide6.QtWidgets import QApplication, QFileDialog, QStyle, QWidget


class NamesOnlyIconProvider(QAbstractFileIconProvider):
    """Icons and kinds of files from their names and folders only: never opens a file."""

    def icon(self, info: QFileInfo | QAbstractFileIconProvider.IconType) -> QIcon:
        style = QApplication.style()
        if isinstance(info, QFileInfo) and not info.isDir():
            return style.standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        if (
            isinstance(info, QAbstractFileIconProvider.IconType)
            and info != QAbstractFileIconProvider.IconType.Folder
        ):
            return style.standardIcon(QStyle.StandardPixmap.SP_DriveHDIcon)
        return style.standardIcon(QStyle.StandardPixmap.SP_DirIcon)

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return QCoreApplication.translate("FileDialogs", "Folder")
        suffix = info.suffix()
        if not suffix:
            return QCoreApplication.translate("FileDialogs", "File")
        return QCoreApplication.translate("FileDialogs", "%1 file").replace("%1", suffix.upper())


_PROVIDER: NamesOnlyIconProvider | None = None


def new_dialog(parent: QWidget | None, caption: str, directory: str, filters: str) -> QFileDialog:
    """A file dialog that judges the files it lists by their names alone (see the module)."""
    global _PROVIDER
    if _PROVIDER is None:
        _PROVIDER = NamesOnlyIconProvider()
    dialog = QFileDialog(parent, caption, directory, filters)
    if sys.platform != "win32":
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setIconProvider(_PROVIDER)
    return dialog


def _run(dialog: QFileDialog) -> tuple[str, str]:
    if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return "", ""
    return dialog.selectedFiles()[0], dialog.selectedNameFilter()


def get_open_file_name(
    parent: QWidget | None, caption: str = "", directory: str = "", filters: str = ""
) -> tuple[str, str]:
    """(the file chosen to open, the filter chosen); ("", "") when cancelled."""
    dialog = new_dialog(parent, caption, directory, filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return _run(dialog)


def get_save_file_name(
    parent: QWidget | None,
    caption: str = "",
    directory: str = "",
    filters: str = "",
    options: QFileDialog.Option | None = None,
) -> tuple[str, str]:
    """(the file to save to, the filter chosen); ("", "") when cancelled. Qt asks before
    replacing an existing file unless `options` says DontConfirmOverwrite."""
    dialog = new_dialog(parent, caption, directory, filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    if options is not None:
        dialog.setOption(options, True)
    return _run(dialog)
