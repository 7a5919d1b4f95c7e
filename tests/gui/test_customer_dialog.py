"""The customer dialog: validation messages, custom fields, timeline quick actions."""

from __future__ import annotations

from typing import Any

from crm_desktop.db.engine import Database
from crm_desktop.services.customers import count_customers, create_customer, customer_to_dict, get_customer
from crm_desktop.ui.dialogs.customer import CustomerDialog


def add(db: Database, **values: Any) -> int:
    with db.session() as s:
        customer = create_customer(s, values)
        s.flush()
        return int(customer.id)


def test_bad_email_shows_message_and_writes_nothing(qtbot: Any, db: Database) -> None:
    dialog = CustomerDialog(db)
    qtbot.addWidget(dialog)
    dialog.set_value("name", "赵六")
    dialog.set_value("email", "not-an-email")
    assert not dialog.save()
    assert "Email" in dialog.error_label.text()
    assert dialog.editors["email"].styleSheet()  # the box is marked
    with db.session() as s:
        assert count_customers(s) == 0
    dialog.set_value("email", "zhao@example.com")
    assert dialog.save()
    with db.session() as s:
        assert count_customers(s) == 1


def test_name_is_required_and_bad_date_is_caught_on_leaving_the_box(qtbot: Any, db: Database) -> None:
    dialog = CustomerDialog(db)
    qtbot.addWidget(dialog)
    assert not dialog.save()
    assert "Name" in dialog.error_label.text()
    dialog.set_value("birthday", "2024-13-45")
    assert not dialog.check_field("birthday")
    assert "Birthday" in dialog.error_label.text()
    dialog.set_value("birthday", "1990-05-01")
    assert dialog.check_field("birthday")
    assert dialog.error_label.text() == ""


def test_edit_keeps_every_field_and_custom_fields(qtbot: Any, db: Database) -> None:
    cid = add(db, name="Wang Fang", phone="13800138000", city="Suzhou", birthday="1988-02-03", tags="VIP")
    dialog = CustomerDialog(db, cid)
    qtbot.addWidget(dialog)
    assert dialog.value("city") == "Suzhou" and dialog.value("birthday") == "1988-02-03"
    dialog.set_value("grade", "A")
    dialog.add_custom_row("会员卡号", "M-0001")
    assert dialog.save()
    with db.session() as s:
        saved = customer_to_dict(get_customer(s, cid))
    assert saved["grade"] == "A" and saved["city"] == "Suzhou" and saved["tags"] == ["VIP"]
    assert str(saved["birthday"]) == "1988-02-03"
    assert saved["custom.会员卡号"] == "M-0001"

    again = CustomerDialog(db, cid)
    qtbot.addWidget(again)
    assert again.custom_table.rowCount() == 1
    again.custom_table.selectRow(0)
    again.custom_table.setCurrentCell(0, 0)
    again._remove_custom_row()
    assert again.save()
    with db.session() as s:
        assert "custom.会员卡号" not in customer_to_dict(get_customer(s, cid))


def test_quick_actions_add_to_the_timeline(qtbot: Any, db: Database) -> None:
    cid = add(db, name="Chen Jing")
    dialog = CustomerDialog(db, cid)
    qtbot.addWidget(dialog)
    panel = dialog.timeline
    assert panel is not None
    before = panel.list.count()

    panel.action.setCurrentIndex(panel.action.findData("note"))
    panel.text.setText("Prefers calls after 6 pm")
    assert panel.add()
    panel.action.setCurrentIndex(panel.action.findData("sale"))
    panel.text.setText("Wool coat")
    panel.extra.setText("not money")
    assert not panel.add() and panel.message.text()  # a bad amount is refused...
    panel.extra.setText("399")
    assert panel.add()
    panel.action.setCurrentIndex(panel.action.findData("follow_up"))
    panel.text.setText("Ask about the fitting")
    assert panel.add()
    panel.action.setCurrentIndex(panel.action.findData("service"))
    panel.text.setText("Button came off")
    assert panel.add()

    lines = [panel.list.item(i).text() for i in range(panel.list.count())]
    assert panel.list.count() >= before + 4
    text = "\n".join(lines)
    for expected in ("Prefers calls after 6 pm", "Wool coat", "Ask about the fitting", "Button came off"):
        assert expected in text
    with db.session() as s:
        customer = get_customer(s, cid)
        assert customer.total_spent == 399 and customer.next_follow_up_at is not None


def test_escape_closes_the_dialog(qtbot: Any, db: Database) -> None:
    from PySide6.QtCore import Qt

    dialog = CustomerDialog(db)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_closing_with_typing_in_the_form_asks_before_discarding(
    qtbot: Any, db: Database, dialogs: Any
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    cid = add(db, name="Wang Fang", phone="13800138000")
    dialog = CustomerDialog(db, cid)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    dialog.set_value("city", "Suzhou")

    # Esc, then Cancel in the question: the form stays open with what was typed
    dialogs.answer_message(QMessageBox.StandardButton.Cancel)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert [kind for kind, _title, _text in dialogs.shown] == ["question"]
    assert "Save the changes" in dialogs.shown[0][2]
    assert dialog.isVisible() and dialog.value("city") == "Suzhou"

    # Save: written, closed
    dialogs.answer_message(QMessageBox.StandardButton.Save)
    dialog.reject()
    assert not dialog.isVisible()
    with db.session() as s:
        assert get_customer(s, cid).city == "Suzhou"

    # Discard: closed, nothing written
    again = CustomerDialog(db, cid)
    qtbot.addWidget(again)
    again.open()
    again.set_value("city", "Hangzhou")
    dialogs.answer_message(QMessageBox.StandardButton.Discard)
    again.reject()
    assert not again.isVisible()
    with db.session() as s:
        assert get_customer(s, cid).city == "Suzhou"

    # an untouched form closes without a question
    asked = len(dialogs.shown)
    untouched = CustomerDialog(db, cid)
    qtbot.addWidget(untouched)
    untouched.open()
    untouched.reject()
    assert not untouched.isVisible() and len(dialogs.shown) == asked


def test_a_bad_value_keeps_the_form_open_when_saving_on_close(qtbot: Any, db: Database, dialogs: Any) -> None:
    from PySide6.QtWidgets import QMessageBox

    dialog = CustomerDialog(db)
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.set_value("name", "赵六")
    dialog.set_value("email", "not-an-email")
    dialogs.answer_message(QMessageBox.StandardButton.Save)
    dialog.reject()
    assert dialog.isVisible() and "Email" in dialog.error_label.text()
    with db.session() as s:
        assert count_customers(s) == 0


def test_closing_the_window_asks_about_an_unsaved_customer(
    main_window: Any, db: Database, dialogs: Any
) -> None:
    from PySide6.QtWidgets import QMessageBox

    dialog = main_window.new_customer()
    dialog.set_value("name", "李雷")
    dialog.set_value("phone", "13900001111")

    dialogs.answer_message(QMessageBox.StandardButton.Cancel)
    assert not main_window.close()
    assert main_window.isVisible() and dialog.isVisible()

    dialogs.answer_message(QMessageBox.StandardButton.Save)
    assert main_window.close()
    with db.session() as s:
        assert count_customers(s) == 1


def test_a_note_typed_in_the_timeline_is_not_lost_on_close(qtbot: Any, db: Database, dialogs: Any) -> None:
    from PySide6.QtWidgets import QMessageBox

    from crm_desktop.db.models import Note

    cid = add(db, name="Wang Fang", phone="13800138000")
    dialog = CustomerDialog(db, cid)
    qtbot.addWidget(dialog)
    dialog.open()
    timeline = dialog.timeline
    assert timeline is not None
    timeline.action.setCurrentIndex(timeline.action.findData("note"))
    timeline.text.setText("Wants the blue one in size M")

    dialogs.answer_message(QMessageBox.StandardButton.Save)
    dialog.reject()
    assert [kind for kind, _title, _text in dialogs.shown] == ["question"]
    assert not dialog.isVisible()
    with db.session() as s:
        assert [n.body for n in s.query(Note).filter_by(customer_id=cid)] == ["Wants the blue one in size M"]
