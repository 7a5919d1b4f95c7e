"""A month calendar that shows how many follow-ups fall on each day (the Follow-ups page)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, QRect, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QTextCharFormat
from PySide6.QtWidgets import QCalendarWidget, QWidget

from crm_desktop.ui.models.follow_ups import OVERDUE_COLOR, from_qdate


class FollowUpCalendar(QCalendarWidget):
    """A month calendar that prints how many follow-ups fall on each day.

    Days with open follow-ups are highlighted (red while they are overdue); a small count sits
    in the cell's corner: open ones, plus done ones after a slash. Red means overdue and nothing
    else: weekends are written like the other days (Qt paints them red by default).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counts: dict[date, tuple[int, int]] = {}
        self.today = date.today()
        self.setGridVisible(True)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        neutral = QTextCharFormat()
        neutral.setForeground(self.palette().color(QPalette.ColorRole.Text))
        for weekend_day in (Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday):
            self.setWeekdayTextFormat(weekend_day, neutral)

    def set_counts(self, counts: dict[date, tuple[int, int]], today: date) -> None:
        self.counts = counts
        self.today = today
        self.updateCells()

    def visible_range(self) -> tuple[date, date]:
        """The first and last day of the month shown (the cells from other months are dimmed)."""
        first = date(self.yearShown(), self.monthShown(), 1)
        last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        return first, last

    def paintCell(self, painter: QPainter, rect: QRect, qdate: QDate) -> None:
        day = from_qdate(qdate)
        still_open, done = self.counts.get(day, (0, 0))
        super().paintCell(painter, rect, qdate)
        if still_open:
            # a translucent wash over the painted cell keeps the day number readable
            painter.save()
            color = QColor(OVERDUE_COLOR if day < self.today else QColor("#2e86c1"))
            color.setAlpha(45)
            painter.fillRect(rect.adjusted(1, 1, -1, -1), color)
            painter.restore()
        if still_open or done:
            painter.save()
            font = QFont(painter.font())
            font.setPointSizeF(max(6.0, font.pointSizeF() * 0.7))
            font.setBold(bool(still_open))
            painter.setFont(font)
            painter.setPen(QColor(OVERDUE_COLOR) if still_open and day < self.today else QColor("#1b4f72"))
            text = str(still_open) if not done else f"{still_open}/{done}"
            painter.drawText(
                rect.adjusted(2, 1, -3, -1), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, text
            )
            painter.restore()
