"""Customers → Export writes every field by default (as the command line does), custom fields
included; "only the visible columns" is a choice of its own, and the message says which it did."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
from PySide6.QtCore import Qt

from crm_desktop.db.engine import Database
from crm_desktop.exchange.export import default_keys, header_for
from crm_desktop.fields import CATALOGUES
from crm_desktop.services.customers import create_customer


def add(db: Database, **values: Any) -> int:
    with db.session() as s:
        customer = create_customer(s, values)
        s.flush()
        return int(customer.id)


def header_row(path: Path) -> list[Any]:
    return list(next(openpyxl.load_workbook(path).active.iter_rows(values_only=True)))


def customers_page(main_window: Any) -> Any:
    main_window.show_page("customers")
    page = main_window.page("customers")
    page.refresh()
    return page


def test_default_export_has_every_field_and_the_custom_fields(
    main_window: Any, db: Database, tmp_path: Path, dialogs: Any
) -> None:
    add(
        db,
        name="张伟",
        phone="13800001111",
        email="zw@example.com",
        wechat="zw_wechat",
        birthday="1990-05-03",
        address="上海市南京路 1 号",
        notes="老客户",
        **{"custom.会员卡号": "VIP-001"},
    )
    add(db, name="李娜", phone="13900002222", **{"custom.推荐人": "王芳"})
    page = customers_page(main_window)
    assert page.model.rowCount() == 2
    out = tmp_path / "all.xlsx"
    dialogs.answer_file(out)
    page.export_button.click()  # a click (no menu) is the default: all fields

    headers = header_row(out)
    catalogue = [f.label("en") for f in CATALOGUES["customers"]]
    assert headers[: len(catalogue)] == catalogue  # every catalogue column, in catalogue order
    assert headers[len(catalogue) :] == ["会员卡号", "推荐人"]  # then the custom fields
    with db.session() as s:
        cli_headers = [header_for("customers", k, "en") for k in default_keys(s, "customers")]
    assert headers == cli_headers  # the same set the command line writes
    for wanted in ("Email", "Birthday", "Address", "Notes", "WeChat"):
        assert wanted in headers
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))[1:]
    by_name = {r[headers.index("Name")]: dict(zip(headers, r, strict=True)) for r in rows}
    assert by_name["张伟"]["Email"] == "zw@example.com"
    assert by_name["张伟"]["WeChat"] == "zw_wechat"
    assert by_name["张伟"]["会员卡号"] == "VIP-001"
    assert by_name["李娜"]["推荐人"] == "王芳"

    message = main_window.statusBar().currentMessage()
    assert f"Customers exported: 2, with all {len(headers)} columns" in message
    assert str(out) in message


def test_only_the_visible_columns_when_asked(
    main_window: Any, db: Database, tmp_path: Path, dialogs: Any
) -> None:
    add(db, name="张伟", phone="13800001111", email="zw@example.com", **{"custom.会员卡号": "VIP-001"})
    page = customers_page(main_window)
    visible = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
    out = tmp_path / "visible.xlsx"
    dialogs.answer_file(out)
    page.export_button.visible_action.trigger()
    headers = header_row(out)
    assert headers == visible
    assert "Email" not in headers and "会员卡号" not in headers
    message = main_window.statusBar().currentMessage()
    assert f"with only the {len(visible)} visible columns" in message


def test_the_menu_offers_both_and_the_message_is_chinese_in_the_chinese_window(
    main_window: Any, db: Database, tmp_path: Path, dialogs: Any
) -> None:
    from crm_desktop.ui import i18n

    add(db, name="张伟", phone="13800001111")
    page = customers_page(main_window)
    i18n.install_translators("zh")
    menu = page.export_button.menu()
    assert [a.text() for a in menu.actions()] == [
        page.export_button.all_action.text(),
        page.export_button.visible_action.text(),
    ]
    out = tmp_path / "全部.xlsx"
    dialogs.answer_file(out)
    page.export_button.all_action.trigger()
    headers = header_row(out)
    assert headers[0] == CATALOGUES["customers"][0].label("zh")
    message = main_window.statusBar().currentMessage()
    assert message.startswith(f"已导出 1 位客户，全部 {len(headers)} 列")
