"""Reminders: follow-ups falling due raise a notification while the app runs.

`Reminders.start()` checks once at start and then every minute. Each follow-up is reminded
once per run (again only if it was snoozed to a later time). Where the desktop has a system tray the message is a tray balloon; otherwise
it shows in `ReminderBanner`, a strip the shell places at the top of the window. Clicking
either emits `open_requested` (the shell shows the Follow-ups page).

`check(now)` takes the time explicitly so that tests drive the clock instead of sleeping.
The query runs through the worker helper: the overdue backlog grows with the data.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QSystemTrayIcon,
    QWidget,
)

from crm_desktop.db.engine import Database
from crm_desktop.ui.models.follow_ups import format_when
from crm_desktop.ui.workers import run_task

log = logging.getLogger(__name__)

CHECK_INTERVAL_MS = 60_000
NAMES_SHOWN = 3


def due_follow_ups(db: Database, now: datetime, since: datetime | None = None) -> list[Any]:
    """Open follow-ups whose due time has come by `now`.

    Without `since` (the first check of a run) the whole overdue backlog is included; later
    checks read only the days of `since` and `now` (one day's list, not the backlog, which grows
    with the data), since anything due earlier was already there at the previous check.
    """
    from crm_desktop.services.follow_ups import follow_ups_due_today, follow_ups_overdue

    with db.session() as s:
        if since is None:
            rows = [*follow_ups_overdue(s, now), *follow_ups_due_today(s, now)]
        else:
            rows = follow_ups_due_today(s, now)
            if since.date() != now.date():  # the app ran past midnight
                rows = [*follow_ups_due_today(s, since), *rows]
    return [r for r in rows if r.due_at <= now]


class ReminderBanner(QFrame):
    """An in-app notification strip (for desktops without a tray); hidden until a reminder.

    One line high (the main window reserves that height in its status bar, so the strip
    moves nothing when it shows): a long text is cut, and shown whole as its tooltip.
    """

    open_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reminderBanner")
        self.setStyleSheet(
            "#reminderBanner { background: #fff4d6; border: 1px solid #e0b84c; border-radius: 4px; }"
        )
        self.message = QLabel(self)
        self.message.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.open_button = QPushButton(self.tr("Open follow-ups"), self)
        self.close_button = QPushButton(self.tr("Dismiss"), self)
        self.open_button.clicked.connect(self._open)
        self.close_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.open_button)
        layout.addWidget(self.close_button)
        self.hide()

    def show_message(self, title: str, text: str) -> None:
        self.message.setText(f"<b>{_html(title)}</b> {_html(text)}")
        self.setToolTip(f"{title} {text}")
        self.show()

    def text(self) -> str:
        return self.message.text()

    def _open(self) -> None:
        self.hide()
        self.open_clicked.emit()


class Reminders(QObject):
    """Checks for follow-ups falling due and notifies about each one once per run."""

    reminded = Signal(list)  # the follow-up rows just reminded about
    open_requested = Signal()

    def __init__(
        self,
        db: Database,
        banner: ReminderBanner | None = None,
        parent: QObject | None = None,
        *,
        use_tray: bool | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        """`use_tray=None` uses the system tray when the desktop has one, else `banner`."""
        super().__init__(parent)
        self._db = db
        self._clock = clock or (lambda: datetime.now().replace(microsecond=0))
        # (id, due time): a snoozed follow-up is reminded again when its new time comes
        self._seen: set[tuple[int, datetime]] = set()
        self.banner = banner
        if banner is not None:
            banner.open_clicked.connect(self.open_requested)
        if use_tray is None:
            use_tray = QSystemTrayIcon.isSystemTrayAvailable()
        self.tray: QSystemTrayIcon | None = None
        if use_tray:
            self.tray = QSystemTrayIcon(_app_icon(), self)
            self.tray.setToolTip("CRM Desktop")
            self.tray.messageClicked.connect(self.open_requested)
            self.tray.activated.connect(lambda _reason: self.open_requested.emit())
            self.tray.show()
        self.last_reminded: list[Any] = []
        self._last_check: datetime | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        """Check now (follow-ups already due at start) and then every minute."""
        self.check()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        if self.tray is not None:
            self.tray.hide()

    @Slot()
    def check(self, now: datetime | None = None) -> None:
        """Look (in a worker) for follow-ups due by `now` not reminded yet, and notify about them.

        `reminded` carries the rows notified about; `last_reminded` keeps them too.
        """
        db, moment, since = self._db, now or self._clock(), self._last_check
        self._last_check = moment if since is None else max(since, moment)
        run_task(
            lambda: due_follow_ups(db, moment, since),
            on_done=self._arrived,
            on_error=self._failed,
            show_progress=False,
        )

    def _failed(self, exc: BaseException) -> None:
        # No message box every minute (a database busy with an import, say): the next check
        # reads today's list again, so nothing due is lost.
        log.warning("follow-up reminder check failed: %s", exc)

    def _arrived(self, rows: list[Any]) -> None:
        fresh = [r for r in rows if (r.id, r.due_at) not in self._seen]
        if not fresh:
            return
        self._seen.update((r.id, r.due_at) for r in fresh)
        self.last_reminded = fresh
        title, text = self.message_for(fresh)
        if self.tray is not None:
            self.tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, 15_000)
        elif self.banner is not None:
            self.banner.show_message(title, text)
        self.reminded.emit(fresh)

    @Slot()
    def follow_ups_changed(self) -> None:
        """Follow-ups were completed, snoozed or edited: the banner keeps only those still due.

        A banner whose follow-ups are all dealt with hides; a dismissed one stays dismissed.
        """
        shown = {r.id for r in self.last_reminded}
        if not shown or self.banner is None or self.banner.isHidden():
            return  # nothing on screen to correct (a tray message fades by itself)
        db, moment = self._db, self._clock()
        run_task(
            lambda: due_follow_ups(db, moment),
            on_done=lambda rows: self._still_due([r for r in rows if r.id in shown]),
            on_error=self._failed,
            show_progress=False,
        )

    def _still_due(self, rows: list[Any]) -> None:
        self.last_reminded = rows
        if self.banner is None or self.banner.isHidden():
            return
        if rows:
            self.banner.show_message(*self.message_for(rows))
        else:
            self.banner.hide()

    def message_for(self, rows: Sequence[Any]) -> tuple[str, str]:
        """The notification's title and one-line text for the follow-ups in `rows`."""
        if len(rows) == 1:
            r = rows[0]
            title = self.tr("Follow-up due")
            who = r.customer_name + (f" ({r.customer_phone})" if r.customer_phone else "")
            what = f": {r.subject}" if r.subject else ""
            when = format_when(r.due_at, (self._last_check or self._clock()).date())
            return title, self.tr("{0} at {1}{2}").format(who, when, what)
        names = (
            "、".join(r.customer_name for r in rows[:NAMES_SHOWN])
            if _chinese()
            else ", ".join(r.customer_name for r in rows[:NAMES_SHOWN])
        )
        more = len(rows) - NAMES_SHOWN
        if more > 0:
            names = self.tr("{0} and {1} more").format(names, more)
        return self.tr("{0} follow-ups due").format(len(rows)), names


def _chinese() -> bool:
    from crm_desktop.ui.i18n import ui_lang

    return ui_lang() == "zh"


def _app_icon() -> QIcon:
    app = QApplication.instance()
    icon = app.windowIcon() if isinstance(app, QApplication) else QIcon()
    if icon.isNull() and isinstance(app, QApplication):
        icon = app.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)
    return icon


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
