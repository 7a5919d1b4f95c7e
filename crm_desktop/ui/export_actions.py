"""Export buttons: write exactly what a list page shows (its rows, in its order, with its columns).

A page hands `export_button` a function returning (ids in display order, column keys or None);
the button asks for a file name (.xlsx or .csv), then `exchange.export.export_records` writes it
in a worker. Any list page (customers, follow-ups, pipeline, service, insight) can use it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QPushButton, QWidget

from crm_desktop.ui import workers
from crm_desktop.ui.i18n import ui_lang
from crm_desktop.ui.prefs import qsettings

if TYPE_CHECKING:
    from crm_desktop.db.engine import Database

# What a page gives the button: the ids it shows (None: all records) and the column keys (None: all).
Source = Callable[[], tuple[Sequence[int] | None, Sequence[str] | None]]
FOLDER_KEY = "export/folder"
STATUS_MS = 8000


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


def suggested_path(kind: str, lang: str) -> Path:
    """Last export folder (or Documents) / e.g. `客户-2026-11-23.xlsx`."""
    names = {
        "customers": ("Customers", "客户"),
        "follow-ups": ("Follow-ups", "跟进"),
        "deals": ("Deals", "商机"),
        "service": ("Service", "售后服务"),
    }
    en, zh = names.get(kind, (kind, kind))
    folder = qsettings().value(FOLDER_KEY) or QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation
    )
    return Path(str(folder)) / f"{zh if lang == 'zh' else en}-{date.today():%Y-%m-%d}.xlsx"


def export_rows(
    parent: QWidget,
    db: Database,
    kind: str,
    ids: Sequence[int] | None,
    keys: Sequence[str] | None,
) -> workers.Task | None:
    """Ask where to save, then export `ids` (in this order) with columns `keys` in a worker."""
    lang = ui_lang()
    excel = QCoreApplication.translate("ExportActions", "Excel workbook (*.xlsx)")
    csv_ = QCoreApplication.translate("ExportActions", "CSV, UTF-8 (*.csv)")
    path_text, chosen = QFileDialog.getSaveFileName(
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
    qsettings().setValue(FOLDER_KEY, str(path.parent))
    id_list = list(ids) if ids is not None else None
    key_list = list(keys) if keys is not None else None

    def work(progress: workers.Progress) -> Any:
        from crm_desktop.exchange.export import export_records

        with db.session() as s:
            return export_records(s, kind, path, ids=id_list, keys=key_list, progress=progress, lang=lang)

    def done(result: Any) -> None:
        message = (
            QCoreApplication.translate("ExportActions", "Exported %1 records to %2")
            .replace("%1", str(result.count))
            .replace("%2", str(result.path))
        )
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


# The follow-up lists show who, what kind, what about, when and the outcome: these columns.
FOLLOW_UP_KEYS = ("customer", "customer_phone", "kind", "subject", "due_at", "done_at", "outcome", "notes")


def follow_ups_shown(page: Any) -> tuple[list[int], list[str]]:
    """The follow-ups of the list in use on the Follow-ups page (a tab, or the calendar day)."""
    view = getattr(page, "_active_view", None) or page.tabs.currentWidget()
    rows = view.model().rows() if view is not None else []
    return [int(r.id) for r in rows], list(FOLLOW_UP_KEYS)
