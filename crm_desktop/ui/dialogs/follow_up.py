"""Follow-up dialogs: plan a follow-up, and complete one with its outcome while planning the next.

Both are window-modal, opened with `open()`. `accept()` checks the form first (a problem shows
in red under the form and the dialog stays open), then writes through the single write worker
and closes; `saved(follow_up_id)` tells the page. Esc, Cancel or the close button closes an
untouched form at once; with typing in it they ask Save / Discard / Cancel first, and Save
starts the same write (the dialog closes when it is done).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.db.engine import Database
from crm_desktop.errors import CrmError
from crm_desktop.ui.dialogs import ask_before_discarding
from crm_desktop.ui.i18n import ui_lang
from crm_desktop.ui.models.follow_ups import (
    default_due,
    follow_up_kinds,
    format_when,
    from_qdatetime,
    to_qdatetime,
)
from crm_desktop.ui.widgets.customer_picker import CustomerPicker
from crm_desktop.ui.workers import run_task, show_error

DATETIME_FORMAT = "yyyy-MM-dd HH:mm"
SUBJECT_MAX = 200


def _datetime_edit(parent: QWidget, value: datetime) -> QDateTimeEdit:
    edit = QDateTimeEdit(to_qdatetime(value), parent)
    edit.setDisplayFormat(DATETIME_FORMAT)
    edit.setCalendarPopup(True)
    return edit


def _kind_combo(parent: QWidget, db: Database, current: str | None = None) -> QComboBox:
    combo = QComboBox(parent)
    with db.session() as s:
        kinds = follow_up_kinds(s, ui_lang())
    for code, label in kinds:
        combo.addItem(label, code)
    if current is not None:
        index = combo.findData(current)
        if index < 0:  # a kind removed from the list since: keep it selectable
            combo.addItem(current, current)
            index = combo.count() - 1
        combo.setCurrentIndex(index)
    return combo


def _error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setStyleSheet("color: #c0392b;")
    label.setWordWrap(True)
    label.hide()
    return label


class _WriteDialog(QDialog):
    """Shared accept flow: validate, write in the worker, close on success, show errors.

    And the shared guard: a subclass calls `mark_pristine()` once its form is filled; closing
    the form with anything else in it (`form_state()` differs) asks before discarding.
    """

    saved = Signal(int)
    save_failed = Signal()  # the write was refused: the form stays open with the reason

    def __init__(self, db: Database, parent: QWidget | None, now: datetime | None) -> None:
        super().__init__(parent)
        self._db = db
        self._now = now
        self._busy = False
        self._pristine: object = None
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.error_label = _error_label(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def now(self) -> datetime:
        return self._now or datetime.now().replace(second=0, microsecond=0)

    def error(self) -> str:
        """The problem shown under the form, or "" when there is none."""
        return self.error_label.text() if not self.error_label.isHidden() else ""

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def validate(self) -> str:
        """The first problem with the form, or "" when it can be saved."""
        return ""

    def form_state(self) -> object:
        """What the form holds now, comparable with `==` (None: nothing worth guarding)."""
        return None

    def unsaved_question(self) -> str:
        """The question asked when the form is closed with unsaved typing."""
        raise NotImplementedError

    def mark_pristine(self) -> None:
        """Remember the form as it is now: closing it unchanged asks nothing."""
        self._pristine = self.form_state()

    def has_changes(self) -> bool:
        """True when the form holds something typed since it was filled."""
        return self.form_state() != self._pristine

    def is_saving(self) -> bool:
        """True while the write started by OK (or Save in the question) is on its way."""
        return self._busy

    def make_job(self) -> Callable[[Database], int]:
        """The save as a function of the database only (it runs in the write worker, where
        widgets must not be touched); it returns the follow-up id to report."""
        raise NotImplementedError

    def accept(self) -> None:
        if self._busy:
            return
        problem = self.validate()
        self.show_error(problem)
        if problem:
            return
        self._busy = True
        self.buttons.setEnabled(False)
        job = self.make_job()
        db = self._db
        run_task(lambda: job(db), on_done=self._written, on_error=self._failed, write=True)

    def reject(self) -> None:
        """Cancel, Esc or the close button: never throw away what the user typed unasked."""
        if self._busy:  # Esc while the save is on its way would lose the reply
            return
        if self.isVisible() and self.has_changes():
            answer = ask_before_discarding(self, self.unsaved_question())
            if answer == "save":
                self.accept()  # writes in the worker and closes when done; a problem keeps it open
                return
            if answer == "cancel":
                return
        super().reject()

    def _written(self, follow_up_id: Any) -> None:
        self._busy = False
        self.buttons.setEnabled(True)
        self.saved.emit(int(follow_up_id))
        super().accept()

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.buttons.setEnabled(True)
        self.save_failed.emit()
        if isinstance(exc, CrmError):
            self.show_error(exc.message(ui_lang()))
        else:
            show_error(self, exc)


class FollowUpDialog(_WriteDialog):
    """Plan a new follow-up, or edit one (`follow_up_id`): customer, kind, due time, subject, notes.

    The customer is picked by search unless `customer_id` is given (or the follow-up exists).
    """

    def __init__(
        self,
        db: Database,
        parent: QWidget | None = None,
        *,
        customer_id: int | None = None,
        follow_up_id: int | None = None,
        due_at: datetime | None = None,
        now: datetime | None = None,
    ) -> None:
        super().__init__(db, parent, now)
        self.follow_up_id = follow_up_id
        current: dict[str, Any] = {}
        if follow_up_id is not None:
            from crm_desktop.services.follow_ups import get_follow_up

            with db.session() as s:
                fu = get_follow_up(s, follow_up_id)
                current = {
                    "customer_id": fu.customer_id,
                    "kind": fu.kind,
                    "due_at": fu.due_at,
                    "subject": fu.subject,
                    "notes": fu.notes or "",
                }
            customer_id = current["customer_id"]
            due_at = current["due_at"]
        self._planned_due = due_at
        self.setWindowTitle(
            self.tr("Edit follow-up") if follow_up_id is not None else self.tr("New follow-up")
        )
        self.picker = CustomerPicker(db, self)
        if customer_id is not None:
            self.picker.set_customer(customer_id, fixed=True)
        self.kind_combo = _kind_combo(self, db, current.get("kind"))
        self.due_edit = _datetime_edit(self, due_at or default_due(self.now()))
        self.subject_edit = QLineEdit(current.get("subject", ""), self)
        self.subject_edit.setMaxLength(SUBJECT_MAX)
        self.subject_edit.setPlaceholderText(self.tr("What is it about, e.g. offer the new season"))
        self.notes_edit = QPlainTextEdit(current.get("notes", ""), self)
        self.notes_edit.setMaximumHeight(80)

        form = QFormLayout()
        form.addRow(self.tr("Customer"), self.picker)
        form.addRow(self.tr("Kind"), self.kind_combo)
        form.addRow(self.tr("Due"), self.due_edit)
        form.addRow(self.tr("Subject"), self.subject_edit)
        form.addRow(self.tr("Notes"), self.notes_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        (self.subject_edit if customer_id is not None else self.picker).setFocus()
        self.resize(480, self.sizeHint().height())
        self.mark_pristine()

    def form_state(self) -> object:
        return (
            self.picker.customer_id(),
            self.kind_combo.currentData(),
            self.due_edit.dateTime(),
            self.subject_edit.text(),
            self.notes_edit.toPlainText(),
        )

    def unsaved_question(self) -> str:
        return self.tr("Save this follow-up before closing?")

    def validate(self) -> str:
        if self.picker.customer_id() is None:
            return self.tr("Choose a customer: type part of a name or phone and pick one.")
        if self.kind_combo.currentData() is None:
            return self.tr("Choose a kind of follow-up.")
        due = from_qdatetime(self.due_edit.dateTime())
        moved = self.follow_up_id is None or due != self._planned_due  # an old due time may stay
        if moved and due < datetime.combine(self.now().date(), time()):
            return self.tr("The due time is in the past. Pick a time from today on.")
        return ""

    def make_job(self) -> Callable[[Database], int]:
        customer_id = self.picker.customer_id()
        assert customer_id is not None
        due_at: datetime = from_qdatetime(self.due_edit.dateTime())
        kind = str(self.kind_combo.currentData())
        subject = self.subject_edit.text().strip()
        notes = self.notes_edit.toPlainText().strip() or None
        follow_up_id = self.follow_up_id

        def job(db: Database) -> int:
            from crm_desktop.services.follow_ups import plan_follow_up, update_follow_up

            with db.session() as s:
                if follow_up_id is not None:
                    changes = {"kind": kind, "due_at": due_at, "subject": subject, "notes": notes}
                    return int(update_follow_up(s, follow_up_id, changes).id)
                follow_up = plan_follow_up(s, customer_id, due_at, kind=kind, subject=subject, notes=notes)
                return int(follow_up.id)

        return job


class CompleteFollowUpDialog(_WriteDialog):
    """Mark a follow-up done with its outcome and, in the same step, plan the next one."""

    def __init__(
        self, db: Database, row: Any, parent: QWidget | None = None, *, now: datetime | None = None
    ) -> None:
        """`row` is a follow-up list row (id, customer_name, kind, subject, due_at ...)."""
        super().__init__(db, parent, now)
        self.row = row
        self.setWindowTitle(self.tr("Complete follow-up"))
        with db.session() as s:
            kinds = dict(follow_up_kinds(s, ui_lang()))
        summary = QLabel(self)
        summary.setWordWrap(True)
        summary.setText(
            "<b>{}</b> · {} · {}<br>{}".format(
                _html(row.customer_name),
                _html(kinds.get(row.kind, row.kind)),
                _html(format_when(row.due_at, self.now().date())),
                _html(row.subject or ""),
            )
        )
        self.outcome_edit = QPlainTextEdit(self)
        self.outcome_edit.setPlaceholderText(
            self.tr("What came of it, e.g. interested, call back after payday")
        )
        self.outcome_edit.setMaximumHeight(100)

        self.next_box = QGroupBox(self.tr("Plan the next follow-up"), self)
        self.next_box.setCheckable(True)
        self.next_box.setChecked(True)
        self.next_kind_combo = _kind_combo(self.next_box, db, row.kind)
        self.next_due_edit = _datetime_edit(self.next_box, default_due(self.now() + timedelta(days=6)))
        self.next_subject_edit = QLineEdit(row.subject or "", self.next_box)
        self.next_subject_edit.setMaxLength(SUBJECT_MAX)
        next_form = QFormLayout(self.next_box)
        next_form.addRow(self.tr("Kind"), self.next_kind_combo)
        next_form.addRow(self.tr("Due"), self.next_due_edit)
        next_form.addRow(self.tr("Subject"), self.next_subject_edit)

        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(QLabel(self.tr("Outcome"), self))
        layout.addWidget(self.outcome_edit)
        layout.addWidget(self.next_box)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.outcome_edit.setFocus()
        self.resize(480, self.sizeHint().height())
        self.mark_pristine()

    def plans_next(self) -> bool:
        return self.next_box.isChecked()

    def form_state(self) -> object:
        return (
            self.outcome_edit.toPlainText(),
            self.plans_next(),
            self.next_kind_combo.currentData(),
            self.next_due_edit.dateTime(),
            self.next_subject_edit.text(),
        )

    def unsaved_question(self) -> str:
        return self.tr("Save this follow-up before closing?")

    def validate(self) -> str:
        if not self.outcome_edit.toPlainText().strip():
            return self.tr("Write down the outcome: what came of this follow-up.")
        if self.plans_next() and from_qdatetime(self.next_due_edit.dateTime()) <= self.now():
            return self.tr("The next follow-up must be due later than now.")
        return ""

    def make_job(self) -> Callable[[Database], int]:
        follow_up_id = int(self.row.id)
        outcome = self.outcome_edit.toPlainText().strip()
        kwargs: dict[str, Any] = {"done_at": self.now()}
        if self.plans_next():
            kwargs.update(
                next_due_at=from_qdatetime(self.next_due_edit.dateTime()),
                next_kind=str(self.next_kind_combo.currentData()),
                next_subject=self.next_subject_edit.text().strip(),
            )

        def job(db: Database) -> int:
            from crm_desktop.services.follow_ups import complete_follow_up

            with db.session() as s:
                done, nxt = complete_follow_up(s, follow_up_id, outcome, **kwargs)
                return int(nxt.id if nxt is not None else done.id)

        return job


class SnoozeDialog(QDialog):
    """Pick the date and time a snoozed follow-up falls due again (later than now)."""

    def __init__(
        self, due_at: datetime, parent: QWidget | None = None, *, now: datetime | None = None
    ) -> None:
        super().__init__(parent)
        self._now = now
        self.setWindowTitle(self.tr("Snooze until"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(300)
        self.until_edit = _datetime_edit(self, due_at)
        self.error_label = _error_label(self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Remind me again on"), self))
        layout.addWidget(self.until_edit)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def until(self) -> datetime:
        return from_qdatetime(self.until_edit.dateTime())

    def error(self) -> str:
        return self.error_label.text() if not self.error_label.isHidden() else ""

    def accept(self) -> None:
        now = self._now or datetime.now()
        if self.until() <= now:
            self.error_label.setText(self.tr("Pick a time later than now."))
            self.error_label.show()
            return
        super().accept()


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
