"""The app's dialogs, and the one question every form asks before it throws away what was typed."""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

Answer = Literal["save", "discard", "cancel"]


def ask_before_discarding(dialog: QWidget, text: str) -> Answer:
    """Ask Save / Discard / Cancel about a form with unsaved typing; `text` names what it holds.

    The dialog acts on the answer: "save" saves (and closes once saved), "discard" closes
    without writing, "cancel" (also Esc in the question) keeps the form open as it is.
    """
    button = QMessageBox.StandardButton
    answer = QMessageBox.question(
        dialog,
        QCoreApplication.translate("UnsavedChanges", "Unsaved changes"),
        text,
        button.Save | button.Discard | button.Cancel,
        button.Save,
    )
    if answer == button.Save:
        return "save"
    if answer == button.Discard:
        return "discard"
    return "cancel"
