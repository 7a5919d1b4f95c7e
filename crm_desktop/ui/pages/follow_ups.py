"""The Follow-ups page: Today / Overdue / Upcoming / Done lists beside a month calendar.

The lists are bounded (one day, the next `UPCOMING_DAYS` days, the newest `DONE_LIMIT` done)
except the overdue backlog, which grows with neglect; every read runs through the worker helper
and a reply that a newer read overtook is dropped. Writes (complete, snooze, plan, edit) go
through the single write worker. The calendar shows per-day counts for the weeks on screen;
clicking a day lists that day's follow-ups.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

from PySide6.QtCore import QByteArray, QDate, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.db.engine import Database
from crm_desktop.services.follow_ups import follow_up_day_counts, follow_ups_on_day
from crm_desktop.ui.dialogs.follow_up import CompleteFollowUpDialog, FollowUpDialog, SnoozeDialog
from crm_desktop.ui.i18n import ui_lang
from crm_desktop.ui.models.follow_ups import (
    ROW_ROLE,
    FollowUpTableModel,
    follow_up_kinds,
    from_qdate,
    snooze_target,
    to_qdate,
)
from crm_desktop.ui.widgets import fit_menu_button
from crm_desktop.ui.widgets.follow_up_calendar import FollowUpCalendar
from crm_desktop.ui.widgets.follow_up_views import (
    make_table,
    on_selection_change,
    set_rows_keeping_selection,
    start_auto_refresh,
)
from crm_desktop.ui.workers import run_task

DONE_LIMIT = 100
UPCOMING_DAYS = 14
TABS = ("today", "overdue", "upcoming", "done")
# window state in QSettings (beside the shell's keys in ui/prefs.py)
TAB_KEY = "follow_ups/tab"
SPLITTER_KEY = "follow_ups/splitter"


class FollowUpsPage(QWidget):
    """Lists, calendar and actions over follow-ups; `open_customer(id)` asks the shell to open one."""

    open_customer = Signal(int)
    changed = Signal()  # a follow-up was planned, completed or snoozed here

    def __init__(
        self, db: Database, parent: QWidget | None = None, *, clock: Callable[[], datetime] | None = None
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._clock = clock or (lambda: datetime.now().replace(microsecond=0))
        self._open_dialog: Any = None
        self._generations: dict[str, int] = {}
        self.models: dict[str, FollowUpTableModel] = {}
        self.views: dict[str, QTableView] = {}

        self.new_button = QPushButton(self.tr("New follow-up…"), self)
        self.complete_button = QPushButton(self.tr("Complete…"), self)
        self.edit_button = QPushButton(self.tr("Edit…"), self)
        self.snooze_button = QToolButton(self)
        self.snooze_button.setText(self.tr("Snooze"))
        self.snooze_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.snooze_menu = QMenu(self.snooze_button)
        self.snooze_actions: dict[str, QAction] = {}
        for key, label in (
            ("hour", self.tr("1 hour")),
            ("tomorrow", self.tr("Tomorrow")),
            ("next_week", self.tr("Next week")),
            ("pick", self.tr("Pick a date…")),
        ):
            action = self.snooze_menu.addAction(label)
            action.triggered.connect(lambda _checked=False, k=key: self._snooze_chosen(k))
            self.snooze_actions[key] = action
        self.snooze_button.setMenu(self.snooze_menu)
        fit_menu_button(self.snooze_button)
        self.open_button = QPushButton(self.tr("Open customer"), self)
        self.new_button.clicked.connect(lambda: self.new_follow_up())
        self.complete_button.clicked.connect(lambda: self.complete_selected())
        self.edit_button.clicked.connect(lambda: self.edit_selected())
        self.open_button.clicked.connect(self._open_selected_customer)

        buttons = QHBoxLayout()
        for w in (
            self.new_button,
            self.complete_button,
            self.snooze_button,
            self.edit_button,
            self.open_button,
        ):
            buttons.addWidget(w)
        buttons.addStretch(1)
        from crm_desktop.ui.export_actions import export_button, follow_ups_shown

        self.export_button = export_button(self, db, "follow-ups", lambda: follow_ups_shown(self))
        buttons.addWidget(self.export_button)

        self.tabs = QTabWidget(self)
        self._active_view: QTableView | None = None
        self._refilling = False
        for key in TABS:
            model = FollowUpTableModel(done=key == "done", parent=self)
            view = make_table(model, self)
            view.activated.connect(self._activated)
            on_selection_change(view, partial(self._make_active, view))
            self.models[key] = model
            self.views[key] = view
            self.tabs.addTab(view, "")
        self.done_note = QLabel(self)
        self.done_note.setStyleSheet("color: #7f8c8d;")
        self.done_note.hide()
        self._done_bounded = False
        self.tabs.currentChanged.connect(lambda _i: self._update_done_note())
        self.tabs.currentChanged.connect(lambda _i: self._make_active(self.tabs.currentWidget(), force=True))

        self.calendar = FollowUpCalendar(self)
        self.calendar.clicked.connect(self._day_clicked)
        self.calendar.currentPageChanged.connect(lambda _y, _m: self._refresh_calendar())
        # what the small numbers in a day mean (a cell has room for "19/3", not for words)
        self.calendar_legend = QLabel(
            self.tr("In a day: open follow-ups / done that day. Red: overdue."), self
        )
        self.calendar_legend.setStyleSheet("color: #7f8c8d;")
        self.calendar_legend.setWordWrap(True)
        self.day_label = QLabel(self)
        self.day_model = FollowUpTableModel(phone=False, parent=self)
        self.day_view = make_table(self.day_model, self)
        self.day_view.activated.connect(self._activated)
        on_selection_change(self.day_view, lambda: self._make_active(self.day_view))
        self.day_view.installEventFilter(self)
        self._day: date | None = None

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.tabs)
        left_layout.addWidget(self.done_note)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.calendar)
        right_layout.addWidget(self.calendar_legend)
        right_layout.addWidget(self.day_label)
        right_layout.addWidget(self.day_view, 1)
        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.splitter = splitter
        self._restore_state()
        self.tabs.currentChanged.connect(lambda _i: self._save_state())
        splitter.splitterMoved.connect(lambda *_a: self._save_state())

        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(splitter, 1)
        self.auto_refresh = start_auto_refresh(self)
        self.refresh()

    def _restore_state(self) -> None:
        from crm_desktop.ui.prefs import qsettings

        settings = qsettings()
        tab = settings.value(TAB_KEY)
        if tab in TABS:
            self.show_tab(str(tab))
        sizes = settings.value(SPLITTER_KEY)
        if isinstance(sizes, QByteArray):
            self.splitter.restoreState(sizes)

    def _save_state(self) -> None:
        from crm_desktop.ui.prefs import qsettings

        settings = qsettings()
        settings.setValue(TAB_KEY, TABS[self.tabs.currentIndex()])
        settings.setValue(SPLITTER_KEY, self.splitter.saveState())

    # reading --------------------------------------------------------------------------
    def now(self) -> datetime:
        return self._clock()

    @Slot()
    def refresh(self) -> None:
        """Re-read every list, the calendar counts and the chosen day's list (in a worker)."""
        now = self.now()
        db, lang = self._db, ui_lang()

        def load() -> tuple[dict[str, str], dict[str, list[Any]]]:
            from crm_desktop.services.follow_ups import (
                follow_ups_done,
                follow_ups_due_today,
                follow_ups_overdue,
                follow_ups_upcoming,
            )

            with db.session() as s:
                return dict(follow_up_kinds(s, lang)), {
                    "today": follow_ups_due_today(s, now),
                    "overdue": follow_ups_overdue(s, now),
                    "upcoming": follow_ups_upcoming(s, now, days=UPCOMING_DAYS),
                    "done": follow_ups_done(s, limit=DONE_LIMIT),
                }

        self._read("lists", load, lambda data: self._show_lists(now, *data))
        self._refresh_calendar()
        self.show_day(self._day or now.date())

    def _read(self, key: str, load: Callable[[], Any], show: Callable[[Any], None]) -> None:
        """Run `load` off the GUI thread; `show` its result unless a newer read of `key` started."""
        generation = self._generations.get(key, 0) + 1
        self._generations[key] = generation

        def arrived(result: Any) -> None:
            if self._generations.get(key) == generation:
                show(result)

        run_task(load, on_done=arrived, parent=self, show_progress=False)

    def _show_lists(self, now: datetime, kinds: dict[str, str], lists: dict[str, list[Any]]) -> None:
        titles = {
            "today": self.tr("Today ({0})"),
            "overdue": self.tr("Overdue ({0})"),
            "upcoming": self.tr("Upcoming ({0})"),
            "done": self.tr("Done"),
        }
        for key, rows in lists.items():
            self.models[key].kind_names = kinds
            self._refill(self.views[key], self.models[key], rows, now)
            self.tabs.setTabText(TABS.index(key), titles[key].format(len(rows)))
        self.tabs.setTabToolTip(
            TABS.index("upcoming"),
            self.tr("The next {0} days; the calendar shows later ones.").format(UPCOMING_DAYS),
        )
        self.day_model.kind_names = kinds
        bounded = len(lists["done"]) >= DONE_LIMIT
        self.done_note.setText(
            self.tr("Showing the {0} most recently done.").format(DONE_LIMIT) if bounded else ""
        )
        self._done_bounded = bounded
        self._update_done_note()
        self._update_buttons()

    def _update_done_note(self) -> None:
        # The note is about the Done list: under Today or Overdue it reads as if those were cut.
        self.done_note.setVisible(self._done_bounded and self.tabs.currentIndex() == TABS.index("done"))

    def _refill(self, view: QTableView, model: FollowUpTableModel, rows: list[Any], now: datetime) -> None:
        # Re-selecting a row after a refresh is not the user picking a list: it keeps the buttons.
        self._refilling = True
        try:
            set_rows_keeping_selection(view, model, rows, now=now)
        finally:
            self._refilling = False

    def _refresh_calendar(self) -> None:
        first, last = self.calendar.visible_range()
        # the cells also show the end of the month before and the start of the one after
        first, last = first - timedelta(days=7), last + timedelta(days=14)
        db, today = self._db, self.now().date()

        def load() -> dict[date, tuple[int, int]]:
            with db.session() as s:
                return follow_up_day_counts(s, first, last)

        self._read("calendar", load, lambda counts: self.calendar.set_counts(counts, today))

    def show_day(self, day: date) -> None:
        """List every follow-up due on `day` under the calendar."""
        self._day = day
        if from_qdate(self.calendar.selectedDate()) != day:
            self.calendar.setSelectedDate(to_qdate(day))
        db, now, lang = self._db, self.now(), ui_lang()

        def load() -> tuple[dict[str, str], list[Any]]:
            # the day's list names the kinds itself: on first load it may arrive before the lists
            with db.session() as s:
                return dict(follow_up_kinds(s, lang)), follow_ups_on_day(s, day)

        def show(data: tuple[dict[str, str], list[Any]]) -> None:
            kinds, rows = data
            self.day_model.kind_names = kinds
            self._refill(self.day_view, self.day_model, rows, now)
            done = sum(1 for r in rows if r.done_at is not None)
            self.day_label.setText(
                self.tr("{0}: {1} open, {2} done").format(day.isoformat(), len(rows) - done, done)
            )
            self._update_buttons()

        self._read("day", load, show)

    def tab_rows(self, key: str) -> list[Any]:
        """The rows the `key` list (today, overdue, upcoming, done) shows now."""
        return self.models[key].rows()

    def day_rows(self) -> list[Any]:
        return self.day_model.rows()

    # selection ------------------------------------------------------------------------
    def show_tab(self, key: str) -> None:
        self.tabs.setCurrentIndex(TABS.index(key))
        self._make_active(self.views[key], force=True)

    def select_row(self, key: str, row: int) -> None:
        """Select row `row` of list `key` ("day" for the calendar day's list)."""
        view = self.day_view if key == "day" else self.views[key]
        if key != "day":
            self.show_tab(key)
        view.selectRow(row)
        self._make_active(view)

    def selected_row(self) -> Any | None:
        """The row selected in the list used last (the shown tab's list or the calendar day's)."""
        view = self._active_view
        if view is None or view not in (self.tabs.currentWidget(), self.day_view):
            return None
        index = view.currentIndex()
        if not index.isValid() or not view.selectionModel().isRowSelected(index.row(), index.parent()):
            return None
        return view.model().data(index, ROW_ROLE)

    def eventFilter(self, watched: Any, event: Any) -> bool:
        if watched is self.day_view and event.type() == event.Type.FocusIn:
            self._make_active(self.day_view, force=True)
        return super().eventFilter(watched, event)

    def _make_active(self, view: Any, force: bool = False) -> None:
        # Only a list on screen takes over the buttons, and (unless the user switched to it)
        # only once a row is picked in it: a hidden tab re-selecting after a refresh must not.
        shown = (self.tabs.currentWidget(), self.day_view)
        picked = view.selectionModel().hasSelection() and not self._refilling
        if isinstance(view, QTableView) and view in shown and (force or picked):
            self._active_view = view
        self._update_buttons()

    def _update_buttons(self) -> None:
        row = self.selected_row()
        is_open = row is not None and row.done_at is None
        self.complete_button.setEnabled(is_open)
        self.snooze_button.setEnabled(is_open)
        self.edit_button.setEnabled(row is not None)
        self.open_button.setEnabled(row is not None)

    # actions --------------------------------------------------------------------------
    def new_follow_up(self, customer_id: int | None = None) -> FollowUpDialog:
        """Open the plan dialog (with a customer picker unless `customer_id` is given)."""
        due = datetime.combine(self._day, datetime.min.time()).replace(hour=10) if self._day else None
        if due is not None and due <= self.now():
            due = None
        dialog = FollowUpDialog(self._db, self, customer_id=customer_id, due_at=due, now=self.now())
        return self._show(dialog)

    def complete_selected(self) -> CompleteFollowUpDialog | None:
        """Open the complete-and-plan-next dialog for the selected open follow-up."""
        row = self.selected_row()
        if row is None or row.done_at is not None:
            return None
        return self._show(CompleteFollowUpDialog(self._db, row, self, now=self.now()))

    def edit_selected(self) -> FollowUpDialog | None:
        """Open the edit dialog (kind, due time, subject, notes) for the selected follow-up."""
        row = self.selected_row()
        if row is None:
            return None
        return self._show(FollowUpDialog(self._db, self, follow_up_id=row.id, now=self.now()))

    def snooze_selected(self, option: str) -> None:
        """Snooze the selected follow-up by "hour", "tomorrow" or "next_week"."""
        row = self.selected_row()
        if row is not None and row.done_at is None:
            self._snooze(row.id, snooze_target(option, row.due_at, self.now()))

    def pick_snooze_date(self) -> SnoozeDialog | None:
        """Open the date picker for snoozing the selected follow-up to any time."""
        row = self.selected_row()
        if row is None or row.done_at is not None:
            return None
        dialog = SnoozeDialog(max(row.due_at, self.now() + timedelta(hours=1)), self, now=self.now())
        follow_up_id = row.id
        dialog.accepted.connect(lambda: self._snooze(follow_up_id, dialog.until()))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self._open_dialog = dialog
        return dialog

    def _snooze_chosen(self, key: str) -> None:
        if key == "pick":
            self.pick_snooze_date()
        else:
            self.snooze_selected(key)

    def _snooze(self, follow_up_id: int, until: datetime) -> None:
        db = self._db

        def job() -> None:
            from crm_desktop.services.follow_ups import snooze_follow_up

            with db.session() as s:
                snooze_follow_up(s, follow_up_id, until)

        run_task(job, on_done=lambda _r: self._after_write(), parent=self, write=True, show_progress=False)

    def _show(self, dialog: Any) -> Any:
        dialog.saved.connect(lambda _id: self._after_write())
        dialog.finished.connect(dialog.deleteLater)  # one dialog per action: do not pile up
        dialog.open()
        self._open_dialog = dialog
        return dialog

    def _after_write(self) -> None:
        self.refresh()
        self.changed.emit()

    def _activated(self, index: Any) -> None:
        row = index.model().data(index, ROW_ROLE)
        if row is not None:
            self.open_customer.emit(int(row.customer_id))

    def _open_selected_customer(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.open_customer.emit(int(row.customer_id))

    def _day_clicked(self, qdate: QDate) -> None:
        self.show_day(from_qdate(qdate))
