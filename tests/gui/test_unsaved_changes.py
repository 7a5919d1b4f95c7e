"""Nothing typed is lost: every form with typing in it asks Save / Discard / Cancel before closing.

Each dialog on a real database: Esc (or Cancel) with Cancel in the question keeps it open as
it is, Discard closes and writes nothing, Save writes it; an untouched dialog closes unasked.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from crm_desktop.db.engine import Database
from crm_desktop.db.models import Customer, FollowUp
from crm_desktop.services.deals import create_deal, get_deal, move_deal
from crm_desktop.services.follow_ups import get_follow_up, plan_follow_up
from crm_desktop.services.pipeline import list_stages
from crm_desktop.services.service_records import get_service_record, open_service_record
from crm_desktop.ui.dialogs.close_deal import CloseDealDialog
from crm_desktop.ui.dialogs.customer import CustomerDialog
from crm_desktop.ui.dialogs.deal import DealDialog
from crm_desktop.ui.dialogs.follow_up import CompleteFollowUpDialog, FollowUpDialog
from crm_desktop.ui.dialogs.service_record import ServiceRecordDialog
from crm_desktop.ui.pages.follow_ups import FollowUpsPage

NOW = datetime(2026, 11, 23, 10, 0)
Button = QMessageBox.StandardButton


def add_customer(db: Database, name: str = "张伟") -> int:
    with db.session() as s:
        customer = Customer(name=name, phone="13800138000")
        s.add(customer)
        s.flush()
        return customer.id


def follow_up_count(db: Database) -> int:
    with db.session() as s:
        return s.query(FollowUp).count()


def show(qtbot: Any, dialog: QDialog) -> Any:
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    return dialog


def questions(dialogs: Any) -> list[tuple[str, str]]:
    return [(title, text) for kind, title, text in dialogs.shown if kind == "question"]


def test_follow_up_dialog_asks_before_discarding(
    qtbot: Any, db: Database, sync_workers: None, dialogs: Any
) -> None:
    cid = add_customer(db)

    # untouched: closes at once, nothing asked
    untouched = show(qtbot, FollowUpDialog(db, customer_id=cid, now=NOW))
    untouched.reject()
    assert not untouched.isVisible() and dialogs.shown == []

    dialog = show(qtbot, FollowUpDialog(db, customer_id=cid, now=NOW))
    dialog.subject_edit.setText("offer the new season")

    dialogs.answer_message(Button.Cancel)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert questions(dialogs) == [("Unsaved changes", "Save this follow-up before closing?")]
    assert dialog.isVisible() and dialog.subject_edit.text() == "offer the new season"

    dialogs.answer_message(Button.Discard)
    dialog.buttons.rejected.emit()  # the Cancel button
    assert not dialog.isVisible() and len(questions(dialogs)) == 2
    assert follow_up_count(db) == 0

    again = show(qtbot, FollowUpDialog(db, customer_id=cid, now=NOW))
    again.subject_edit.setText("send the coupon")
    again.notes_edit.setPlainText("she likes red")
    saved: list[int] = []
    again.saved.connect(saved.append)
    dialogs.answer_message(Button.Save)
    again.reject()
    assert not again.isVisible() and len(saved) == 1
    with db.session() as s:
        fu = get_follow_up(s, saved[0])
        assert (fu.customer_id, fu.subject, fu.notes) == (cid, "send the coupon", "she likes red")


def test_saving_a_follow_up_that_cannot_be_saved_keeps_it_open(
    qtbot: Any, db: Database, sync_workers: None, dialogs: Any
) -> None:
    dialog = show(qtbot, FollowUpDialog(db, now=NOW))  # no customer picked
    dialog.subject_edit.setText("who was it again")
    dialogs.answer_message(Button.Save)
    dialog.reject()
    assert dialog.isVisible() and "customer" in dialog.error().lower()
    assert dialog.subject_edit.text() == "who was it again" and follow_up_count(db) == 0


def test_save_in_the_question_waits_for_the_worker_then_closes(
    qtbot: Any, db: Database, dialogs: Any
) -> None:
    """Real background writes: Save starts the write; the reply closes the dialog."""
    cid = add_customer(db)
    dialog = show(qtbot, FollowUpDialog(db, customer_id=cid, now=NOW))
    dialog.subject_edit.setText("call back")
    dialogs.answer_message(Button.Save)
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        dialog.reject()
        asked = len(dialogs.shown)
        dialog.reject()  # Esc while the write is on its way: ignored, not asked again
        assert len(dialogs.shown) == asked
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    assert dialog.result() == QDialog.DialogCode.Accepted.value
    assert follow_up_count(db) == 1


def test_complete_dialog_asks_before_discarding_the_outcome(
    qtbot: Any, db: Database, sync_workers: None, dialogs: Any
) -> None:
    cid = add_customer(db)
    with db.session() as s:
        fid = plan_follow_up(s, cid, NOW.replace(hour=9), "call", "回访").id
    page = FollowUpsPage(db, clock=lambda: NOW)
    qtbot.addWidget(page)
    page.show()
    page.select_row("today", 0)

    untouched = page.complete_selected()
    assert untouched is not None
    untouched.reject()
    assert not untouched.isVisible() and dialogs.shown == []

    page.select_row("today", 0)
    dialog = page.complete_selected()
    assert isinstance(dialog, CompleteFollowUpDialog)
    dialog.outcome_edit.setPlainText("interested, call back after payday")
    dialog.next_due_edit.setDateTime(QDateTime(NOW + timedelta(days=7)))

    dialogs.answer_message(Button.Cancel)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert questions(dialogs) == [("Unsaved changes", "Save this follow-up before closing?")]
    assert dialog.isVisible() and dialog.outcome_edit.toPlainText() == "interested, call back after payday"

    dialogs.answer_message(Button.Discard)
    dialog.reject()
    assert not dialog.isVisible()
    with db.session() as s:
        assert get_follow_up(s, fid).done_at is None and follow_up_count(db) == 1

    page.select_row("today", 0)
    dialog = page.complete_selected()
    assert dialog is not None
    dialog.outcome_edit.setPlainText("bought a coat")
    dialogs.answer_message(Button.Save)
    dialog.reject()
    assert not dialog.isVisible()
    with db.session() as s:
        done = get_follow_up(s, fid)
        assert done.done_at is not None and done.outcome == "bought a coat"
    assert follow_up_count(db) == 2  # the next one was planned in the same step


def test_deal_dialog_asks_before_discarding(
    qtbot: Any, db: Database, sync_workers: None, dialogs: Any
) -> None:
    cid = add_customer(db)
    with db.session() as s:
        deal_id = create_deal(s, cid, "Coat", 500).id

    for untouched in (DealDialog(db, customer_id=cid), DealDialog(db, deal_id=deal_id)):
        show(qtbot, untouched).reject()
        assert not untouched.isVisible()
    assert dialogs.shown == []

    dialog = show(qtbot, DealDialog(db, deal_id=deal_id))
    dialog.title_edit.setText("Winter coat")
    dialog.amount_spin.setValue(650)

    dialogs.answer_message(Button.Cancel)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert questions(dialogs) == [("Unsaved changes", "Save this deal before closing?")]
    assert dialog.isVisible() and dialog.title_edit.text() == "Winter coat"

    dialogs.answer_message(Button.Discard)
    dialog.reject()
    assert not dialog.isVisible()
    with db.session() as s:
        assert (get_deal(s, deal_id).title, get_deal(s, deal_id).amount) == ("Coat", 500)

    dialog = show(qtbot, DealDialog(db, deal_id=deal_id))
    dialog.title_edit.setText("Winter coat")
    dialogs.answer_message(Button.Save)
    dialog.reject()
    assert not dialog.isVisible()
    with db.session() as s:
        assert get_deal(s, deal_id).title == "Winter coat"


def test_saving_a_deal_into_won_on_close_still_asks_the_reason(
    qtbot: Any, db: Database, sync_workers: None, dialogs: Any
) -> None:
    cid = add_customer(db)
    with db.session() as s:
        deal_id = create_deal(s, cid, "Coat", 500).id
        won = next(st.id for st in list_stages(s) if st.outcome == "won")
    dialog = show(qtbot, DealDialog(db, deal_id=deal_id))
    dialog.stage_combo.setCurrentIndex(dialog.stage_combo.findData(won))

    def answer(reason_dialog: QDialog) -> int:
        reason_dialog.set_reason("Good price")  # type: ignore[attr-defined]
        return QDialog.DialogCode.Accepted.value

    dialogs.on_exec(answer)
    dialogs.answer_message(Button.Save)
    dialog.reject()
    assert not dialog.isVisible()
    with db.session() as s:
        deal = get_deal(s, deal_id)
        assert (deal.status, deal.close_reason) == ("won", "Good price")


def test_reopening_a_deal_keeps_what_was_typed(
    qtbot: Any, db: Database, sync_workers: None, dialogs: Any
) -> None:
    cid = add_customer(db)
    with db.session() as s:
        deal_id = create_deal(s, cid, "Coat", 500).id
        lost = next(st.id for st in list_stages(s) if st.outcome == "lost")
        move_deal(s, deal_id, lost, reason="too dear")
    dialog = show(qtbot, DealDialog(db, deal_id=deal_id))
    dialog.notes_edit.setPlainText("may come back in spring")
    dialog.reopen()
    assert dialog.stage_combo.isEnabled()  # reopened
    assert dialog.notes_edit.toPlainText() == "may come back in spring"

    dialogs.answer_message(Button.Cancel)
    dialog.reject()
    assert dialog.isVisible() and len(questions(dialogs)) == 1

    # reopened without typing: the reloaded form counts as untouched
    other = show(qtbot, DealDialog(db, deal_id=create_closed_deal(db, cid, lost)))
    other.reopen()
    asked = len(dialogs.shown)
    other.reject()
    assert not other.isVisible() and len(dialogs.shown) == asked


def create_closed_deal(db: Database, customer_id: int, stage_id: int) -> int:
    with db.session() as s:
        deal_id = create_deal(s, customer_id, "Boots", 300).id
        move_deal(s, deal_id, stage_id)
        return int(deal_id)


def test_service_record_dialog_asks_before_discarding(
    qtbot: Any, db: Database, sync_workers: None, dialogs: Any
) -> None:
    cid = add_customer(db)
    with db.session() as s:
        record_id = open_service_record(s, cid, "repair", "zip").id

    # opened to resolve (Resolved picked by the dialog itself) and untouched: no question
    untouched = show(qtbot, ServiceRecordDialog(db, record_id=record_id, resolve=True))
    untouched.reject()
    assert not untouched.isVisible() and dialogs.shown == []

    dialog = show(qtbot, ServiceRecordDialog(db, record_id=record_id, resolve=True))
    dialog.resolution_edit.setPlainText("zip replaced free of charge")
    dialog.set_satisfaction(5)

    dialogs.answer_message(Button.Cancel)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert questions(dialogs) == [("Unsaved changes", "Save this service record before closing?")]
    assert dialog.isVisible()

    dialogs.answer_message(Button.Discard)
    dialog.reject()
    assert not dialog.isVisible()
    with db.session() as s:
        assert get_service_record(s, record_id).status == "open"

    dialog = show(qtbot, ServiceRecordDialog(db, record_id=record_id, resolve=True))
    dialog.resolution_edit.setPlainText("zip replaced free of charge")
    dialog.set_satisfaction(5)
    dialogs.answer_message(Button.Save)
    dialog.reject()
    assert not dialog.isVisible()
    with db.session() as s:
        rec = get_service_record(s, record_id)
        assert (rec.status, rec.resolution, rec.satisfaction) == (
            "resolved",
            "zip replaced free of charge",
            5,
        )


def test_a_typed_won_or_lost_reason_is_not_dropped_unasked(qtbot: Any, db: Database, dialogs: Any) -> None:
    untouched = show(qtbot, CloseDealDialog(db, won=False, deal_title="Coat"))
    untouched.reject()
    assert not untouched.isVisible() and untouched.result() == QDialog.DialogCode.Rejected.value
    assert dialogs.shown == []

    dialog = show(qtbot, CloseDealDialog(db, won=False, deal_title="Coat"))
    dialog.set_reason("bought elsewhere")
    dialogs.answer_message(Button.Cancel)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert questions(dialogs) == [("Unsaved changes", "Save this reason before closing?")]
    assert dialog.isVisible() and dialog.reason() == "bought elsewhere"

    dialogs.answer_message(Button.Discard)  # the plain Cancel: the caller moves nothing
    dialog.reject()
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected.value

    dialog = show(qtbot, CloseDealDialog(db, won=False, deal_title="Coat"))
    dialog.set_reason("bought elsewhere")
    dialogs.answer_message(Button.Save)  # OK: the caller moves the deal with the reason
    dialog.reject()
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Accepted.value
    assert dialog.reason() == "bought elsewhere"


def test_the_question_in_chinese(qtbot: Any, db: Database, dialogs: Any) -> None:
    from crm_desktop.ui import i18n

    i18n.install_translators("zh")
    cid = add_customer(db)
    with db.session() as s:
        deal_id = create_deal(s, cid, "Coat", 500).id
    dialogs.answer_message(Button.Cancel)

    follow_up = show(qtbot, FollowUpDialog(db, customer_id=cid, now=NOW))
    follow_up.subject_edit.setText("回访")
    follow_up.reject()
    deal = show(qtbot, DealDialog(db, deal_id=deal_id))
    deal.title_edit.setText("冬季大衣")
    deal.reject()
    record = show(qtbot, ServiceRecordDialog(db, customer_id=cid))
    record.subject_edit.setText("拉链坏了")
    record.reject()
    customer = show(qtbot, CustomerDialog(db, cid))
    customer.set_value("city", "苏州")
    customer.reject()

    assert questions(dialogs) == [
        ("尚未保存的修改", "关闭前保存此跟进吗？"),
        ("尚未保存的修改", "关闭前保存此商机吗？"),
        ("尚未保存的修改", "关闭前保存此服务记录吗？"),
        ("尚未保存的修改", "关闭前保存对此客户的修改吗？"),
    ]


def test_closing_the_window_asks_about_an_open_follow_up(
    main_window: Any, db: Database, dialogs: Any
) -> None:
    cid = add_customer(db)
    dialog = FollowUpDialog(db, customer_id=cid, now=NOW, parent=main_window)
    dialog.open()
    dialog.subject_edit.setText("call about the invoice")

    dialogs.answer_message(Button.Cancel)
    assert not main_window.close()
    assert main_window.isVisible() and dialog.isVisible()
    assert questions(dialogs) == [("Unsaved changes", "Save this follow-up before closing?")]

    dialogs.answer_message(Button.Save)
    assert main_window.close()
    assert follow_up_count(db) == 1
