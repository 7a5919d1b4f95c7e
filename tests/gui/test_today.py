"""The Today page: due and overdue follow-ups, birthdays this week, open service records."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator

from crm_desktop.db.engine import Database
from crm_desktop.db.models import Customer, FollowUp
from crm_desktop.paths import resource_path
from crm_desktop.services.follow_ups import complete_follow_up, plan_follow_up
from crm_desktop.services.service_records import open_service_record, resolve_service_record
from crm_desktop.ui.pages.today import FOLLOW_UP_LIMIT, TodayPage

NOW = datetime(2026, 11, 23, 10, 0)  # a Monday morning


def add_customer(db: Database, name: str, phone: str | None = None, **extra: Any) -> int:
    with db.session() as s:
        customer = Customer(name=name, phone=phone, **extra)
        s.add(customer)
        s.flush()
        return customer.id


def plan(db: Database, customer_id: int, due: datetime, subject: str = "") -> int:
    with db.session() as s:
        return plan_follow_up(s, customer_id, due, "call", subject).id


def make_page(qtbot: Any, db: Database) -> TodayPage:
    page = TodayPage(db, clock=lambda: NOW)
    qtbot.addWidget(page)
    page.resize(1000, 650)
    page.show()
    return page


@pytest.fixture
def shop(db: Database) -> dict[str, int]:
    ids = {
        "zhang": add_customer(db, "张伟", "13800138000", birthday=date(1990, 11, 25)),
        "li": add_customer(db, "李娜", birthday=date(1985, 12, 5)),  # in 12 days: not this week
        "wang": add_customer(db, "王芳", birthday=date(2000, 11, 29)),  # the 7th day, included
        "alice": add_customer(db, "Alice Smith"),
    }
    plan(db, ids["zhang"], NOW - timedelta(days=2), "overdue call")
    plan(db, ids["li"], NOW.replace(hour=16), "today call")
    plan(db, ids["wang"], NOW + timedelta(days=3), "later")  # upcoming: not on Today
    done = plan(db, ids["alice"], NOW.replace(hour=8), "done already")
    with db.session() as s:
        complete_follow_up(s, done, "ok", done_at=NOW.replace(hour=8, minute=30))
        open_service_record(s, ids["alice"], "repair", "zipper broken", opened_at=NOW - timedelta(days=1))
        open_service_record(s, ids["zhang"], "complaint", "late delivery", opened_at=NOW - timedelta(hours=1))
        fixed = open_service_record(s, ids["li"], "repair", "fixed", opened_at=NOW - timedelta(days=2))
        s.flush()
        resolve_service_record(s, fixed.id, "replaced", 5)
    return ids


def test_today_shows_overdue_due_birthdays_and_service(
    qtbot: Any, db: Database, shop: dict[str, int], sync_workers: None
) -> None:
    page = make_page(qtbot, db)

    follow_ups = page.follow_up_rows()
    assert [(r.customer_name, r.subject) for r in follow_ups] == [
        ("张伟", "overdue call"),
        ("李娜", "today call"),
    ]
    assert page.follow_up_box.title() == "Follow-ups: 1 due today, 1 overdue"
    # overdue shows its date, today's only the time
    model = page.follow_up_model
    assert model.data(model.index(0, 0)) == "11-21 10:00"
    assert model.data(model.index(1, 0)) == "16:00"

    birthdays = page.birthday_rows()
    assert [(r.name, r.on, r.years) for r in birthdays] == [
        ("张伟", date(2026, 11, 25), 36),
        ("王芳", date(2026, 11, 29), 26),
    ]
    bmodel = page.birthday_model
    assert bmodel.data(bmodel.index(0, 0)).startswith("11-25")
    assert page.birthday_box.title() == "Birthdays this week (2)"

    service = page.service_rows()
    assert [r.subject for r in service] == ["late delivery", "zipper broken"]  # newest first, open only
    smodel = page.service_model
    assert smodel.data(smodel.index(0, 3)) == "Open"


def test_each_row_opens_its_customer(
    qtbot: Any, db: Database, shop: dict[str, int], sync_workers: None
) -> None:
    page = make_page(qtbot, db)
    for view, row, who in (
        (page.follow_up_view, 1, "li"),
        (page.birthday_view, 1, "wang"),
        (page.service_view, 1, "alice"),
    ):
        with qtbot.waitSignal(page.open_customer, timeout=2000) as blocker:
            view.activated.emit(view.model().index(row, 1))
        assert blocker.args == [shop[who]]


def test_quick_done(qtbot: Any, db: Database, shop: dict[str, int], sync_workers: None) -> None:
    page = make_page(qtbot, db)
    assert not page.done_button.isEnabled()
    page.select_follow_up(0)
    assert page.done_button.isEnabled()
    with qtbot.waitSignal(page.changed, timeout=5000):
        page.mark_selected_done()
    assert [r.customer_name for r in page.follow_up_rows()] == ["李娜"]
    with db.session() as s:
        fu = s.query(FollowUp).filter(FollowUp.subject == "overdue call").one()
        assert fu.done_at == NOW and fu.outcome is None
        customer = s.get(Customer, shop["zhang"])
        assert customer is not None and customer.last_contact_at == NOW


def test_quick_done_can_be_undone(qtbot: Any, db: Database, shop: dict[str, int], sync_workers: None) -> None:
    page = make_page(qtbot, db)
    assert page.undo_button.isHidden()
    page.select_follow_up(1)
    page.mark_selected_done()
    assert not page.undo_button.isHidden() and "李娜" in page.undo_label.text()
    assert [r.customer_name for r in page.follow_up_rows()] == ["张伟"]
    page.undo_button.click()
    assert page.undo_button.isHidden()
    assert [r.customer_name for r in page.follow_up_rows()] == ["张伟", "李娜"]
    with db.session() as s:
        fu = s.query(FollowUp).filter(FollowUp.subject == "today call").one()
        assert fu.done_at is None
        customer = s.get(Customer, shop["li"])
        assert customer is not None and customer.next_follow_up_at == fu.due_at


def test_page_follows_the_clock_and_keeps_the_selection(
    qtbot: Any, db: Database, shop: dict[str, int], sync_workers: None
) -> None:
    clock = [NOW]
    page = TodayPage(db, clock=lambda: clock[0])
    qtbot.addWidget(page)
    page.show()
    assert page.auto_refresh.isActive()
    page.select_follow_up(1)  # 李娜, due today 16:00
    assert page.follow_up_model.data(page.follow_up_model.index(1, 0), Qt.ItemDataRole.ForegroundRole) is None
    clock[0] = NOW.replace(hour=16, minute=5)
    page.auto_refresh.timeout.emit()  # what the timer does every few minutes
    # now overdue-red, and still the selected row
    assert (
        page.follow_up_model.data(page.follow_up_model.index(1, 0), Qt.ItemDataRole.ForegroundRole)
        is not None
    )
    selected = page.selected_follow_up()
    assert selected is not None and selected.customer_name == "李娜"
    clock[0] = NOW + timedelta(days=1)  # the next morning: yesterday's "today" is overdue
    page.auto_refresh.timeout.emit()
    assert page.follow_up_box.title() == "Follow-ups: 0 due today, 2 overdue"


def test_complete_from_today_plans_the_next(
    qtbot: Any, db: Database, shop: dict[str, int], sync_workers: None
) -> None:
    page = make_page(qtbot, db)
    page.select_follow_up(1)
    dialog = page.complete_selected()
    assert dialog is not None and dialog.row.customer_name == "李娜"
    dialog.outcome_edit.setPlainText("will come on Saturday")
    dialog.accept()
    assert [r.customer_name for r in page.follow_up_rows()] == ["张伟"]
    with db.session() as s:
        customer = s.get(Customer, shop["li"])
        assert customer is not None and customer.next_follow_up_at == datetime(2026, 11, 30, 10, 0)


def add_overdue(db: Database, customer_id: int, count: int, before: datetime) -> None:
    """`count` open follow-ups due a day or more before `before`, one minute apart, newest first."""
    with db.session() as s:
        s.add_all(
            FollowUp(
                customer_id=customer_id, subject=f"old {i}", due_at=before - timedelta(days=1, minutes=i)
            )
            for i in range(count)
        )


def click_more(qtbot: Any, page: TodayPage) -> None:
    """Click the "and N more" link (the label is as wide as its text, so its middle is the link)."""
    label = page.more_label
    assert label.width() <= label.sizeHint().width()
    qtbot.mouseClick(label, Qt.MouseButton.LeftButton, pos=label.rect().center())


def test_a_long_backlog_is_capped_with_a_link_to_follow_ups(
    qtbot: Any, db: Database, sync_workers: None
) -> None:
    """Thousands of overdue follow-ups do not make a huge list: Today shows the most urgent
    FOLLOW_UP_LIMIT (oldest due first) and today's, the title counts all, a link opens the rest."""
    cid = add_customer(db, "张伟", "13800138000")
    add_overdue(db, cid, FOLLOW_UP_LIMIT + 30, NOW)
    plan(db, cid, NOW.replace(hour=16), "today call")
    page = make_page(qtbot, db)

    rows = page.follow_up_rows()
    assert len(rows) == FOLLOW_UP_LIMIT + 1
    assert rows[0].subject == f"old {FOLLOW_UP_LIMIT + 29}"  # the longest overdue first
    assert rows[FOLLOW_UP_LIMIT - 1].subject == "old 30"
    assert rows[-1].subject == "today call"  # today's are not pushed out by the backlog
    assert page.follow_up_box.title() == f"Follow-ups: 1 due today, {FOLLOW_UP_LIMIT + 30} overdue"
    assert page.more_label.isVisible()
    assert page.more_label.text() == '<a href="follow_ups">and 30 more — open Follow-ups</a>'
    with qtbot.waitSignal(page.show_follow_ups, timeout=2000):
        click_more(qtbot, page)

    # working through the backlog: at the cap nothing is left out and the link goes away
    with db.session() as s:
        for fu in s.query(FollowUp).filter(FollowUp.subject.in_([f"old {i}" for i in range(30)])):
            fu.done_at = NOW
    page.refresh()
    assert len(page.follow_up_rows()) == FOLLOW_UP_LIMIT + 1
    assert page.follow_up_box.title() == f"Follow-ups: 1 due today, {FOLLOW_UP_LIMIT} overdue"
    assert page.more_label.isHidden()


def test_the_more_link_opens_the_follow_ups_page(qtbot: Any, main_window: Any, db: Database) -> None:
    now = datetime.now().replace(microsecond=0)
    add_overdue(db, add_customer(db, "李娜"), FOLLOW_UP_LIMIT + 5, now)
    main_window.show_page("today")
    today = main_window.page("today")
    today.refresh()
    assert len(today.follow_up_rows()) == FOLLOW_UP_LIMIT
    assert today.more_label.text().endswith(">and 5 more — open Follow-ups</a>")
    click_more(qtbot, today)
    assert main_window.current_page_key() == "follow_ups"
    assert len(main_window.page("follow_ups").tab_rows("overdue")) == FOLLOW_UP_LIMIT + 5


def test_today_page_in_chinese(
    qtbot: Any, db: Database, shop: dict[str, int], sync_workers: None, tmp_path: Path
) -> None:
    lrelease = shutil.which("pyside6-lrelease") or str(Path(sys.executable).parent / "pyside6-lrelease")
    qm = tmp_path / "followups.qm"
    ts = resource_path("translations", "followups_zh_CN.ts")
    subprocess.run([lrelease, str(ts), "-qm", str(qm)], check=True, capture_output=True)
    from crm_desktop.ui import i18n

    i18n.install_translators("zh")
    translator = QTranslator()
    assert translator.load(str(qm))
    QCoreApplication.installTranslator(translator)
    try:
        page = make_page(qtbot, db)
        assert page.follow_up_box.title() == "跟进：今天到期 1 条，逾期 1 条"
        assert page.birthday_box.title() == "本周生日（2）"
        assert page.title.text().startswith("今天，2026年11月23日")
        assert page.done_button.text() == "标记完成"
        model = page.follow_up_model
        assert model.headerData(0, page.follow_up_view.horizontalHeader().orientation()) == "到期时间"
        assert model.data(model.index(0, 3)) == "电话"  # the kind in Chinese
        assert page.service_model.data(page.service_model.index(0, 3)) == "待处理"
        add_overdue(db, shop["alice"], FOLLOW_UP_LIMIT, NOW)  # 1 + FOLLOW_UP_LIMIT overdue
        page.refresh()
        assert page.more_label.text() == '<a href="follow_ups">另有 1 条 — 打开跟进页</a>'
    finally:
        QCoreApplication.removeTranslator(translator)


def test_translation_source_is_complete() -> None:
    """Every string of these pages has a Chinese translation."""
    import xml.etree.ElementTree as ET

    tree = ET.parse(resource_path("translations", "followups_zh_CN.ts"))
    untranslated = [
        m.findtext("source")
        for m in tree.iter("message")
        if not (m.findtext("translation") or "").strip() or m.find("translation").get("type") == "unfinished"  # type: ignore[union-attr]
    ]
    assert untranslated == []
    assert len(list(tree.iter("message"))) > 50
