"""Merging suspected duplicates with a side-by-side preview."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMessageBox

from crm_desktop.db.engine import Database
from crm_desktop.services.customers import count_customers, create_customer, customer_to_dict, get_customer
from crm_desktop.services.notes import add_note
from crm_desktop.ui.dialogs.duplicates import DuplicatesDialog


def add(db: Database, **values: Any) -> int:
    with db.session() as s:
        customer = create_customer(s, values)
        s.flush()
        return int(customer.id)


def test_merge_keeps_picked_values_and_both_histories(
    qtbot: Any, db: Database, sync_workers: None, dialogs: Any
) -> None:
    a = add(db, name="刘洋", phone="138 0013 8000", city="上海", tags="VIP")
    b = add(db, name="刘洋", phone="13800138000", city="苏州", email="ly@example.com", tags="老客户")
    add(db, name="Someone Else", phone="13911112222")
    with db.session() as s:
        add_note(s, b, "Asked for a catalogue")

    dialog = DuplicatesDialog(db)
    qtbot.addWidget(dialog)
    assert dialog.pairs.count() == 1
    assert "刘洋" in dialog.pairs.item(0).text()
    assert {dialog.a_id, dialog.b_id} == {a, b}
    survivor = dialog.a_id
    # Keep B's city; the email exists only on one side and is picked by default.
    dialog.choose("city", "b")
    assert dialog.chosen()["city"] == ("苏州" if dialog.b_id == b else "上海")
    picked_city = dialog.chosen()["city"]
    dialogs.answer_message(QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(dialog.merged):
        dialog.merge_button.click()
    # asked first, naming the record that goes and the one it goes into
    kind, _title, text = dialogs.shown[0]
    other = b if survivor == a else a
    assert kind == "question" and f"“刘洋” (#{other}) into “刘洋” (#{survivor})?" in text

    with db.session() as s:
        assert count_customers(s) == 2
        merged = customer_to_dict(get_customer(s, survivor))
    assert merged["city"] == picked_city
    assert merged["email"] == "ly@example.com"
    assert sorted(merged["tags"]) == ["VIP", "老客户"]
    assert dialog.pairs.count() == 0 and not dialog.merge_button.isEnabled()


def test_not_duplicates_hides_the_pair(qtbot: Any, db: Database, sync_workers: None) -> None:
    add(db, name="A", email="same@example.com")
    add(db, name="B", email="same@example.com")
    dialog = DuplicatesDialog(db)
    qtbot.addWidget(dialog)
    assert dialog.pairs.count() == 1 and "same email" in dialog.pairs.item(0).text()
    dialog.skip_button.click()
    assert dialog.pairs.count() == 0
    with db.session() as s:
        assert count_customers(s) == 2


def test_duplicates_window_from_the_menu(main_window: Any, db: Database) -> None:
    add(db, name="X", phone="13800138000")
    add(db, name="Y", phone="13800138000")
    main_window.duplicates_action.trigger()
    dialog = main_window._dialogs[-1]
    assert isinstance(dialog, DuplicatesDialog) and dialog.pairs.count() == 1
    dialog.reject()


def test_a_failed_merge_changes_nothing_and_leaves_the_pair_to_retry(
    qtbot: Any, db: Database, sync_workers: None, dialogs: Any
) -> None:
    from crm_desktop.services.customers import archive_customers, delete_customers

    a = add(db, name="A", email="same@example.com")
    b = add(db, name="B", email="same@example.com")
    dialog = DuplicatesDialog(db)
    qtbot.addWidget(dialog)
    other = b if dialog.a_id == a else a
    with db.session() as s:  # gone meanwhile (another window emptied the trash)
        archive_customers(s, [other])
        delete_customers(s, [other])
    dialogs.answer_message(QMessageBox.StandardButton.Yes)  # yes, merge; then the error is shown
    dialog.merge_button.click()
    assert dialogs.shown[-1][0] == "warning" and f"no customer with id {other}" in dialogs.shown[-1][2]
    assert dialog.merge_button.isEnabled() and dialog.skip_button.isEnabled()
    with db.session() as s:
        assert count_customers(s) == 1


def test_merge_asks_first_and_a_no_changes_nothing(
    qtbot: Any, db: Database, sync_workers: None, dialogs: Any
) -> None:
    a = add(db, name="王芳", phone="13800138000", city="上海")
    b = add(db, name="王芳", phone="138-0013-8000", city="苏州")
    dialog = DuplicatesDialog(db)
    qtbot.addWidget(dialog)
    dialog.keep_b.setChecked(True)  # keep B: A goes into B
    dialogs.answer_message(QMessageBox.StandardButton.Cancel)
    with qtbot.assertNotEmitted(dialog.merged):
        dialog.merge_button.click()
    kind, title, text = dialogs.shown[-1]
    kept, gone = dialog.b_id, dialog.a_id
    assert kind == "question" and title == "Merge duplicates"
    assert f"Merge “王芳” (#{gone}) into “王芳” (#{kept})?" in text and "cannot be undone" in text
    with db.session() as s:
        assert count_customers(s) == 2
        assert {get_customer(s, a).city, get_customer(s, b).city} == {"上海", "苏州"}
    assert dialog.pairs.count() == 1 and dialog.merge_button.isEnabled()
