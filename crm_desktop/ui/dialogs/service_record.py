"""The service record dialog: log a record, update it, move its status, resolve it with a score.

Window-modal, opened with `open()`; saving runs in the single write worker (the shared accept
flow of the follow-up dialogs) and emits `saved(record_id)`. Choosing Resolved (or opening the
dialog with `resolve=True`) asks for what was done and the customer's satisfaction 1-5; a
resolution is required, the score may stay "not rated" when the customer gave none. Closing
the dialog with typing in it asks Save / Discard / Cancel first (the follow-up dialogs' guard).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.db.engine import Database
from crm_desktop.services.service_records import OPEN_STATUSES, STATUSES
from crm_desktop.ui.dialogs.follow_up import _WriteDialog
from crm_desktop.ui.i18n import ui_lang
from crm_desktop.ui.models.deals import kind_options
from crm_desktop.ui.models.service_records import stars, status_names
from crm_desktop.ui.widgets.customer_picker import CustomerPicker

SUBJECT_MAX = 200


class ServiceRecordDialog(_WriteDialog):
    """Log a new service record, or edit one (`record_id`); `resolve=True` starts at Resolved."""

    def __init__(
        self,
        db: Database,
        parent: QWidget | None = None,
        *,
        record_id: int | None = None,
        customer_id: int | None = None,
        resolve: bool = False,
    ) -> None:
        super().__init__(db, parent, None)
        self.record_id = record_id
        self._lang = ui_lang()
        self._status = "open"
        current: dict[str, Any] = {}
        with db.session() as s:
            kinds = kind_options(s, "service", self._lang)
            if record_id is not None:
                from crm_desktop.services.service_records import get_service_record

                rec = get_service_record(s, record_id)
                current = {
                    "customer_id": rec.customer_id,
                    "kind": rec.kind,
                    "subject": rec.subject,
                    "description": rec.description or "",
                    "status": rec.status,
                    "resolution": rec.resolution or "",
                    "satisfaction": rec.satisfaction,
                }
                customer_id = rec.customer_id
                self._status = rec.status
        self.setWindowTitle(
            self.tr("Service record") if record_id is not None else self.tr("New service record")
        )
        self.picker = CustomerPicker(db, self)
        if customer_id is not None:
            self.picker.set_customer(customer_id, fixed=True)
        self.kind_combo = QComboBox(self)
        for code, name in kinds:
            self.kind_combo.addItem(name, code)
        if current.get("kind") is not None:
            index = self.kind_combo.findData(current["kind"])
            if index < 0:  # a kind removed from the list since: keep it
                self.kind_combo.addItem(current["kind"], current["kind"])
                index = self.kind_combo.count() - 1
            self.kind_combo.setCurrentIndex(index)
        self.subject_edit = QLineEdit(current.get("subject", ""), self)
        self.subject_edit.setMaxLength(SUBJECT_MAX)
        self.subject_edit.setPlaceholderText(self.tr("What is it about, e.g. zip of the coat broken"))
        self.description_edit = QPlainTextEdit(current.get("description", ""), self)
        self.description_edit.setMaximumHeight(90)
        self.status_combo = QComboBox(self)
        names = status_names()
        for code in STATUSES:
            self.status_combo.addItem(names[code], code)
        self.status_combo.setCurrentIndex(self.status_combo.findData(self._status))

        self.resolve_box = QGroupBox(self.tr("Resolution"), self)
        self.resolution_edit = QPlainTextEdit(current.get("resolution", ""), self.resolve_box)
        self.resolution_edit.setMaximumHeight(80)
        self.resolution_edit.setPlaceholderText(self.tr("What was done, e.g. zip replaced free of charge"))
        self.satisfaction_combo = QComboBox(self.resolve_box)
        self.satisfaction_combo.addItem(self.tr("Not rated"), None)
        for score in range(1, 6):
            self.satisfaction_combo.addItem(f"{score}  {stars(score)}", score)
        self.satisfaction_combo.setCurrentIndex(
            max(self.satisfaction_combo.findData(current.get("satisfaction")), 0)
        )
        resolve_form = QFormLayout(self.resolve_box)
        resolve_form.addRow(self.tr("What was done"), self.resolution_edit)
        resolve_form.addRow(self.tr("Satisfaction (1-5)"), self.satisfaction_combo)

        form = QFormLayout()
        form.addRow(self.tr("Customer"), self.picker)
        form.addRow(self.tr("Kind"), self.kind_combo)
        form.addRow(self.tr("Subject"), self.subject_edit)
        form.addRow(self.tr("Description"), self.description_edit)
        form.addRow(self.tr("Status"), self.status_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.resolve_box)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        if record_id is None:
            self.status_combo.setEnabled(False)  # a new record starts open
        self.status_combo.currentIndexChanged.connect(self._sync)
        if resolve:
            self.set_status("resolved")
        self._sync()
        if resolve:
            self.resolution_edit.setFocus()
        else:
            (self.subject_edit if customer_id is not None else self.picker).setFocus()
        self.resize(500, self.sizeHint().height())
        self.mark_pristine()  # after `resolve=True` picked Resolved: that alone is not typing

    def status(self) -> str:
        return str(self.status_combo.currentData())

    def set_status(self, status: str) -> None:
        self.status_combo.setCurrentIndex(self.status_combo.findData(status))

    def set_satisfaction(self, score: int | None) -> None:
        self.satisfaction_combo.setCurrentIndex(max(self.satisfaction_combo.findData(score), 0))

    def form_state(self) -> object:
        return (
            self.picker.customer_id(),
            self.kind_combo.currentData(),
            self.subject_edit.text(),
            self.description_edit.toPlainText(),
            self.status(),
            self.resolution_edit.toPlainText(),
            self.satisfaction_combo.currentData(),
        )

    def unsaved_question(self) -> str:
        return self.tr("Save this service record before closing?")

    def _sync(self) -> None:
        self.resolve_box.setVisible(self.status() not in OPEN_STATUSES)

    def validate(self) -> str:
        if self.picker.customer_id() is None:
            return self.tr("Choose a customer: type part of a name or phone and pick one.")
        if self.kind_combo.currentData() is None:
            return self.tr("Choose the kind of service.")
        if not self.subject_edit.text().strip():
            return self.tr("Write a subject: what the customer needs.")
        if self.status() == "resolved" and not self.resolution_edit.toPlainText().strip():
            return self.tr("Write down the resolution: what was done for the customer.")
        return ""

    def make_job(self) -> Callable[[Database], int]:
        customer_id = self.picker.customer_id()
        assert customer_id is not None
        kind = str(self.kind_combo.currentData())
        subject = self.subject_edit.text().strip()
        description = self.description_edit.toPlainText().strip() or None
        status, old_status = self.status(), self._status
        resolution = self.resolution_edit.toPlainText().strip() or None
        score = self.satisfaction_combo.currentData()
        record_id = self.record_id

        def job(db: Database) -> int:
            from crm_desktop.services import service_records as sr

            with db.session() as s:
                if record_id is None:
                    record = sr.open_service_record(s, customer_id, kind, subject, description)
                    s.flush()
                    return int(record.id)
                sr.update_service_record(
                    s, record_id, {"kind": kind, "subject": subject, "description": description}
                )
                if status == "resolved" and old_status != "resolved":
                    sr.resolve_service_record(s, record_id, resolution, score)
                elif status in OPEN_STATUSES and old_status not in OPEN_STATUSES:
                    sr.reopen_service_record(s, record_id)
                    if status != "open":
                        sr.set_service_status(s, record_id, status)
                else:
                    if status not in OPEN_STATUSES:
                        sr.update_service_record(
                            s, record_id, {"resolution": resolution, "satisfaction": score}
                        )
                    if status != old_status:
                        sr.set_service_status(s, record_id, status)
                return record_id

        return job
