"""The service record table: newest first, open records older than N days highlighted.

Rows come from `service_records.list_service_records` (filters in SQL, capped at `LIST_LIMIT`
newest); the model only formats them. The number of days after which an open record counts as
stale is a business setting in the database (`STALE_DAYS_KEY`), so a backup carries it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from sqlalchemy.orm import Session

from crm_desktop.services.service_records import OPEN_STATUSES, ServiceRow
from crm_desktop.ui.models.follow_ups import Column, RowsModel

STALE_DAYS_KEY = "service_stale_days"
DEFAULT_STALE_DAYS = 7
LIST_LIMIT = 2000
STALE_BACKGROUND = QColor("#fdebd0")
STALE_FOREGROUND = QColor("#a04000")
DONE_COLOR = QColor("#7f8c8d")

_Index = QModelIndex | QPersistentModelIndex


def status_names() -> dict[str, str]:
    """Display names of the service statuses in the UI language."""
    return {
        "open": QCoreApplication.translate("ServiceModel", "Open"),
        "in_progress": QCoreApplication.translate("ServiceModel", "In progress"),
        "resolved": QCoreApplication.translate("ServiceModel", "Resolved"),
        "closed": QCoreApplication.translate("ServiceModel", "Closed"),
    }


def stale_days(s: Session) -> int:
    """After how many days an open record is highlighted (the stored setting, else the default)."""
    from crm_desktop.services.presets import get_setting

    value = get_setting(s, STALE_DAYS_KEY)
    return int(value) if isinstance(value, int | float) and value >= 1 else DEFAULT_STALE_DAYS


def set_stale_days(s: Session, days: int) -> None:
    """Store the number of days (whole, at least 1)."""
    from crm_desktop.services.presets import set_setting

    set_setting(s, STALE_DAYS_KEY, max(1, int(days)))


def stars(score: int | None) -> str:
    return "★" * score + "☆" * (5 - score) if score else ""


class ServiceTableModel(RowsModel):
    """Service rows; open ones older than `stale_days` get a warm background."""

    def __init__(self, kind_names: dict[str, str] | None = None, parent: Any = None) -> None:
        self.kind_names: dict[str, str] = dict(kind_names or {})
        self.now = datetime.now()
        self.stale_days = DEFAULT_STALE_DAYS
        statuses = status_names()

        def day(value: datetime | None) -> str:
            return value.strftime("%Y-%m-%d %H:%M") if value is not None else ""

        super().__init__(
            [
                Column(QCoreApplication.translate("ServiceModel", "Opened"), lambda r: day(r.opened_at)),
                Column(QCoreApplication.translate("ServiceModel", "Customer"), lambda r: r.customer_name),
                Column(QCoreApplication.translate("ServiceModel", "Phone"), lambda r: r.customer_phone or ""),
                Column(
                    QCoreApplication.translate("ServiceModel", "Kind"),
                    lambda r: self.kind_names.get(r.kind, r.kind),
                ),
                Column(QCoreApplication.translate("ServiceModel", "Subject"), lambda r: r.subject),
                Column(
                    QCoreApplication.translate("ServiceModel", "Status"),
                    lambda r: statuses.get(r.status, r.status),
                ),
                Column(
                    QCoreApplication.translate("ServiceModel", "Resolved on"), lambda r: day(r.resolved_at)
                ),
                Column(
                    QCoreApplication.translate("ServiceModel", "Satisfaction"),
                    lambda r: stars(r.satisfaction),
                ),
            ],
            parent,
        )

    def set_records(self, rows: list[ServiceRow], *, now: datetime, stale_days: int) -> None:
        self.now, self.stale_days = now, stale_days
        self.set_rows(rows)

    def is_stale(self, row: ServiceRow) -> bool:
        """Still open (or in progress) and opened more than `stale_days` days ago."""
        return row.status in OPEN_STATUSES and row.opened_at < self.now - timedelta(days=self.stale_days)

    def stale_count(self) -> int:
        return sum(1 for r in self.rows() if self.is_stale(r))

    def row_brush(self, row: Any) -> QBrush | None:
        if self.is_stale(row):
            return QBrush(STALE_FOREGROUND)
        if row.status not in OPEN_STATUSES:
            return QBrush(DONE_COLOR)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and index.isValid():
            row = self.row_at(index.row())
            return QBrush(STALE_BACKGROUND) if row is not None and self.is_stale(row) else None
        return super().data(index, role)
