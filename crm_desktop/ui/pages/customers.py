"""The Customers page: the lazy customer table, filters, live search and bulk actions.

The search box keeps a readable width (SEARCH_MIN_WIDTH); where the filters do not fit beside it
(a 1024 px window, or narrower) they move to a second row instead of squeezing the search box.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.db.engine import Database
from crm_desktop.fields import GRADES, LIFECYCLE, choice_label
from crm_desktop.services.vocabulary import Vocabulary, vocabulary_of
from crm_desktop.ui import workers
from crm_desktop.ui.i18n import ui_lang
from crm_desktop.ui.models.customers import ALL_COLUMNS, DEFAULT_COLUMNS, CustomerTableModel, column_label
from crm_desktop.ui.prefs import CUSTOMER_COLUMNS, CUSTOMER_HEADER, qsettings
from crm_desktop.ui.widgets import fit_menu_button

SEARCH_DELAY_MS = 250
ROW_HEIGHT = 26
FILTER_KEYS = ("category", "grade", "tag", "source", "city")
SEARCH_MIN_WIDTH = 220  # "Search name, phone, e…" stays readable
SEARCH_ONE_ROW_WIDTH = 280  # the filters share the search box's row only if it keeps this much
FILTER_MIN_WIDTH = 72  # a filter may shrink (its text elided) only in a very narrow window
FILTER_MAX_WIDTH = 180  # a long city or tag name does not make its filter huge
# Default column widths (px) before the user drags any: they add up to less than the table of a
# 1200 px window, so every default column shows (wider windows give the last one the rest).
# A column not listed gets DEFAULT_COLUMN_WIDTH.
DEFAULT_COLUMN_WIDTH = 110
OLD_DEFAULT_WIDTH = 120  # every column's width before these: a saved header all at it was never dragged
COLUMN_WIDTHS = {
    "name": 110,
    "phone": 135,
    "company": 135,
    "city": 75,
    "category": 75,
    "grade": 50,
    "tags": 110,
    "source": 80,
    "total_spent": 90,
    "email": 170,
    "address": 200,
    "notes": 200,
}


class CustomersPage(QWidget):
    """All active customers; Enter opens one, Delete archives the selection (with undo)."""

    open_customer = Signal(int)
    new_customer = Signal()
    print_list = Signal(list, list, str)  # ids in display order, column keys, filter in words
    changed = Signal()  # customers were changed here: counts elsewhere may be stale

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._lang = ui_lang()
        self._last_archived: list[int] = []
        self._choices_stale = True
        self._count = 0
        with db.session() as s:
            self.vocab: Vocabulary = vocabulary_of(s, self._lang)  # 学员 at a school, 客户 at a shop

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search name, phone, email, pinyin…"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(SEARCH_MIN_WIDTH)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_filters)
        self.search.textChanged.connect(self._search_timer.start)

        self.filters: dict[str, QComboBox] = {}
        names = {
            "category": self.tr("All stages"),
            "grade": self.tr("All grades"),
            "tag": self.tr("All tags"),
            "source": self.tr("All sources"),
            "city": self.tr("All cities"),
        }
        for key in FILTER_KEYS:
            combo = QComboBox()
            combo.addItem(names[key], None)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setMinimumWidth(FILTER_MIN_WIDTH)
            combo.setMaximumWidth(FILTER_MAX_WIDTH)
            combo.currentIndexChanged.connect(self._apply_filters)
            self.filters[key] = combo
        for code in LIFECYCLE:
            self.filters["category"].addItem(choice_label("category", code, self._lang), code)
        for code in GRADES:
            self.filters["grade"].addItem(code, code)
        # contacts imported without a name (their company, email or phone stands in): 待补全姓名
        self.no_name = QToolButton()
        self.no_name.setText(self.tr("No name yet"))
        self.no_name.setCheckable(True)
        self.no_name.setToolTip(
            self.tr("Customers imported without a name: their company, email or phone stands in for it")
        )
        self.no_name.toggled.connect(self._apply_filters)

        self.columns_button = QToolButton()
        self.columns_button.setText(self.tr("Columns"))
        self.columns_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.new_button = QPushButton(self.vocab.word("new_customer"))
        self.new_button.clicked.connect(self.new_customer)

        # The filters sit in one box that `_arrange_filters` puts beside the search box, or on
        # a row of its own below it when the page is too narrow for both.
        self.filter_box = QWidget()
        filter_layout = QHBoxLayout(self.filter_box)
        filter_layout.setContentsMargins(0, 0, 0, 0)
        for combo in self.filters.values():
            filter_layout.addWidget(combo)
        filter_layout.addWidget(self.no_name)
        self.top_row = QHBoxLayout()
        self.top_row.addWidget(self.search, 1)
        self.top_row.addWidget(self.filter_box)
        self.top_row.addWidget(self.columns_button)
        self.top_row.addWidget(self.new_button)
        self.filter_row = QHBoxLayout()
        self.filter_row.addStretch(1)
        top = QVBoxLayout()
        top.addLayout(self.top_row)
        top.addLayout(self.filter_row)
        self.filters_wrapped = False
        self.filter_box.setMinimumWidth(1)  # see _arrange_filters

        settings = qsettings()
        columns = settings.value(CUSTOMER_COLUMNS)
        if not isinstance(columns, list) or not all(c in ALL_COLUMNS for c in columns) or not columns:
            columns = list(DEFAULT_COLUMNS)
        self.model = CustomerTableModel(db, columns, self)
        self.model.set_vocabulary(self.vocab)
        self.model.loaded.connect(self._on_loaded)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        # Fixed row height: the view never measures rows, so 100,000 rows cost nothing.
        vheader = self.table.verticalHeader()
        vheader.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vheader.setDefaultSectionSize(ROW_HEIGHT)
        vheader.hide()
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.setSectionsMovable(False)
        header.setStretchLastSection(True)
        header.setDefaultSectionSize(120)
        header.sortIndicatorChanged.connect(self.model.sort)
        saved = settings.value(CUSTOMER_HEADER)
        if isinstance(saved, QByteArray):
            header.restoreState(saved)
            header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        if not isinstance(saved, QByteArray) or self._never_resized():
            self._set_default_widths()
        # a new search or filter starts at the top of its list, not where the old one was
        self._scroll_to_top = False
        self.model.modelReset.connect(self._reset_scroll)
        self.table.activated.connect(self._open_index)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)

        # Said over the table when it has no rows: why, and the way out.
        self.empty_panel = QWidget(self.table.viewport())
        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        big = self.empty_label.font()
        big.setPointSizeF(big.pointSizeF() * 1.3)
        self.empty_label.setFont(big)
        self.empty_button = QPushButton()
        self.empty_button.clicked.connect(self._empty_action)
        empty_layout = QVBoxLayout(self.empty_panel)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty_label)
        empty_layout.addWidget(self.empty_button, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addStretch(2)
        self.empty_panel.hide()
        self.table.viewport().installEventFilter(self)

        self._build_column_menu()

        self.count_label = QLabel()
        self.tag_button = QPushButton(self.tr("Add tag…"))
        self.tag_button.clicked.connect(self.tag_selected)
        self.category_button = QToolButton()
        self.category_button.setText(self.tr("Set stage"))
        self.category_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        category_menu = QMenu(self.category_button)
        for code in LIFECYCLE:
            act = category_menu.addAction(choice_label("category", code, self._lang))
            act.triggered.connect(lambda _=False, c=code: self.set_category_selected(c))
        self.category_button.setMenu(category_menu)
        fit_menu_button(self.category_button)
        # the same word as the sidebar's Trash page it moves them to
        self.archive_button = QPushButton(self.tr("Move to Trash"))
        self.archive_button.clicked.connect(self.archive_selected)
        self.print_button = QPushButton(self.tr("Print list…"))
        self.print_button.clicked.connect(self._print)
        self.print_button.hide()  # the main window shows it when a Reports page exists
        actions = QHBoxLayout()
        actions.addWidget(self.count_label, 1)
        actions.addWidget(self.print_button)
        from crm_desktop.ui.export_actions import columns_export_button

        # the selection when rows are selected, else the whole filtered list; every field, or
        # only the visible columns when picked from the button's menu
        self.export_button = columns_export_button(
            self, db, "customers", lambda: (self.selected_ids() or self.model.ids(), self.model.columns)
        )
        actions.addWidget(self.export_button)
        actions.addWidget(self.tag_button)
        actions.addWidget(self.category_button)
        actions.addWidget(self.archive_button)

        # An inline undo bar instead of a modal question: archiving is reversible anyway.
        self.undo_bar = QFrame()
        self.undo_bar.setFrameShape(QFrame.Shape.StyledPanel)
        self.undo_label = QLabel()
        self.undo_button = QPushButton(self.tr("Undo"))
        self.undo_button.clicked.connect(self.undo_archive)
        bar = QHBoxLayout(self.undo_bar)
        bar.setContentsMargins(8, 2, 8, 2)
        bar.addWidget(self.undo_label, 1)
        bar.addWidget(self.undo_button)
        self.undo_bar.hide()

        # Shown while the list is narrowed to customers picked elsewhere (an Insight chart).
        self.only_bar = QFrame()
        self.only_bar.setFrameShape(QFrame.Shape.StyledPanel)
        self.only_label = QLabel()
        self.only_clear = QPushButton(self.tr("Show all customers"))
        self.only_clear.clicked.connect(lambda: self.show_only(None))
        only_layout = QHBoxLayout(self.only_bar)
        only_layout.setContentsMargins(8, 2, 8, 2)
        only_layout.addWidget(self.only_label, 1)
        only_layout.addWidget(self.only_clear)
        self.only_bar.hide()

        # Delete archives the selection (with undo): handled as a key of the table itself,
        # because the item view consumes Delete before any shortcut sees it.
        self.table.installEventFilter(self)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.undo_bar)
        layout.addWidget(self.only_bar)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        self._update_actions()
        self.refresh()

    # layout ---------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange_filters()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._arrange_filters()

    def _arrange_filters(self) -> None:
        """Filters beside the search box when all fit in the page's width, else on a row below."""
        spacing = max(self.top_row.spacing(), 0)
        layout = self.layout()
        margins = layout.contentsMargins() if layout is not None else self.contentsMargins()
        needed = (
            SEARCH_ONE_ROW_WIDTH
            + self.filter_box.sizeHint().width()
            + self.columns_button.sizeHint().width()
            + self.new_button.sizeHint().width()
            + 3 * spacing
            + margins.left()
            + margins.right()
        )
        wrap = self.width() < needed
        if wrap == self.filters_wrapped:
            return
        self.filters_wrapped = wrap
        if wrap:
            self.top_row.removeWidget(self.filter_box)
            self.filter_row.insertWidget(0, self.filter_box)
            self.filter_box.setMinimumWidth(0)  # its filters' own minimum widths count again
        else:
            self.filter_row.removeWidget(self.filter_box)
            self.top_row.insertWidget(1, self.filter_box)
            # beside the search box it never holds the window wide: a narrower page wraps it
            self.filter_box.setMinimumWidth(1)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self.empty_panel.setGeometry(self.table.viewport().rect())
        if (
            obj is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Delete
        ):
            self.archive_selected()
            return True
        return super().eventFilter(obj, event)

    # loading -------------------------------------------------------------------
    @Slot()
    def refresh(self) -> None:
        """Re-read the list and the filter choices (after another page changed data)."""
        self.model.reload()
        # The filter lists wait until the table has its rows: the rows are what the user
        # came for, and both queries would compete for the same database and CPU.
        self._choices_stale = True
        self._check_undo_bar()

    def _check_undo_bar(self) -> None:
        """Keep the undo bar only for customers still in the trash (the Trash page, a customer's
        own window or the command line may have restored or erased them meanwhile)."""
        ids = list(self._last_archived)
        if not ids or self.undo_bar.isHidden():
            return
        from crm_desktop.services.customers import archived_among

        db = self._db

        def work() -> list[int]:
            with db.session() as s:
                return archived_among(s, ids)

        def done(still: list[int]) -> None:
            if self._last_archived != ids:
                return  # archived again meanwhile: that bar is about other customers
            self._last_archived = still
            if still:
                self._set_undo_text(len(still))
            else:
                self.undo_bar.hide()

        workers.run_task(work, on_done=done, show_progress=False)

    def _load_filter_choices(self) -> None:
        from crm_desktop.services.customers import distinct_values

        db = self._db

        def fetch() -> dict[str, list[str]]:
            with db.session() as s:
                return {
                    key: distinct_values(s, "tags" if key == "tag" else key)
                    for key in ("tag", "source", "city")
                }

        workers.run_task(fetch, on_done=self._fill_filter_choices, show_progress=False)

    def _fill_filter_choices(self, values: dict[str, list[str]]) -> None:
        for key, items in values.items():
            combo = self.filters[key]
            current = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for item in items:
                combo.addItem(item, item)
            found = combo.findData(current) if current is not None else 0
            combo.setCurrentIndex(max(found, 0))
            combo.blockSignals(False)
        self._arrange_filters()  # longer choices may need the second row

    def show_only(self, ids: list[int] | None, why: str = "") -> None:
        """Narrow the list to `ids` (None: back to all customers)."""
        self._scroll_to_top = True
        self.model.restrict_to(ids)
        self.only_label.setText(why or self.tr("Showing selected customers only."))
        self.only_bar.setVisible(ids is not None)

    def filter_text(self) -> str:
        """The current search and filters in words (printed above a customer list)."""
        parts = []
        if self.search.text().strip():
            parts.append(self.tr("Search: %1").replace("%1", self.search.text().strip()))
        for combo in self.filters.values():
            if combo.currentIndex() > 0:
                parts.append(combo.currentText())
        if self.no_name.isChecked():
            parts.append(self.no_name.text())
        if self.model.restricted:
            parts.append(self.only_label.text())
        return "; ".join(parts)

    def _print(self) -> None:
        self.print_list.emit(self.model.ids(), self.model.columns, self.filter_text())

    def _apply_filters(self) -> None:
        text = self.search.text().strip() or None
        values = {key: combo.currentData() for key, combo in self.filters.items()}
        self._scroll_to_top = True
        self.model.update_query(search=text, no_name=self.no_name.isChecked(), **values)

    def _reset_scroll(self) -> None:
        if self._scroll_to_top:
            self._scroll_to_top = False
            self.table.scrollToTop()

    def filtering(self) -> bool:
        """True while a search, a filter or a chart's selection narrows the list."""
        return (
            bool(self.search.text().strip())
            or any(combo.currentIndex() > 0 for combo in self.filters.values())
            or self.no_name.isChecked()
            or self.model.restricted
        )

    @Slot()
    def clear_filters(self) -> None:
        """Back to every customer: the search, the filters and a chart's selection cleared."""
        self._search_timer.stop()
        for widget in (self.search, self.no_name, *self.filters.values()):
            widget.blockSignals(True)
        self.search.clear()
        self.no_name.setChecked(False)
        for combo in self.filters.values():
            combo.setCurrentIndex(0)
        for widget in (self.search, self.no_name, *self.filters.values()):
            widget.blockSignals(False)
        if self.model.restricted:
            self.model.restrict_to(None)
            self.only_bar.hide()
        self._apply_filters()

    def _show_empty(self, count: int) -> None:
        """Over an empty table: nothing found (with a way back), or no customers at all yet."""
        if count:
            self.empty_panel.hide()
            return
        if self.filtering():
            self.empty_label.setText(self.tr("No customers found"))
            self.empty_button.setText(self.tr("Clear filters"))
        else:
            self.empty_label.setText(self.tr("No customers yet"))
            self.empty_button.setText(self.tr("New customer"))
        self.empty_panel.setGeometry(self.table.viewport().rect())
        self.empty_panel.show()
        self.empty_panel.raise_()

    def _empty_action(self) -> None:
        if self.filtering():
            self.clear_filters()
        else:
            self.new_customer.emit()

    def _on_loaded(self, count: int) -> None:
        if self._choices_stale:
            self._choices_stale = False
            QTimer.singleShot(0, self, self._load_filter_choices)
        self._count = count
        self._show_count()
        self._show_empty(count)
        self._update_actions()

    def _show_count(self) -> None:
        colon = "：" if self.vocab.lang == "zh" else ": "
        self.count_label.setText(f"{self.vocab.word('customers')}{colon}{self._count}")

    def apply_words(self, vocab: Vocabulary) -> None:
        """Speak the business's words (the business type changed in Settings)."""
        if vocab == self.vocab:
            return
        self.vocab = vocab
        self.model.set_vocabulary(vocab)
        self.new_button.setText(vocab.word("new_customer"))
        self._build_column_menu()
        self._show_count()
        self._arrange_filters()

    # selection -------------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.customer_id(r) for r in rows]

    def select_rows(self, rows: list[int]) -> None:
        """Select whole rows (keyboard users and tests)."""
        sel = self.table.selectionModel()
        sel.clearSelection()
        for r in rows:
            sel.select(self.model.index(r, 0), sel.SelectionFlag.Select | sel.SelectionFlag.Rows)

    def _update_actions(self) -> None:
        has = self.table.selectionModel().hasSelection()
        for w in (self.tag_button, self.category_button, self.archive_button):
            w.setEnabled(has)

    def _open_index(self, index: Any) -> None:
        if index.isValid():
            self.open_customer.emit(self.model.customer_id(index.row()))

    # bulk actions ------------------------------------------------------------------
    def _write(self, fn: Callable[[Any], Any], on_done: Callable[[Any], None] | None = None) -> None:
        db = self._db

        def work() -> Any:
            with db.session() as s:
                return fn(s)

        def done(result: Any) -> None:
            if on_done is not None:
                on_done(result)
            self.refresh()
            self.changed.emit()

        workers.run_task(work, on_done=done, parent=self, write=True, title=self.tr("Saving…"))

    @Slot()
    def tag_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        text, ok = QInputDialog.getText(
            self,
            self.tr("Add tag"),
            self.tr("Tags to add to the selected customers (%n), comma separated:", "", len(ids)),
        )
        from crm_desktop.services.customers import add_tags
        from crm_desktop.services.validation import split_tags

        tags = split_tags(text) if ok else []  # the same separators as a tags field everywhere
        if not tags:
            return

        self._write(lambda s: add_tags(s, ids, tags))

    def set_category_selected(self, code: str) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        from crm_desktop.services.customers import set_category

        self._write(lambda s: set_category(s, ids, code))

    @Slot()
    def archive_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        from crm_desktop.services.customers import archive_customers

        def done(count: Any) -> None:
            self._last_archived = ids
            self._set_undo_text(len(ids))
            self.undo_bar.show()

        self._write(lambda s: archive_customers(s, ids), done)

    def _set_undo_text(self, count: int) -> None:
        self.undo_label.setText(self.tr("Moved to the trash: %n. Undo brings them back.", "", count))

    @Slot()
    def undo_archive(self) -> None:
        ids, self._last_archived = self._last_archived, []
        self.undo_bar.hide()
        if not ids:
            return
        from crm_desktop.services.customers import restore_customers

        self._write(lambda s: restore_customers(s, ids))

    # columns ---------------------------------------------------------------------
    def _build_column_menu(self) -> None:
        menu = QMenu(self.columns_button)
        for key in ALL_COLUMNS:
            if (
                key.startswith("guardian_")
                and self.vocab.business not in (None, "school")
                and key not in self.model.columns
            ):
                continue  # a student's parent: offered at a school (or once a column shows it)
            act = menu.addAction(column_label(key, self.vocab))
            act.setCheckable(True)
            act.setChecked(key in self.model.columns)
            act.setData(key)
            act.toggled.connect(lambda on, k=key: self.show_column(k, on))
        old = getattr(self, "column_menu", None)
        self.columns_button.setMenu(menu)
        fit_menu_button(self.columns_button)
        self.column_menu = menu
        if old is not None:
            old.deleteLater()

    def _never_resized(self) -> bool:
        """The saved widths are all the old default (the last column stretches): the user never
        dragged one, so today's defaults, which fit a 1200 px window, apply."""
        sections = range(len(self.model.columns) - 1)
        return all(self.table.columnWidth(i) == OLD_DEFAULT_WIDTH for i in sections)

    def _set_default_widths(self) -> None:
        """Each column's default width (COLUMN_WIDTHS), until the user drags one."""
        for section, key in enumerate(self.model.columns):
            self.table.setColumnWidth(section, COLUMN_WIDTHS.get(key, DEFAULT_COLUMN_WIDTH))

    def show_column(self, key: str, on: bool) -> None:
        """Add or remove a column (the column chooser); remembered across starts."""
        columns = self.model.columns
        if on and key not in columns:
            order = {k: i for i, k in enumerate(ALL_COLUMNS)}
            columns.append(key)
            columns.sort(key=lambda k: order[k])
        elif not on and key in columns and len(columns) > 1:
            columns.remove(key)
        else:
            return
        # the last column is stretched to the table's edge: that is not a width to keep
        widths = {k: self.table.columnWidth(i) for i, k in enumerate(self.model.columns[:-1])}
        self.model.set_columns(columns)
        for section, k in enumerate(columns):  # each column keeps its width where it moves
            self.table.setColumnWidth(section, widths.get(k, COLUMN_WIDTHS.get(k, DEFAULT_COLUMN_WIDTH)))
        qsettings().setValue(CUSTOMER_COLUMNS, columns)

    def save_state(self) -> None:
        """Remember column widths (called by the main window when it closes)."""
        settings = qsettings()
        settings.setValue(CUSTOMER_COLUMNS, self.model.columns)
        settings.setValue(CUSTOMER_HEADER, self.table.horizontalHeader().saveState())
