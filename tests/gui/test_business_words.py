"""Words follow the business type (学员 / 报名 / 缴费 at a school, 客户 / 销售 / 消费 at a shop),
plain words instead of sales-team jargon, and a student's guardian on the customer form."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette

from crm_desktop.db.engine import Database, open_database
from crm_desktop.services.customers import create_customer, customer_to_dict, get_customer
from crm_desktop.services.deals import quick_sale
from crm_desktop.services.presets import apply_preset
from crm_desktop.ui import i18n


def _database(path: Path, business: str) -> Database:
    database = open_database(path)
    with database.session() as s:
        apply_preset(s, business)
    return database


@pytest.fixture
def school(tmp_path: Path) -> Iterator[Database]:
    database = _database(tmp_path / "school.db", "school")
    yield database
    database.close()


def _window(qtbot: Any, db: Database) -> Any:
    from crm_desktop.ui.main_window import MainWindow

    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _nav(window: Any) -> list[str]:
    return [window.nav.item(i).text() for i in range(window.nav.count())]


def _headers(window: Any) -> list[str]:
    model = window.page("customers").model
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


@pytest.mark.parametrize(
    ("business", "lang", "customers", "total", "pipeline"),
    [
        ("school", "zh", "学员", "累计缴费", "报名"),
        ("school", "en", "Students", "Total paid", "Enrolments"),
        ("shop", "zh", "客户", "累计消费", "销售"),
        ("shop", "en", "Customers", "Total spent", "Sales"),
        ("office", "zh", "客户", "累计金额", "销售漏斗"),
    ],
)
def test_sidebar_and_customer_list_speak_the_business_words(
    qtbot: Any,
    tmp_path: Path,
    sync_workers: None,
    business: str,
    lang: str,
    customers: str,
    total: str,
    pipeline: str,
) -> None:
    i18n.install_translators(lang)
    db = _database(tmp_path / "crm.db", business)
    try:
        window = _window(qtbot, db)
        nav = _nav(window)
        assert customers in nav and pipeline in nav
        window.show_page("customers")
        headers = _headers(window)
        assert total in headers
        page = window.page("customers")
        assert page.count_label.text().startswith(customers)
        qtbot.waitUntil(lambda: window.counts_label.text().startswith(customers))
        other = {"学员", "Students"} - {customers} if business != "school" else {"客户", "Customers"}
        assert not other & set(nav)
        window.close()
    finally:
        db.close()


def test_the_words_change_when_settings_change_the_business_type(
    qtbot: Any, main_window: Any, sync_workers: None
) -> None:
    main_window.show_page("customers")
    assert "Customers" in _nav(main_window) and "Total spent" in _headers(main_window)
    pipeline = main_window.page("pipeline")
    assert pipeline.sale_button.text() == "Quick sale…"
    customers = main_window.page("customers")
    assert customers.new_button.text() == "New customer"

    main_window.show_page("settings")
    settings = main_window.page("settings")
    settings.type_combo.setCurrentIndex(settings.type_combo.findData("school"))
    settings.save()

    assert "Students" in _nav(main_window) and "Customers" not in _nav(main_window)
    assert "Total paid" in _headers(main_window) and "Total spent" not in _headers(main_window)
    assert customers.new_button.text() == "New student"
    assert pipeline.sale_button.text() == "Quick payment…"
    assert pipeline.new_button.text() == "New enrolment…"
    assert main_window.new_action.text() == "New student"
    column_names = [a.text() for a in customers.column_menu.actions()]
    assert "Total paid" in column_names and "Guardian phone" in column_names


def test_school_form_has_the_guardian_and_saves_it(qtbot: Any, school: Database) -> None:
    from crm_desktop.ui.dialogs.customer import CustomerDialog

    i18n.install_translators("zh")
    dialog = CustomerDialog(school, None)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "新建学员"
    for key in ("guardian_name", "guardian_relation", "guardian_phone"):
        assert key in dialog.editors
    labels = {w.text().rstrip(" *") for w in dialog.findChildren(type(dialog.info_label))}
    assert {"家长姓名", "与学员关系", "家长电话"} <= labels
    dialog.set_value("name", "周小舟")
    dialog.set_value("guardian_name", "周海")
    dialog.set_value("guardian_relation", "父亲")
    dialog.set_value("guardian_phone", "139 0000 1111")
    assert dialog.save()
    with school.session() as s:
        saved = customer_to_dict(get_customer(s, dialog.customer_id))
    assert (saved["guardian_name"], saved["guardian_relation"], saved["guardian_phone"]) == (
        "周海",
        "父亲",
        "139 0000 1111",
    )
    again = CustomerDialog(school, dialog.customer_id)
    qtbot.addWidget(again)
    assert again.windowTitle() == "学员：周小舟"
    assert again.value("guardian_phone") == "139 0000 1111"
    assert "累计缴费" in again.info_label.text() or not again.info_label.isVisible()


def test_a_shop_form_leaves_the_guardian_out_unless_the_customer_has_one(qtbot: Any, db: Database) -> None:
    from crm_desktop.ui.dialogs.customer import CustomerDialog

    dialog = CustomerDialog(db, None)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "New customer"
    assert "guardian_name" not in dialog.editors
    with db.session() as s:
        plain = create_customer(s, {"name": "Li Na"}).id
        parent = create_customer(s, {"name": "Tom", "guardian_name": "Ann", "guardian_phone": "555"}).id
    edit = CustomerDialog(db, plain)
    qtbot.addWidget(edit)
    edit.set_value("notes", "likes tea")
    assert edit.save()  # the hidden guardian fields are left as they are
    shown = CustomerDialog(db, parent)
    qtbot.addWidget(shown)
    assert shown.value("guardian_name") == "Ann"
    shown.set_value("notes", "x")
    assert shown.save()
    with db.session() as s:
        assert get_customer(s, parent).guardian_phone == "555"


@pytest.mark.parametrize(
    ("business", "won"),
    [("shop", "购买"), ("school", "缴费"), ("office", "成交")],
)
def test_a_sale_in_the_timeline_is_named_for_the_business(
    qtbot: Any, tmp_path: Path, business: str, won: str
) -> None:
    from crm_desktop.ui.dialogs.customer import CustomerDialog

    i18n.install_translators("zh")
    db = _database(tmp_path / "crm.db", business)
    try:
        with db.session() as s:
            cid = create_customer(s, {"name": "陈晨"}).id
            quick_sale(s, cid, 300, title="礼盒", lang="zh")
        dialog = CustomerDialog(db, cid)
        qtbot.addWidget(dialog)
        assert dialog.timeline is not None
        lines = [dialog.timeline.list.item(i).text() for i in range(dialog.timeline.list.count())]
        sale = next(line for line in lines if "礼盒" in line)
        assert won in sale
        if business != "office":
            assert "赢单" not in " ".join(lines)
    finally:
        db.close()


def test_plain_words_for_the_forecast_and_the_trash(qtbot: Any, db: Database, sync_workers: None) -> None:
    from crm_desktop.ui.pages.customers import CustomersPage
    from crm_desktop.ui.pages.pipeline import PipelinePage
    from crm_desktop.ui.widgets.stage_editor import StageEditor

    for lang in ("en", "zh"):
        i18n.install_translators(lang)
        pipeline = PipelinePage(db)
        qtbot.addWidget(pipeline)
        text = pipeline.forecast_label.text()
        tip = pipeline.forecast_label.toolTip()
        editor = StageEditor(db)
        qtbot.addWidget(editor)
        header = editor.table.horizontalHeaderItem(2).text()
        customers = CustomersPage(db)
        qtbot.addWidget(customers)
        if lang == "en":
            assert "expected sales" in text and "weighted" not in text
            assert "×" in tip and "chance of closing" in tip
            assert header == "Chance of closing %"
            assert customers.archive_button.text() == "Move to Trash"
        else:
            assert "预计成交额" in text and "加权" not in text
            assert "金额 × " in tip and "成交可能性" in tip
            assert header == "成交可能性 %"
            assert customers.archive_button.text() == "移到回收站"


def test_birthday_column_is_headed_age(qtbot: Any, db: Database) -> None:
    from crm_desktop.ui.pages.today import TodayPage

    for lang, word in (("en", "Age"), ("zh", "年龄")):
        i18n.install_translators(lang)
        page = TodayPage(db)
        qtbot.addWidget(page)
        model = page.birthday_model
        headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
        assert word in headers and "Turns" not in headers


def test_calendar_weekends_are_not_red(qtbot: Any) -> None:
    from crm_desktop.ui.widgets.follow_up_calendar import FollowUpCalendar

    calendar = FollowUpCalendar()
    qtbot.addWidget(calendar)
    text = calendar.palette().color(QPalette.ColorRole.Text)
    for day in (Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday):
        color = calendar.weekdayTextFormat(day).foreground().color()
        assert color == text and color != QColor(Qt.GlobalColor.red)


def test_school_search_box_and_form_say_student(qtbot: Any, school: Database, sync_workers: None) -> None:
    from crm_desktop.ui.dialogs.customer import CustomerDialog

    i18n.install_translators("zh")
    window = _window(qtbot, school)
    assert window.search_box.placeholderText() == "查找学员（Ctrl+K）"
    dialog = CustomerDialog(school, None)
    qtbot.addWidget(dialog)
    labels = {w.text().rstrip(" *") for w in dialog.findChildren(type(dialog.info_label))}
    assert "学员阶段" in labels and "客户阶段" not in labels
    window.close()


def test_the_column_chooser_offers_the_guardian_at_a_school_only(qtbot: Any, tmp_path: Any) -> None:
    """The trial: a shop's 显示列 menu offered 家长姓名 / 家长电话."""
    from crm_desktop.db.engine import open_database
    from crm_desktop.services.presets import apply_preset
    from crm_desktop.ui.pages.customers import CustomersPage

    for business, offered in (("shop", False), ("school", True)):
        db = open_database(tmp_path / f"{business}.db")
        with db.session() as s:
            apply_preset(s, business)
        page = CustomersPage(db)
        qtbot.addWidget(page)
        keys = [a.data() for a in page.column_menu.actions()]
        assert ("guardian_phone" in keys) is offered, business
        page.close()
        db.close()
