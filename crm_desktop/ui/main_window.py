"""The main window: page navigation, global search, status bar, remembered geometry.

A page is a QWidget built as `Page(db, parent)` with a `refresh()` slot and, when its rows
stand for customers, an `open_customer(int)` signal; the window opens the customer dialog for
it. Pages appear as they are built (no empty placeholders).

The window fits a 1366x768 laptop whatever page is shown: the page area asks only for the
shown page's minimum size, and a page that needs more than the window has scrolls instead of
making the window bigger.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QKeySequence,
    QPaintEvent,
    QShortcut,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenuBar,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.ui import workers
from crm_desktop.ui.i18n import ui_lang
from crm_desktop.ui.prefs import GEOMETRY, LAST_PAGE, qsettings
from crm_desktop.ui.window_files import FileSwitchingWindow

if TYPE_CHECKING:  # the window shows before the database layer is imported (ui/app.py)
    from crm_desktop.db.engine import Database

log = logging.getLogger(__name__)

SEARCH_DELAY_MS = 200
SEARCH_LIMIT = 12
REMINDERS_DELAY_MS = 1000
REMINDER_BAR_EXTRA = 6  # the reminder bar's margins and border around its buttons
ID_ROLE = Qt.ItemDataRole.UserRole + 1
LAST_PAGE_DB = "window/last_page_db"  # the database LAST_PAGE was used with

# (key, module, class): pages built by other parts of the app load when their module exists.
OPTIONAL_PAGES = {
    "today": ("crm_desktop.ui.pages.today", "TodayPage"),
    "follow_ups": ("crm_desktop.ui.pages.follow_ups", "FollowUpsPage"),
    "pipeline": ("crm_desktop.ui.pages.pipeline", "PipelinePage"),
    "service": ("crm_desktop.ui.pages.service", "ServicePage"),
    "reports": ("crm_desktop.ui.pages.reports", "ReportsPage"),
    "insight": ("crm_desktop.ui.pages.insight", "InsightPage"),
}
PAGE_ORDER = (
    "today",
    "customers",
    "follow_ups",
    "pipeline",
    "service",
    "reports",
    "insight",
    "trash",
    "settings",
)


def _available(key: str) -> bool:
    """Whether page `key` exists, without importing it (start-up stays fast)."""
    if key not in OPTIONAL_PAGES:
        return True
    return importlib.util.find_spec(OPTIONAL_PAGES[key][0]) is not None


class _PageStack(QStackedWidget):
    """The pages, as large as the page shown needs (a plain stack takes the largest page built)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentChanged.connect(self._page_changed)

    @Slot(int)
    def _page_changed(self, _index: int) -> None:
        self.updateGeometry()

    def _current_size(self, hint: QSize, fallback: QSize) -> QSize:
        page = self.currentWidget()
        if page is None:
            return fallback
        minimum = page.minimumSize()  # set explicitly, it wins over the page's hint
        return QSize(minimum.width() or hint.width(), minimum.height() or hint.height())

    def minimumSizeHint(self) -> QSize:
        page = self.currentWidget()
        hint = page.minimumSizeHint() if page is not None else QSize()
        return self._current_size(hint, super().minimumSizeHint())

    def sizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.sizeHint() if page is not None else super().sizeHint()


class _Pages(dict[str, QWidget]):
    """The pages built so far; `pages[key]` builds a page that was not shown yet."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self._window = window

    def __missing__(self, key: str) -> QWidget:
        if key not in self._window.page_keys():
            raise KeyError(key)
        return self._window.page(key)


class MainWindow(FileSwitchingWindow):
    """The window a shop owner or front desk lives in all day.

    `MainWindow(None)` is the frame shown while the database opens (ui/app.py): navigation and
    search are disabled and no page is built until `set_database` hands it the database.
    """

    first_painted = Signal()  # the window has been painted once (start-up shows it early)

    def __init__(self, db: Database | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # None only until `set_database`, while nothing that reads it can be used.
        self.db = cast("Database", db)
        self.painted = False
        self._lang = ui_lang()
        self._dialogs: list[QWidget] = []
        self._customers_state: tuple[object, ...] | None = None  # look_for_outside_changes
        self.vocab: Any = None  # services.vocabulary.Vocabulary of the open database
        self.start: Any = None  # the SafeStart (lock, instance server) of the file shown
        self.backups: Any = None  # its daily backups (safety.AutoBackups)
        self._menu_actions: list[QAction] = []
        self._quit_after_save = False
        self.setWindowTitle(self.tr("CRM Desktop"))
        self.resize(1200, 760)

        self.nav = QListWidget()
        self.nav.setFixedWidth(150)
        self.nav.setStyleSheet("QListWidget::item { padding: 6px 8px; }")
        self.stack: QStackedWidget = _PageStack()
        self.pages: dict[str, QWidget] = _Pages(self)
        # Pages are built when first shown: start-up pays for one page, not for all.
        for key in PAGE_ORDER:
            if not _available(key):
                continue
            self.nav.addItem("")
            self.nav.item(self.nav.count() - 1).setData(ID_ROLE, key)
            self.stack.addWidget(QWidget())  # placeholder until the page is first shown
        self._name_pages()
        self.nav.currentRowChanged.connect(self._show_row)

        self.banner_area = QVBoxLayout()
        self.banner_area.setContentsMargins(0, 0, 0, 0)
        body = QHBoxLayout()
        body.addWidget(self.nav)
        # a page wider or taller than the window scrolls; the window never grows for it
        self.page_area = QScrollArea()
        self.page_area.setWidgetResizable(True)
        self.page_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.page_area.setWidget(self.stack)
        body.addWidget(self.page_area, 1)
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.addLayout(self.banner_area)
        outer.addLayout(body, 1)
        self.setCentralWidget(central)

        self._build_search()
        self._build_menus()
        self._build_status_bar()
        self.reminders: Any = None
        self.banner: QWidget | None = None
        self._restore_geometry()
        if db is not None:
            self.set_database(db)
        else:
            self._enable_data(False)

    def set_database(self, db: Database, page: str = "") -> None:
        """Show `db` on `page` (default: the one remembered), then the counts and reminders
        once the window is up."""
        self.db = db
        workers.use_database(db.path)
        self.db_label.setText(str(db.path))
        self.apply_words()
        self._show_title()
        self._enable_data(True)
        if page in self.page_keys():
            self.show_page(page)
        else:
            self._restore_page()
        # Counts are not needed for the first paint: ask for them once the window is up.
        QTimer.singleShot(0, self, self.refresh_counts)
        # Reminders can wait a moment; the first screen of the page cannot (measured: starting
        # them at once delayed the first customer rows by 25-70 ms).
        QTimer.singleShot(REMINDERS_DELAY_MS, self, self._start_reminders)

    def apply_words(self) -> None:
        """Name things in the business's words (学员 and 报名 at a school; 客户 and 销售 at a shop),
        read again after the business type changed in Settings."""
        from crm_desktop.services.vocabulary import vocabulary_of

        with self.db.session() as s:
            vocab = vocabulary_of(s, self._lang)
        if vocab == self.vocab:
            return
        self.vocab = vocab
        for row in range(self.nav.count()):
            item = self.nav.item(row)
            key = item.data(ID_ROLE)
            if key in ("customers", "pipeline"):
                item.setText(vocab.word(key))
        self.new_action.setText(vocab.word("new_customer"))
        self.search_box.setPlaceholderText(vocab.word("find_customer"))
        for page in self.pages.values():
            apply = getattr(page, "apply_words", None)
            if apply is not None:
                apply(vocab)
        if self.counts_label.property("counts") is not None:
            self._show_counts(self.counts_label.property("counts"))

    def _show_title(self) -> None:
        """ "shop.db — CRM Desktop": which file is open, at a glance (and in the task bar)."""
        title = self.tr("CRM Desktop")
        if self.db is not None:
            title = f"{self.db.path.name} — {title}"
            if self.db.read_only:
                title += " " + self.tr("(read-only)")
        self.setWindowTitle(title)

    def _name_pages(self) -> None:
        titles = {
            "today": self.tr("Today"),
            "customers": self.tr("Customers"),
            "follow_ups": self.tr("Follow-ups"),
            "pipeline": self.tr("Pipeline"),
            "service": self.tr("Service"),
            "reports": self.tr("Reports"),
            "insight": self.tr("Insight"),
            "trash": self.tr("Trash"),
            "settings": self.tr("Settings"),
        }
        for row in range(self.nav.count()):
            item = self.nav.item(row)
            item.setText(titles[item.data(ID_ROLE)])

    def _retranslate(self) -> None:
        """The window's own texts again, in the language installed now (pages are rebuilt)."""
        self._build_menus()
        self._name_pages()
        self.search_box.setPlaceholderText(self.tr("Find a customer (Ctrl+K)"))
        self.search_toolbar.setWindowTitle(self.tr("Search"))
        self._show_title()
        if self.db is not None:  # the business's words, in the new language
            self.vocab = None
            self.apply_words()

    def _enable_data(self, enabled: bool) -> None:
        self.nav.setEnabled(enabled)
        self.search_box.setEnabled(enabled)
        for action in self._data_actions():
            action.setEnabled(enabled)

    def _data_actions(self) -> list[QAction]:
        """What must wait until a file is open (another file cannot be picked while the
        first one is still opening either)."""
        files = self.file_actions
        return [
            self.new_action,
            self.duplicates_action,
            files.new_db_action,
            files.open_db_action,
            files.recent_menu.menuAction(),
        ]

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            self.first_painted.emit()

    # pages -----------------------------------------------------------------------
    def page(self, key: str) -> QWidget:
        """Page `key`, built (and wired) the first time it is asked for."""
        page = self.pages.get(key)
        if page is not None:
            return page
        page = self._build_page(key)
        self.pages[key] = page
        index = self.page_keys().index(key)
        placeholder = self.stack.widget(index)
        assert placeholder is not None
        self.stack.insertWidget(index, page)
        self.stack.removeWidget(placeholder)
        placeholder.deleteLater()
        signal = getattr(page, "open_customer", None)
        if signal is not None:
            signal.connect(self.open_customer)
        changed = getattr(page, "changed", None)
        if changed is not None:
            changed.connect(self.data_changed)
        wants_follow_ups = getattr(page, "show_follow_ups", None)
        if wants_follow_ups is not None:
            wants_follow_ups.connect(lambda: self.show_page("follow_ups"))
        listed = getattr(page, "open_customers", None)
        if listed is not None:
            listed.connect(self.list_customers)
        language = getattr(page, "language_changed", None)
        if language is not None:  # Settings: after the page's slot returns, it is rebuilt
            language.connect(lambda lang: QTimer.singleShot(0, self, lambda: self.switch_language(lang)))
        return page

    def _build_page(self, key: str) -> QWidget:
        if key in OPTIONAL_PAGES:
            module_name, class_name = OPTIONAL_PAGES[key]
            page_class = getattr(importlib.import_module(module_name), class_name)
            page: QWidget = page_class(self.db, self)
            return page
        if key == "customers":
            from crm_desktop.ui.pages.customers import CustomersPage

            customers = CustomersPage(self.db, self)
            customers.new_customer.connect(self.new_customer)
            customers.print_list.connect(self.print_customer_list)
            customers.print_button.setVisible("reports" in self.page_keys())
            return customers
        if key == "trash":
            from crm_desktop.ui.pages.trash import TrashPage

            return TrashPage(self.db, self)
        from crm_desktop.ui.pages.settings import SettingsPage

        return SettingsPage(self.db, self)

    def page_keys(self) -> list[str]:
        return [self.nav.item(i).data(ID_ROLE) for i in range(self.nav.count())]

    def show_page(self, key: str) -> None:
        """Switch to page `key` (e.g. "customers")."""
        keys = self.page_keys()
        if key in keys:
            self.nav.setCurrentRow(keys.index(key))

    def current_page_key(self) -> str:
        item = self.nav.currentItem()
        return str(item.data(ID_ROLE)) if item is not None else ""

    def _show_row(self, row: int) -> None:
        if row < 0 or self.db is None:
            return
        key = self.nav.item(row).data(ID_ROLE)
        fresh = key not in self.pages
        page = self.page(key)
        self.stack.setCurrentWidget(page)
        refresh = getattr(page, "refresh", None)
        # A page just built has read its data; one shown again re-reads what may have changed.
        if refresh is not None and not fresh and key != "customers":
            refresh()

    # customers -------------------------------------------------------------------------
    @Slot()
    def new_customer(self) -> QWidget:
        """Open an empty customer dialog (Ctrl+N)."""
        return self._open_dialog(None)

    @Slot(int)
    def open_customer(self, customer_id: int) -> QWidget:
        """Open the customer dialog for `customer_id` (window-modal, without blocking)."""
        return self._open_dialog(customer_id)

    def _open_dialog(self, customer_id: int | None) -> QWidget:
        from crm_desktop.ui.dialogs.customer import CustomerDialog

        # Two dialogs on one customer would let the second save undo the first: reuse it.
        for open_dialog in self._dialogs:
            if (
                customer_id is not None
                and isinstance(open_dialog, CustomerDialog)
                and open_dialog.customer_id == customer_id
                and open_dialog.isVisible()
            ):
                open_dialog.raise_()
                open_dialog.activateWindow()
                return open_dialog
        dialog = CustomerDialog(self.db, customer_id, self)
        dialog.saved.connect(self.data_changed)
        dialog.print_profile.connect(self.print_profile)
        dialog.print_button.setVisible("reports" in self.page_keys())
        dialog.changed.connect(self.data_changed)
        dialog.finished.connect(lambda _=0, d=dialog: self._forget(d))
        self._dialogs.append(dialog)
        dialog.open()
        return dialog

    def _forget(self, dialog: QWidget) -> None:
        if dialog in self._dialogs:
            self._dialogs.remove(dialog)
        dialog.deleteLater()

    @Slot(list)
    def list_customers(self, ids: list[int]) -> None:
        """Show just these customers on the Customers page (a chart's bar, a segment)."""
        self.show_page("customers")
        page = self.page("customers")
        page.show_only(list(ids), self.tr("Showing customers picked on another page: %n.", "", len(ids)))  # type: ignore[attr-defined]

    def print_customer_list(self, ids: list[int], keys: list[str], filter_text: str) -> None:
        """Show the customer list report for what the Customers page shows now."""
        from crm_desktop.reports.options import ReportOptions
        from crm_desktop.ui.pages.reports import open_report

        open_report(
            self, "customers", ReportOptions(lang=self._lang, ids=ids, keys=keys, filter_text=filter_text)
        )

    def print_profile(self, customer_id: int) -> None:
        """Show one customer's profile report on the Reports page."""
        from crm_desktop.reports.options import ReportOptions
        from crm_desktop.ui.pages.reports import open_report

        open_report(self, "profile", ReportOptions(lang=self._lang, customer_id=customer_id))

    @Slot()
    def find_duplicates(self) -> QWidget:
        from crm_desktop.ui.dialogs.duplicates import DuplicatesDialog

        dialog = DuplicatesDialog(self.db, self)
        dialog.merged.connect(self.data_changed)
        dialog.open_customer.connect(self.open_customer)
        self._dialogs.append(dialog)
        dialog.finished.connect(lambda _=0, d=dialog: self._forget(d))
        dialog.open()
        return dialog

    @Slot()
    def data_changed(self) -> None:
        """Customers changed somewhere: refresh the lists built so far and the counts.

        The page that announced the change has refreshed itself already.
        """
        origin = self.sender()
        if origin is self.pages.get("settings"):
            self.apply_words()  # the business type may have changed
        for key, page in list(self.pages.items()):
            if key != "settings" and page is not origin and hasattr(page, "refresh"):
                page.refresh()
        self.refresh_counts()
        # A completed or snoozed follow-up must not stay in the "N follow-ups due" banner.
        follow_ups_changed = getattr(self.reminders, "follow_ups_changed", None)
        if follow_ups_changed is not None:
            follow_ups_changed()

    # global search -------------------------------------------------------------------------
    def _build_search(self) -> None:
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(self.tr("Find a customer (Ctrl+K)"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setMinimumWidth(320)
        self.search_box.setMaximumWidth(520)
        self.search_model = QStandardItemModel(self)
        self.completer = QCompleter(self.search_model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setWidget(self.search_box)
        self.completer.activated[QModelIndex].connect(self._search_chosen)  # type: ignore[index]
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.run_search)
        self.search_box.textEdited.connect(self._search_timer.start)
        self.search_box.returnPressed.connect(self._search_enter)
        self._search_seq = 0
        self._search_entered: Any = None  # the customer Enter just opened (see _search_enter)
        toolbar = self.search_toolbar = self.addToolBar(self.tr("Search"))
        toolbar.setObjectName("search_toolbar")
        toolbar.setMovable(False)
        toolbar.addWidget(self.search_box)
        for keys in ("Ctrl+K", "Ctrl+F"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(self.focus_search)

    @Slot()
    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    @Slot()
    def run_search(self) -> None:
        """Look the typed text up (in the background) and list the best matches."""
        from crm_desktop.db.search import search_ids
        from crm_desktop.services.customers import customer_rows

        text = self.search_box.text().strip()
        self._search_seq += 1
        seq = self._search_seq
        if not text:
            self.search_model.clear()
            return
        db = self.db

        def fetch() -> list[dict[str, Any]]:
            with db.session() as s:
                ids = search_ids(s, text, limit=SEARCH_LIMIT)
                return customer_rows(s, ids, ["id", "name", "phone", "company", "city"])

        def show(rows: list[dict[str, Any]]) -> None:
            if seq != self._search_seq:
                return  # the user typed on meanwhile
            self.search_model.clear()
            for row in rows:
                extra = " · ".join(str(row[k]) for k in ("phone", "company", "city") if row.get(k))
                item = QStandardItem(f"{row['name']}   {extra}" if extra else str(row["name"]))
                item.setData(row["id"], ID_ROLE)
                self.search_model.appendRow(item)
            if rows:
                self.completer.complete()
            else:
                self._hide_popup()

        workers.run_task(fetch, on_done=show, show_progress=False)

    def _hide_popup(self) -> None:
        popup = self.completer.popup()
        if popup is not None:
            popup.hide()

    def search_results(self) -> list[str]:
        return [self.search_model.item(i).text() for i in range(self.search_model.rowCount())]

    def _search_chosen(self, index: QModelIndex) -> None:
        customer_id = index.data(ID_ROLE)
        if customer_id is not None and customer_id != self._search_entered:
            self._hide_popup()
            self.open_customer(int(customer_id))

    def _search_enter(self) -> None:
        # With the list open, the completer hands this Enter to the box first and then opens
        # the highlighted row itself: open that same row here and let its second call pass.
        popup = self.completer.popup()
        index = popup.currentIndex() if popup is not None and popup.isVisible() else QModelIndex()
        if not index.isValid() and self.search_model.rowCount():
            index = self.search_model.index(0, 0)
        if index.isValid():
            self._search_chosen(index)
            self._search_entered = index.data(ID_ROLE)
            QTimer.singleShot(0, self, self._search_enter_done)

    def _search_enter_done(self) -> None:
        self._search_entered = None

    # menus and status bar --------------------------------------------------------------------
    def _build_menus(self) -> None:
        """File and Help; built again (in the new language) by `switch_language`."""
        from crm_desktop.ui.file_switch import FileActions
        from crm_desktop.ui.help import add_help_menu

        enabled = self.db is not None
        for action in self._menu_actions:
            action.deleteLater()
        old_file_actions = getattr(self, "file_actions", None)
        if old_file_actions is not None:
            old_file_actions.deleteLater()
        self.setMenuBar(QMenuBar(self))  # the old bar and its menus go with it
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        new_action = QAction(self.tr("&New customer"), self)
        new_action.setShortcut(QKeySequence.StandardKey.New)
        new_action.triggered.connect(self.new_customer)
        file_menu.addAction(new_action)
        dup_action = QAction(self.tr("Find &duplicates…"), self)
        dup_action.triggered.connect(self.find_duplicates)
        file_menu.addAction(dup_action)
        from crm_desktop.ui.dialogs.import_history import add_import_actions

        self.import_action, self.imports_action = add_import_actions(self, file_menu)
        file_menu.addSeparator()
        self.file_actions = FileActions(self, file_menu)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        self.new_action, self.duplicates_action = new_action, dup_action
        for action in self._data_actions():
            action.setEnabled(enabled)
        help_menu = add_help_menu(self)
        self._menu_actions = [
            a for menu in (file_menu, help_menu) for a in menu.actions() if a.parent() is self
        ]

    def _build_status_bar(self) -> None:
        self.db_label = QLabel()
        self.counts_label = QLabel()
        self.statusBar().addWidget(self.db_label, 1)
        self.statusBar().addPermanentWidget(self.counts_label)
        # room for the reminder bar (a row of buttons, reminders.ReminderBanner) from the start
        probe = QPushButton("Ag")
        self.statusBar().setMinimumHeight(probe.sizeHint().height() + REMINDER_BAR_EXTRA)
        probe.deleteLater()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow() and self.db is not None:
            self.look_for_outside_changes()

    def look_for_outside_changes(self) -> None:
        """When the window comes back to the front: if a command-line import or edit changed
        the customers meanwhile (a cheap fingerprint of the table), refresh what shows them --
        the list showed 526 customers while the status bar still said 516."""
        from crm_desktop.services.customer_query import customers_state

        db = self.db

        def look() -> tuple[object, ...]:
            with db.session() as s:
                return customers_state(s)

        def seen(state: tuple[object, ...]) -> None:
            before, self._customers_state = self._customers_state, state
            if before is not None and state != before:
                self.data_changed()

        workers.run_task(look, on_done=seen, show_progress=False)

    @Slot()
    def refresh_counts(self) -> None:
        """Update "N customers · M in trash" (counted in the background)."""
        from crm_desktop.services.customers import count_customers

        db = self.db

        def count() -> tuple[int, int]:
            with db.session() as s:
                return count_customers(s), count_customers(s, archived=True)

        workers.run_task(count, on_done=self._show_counts, show_progress=False)

    def _show_counts(self, counts: tuple[int, int]) -> None:
        active, archived = counts
        self.counts_label.setProperty("counts", list(counts))
        colon = "：" if self._lang == "zh" else ": "
        customers = self.vocab.word("customers") if self.vocab is not None else self.tr("Customers")
        self.counts_label.setText(f"{customers}{colon}{active}  ·  " + self.tr("In trash: %n", "", archived))

    # reminders -----------------------------------------------------------------------------
    def _start_reminders(self) -> None:
        """Follow-up reminders: a tray message, or a banner at the top of this window."""
        if not self.isVisible() or self.reminders is not None:
            return  # closed before the delayed start (the database may be closed too)
        try:
            from crm_desktop.ui.reminders import ReminderBanner, Reminders
        except ModuleNotFoundError as exc:
            if exc.name != "crm_desktop.ui.reminders":
                raise
            return
        # The bar comes a moment after start: it goes into the status bar, whose height was
        # reserved for it, so that nothing moves from under the user's click.
        self.banner = ReminderBanner(self.statusBar())
        self.statusBar().insertWidget(1, self.banner, 3)
        self.statusBar().setMinimumHeight(
            max(self.statusBar().minimumHeight(), self.banner.sizeHint().height())
        )
        self.reminders = Reminders(self.db, self.banner, self)
        self.reminders.open_requested.connect(lambda: self.show_page("follow_ups"))
        self.reminders.start()

    # window state --------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        geometry = qsettings().value(GEOMETRY)
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)

    def _restore_page(self) -> None:
        settings = qsettings()
        last = settings.value(LAST_PAGE)
        # The page remembered belongs to the database it was used with, not to a new file.
        last_db = settings.value(LAST_PAGE_DB)
        if last_db and str(last_db) != str(self.db.path):
            last = None
        keys = self.page_keys()
        self.show_page(str(last) if last in keys else ("today" if "today" in keys else "customers"))

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.close_dialogs(quitting=True):
            event.ignore()
            return
        settings = qsettings()
        settings.setValue(GEOMETRY, self.saveGeometry())
        if self.db is not None:  # closed while the database was opening: no page to remember
            settings.setValue(LAST_PAGE, self.current_page_key())
            settings.setValue(LAST_PAGE_DB, str(self.db.path))
        customers = self.pages.get("customers")
        if customers is not None and hasattr(customers, "save_state"):
            customers.save_state()
        settings.sync()
        stop = getattr(self.reminders, "stop", None)
        if stop is not None:
            stop()
        super().closeEvent(event)
