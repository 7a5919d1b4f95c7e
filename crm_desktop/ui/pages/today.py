"""The Today page: what needs doing now -- follow-ups due today and overdue, birthdays this
week, and the newest open service records. Every row opens its customer.

All three lists are bounded: the overdue backlog and today's follow-ups show their
`FOLLOW_UP_LIMIT` most urgent each (oldest due first), with "and N more" opening the Follow-ups
page; one week of birthdays; the newest `SERVICE_LIMIT` open service records.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCore import QLocale, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.db.engine import Database
from crm_desktop.db.keys import DEFAULT_PHONE_REGION, display_phone
from crm_desktop.ui.dialogs.follow_up import CompleteFollowUpDialog
from crm_desktop.ui.i18n import ui_lang
from crm_desktop.ui.models.follow_ups import (
    ROW_ROLE,
    Column,
    FollowUpTableModel,
    RowsModel,
    follow_up_kinds,
    format_when,
    to_qdate,
)
from crm_desktop.ui.widgets.follow_up_views import (
    make_table,
    on_selection_change,
    set_rows_keeping_selection,
    start_auto_refresh,
)
from crm_desktop.ui.workers import run_task

FOLLOW_UP_LIMIT = 200  # each of overdue and due today; a neglected backlog can hold thousands
SERVICE_LIMIT = 20
PHONE_COLUMN = 2  # in the follow-up list and the birthday list
BIRTHDAY_DAYS = 7


class TodayPage(QWidget):
    """Today's work at a glance; `open_customer(id)` asks the shell to open a customer."""

    open_customer = Signal(int)
    changed = Signal()  # a follow-up was completed here
    show_follow_ups = Signal()  # the user wants the full Follow-ups page

    def __init__(
        self, db: Database, parent: QWidget | None = None, *, clock: Callable[[], datetime] | None = None
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._clock = clock or (lambda: datetime.now().replace(microsecond=0))
        self._open_dialog: Any = None
        self._generation = 0
        self._phone_region = DEFAULT_PHONE_REGION  # the business's country (read with the lists)

        self.title = QLabel(self)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)

        # follow-ups due today and overdue
        self.follow_up_model = _TodayFollowUps(self, parent=self)
        self.follow_up_view = make_table(self.follow_up_model, self)
        self.follow_up_view.activated.connect(self._activated)
        on_selection_change(self.follow_up_view, self._update_buttons)
        self.done_button = QPushButton(self.tr("Mark done"), self)
        self.done_button.setToolTip(self.tr("Mark the selected follow-up done now, without an outcome"))
        self.complete_button = QPushButton(self.tr("Complete…"), self)
        self.complete_button.setToolTip(self.tr("Write the outcome and plan the next follow-up"))
        self.all_button = QPushButton(self.tr("All follow-ups"), self)
        # the one-click done is easy to hit by mistake: offer to take it back
        self.undo_label = QLabel(self)
        self.undo_button = QPushButton(self.tr("Undo"), self)
        self.undo_button.clicked.connect(lambda: self.undo_done())
        self._undo_id: int | None = None
        self.done_button.clicked.connect(lambda: self.mark_selected_done())
        self.complete_button.clicked.connect(lambda: self.complete_selected())
        self.all_button.clicked.connect(self.show_follow_ups)
        # shown when a list was cut at FOLLOW_UP_LIMIT: the rest are on the Follow-ups page
        self.more_label = QLabel(self)
        self.more_label.setTextFormat(Qt.TextFormat.RichText)
        self.more_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.more_label.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.more_label.linkActivated.connect(lambda _link: self.show_follow_ups.emit())
        self.more_label.hide()
        self.follow_up_box = QGroupBox(self)
        box_layout = QVBoxLayout(self.follow_up_box)
        box_layout.addWidget(self.follow_up_view)
        box_layout.addWidget(self.more_label)
        row_buttons = QHBoxLayout()
        for w in (self.done_button, self.complete_button, self.undo_label, self.undo_button):
            row_buttons.addWidget(w)
        self._show_undo(None)
        row_buttons.addStretch(1)
        row_buttons.addWidget(self.all_button)
        box_layout.addLayout(row_buttons)

        # birthdays this week
        self.birthday_model = RowsModel(
            [
                Column(self.tr("Birthday"), lambda r: self._day_text(r.on)),
                Column(self.tr("Customer"), lambda r: r.name),
                Column(self.tr("Phone"), lambda r: display_phone(r.phone, self._phone_region)),
                # the age on that birthday (a missing or impossible year shows nothing)
                Column(self.tr("Age"), lambda r: str(r.years) if 0 < r.years < 130 else ""),
            ],
            self,
        )
        self.birthday_view = make_table(self.birthday_model, self)
        # a phone number is never cut ("+86 151 2952 ⋯"): its column takes what it needs
        for view in (self.follow_up_view, self.birthday_view):
            view.horizontalHeader().setSectionResizeMode(
                PHONE_COLUMN, QHeaderView.ResizeMode.ResizeToContents
            )
        self.birthday_view.activated.connect(self._activated)
        self.birthday_box = QGroupBox(self)
        QVBoxLayout(self.birthday_box).addWidget(self.birthday_view)

        # newest open service records
        self.service_model = RowsModel(
            [
                Column(self.tr("Opened"), lambda r: format_when(r.opened_at, self.now().date())),
                Column(self.tr("Customer"), lambda r: r.customer_name),
                Column(self.tr("Subject"), lambda r: r.subject),
                Column(self.tr("Status"), lambda r: self._status_text(r.status)),
            ],
            self,
        )
        self.service_view = make_table(self.service_model, self)
        self.service_view.activated.connect(self._activated)
        self.service_box = QGroupBox(self)
        QVBoxLayout(self.service_box).addWidget(self.service_view)

        lower = QSplitter(Qt.Orientation.Horizontal, self)
        lower.addWidget(self.birthday_box)
        lower.addWidget(self.service_box)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.follow_up_box)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(splitter, 1)
        self.auto_refresh = start_auto_refresh(self)
        self.refresh()

    def now(self) -> datetime:
        return self._clock()

    @Slot()
    def refresh(self) -> None:
        """Re-read the three lists for the current day (in a worker; the lists are bounded)."""
        now = self.now()
        db, lang = self._db, ui_lang()
        self._generation += 1
        generation = self._generation

        def load() -> tuple[Any, ...]:
            from crm_desktop.services.calendar import birthdays_between
            from crm_desktop.services.customer_query import display_phone_region
            from crm_desktop.services.follow_ups import (
                OpenCounts,
                count_open_follow_ups,
                follow_ups_due_today,
                follow_ups_overdue,
            )
            from crm_desktop.services.service_records import list_service_records

            today = now.date()
            with db.session() as s:
                overdue = follow_ups_overdue(s, now, limit=FOLLOW_UP_LIMIT)
                due = follow_ups_due_today(s, now, limit=FOLLOW_UP_LIMIT)
                cut = FOLLOW_UP_LIMIT in (len(overdue), len(due))
                counts = count_open_follow_ups(s, now) if cut else OpenCounts(len(overdue), len(due))
                return (
                    dict(follow_up_kinds(s, lang)),
                    overdue,
                    due,
                    counts,
                    birthdays_between(s, today, today + timedelta(days=BIRTHDAY_DAYS - 1)),
                    list_service_records(s, status=("open", "in_progress"), limit=SERVICE_LIMIT),
                    display_phone_region(s),
                )

        def arrived(data: tuple[Any, ...]) -> None:
            if generation == self._generation:
                self._show(now, *data)

        run_task(load, on_done=arrived, parent=self, show_progress=False)

    def _show(
        self,
        now: datetime,
        kinds: dict[str, str],
        overdue: list[Any],
        due: list[Any],
        counts: Any,
        birthdays: list[Any],
        service: list[Any],
        phone_region: str = DEFAULT_PHONE_REGION,
    ) -> None:
        self._phone_region = phone_region
        self.follow_up_model.kind_names = kinds
        set_rows_keeping_selection(self.follow_up_view, self.follow_up_model, [*overdue, *due], now=now)
        self.birthday_model.set_rows(birthdays)
        self.service_model.set_rows(service)
        day = QLocale().toString(to_qdate(now.date()), QLocale.FormatType.LongFormat)
        self.title.setText(self.tr("Today, {0}").format(day))
        self.follow_up_box.setTitle(
            self.tr("Follow-ups: {0} due today, {1} overdue").format(counts.due_today, counts.overdue)
        )
        more = counts.due_today + counts.overdue - len(due) - len(overdue)
        self.more_label.setText(
            '<a href="follow_ups">{}</a>'.format(
                html.escape(self.tr("and {0} more — open Follow-ups").format(more))
            )
            if more > 0
            else ""
        )
        self.more_label.setVisible(more > 0)
        self.birthday_box.setTitle(self.tr("Birthdays this week ({0})").format(len(birthdays)))
        self.service_box.setTitle(self.tr("Newest open service records ({0})").format(len(service)))
        self._update_buttons()

    # rows ---------------------------------------------------------------------------
    def follow_up_rows(self) -> list[Any]:
        return self.follow_up_model.rows()

    def birthday_rows(self) -> list[Any]:
        return self.birthday_model.rows()

    def service_rows(self) -> list[Any]:
        return self.service_model.rows()

    def select_follow_up(self, row: int) -> None:
        self.follow_up_view.selectRow(row)
        self._update_buttons()

    def selected_follow_up(self) -> Any | None:
        index = self.follow_up_view.currentIndex()
        if not index.isValid() or not self.follow_up_view.selectionModel().isRowSelected(
            index.row(), index.parent()
        ):
            return None
        return self.follow_up_model.row_at(index.row())

    # actions ------------------------------------------------------------------------
    def mark_selected_done(self) -> None:
        """The quick action: the selected follow-up is done now, with no outcome and no next one."""
        row = self.selected_follow_up()
        if row is None:
            return
        db, follow_up_id, done_at = self._db, row.id, self.now()

        def job() -> None:
            from crm_desktop.services.follow_ups import complete_follow_up

            with db.session() as s:
                complete_follow_up(s, follow_up_id, None, done_at=done_at)

        def done(_result: Any) -> None:
            self._show_undo(follow_up_id, row.customer_name)
            self._after_write()

        run_task(job, on_done=done, parent=self, write=True, show_progress=False)

    def undo_done(self) -> None:
        """Take back the last quick "Mark done": the follow-up is open again."""
        follow_up_id, db = self._undo_id, self._db
        if follow_up_id is None:
            return
        self._show_undo(None)

        def job() -> None:
            from crm_desktop.services.follow_ups import reopen_follow_up

            with db.session() as s:
                reopen_follow_up(s, follow_up_id)

        run_task(job, on_done=lambda _r: self._after_write(), parent=self, write=True, show_progress=False)

    def _show_undo(self, follow_up_id: int | None, name: str = "") -> None:
        self._undo_id = follow_up_id
        self.undo_label.setText(self.tr("Marked done: {0}").format(name) if follow_up_id else "")
        self.undo_label.setVisible(follow_up_id is not None)
        self.undo_button.setVisible(follow_up_id is not None)

    def complete_selected(self) -> CompleteFollowUpDialog | None:
        """Open the complete-and-plan-next dialog for the selected follow-up."""
        row = self.selected_follow_up()
        if row is None:
            return None
        self._show_undo(None)
        dialog = CompleteFollowUpDialog(self._db, row, self, now=self.now())
        dialog.saved.connect(lambda _id: self._after_write())
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self._open_dialog = dialog
        return dialog

    def _after_write(self) -> None:
        self.refresh()
        self.changed.emit()

    def _update_buttons(self) -> None:
        selected = self.selected_follow_up() is not None
        self.done_button.setEnabled(selected)
        self.complete_button.setEnabled(selected)

    def _activated(self, index: Any) -> None:
        row = index.model().data(index, ROW_ROLE)
        if row is not None:  # follow-up, birthday and service rows all carry customer_id
            self.open_customer.emit(int(row.customer_id))

    # formatting ---------------------------------------------------------------------
    def _day_text(self, day: date) -> str:
        """ "11-24 Tue" -- the weekday in the window's language."""
        return f"{day:%m-%d} {QLocale().dayName(day.isoweekday(), QLocale.FormatType.ShortFormat)}"

    def _status_text(self, status: str | None) -> str:
        from crm_desktop.fields import choice_label

        return choice_label("service_status", status, ui_lang()) if status else ""


class _TodayFollowUps(FollowUpTableModel):
    """The follow-up list with phone numbers in the business's one format (as on Customers)."""

    def __init__(self, page: TodayPage, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._page = page  # read when a row is shown, after this

    def _make_columns(self, done: bool, phone: bool) -> list[Column]:
        columns = super()._make_columns(done, phone)
        if phone and not done:
            header = columns[PHONE_COLUMN].header
            columns[PHONE_COLUMN] = Column(
                header, lambda r: display_phone(r.customer_phone, self._page._phone_region)
            )
        return columns
