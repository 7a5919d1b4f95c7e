"""The import wizard: file → sheet and header row → column matching → check → import → result with Undo.

Every slow step runs in a worker (`ui.workers.run_task`): reading the file and planning on the
shared pool (they only read), the import itself on the single write pool. The import is one
transaction (`exchange.dbwrite.run_import`): Cancel while it runs leaves the database as it was.
The matching chosen is kept in the settings table under `import_mapping.<kind>` and applied to
the next file with the same headers.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Signal, Slot
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from crm_desktop.errors import CrmError
from crm_desktop.services.progress import Progress
from crm_desktop.ui import workers
from crm_desktop.ui.dialogs.import_steps import CheckStep, FileStep, MappingStep, ResultStep, TableStep
from crm_desktop.ui.i18n import ui_lang

if TYPE_CHECKING:
    from crm_desktop.db.engine import Database
    from crm_desktop.exchange.matching import Mapping
    from crm_desktop.exchange.plan import ImportPlan, ImportResult
    from crm_desktop.exchange.table import Table

FILE, TABLE, MAPPING, CHECK, RESULT = range(5)
SETTING_PREFIX = "import_mapping."


def mapping_setting(kind: str) -> str:
    """The settings-table key that keeps the last matching used for `kind`."""
    return SETTING_PREFIX + kind


def first_start_import_button(parent: QWidget | None = None) -> QPushButton:
    """The "import an Excel file" choice of the first-start dialog (its text lives with the wizard)."""
    return QPushButton(
        QCoreApplication.translate("ImportWizard", "Import my customers from an Excel file…"), parent
    )


class ImportWizard(QDialog):
    """Import a spreadsheet step by step; `changed` fires after an import or its undo."""

    changed = Signal()
    import_progress = Signal(int, int)  # rows written, rows in all (while the import runs)

    def __init__(
        self,
        db: Database,
        kind: str = "customers",
        path: str | Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._lang = ui_lang()
        self.table: Table | None = None
        self.mapping: Mapping | None = None
        self.plan: ImportPlan | None = None
        self.import_result: ImportResult | None = None
        self.task: workers.Task | None = None
        self._custom_names: list[str] = []
        self._saved: dict[str, Any] = {}
        self.setWindowTitle(self.tr("Import from a spreadsheet"))
        self.resize(860, 600)

        self.file_step = FileStep()
        self.file_step.kind.setCurrentIndex(max(self.file_step.kind.findData(kind), 0))
        if path is not None:
            self.file_step.path.setText(str(path))
        self.table_step = TableStep()
        self.table_step.reread.connect(self._reread)
        self.mapping_step = MappingStep()
        self.check_step = CheckStep()
        self.check_step.policy_changed.connect(self.make_plan)
        self.check_step.strict_changed.connect(self.make_plan)
        self.check_step.cell_fixed.connect(self.fix_cell)
        self.check_step.save_problems.connect(self.save_problems)
        self.result_step = ResultStep()
        self.result_step.undo_button.clicked.connect(self.undo)
        self.stack = QStackedWidget()
        for step in (self.file_step, self.table_step, self.mapping_step, self.check_step, self.result_step):
            self.stack.addWidget(step)

        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold; font-size: 14px;")
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c0392b;")
        self.back_button = QPushButton(self.tr("< Back"))
        self.next_button = QPushButton(self.tr("Next >"))
        self.import_button = QPushButton(self.tr("Import"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.close_button = QPushButton(self.tr("Close"))
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button.clicked.connect(self._cancel)
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (
            self.back_button,
            self.next_button,
            self.import_button,
            self.cancel_button,
            self.close_button,
        ):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self._busy = False
        self._flag = Progress()
        self.import_progress.connect(self._progressed)
        self.go(FILE)

    # navigation -------------------------------------------------------------------------
    def step(self) -> int:
        return self.stack.currentIndex()

    def go(self, step: int) -> None:
        titles = {
            FILE: self.tr("1. Choose the file"),
            TABLE: self.tr("2. Sheet and header row"),
            MAPPING: self.tr("3. Match the columns"),
            CHECK: self.tr("4. Check before importing"),
            RESULT: self.tr("5. Done"),
        }
        self.stack.setCurrentIndex(step)
        self.title.setText(titles[step])
        self.error.clear()
        self._update_buttons()

    def _update_buttons(self) -> None:
        step, busy = self.step(), self._busy
        self.back_button.setVisible(step in (TABLE, MAPPING, CHECK))
        self.back_button.setEnabled(not busy)
        self.next_button.setVisible(step in (FILE, TABLE, MAPPING))
        self.next_button.setEnabled(not busy)
        self.import_button.setVisible(step == CHECK)
        plan = self.plan
        blocked = plan is None or (bool(plan.invalid_rows) and self.check_step.strict.isChecked())
        self.import_button.setEnabled(not busy and not blocked)
        self.cancel_button.setVisible(step != RESULT)
        self.close_button.setVisible(step == RESULT)
        self.file_step.setEnabled(not busy)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for step in (self.table_step, self.mapping_step):
            step.setEnabled(not busy)
        self.check_step.policies.buttons()[0].parentWidget().setEnabled(not busy)  # type: ignore[union-attr]
        self._update_buttons()

    @Slot()
    def back(self) -> None:
        if self.step() in (TABLE, MAPPING, CHECK) and not self._busy:
            self.go(self.step() - 1)

    @Slot()
    def next(self) -> None:
        """Go on: read the file, then match, then plan (each in a worker)."""
        if self._busy:
            return
        step = self.step()
        if step == FILE:
            self.load_table()
        elif step == TABLE:
            self.go(MAPPING)
        elif step == MAPPING:
            self.go(CHECK)
            self.make_plan()

    def _cancel(self) -> None:
        if self._busy:
            self._flag.cancel()  # the work stops at its next check; an import rolls back
            return
        super().reject()

    def reject(self) -> None:
        """Escape or the window's close button: while work runs, cancel it instead of closing."""
        if self._busy:
            self._flag.cancel()
            return
        super().reject()

    def _show_error(self, exc: BaseException) -> None:
        if isinstance(exc, CrmError):
            self.error.setText(exc.message(self._lang))
        else:
            workers.show_error(self, exc)

    # reading the file -------------------------------------------------------------------
    def load_table(self, sheet: str | None = None, header_row: int | None = None) -> None:
        """Read the chosen file (in a worker) and go to the sheet step."""
        path = self.file_step.path.text().strip()
        if not path:
            self.error.setText(self.tr("Choose a file first."))
            return
        kind, db, lang = self.file_step.chosen_kind(), self._db, self._lang

        def work(_progress: Progress) -> tuple[Table, list[str], dict[str, Any]]:
            from crm_desktop.exchange.table import read_table
            from crm_desktop.services.presets import get_setting

            table = read_table(path, sheet=sheet, header_row=header_row, kind=kind, lang=lang)
            with db.session() as s:
                customs: list[str] = []
                if kind == "customers":
                    from crm_desktop.services.customer_query import custom_field_names

                    customs = sorted(custom_field_names(s))
                saved = get_setting(s, mapping_setting(kind)) or {}
            return table, customs, saved if isinstance(saved, dict) else {}

        def done(found: tuple[Table, list[str], dict[str, Any]]) -> None:
            self._set_busy(False)
            if self.cancelled():
                return  # the user gave up waiting for a big file
            self.table, self._custom_names, self._saved = found
            self._match()
            self.table_step.show_table(self.table)
            self.go(TABLE)

        self._run(work, done, self.tr("Reading the file…"))

    def _reread(self) -> None:
        self.load_table(self.table_step.chosen_sheet(), self.table_step.header_row.value())

    def _match(self) -> None:
        from crm_desktop.exchange.matching import apply_saved_dict, match_headers

        assert self.table is not None
        kind = self.file_step.chosen_kind()
        mapping = match_headers(kind, self.table.headers, self._custom_names)
        try:
            apply_saved_dict(mapping, self._saved)
        except CrmError:
            mapping = match_headers(kind, self.table.headers, self._custom_names)  # a stale saved field
        self.mapping = mapping
        self.mapping_step.show_mapping(mapping, self.table, self._lang, self._custom_names)

    # checking -------------------------------------------------------------------------------
    @Slot()
    def make_plan(self) -> None:
        """Work out what the import will do with every row (reads only)."""
        if self.table is None or self.mapping is None or self.step() != CHECK:
            return
        db, table, policy, lang = self._db, self.table, self.check_step.policy(), self._lang
        kind, mapping = self.mapping.kind, copy.deepcopy(self.mapping)
        strict = self.check_step.strict.isChecked()
        self.plan = None

        def work(progress: Progress) -> ImportPlan:
            from crm_desktop.exchange.importer import plan_import

            with db.session() as s:
                return plan_import(s, kind, table, mapping, policy, progress, lang=lang, strict=strict)

        def done(plan: ImportPlan) -> None:
            self._set_busy(False)
            self.plan = plan
            self.check_step.show_plan(plan, self._lang)
            self._update_buttons()

        def failed(exc: BaseException) -> None:
            self._set_busy(False)
            self.go(MAPPING)
            self._show_error(exc)

        self.check_step.summary.setText(self.tr("Checking every row…"))
        self._run(work, done, self.tr("Checking every row…"), failed)

    @Slot(int, int, str)
    def fix_cell(self, sheet_row: int, column: int, value: str) -> None:
        """The user corrected a problem cell: use the new value for this import (the file is
        not changed) and check every row again."""
        if self.table is None or self._busy:
            return
        for row, cells in self.table.rows:
            if row == sheet_row:
                cells[column] = value.strip() or None
                break
        self.make_plan()

    @Slot()
    def save_problems(self) -> None:
        """Write the list of problems to an .xlsx file the user chooses."""
        plan = self.plan
        if plan is None or self._busy:
            return
        from PySide6.QtWidgets import QFileDialog

        suggested = str(
            plan.path.with_name(plan.path.stem + (".问题.xlsx" if self._lang == "zh" else ".problems.xlsx"))
        )
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the list of problems"), suggested, self.tr("Excel workbook (*.xlsx)")
        )
        if not path:
            return
        target = Path(path if path.lower().endswith(".xlsx") else path + ".xlsx")
        lang = self._lang

        def work(_progress: Progress) -> Path:
            from crm_desktop.exchange.writers import write_problems

            write_problems(target, plan, lang)
            return target

        def done(written: Path) -> None:
            self._set_busy(False)
            self.check_step.summary.setText(
                self.check_step.summary.text()
                + ("" if self._lang == "zh" else " ")
                + self.tr("The list of problems is saved in %1.").replace("%1", str(written))
            )

        self._run(work, done, self.tr("Saving the list of problems…"))

    # importing ------------------------------------------------------------------------------
    @Slot()
    def start_import(self) -> None:
        """Write the plan in the write worker; Cancel rolls it all back."""
        plan = self.plan
        if plan is None or self._busy:
            return
        db, strict = self._db, self.check_step.strict.isChecked()
        remember = self.mapping_step.remember.isChecked()
        key, saved = mapping_setting(plan.kind), dict(self._saved)
        saved.update(dict(zip(plan.mapping.headers, plan.mapping.targets, strict=True)))

        def work(progress: Progress) -> ImportResult:
            from crm_desktop.exchange.dbwrite import run_import

            result = run_import(db, plan, progress, strict=strict)
            if remember:  # only once the data is in: a cancelled import leaves no trace
                from crm_desktop.services.presets import set_setting

                with db.session() as s:
                    set_setting(s, key, saved)
            return result

        def done(result: ImportResult) -> None:
            self._set_busy(False)
            self.check_step.progress.hide()
            self.import_result = result
            self.result_step.show_result(result, self._lang)
            self.go(RESULT)
            self.changed.emit()

        def failed(exc: BaseException) -> None:
            self._set_busy(False)
            self.check_step.progress.hide()
            if isinstance(exc, CrmError) and exc.code == "import.cancelled":
                self.error.setText(self.tr("Import cancelled: nothing was written."))
                return
            self._show_error(exc)

        self.check_step.progress.setRange(0, 0)
        self.check_step.progress.show()
        self._run(work, done, self.tr("Importing…"), failed, write=True)

    def _progressed(self, done: int, total: int) -> None:
        self.check_step.progress.setRange(0, total)
        self.check_step.progress.setValue(done)

    @Slot()
    def undo(self) -> None:
        """Undo the import just made: remove what it created, put back what it changed."""
        result = self.import_result
        if result is None or result.batch_id is None:
            return
        db, batch_id = self._db, result.batch_id

        def work(_progress: Progress) -> dict[str, int]:
            from crm_desktop.exchange.undo import undo_import_keeping_backup

            return undo_import_keeping_backup(db, batch_id)[0]

        def done(outcome: dict[str, int]) -> None:
            self._set_busy(False)
            self.result_step.show_undone(outcome)
            self.changed.emit()

        self._run(work, done, self.tr("Undoing the import…"), write=True)

    # the worker ------------------------------------------------------------------------------
    def _run(
        self,
        work: Any,
        done: Any,
        title: str,
        failed: Any = None,
        *,
        write: bool = False,
    ) -> None:
        def on_error(exc: BaseException) -> None:
            self._set_busy(False)
            self._show_error(exc)

        # Our own cancel flag, set by the wizard's Cancel button; the worker's progress dialog
        # has its own. The relay made in the worker honours both and reports to both.
        flag = self._flag = Progress()
        emit = self.import_progress.emit

        def run(progress: workers.Progress) -> Any:
            return work(_Relay(progress, flag, emit))

        self.error.clear()
        self._set_busy(True)
        self.task = workers.run_task(
            run, on_done=done, on_error=failed or on_error, parent=self, title=title, write=write
        )

    def cancelled(self) -> bool:
        """Whether the user cancelled the work running (or last run)."""
        return self._flag.cancelled()


class _Relay(Progress):
    """The progress a worker's job reports to: forwards to the task and to the wizard's bar."""

    def __init__(self, task_progress: Progress, flag: Progress, emit: Any) -> None:
        super().__init__()
        self._task, self._flag, self._emit = task_progress, flag, emit

    def report(self, done: int, total: int) -> None:
        super().report(done, total)
        self._task.report(done, total)
        self._emit(done, total)  # a signal: queued to the GUI thread from a worker

    def cancelled(self) -> bool:
        return self._flag.cancelled() or self._task.cancelled()
