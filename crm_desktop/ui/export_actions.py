"""Export buttons: write what a list page shows (its rows, in its order) to .xlsx or .csv.

A page hands `export_button` a function returning (ids in display order, column keys or None);
the button asks for a file name (.xlsx or .csv), then `exchange.export.export_records` writes it
in a worker. Any list page (customers, follow-ups, pipeline, service, insight) can use it.

The Customers page exports every field by default (the same columns as the command line's
`export`, custom fields included), and only the visible columns when the user picks that from
the button's menu; the completion message says which it did. Default file names follow the
language of the window (`default_file_name`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox, QPushButton, QToolButton, QWidget

from crm_desktop.ui import file_dialogs, workers
from crm_desktop.ui.i18n import ui_lang

if TYPE_CHECKING:
    from crm_desktop.db.engine import Database

# What a page gives the button: the ids it shows (None: all records) and the column keys (None: all).
Source = Callable[[], tuple[Sequence[int] | None, Sequence[str] | None]]
STATUS_MS = 8000
# Which columns an export writes: every field of the kind, or the page's visible columns.
ALL_FIELDS, VISIBLE_COLUMNS = "all", "visible"


def export_button(parent: QWidget, db: Database, kind: str, source: Source) -> QPushButton:
    """A "Export…" button for a list page of `kind`; `source()` says what the page shows now."""
    button = QPushButton(QCoreApplication.translate("ExportActions", "Export…"), parent)
    button.setToolTip(
        QCoreApplication.translate(
            "ExportActions",
            "Save the rows shown (or the selected rows) with the visible columns to an Excel or CSV file",
        )
    )

    def clicked() -> None:
        ids, keys = source()
        export_rows(parent, db, kind, ids, keys)

    button.clicked.connect(clicked)
    return button


class ColumnsExportButton(QToolButton):
    """ "Export…" with a menu: all fields (what a click does) or only the visible columns."""

    def __init__(self, parent: QWidget, db: Database, kind: str, source: Source) -> None:
        super().__init__(parent)
        self.setText(QCoreApplication.translate("ExportActions", "Export…"))
        self.setToolTip(
            QCoreApplication.translate(
                "ExportActions",
                "Save the rows shown (or the selected rows) with all their fields to an Excel or CSV file; "
                "the arrow offers only the visible columns",
            )
        )
        self.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        menu = QMenu(self)
        self.all_action = menu.addAction(QCoreApplication.translate("ExportActions", "All fields…"))
        self.visible_action = menu.addAction(
            QCoreApplication.translate("ExportActions", "Only the visible columns…")
        )
        self.setMenu(menu)

        def export(columns: str) -> None:
            ids, keys = source()
            export_rows(parent, db, kind, ids, keys, columns=columns)

        self.all_action.triggered.connect(lambda _checked=False: export(ALL_FIELDS))
        self.visible_action.triggered.connect(lambda _checked=False: export(VISIBLE_COLUMNS))
        self.clicked.connect(lambda _checked=False: export(ALL_FIELDS))


def columns_export_button(parent: QWidget, db: Database, kind: str, source: Source) -> ColumnsExportButton:
    """The Customers page's export button: all fields on a click, the visible columns from its menu."""
    return ColumnsExportButton(parent, db, kind, source)


# The first part of a default file name, (English, Chinese), by what is saved.
FILE_STEMS: dict[str, tuple[str, str]] = {
    "customers": ("Customers", "客户"),
    "follow-ups": ("Follow-ups", "跟进"),
    "deals": ("Deals", "商机"),
    "service": ("Service", "售后服务"),
}


def default_folder() -> Path:
    """Where a save dialog opens: the folder last used by any file dialog, else Documents."""
    from crm_desktop.ui.recent_files import start_folder

    return start_folder()


def default_file_name(en: str, zh: str, suffix: str, lang: str | None = None, day: date | None = None) -> str:
    """A file name in the window's language, dated: `客户-2026-11-23.xlsx` / `Customers-2026-11-23.xlsx`."""
    stem = zh if (lang or ui_lang()) == "zh" else en
    return f"{stem}-{(day or date.today()):%Y-%m-%d}{suffix}"


def suggested_path(kind: str, lang: str) -> Path:
    """Last export folder (or Documents) / e.g. `客户-2026-11-23.xlsx`."""
    en, zh = FILE_STEMS.get(kind, (kind, kind))
    return default_folder() / default_file_name(en, zh, ".xlsx", lang)


def export_rows(
    parent: QWidget,
    db: Database,
    kind: str,
    ids: Sequence[int] | None,
    keys: Sequence[str] | None,
    *,
    columns: str | None = None,
) -> workers.Task | None:
    """Ask where to save, then export `ids` (in this order) with columns `keys` in a worker.

    `columns` says what `keys` are, for the completion message: ALL_FIELDS exports every field
    of `kind` (custom fields included; `keys` is ignored), VISIBLE_COLUMNS the page's columns.
    """
    lang = ui_lang()
    excel = QCoreApplication.translate("ExportActions", "Excel workbook (*.xlsx)")
    csv_ = QCoreApplication.translate("ExportActions", "CSV, UTF-8 (*.csv)")
    path_text, chosen = file_dialogs.get_save_file_name(
        parent,
        QCoreApplication.translate("ExportActions", "Export to a file"),
        str(suggested_path(kind, lang)),
        f"{excel};;{csv_}",
    )
    if not path_text:
        return None
    path = Path(path_text)
    if path.suffix.lower() not in (".xlsx", ".csv"):
        # a name typed without its extension: take the format chosen in the dialog
        path = path.with_name(path.name + (".csv" if chosen == csv_ else ".xlsx"))
    from crm_desktop.ui.recent_files import remember_folder

    remember_folder(path)
    id_list = list(ids) if ids is not None else None
    key_list = list(keys) if keys is not None and columns != ALL_FIELDS else None

    def work(progress: workers.Progress) -> Any:
        from crm_desktop.exchange.export import default_keys, export_records

        with db.session() as s:
            written = key_list if key_list is not None else default_keys(s, kind)
            result = export_records(s, kind, path, ids=id_list, keys=written, progress=progress, lang=lang)
            return result, len(written)

    def done(outcome: Any) -> None:
        result, column_count = outcome
        message = done_message(kind, columns, result.count, column_count, result.path)
        window = parent.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(message, STATUS_MS)
        if result.warnings:
            row = QCoreApplication.translate("ExportActions", "row %1, %2")
            cut = "\n".join(
                row.replace("%1", str(w.row)).replace("%2", w.column) for w in result.warnings[:10]
            )
            QMessageBox.warning(
                parent,
                QCoreApplication.translate("ExportActions", "Export"),
                QCoreApplication.translate(
                    "ExportActions",
                    "%1 cells were longer than Excel allows (32,767 characters) and were cut, marked …[cut]:",
                ).replace("%1", str(len(result.warnings)))
                + "\n"
                + cut,
            )

    return workers.run_task(
        work, on_done=done, parent=parent, title=QCoreApplication.translate("ExportActions", "Exporting…")
    )


def done_message(kind: str, columns: str | None, count: int, column_count: int, path: Path) -> str:
    """What an export wrote, saying whether it was every field or only the visible columns."""
    if kind == "customers" and columns == ALL_FIELDS:
        text = QCoreApplication.translate(
            "ExportActions", "Customers exported: %1, with all %2 columns, to %3"
        )
    elif kind == "customers" and columns == VISIBLE_COLUMNS:
        text = QCoreApplication.translate(
            "ExportActions", "Customers exported: %1, with only the %2 visible columns, to %3"
        )
    else:
        text = QCoreApplication.translate("ExportActions", "Records exported: %1, with %2 columns, to %3")
    return text.replace("%1", str(count)).replace("%2", str(column_count)).replace("%3", str(path))


# The follow-up lists show who, what kind, what about, when and the outcome: these columns.
FOLLOW_UP_KEYS = ("customer", "customer_phone", "kind", "subject", "due_at", "done_at", "outcome", "notes")


def follow_ups_shown(page: Any) -> tuple[list[int], list[str]]:
    """The follow-ups of the list in use on the Follow-ups page (a tab, or the calendar day)."""
    view = getattr(page, "_active_view", None) or page.tabs.currentWidget()
    rows = view.model().rows() if view is not None else []
    return [int(r.id) for r in rows], list(FOLLOW_UP_KEYS)
