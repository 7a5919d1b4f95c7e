"""The steps of the import wizard as plain views: they show what the wizard hands them.

No step reads files or the database; `ImportWizard` (import_wizard.py) runs that work in
workers and calls `show_*` with the outcome. Each step keeps its own strings (`self.tr`).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.ui import file_dialogs

if TYPE_CHECKING:  # the exchange package loads when the wizard first needs it
    from crm_desktop.exchange.matching import Mapping
    from crm_desktop.exchange.plan import ImportPlan
    from crm_desktop.exchange.table import Table

KINDS = ("customers", "follow-ups", "deals", "service")
PREVIEW_ROWS = 8
PREVIEW_CHARS = 40  # characters of a cell shown in a preview
PROBLEM_ROWS = 500  # problem rows listed; the rest are counted
RESULT_NOTES = 10  # values cut or left out, listed after the import
FILE_FILTER = "*.xlsx *.xls *.xlsm *.ods *.csv *.tsv *.txt *.vcf"
CUSTOM_PREFIX = "custom."


def cell_text(value: Any) -> str:
    """A cell as the user would read it in Excel."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M") if (value.hour or value.minute) else f"{value:%Y-%m-%d}"
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}"
    return str(value)


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    table.setWordWrap(False)
    return table


def fill_preview(table: QTableWidget, headers: list[str], rows: list[list[Any]]) -> None:
    """Show `rows` under `headers` in a read-only table."""
    table.clear()
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, value in enumerate(cells[: len(headers)]):
            text = cell_text(value)
            # a 30,000-character note would make one column many screens wide: show its start
            item = QTableWidgetItem(text if len(text) <= PREVIEW_CHARS else text[: PREVIEW_CHARS - 1] + "…")
            if len(text) > PREVIEW_CHARS:
                item.setToolTip(text[:1000])
            table.setItem(r, c, item)
    table.resizeColumnsToContents()


class FileStep(QWidget):
    """Step 1: what to import, from which file."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = QComboBox()
        names = {
            "customers": self.tr("Customers"),
            "follow-ups": self.tr("Follow-ups"),
            "deals": self.tr("Deals"),
            "service": self.tr("Service records"),
        }
        for kind in KINDS:
            self.kind.addItem(names[kind], kind)
        self.path = QLineEdit()
        self.path.setPlaceholderText(self.tr("Choose an Excel, CSV or vCard file"))
        self.browse = QPushButton(self.tr("Browse…"))
        self.browse.clicked.connect(self.choose_file)
        note = QLabel(
            self.tr(
                "Excel (.xlsx, .xls), OpenDocument (.ods), CSV in any usual encoding and vCard (.vcf). "
                "Title rows above the table are skipped; nothing is written until the last step."
            )
        )
        note.setWordWrap(True)
        kind_row = QHBoxLayout()
        kind_row.addWidget(QLabel(self.tr("Import:")))
        kind_row.addWidget(self.kind, 1)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(self.browse)
        layout = QVBoxLayout(self)
        layout.addLayout(kind_row)
        layout.addWidget(QLabel(self.tr("File:")))
        layout.addLayout(file_row)
        layout.addWidget(note)
        layout.addStretch(1)

    def start_folder(self) -> str:
        """Where the file dialog opens: the chosen file's folder, else the folder any file
        dialog used last, else Documents (never the program's own folder)."""
        from crm_desktop.ui.recent_files import start_folder

        typed = self.path.text().strip()
        return typed or str(start_folder())

    def choose_file(self) -> None:
        """Ask for the file with the system's file dialog."""
        path, _ = file_dialogs.get_open_file_name(
            self,
            self.tr("Choose the file to import"),
            self.start_folder(),
            self.tr("Spreadsheets and contacts (%1);;All files (*)").replace("%1", FILE_FILTER),
        )
        if path:
            self.path.setText(path)
            from crm_desktop.ui.recent_files import remember_folder

            remember_folder(path)

    def chosen_kind(self) -> str:
        return str(self.kind.currentData())


class TableStep(QWidget):
    """Step 2: which sheet, and which row holds the column headers (found automatically)."""

    reread = Signal()  # the user picked another sheet or header row

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sheet = QComboBox()
        self.header_row = QSpinBox()
        self.header_row.setRange(1, 30)
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.preview = _table([])
        self.sheet.activated.connect(lambda _i: self.reread.emit())
        self.header_row.editingFinished.connect(self._header_edited)
        self._shown_row = 0
        # data rows of each sheet of the file, as far as they were looked at (file path, counts)
        self._sheet_rows: tuple[Path | None, dict[str, int]] = (None, {})
        form = QHBoxLayout()
        form.addWidget(QLabel(self.tr("Sheet:")))
        form.addWidget(self.sheet, 1)
        form.addSpacing(16)
        self.header_label = QLabel(self.tr("Header row:"))
        form.addWidget(self.header_label)
        form.addWidget(self.header_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.info)
        layout.addWidget(QLabel(self.tr("First rows of the table:")))
        layout.addWidget(self.preview, 1)

    def _header_edited(self) -> None:
        if self.header_row.value() != self._shown_row:
            self.reread.emit()

    def chosen_sheet(self) -> str | None:
        data = self.sheet.currentData()
        return str(data) if data is not None else (self.sheet.currentText() or None)

    def _sheet_label(self, name: str, counts: dict[str, int]) -> str:
        if name not in counts:
            return name
        return self.tr("%1 (rows: %n)", "", counts[name]).replace("%1", name)

    def show_table(self, table: Table) -> None:
        """Show the sheets (with their rows, when looked at), the header row found, and the first
        data rows; say so when the first sheet held no one and a later one was taken."""
        if self._sheet_rows[0] != table.path:
            self._sheet_rows = (table.path, {})
        counts = self._sheet_rows[1]
        counts.update(table.sheet_rows or {})
        counts[table.sheet] = len(table.rows)
        self.sheet.blockSignals(True)
        self.sheet.clear()
        for name in table.sheets:  # one sheet needs no count: its rows are said below
            self.sheet.addItem(self._sheet_label(name, counts) if len(table.sheets) > 1 else name, name)
        self.sheet.setCurrentIndex(max(self.sheet.findData(table.sheet), 0))
        self.sheet.setEnabled(len(table.sheets) > 1)
        self.sheet.blockSignals(False)
        self._shown_row = table.header_row
        self.header_row.blockSignals(True)
        self.header_row.setValue(table.header_row)
        self.header_row.blockSignals(False)
        # a vCard file has cards, not a header row: nothing to choose there
        vcard = table.vcard
        self.header_label.setVisible(not vcard)
        self.header_row.setVisible(not vcard)
        if vcard:
            self.info.setText(self.tr("Contact cards in the file: %n.", "", len(table.rows)))
        else:
            text = self.tr(
                "Headers in row %1; %n data rows. Change the row if the headers are wrong.",
                "",
                len(table.rows),
            ).replace("%1", str(table.header_row))
            if table.sheet_chosen:
                first = table.sheets[0]
                text = (
                    self.tr("Sheet “%1” lists no customers, so sheet “%2” is shown; choose another above.")
                    .replace("%1", first)
                    .replace("%2", table.sheet)
                    + " "
                    + text
                )
            self.info.setText(text)
        fill_preview(self.preview, table.headers, table.preview(PREVIEW_ROWS))


class MappingStep(QWidget):
    """Step 3: which field each column goes to; unmatched columns can become custom fields."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mapping: Mapping | None = None
        self._table_data: Table | None = None
        self._samples: list[str] = []
        self._choices: list[tuple[str, str]] = []
        self.table = _table([self.tr("Column in the file"), self.tr("Example"), self.tr("Import as")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.unmatched = QLabel()
        self.unmatched.setWordWrap(True)
        self.keep_custom = QPushButton(self.tr("Keep unmatched columns as custom fields"))
        self.keep_custom.clicked.connect(self.keep_unmatched)
        self.remember = QCheckBox(self.tr("Remember this matching for the next import"))
        self.remember.setChecked(True)
        self.preview = _table([])
        bottom = QHBoxLayout()
        bottom.addWidget(self.keep_custom)
        bottom.addStretch(1)
        bottom.addWidget(self.remember)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.unmatched)
        layout.addLayout(bottom)
        layout.addWidget(QLabel(self.tr("Preview with this matching:")))
        layout.addWidget(self.preview, 2)
        self.changed.connect(self._refresh)

    def show_mapping(self, mapping: Mapping, table: Table, lang: str, custom_names: list[str]) -> None:
        """Fill one choice list per column of `table` from `mapping`."""
        from crm_desktop.exchange.matching import import_targets

        self.mapping = mapping
        self._table_data = table
        self._choices = [(key, zh if lang == "zh" else en) for key, en, zh in import_targets(mapping.kind)]
        if mapping.kind == "customers":
            self._choices += [(CUSTOM_PREFIX + n, self._custom_label(n)) for n in custom_names]
        self.table.setRowCount(len(mapping.headers))
        for i, header in enumerate(mapping.headers):
            # the first non-blank value among the first rows (a column of 100,000 is not copied)
            sample = next((cell_text(c[i]) for _, c in table.rows[:50] if cell_text(c[i]).strip()), "")
            sample = sample if len(sample) <= PREVIEW_CHARS else sample[: PREVIEW_CHARS - 1] + "…"
            self.table.setItem(i, 0, QTableWidgetItem(header))
            self.table.setItem(i, 1, QTableWidgetItem(sample))
            combo = QComboBox()
            combo.currentIndexChanged.connect(lambda _x, col=i: self._chosen(col))
            self.table.setCellWidget(i, 2, combo)
        self._refresh()

    def _custom_label(self, name: str) -> str:
        return self.tr("Custom field: %1").replace("%1", name)

    def combo(self, column: int) -> QComboBox:
        widget = self.table.cellWidget(column, 2)
        assert isinstance(widget, QComboBox)
        return widget

    def choose(self, column: int, target: str | None) -> None:
        """Point `column` at `target` as if the user picked it (None: do not import)."""
        combo = self.combo(column)
        combo.setCurrentIndex(combo.findData(target))

    def _chosen(self, column: int) -> None:
        if self.mapping is None:
            return
        target = self.combo(column).currentData()
        self.mapping.set(column, target or None)
        self.changed.emit()

    def keep_unmatched(self) -> None:
        """Import every unmatched column as a custom field named like its header."""
        if self.mapping is not None:
            self.mapping.keep_unmatched_as_custom()
            self.changed.emit()

    def target_label(self, target: str | None) -> str:
        return next((label for key, label in self._choices if key == target), target or "")

    def _refresh(self) -> None:
        """Put every combo in line with the mapping (a pick may have freed another column)."""
        mapping = self.mapping
        if mapping is None:
            return
        for i, (header, target) in enumerate(zip(mapping.headers, mapping.targets, strict=True)):
            combo = self.combo(i)
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(self.tr("(do not import)"), None)
            for key, label in self._choices:
                combo.addItem(label, key)
            own = CUSTOM_PREFIX + header.strip()
            if mapping.kind == "customers" and header.strip() and combo.findData(own) < 0:
                combo.addItem(self._custom_label(header.strip()), own)
            if target is not None and combo.findData(target) < 0:
                combo.addItem(self.target_label(target), target)
            combo.setCurrentIndex(max(combo.findData(target), 0))
            combo.blockSignals(False)
        unmatched = mapping.unmatched()
        self.keep_custom.setVisible(mapping.kind == "customers")
        self.keep_custom.setEnabled(bool(unmatched))
        texts = []
        if unmatched:
            texts.append(self.tr("Not imported: %1").replace("%1", ", ".join(unmatched)))
        if mapping.described:
            texts.append(
                self.tr("Only say what another column holds, not imported: %1").replace(
                    "%1", ", ".join(mapping.described)
                )
            )
        if mapping.computed:
            texts.append(
                self.tr("Worked out by the app, never imported: %1").replace(
                    "%1", ", ".join(mapping.computed)
                )
            )
        self.unmatched.setText("\n".join(texts) or self.tr("Every column will be imported."))
        used = [i for i, t in enumerate(mapping.targets) if t is not None]
        headers = [f"{mapping.headers[i]} → {self.target_label(mapping.targets[i])}" for i in used]
        first = self._table_data.preview(PREVIEW_ROWS) if self._table_data is not None else []
        rows = [[cells[i] for i in used] for cells in first]
        fill_preview(self.preview, headers, rows)


class CheckStep(QWidget):
    """Step 4: what to do with duplicates, and what the import will do row by row.

    Every problem is listed with its sheet row, column, value and reason; the value of a cell
    can be corrected right there (`cell_fixed`), and the wizard checks the file again.
    """

    policy_changed = Signal()
    strict_changed = Signal()
    cell_fixed = Signal(int, int, str)  # sheet row, column index, the value typed
    save_problems = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.policies = QButtonGroup(self)
        labels = {
            "skip": self.tr("Skip rows that match an existing customer (email, or phone and name)"),
            "update": self.tr("Update the matching customer with the file's values"),
            "add": self.tr("Add them anyway as new records"),
        }
        policy_box = QVBoxLayout()
        policy_box.setSpacing(4)
        policy_box.addWidget(QLabel(self.tr("Rows that are already in the database:")))
        for i, (code, text) in enumerate(labels.items()):
            radio = QRadioButton(text)
            radio.setProperty("code", code)
            radio.setChecked(code == "skip")
            self.policies.addButton(radio, i)
            policy_box.addWidget(radio)
        self.policies.idClicked.connect(lambda _i: self.policy_changed.emit())
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.problems = _table([self.tr("Row"), self.tr("Column"), self.tr("Value"), self.tr("Problem")])
        self.problems.horizontalHeader().setStretchLastSection(True)
        self.problems.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.problems.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.problems.itemChanged.connect(self._edited)
        self.fix_hint = QLabel(
            self.tr(
                "Correct a value in the Value column and the file is checked again (the file itself is not changed)."
            )
        )
        self.fix_hint.setWordWrap(True)
        self.strict = QCheckBox(self.tr("Strict: import nothing if any row or value has a problem"))
        self.strict.toggled.connect(lambda _on: self.strict_changed.emit())
        self.save_button = QPushButton(self.tr("Save the list of problems…"))
        self.save_button.clicked.connect(self.save_problems.emit)
        self.progress = QProgressBar()
        self.progress.hide()
        self._filling = False
        self._listed: list[Any] = []
        bottom = QHBoxLayout()
        bottom.addWidget(self.strict)
        bottom.addStretch(1)
        bottom.addWidget(self.save_button)
        # Compact from the top: with no problem rows the table is hidden and the stretch at the
        # end takes the spare height (it used to be spread between the lines as large gaps);
        # with problem rows the table (stretch 1) takes it.
        layout = QVBoxLayout(self)
        layout.addLayout(policy_box)
        layout.addSpacing(8)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.fix_hint)
        layout.addLayout(bottom)
        layout.addWidget(self.progress)
        layout.addStretch(0)

    def policy(self) -> str:
        button = self.policies.checkedButton()
        return str(button.property("code")) if button is not None else "skip"

    def set_policy(self, code: str) -> None:
        for button in self.policies.buttons():
            if button.property("code") == code:
                button.setChecked(True)
        self.policy_changed.emit()

    def show_plan(self, plan: ImportPlan, lang: str) -> None:
        """Show the counts and every problem (sheet row, column, value, reason)."""
        c = plan.summary()
        parts = [
            self.tr("%n new", "", c["create"]),
            self.tr("%n to update", "", c["update"]),
            self.tr("%n unchanged", "", c["unchanged"]),
            (
                self.tr("%n duplicate skipped", "", c["duplicate"])
                if c["duplicate"] == 1
                else self.tr("%n duplicates skipped", "", c["duplicate"])
            ),
            (
                self.tr("%n value kept in the notes", "", c["kept"])
                if c["kept"] == 1
                else self.tr("%n values kept in the notes", "", c["kept"])
            ),
            (
                self.tr("%n row left out", "", c["error"])
                if c["error"] == 1
                else self.tr("%n rows left out", "", c["error"])
            ),
        ]
        zh = lang == "zh"
        read = (
            self.tr("%n row read: ", "", len(plan.rows))
            if len(plan.rows) == 1
            else self.tr("%n rows read: ", "", len(plan.rows))
        )
        text = read + ("，" if zh else ", ").join(parts)
        text += "。" if zh else "."
        space = "" if zh else " "
        if c["error"] and self.strict.isChecked():
            text += space + self.tr(
                "The strict check is on: rows with problems stop the import. Fix them below, or turn the check off."
            )
        elif c["kept"]:
            text += space + self.tr(
                "A value that cannot be used is kept word for word in the customer's notes; the rest of its row is imported."
            )
        if c["error"] and not self.strict.isChecked():
            text += space + self.tr("Rows that name no one (no name, company, phone or email) are left out.")
        self.summary.setText(text)
        listed = plan.problems[:PROBLEM_ROWS]
        self._listed = listed
        self._filling = True
        self.problems.setRowCount(len(listed))
        for r, problem in enumerate(listed):
            texts = (str(problem.row), problem.column, cell_text(problem.value), problem.reason(lang))
            for c_, value in enumerate(texts):
                item = QTableWidgetItem(value)
                if c_ == 3:
                    item.setToolTip(value)  # a long reason is cut in the column
                if c_ != 2 or problem.col is None:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                else:
                    item.setToolTip(self.tr("Type the right value and press Enter"))
                self.problems.setItem(r, c_, item)
        self._filling = False
        for column in (0, 1, 2):
            self.problems.resizeColumnToContents(column)
        self.problems.setVisible(bool(listed))
        self.fix_hint.setVisible(any(p.col is not None for p in listed))
        self.save_button.setVisible(bool(listed))

    def _edited(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != 2 or item.row() >= len(self._listed):
            return
        problem = self._listed[item.row()]
        if problem.col is not None and item.text() != cell_text(problem.value):
            self.cell_fixed.emit(problem.row, problem.col, item.text())

    def fix(self, index: int, text: str) -> None:
        """Type `text` into the value cell of problem `index` as a user would (tests)."""
        item = self.problems.item(index, 2)
        assert item is not None
        item.setText(text)

    def problem_rows(self) -> list[tuple[str, str, str]]:
        """(row, column, problem) as listed (tests and screen readers)."""
        rows = []
        for r in range(self.problems.rowCount()):
            texts = [item.text() if (item := self.problems.item(r, c)) is not None else "" for c in range(4)]
            rows.append((texts[0], texts[1], texts[3]))
        return rows


class ResultStep(QWidget):
    """Step 5: what was written, where the rejected rows went, and Undo."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.rejected = QLabel()
        self.rejected.setWordWrap(True)
        self.rejected.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notes.hide()
        self.undo_button = QPushButton(self.tr("Undo this import"))
        self.undo_note = QLabel()
        self.undo_note.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.undo_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.notes)
        layout.addWidget(self.rejected)
        layout.addLayout(row)
        layout.addWidget(self.undo_note)
        layout.addStretch(1)

    def show_result(self, result: Any, lang: str | None = None) -> None:
        kept = sum(1 for n in result.notes if n.kept)
        self.summary.setText(
            self.tr(
                "Import %1 finished: %2 new, %3 updated, %4 duplicates, %5 values kept in the notes, %6 rows left out."
            )
            .replace("%1", str(result.batch_id))
            .replace("%2", str(result.created))
            .replace("%3", str(result.updated))
            .replace("%4", str(result.skipped))
            .replace("%5", str(kept))
            .replace("%6", str(result.rejected))
        )
        notes = result.notes
        lines = [
            self.tr("Row %1: %2").replace("%1", str(n.row)).replace("%2", n.describe(lang))
            for n in notes[:RESULT_NOTES]
        ]
        if len(notes) > RESULT_NOTES:
            lines.append(self.tr("… and %n more", "", len(notes) - RESULT_NOTES))
        self.notes.setText(
            "\n".join(
                [
                    self.tr(
                        "%n values were kept in the notes, cut to fit or left out; their rows were imported:",
                        "",
                        len(notes),
                    ),
                    *lines,
                ]
            )
            if notes
            else ""
        )
        self.notes.setVisible(bool(notes))
        path = result.rejected_path
        self.rejected.setText(
            self.tr("Every problem, with its row, column and reason, is in: %1").replace("%1", str(path))
            if path
            else ""
        )
        self.rejected.setVisible(path is not None)
        self.undo_button.setEnabled(result.batch_id is not None)
        self.undo_note.setText(self.tr("You can also undo it later from File → Imports."))

    def show_undone(self, done: dict[str, int]) -> None:
        self.undo_button.setEnabled(False)
        self.undo_note.setText(
            self.tr("Import undone: %1 records removed, %2 put back as they were.")
            .replace("%1", str(done["removed"]))
            .replace("%2", str(done["restored"]))
        )
