"""Suspected duplicates, with a side-by-side merge preview.

The user picks which record survives and, for every field where the two differ, whose value
to keep; `services.duplicates.merge_customers` then moves everything of the other record to
the survivor and deletes the other, in one transaction.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.db.engine import Database
from crm_desktop.ui import workers
from crm_desktop.ui.dialogs.customer import EDIT_FIELDS
from crm_desktop.ui.i18n import ui_lang
from crm_desktop.ui.models.customers import format_value

PAIR_LIMIT = 500
PAIR_ROLE = Qt.ItemDataRole.UserRole + 1
COMPARE_KEYS = ["id", *[f.key for f in EDIT_FIELDS]]
# merge_customers unites tags and joins notes of both records: nothing to pick there.
UNITED_KEYS = ("tags", "notes")


def reason_text(codes: list[str]) -> str:
    """ "same phone, same name" for the reason codes of a pair."""
    names = {
        "phone": QCoreApplication.translate("DuplicatesDialog", "same phone"),
        "email": QCoreApplication.translate("DuplicatesDialog", "same email"),
        "name": QCoreApplication.translate("DuplicatesDialog", "same name"),
    }
    return ", ".join(names.get(c, c) for c in codes)


class DuplicatesDialog(QDialog):
    """Lists suspected duplicate pairs and merges the one the user chose."""

    merged = Signal()
    open_customer = Signal(int)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._lang = ui_lang()
        self._rows: dict[int, dict[str, Any]] = {}
        self.a_id: int | None = None
        self.b_id: int | None = None
        self.setWindowTitle(self.tr("Suspected duplicates"))
        self.resize(1000, 620)

        self.pairs = QListWidget()
        self.pairs.currentItemChanged.connect(self._pair_selected)
        self.summary = QLabel()

        self.keep_a = QRadioButton()
        self.keep_b = QRadioButton()
        self.keep_a.setChecked(True)
        self.keep_group = QButtonGroup(self)
        self.keep_group.addButton(self.keep_a, 0)
        self.keep_group.addButton(self.keep_b, 1)
        keep_row = QHBoxLayout()
        keep_row.addWidget(QLabel(self.tr("Keep record:")))
        keep_row.addWidget(self.keep_a)
        keep_row.addWidget(self.keep_b)
        keep_row.addStretch(1)

        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("Field"), self.tr("Record A"), self.tr("Record B")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.itemChanged.connect(self._item_changed)
        hint = QLabel(
            self.tr(
                "Tick the value to keep where the two records differ. Follow-ups, sales, service "
                "records, notes and tags of both records are kept."
            )
        )
        hint.setWordWrap(True)

        self.merge_button = QPushButton(self.tr("Merge"))
        self.merge_button.clicked.connect(self.merge)
        self.skip_button = QPushButton(self.tr("Not duplicates"))
        self.skip_button.clicked.connect(self.skip)
        close_button = QPushButton(self.tr("Close"))
        close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.merge_button)
        buttons.addWidget(close_button)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(keep_row)
        right_layout.addWidget(self.table, 1)
        right_layout.addWidget(hint)
        splitter = QSplitter()
        splitter.addWidget(self.pairs)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self._set_enabled(False)
        self.reload()

    # pairs -------------------------------------------------------------------------
    @Slot()
    def reload(self) -> None:
        """Look for duplicates in the background (grouped in SQL, bounded list)."""
        from crm_desktop.services.customers import customer_rows
        from crm_desktop.services.duplicates import find_duplicates

        db = self._db
        self.summary.setText(self.tr("Looking for duplicates…"))

        def fetch() -> list[tuple[int, int, str, str, list[str]]]:
            with db.session() as s:
                found = [
                    (p.first_id, p.second_id, list(p.reasons or [p.reason]))
                    for p in find_duplicates(s, limit=PAIR_LIMIT)
                ]
                ids = sorted({i for a, b, _ in found for i in (a, b)})
                names = {r["id"]: r["name"] for r in customer_rows(s, ids, ["id", "name"])}
            return [(a, b, names.get(a, ""), names.get(b, ""), why) for a, b, why in found]

        workers.run_task(
            fetch, on_done=self._show_pairs, parent=self, title=self.tr("Looking for duplicates…")
        )

    def _show_pairs(self, pairs: list[tuple[int, int, str, str, list[str]]]) -> None:
        self.pairs.clear()
        for a, b, name_a, name_b, codes in pairs:
            why = reason_text(codes)
            item = QListWidgetItem(f"{name_a}  ↔  {name_b}" + (f"\n{why}" if why else ""))
            item.setData(PAIR_ROLE, (a, b))
            self.pairs.addItem(item)
        self.summary.setText(self.tr("Suspected duplicate pairs: %n", "", len(pairs)))
        if pairs:
            self.pairs.setCurrentRow(0)
        else:
            self._set_enabled(False)
            self.table.setRowCount(0)

    def _pair_selected(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        a, b = item.data(PAIR_ROLE)
        self.show_pair(a, b)

    def show_pair(self, a_id: int, b_id: int) -> None:
        """Fill the side-by-side preview for customers `a_id` and `b_id` (two rows: bounded)."""
        from crm_desktop.services.customers import customer_rows

        with self._db.session() as s:
            rows = {r["id"]: r for r in customer_rows(s, [a_id, b_id], COMPARE_KEYS)}
        self._rows = rows
        self.a_id, self.b_id = a_id, b_id
        self.keep_a.setText(self.tr("A (#%1)").replace("%1", str(a_id)))
        self.keep_b.setText(self.tr("B (#%1)").replace("%1", str(b_id)))
        self.keep_a.setChecked(True)
        a, b = rows.get(a_id, {}), rows.get(b_id, {})
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for field in EDIT_FIELDS:
            va, vb = a.get(field.key), b.get(field.key)
            if _blank(va) and _blank(vb):
                continue
            row = self.table.rowCount()
            self.table.insertRow(row)
            label = QTableWidgetItem(field.label(self._lang))
            label.setData(PAIR_ROLE, field.key)
            self.table.setItem(row, 0, label)
            for col, value in ((1, va), (2, vb)):
                cell = QTableWidgetItem(format_value(field.key, value, self._lang))
                if va != vb and field.key not in UNITED_KEYS:
                    cell.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                    # Default: A's value, unless A has none.
                    pick_a = not _blank(va)
                    checked = (col == 1) == pick_a
                    cell.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                else:
                    cell.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.table.setItem(row, col, cell)
        self.table.blockSignals(False)
        self._set_enabled(True)

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() not in (1, 2):
            return
        other = self.table.item(item.row(), 3 - item.column())
        if other is None:
            return
        self.table.blockSignals(True)
        # One value per field: ticking one side unticks the other, and one side stays ticked.
        checked = item.checkState() == Qt.CheckState.Checked
        other.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)
        self.table.blockSignals(False)

    def _cell(self, row: int, col: int) -> QTableWidgetItem:
        item = self.table.item(row, col)
        assert item is not None
        return item

    def choose(self, key: str, side: str) -> None:
        """Keep `side` ("a" or "b")'s value of field `key` (what ticking a cell does)."""
        for row in range(self.table.rowCount()):
            if self._cell(row, 0).data(PAIR_ROLE) == key:
                self._cell(row, 1 if side == "a" else 2).setCheckState(Qt.CheckState.Checked)
                return
        raise KeyError(key)

    def chosen(self) -> dict[str, Any]:
        """The picked value of every field where the two records differ."""
        a = self._rows.get(self.a_id or -1, {})
        b = self._rows.get(self.b_id or -1, {})
        picked: dict[str, Any] = {}
        for row in range(self.table.rowCount()):
            key = self._cell(row, 0).data(PAIR_ROLE)
            cell_a = self._cell(row, 1)
            if not cell_a.flags() & Qt.ItemFlag.ItemIsUserCheckable:
                continue
            picked[key] = a.get(key) if cell_a.checkState() == Qt.CheckState.Checked else b.get(key)
        return picked

    # actions -------------------------------------------------------------------------
    @Slot()
    def merge(self) -> None:
        """Merge the shown pair into the record chosen to survive."""
        if self.a_id is None or self.b_id is None:
            return
        from crm_desktop.services.duplicates import merge_customers

        survivor, other = (self.a_id, self.b_id) if self.keep_a.isChecked() else (self.b_id, self.a_id)
        if not self._confirm_merge(survivor, other):
            return
        chosen = self.chosen()
        db = self._db

        def work() -> int:
            with db.session() as s:
                return merge_customers(s, survivor, other, chosen).id

        def done(_: int) -> None:
            self.merged.emit()
            self.reload()  # other pairs may have involved the merged-away record

        def failed(exc: BaseException) -> None:
            self._set_enabled(True)  # nothing was merged: the pair can be merged or skipped again
            workers.show_error(self, exc)

        self._set_enabled(False)
        workers.run_task(
            work, on_done=done, on_error=failed, parent=self, write=True, title=self.tr("Merging…")
        )

    def _confirm_merge(self, survivor: int, other: int) -> bool:
        """Ask before merging: it cannot be undone. Says which record goes into which."""

        def named(cid: int) -> str:
            name = str(self._rows.get(cid, {}).get("name") or "")
            return f"“{name}” (#{cid})" if name else f"#{cid}"

        text = (
            self.tr(
                "Merge %1 into %2?\n\nThe follow-ups, sales, service records, notes and tags of %1 "
                "move to %2, the values ticked in the table are kept, and %1 is deleted. "
                "This cannot be undone."
            )
            .replace("%1", named(other))
            .replace("%2", named(survivor))
        )
        answer = QMessageBox.question(
            self,
            self.tr("Merge duplicates"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    @Slot()
    def skip(self) -> None:
        """Hide this pair for now (it is listed again next time)."""
        self._drop_current()

    def _drop_current(self) -> None:
        row = self.pairs.currentRow()
        if row >= 0:
            self.pairs.takeItem(row)
        self.summary.setText(self.tr("Suspected duplicate pairs: %n", "", self.pairs.count()))
        if self.pairs.count() == 0:
            self.a_id = self.b_id = None
            self.table.setRowCount(0)
            self._set_enabled(False)

    def _set_enabled(self, on: bool) -> None:
        self.merge_button.setEnabled(on)
        self.skip_button.setEnabled(on)


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == []
