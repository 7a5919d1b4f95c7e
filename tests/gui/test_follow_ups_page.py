"""The Follow-ups page: lists, complete-and-plan-next, snooze, calendar, new follow-up."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt
from PySide6.QtWidgets import QMessageBox

from crm_desktop.db.engine import Database
from crm_desktop.db.models import Customer, FollowUp
from crm_desktop.services.follow_ups import complete_follow_up, plan_follow_up
from crm_desktop.ui.pages.follow_ups import DONE_LIMIT, FollowUpsPage

NOW = datetime(2026, 11, 23, 10, 0)  # a Monday morning


def add_customer(db: Database, name: str, phone: str | None = None, **extra: Any) -> int:
    with db.session() as s:
        customer = Customer(name=name, phone=phone, **extra)
        s.add(customer)
        s.flush()
        return customer.id


def plan(db: Database, customer_id: int, due: datetime, subject: str = "", kind: str = "call") -> int:
    with db.session() as s:
        return plan_follow_up(s, customer_id, due, kind, subject).id


def make_page(qtbot: Any, db: Database, now: datetime = NOW) -> FollowUpsPage:
    page = FollowUpsPage(db, clock=lambda: now)
    qtbot.addWidget(page)
    page.resize(1100, 650)
    page.show()
    return page


def names(rows: list[Any]) -> list[str]:
    return [r.customer_name for r in rows]


def test_lists_split_today_overdue_upcoming_done(qtbot: Any, db: Database, sync_workers: None) -> None:
    zhang = add_customer(db, "张伟", "13800138000")
    li = add_customer(db, "李娜")
    wang = add_customer(db, "王芳")
    plan(db, zhang, NOW.replace(hour=15), "回访")
    plan(db, li, NOW - timedelta(days=3), "overdue call")
    plan(db, wang, NOW + timedelta(days=4), "next week")
    done_id = plan(db, wang, NOW - timedelta(days=10), "old")
    with db.session() as s:
        complete_follow_up(s, done_id, "bought a coat", done_at=NOW - timedelta(days=9))

    page = make_page(qtbot, db)

    assert names(page.tab_rows("today")) == ["张伟"]
    assert names(page.tab_rows("overdue")) == ["李娜"]
    assert names(page.tab_rows("upcoming")) == ["王芳"]
    assert [r.outcome for r in page.tab_rows("done")] == ["bought a coat"]
    assert page.tabs.tabText(0) == "Today (1)"
    assert page.tabs.tabText(1) == "Overdue (1)"
    # the table shows what a user reads: due time, name, phone, kind name, subject
    model = page.models["today"]
    shown = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert shown == ["15:00", "张伟", "13800138000", "Call", "回访"]


def test_complete_and_plan_next_in_one_dialog(qtbot: Any, db: Database, sync_workers: None) -> None:
    cid = add_customer(db, "张伟")
    old_id = plan(db, cid, NOW.replace(hour=9), "offer the winter range")
    page = make_page(qtbot, db)
    page.select_row("today", 0)
    assert page.complete_button.isEnabled()

    dialog = page.complete_selected()
    assert dialog is not None and dialog.isVisible()
    dialog.outcome_edit.setPlainText("interested, wants the red one")
    next_due = datetime(2026, 11, 26, 14, 30)
    dialog.next_due_edit.setDateTime(QDateTime(next_due))
    dialog.next_kind_combo.setCurrentIndex(dialog.next_kind_combo.findData("visit"))
    dialog.next_subject_edit.setText("show the red coat")
    with qtbot.waitSignal(page.changed, timeout=5000):
        dialog.accept()

    assert not dialog.isVisible()
    assert page.tab_rows("today") == []
    done = page.tab_rows("done")
    assert [(r.id, r.outcome) for r in done] == [(old_id, "interested, wants the red one")]
    upcoming = page.tab_rows("upcoming")
    assert [(r.subject, r.kind, r.due_at) for r in upcoming] == [("show the red coat", "visit", next_due)]
    with db.session() as s:
        new = s.get(FollowUp, upcoming[0].id)
        assert new is not None and new.previous_id == old_id
        customer = s.get(Customer, cid)
        assert customer is not None and customer.next_follow_up_at == next_due
    # the calendar counts the new one on its day
    assert page.calendar.counts[date(2026, 11, 26)] == (1, 0)


def test_complete_without_next(qtbot: Any, db: Database, sync_workers: None) -> None:
    cid = add_customer(db, "李娜")
    plan(db, cid, NOW.replace(hour=8))
    page = make_page(qtbot, db)
    page.select_row("today", 0)
    dialog = page.complete_selected()
    assert dialog is not None
    dialog.outcome_edit.setPlainText("no answer, will call again")
    dialog.next_box.setChecked(False)
    dialog.accept()
    assert page.tab_rows("today") == [] and page.tab_rows("upcoming") == []
    with db.session() as s:
        customer = s.get(Customer, cid)
        assert customer is not None and customer.next_follow_up_at is None


def test_complete_dialog_refuses_bad_input_and_changes_nothing(
    qtbot: Any, db: Database, sync_workers: None
) -> None:
    cid = add_customer(db, "王芳")
    plan(db, cid, NOW.replace(hour=9))
    page = make_page(qtbot, db)
    page.select_row("today", 0)
    dialog = page.complete_selected()
    assert dialog is not None

    dialog.accept()  # no outcome written
    assert dialog.isVisible()
    assert "outcome" in dialog.error()

    dialog.outcome_edit.setPlainText("called")
    dialog.next_due_edit.setDateTime(QDateTime(NOW - timedelta(hours=2)))
    dialog.accept()  # next one in the past
    assert dialog.isVisible()
    assert "later than now" in dialog.error()

    with db.session() as s:
        assert s.query(FollowUp).filter(FollowUp.done_at.is_not(None)).count() == 0
        assert s.query(FollowUp).count() == 1


def test_escape_then_discard_closes_dialog_without_saving(
    qtbot: Any, db: Database, sync_workers: None, dialogs: Any
) -> None:
    cid = add_customer(db, "王芳")
    plan(db, cid, NOW.replace(hour=9))
    page = make_page(qtbot, db)
    page.select_row("today", 0)
    dialog = page.complete_selected()
    assert dialog is not None
    dialog.outcome_edit.setPlainText("typed but not saved")
    dialogs.answer_message(QMessageBox.StandardButton.Discard)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert [kind for kind, _title, _text in dialogs.shown] == ["question"]  # typing: asked first
    assert not dialog.isVisible()
    assert len(page.tab_rows("today")) == 1
    with db.session() as s:
        assert s.query(FollowUp).filter(FollowUp.done_at.is_not(None)).count() == 0


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        ("hour", datetime(2026, 11, 23, 11, 0)),
        ("tomorrow", datetime(2026, 11, 24, 16, 45)),
        ("next_week", datetime(2026, 11, 30, 16, 45)),
    ],
)
def test_snooze_options(
    qtbot: Any, db: Database, sync_workers: None, option: str, expected: datetime
) -> None:
    cid = add_customer(db, "张伟")
    fid = plan(db, cid, datetime(2026, 11, 20, 16, 45))  # overdue since Friday
    page = make_page(qtbot, db)
    page.select_row("overdue", 0)
    page.snooze_selected(option)
    assert page.tab_rows("overdue") == []
    with db.session() as s:
        fu = s.get(FollowUp, fid)
        assert fu is not None and fu.due_at == expected and fu.done_at is None
    moved_to = "today" if expected.date() == NOW.date() else "upcoming"
    assert [r.id for r in page.tab_rows(moved_to)] == [fid]


def test_snooze_to_a_picked_date(qtbot: Any, db: Database, sync_workers: None) -> None:
    cid = add_customer(db, "张伟")
    fid = plan(db, cid, NOW.replace(hour=9))
    page = make_page(qtbot, db)
    page.select_row("today", 0)
    dialog = page.pick_snooze_date()
    assert dialog is not None and dialog.isVisible()
    dialog.until_edit.setDateTime(QDateTime(NOW - timedelta(minutes=1)))
    dialog.accept()  # into the past: refused
    assert dialog.isVisible() and "later than now" in dialog.error()
    dialog.until_edit.setDateTime(QDateTime(datetime(2026, 12, 2, 11, 15)))
    dialog.accept()
    with db.session() as s:
        fu = s.get(FollowUp, fid)
        assert fu is not None and fu.due_at == datetime(2026, 12, 2, 11, 15)
    assert page.tab_rows("today") == []
    assert [r.id for r in page.tab_rows("upcoming")] == [fid]


def test_calendar_counts_and_day_list(qtbot: Any, db: Database, sync_workers: None) -> None:
    a = add_customer(db, "张伟")
    b = add_customer(db, "李娜")
    gone = add_customer(db, "已归档", archived_at=NOW - timedelta(days=1))
    plan(db, a, datetime(2026, 11, 25, 9, 0))
    plan(db, b, datetime(2026, 11, 25, 15, 0))
    plan(db, gone, datetime(2026, 11, 25, 16, 0))  # archived customer: left out
    plan(db, a, datetime(2026, 11, 28, 10, 0))
    done = plan(db, b, datetime(2026, 11, 18, 10, 0))
    plan(db, b, datetime(2026, 11, 19, 10, 0))  # overdue, still open
    with db.session() as s:
        complete_follow_up(s, done, "ok", done_at=datetime(2026, 11, 20, 11, 0))
    page = make_page(qtbot, db)

    # open ones count on the day they are due, done ones on the day they were done
    assert page.calendar.counts == {
        date(2026, 11, 25): (2, 0),
        date(2026, 11, 28): (1, 0),
        date(2026, 11, 19): (1, 0),
        date(2026, 11, 20): (0, 1),
    }

    # the day under the calendar starts as today; clicking a day lists that day's follow-ups
    assert page.day_rows() == []
    page.calendar.clicked.emit(QDate(2026, 11, 25))
    assert [(r.customer_name, r.due_at.hour) for r in page.day_rows()] == [("张伟", 9), ("李娜", 15)]
    assert page.day_label.text() == "2026-11-25: 2 open, 0 done"
    page.calendar.clicked.emit(QDate(2026, 11, 20))
    assert [(r.id, r.outcome) for r in page.day_rows()] == [(done, "ok")]
    assert page.day_label.text() == "2026-11-20: 0 open, 1 done"
    assert "open follow-ups / done" in page.calendar_legend.text()

    # a follow-up selected in the day list can be completed from there
    page.calendar.clicked.emit(QDate(2026, 11, 25))
    page.select_row("day", 1)
    dialog = page.complete_selected()
    assert dialog is not None and dialog.row.customer_name == "李娜"
    dialog.reject()


def test_calendar_follows_the_month_shown(qtbot: Any, db: Database, sync_workers: None) -> None:
    cid = add_customer(db, "张伟")
    plan(db, cid, datetime(2027, 1, 15, 9, 0))
    page = make_page(qtbot, db)
    assert date(2027, 1, 15) not in page.calendar.counts
    page.calendar.setCurrentPage(2027, 1)
    assert page.calendar.counts[date(2027, 1, 15)] == (1, 0)


def test_done_list_is_bounded(qtbot: Any, db: Database, sync_workers: None) -> None:
    cid = add_customer(db, "张伟")
    with db.session() as s:
        for i in range(DONE_LIMIT + 20):
            fu = plan_follow_up(s, cid, NOW - timedelta(days=200 - i), "call")
            s.flush()
            complete_follow_up(s, fu.id, f"outcome {i}", done_at=NOW - timedelta(days=199 - i))
    page = make_page(qtbot, db)
    done = page.tab_rows("done")
    assert len(done) == DONE_LIMIT
    assert done[0].outcome == f"outcome {DONE_LIMIT + 19}"  # newest first
    page.show_tab("today")
    assert not page.done_note.isVisibleTo(page)  # the note is about the Done list only
    page.show_tab("done")
    assert page.done_note.isVisibleTo(page)


def test_row_opens_its_customer(qtbot: Any, db: Database, sync_workers: None) -> None:
    cid = add_customer(db, "张伟")
    plan(db, cid, NOW + timedelta(days=1))
    page = make_page(qtbot, db)
    page.select_row("upcoming", 0)
    with qtbot.waitSignal(page.open_customer, timeout=2000) as blocker:
        page.open_button.click()
    assert blocker.args == [cid]
    view = page.views["upcoming"]
    with qtbot.waitSignal(page.open_customer, timeout=2000) as blocker:
        view.activated.emit(view.model().index(0, 1))
    assert blocker.args == [cid]


def test_plan_dialog_needs_a_customer(qtbot: Any, db: Database, sync_workers: None, dialogs: Any) -> None:
    page = make_page(qtbot, db)
    dialog = page.new_follow_up()
    dialog.subject_edit.setText("no one chosen")
    dialog.accept()
    assert dialog.isVisible() and "customer" in dialog.error().lower()
    with db.session() as s:
        assert s.query(FollowUp).count() == 0
    dialogs.answer_message(QMessageBox.StandardButton.Discard)
    dialog.reject()


def test_plan_for_a_given_customer(qtbot: Any, db: Database, sync_workers: None) -> None:
    cid = add_customer(db, "张伟")
    page = make_page(qtbot, db)
    dialog = page.new_follow_up(customer_id=cid)
    assert dialog.picker.customer_id() == cid
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("message"))
    dialog.due_edit.setDateTime(QDateTime(datetime(2026, 11, 23, 16, 0)))
    dialog.subject_edit.setText("send the coupon")
    dialog.accept()
    assert not dialog.isVisible()
    rows = page.tab_rows("today")
    assert [(r.customer_name, r.kind, r.subject) for r in rows] == [("张伟", "message", "send the coupon")]


def test_new_follow_up_with_searchable_picker(qtbot: Any, db: Database, sync_workers: None) -> None:
    add_customer(db, "李娜", "13900000000")
    zhang = add_customer(db, "张伟", "13800138000")
    page = make_page(qtbot, db)
    dialog = page.new_follow_up()
    dialog.picker.set_text("138001")
    assert dialog.picker.result_ids() == [zhang]
    dialog.picker.choose_row(0)
    assert dialog.picker.customer_id() == zhang
    assert "张伟" in dialog.picker.chosen_label.text()
    dialog.due_edit.setDateTime(QDateTime(datetime(2026, 11, 27, 10, 0)))
    dialog.subject_edit.setText("birthday gift")
    dialog.accept()
    assert [(r.customer_id, r.subject) for r in page.tab_rows("upcoming")] == [(zhang, "birthday gift")]


def test_lists_are_read_in_a_worker(qtbot: Any, db: Database) -> None:
    """Without synchronous workers the page fills when the background read arrives."""
    cid = add_customer(db, "张伟")
    plan(db, cid, NOW.replace(hour=15))
    page = make_page(qtbot, db)
    qtbot.waitUntil(lambda: len(page.tab_rows("today")) == 1, timeout=5000)
    qtbot.waitUntil(lambda: date(2026, 11, 23) in page.calendar.counts, timeout=5000)


def test_edit_a_follow_up(qtbot: Any, db: Database, sync_workers: None) -> None:
    cid = add_customer(db, "张伟")
    fid = plan(db, cid, NOW - timedelta(days=2), "old subject")  # overdue
    page = make_page(qtbot, db)
    page.select_row("overdue", 0)
    dialog = page.edit_selected()
    assert dialog is not None
    assert dialog.subject_edit.text() == "old subject" and dialog.picker.customer_id() == cid
    dialog.subject_edit.setText("bring the catalogue")
    dialog.accept()  # the old due time may stay although it is past
    assert not dialog.isVisible()
    assert [(r.id, r.subject) for r in page.tab_rows("overdue")] == [(fid, "bring the catalogue")]

    page.select_row("overdue", 0)
    dialog = page.edit_selected()
    assert dialog is not None
    dialog.due_edit.setDateTime(QDateTime(NOW - timedelta(days=5)))
    dialog.accept()  # moving it further into the past is refused
    assert dialog.isVisible() and "past" in dialog.error()
    dialog.due_edit.setDateTime(QDateTime(datetime(2026, 11, 24, 9, 0)))
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("visit"))
    dialog.accept()
    assert [(r.id, r.kind, r.due_at) for r in page.tab_rows("upcoming")] == [
        (fid, "visit", datetime(2026, 11, 24, 9, 0))
    ]


def test_service_refusal_shows_in_the_dialog(
    qtbot: Any, db: Database, sync_workers: None, dialogs: Any
) -> None:
    cid = add_customer(db, "张伟")
    fid = plan(db, cid, NOW.replace(hour=9))
    page = make_page(qtbot, db)
    page.select_row("today", 0)
    dialog = page.complete_selected()
    assert dialog is not None
    with db.session() as s:  # completed meanwhile from somewhere else (the customer dialog)
        complete_follow_up(s, fid, "done elsewhere", done_at=NOW)
    dialog.outcome_edit.setPlainText("done here")
    dialog.accept()
    assert dialog.isVisible()
    assert f"Follow-up {fid} is already done." in dialog.error()
    with db.session() as s:
        assert s.query(FollowUp).count() == 1  # no next one was planned
        fu = s.get(FollowUp, fid)
        assert fu is not None and fu.outcome == "done elsewhere"
    dialogs.answer_message(QMessageBox.StandardButton.Discard)
    dialog.reject()


def test_picker_says_when_nothing_matches(qtbot: Any, db: Database, sync_workers: None, dialogs: Any) -> None:
    add_customer(db, "张伟", "13800138000")
    page = make_page(qtbot, db)
    dialog = page.new_follow_up()
    dialog.picker.set_text("nobody-like-this")
    assert dialog.picker.result_ids() == []
    assert dialog.picker.results.item(0).text() == "No customer matches"
    dialog.picker.choose_row(0)  # the hint is not a customer
    assert dialog.picker.customer_id() is None
    dialog.picker.set_text("zw")  # pinyin initials of 张伟
    assert len(dialog.picker.result_ids()) == 1
    dialog.picker.search_edit.returnPressed.emit()  # Enter picks the best match
    assert dialog.picker.customer_id() == dialog.picker.result_ids()[0]
    dialogs.answer_message(QMessageBox.StandardButton.Discard)  # a customer was picked
    dialog.reject()


def test_picker_searches_as_you_type(qtbot: Any, db: Database) -> None:
    """Typing (no synchronous workers): the list fills after the typing pause, off the UI thread."""
    zhang = add_customer(db, "张伟", "13800138000")
    add_customer(db, "李娜", "13900000000")
    from crm_desktop.ui.widgets.customer_picker import CustomerPicker

    picker = CustomerPicker(db)
    qtbot.addWidget(picker)
    picker.show()
    with qtbot.waitSignal(picker.results_ready, timeout=5000):
        qtbot.keyClicks(picker.search_edit, "13800")
    assert picker.result_ids() == [zhang]
    with qtbot.waitSignal(picker.customer_chosen, timeout=2000) as blocker:
        picker.choose_row(0)
    assert blocker.args == [zhang]


def test_last_tab_is_remembered(qtbot: Any, db: Database, sync_workers: None) -> None:
    page = make_page(qtbot, db)
    page.show_tab("done")
    again = make_page(qtbot, db)
    assert again.tabs.currentIndex() == 3
