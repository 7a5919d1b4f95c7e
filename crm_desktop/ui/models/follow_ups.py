"""Table models over the small, bounded follow-up lists (today, overdue, upcoming, done, one day).

The lists come from `services.follow_ups` as plain frozen rows (id, customer_id, customer_name,
customer_phone, kind, subject, due_at, done_at, outcome); a model only formats them. The
lists are small by construction (one day, one week, the newest N done), so a model holds its
rows in memory. Models never open dialogs and never touch the database.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QDateTime,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTime,
)
from PySide6.QtGui import QBrush, QColor
from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.db.models import KindOption

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
OVERDUE_COLOR = QColor("#c0392b")
DONE_COLOR = QColor("#7f8c8d")

SNOOZE_OPTIONS = ("hour", "tomorrow", "next_week")
# Pages re-read while they are on screen, so that "overdue" and "today" follow the clock.
AUTO_REFRESH_MS = 5 * 60_000

_Index = QModelIndex | QPersistentModelIndex


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(qdate: QDate) -> date:
    return date(qdate.year(), qdate.month(), qdate.day())


def to_qdatetime(moment: datetime) -> QDateTime:
    return QDateTime(to_qdate(moment.date()), QTime(moment.hour, moment.minute, moment.second))


def from_qdatetime(qdt: QDateTime) -> datetime:
    """A naive local datetime to the minute (what the services store)."""
    d, t = qdt.date(), qdt.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())


def snooze_target(option: str, due_at: datetime, now: datetime) -> datetime:
    """When a follow-up snoozed with `option` falls due again.

    "hour" is one hour from now; "tomorrow" and "next_week" keep the planned time of day
    (a call planned for 14:30 stays at 14:30) on the day after today or a week from today.
    """
    if option == "hour":
        return (now + timedelta(hours=1)).replace(second=0, microsecond=0)
    days = {"tomorrow": 1, "next_week": 7}.get(option)
    if days is None:
        raise ValueError(f"unknown snooze option {option!r}")
    return datetime.combine(now.date() + timedelta(days=days), due_at.time().replace(second=0, microsecond=0))


def default_due(now: datetime) -> datetime:
    """The due time a new follow-up starts with: tomorrow at 10:00 (an easy slot to change)."""
    return datetime.combine(now.date() + timedelta(days=1), time(10, 0))


def follow_up_kinds(s: Session, lang: str) -> list[tuple[str, str]]:
    """The follow-up kinds of this business as (code, display name), in their configured order."""
    rows = s.execute(
        select(KindOption.code, KindOption.name_zh, KindOption.name_en)
        .where(KindOption.category == "follow_up")
        .order_by(KindOption.position, KindOption.id)
    ).all()
    return [(code, zh if lang == "zh" else en) for code, zh, en in rows]


def format_when(value: datetime | date | None, today: date | None = None) -> str:
    """A short date-time: "14:30" for today, "11-24 14:30" this year, "2025-11-24 14:30" else."""
    if value is None:
        return ""
    if not isinstance(value, datetime):
        return value.isoformat()
    today = today or date.today()
    if value.date() == today:
        return value.strftime("%H:%M")
    if value.year == today.year:
        return value.strftime("%m-%d %H:%M")
    return value.strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True)
class Column:
    """One column of a row model: its header and how a row shows in it."""

    header: str
    value: Callable[[Any], Any]


class RowsModel(QAbstractTableModel):
    """A read-only table over a short list of plain rows; `ROW_ROLE` gives the row itself."""

    def __init__(self, columns: Sequence[Column], parent: Any = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_of(self, row_id: int) -> int:
        """The position of the row whose `id` is `row_id`, or -1."""
        return next((i for i, r in enumerate(self._rows) if getattr(r, "id", None) == row_id), -1)

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_at(self, row: int) -> Any | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 -- Qt API
        return 0 if parent.isValid() else len(self._rows)

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
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = self._columns[index.column()].value(row)
            return "" if value is None else str(value)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.row_brush(row)
        return None

    def row_brush(self, row: Any) -> QBrush | None:
        return None


class FollowUpTableModel(RowsModel):
    """Follow-up rows: open ones by due time (overdue in red), done ones with their outcome."""

    def __init__(
        self,
        *,
        done: bool = False,
        phone: bool = True,
        kind_names: dict[str, str] | None = None,
        now: datetime | None = None,
        parent: Any = None,
    ) -> None:
        self.kind_names: dict[str, str] = dict(kind_names or {})
        self.now = now or datetime.now()
        self._done = done
        super().__init__(self._make_columns(done, phone), parent)

    def _make_columns(self, done: bool, phone: bool) -> list[Column]:
        def kind(r: Any) -> str:
            return self.kind_names.get(r.kind, r.kind)

        def when(value: datetime | None) -> str:
            return format_when(value, self.now.date())

        if done:
            return [
                Column(QCoreApplication.translate("FollowUpModel", "Done"), lambda r: when(r.done_at)),
                Column(QCoreApplication.translate("FollowUpModel", "Customer"), lambda r: r.customer_name),
                Column(QCoreApplication.translate("FollowUpModel", "Kind"), kind),
                Column(QCoreApplication.translate("FollowUpModel", "Subject"), lambda r: r.subject),
                Column(QCoreApplication.translate("FollowUpModel", "Outcome"), lambda r: r.outcome or ""),
            ]
        columns = [
            Column(QCoreApplication.translate("FollowUpModel", "Due"), lambda r: when(r.due_at)),
            Column(QCoreApplication.translate("FollowUpModel", "Customer"), lambda r: r.customer_name),
            Column(QCoreApplication.translate("FollowUpModel", "Phone"), lambda r: r.customer_phone or ""),
            Column(QCoreApplication.translate("FollowUpModel", "Kind"), kind),
            Column(QCoreApplication.translate("FollowUpModel", "Subject"), lambda r: r.subject),
        ]
        # the narrow list under the calendar leaves the phone out
        return columns if phone else [c for i, c in enumerate(columns) if i != 2]

    def set_follow_ups(self, rows: Sequence[Any], *, now: datetime | None = None) -> None:
        if now is not None:
            self.now = now
        self.set_rows(rows)

    def row_brush(self, row: Any) -> QBrush | None:
        if self._done or getattr(row, "done_at", None) is not None:
            return QBrush(DONE_COLOR)
        if row.due_at < self.now:
            return QBrush(OVERDUE_COLOR)
        return None
