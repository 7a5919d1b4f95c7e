"""The customer's timeline (newest first) with quick actions: follow-up, note, sale, service."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from crm_desktop.db.engine import Database
from crm_desktop.db.models import KindOption
from crm_desktop.errors import CrmError
from crm_desktop.services.vocabulary import Vocabulary, vocabulary_of
from crm_desktop.ui.i18n import ui_lang
from crm_desktop.ui.models.follow_ups import default_due, from_qdatetime, to_qdatetime

TIMELINE_LIMIT = 200
ACTIONS = ("follow_up", "note", "sale", "service")


def _kind_labels(vocab: Vocabulary | None = None) -> dict[str, str]:
    """What each kind of entry is called; with `vocab`, in the business's words (a shop's
    customer makes a purchase, a student pays; only an office wins deals)."""
    labels = {
        "customer_created": QCoreApplication.translate("TimelinePanel", "Customer added"),
        "follow_up_planned": QCoreApplication.translate("TimelinePanel", "Follow-up planned"),
        "follow_up_done": QCoreApplication.translate("TimelinePanel", "Follow-up done"),
        "deal_created": QCoreApplication.translate("TimelinePanel", "Deal"),
        "deal_stage": QCoreApplication.translate("TimelinePanel", "Deal stage"),
        "deal_won": QCoreApplication.translate("TimelinePanel", "Deal won"),
        "deal_lost": QCoreApplication.translate("TimelinePanel", "Deal lost"),
        "deal_history": QCoreApplication.translate("TimelinePanel", "Imported"),
        "service_opened": QCoreApplication.translate("TimelinePanel", "Service opened"),
        "service_resolved": QCoreApplication.translate("TimelinePanel", "Service resolved"),
        "note": QCoreApplication.translate("TimelinePanel", "Note"),
    }
    if vocab is not None:
        labels["deal_won"] = vocab.word("deal_won")
        labels["deal_created"] = vocab.word("deal")
        labels["deal_stage"] = vocab.word("deal_stage")
        labels["customer_created"] = vocab.word("new_customer")
    return labels


def describe_entry(entry: Any, labels: dict[str, str] | None = None) -> str:
    """One line for a timeline entry: when, what kind, title, detail."""
    labels = labels if labels is not None else _kind_labels()
    at = entry.at
    when = at.strftime("%Y-%m-%d %H:%M") if isinstance(at, datetime) else str(at or "")
    parts = [when, labels.get(entry.kind, entry.kind), entry.title, entry.detail]
    return "  ·  ".join(str(p) for p in parts if p)


class TimelinePanel(QWidget):
    """Shows what happened with one customer and adds to it in one step."""

    changed = Signal()

    def __init__(self, db: Database, customer_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._lang = ui_lang()
        self.customer_id = customer_id
        with db.session() as s:
            self.vocab = vocabulary_of(s, self._lang)

        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(self.open_entry)
        self.dialog: QWidget | None = None

        box = QGroupBox(self.tr("Quick action"))
        self.action = QComboBox()
        names = {
            "follow_up": self.tr("Plan a follow-up"),
            "note": self.tr("Add a note"),
            "sale": self.vocab.word("record_sale"),
            "service": self.tr("Log a service record"),
        }
        for code in ACTIONS:
            self.action.addItem(names[code], code)
        self.kind = QComboBox()
        self.text = QLineEdit()
        self.extra = QLineEdit()
        # a follow-up's due time is picked, not typed (a typed "明天 10:00" or "12/10" was refused)
        self.due = QDateTimeEdit()
        self.due.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.due.setCalendarPopup(True)
        self.extra_label = QLabel()
        self.text_label = QLabel()
        self.add_button = QPushButton(self.tr("Add"))
        self.add_button.clicked.connect(self.add)
        self.text.returnPressed.connect(self.add)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c0392b;")
        grid = QGridLayout(box)
        grid.addWidget(self.action, 0, 0, 1, 2)
        grid.addWidget(self.kind, 0, 2)
        grid.addWidget(self.text_label, 1, 0)
        grid.addWidget(self.text, 1, 1, 1, 2)
        grid.addWidget(self.extra_label, 2, 0)
        grid.addWidget(self.extra, 2, 1)
        grid.addWidget(self.due, 2, 1)
        grid.addWidget(self.add_button, 2, 2)
        grid.addWidget(self.message, 3, 0, 1, 3)
        self.action.currentIndexChanged.connect(self._action_changed)

        self.sale_button = QPushButton(self.vocab.word("quick_sale"))
        self.sale_button.clicked.connect(lambda: self.open_record_dialog("sale", None))
        self.deal_button = QPushButton(self.vocab.word("new_deal"))
        self.deal_button.clicked.connect(lambda: self.open_record_dialog("deal", None))
        self.service_button = QPushButton(self.tr("Service record…"))
        self.service_button.clicked.connect(lambda: self.open_record_dialog("service", None))
        head = QHBoxLayout()
        head.addWidget(QLabel(self.tr("Timeline")), 1)
        for button in (self.sale_button, self.deal_button, self.service_button):
            head.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.list, 1)
        layout.addWidget(box)
        self._kinds = self._load_kinds()
        self._action_changed()
        self.reload()

    def _load_kinds(self) -> dict[str, list[tuple[str, str]]]:
        with self._db.session() as s:
            rows = s.execute(
                select(KindOption.category, KindOption.code, KindOption.name_zh, KindOption.name_en)
                .where(KindOption.category.in_(("follow_up", "service")))
                .order_by(KindOption.category, KindOption.position)
            ).all()
        kinds: dict[str, list[tuple[str, str]]] = {"follow_up": [], "service": []}
        for category, code, zh, en in rows:
            kinds[category].append((code, zh if self._lang == "zh" else en))
        return kinds

    def _action_changed(self) -> None:
        code = self.action.currentData()
        self.kind.clear()
        for kind_code, name in self._kinds.get(code, []):
            self.kind.addItem(name, kind_code)
        self.kind.setVisible(code in ("follow_up", "service"))
        self.extra.clear()
        self.text.clear()
        self.message.clear()
        if code == "follow_up":
            self.text_label.setText(self.tr("Subject"))
            self.extra_label.setText(self.tr("Due"))
            self.due.setDateTime(to_qdatetime(default_due(datetime.now())))
        elif code == "note":
            self.text_label.setText(self.tr("Note"))
        elif code == "sale":
            self.text_label.setText(self.tr("What was sold"))
            self.extra_label.setText(self.tr("Amount"))
        else:
            self.text_label.setText(self.tr("Subject"))
        self.extra.setVisible(code == "sale")
        self.due.setVisible(code == "follow_up")
        self.extra_label.setVisible(code in ("follow_up", "sale"))

    def reload(self) -> None:
        """Re-read the newest timeline entries (bounded: the newest TIMELINE_LIMIT)."""
        from crm_desktop.services.timeline import customer_timeline

        with self._db.session() as s:
            entries = customer_timeline(s, self.customer_id, limit=TIMELINE_LIMIT, lang=self._lang)
        labels = _kind_labels(self.vocab)
        lines = [describe_entry(e, labels) for e in entries]
        self.list.clear()
        self.list.addItems(lines)
        # deals and service records open in their own dialogs (double-click or Enter)
        for row, entry in enumerate(entries):
            self.list.item(row).setData(Qt.ItemDataRole.UserRole, (entry.ref_kind, entry.ref_id))

    def open_entry(self, item: QListWidgetItem) -> QWidget | None:
        """Open the deal or service record behind a timeline entry in its dialog."""
        ref = item.data(Qt.ItemDataRole.UserRole)
        if not ref or ref[0] not in ("deal", "service"):
            return None
        return self.open_record_dialog(ref[0], int(ref[1]))

    def open_record_dialog(self, kind: str, ref_id: int | None) -> QWidget:
        """A deal ("deal"), quick sale ("sale") or service record ("service") dialog for this customer."""
        dialog: Any
        if kind == "service":
            from crm_desktop.ui.dialogs.service_record import ServiceRecordDialog

            dialog = ServiceRecordDialog(self._db, self, record_id=ref_id, customer_id=self.customer_id)
        else:
            from crm_desktop.ui.dialogs.deal import DealDialog

            dialog = DealDialog(
                self._db, self, deal_id=ref_id, customer_id=self.customer_id, quick_sale=kind == "sale"
            )
        dialog.saved.connect(self._record_saved)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _record_saved(self, _record_id: int) -> None:
        self.reload()
        self.changed.emit()

    def has_pending(self) -> bool:
        """True when the quick-action box holds typing that "Add" has not written yet."""
        if self.text.text().strip():
            return True
        return self.action.currentData() == "sale" and bool(self.extra.text().strip())

    def add(self) -> bool:
        """Run the chosen quick action; a bad value shows its message and writes nothing."""
        code = self.action.currentData()
        text = self.text.text().strip()
        extra = self.extra.text().strip()
        kind = self.kind.currentData()
        if code == "note" and not text:
            self.message.setText(self.tr("Write the note first."))
            return False
        try:
            with self._db.session() as s:
                if code == "follow_up":
                    from crm_desktop.services.follow_ups import plan_follow_up

                    due = from_qdatetime(self.due.dateTime())
                    plan_follow_up(s, self.customer_id, due, kind=kind or "call", subject=text)
                elif code == "note":
                    from crm_desktop.services.notes import add_note

                    add_note(s, self.customer_id, text)
                elif code == "sale":
                    from crm_desktop.services.deals import quick_sale

                    quick_sale(s, self.customer_id, extra, title=text or None, lang=self._lang)
                else:
                    from crm_desktop.services.service_records import open_service_record

                    open_service_record(s, self.customer_id, kind, text)
        except CrmError as exc:
            self.message.setText(exc.message(self._lang))
            return False
        self.message.clear()
        self.text.clear()
        if code == "sale":
            self.extra.clear()
        elif code == "follow_up":  # the next one starts from the usual slot again
            self.due.setDateTime(to_qdatetime(default_due(datetime.now())))
        self.reload()
        self.changed.emit()
        return True
