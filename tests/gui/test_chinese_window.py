"""No English inside the Chinese window: follow-up kinds, Qt's file dialog, default file names."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLibraryInfo, Qt, QTranslator
from PySide6.QtWidgets import QAbstractButton, QFileDialog, QLabel, QTreeView, QWidget

from crm_desktop.db.engine import Database
from crm_desktop.db.models import Customer
from crm_desktop.services.follow_ups import plan_follow_up
from crm_desktop.ui import file_dialogs, i18n
from crm_desktop.ui.pages.follow_ups import FollowUpsPage

TODAY = datetime.now().replace(hour=23, minute=0, second=0, microsecond=0)
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")


def add_customer(db: Database, name: str) -> int:
    with db.session() as s:
        customer = Customer(name=name)
        s.add(customer)
        s.flush()
        return customer.id


def plan_today(db: Database) -> None:
    cid = add_customer(db, "张伟")
    with db.session() as s:
        for kind in ("meeting", "call", "visit"):
            plan_follow_up(s, cid, TODAY, kind, f"{kind} 事项")


def kind_texts(page: FollowUpsPage) -> list[str]:
    model = page.day_model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    column = headers.index("方式")
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_calendar_day_list_names_kinds_in_chinese_on_first_load(qtbot: Any, db: Database) -> None:
    """Real worker threads: the day's list may arrive before the lists that used to carry the names."""
    plan_today(db)
    i18n.install_translators("zh")
    seen: list[list[str]] = []
    page = FollowUpsPage(db)
    qtbot.addWidget(page)
    page.day_model.modelReset.connect(lambda: seen.append(kind_texts(page)))
    page.show()
    qtbot.waitUntil(lambda: any(seen), timeout=5000)
    first = next(texts for texts in seen if texts)
    assert sorted(first) == sorted(["会面", "电话", "到店"])


def test_day_list_names_kinds_even_before_the_lists_arrive(
    qtbot: Any, db: Database, sync_workers: None
) -> None:
    plan_today(db)
    i18n.install_translators("zh")
    page = FollowUpsPage(db)
    qtbot.addWidget(page)
    page.day_model.kind_names = {}  # as on first load, when the lists' read has not answered yet
    page.show_day(TODAY.date())
    assert sorted(kind_texts(page)) == sorted(["会面", "电话", "到店"])


def texts_of(widget: QWidget) -> list[str]:
    texts: list[str] = []
    for child in widget.findChildren(QWidget):
        if isinstance(child, QLabel | QAbstractButton) and child.isVisibleTo(widget):
            texts.append(child.text())
        if child.toolTip():
            texts.append(child.toolTip())
    for view in widget.findChildren(QTreeView):
        model = view.model()
        texts += [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())]
        root = view.rootIndex()
        # the kind of each entry; names are the user's, sizes and MIME names the system's
        texts += [
            str(model.index(r, 2, root).data())
            for r in range(model.rowCount(root))
            if model.hasChildren(model.index(r, 0, root))
        ]
    return texts


def test_qt_file_dialog_speaks_chinese(qtbot: Any, tmp_path: Path) -> None:
    """Qt's own catalogue loads from the wheel, and our supplement covers what it lacks (Qt 6 changed
    "Look in:" to "&Look in:" and moved "Folder" to another context)."""
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    assert Path(folder, "qtbase_zh_CN.qm").is_file()
    assert QTranslator().load("qtbase_zh_CN", folder)
    (tmp_path / "客户.xlsx").write_bytes(b"")
    (tmp_path / "子目录").mkdir()
    i18n.install_translators("zh")
    dialog = QFileDialog(None, "导出到文件", str(tmp_path), "Excel 工作簿 (*.xlsx)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(dialog)
    dialog.show()
    tree = dialog.findChild(QTreeView)
    qtbot.waitUntil(lambda: tree.model().rowCount(tree.rootIndex()) == 2)
    labels = {w.objectName(): w.text() for w in dialog.findChildren(QLabel)}
    assert labels["lookInLabel"] == "查找范围(&L)："
    assert labels["fileTypeLabel"] == "文件类型(&T)："
    assert labels["fileNameLabel"].startswith("文件名称")
    texts = texts_of(dialog)
    assert "文件夹" in texts  # the folder's kind (Qt 6 asks QAbstractFileIconProvider for it)
    english = [t for t in texts if ENGLISH_WORD.search(t.replace("xlsx", ""))]
    assert english == [], english


def test_default_file_names_follow_the_window_language(
    qtbot: Any, db: Database, tmp_path: Path, dialogs: Any, sync_workers: None, monkeypatch: Any
) -> None:
    from crm_desktop.ui.export_actions import suggested_path
    from crm_desktop.ui.pages.reports import ReportsPage
    from crm_desktop.ui.recent_files import remember_folder

    today = date.today().isoformat()
    for lang, report, export in (("zh", "客户名单", "客户"), ("en", "Customer list", "Customers")):
        i18n.install_translators(lang)
        page = ReportsPage(db)
        qtbot.addWidget(page)
        assert page.default_file_name() == f"{report}-{today}.pdf"
        assert suggested_path("customers", lang).name == f"{export}-{today}.xlsx"

    # the save dialog opens in the last folder saved to (Documents at first), not the program's
    i18n.install_translators("zh")
    remember_folder(tmp_path)
    page = ReportsPage(db)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.rendered, timeout=30000):
        page.preview()
    asked: list[str] = []

    def answer(_parent: Any, _title: str, start: str, _filter: str) -> tuple[str, str]:
        asked.append(start)
        return str(tmp_path / "报表"), ""

    monkeypatch.setattr(file_dialogs, "get_save_file_name", answer)
    page.save_button.click()
    assert asked == [str(tmp_path / f"客户名单-{today}.pdf")]
    assert (tmp_path / "报表.pdf").read_bytes() == page.pdf_bytes()
