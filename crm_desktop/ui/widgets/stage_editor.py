"""The stage editor (a section of Settings): rename, reorder, win probability, add, remove.

Every change is written at once through the single write worker by `services.pipeline`,
which enforces the rules (names required, one stage of each outcome kept, the outcome fixed
while a stage holds deals); a refusal shows its one-line message and the table re-reads what
is stored. Removing a stage that holds deals asks which stage (of the same kind) takes them;
`pipeline.remove_stage` moves them with a history entry each, so no deal is orphaned.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from crm_desktop.db.engine import Database
from crm_desktop.errors import CrmError
from crm_desktop.services.pipeline import StageRow
from crm_desktop.ui.i18n import ui_lang
from crm_desktop.ui.workers import run_task, show_error

COL_ZH, COL_EN, COL_PROB, COL_OUTCOME, COL_DEALS = range(5)


class StageEditor(QGroupBox):
    """The pipeline's stages as an editable table; `changed` after every stored change."""

    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Pipeline stages"))
        self._db = db
        self._lang = ui_lang()
        self.stages: list[StageRow] = []
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Chinese name"),
                self.tr("English name"),
                self.tr("Chance of closing %"),
                self.tr("Kind"),
                self.tr("Deals"),
            ]
        )
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_ZH, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_EN, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._item_changed)
        self.add_button = QPushButton(self.tr("Add stage"), self)
        self.add_button.clicked.connect(self.add_stage)
        self.remove_button = QPushButton(self.tr("Remove stage…"), self)
        self.remove_button.clicked.connect(lambda: self.remove_stage(self.table.currentRow()))
        self.up_button = QPushButton(self.tr("Move up"), self)
        self.up_button.clicked.connect(lambda: self.move_stage(self.table.currentRow(), -1))
        self.down_button = QPushButton(self.tr("Move down"), self)
        self.down_button.clicked.connect(lambda: self.move_stage(self.table.currentRow(), 1))
        note = QLabel(
            self.tr(
                "Deals move left to right through the open stages; won and lost stages close them. "
                "Expected sales count each open deal at its stage's chance of closing "
                "(amount × chance of closing)."
            ),
            self,
        )
        note.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.reload()

    # reading -----------------------------------------------------------------------------
    @Slot()
    def reload(self) -> None:
        """Show the stored stages (a few rows: read at once)."""
        from crm_desktop.services.pipeline import list_stages

        with self._db.session() as s:
            self.stages = list_stages(s)
        outcomes = {"open": self.tr("Open"), "won": self.tr("Won"), "lost": self.tr("Lost")}
        current = self.table.currentRow()
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.stages))
        for row, st in enumerate(self.stages):
            self.table.setItem(row, COL_ZH, QTableWidgetItem(st.name_zh))
            self.table.setItem(row, COL_EN, QTableWidgetItem(st.name_en))
            spin = QSpinBox(self.table)
            spin.setRange(0, 100)
            spin.setSuffix(" %")
            spin.setValue(st.probability)
            spin.editingFinished.connect(lambda r=row, w=spin: self.set_probability(r, w.value()))
            self.table.setCellWidget(row, COL_PROB, spin)
            combo = QComboBox(self.table)
            for code in ("open", "won", "lost"):
                combo.addItem(outcomes[code], code)
            combo.setCurrentIndex(combo.findData(st.outcome))
            combo.activated.connect(lambda _i, r=row, w=combo: self.set_outcome(r, str(w.currentData())))
            self.table.setCellWidget(row, COL_OUTCOME, combo)
            deals = QTableWidgetItem(str(st.deal_count))
            deals.setFlags(deals.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, COL_DEALS, deals)
        self.table.blockSignals(False)
        if 0 <= current < len(self.stages):
            self.table.selectRow(current)

    def names(self) -> list[str]:
        return [st.name(self._lang) for st in self.stages]

    # writing -----------------------------------------------------------------------------
    def _write(self, fn: Callable[[Session], Any], *, select_id: int | None = None) -> None:
        db = self._db

        def job() -> None:
            with db.session() as s:
                fn(s)

        def done(_result: Any) -> None:
            self.reload()
            if select_id is not None:
                row = next((i for i, st in enumerate(self.stages) if st.id == select_id), -1)
                if row >= 0:
                    self.table.selectRow(row)
            self.changed.emit()

        def failed(exc: BaseException) -> None:
            show_error(self, exc)
            self.reload()  # show what is stored, not the refused edit

        run_task(job, on_done=done, on_error=failed, parent=self, write=True, show_progress=False)

    def _item_changed(self, item: QTableWidgetItem) -> None:
        row, column = item.row(), item.column()
        if column not in (COL_ZH, COL_EN) or not 0 <= row < len(self.stages):
            return
        self.rename(row, item.text() if column == COL_ZH else None, item.text() if column == COL_EN else None)

    def rename(self, row: int, name_zh: str | None = None, name_en: str | None = None) -> None:
        """Rename the stage on `row` (None leaves that language as it is)."""
        from crm_desktop.services.pipeline import update_stage

        stage_id = self.stages[row].id
        self._write(lambda s: update_stage(s, stage_id, name_zh=name_zh, name_en=name_en))

    def set_probability(self, row: int, percent: int) -> None:
        from crm_desktop.services.pipeline import update_stage

        if not 0 <= row < len(self.stages) or self.stages[row].probability == percent:
            return
        stage_id = self.stages[row].id
        self._write(lambda s: update_stage(s, stage_id, probability=percent))

    def set_outcome(self, row: int, outcome: str) -> None:
        from crm_desktop.services.pipeline import update_stage

        if not 0 <= row < len(self.stages) or self.stages[row].outcome == outcome:
            return
        stage_id = self.stages[row].id
        self._write(lambda s: update_stage(s, stage_id, outcome=outcome))

    @Slot()
    def add_stage(self) -> None:
        """Add an open stage before the first won/lost stage, ready to be renamed."""
        from crm_desktop.services.pipeline import create_stage

        position = next((i for i, st in enumerate(self.stages) if st.outcome != "open"), len(self.stages))
        zh, en = "新阶段", "New stage"

        def create(s: Session) -> None:
            create_stage(s, zh, en, 50, "open", position=position)

        self._write(create)

    def move_stage(self, row: int, step: int) -> None:
        """Move the stage on `row` one place up (`step=-1`) or down (`step=1`)."""
        from crm_desktop.services.pipeline import reorder_stages

        target = row + step
        if not (0 <= row < len(self.stages) and 0 <= target < len(self.stages)):
            return
        ids = [st.id for st in self.stages]
        ids[row], ids[target] = ids[target], ids[row]
        self._write(lambda s: reorder_stages(s, ids), select_id=ids[target])

    def remove_stage(self, row: int) -> None:
        """Remove the stage on `row`; when it holds deals, ask which stage takes them."""
        from crm_desktop.services.pipeline import remove_stage

        if not 0 <= row < len(self.stages):
            return
        stage = self.stages[row]
        move_to: int | None = None
        if stage.deal_count:
            targets = [st for st in self.stages if st.outcome == stage.outcome and st.id != stage.id]
            if not targets:
                show_error(
                    self,
                    CrmError(f"stage.last_{stage.outcome}", name_zh=stage.name_zh, name_en=stage.name_en),
                )
                return
            names = [st.name(self._lang) for st in targets]
            choice, ok = QInputDialog.getItem(
                self,
                self.tr("Remove stage"),
                self.tr("{0} holds %n deals. Move them to:", "", stage.deal_count).format(
                    stage.name(self._lang)
                ),
                names,
                0,
                False,
            )
            if not ok or choice not in names:
                return
            move_to = targets[names.index(choice)].id
        stage_id = stage.id
        self._write(lambda s: remove_stage(s, stage_id, move_to))
