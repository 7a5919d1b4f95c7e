"""Export buttons write exactly what a page shows: its filter, search, selection and visible columns."""

from __future__ import annotations

import csv
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
from PySide6.QtCore import Qt

from crm_desktop.db.engine import Database
from crm_desktop.services.customers import create_customer


def add(db: Database, **values: Any) -> int:
    with db.session() as s:
        customer = create_customer(s, values)
        s.flush()
        return int(customer.id)


def sheet_rows(path: Path) -> list[tuple[Any, ...]]:
    return list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))


def test_export_the_filtered_customer_list(
    main_window: Any, qtbot: Any, db: Database, tmp_path: Path, dialogs: Any
) -> None:
    add(db, name="张伟", phone="13800001111", city="上海", category="lead")
    add(db, name="李娜", phone="13900002222", city="北京", category="customer")
    add(db, name="Zhang Wei", email="zw@example.com", city="上海", category="customer")
    main_window.show_page("customers")
    page = main_window.page("customers")
    page.refresh()
    city = page.filters["city"]
    qtbot.waitUntil(lambda: city.findData("上海") >= 0)
    city.setCurrentIndex(city.findData("上海"))
    assert page.model.rowCount() == 2
    page.show_column("total_spent", False)
    page.show_column("email", True)
    out = tmp_path / "shanghai.xlsx"
    dialogs.answer_file(out)
    page.export_button.visible_action.trigger()  # "only the visible columns"
    rows = sheet_rows(out)
    headers = list(rows[0])
    model = page.model
    shown_headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == shown_headers  # the visible columns, in the page's order
    assert "Email" in headers and "Total spent" not in headers
    by_name = {r[0]: dict(zip(headers, r, strict=True)) for r in rows[1:]}
    assert sorted(by_name) == ["Zhang Wei", "张伟"]
    assert by_name["张伟"]["Phone"] == "13800001111"
    assert by_name["Zhang Wei"]["Email"] == "zw@example.com"
    assert all(r["City"] == "上海" for r in by_name.values())
    # the order is the page's order
    name_col = page.model.columns.index("name")
    shown = [page.model.index(r, name_col).data() for r in range(page.model.rowCount())]
    assert [r[0] for r in rows[1:]] == shown
    message = main_window.statusBar().currentMessage()
    assert f"Customers exported: 2, with only the {len(headers)} visible columns" in message


def test_export_only_the_selection_to_csv(
    main_window: Any, qtbot: Any, db: Database, tmp_path: Path, dialogs: Any
) -> None:
    for i in range(5):
        add(db, name=f"客户{i}", phone=f"1380000000{i}")
    main_window.show_page("customers")
    page = main_window.page("customers")
    page.refresh()
    assert page.model.rowCount() == 5
    page.search.setText("客户3")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=3000)
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 5, timeout=3000)
    page.select_rows([1, 3])
    wanted = page.selected_ids()
    # a name typed without an extension gets the format picked in the dialog
    dialogs.answer_file(tmp_path / "picked", "CSV, UTF-8 (*.csv)")
    page.export_button.visible_action.trigger()
    out = tmp_path / "picked.csv"
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Chinese Excel opens it as UTF-8
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert len(rows) == 1 + len(wanted) == 3
    name_col = page.model.columns.index("name")
    assert [r[0] for r in rows[1:]] == [page.model.index(r, name_col).data() for r in (1, 3)]


def test_export_search_results_in_chinese(
    main_window: Any, qtbot: Any, db: Database, tmp_path: Path, dialogs: Any
) -> None:
    from crm_desktop.ui import i18n

    add(db, name="张伟", phone="13800001111", category="lead")
    add(db, name="李娜", phone="13900002222", category="customer")
    main_window.show_page("customers")
    page = main_window.page("customers")
    page.search.setText("李娜")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=3000)
    i18n.install_translators("zh")
    out = tmp_path / "搜索结果.xlsx"
    dialogs.answer_file(out)
    page.export_button.visible_action.trigger()
    rows = sheet_rows(out)
    assert rows[0][0] == "姓名"
    assert [r[0] for r in rows[1:]] == ["李娜"]
    assert rows[1][list(rows[0]).index("客户阶段")] == "成交客户"  # choices in the user's language


def test_export_the_follow_up_list(
    main_window: Any, qtbot: Any, db: Database, tmp_path: Path, dialogs: Any
) -> None:
    from crm_desktop.services.follow_ups import plan_follow_up

    cid = add(db, name="张伟", phone="13800001111")
    now = datetime.now().replace(microsecond=0)
    with db.session() as s:
        plan_follow_up(s, cid, now - timedelta(days=2), subject="回访")
        plan_follow_up(s, cid, now - timedelta(days=1), subject="报价")
    main_window.show_page("follow_ups")
    page = main_window.page("follow_ups")
    page.show_tab("overdue")
    qtbot.waitUntil(lambda: len(page.tab_rows("overdue")) == 2, timeout=3000)
    out = tmp_path / "follow-ups.xlsx"
    dialogs.answer_file(out)
    page.export_button.click()
    rows = sheet_rows(out)
    assert rows[0][0] == "Customer"
    assert sorted(r[3] for r in rows[1:]) == ["回访", "报价"]
    assert all(r[0] == "张伟" for r in rows[1:])


def test_cancelled_file_dialog_writes_nothing(
    main_window: Any, db: Database, tmp_path: Path, dialogs: Any
) -> None:
    main_window.show_page("customers")
    page = main_window.page("customers")
    dialogs.answer_file("")
    page.export_button.click()
    assert list(tmp_path.glob("*.xlsx")) == []
