"""The touched widgets, built in Chinese, show no English word: every text goes through the .qm.

Labels, buttons, menus, tooltips, placeholders, tab titles and table headers of the Customers
page (with its export menu and undo bar), the Trash and Follow-ups pages and every step of the
import wizard are collected; what is left after the names a Chinese user reads as they are
(Excel, CSV, vCard, file extensions) must be Chinese.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QLabel,
    QLineEdit,
    QTabWidget,
    QWidget,
)

from crm_desktop.db.engine import Database
from crm_desktop.services.customers import create_customer
from crm_desktop.ui import i18n

ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")
# Names kept as they are in Chinese text, and example values a field shows.
ALLOWED = re.compile(
    r"Excel|CSV|UTF-8|vCard|OpenDocument|\*?\.(xlsx|xls|xlsm|ods|csv|tsv|txt|vcf)|A4|Letter|English"
)


def english_words(text: str) -> set[str]:
    return set(ENGLISH_WORD.findall(ALLOWED.sub("", text)))


def widget_texts(root: QWidget) -> list[str]:
    texts: list[str] = []
    for w in [root, *root.findChildren(QWidget)]:
        if isinstance(w, QLabel | QAbstractButton):
            texts.append(w.text())
        if isinstance(w, QLineEdit):
            texts.append(w.placeholderText())
        if isinstance(w, QTabWidget):
            texts += [w.tabText(i) for i in range(w.count())]
        if isinstance(w, QComboBox):
            texts += [w.itemText(i) for i in range(w.count())]
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            texts += [
                str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(model.columnCount())
            ]
        texts.append(w.toolTip())
        texts.append(w.windowTitle())
    for action in root.findChildren(QAction):
        texts += [action.text(), action.toolTip()]
    return [t for t in texts if t]


def untranslated(root: QWidget) -> list[str]:
    return [t for t in widget_texts(root) if english_words(t)]


def test_customers_trash_and_follow_ups_pages_in_chinese(
    qtbot: Any, db: Database, sync_workers: None
) -> None:
    with db.session() as s:
        create_customer(s, {"name": "张伟", "phone": "13800138000"})
        create_customer(s, {"name": "李娜"})
    i18n.install_translators("zh")
    from crm_desktop.ui.main_window import MainWindow

    window = MainWindow(db)
    qtbot.addWidget(window)
    try:
        window.show()
        window.show_page("customers")
        customers = window.page("customers")
        customers.refresh()
        customers.select_rows([0])
        customers.archive_selected()
        assert customers.undo_bar.isVisible()
        for key in ("customers", "trash", "follow_ups"):
            window.show_page(key)
            page = window.page(key)
            assert untranslated(page) == [], (key, untranslated(page))
    finally:
        window.close()


def test_every_import_wizard_step_in_chinese(
    qtbot: Any, db: Database, tmp_path: Path, sync_workers: None
) -> None:
    from crm_desktop.ui.dialogs.import_wizard import ImportWizard

    book = openpyxl.Workbook()
    book.active.title = "名单"
    book.active.append(["姓名", "手机", "邮箱"])
    book.active.append(["张伟", "13800138000", "zw@example.com"])
    book.active.append(["李娜", "call me", ""])
    path = tmp_path / "名单.xlsx"
    book.save(path)
    i18n.install_translators("zh")
    wizard = ImportWizard(db, "customers", path)
    qtbot.addWidget(wizard)
    wizard.show()
    found: dict[int, list[str]] = {}
    for step in range(4):
        found[step] = [t for t in untranslated(wizard.stack.currentWidget()) if "名单.xlsx" not in t]
        found[step] += untranslated(wizard.title.parentWidget()) if step == 0 else []
        wizard.next_button.click()
    wizard.import_button.click()
    found[4] = [
        t for t in untranslated(wizard.stack.currentWidget()) if str(tmp_path) not in t.replace("call me", "")
    ]
    found[4] = [t for t in found[4] if english_words(t.replace("call me", ""))]
    # values from the file (a phone "call me") are the user's, not the window's
    assert all(not texts for texts in found.values()), {k: v for k, v in found.items() if v}

    from crm_desktop.ui.dialogs.import_history import ImportHistoryDialog

    history = ImportHistoryDialog(db)
    qtbot.addWidget(history)
    history.show()
    assert history.table.rowCount() == 1
    assert untranslated(history) == []
    cells = [history.table.item(0, c).text() for c in range(history.table.columnCount())]
    assert [c for c in cells if english_words(c) and c != "名单.xlsx"] == [], cells
