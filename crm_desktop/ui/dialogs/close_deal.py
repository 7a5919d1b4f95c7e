"""Ask why a deal was won or lost: the business preset's reasons, or the user's own words.

The dialog only asks; the caller moves the deal with the answer (`reason()`), so Cancel
changes nothing. Cancel or Esc after a reason was typed or picked asks Save / Discard / Cancel
first: Save is OK (the deal moves with that reason), Discard is the plain Cancel.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from crm_desktop.db.engine import Database
from crm_desktop.ui.dialogs import ask_before_discarding
from crm_desktop.ui.i18n import ui_lang
from crm_desktop.ui.models.deals import kind_options

REASON_MAX = 500


class CloseDealDialog(QDialog):
    """Pick or type the reason a deal was won (`won=True`) or lost."""

    def __init__(
        self, db: Database, won: bool, parent: QWidget | None = None, *, deal_title: str = ""
    ) -> None:
        super().__init__(parent)
        self.won = won
        self.setWindowTitle(self.tr("Deal won") if won else self.tr("Deal lost"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        with db.session() as s:
            reasons = kind_options(s, "won_reason" if won else "lost_reason", ui_lang())
        question = (
            self.tr("Why was {0} won? Pick a reason or type your own.")
            if won
            else self.tr("Why was {0} lost? Pick a reason or type your own.")
        )
        label = QLabel(question.format(deal_title or self.tr("this deal")), self)
        label.setWordWrap(True)
        # Editable: the preset's reasons are suggestions, the user's own words are welcome.
        self.reason_combo = QComboBox(self)
        self.reason_combo.setEditable(True)
        self.reason_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for _code, name in reasons:
            self.reason_combo.addItem(name)
        self.reason_combo.setCurrentIndex(-1)
        line = self.reason_combo.lineEdit()
        if line is not None:
            line.setMaxLength(REASON_MAX)
            line.setPlaceholderText(self.tr("Reason (optional)"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.reason_combo)
        layout.addWidget(buttons)
        self.setMinimumWidth(360)
        self.reason_combo.setFocus()

    def reasons(self) -> list[str]:
        """The suggested reasons, in their configured order."""
        return [self.reason_combo.itemText(i) for i in range(self.reason_combo.count())]

    def set_reason(self, text: str) -> None:
        """Pick a suggested reason or type a free one."""
        self.reason_combo.setEditText(text)

    def reason(self) -> str | None:
        """The reason given, or None when the user left it empty."""
        return self.reason_combo.currentText().strip() or None

    def has_changes(self) -> bool:
        """True when a reason was typed or picked (the dialog opens with none)."""
        return self.reason() is not None

    def reject(self) -> None:
        """Cancel, Esc or the close button: a typed reason is not thrown away unasked."""
        if self.isVisible() and self.has_changes():
            answer = ask_before_discarding(self, self.tr("Save this reason before closing?"))
            if answer == "save":
                self.accept()
                return
            if answer == "cancel":
                return
        super().reject()


def ask_reason(
    db: Database, won: bool, parent: QWidget | None = None, *, deal_title: str = ""
) -> tuple[bool, str | None]:
    """Show the dialog modally: (True, reason) on OK, (False, None) on Cancel."""
    dialog = CloseDealDialog(db, won, parent, deal_title=deal_title)
    try:
        if int(dialog.exec()) != QDialog.DialogCode.Accepted.value:
            return False, None
        return True, dialog.reason()
    finally:
        dialog.deleteLater()
