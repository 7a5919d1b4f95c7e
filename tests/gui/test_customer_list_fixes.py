"""Issue 13 on the Customers and Today pages, on real widgets over a real database: a new
search starts at the top, an empty list says why (with a way back), phone numbers read in one
format, the default columns fit a 1200 px window, and Today's phone column is not cut."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from test_customers_page import add, fill_customers, names
from test_layout_fit import settle

from crm_desktop.db.engine import Database
from crm_desktop.services.customers import get_customer
from crm_desktop.services.follow_ups import plan_follow_up
from crm_desktop.services.presets import set_setting
from crm_desktop.ui.dialogs.customer import CustomerDialog
from crm_desktop.ui.models.customers import DEFAULT_COLUMNS
from crm_desktop.ui.pages.customers import CustomersPage
from crm_desktop.ui.pages.today import PHONE_COLUMN, TodayPage


@pytest.fixture(params=["en", "zh"])
def lang(request: pytest.FixtureRequest, qapp: Any) -> Iterator[str]:
    from crm_desktop.ui import i18n

    i18n.install_translators(request.param)
    yield request.param
    i18n.install_translators("en")


def make_page(qtbot: Any, db: Database) -> CustomersPage:
    page = CustomersPage(db)
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_a_new_search_or_filter_starts_at_the_top(qtbot: Any, db: Database, sync_workers: None) -> None:
    fill_customers(db, 1000)
    page = make_page(qtbot, db)
    bar = page.table.verticalScrollBar()
    bar.setValue(bar.maximum())
    assert bar.value() > 0
    page.search.setText("客户0001")  # 客户000100 … 客户000199: still a long list
    page._apply_filters()
    settle()
    assert page.model.rowCount() == 100 and bar.maximum() > 0
    assert bar.value() == 0
    # the same for a filter
    page.search.clear()
    page._apply_filters()
    bar.setValue(bar.maximum())
    city = page.filters["city"]
    city.setCurrentIndex(city.findData("上海"))
    settle()
    assert page.model.rowCount() == 250 and bar.maximum() > 0
    assert bar.value() == 0


def test_an_empty_list_says_so_and_offers_a_new_customer(
    qtbot: Any, db: Database, sync_workers: None, lang: str
) -> None:
    page = make_page(qtbot, db)
    settle()
    assert page.empty_panel.isVisible()
    assert page.empty_label.text() == ("还没有客户" if lang == "zh" else "No customers yet")
    assert page.empty_button.text() == ("新建客户" if lang == "zh" else "New customer")
    with qtbot.waitSignal(page.new_customer):
        qtbot.mouseClick(page.empty_button, Qt.MouseButton.LeftButton)


def test_a_search_with_no_results_says_so_and_clears_the_filters(
    qtbot: Any, db: Database, sync_workers: None, lang: str
) -> None:
    add(db, name="张伟", phone="13800138000", city="上海", category="lead")
    add(db, name="李娜", phone="13900139000", city="北京", category="customer")
    page = make_page(qtbot, db)
    settle()
    assert not page.empty_panel.isVisible()
    page.filters["category"].setCurrentIndex(page.filters["category"].findData("lead"))
    page.search.setText("不存在的人")
    page._apply_filters()
    settle()
    assert page.model.rowCount() == 0 and page.empty_panel.isVisible()
    assert page.empty_label.text() == ("没有找到客户" if lang == "zh" else "No customers found")
    assert page.empty_button.text() == ("清除筛选" if lang == "zh" else "Clear filters")
    # centred over the table
    panel, label = page.empty_panel, page.empty_label
    assert panel.geometry() == page.table.viewport().rect()
    centre = label.mapTo(panel, label.rect().center())
    assert abs(centre.x() - panel.width() // 2) <= 2
    qtbot.mouseClick(page.empty_button, Qt.MouseButton.LeftButton)
    settle()
    assert page.search.text() == "" and page.filters["category"].currentIndex() == 0
    assert sorted(names(page)) == ["张伟", "李娜"] and not page.empty_panel.isVisible()


PHONES = {
    "甲": ("+86 138-0013-8000", "138 0013 8000"),
    "乙": ("138-0013-8001", "138 0013 8001"),
    "丙": ("0755 8888 8888", "0755 8888 8888"),
    "丁": ("13800138002", "138 0013 8002"),
    "Bob": ("+1 (650) 253-0000", "+1 650-253-0000"),
}


def shown_phones(page: CustomersPage) -> dict[str, str]:
    model = page.model
    name_col, phone_col = model.columns.index("name"), model.columns.index("phone")
    return {
        model.index(r, name_col).data(): model.index(r, phone_col).data() for r in range(model.rowCount())
    }


def test_phones_show_in_one_format_but_stay_as_typed(qtbot: Any, db: Database, sync_workers: None) -> None:
    ids = {name: add(db, name=name, phone=typed) for name, (typed, _) in PHONES.items()}
    page = make_page(qtbot, db)
    assert shown_phones(page) == {name: shown for name, (_, shown) in PHONES.items()}
    # the tooltip, the database and the edit form keep what was typed
    model = page.model
    row = model.row_of(ids["甲"])
    tip = model.index(row, model.columns.index("phone")).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "+86 138-0013-8000"
    with db.session() as s:
        assert get_customer(s, ids["甲"]).phone == "+86 138-0013-8000"
    dialog = CustomerDialog(db, ids["甲"])
    qtbot.addWidget(dialog)
    assert dialog.value("phone") == "+86 138-0013-8000"


def test_a_us_business_shows_us_numbers_nationally(qtbot: Any, db: Database, sync_workers: None) -> None:
    with db.session() as s:
        set_setting(s, "business_profile", {"name": "Corner Shop", "country": "US"})
    add(db, name="Ann", phone="650.253.0000")
    add(db, name="Bob", phone="+1-212-555-0199")
    add(db, name="Dora", phone="555 12")  # not a phone number: as typed
    add(db, name="Carl", phone="+1 (212) 736-5000")
    add(db, name="张伟", phone="+86 138 0013 8000")
    page = make_page(qtbot, db)
    assert shown_phones(page) == {
        "Ann": "(650) 253-0000",
        "Bob": "(212) 555-0199",
        "Dora": "555 12",
        "Carl": "(212) 736-5000",
        "张伟": "+86 138 0013 8000",
    }


def test_the_default_columns_fit_a_1200_px_window(main_window: Any, db: Database, lang: str) -> None:
    add(db, name="欧阳慧敏", phone="+86 138 0013 8000", company="深圳鑫源餐饮管理有限公司", city="乌鲁木齐")
    main_window.resize(1200, 760)
    main_window.show_page("customers")
    page = main_window.page("customers")
    page.refresh()
    settle()
    assert main_window.width() == 1200
    header = page.table.horizontalHeader()
    assert page.model.columns == list(DEFAULT_COLUMNS)
    last = len(DEFAULT_COLUMNS) - 1
    # every default column is inside the table's visible width: nothing to scroll to
    assert header.sectionViewportPosition(last) + header.sectionSize(last) <= page.table.viewport().width()
    assert page.table.horizontalScrollBar().maximum() == 0
    # and each is wide enough for its heading (累计消费 / Total spent included)
    metrics = header.fontMetrics()
    for section in range(len(DEFAULT_COLUMNS)):
        title = page.model.headerData(section, Qt.Orientation.Horizontal)
        assert header.sectionSize(section) >= metrics.horizontalAdvance(title) + 8, title


def test_phone_numbers_are_not_cut_on_today(qtbot: Any, db: Database, sync_workers: None) -> None:
    now = datetime(2026, 11, 23, 10, 0)
    typed = {"欧阳慧敏": "+86-151-2952-8888", "Oliver Twist": "+44 20 7946 0958 ext. 1234"}
    with db.session() as s:
        from crm_desktop.services.customers import create_customer

        for name, phone in typed.items():
            cid = create_customer(s, {"name": name, "phone": phone, "birthday": date(1990, 11, 25)}).id
            plan_follow_up(s, cid, now - timedelta(hours=1), "call", "回访")
    page = TodayPage(db, clock=lambda: now)
    qtbot.addWidget(page)
    page.resize(1000, 650)
    page.show()
    qtbot.waitExposed(page)
    settle()
    for view in (page.follow_up_view, page.birthday_view):
        model = view.model()
        shown = sorted(model.index(r, PHONE_COLUMN).data() for r in range(model.rowCount()))
        # in the business's one format, as on the Customers page
        assert shown == ["+44 20 7946 0958 x1234", "151 2952 8888"]
        for text in shown:
            assert view.columnWidth(PHONE_COLUMN) >= view.fontMetrics().horizontalAdvance(text) + 6, text


def test_a_shown_or_hidden_column_leaves_the_others_widths(
    qtbot: Any, db: Database, sync_workers: None
) -> None:
    add(db, name="张伟", phone="13800138000", email="zw@example.com")
    page = make_page(qtbot, db)
    table = page.table
    table.setColumnWidth(page.model.columns.index("phone"), 160)  # the user widened it
    page.show_column("email", True)
    columns = page.model.columns
    assert "email" in columns and table.columnWidth(columns.index("phone")) == 160
    assert table.columnWidth(columns.index("email")) == 170  # its default
    page.show_column("city", False)
    assert table.columnWidth(page.model.columns.index("phone")) == 160


def test_a_header_saved_at_the_old_default_widths_gets_the_new_ones(
    qtbot: Any, db: Database, sync_workers: None
) -> None:
    from crm_desktop.ui.prefs import CUSTOMER_HEADER, qsettings

    first = make_page(qtbot, db)
    for section in range(len(DEFAULT_COLUMNS)):
        first.table.setColumnWidth(section, 120)  # how the last version left every column
    first.save_state()
    again = make_page(qtbot, db)
    assert again.table.columnWidth(DEFAULT_COLUMNS.index("grade")) == 50
    # a header the user did drag is kept as it was
    again.table.setColumnWidth(DEFAULT_COLUMNS.index("name"), 200)
    again.save_state()
    assert qsettings().value(CUSTOMER_HEADER) is not None
    third = make_page(qtbot, db)
    assert third.table.columnWidth(DEFAULT_COLUMNS.index("name")) == 200
    assert third.table.columnWidth(DEFAULT_COLUMNS.index("grade")) == 50
