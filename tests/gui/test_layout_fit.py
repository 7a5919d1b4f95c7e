"""A 1366x768 laptop: the customer dialog, the Settings page and the Customers page fit it.

Every check runs in English and in Chinese (its labels differ in width) over a real database.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QScrollArea

from crm_desktop.db.engine import Database
from crm_desktop.services.customers import create_customer
from crm_desktop.ui.dialogs.customer import DEFAULT_SIZE, CustomerDialog

LAPTOP_HEIGHT = 700  # 768 less a task bar and the window's title
NARROW_WIDTH = 1024


@pytest.fixture(params=["en", "zh"])
def lang(request: pytest.FixtureRequest, qapp: Any) -> Iterator[str]:
    from crm_desktop.ui import i18n

    i18n.install_translators(request.param)
    yield request.param
    i18n.install_translators("en")


def add(db: Database, **values: Any) -> int:
    with db.session() as s:
        customer = create_customer(s, values)
        s.flush()
        return int(customer.id)


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def busy_customer(db: Database) -> int:
    """A customer with every figure the info line shows: created, spent, purchases, contacts."""
    from crm_desktop.services.deals import quick_sale
    from crm_desktop.services.follow_ups import plan_follow_up

    cid = add(
        db,
        name="欧阳慧敏",
        phone="+86 138 0013 8000",
        email="ouyang.huimin@example.com",
        country="中华人民共和国",
        city="乌鲁木齐",
        address="新疆维吾尔自治区乌鲁木齐市天山区人民路 123 号 4 栋 1502 室",
        category="customer",
        preferred_channel="phone",
    )
    with db.session() as s:
        quick_sale(s, cid, 12399, "护肤礼盒", at=datetime.now() - timedelta(days=2))
        plan_follow_up(s, cid, datetime.now() + timedelta(days=3), subject="售后回访")
    return cid


def test_customer_dialog_fits_its_default_size_without_scrolling_sideways(
    qtbot: Any, db: Database, lang: str
) -> None:
    cid = busy_customer(db)
    dialog = CustomerDialog(db, cid)
    qtbot.addWidget(dialog)
    dialog.resize(*DEFAULT_SIZE)
    dialog.print_button.show()  # as the main window does when there is a Reports page
    dialog.show()
    qtbot.waitExposed(dialog)
    settle()
    assert dialog.width() <= 1366 and dialog.height() <= LAPTOP_HEIGHT

    scroll = dialog.findChild(QScrollArea)
    assert scroll is not None
    assert scroll.horizontalScrollBar().maximum() == 0  # no sideways scrolling
    form = scroll.widget()
    viewport = scroll.viewport().rect()
    for key, editor in dialog.editors.items():  # every editor, 国家/城市 included, in full view
        rect = editor.geometry().translated(form.pos())
        assert viewport.left() <= rect.left() and rect.right() <= viewport.right(), key
    for button in form.findChildren(type(dialog.print_button)):  # Add field / Remove field
        rect = button.geometry().translated(form.pos())
        assert rect.right() <= viewport.right(), button.text()
    # the figures line is in view in full, below the form
    info = dialog.info_label
    assert info.isVisible() and info.text()
    assert info.height() >= info.heightForWidth(info.width())
    assert dialog.splitter is not None and all(size > 0 for size in dialog.splitter.sizes())
    assert dialog.print_button.isVisible()
    assert dialog.print_button.geometry().right() <= dialog.width()


def test_print_profile_is_offered_only_for_a_stored_customer(main_window: Any, db: Database) -> None:
    assert "reports" in main_window.page_keys()
    new = main_window.new_customer()
    settle()
    assert not new.print_button.isVisible()
    new.done(0)
    cid = add(db, name="Alice Wang")
    existing = main_window.open_customer(cid)
    settle()
    assert existing.print_button.isVisible()
    existing.done(0)


@pytest.fixture
def window(qtbot: Any, db: Database, sync_workers: None, lang: str) -> Iterator[Any]:
    from crm_desktop.ui.main_window import MainWindow

    add(db, name="李慧", phone="13800138000", city="上海")
    win = MainWindow(db)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def test_every_page_lets_the_window_fit_a_laptop(window: Any, qtbot: Any) -> None:
    for key in window.page_keys():
        window.show_page(key)
        settle()
        hint = window.minimumSizeHint()
        assert hint.height() <= LAPTOP_HEIGHT, (key, hint)
        assert hint.width() <= NARROW_WIDTH, (key, hint)
        window.resize(1366, LAPTOP_HEIGHT)
        settle()
        assert window.height() == LAPTOP_HEIGHT, key  # a 700 px window stays 700 px
        window.resize(NARROW_WIDTH, 640)
        settle()
        assert (window.width(), window.height()) == (NARROW_WIDTH, 640), key


def test_settings_page_scrolls_and_shows_every_stage(window: Any) -> None:
    window.resize(NARROW_WIDTH, LAPTOP_HEIGHT)
    window.show_page("settings")
    settle()
    page = window.page("settings")
    table = page.stage_editor.table
    assert table.rowCount() == 4
    last = table.visualRect(table.model().index(table.rowCount() - 1, 0))
    assert last.bottom() <= table.viewport().height()  # all four stages, not one and a half
    assert page.scroll_area.verticalScrollBar().maximum() > 0  # the page scrolls instead
    assert page.save_button.isVisible()


@pytest.mark.parametrize("width", [1366, NARROW_WIDTH, 800])
def test_customers_search_box_keeps_a_readable_width(window: Any, width: int) -> None:
    from crm_desktop.ui.pages.customers import SEARCH_MIN_WIDTH

    window.resize(width, LAPTOP_HEIGHT)
    window.show_page("customers")
    settle()
    page = window.page("customers")
    assert window.width() == width
    assert page.search.width() >= SEARCH_MIN_WIDTH
    for combo in page.filters.values():  # every filter fully shown, on one row or two
        assert combo.width() >= combo.sizeHint().width() or combo.width() >= 120, combo.currentText()
        assert combo.mapTo(page, combo.rect().topRight()).x() <= page.width()
    if width == 800:
        assert page.filters_wrapped
    if width == 1366:
        assert not page.filters_wrapped
