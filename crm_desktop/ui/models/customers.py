"""The customer table model: ids first, rows on demand, sorting in SQL.

Opening the table runs one filtered, sorted id query (`services.customers.customer_ids`, in a
worker); `rowCount()` is the number of ids. When nothing is shown yet, the first screen of ids
comes first from the same query with a LIMIT, so the rows show before the whole list is read. `data()` reads the page of `PAGE_SIZE` rows around
a missing row with `customer_rows` (about 2 ms a page at 100,000 customers) and keeps at most
`MAX_PAGES` pages, so memory stays flat however far the user scrolls. Sorting re-runs the id
query with a new `sort_key` instead of sorting in Python. The model never opens dialogs.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal

from crm_desktop.db.engine import Database
from crm_desktop.db.keys import DEFAULT_PHONE_REGION
from crm_desktop.fields import (
    CHOICES,
    CUSTOM_PREFIX,
    CUSTOMER_FIELDS,
    choice_label,
    customer_field,
    format_money,
)
from crm_desktop.services.vocabulary import Vocabulary, vocabulary
from crm_desktop.ui import workers
from crm_desktop.ui.i18n import ui_lang

PAGE_SIZE = 200
MAX_PAGES = 30
REST_DELAY_MS = 300
ID_ROLE = Qt.ItemDataRole.UserRole + 1

DEFAULT_COLUMNS = ("name", "phone", "company", "city", "category", "grade", "tags", "source", "total_spent")
# Every catalogue key the table can show (column chooser).
ALL_COLUMNS = tuple(f.key for f in CUSTOMER_FIELDS)

_Index = QModelIndex | QPersistentModelIndex


PHONE_KEYS = frozenset({"phone", "alt_phone"})


def format_value(key: str, value: Any, lang: str, phone_region: str | None = None) -> str:
    """How a catalogue value reads in a table cell or a read-only label.

    With `phone_region`, phone numbers read in that country's one format (`db.keys.display_phone`);
    without it, as typed (an edit form, a merge preview).
    """
    if value is None or value == "":
        return ""
    if phone_region is not None and key in PHONE_KEYS:
        from crm_desktop.db.keys import display_phone

        return display_phone(str(value), phone_region)
    if key in CHOICES:
        return choice_label(key, str(value), lang)
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        field = customer_field(key) if not key.startswith(CUSTOM_PREFIX) else None
        if field is not None and field.type == "money":
            return format_money(value)
        return f"{value:g}"
    return str(value)


class CustomerTableModel(QAbstractTableModel):
    """Customers matching a `CustomerQuery`, loaded a page at a time."""

    loading = Signal()
    loaded = Signal(int)  # number of matching customers

    def __init__(self, db: Database, columns: Sequence[str] = DEFAULT_COLUMNS, parent: Any = None) -> None:
        super().__init__(parent)
        from crm_desktop.services.customers import CustomerQuery

        self._db = db
        self._columns: list[str] = list(columns)
        self._ids: list[int] = []
        self._pages: OrderedDict[int, list[dict[str, Any]]] = OrderedDict()
        self._query = CustomerQuery()
        self._only: frozenset[int] | None = None
        self._generation = 0
        self._read_rest: Callable[[], object] | None = None
        self._rest_soon = False
        self._lang = ui_lang()
        # the business's words for the headers (累计缴费 at a school); the page sets them
        self._vocab = vocabulary(None, self._lang)
        # the country phone numbers read in: set by `reload`, else read with the first page
        self._phone_region: str | None = None
        # Counters tests and benchmarks read: how much the model actually fetched.
        self.pages_fetched = 0
        self.rows_fetched = 0

    # queries -----------------------------------------------------------------
    @property
    def query(self) -> Any:
        return self._query

    def set_query(self, query: Any) -> None:
        """Show the customers matching `query` (ids fetched in the background)."""
        self._query = query
        self.reload()

    @property
    def restricted(self) -> bool:
        return self._only is not None

    def restrict_to(self, ids: Sequence[int] | None) -> None:
        """Show only these customers (e.g. a chart's bar), still filtered and sorted; None: all."""
        self._only = frozenset(ids) if ids is not None else None
        self.reload()

    def update_query(self, **changes: Any) -> None:
        self.set_query(replace(self._query, **changes))

    def reload(self) -> None:
        """Re-run the id query, e.g. after customers were added, changed or archived."""
        from crm_desktop.services.customer_query import display_phone_region
        from crm_desktop.services.customers import customer_ids

        self._generation += 1
        generation = self._generation
        query = self._query
        only = self._only
        db = self._db

        # With the ids, the country phone numbers are shown for (the business profile may have
        # changed); reading it here also loads the phone library off the GUI thread.
        def fetch() -> tuple[list[int], str]:
            with db.session() as s:
                ids = customer_ids(s, query)
                region = display_phone_region(s)
            return (ids if only is None else [i for i in ids if i in only]), region

        def arrived(result: tuple[list[int], str]) -> None:
            if generation != self._generation:
                return  # a newer query was started meanwhile
            ids, self._phone_region = result
            shown = self._ids
            if first_screen and len(ids) > len(shown) and ids[: len(shown)] == shown:
                # The rest of the list after the first screen: its rows stay, the view stays put.
                self.beginInsertRows(QModelIndex(), len(shown), len(ids) - 1)
                self._ids = ids
                self.endInsertRows()
            else:
                self.beginResetModel()
                self._ids = ids
                self._pages.clear()
                self.endResetModel()
            self.loaded.emit(len(ids))

        self.loading.emit()
        self._read_rest = None
        # Nothing shown yet (the window just opened): the first screen of ids comes from a LIMIT
        # query in about a millisecond, the whole list (~100 ms at 100,000 customers) after it.
        first_screen = not self._ids and only is None and not workers.is_synchronous()
        if not first_screen:
            workers.run_task(fetch, on_done=arrived, show_progress=False)
            return

        def fetch_first() -> tuple[list[int], str]:
            with db.session() as s:
                return customer_ids(s, query, limit=PAGE_SIZE), display_phone_region(s)

        def first_arrived(result: tuple[list[int], str]) -> None:
            if generation != self._generation:
                return
            ids, self._phone_region = result
            if len(ids) < PAGE_SIZE:
                arrived(result)  # that is all of them
                return
            self.beginResetModel()
            self._ids = ids
            self._pages.clear()
            self.endResetModel()
            # The whole list is read once the first screen has been painted (a view asked for a
            # row, see `data`): a worker building 100,000 ids would slow that paint by holding
            # the GIL. At the latest after REST_DELAY_MS, when no view shows the model.
            self._read_rest = lambda: workers.run_task(fetch, on_done=arrived, show_progress=False)
            self._rest_soon = False
            QTimer.singleShot(REST_DELAY_MS, self, self._start_rest)

        workers.run_task(fetch_first, on_done=first_arrived, show_progress=False)

    def _start_rest(self) -> None:
        start, self._read_rest = self._read_rest, None
        if start is not None:
            start()

    def refresh_rows(self) -> None:
        """Forget the cached rows (values changed, the set of ids did not)."""
        self._pages.clear()
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(self._columns) - 1))

    # columns -------------------------------------------------------------------
    @property
    def columns(self) -> list[str]:
        return list(self._columns)

    def set_vocabulary(self, vocab: Vocabulary) -> None:
        """Name the columns in this business's words (a school's 累计缴费 is a shop's 累计消费)."""
        self._vocab = vocab
        if self._columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._columns) - 1)

    def set_columns(self, columns: Sequence[str]) -> None:
        self.beginResetModel()
        self._columns = list(columns)
        self._pages.clear()
        self.endResetModel()

    # rows ----------------------------------------------------------------------
    def customer_id(self, row: int) -> int:
        return self._ids[row]

    def ids(self) -> list[int]:
        return list(self._ids)

    def row_of(self, customer_id: int) -> int:
        try:
            return self._ids.index(customer_id)
        except ValueError:
            return -1

    def row_dict(self, row: int) -> dict[str, Any]:
        page_no = row // PAGE_SIZE
        page = self._pages.get(page_no)
        if page is None:
            page = self._fetch_page(page_no)
        else:
            self._pages.move_to_end(page_no)
        return page[row - page_no * PAGE_SIZE]

    def _fetch_page(self, page_no: int) -> list[dict[str, Any]]:
        from crm_desktop.services.customer_query import display_phone_region
        from crm_desktop.services.customers import customer_rows

        ids = self._ids[page_no * PAGE_SIZE : (page_no + 1) * PAGE_SIZE]
        keys = ["id", *[c for c in self._columns if c != "id"]]
        with self._db.session() as s:
            rows = customer_rows(s, ids, keys)
            if self._phone_region is None:  # a subclass's own reload (the trash) did not read it
                self._phone_region = display_phone_region(s)
        if len(rows) != len(ids):
            # A customer vanished between the id query and now: keep the row count stable.
            by_id = {r["id"]: r for r in rows}
            rows = [by_id.get(i, {"id": i}) for i in ids]
        self._pages[page_no] = rows
        self.pages_fetched += 1
        self.rows_fetched += len(rows)
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)
        return rows

    # Qt model API ----------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if self._read_rest is not None and not self._rest_soon:
            self._rest_soon = True  # a view is painting the first screen: read the rest after it
            QTimer.singleShot(0, self, self._start_rest)
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if role == Qt.ItemDataRole.TextAlignmentRole and self._columns[index.column()] in _NUMERIC:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        key = self._columns[index.column()]
        value = self.row_dict(index.row()).get(key)
        if role == Qt.ItemDataRole.ToolTipRole and key in PHONE_KEYS:
            return format_value(key, value, self._lang)  # as typed
        return format_value(key, value, self._lang, self._phone_region or DEFAULT_PHONE_REGION)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return None
        return column_label(self._columns[section], self._vocab)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting re-runs the SQL with the column as sort key."""
        if not 0 <= column < len(self._columns):
            return
        self.update_query(sort_key=self._columns[column], descending=order == Qt.SortOrder.DescendingOrder)


_NUMERIC = {f.key for f in CUSTOMER_FIELDS if f.type in ("money", "int", "float")}


def column_label(key: str, words: Vocabulary | str) -> str:
    """A column's header: a custom field's own name, else the field's name in the business's
    words (`words` a Vocabulary, or just a language for the catalogue's own names)."""
    if key.startswith(CUSTOM_PREFIX):
        return key[len(CUSTOM_PREFIX) :]
    vocab = words if isinstance(words, Vocabulary) else vocabulary(None, words)
    return vocab.field_label(key)
