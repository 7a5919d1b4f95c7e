"""A search-as-you-type customer picker: type part of a name, phone, email or pinyin, pick one.

The search (`db.search.search_ids`, ranked, limited to `MAX_RESULTS`) runs through the shared
worker helper after a short pause in typing, so a slow one-character search never freezes the
window; an answer that arrives after the text changed again is dropped.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from crm_desktop.db.engine import Database
from crm_desktop.ui.workers import run_task

MAX_RESULTS = 20
DEBOUNCE_MS = 250


def _search(db: Database, text: str) -> list[tuple[int, str]]:
    """(id, label) of the best matches for `text`; runs off the UI thread."""
    from crm_desktop.db.search import search_ids
    from crm_desktop.services.customers import customer_rows

    with db.session() as s:
        ids = search_ids(s, text, limit=MAX_RESULTS)
        rows = customer_rows(s, ids, keys=["id", "name", "phone", "company"]) if ids else []
    return [(int(r["id"]), customer_label(r)) for r in rows]


def customer_label(row: dict[str, Any]) -> str:
    """The label "name · phone · company", leaving out what is empty."""
    parts = [str(row.get(k) or "") for k in ("name", "phone", "company")]
    return " · ".join(p for p in parts if p)


def customer_label_for(db: Database, customer_id: int) -> str:
    """The picker label of one customer (to show a preselected customer)."""
    from crm_desktop.services.customers import customer_rows

    with db.session() as s:
        rows = customer_rows(s, [customer_id], keys=["id", "name", "phone", "company"])
    return customer_label(rows[0]) if rows else ""


class CustomerPicker(QWidget):
    """A search box over a short result list; `customer_chosen(id)` when the user picks one."""

    customer_chosen = Signal(int)
    results_ready = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._customer_id: int | None = None
        self._generation = 0
        self._fixed = False

        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText(self.tr("Search name, phone, email or pinyin initials"))
        self.search_edit.setClearButtonEnabled(True)
        self.results = QListWidget(self)
        self.results.setMaximumHeight(160)
        self.results.setUniformItemSizes(True)
        self.chosen_label = QLabel(self)
        self.chosen_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._show_chosen()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.results)
        layout.addWidget(self.chosen_label)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.search_now)
        self.search_edit.textEdited.connect(lambda _t: self._timer.start())
        self.search_edit.returnPressed.connect(self._pick_first)
        self.results.itemActivated.connect(self._pick_item)
        self.results.itemClicked.connect(self._pick_item)
        self.setFocusProxy(self.search_edit)

    # public ---------------------------------------------------------------------------
    def customer_id(self) -> int | None:
        """The chosen customer, or None while none is chosen."""
        return self._customer_id

    def set_customer(self, customer_id: int | None, *, fixed: bool = False) -> None:
        """Preselect a customer (or clear the choice); `fixed` shows it without the search box."""
        self._customer_id = customer_id
        self._fixed = fixed
        self.search_edit.setVisible(not fixed)
        self.results.setVisible(not fixed)
        self._show_chosen(customer_label_for(self._db, customer_id) if customer_id else "")

    def set_text(self, text: str) -> None:
        """Type `text` into the search box and search at once (tests, prefilled searches)."""
        self.search_edit.setText(text)
        self.search_now()

    def search_now(self) -> None:
        """Search for what is in the box now, without waiting for the typing pause."""
        self._timer.stop()
        text = self.search_edit.text().strip()
        self._generation += 1
        generation = self._generation
        if not text:
            self._fill([])
            return
        run_task(
            lambda: _search(self._db, text),
            on_done=lambda found: self._arrived(generation, found),
            parent=self,
            show_progress=False,
        )

    def result_ids(self) -> list[int]:
        """The customers listed now, best match first."""
        found = (self.results.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.results.count()))
        return [int(cid) for cid in found if cid is not None]

    def choose_row(self, row: int) -> None:
        """Pick the customer on result row `row`."""
        item = self.results.item(row)
        if item is not None:
            self._pick_item(item)

    # private --------------------------------------------------------------------------
    def _arrived(self, generation: int, found: list[tuple[int, str]]) -> None:
        if generation == self._generation:
            self._fill(found)

    def _fill(self, found: list[tuple[int, str]]) -> None:
        self.results.clear()
        for cid, label in found:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, cid)
            self.results.addItem(item)
        if found:
            self.results.setCurrentRow(0)
        elif self.search_edit.text().strip():
            item = QListWidgetItem(self.tr("No customer matches"))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.results.addItem(item)
        self.results_ready.emit()

    def _pick_first(self) -> None:
        item = self.results.currentItem() or self.results.item(0)
        if item is not None:
            self._pick_item(item)

    def _pick_item(self, item: QListWidgetItem) -> None:
        cid = item.data(Qt.ItemDataRole.UserRole)
        if cid is None:
            return
        self._customer_id = int(cid)
        self._show_chosen(item.text())
        self.customer_chosen.emit(self._customer_id)

    def _show_chosen(self, label: str = "") -> None:
        if label and self._fixed:
            self.chosen_label.setText(label)
        elif label:
            self.chosen_label.setText(self.tr("Customer: {0}").format(label))
        else:
            self.chosen_label.setText(self.tr("No customer chosen yet"))
