"""Bugs a new user hit: double dialogs from search, follow-up buttons, banner, reports."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog


def _add(db: Any, **values: Any) -> int:
    from crm_desktop.services.customers import create_customer

    with db.session() as s:
        customer = create_customer(s, values)
        s.flush()
        return int(customer.id)


def _open_dialogs(window: Any) -> list[QDialog]:
    return [d for d in window._dialogs if type(d).__name__ == "CustomerDialog" and d.isVisible()]


def test_search_down_enter_opens_one_dialog(main_window: Any, db: Any, qtbot: Any) -> None:
    _add(db, name="Alice Wang", phone="13900001111")
    second = _add(db, name="Alice Zhao", phone="13900003333")
    main_window.focus_search()
    qtbot.keyClicks(main_window.search_box, "Alice")
    qtbot.waitUntil(lambda: len(main_window.search_results()) == 2, timeout=3000)
    popup = main_window.completer.popup()
    assert popup.isVisible()
    row = next(i for i, text in enumerate(main_window.search_results()) if "Zhao" in text)
    for _ in range(row + 1):
        qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.wait(50)
    opened = _open_dialogs(main_window)
    assert [d.customer_id for d in opened] == [second]
    # Choosing the same customer again brings the open dialog forward instead of a second one.
    again = main_window.open_customer(second)
    assert again is opened[0] and len(_open_dialogs(main_window)) == 1
    opened[0].reject()


# --- follow-up buttons follow the mouse -------------------------------------------------

NOW = datetime(2026, 11, 23, 10, 0)  # a Monday morning


def _plan(db: Any, customer_id: int, due: datetime, subject: str) -> int:
    from crm_desktop.services.follow_ups import plan_follow_up

    with db.session() as s:
        return int(plan_follow_up(s, customer_id, due, "call", subject).id)


def _click_row(qtbot: Any, view: Any, row: int) -> None:
    rect = view.visualRect(view.model().index(row, 1))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _follow_ups_page(qtbot: Any, db: Any) -> Any:
    from crm_desktop.ui.pages.follow_ups import FollowUpsPage

    page = FollowUpsPage(db, clock=lambda: NOW)
    qtbot.addWidget(page)
    page.resize(1100, 650)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_follow_ups_buttons_follow_mouse_selection(qtbot: Any, db: Any, sync_workers: None) -> None:
    a, b, c = _add(db, name="Ann"), _add(db, name="Ben"), _add(db, name="Cat")
    _plan(db, a, NOW.replace(hour=15), "today A")
    _plan(db, b, NOW.replace(hour=16), "today B")
    late = _plan(db, c, NOW - timedelta(days=3), "overdue C")
    page = _follow_ups_page(qtbot, db)
    assert [r.subject for r in page.day_rows()] == ["today A", "today B"]
    _click_row(qtbot, page.day_view, 1)  # the calendar day's list, picked earlier
    assert page.selected_row().subject == "today B"
    page.show_tab("overdue")
    _click_row(qtbot, page.views["overdue"], 0)
    assert page.complete_button.isEnabled() and page.open_button.isEnabled()
    page.show_tab("today")
    assert not page.complete_button.isEnabled()  # nothing picked on the list shown
    _click_row(qtbot, page.views["today"], 0)
    assert page.complete_button.isEnabled() and page.edit_button.isEnabled()
    assert page.snooze_button.isEnabled() and page.open_button.isEnabled()
    dialog = page.complete_selected()
    assert dialog is not None
    dialog.outcome_edit.setPlainText("done")
    dialog.next_box.setChecked(False)
    dialog.accept()
    assert [r.subject for r in page.tab_rows("today")] == ["today B"]
    # Nothing is selected on the list shown: no action may pick up the overdue row.
    assert page.selected_row() is None
    assert not page.complete_button.isEnabled() and not page.open_button.isEnabled()
    assert page.complete_selected() is None
    with db.session() as s:
        from crm_desktop.db.models import FollowUp

        assert s.get(FollowUp, late).done_at is None


def test_today_buttons_follow_mouse_selection(qtbot: Any, db: Any, sync_workers: None) -> None:
    from crm_desktop.ui.pages.today import TodayPage

    a, b = _add(db, name="Ann"), _add(db, name="Ben")
    _plan(db, a, NOW - timedelta(days=1), "overdue A")
    _plan(db, b, NOW.replace(hour=16), "today B")
    page = TodayPage(db, clock=lambda: NOW)
    qtbot.addWidget(page)
    page.resize(1000, 650)
    page.show()
    qtbot.waitExposed(page)
    assert not page.done_button.isEnabled()
    _click_row(qtbot, page.follow_up_view, 0)
    assert page.done_button.isEnabled() and page.complete_button.isEnabled()
    page.mark_selected_done()
    assert [r.subject for r in page.follow_up_rows()] == ["today B"]
    assert page.selected_follow_up() is None
    assert not page.done_button.isEnabled() and not page.complete_button.isEnabled()


# --- the banner, the Done note and the customer's figures follow changes ------------------


def test_banner_follows_snoozed_and_completed_follow_ups(main_window: Any, db: Any, qtbot: Any) -> None:
    now = datetime.now().replace(microsecond=0)
    a, b = _add(db, name="Ann"), _add(db, name="Ben")
    _plan(db, a, now - timedelta(days=1), "call Ann")
    _plan(db, b, now - timedelta(days=2), "call Ben")
    main_window._start_reminders()
    reminders, banner = main_window.reminders, main_window.banner
    assert reminders.tray is None  # offscreen: no tray, the banner is used
    assert banner.isVisible() and "2 follow-ups due" in banner.text()

    page = main_window.page("follow_ups")
    main_window.show_page("follow_ups")
    page.select_row("overdue", 0)
    page.snooze_selected("tomorrow")
    assert banner.isVisible() and "Follow-up due" in banner.text()
    assert "2 follow-ups due" not in banner.text()

    page.select_row("overdue", 0)
    dialog = page.complete_selected()
    assert dialog is not None
    dialog.outcome_edit.setPlainText("spoke to them")
    dialog.next_box.setChecked(False)
    dialog.accept()
    assert page.tab_rows("overdue") == []
    assert not banner.isVisible()


def test_done_note_shows_only_under_done(qtbot: Any, db: Any, sync_workers: None) -> None:
    from crm_desktop.services.follow_ups import complete_follow_up, plan_follow_up
    from crm_desktop.ui.pages.follow_ups import DONE_LIMIT

    cid = _add(db, name="Ann")
    with db.session() as s:
        for i in range(DONE_LIMIT + 1):
            fu = plan_follow_up(s, cid, NOW - timedelta(days=200 - i), "call")
            s.flush()
            complete_follow_up(s, fu.id, f"outcome {i}", done_at=NOW - timedelta(days=199 - i))
    page = _follow_ups_page(qtbot, db)
    for key in ("today", "overdue", "upcoming"):
        page.show_tab(key)
        assert not page.done_note.isVisible(), key
    page.show_tab("done")
    assert page.done_note.isVisible() and str(DONE_LIMIT) in page.done_note.text()


def test_customer_figures_follow_a_quick_sale(main_window: Any, db: Any, qtbot: Any) -> None:
    cid = _add(db, name="Ann")
    dialog: Any = main_window.open_customer(cid)
    assert "Purchases" not in dialog.info_label.text() or "Purchases: 0" in dialog.info_label.text()
    timeline = dialog.timeline
    timeline.action.setCurrentIndex(timeline.action.findData("sale"))
    timeline.text.setText("winter coat")
    timeline.extra.setText("120")
    assert timeline.add()
    assert "Purchases: 1" in dialog.info_label.text()
    assert "120.00" in dialog.info_label.text()
    dialog.reject()


# --- reports: a preview belongs to the options it was made with --------------------------


def test_report_preview_cleared_when_report_or_options_change(
    qtbot: Any, db: Any, sync_workers: None
) -> None:
    from crm_desktop.ui.pages.reports import ReportsPage

    _add(db, name="Ann", phone="13900001111")
    page = ReportsPage(db)
    qtbot.addWidget(page)
    page.resize(1100, 800)
    page.show()
    qtbot.waitExposed(page)
    page.set_report("customers")
    page.preview()
    assert page.pdf_bytes() and page.save_button.isEnabled() and page.print_button.isEnabled()

    page.set_report("agenda")
    assert page.pdf_bytes() == b"" and page.page_count() == 0
    assert not page.save_button.isEnabled() and not page.print_button.isEnabled()

    page.preview()
    assert page.save_button.isEnabled()
    page.span_combo.setCurrentIndex(1)  # one week instead of one day
    assert not page.save_button.isEnabled() and not page.print_button.isEnabled()


# --- a new database opens on Today, not on the page used with another file -----------------


def test_last_page_belongs_to_its_database(qtbot: Any, db: Any, tmp_path: Any, sync_workers: None) -> None:
    from crm_desktop.db.engine import open_database
    from crm_desktop.ui.main_window import MainWindow

    first = MainWindow(db)
    qtbot.addWidget(first)
    first.show_page("trash")
    first.close()
    again = MainWindow(db)
    qtbot.addWidget(again)
    assert again.current_page_key() == "trash"  # the same file: the page used last
    again.close()

    other = open_database(tmp_path / "other.crm")
    try:
        fresh = MainWindow(other)
        qtbot.addWidget(fresh)
        assert fresh.current_page_key() in ("today", "customers")
        fresh.close()
    finally:
        other.close()
