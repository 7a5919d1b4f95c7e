"""The deal list model: the filtered, sorted ids first, rows fetched a page at a time.

`deal_lists.deal_ids` runs the filters and the sort in SQL; `rowCount()` is the number of
ids and `data()` fills a page cache through `deal_rows` on a miss, so a list of 100,000 deals
opens at once and memory stays flat. Clicking a header re-runs the id query with that sort
key (no proxy model). Models never open dialogs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.db.engine import Database
from crm_desktop.db.models import KindOption
from crm_desktop.fields import format_money
from crm_desktop.services.deal_lists import DealQuery, DealRow

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
PAGE_SIZE = 200
WON_COLOR = QColor("#1e8449")
LOST_COLOR = QColor("#7f8c8d")

_Index = QModelIndex | QPersistentModelIndex


def money(value: float | None) -> str:
    """An amount as the board and lists show it (the core's one money format)."""
    return format_money(value)


def kind_options(s: Session, category: str, lang: str) -> list[tuple[str, str]]:
    """(code, display name) of one configured option list (service kinds, won/lost reasons)."""
    rows = s.execute(
        select(KindOption.code, KindOption.name_zh, KindOption.name_en)
        .where(KindOption.category == category)
        .order_by(KindOption.position, KindOption.id)
    ).all()
    return [(code, zh if lang == "zh" else en) for code, zh, en in rows]


def _day(value: date | datetime | None) -> str:
    if value is None:
        return ""
    return value.strftime("%Y-%m-%d")


@dataclass(frozen=True)
class DealColumn:
    """One list column: its header, the sort key it maps to (None: not sortable), its text."""

    header: str
    sort_key: str | None
    value: Callable[[DealRow, str], str]


def deal_columns() -> list[DealColumn]:
    """The columns of the deal list, headers in the UI language."""

    def stage(r: DealRow, lang: str) -> str:
        return r.stage_name_zh if lang == "zh" else r.stage_name_en

    return [
        DealColumn(
            QCoreApplication.translate("DealTableModel", "Created"),
            "created_at",
            lambda r, _lang: _day(r.created_at),
        ),
        DealColumn(
            QCoreApplication.translate("DealTableModel", "Customer"),
            "customer",
            lambda r, _lang: r.customer_name,
        ),
        DealColumn(QCoreApplication.translate("DealTableModel", "Title"), "title", lambda r, _lang: r.title),
        DealColumn(
            QCoreApplication.translate("DealTableModel", "Amount"), "amount", lambda r, _lang: money(r.amount)
        ),
        DealColumn(QCoreApplication.translate("DealTableModel", "Stage"), "stage", stage),
        DealColumn(
            QCoreApplication.translate("DealTableModel", "Expected close"),
            "expected_close",
            lambda r, _lang: _day(r.expected_close),
        ),
        DealColumn(
            QCoreApplication.translate("DealTableModel", "Closed"),
            "closed_at",
            lambda r, _lang: _day(r.closed_at),
        ),
        DealColumn(
            QCoreApplication.translate("DealTableModel", "Reason"),
            None,
            lambda r, _lang: r.close_reason or "",
        ),
    ]


class DealTableModel(QAbstractTableModel):
    """Deals matching a `DealQuery`, in its SQL sort order; `ROW_ROLE` gives the `DealRow`."""

    def __init__(self, db: Database, lang: str, parent: Any = None) -> None:
        super().__init__(parent)
        self._db = db
        self._lang = lang
        self._columns = deal_columns()
        self._ids: list[int] = []
        self._cache: dict[int, DealRow] = {}

    # loading -------------------------------------------------------------------------
    def set_ids(self, ids: list[int]) -> None:
        """Show these deal ids (the result of `deal_ids`), dropping cached rows."""
        self.beginResetModel()
        self._ids = list(ids)
        self._cache = {}
        self.endResetModel()

    def ids(self) -> list[int]:
        return list(self._ids)

    def sort_key(self, column: int) -> str | None:
        """The `DealQuery.sort_key` of a column, or None when it does not sort."""
        return self._columns[column].sort_key if 0 <= column < len(self._columns) else None

    def row_at(self, row: int) -> DealRow | None:
        """The deal on `row` (fetching its page when needed)."""
        if not 0 <= row < len(self._ids):
            return None
        deal_id = self._ids[row]
        if deal_id not in self._cache:
            self._fetch_page(row)
        return self._cache.get(deal_id)

    def _fetch_page(self, row: int) -> None:
        from crm_desktop.services.deal_lists import deal_rows

        start = (row // PAGE_SIZE) * PAGE_SIZE
        page = self._ids[start : start + PAGE_SIZE]
        with self._db.session() as s:
            for found in deal_rows(s, page):
                self._cache[found.id] = found
        if len(self._cache) > PAGE_SIZE * 20:  # keep memory flat while scrolling far
            keep = set(page)
            self._cache = {k: v for k, v in self._cache.items() if k in keep}

    # Qt API --------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 -- Qt API
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 -- Qt API
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section].header
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._columns[index.column()].value(row, self._lang)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.status == "won":
                return QBrush(WON_COLOR)
            if row.status == "lost":
                return QBrush(LOST_COLOR)
        if role == Qt.ItemDataRole.TextAlignmentRole and self._columns[index.column()].sort_key == "amount":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def query_ids(db: Database, query: DealQuery) -> list[int]:
    """`deal_ids` in its own session (runs in a worker)."""
    from crm_desktop.services.deal_lists import deal_ids

    with db.session() as s:
        return deal_ids(s, query)
