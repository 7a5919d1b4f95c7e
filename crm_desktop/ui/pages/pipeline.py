"""The Pipeline page: the kanban board of deals by stage, a list view, and the expected sales.

The board shows every stage with its count, total and weighted amount (`pipeline.forecast`)
and at most `CARDS_PER_COLUMN` cards a column (open stages: largest first; won and lost:
newest closed first, within the chosen period); "+ N more" switches to the list view filtered
to that stage. Dragging a card to another column moves the deal (`deals.move_deal`, which
writes the stage history); a won or lost column first asks for the reason, and cancelling
leaves the deal where it was. Reads run in the worker; writes in the single write worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.db.engine import Database
from crm_desktop.fields import format_money as fmt_money
from crm_desktop.services.pipeline import Forecast
from crm_desktop.services.vocabulary import Vocabulary, vocabulary_of
from crm_desktop.ui.dialogs.close_deal import ask_reason
from crm_desktop.ui.dialogs.deal import DealDialog
from crm_desktop.ui.i18n import ui_lang
from crm_desktop.ui.pages.pipeline_list import DealListView, period_names, period_range
from crm_desktop.ui.widgets.kanban import CardData, ColumnData, KanbanBoard
from crm_desktop.ui.workers import run_task

CARDS_PER_COLUMN = 50
VIEWS = ("board", "list")


@dataclass(frozen=True)
class BoardData:
    """Everything the board shows, read in one go off the UI thread."""

    columns: tuple[ColumnData, ...]
    forecast: Forecast
    stages: tuple[tuple[int, str, str], ...]  # id, name, outcome


def load_board(
    db: Database, lang: str, start: date | None, end: date | None, limit: int = CARDS_PER_COLUMN
) -> BoardData:
    """Stages, forecast and the first `limit` cards of each column (runs in a worker)."""
    from datetime import datetime, time, timedelta

    from crm_desktop.services.deal_lists import DealQuery, deal_ids, deal_rows
    from crm_desktop.services.pipeline import forecast

    start_at = datetime.combine(start, time()) if start is not None else None
    end_at = datetime.combine(end, time()) + timedelta(days=1) if end is not None else None
    columns = []
    with db.session() as s:
        fc = forecast(s, start=start_at, end=end_at)
        for row in fc.rows:
            if row.outcome == "open":
                query = DealQuery(stage_id=row.stage_id, sort_key="amount", descending=True)
            else:
                query = DealQuery(
                    stage_id=row.stage_id,
                    period="closed_at",
                    start=start_at,
                    end=end_at,
                    sort_key="closed_at",
                    descending=True,
                )
            ids = deal_ids(s, query, limit=limit)
            cards = tuple(
                CardData(
                    d.id,
                    d.title,
                    d.customer_name,
                    fmt_money(d.amount),
                    d.status,
                    (d.close_reason or "")
                    if d.status != "open"
                    else (d.expected_close.isoformat() if d.expected_close else ""),
                )
                for d in deal_rows(s, ids)
            )
            columns.append(
                ColumnData(
                    row.stage_id,
                    row.name_zh if lang == "zh" else row.name_en,
                    row.outcome,
                    row.count,
                    fmt_money(row.amount),
                    fmt_money(row.weighted),
                    cards,
                )
            )
    stages = tuple((c.stage_id, c.name, c.outcome) for c in columns)
    return BoardData(tuple(columns), fc, stages)


class PipelinePage(QWidget):
    """Board and list of deals; `changed` after a deal was added, moved or closed here."""

    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None, *, today: date | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._lang = ui_lang()
        self._today = today
        self._generation = 0
        self._outcomes: dict[int, str] = {}
        self._titles: dict[int, str] = {}
        self.dialog: Any = None
        with db.session() as s:
            self.vocab: Vocabulary = vocabulary_of(s, self._lang)

        self.new_button = QPushButton(self.vocab.word("new_deal"), self)
        self.new_button.clicked.connect(lambda: self.new_deal())
        self.sale_button = QPushButton(self.vocab.word("quick_sale"), self)
        self.sale_button.clicked.connect(lambda: self.new_deal(quick_sale=True))
        self.board_button = QPushButton(self.tr("Board"), self)
        self.list_button = QPushButton(self.tr("List"), self)
        self.view_group = QButtonGroup(self)
        for index, button in enumerate((self.board_button, self.list_button)):
            button.setCheckable(True)
            self.view_group.addButton(button, index)
        self.board_button.setChecked(True)
        self.view_group.idClicked.connect(lambda index: self.show_view(VIEWS[index]))
        self.period_combo = QComboBox(self)
        self.period_combo.setToolTip(self.tr("Won and lost deals closed in this period"))
        for code, name in period_names().items():
            self.period_combo.addItem(name, code)
        self.period_combo.setCurrentIndex(self.period_combo.findData("this_month"))
        self.period_combo.currentIndexChanged.connect(self.refresh)
        self.forecast_label = QLabel(self)
        self.forecast_label.setWordWrap(True)
        # "expected sales", not sales-team jargon (weighted forecast, win probability)
        self.forecast_label.setToolTip(
            self.tr("Expected sales: each open deal's amount × its stage's chance of closing, added up.")
        )

        bar = QHBoxLayout()
        bar.addWidget(self.new_button)
        bar.addWidget(self.sale_button)
        bar.addSpacing(16)
        bar.addWidget(self.board_button)
        bar.addWidget(self.list_button)
        bar.addSpacing(16)
        self.period_label = QLabel(self.tr("Won/lost in"), self)
        bar.addWidget(self.period_label)
        bar.addWidget(self.period_combo)
        bar.addStretch(1)

        self.board = KanbanBoard(self)
        self.board.move_requested.connect(self.request_move)
        self.board.deal_activated.connect(self.open_deal)
        self.board.more_requested.connect(self.show_stage_list)
        self.list_view = DealListView(db, self._lang, self)
        self.list_view.deal_activated.connect(self.open_deal)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.board)
        self.stack.addWidget(self.list_view)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.forecast_label)
        layout.addWidget(self.stack, 1)
        self.refresh()

    # reading ---------------------------------------------------------------------------
    def today(self) -> date:
        return self._today or date.today()

    def period(self) -> tuple[date | None, date | None]:
        return period_range(str(self.period_combo.currentData()), self.today())

    @Slot()
    def refresh(self) -> None:
        """Re-read the board (and the list when it shows) in the background."""
        self._generation += 1
        generation, db, lang = self._generation, self._db, self._lang
        start, end = self.period()

        def show(data: BoardData) -> None:
            if generation == self._generation:
                self._show_board(data)

        limit = CARDS_PER_COLUMN
        run_task(
            lambda: load_board(db, lang, start, end, limit), on_done=show, parent=self, show_progress=False
        )
        if self.current_view() == "list":
            self.list_view.refresh()

    def _show_board(self, data: BoardData) -> None:
        self._outcomes = {sid: outcome for sid, _name, outcome in data.stages}
        self._titles = {c.deal_id: c.title for col in data.columns for c in col.cards}
        self.board.set_columns(data.columns)
        self.list_view.set_stages([(sid, name) for sid, name, _outcome in data.stages])
        fc = data.forecast
        self.forecast_label.setText(
            self.tr("Open pipeline: %n deals", "", fc.count)
            + "  ·  "
            + self.tr("total {0}").format(fmt_money(fc.amount))
            + "  ·  "
            + self.tr("expected sales {0}").format(fmt_money(fc.weighted))
        )

    def apply_words(self, vocab: Vocabulary) -> None:
        """Speak the business's words (the business type changed in Settings)."""
        self.vocab = vocab
        self.new_button.setText(vocab.word("new_deal"))
        self.sale_button.setText(vocab.word("quick_sale"))

    # views -----------------------------------------------------------------------------
    def current_view(self) -> str:
        return VIEWS[self.stack.currentIndex()]

    def show_view(self, view: str) -> None:
        """Switch between "board" and "list"."""
        self._switch(view)
        if view == "list":
            self.list_view.refresh()

    def _switch(self, view: str) -> None:
        index = VIEWS.index(view)
        self.stack.setCurrentIndex(index)
        button = self.view_group.button(index)
        if button is not None:
            button.setChecked(True)
        # the period applies to the board's won/lost columns; the list has its own filters
        self.period_label.setVisible(view == "board")
        self.period_combo.setVisible(view == "board")

    @Slot(int)
    def show_stage_list(self, stage_id: int) -> None:
        """ "+ more": the list view filtered to that stage (won/lost: closed in the board's period)."""
        closed = self._outcomes.get(stage_id, "open") != "open"
        period = str(self.period_combo.currentData()) if closed else "all"
        self._switch("list")
        self.list_view.set_stage(stage_id, closed=closed, period=period)

    # moving ------------------------------------------------------------------------------
    @Slot(int, int)
    def request_move(self, deal_id: int, stage_id: int) -> bool:
        """Move a deal to a stage (a dropped card); won/lost asks for the reason first.

        Returns False when the user cancelled the reason (nothing is written).
        """
        outcome = self._outcomes.get(stage_id, "open")
        reason: str | None = None
        if outcome != "open":
            ok, reason = ask_reason(
                self._db, outcome == "won", self, deal_title=self._titles.get(deal_id, "")
            )
            if not ok:
                return False
        db = self._db
        self.board.hide_card(deal_id)

        def job() -> None:
            from crm_desktop.services.deals import move_deal

            with db.session() as s:
                move_deal(s, deal_id, stage_id, reason=reason)

        run_task(
            job,
            on_done=lambda _r: self._after_write(),
            on_error=self._move_failed,
            parent=self,
            write=True,
            show_progress=False,
        )
        return True

    def _move_failed(self, exc: BaseException) -> None:
        from crm_desktop.ui.workers import show_error

        self.refresh()  # the card comes back where it was
        show_error(self, exc)

    def _after_write(self) -> None:
        self.refresh()
        self.changed.emit()

    # dialogs ---------------------------------------------------------------------------
    def new_deal(self, *, quick_sale: bool = False, customer_id: int | None = None) -> DealDialog:
        """Open the deal dialog for a new deal or a quick sale."""
        return self._show_dialog(DealDialog(self._db, self, customer_id=customer_id, quick_sale=quick_sale))

    @Slot(int)
    def open_deal(self, deal_id: int) -> DealDialog:
        """Open a deal in the deal dialog."""
        return self._show_dialog(DealDialog(self._db, self, deal_id=deal_id))

    def _show_dialog(self, dialog: DealDialog) -> DealDialog:
        dialog.saved.connect(lambda _id: self._after_write())
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog
