"""The kanban board: one column per pipeline stage, deal cards dragged between columns.

A card starts a `QDrag` whose mime data carries the deal id (`MIME_TYPE`); a column that
receives the drop calls `KanbanBoard.drop_mime`, which emits `move_requested(deal_id,
stage_id)`. The board itself never writes: the page decides (a won or lost column asks for
the reason first) and reloads the board, so a cancelled move leaves the card where it was.
Tests drive a move through `drop_mime(board.mime_for(deal_id), stage_id)`, the very path a
real drop takes. A column shows at most the cards it is given (the page caps them) and a
"+ N more" button when its stage holds more.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QMimeData, QPoint, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QDrag,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

MIME_TYPE = "application/x-crm-desktop-deal-id"
COLUMN_WIDTH = 220
# Colours through palettes, not style sheets: a sheet makes Qt polish every one of the ~1,000
# widgets of a full board (measured: 0.35-0.45 s to build and paint 200 cards with a sheet and
# child labels; painted cards without a sheet: see tests/bench/bench_pipeline_ui.py).
_CARD_COLOR = {"open": QColor("#ffffff"), "won": QColor("#eafaf1"), "lost": QColor("#f4f6f6")}
_BORDER_COLOR = {"open": QColor("#c8ced6"), "won": QColor("#82c9a0"), "lost": QColor("#c8ced6")}
_COLUMN_COLOR = QColor("#eef1f4")
_DROP_COLOR = QColor("#d6eaf8")
_DETAIL_COLOR = QColor("#7f8c8d")
_HEADER_COLOR = {"open": "#2c3e50", "won": "#1e8449", "lost": "#7f8c8d"}


@dataclass(frozen=True)
class CardData:
    """What one card shows."""

    deal_id: int
    title: str
    customer: str
    amount_text: str
    status: str  # open | won | lost
    detail: str = ""  # expected close or close reason


@dataclass(frozen=True)
class ColumnData:
    """One stage column: its header figures and the cards to show (capped by the page)."""

    stage_id: int
    name: str
    outcome: str
    count: int
    amount_text: str
    weighted_text: str
    cards: Sequence[CardData] = field(default_factory=tuple)


def deal_id_from(mime: QMimeData) -> int | None:
    """The deal id carried by a drag, or None when the drag is not a deal card."""
    if not mime.hasFormat(MIME_TYPE):
        return None
    try:
        return int(bytes(mime.data(MIME_TYPE).data()).decode("ascii"))
    except ValueError:
        return None


class DealCard(QWidget):
    """A deal card, painted in one widget (no child labels: a full board stays ~200 widgets and
    builds quickly); open deals can be dragged, any card opens the deal on double-click."""

    PADDING = 6

    def __init__(self, card: CardData, board: KanbanBoard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.card = card
        self._board = board
        self._press: QPoint | None = None
        lines = 3 if card.detail else 2
        self.setFixedHeight(lines * self.fontMetrics().height() + 2 * self.PADDING + 4)
        self.setToolTip("\n".join(p for p in (card.title, card.customer, card.amount_text, card.detail) if p))
        if card.status == "open":
            self.setCursor(Qt.CursorShape.OpenHandCursor)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(_BORDER_COLOR.get(self.card.status, _BORDER_COLOR["open"])))
        painter.setBrush(_CARD_COLOR.get(self.card.status, _CARD_COLOR["open"]))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
        pad = self.PADDING
        width = self.width() - 2 * pad
        line = self.fontMetrics().height()
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        title = QFontMetrics(bold).elidedText(self.card.title, Qt.TextElideMode.ElideRight, width)
        painter.drawText(QRect(pad, pad, width, line), Qt.AlignmentFlag.AlignLeft, title)
        painter.setFont(self.font())
        metrics = self.fontMetrics()
        amount_width = metrics.horizontalAdvance(self.card.amount_text)
        who = metrics.elidedText(self.card.customer, Qt.TextElideMode.ElideRight, width - amount_width - 8)
        painter.drawText(QRect(pad, pad + line, width, line), Qt.AlignmentFlag.AlignLeft, who)
        painter.drawText(
            QRect(pad, pad + line, width, line), Qt.AlignmentFlag.AlignRight, self.card.amount_text
        )
        if self.card.detail:
            painter.setPen(_DETAIL_COLOR)
            detail = metrics.elidedText(self.card.detail, Qt.TextElideMode.ElideRight, width)
            painter.drawText(QRect(pad, pad + 2 * line, width, line), Qt.AlignmentFlag.AlignLeft, detail)
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if (
            self._press is not None
            and self.card.status == "open"
            and event.buttons() & Qt.MouseButton.LeftButton
            and (event.position().toPoint() - self._press).manhattanLength()
            >= QApplication.startDragDistance()
        ):
            self._press = None
            drag = QDrag(self)
            drag.setMimeData(self._board.mime_for(self.card.deal_id))
            drag.setPixmap(self.grab())
            drag.exec(Qt.DropAction.MoveAction)
            return
        super().mouseMoveEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        # The same move without dragging (touchpads, a slow hand): right-click, pick a stage.
        menu = self._board.move_menu(self.card, self)
        if menu.actions():
            menu.exec(event.globalPos())
        menu.deleteLater()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self._board.deal_activated.emit(self.card.deal_id)
        super().mouseDoubleClickEvent(event)


class KanbanColumn(QFrame):
    """One stage: a header with its figures, its cards, and "+ more" when some are not shown."""

    def __init__(self, data: ColumnData, board: KanbanBoard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data = data
        self._board = board
        self.setAcceptDrops(True)
        self.setFixedWidth(COLUMN_WIDTH)
        _fill(self, _COLUMN_COLOR)
        color = _HEADER_COLOR.get(data.outcome, "#2c3e50")
        self.header = QLabel(self)
        self.header.setWordWrap(True)
        self.header.setText(
            f"<span style='color:{color}; font-weight:bold;'>{_html(data.name)}</span>"
            f" <span style='color:#7f8c8d;'>({data.count})</span><br>"
            + _html(self.tr("Total {0}").format(data.amount_text))
            + (
                "<br>" + _html(self.tr("Expected {0}").format(data.weighted_text))
                if data.outcome == "open"
                else ""
            )
        )
        if data.outcome == "open":
            self.header.setToolTip(self.tr("Expected sales: the amount × the stage's chance of closing"))
        cards_host = QWidget(self)
        cards_layout = QVBoxLayout(cards_host)
        cards_layout.setContentsMargins(2, 2, 2, 2)
        cards_layout.setSpacing(4)
        self.cards: list[DealCard] = []
        for card in data.cards:
            widget = DealCard(card, board, cards_host)
            self.cards.append(widget)
            cards_layout.addWidget(widget)
        hidden = data.count - len(data.cards)
        self.more_button: QPushButton | None = None
        if hidden > 0:
            self.more_button = QPushButton(self.tr("+ %n more", "", hidden), cards_host)
            self.more_button.setFlat(True)
            self.more_button.clicked.connect(lambda: board.more_requested.emit(data.stage_id))
            cards_layout.addWidget(self.more_button)
        cards_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(cards_host)
        scroll.viewport().setAutoFillBackground(False)  # the column's colour shows through
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.header)
        layout.addWidget(scroll, 1)

    def card_ids(self) -> list[int]:
        return [c.card.deal_id for c in self.cards]

    def _highlight(self, on: bool) -> None:
        _fill(self, _DROP_COLOR if on else _COLUMN_COLOR)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if deal_id_from(event.mimeData()) is not None:
            self._highlight(True)
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if deal_id_from(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dragLeaveEvent(self, event: object) -> None:
        self._highlight(False)

    def dropEvent(self, event: QDropEvent) -> None:
        self._highlight(False)
        deal_id = deal_id_from(event.mimeData())
        if deal_id is None:
            event.ignore()
            return
        # Settle the drag before the move: the page may rebuild the board (this column too).
        event.acceptProposedAction()
        self._board.drop_deal(deal_id, self.data.stage_id)


class KanbanBoard(QScrollArea):
    """The columns side by side, scrolling sideways when there are many stages."""

    move_requested = Signal(int, int)  # deal id, target stage id
    deal_activated = Signal(int)  # deal id (double-click)
    more_requested = Signal(int)  # stage id whose hidden cards the user wants to see

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.columns: list[KanbanColumn] = []
        self._host = QWidget()
        self._row = QHBoxLayout(self._host)
        self._row.setContentsMargins(4, 4, 4, 4)
        self._row.setSpacing(8)
        self._row.addStretch(1)
        self._host.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.setWidget(self._host)

    def set_columns(self, columns: Sequence[ColumnData]) -> None:
        """Rebuild the board from `columns` (board order)."""
        for old in self.columns:
            self._row.removeWidget(old)
            old.deleteLater()
        self.columns = []
        for index, data in enumerate(columns):
            column = KanbanColumn(data, self, self._host)
            self._row.insertWidget(index, column)
            self.columns.append(column)

    def hide_card(self, deal_id: int) -> None:
        """Take a card off the board at once while its move is being written (the reload that
        follows shows it in its new column, or back in place if the move failed)."""
        for column in self.columns:
            for card in column.cards:
                if card.card.deal_id == deal_id:
                    card.hide()

    def column(self, stage_id: int) -> KanbanColumn | None:
        return next((c for c in self.columns if c.data.stage_id == stage_id), None)

    def stage_of(self, deal_id: int) -> int | None:
        """The stage whose column shows the card of `deal_id`, or None."""
        return next((c.data.stage_id for c in self.columns if deal_id in c.card_ids()), None)

    def move_menu(self, card: CardData, parent: QWidget | None = None) -> QMenu:
        """A "Move to" menu of the other stages for an open deal's card (empty for a closed one)."""
        menu = QMenu(parent)
        if card.status != "open":
            return menu
        current = self.stage_of(card.deal_id)
        menu.addSection(self.tr("Move to"))
        for column in self.columns:
            if column.data.stage_id == current:
                continue
            action = menu.addAction(column.data.name)
            action.triggered.connect(
                lambda _checked=False, sid=column.data.stage_id: self.drop_deal(card.deal_id, sid)
            )
        open_action = menu.addAction(self.tr("Open…"))
        open_action.triggered.connect(lambda _checked=False: self.deal_activated.emit(card.deal_id))
        return menu

    def mime_for(self, deal_id: int) -> QMimeData:
        """The drag payload of a deal card."""
        mime = QMimeData()
        mime.setData(MIME_TYPE, str(deal_id).encode("ascii"))
        mime.setText(str(deal_id))
        return mime

    def drop_mime(self, mime: QMimeData, stage_id: int) -> bool:
        """Handle a drop of `mime` on the column of `stage_id`; True when it asked for a move."""
        deal_id = deal_id_from(mime)
        return deal_id is not None and self.drop_deal(deal_id, stage_id)

    def drop_deal(self, deal_id: int, stage_id: int) -> bool:
        """A card of `deal_id` was dropped on the column of `stage_id`; True when it asked for a move."""
        if self.stage_of(deal_id) == stage_id:
            return False  # dropped back where it came from
        self.move_requested.emit(deal_id, stage_id)
        return True


def _fill(widget: QWidget, color: QColor) -> None:
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.Window, color)
    widget.setPalette(palette)
    widget.setAutoFillBackground(True)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
