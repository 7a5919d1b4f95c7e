"""The deal dialog: new deal, edit a deal, or a quick sale; with the deal's stage history.

Window-modal, opened with `open()`. Saving goes through the single write worker (the shared
accept flow of the follow-up dialogs): a new deal with `create_deal` (or `quick_sale`), an
existing one with `update_deal`, and a different stage with `move_deal` -- a won or lost
stage first asks for the reason, and Cancel there keeps the dialog open with nothing written.
A closed deal shows its stage read-only and offers Reopen. Closing the dialog with typing in
it asks Save / Discard / Cancel first (the follow-up dialogs' guard).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.db.engine import Database
from crm_desktop.ui.dialogs.close_deal import ask_reason
from crm_desktop.ui.dialogs.follow_up import _WriteDialog
from crm_desktop.ui.i18n import ui_lang
from crm_desktop.ui.widgets.customer_picker import CustomerPicker
from crm_desktop.ui.workers import run_task

TITLE_MAX = 200
AMOUNT_MAX = 999_999_999_999.0


def history_lines(rows: list[Any], lang: str) -> list[str]:
    """One line per stage change: when, from → to, note."""
    lines = []
    for r in rows:
        to_name = r.to_name_zh if lang == "zh" else r.to_name_en
        from_name = r.from_name_zh if lang == "zh" else r.from_name_en
        move = f"{from_name} → {to_name}" if r.from_stage_id is not None else f"→ {to_name}"
        parts = [r.at.strftime("%Y-%m-%d %H:%M"), move, r.note or ""]
        lines.append("  ".join(p for p in parts if p))
    return lines


class DealDialog(_WriteDialog):
    """Create or edit a deal (`deal_id`), or record a quick sale (`quick_sale=True`).

    `saved(deal_id)` after a write. The customer is fixed when `customer_id` is given or the
    deal exists; otherwise it is picked by search.
    """

    def __init__(
        self,
        db: Database,
        parent: QWidget | None = None,
        *,
        deal_id: int | None = None,
        customer_id: int | None = None,
        stage_id: int | None = None,
        quick_sale: bool = False,
    ) -> None:
        super().__init__(db, parent, None)
        self.deal_id = deal_id
        self.quick_sale = quick_sale and deal_id is None
        self._lang = ui_lang()
        self._reason: str | None = None
        self._status = "open"
        self._stage_id: int | None = None
        if self.quick_sale:
            from crm_desktop.services.vocabulary import vocabulary_of

            with db.session() as s:  # the button's words: a school's 登记缴费 opens 登记缴费
                self.setWindowTitle(vocabulary_of(s, self._lang).word("quick_sale").rstrip("…"))
        else:
            self.setWindowTitle(self.tr("Edit deal") if deal_id is not None else self.tr("New deal"))

        self.picker = CustomerPicker(db, self)
        self.title_edit = QLineEdit(self)
        self.title_edit.setMaxLength(TITLE_MAX)
        self.amount_spin = QDoubleSpinBox(self)
        self.amount_spin.setRange(0, AMOUNT_MAX)
        self.amount_spin.setDecimals(2)
        self.amount_spin.setGroupSeparatorShown(True)
        self.stage_combo = QComboBox(self)
        self.close_check = QCheckBox(self.tr("Expected close"), self)
        self.close_edit = QDateEdit(QDate.currentDate().addDays(30), self)
        self.close_edit.setDisplayFormat("yyyy-MM-dd")
        self.close_edit.setCalendarPopup(True)
        self.close_edit.setEnabled(False)
        self.close_check.toggled.connect(self.close_edit.setEnabled)
        self.products_edit = QPlainTextEdit(self)
        self.products_edit.setMaximumHeight(70)
        self.products_edit.setPlaceholderText(self.tr("Products or services, one a line"))
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setMaximumHeight(70)
        self.reason_edit = QLineEdit(self)
        self.reason_label = QLabel(self.tr("Reason"), self)
        self.reopen_button = QPushButton(self.tr("Reopen deal"), self)
        self.reopen_button.clicked.connect(self.reopen)
        self.history = QListWidget(self)
        self.history.setMaximumHeight(110)

        form = QFormLayout()
        form.addRow(self.tr("Customer"), self.picker)
        form.addRow(self.tr("Title"), self.title_edit)
        form.addRow(self.tr("Amount"), self.amount_spin)
        stage_row = QHBoxLayout()
        stage_row.addWidget(self.stage_combo, 1)
        stage_row.addWidget(self.reopen_button)
        self.stage_label = QLabel(self.tr("Stage"), self)
        form.addRow(self.stage_label, stage_row)
        form.addRow(self.reason_label, self.reason_edit)
        close_row = QHBoxLayout()
        close_row.addWidget(self.close_check)
        close_row.addWidget(self.close_edit, 1)
        form.addRow(close_row)
        form.addRow(self.tr("Products"), self.products_edit)
        form.addRow(self.tr("Notes"), self.notes_edit)
        self.history_label = QLabel(self.tr("Stage history"), self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.history_label)
        layout.addWidget(self.history)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

        self._load_stages(stage_id)
        if deal_id is not None:
            self._load()
        elif customer_id is not None:
            self.picker.set_customer(customer_id, fixed=True)
        if self.quick_sale:
            self.title_edit.setPlaceholderText(self.tr("Optional: named after the first product"))
            self.close_check.setChecked(False)
            hidden: tuple[QWidget, ...] = (
                self.stage_label,
                self.stage_combo,
                self.close_check,
                self.close_edit,
                self.notes_edit,
                self.history_label,
                self.history,
            )
            for widget in hidden:
                widget.hide()
            notes_label = form.labelForField(self.notes_edit)
            if notes_label is not None:
                notes_label.hide()
        if deal_id is None:
            self.history_label.hide()
            self.history.hide()
        self._sync_closed_widgets()
        self.stage_combo.currentIndexChanged.connect(self._sync_closed_widgets)
        if self.quick_sale:
            self.amount_spin.setFocus()
        else:
            (self.title_edit if customer_id is not None or deal_id is not None else self.picker).setFocus()
        self.resize(500, self.sizeHint().height())
        self.mark_pristine()

    # loading ---------------------------------------------------------------------------
    def _load_stages(self, stage_id: int | None) -> None:
        from crm_desktop.services.pipeline import list_stages

        with self._db.session() as s:
            stages = list_stages(s)
        self._outcomes = {st.id: st.outcome for st in stages}
        for st in stages:
            self.stage_combo.addItem(st.name(self._lang), st.id)
        first_open = next((st.id for st in stages if st.outcome == "open"), None)
        index = self.stage_combo.findData(stage_id if stage_id is not None else first_open)
        self.stage_combo.setCurrentIndex(max(index, 0))

    def _load(self) -> None:
        from crm_desktop.services.deal_lists import deal_history
        from crm_desktop.services.deals import get_deal

        assert self.deal_id is not None
        with self._db.session() as s:
            deal = get_deal(s, self.deal_id)
            values: dict[str, Any] = {
                "customer_id": deal.customer_id,
                "title": deal.title,
                "amount": float(deal.amount or 0),
                "stage_id": deal.stage_id,
                "status": deal.status,
                "expected_close": deal.expected_close,
                "products": deal.products or "",
                "notes": deal.notes or "",
                "reason": deal.close_reason or "",
            }
            history = deal_history(s, self.deal_id)
        self.picker.set_customer(values["customer_id"], fixed=True)
        self.title_edit.setText(values["title"])
        self.amount_spin.setValue(values["amount"])
        self._stage_id = values["stage_id"]
        self._status = values["status"]
        self.stage_combo.setCurrentIndex(max(self.stage_combo.findData(values["stage_id"]), 0))
        expected: date | None = values["expected_close"]
        self.close_check.setChecked(expected is not None)
        if expected is not None:
            self.close_edit.setDate(QDate(expected.year, expected.month, expected.day))
        self.products_edit.setPlainText(values["products"])
        self.notes_edit.setPlainText(values["notes"])
        self.reason_edit.setText(values["reason"])
        self.history.clear()
        self.history.addItems(history_lines(history, self._lang))
        self._sync_closed_widgets()

    def _sync_closed_widgets(self) -> None:
        closed = self._status != "open"
        self.stage_combo.setEnabled(not closed)
        self.reopen_button.setVisible(closed)
        # The reason belongs to a closed deal; a new one asks for it when its stage closes it.
        show_reason = closed and not self.quick_sale
        self.reason_edit.setVisible(show_reason)
        self.reason_label.setVisible(show_reason)

    # state -----------------------------------------------------------------------------
    def form_state(self) -> dict[str, Any]:
        return {
            "customer": self.picker.customer_id(),
            "title": self.title_edit.text(),
            "amount": self.amount_spin.value(),
            "stage": self.chosen_stage(),
            "close": self.close_check.isChecked(),
            "close_date": self.close_edit.date(),
            "products": self.products_edit.toPlainText(),
            "notes": self.notes_edit.toPlainText(),
            "reason": self.reason_edit.text(),
        }

    def unsaved_question(self) -> str:
        return self.tr("Save this deal before closing?")

    def _put_back(self, state: dict[str, Any]) -> None:
        """Refill the fields a reopen leaves alone (not the stage or reason) from `form_state()`."""
        self.title_edit.setText(state["title"])
        self.amount_spin.setValue(state["amount"])
        self.close_check.setChecked(state["close"])
        self.close_edit.setDate(state["close_date"])
        self.products_edit.setPlainText(state["products"])
        self.notes_edit.setPlainText(state["notes"])

    def chosen_stage(self) -> int | None:
        data = self.stage_combo.currentData()
        return int(data) if data is not None else None

    def history_texts(self) -> list[str]:
        return [self.history.item(i).text() for i in range(self.history.count())]

    def _closing_outcome(self) -> str | None:
        """'won'/'lost' when saving moves the deal into a closing stage, else None."""
        if self.quick_sale or self._status != "open":
            return None
        stage = self.chosen_stage()
        if stage is None or stage == self._stage_id:
            return None
        outcome = self._outcomes.get(stage, "open")
        return outcome if outcome != "open" else None

    # saving ----------------------------------------------------------------------------
    def validate(self) -> str:
        if self.picker.customer_id() is None:
            return self.tr("Choose a customer: type part of a name or phone and pick one.")
        if not self.quick_sale and not self.title_edit.text().strip():
            return self.tr("Give the deal a title, e.g. the product or the course.")
        if self.quick_sale and self.amount_spin.value() <= 0:
            return self.tr("Enter the amount of the sale.")
        return ""

    def accept(self) -> None:
        if self._busy:
            return
        problem = self.validate()
        self.show_error(problem)
        if problem:
            return
        outcome = self._closing_outcome()
        self._reason = None
        if outcome is not None:
            ok, reason = ask_reason(
                self._db, outcome == "won", self, deal_title=self.title_edit.text().strip()
            )
            if not ok:
                return  # the user changed their mind: nothing is written
            self._reason = reason
        super().accept()

    def make_job(self) -> Callable[[Database], int]:
        customer_id = self.picker.customer_id()
        assert customer_id is not None
        title = self.title_edit.text().strip()
        amount = self.amount_spin.value()
        qd = self.close_edit.date()
        expected = date(qd.year(), qd.month(), qd.day()) if self.close_check.isChecked() else None
        products = self.products_edit.toPlainText().strip() or None
        notes = self.notes_edit.toPlainText().strip() or None
        stage_id = self.chosen_stage()
        deal_id, quick, lang, reason = self.deal_id, self.quick_sale, self._lang, self._reason
        status, old_stage = self._status, self._stage_id
        close_reason = self.reason_edit.text().strip() or None

        def job(db: Database) -> int:
            from crm_desktop.services.deals import create_deal, move_deal, quick_sale, update_deal

            with db.session() as s:
                if quick:
                    return int(quick_sale(s, customer_id, amount, title or None, products, lang=lang).id)
                if deal_id is None:
                    deal = create_deal(
                        s,
                        customer_id,
                        title,
                        amount,
                        stage_id,
                        expected_close=expected,
                        products=products,
                        notes=notes,
                        reason=reason,
                    )
                    s.flush()
                    return int(deal.id)
                changes: dict[str, Any] = {
                    "title": title,
                    "amount": amount,
                    "expected_close": expected,
                    "products": products,
                    "notes": notes,
                }
                if status != "open":
                    changes["close_reason"] = close_reason
                update_deal(s, deal_id, changes)
                if status == "open" and stage_id is not None and stage_id != old_stage:
                    move_deal(s, deal_id, stage_id, reason=reason)
                return deal_id

        return job

    def reopen(self) -> None:
        """Reopen a won or lost deal into the open stage it was last in."""
        deal_id = self.deal_id
        if deal_id is None or self._busy:
            return

        db = self._db

        def job() -> int:
            from crm_desktop.services.deals import reopen_deal

            with db.session() as s:
                reopen_deal(s, deal_id)
            return deal_id

        def done(_: Any) -> None:
            typed = self.form_state() if self.has_changes() else None
            self._load()
            self.mark_pristine()
            if typed is not None:  # the reload must not wipe what was typed meanwhile
                self._put_back(typed)
            self.saved.emit(deal_id)

        run_task(job, on_done=done, on_error=self._failed, write=True)
