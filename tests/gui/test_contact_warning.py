"""A new customer with a phone or email another customer has: warned under the form, never refused."""

from __future__ import annotations

from typing import Any

from crm_desktop.db.engine import Database
from crm_desktop.services.customers import archive_customers, count_customers, create_customer
from crm_desktop.ui.dialogs.customer import CustomerDialog


def add(db: Database, **values: Any) -> int:
    with db.session() as s:
        customer = create_customer(s, values)
        s.flush()
        return int(customer.id)


def total(db: Database) -> int:
    with db.session() as s:
        return count_customers(s)


def test_first_save_warns_about_a_shared_phone_and_the_second_saves(qtbot: Any, db: Database) -> None:
    add(db, name="李慧", phone="13800138000")
    dialog = CustomerDialog(db)
    qtbot.addWidget(dialog)
    dialog.set_value("name", "王强")
    dialog.set_value("phone", "+86 138-0013-8000")  # the same number, written another way
    assert not dialog.save()
    assert total(db) == 1  # nothing written yet
    assert not dialog.contact_label.isHidden()
    assert "Customer <b>李慧</b> already has this phone number." in dialog.contact_label.text()
    assert "Save again" in dialog.contact_label.text()
    assert dialog.error_label.text() == ""  # a warning, not an error
    assert dialog.save()  # a family shares a phone: the second Save saves
    assert total(db) == 2


def test_the_warning_in_chinese_and_for_an_email(qtbot: Any, db: Database) -> None:
    from crm_desktop.ui import i18n

    i18n.install_translators("zh")
    add(db, name="李慧", email="li.hui@example.com")
    dialog = CustomerDialog(db)
    qtbot.addWidget(dialog)
    dialog.set_value("name", "王强")
    dialog.set_value("email", "Li.Hui@Example.com")
    assert not dialog.save()
    assert "已有客户 <b>李慧</b> 使用此邮箱。" in dialog.contact_label.text()
    assert "再次点击“保存”仍会添加此客户。" in dialog.contact_label.text()


def test_leaving_the_phone_box_warns_at_once(qtbot: Any, db: Database) -> None:
    add(db, name="李慧", phone="13800138000")
    dialog = CustomerDialog(db)
    qtbot.addWidget(dialog)
    dialog.set_value("phone", "138 0013 8000")
    dialog.editors["phone"].editingFinished.emit()
    assert "李慧" in dialog.contact_label.text() and not dialog.contact_label.isHidden()
    dialog.set_value("phone", "13900139000")  # corrected: the warning goes away
    dialog.editors["phone"].editingFinished.emit()
    assert dialog.contact_label.isHidden()


def test_new_customers_with_unknown_or_archived_contacts_save_at_once(qtbot: Any, db: Database) -> None:
    old = add(db, name="李慧", phone="13800138000")
    with db.session() as s:
        archive_customers(s, [old])  # in the trash: not a live customer
    dialog = CustomerDialog(db)
    qtbot.addWidget(dialog)
    dialog.set_value("name", "王强")
    dialog.set_value("phone", "13800138000")
    assert dialog.save()
    assert dialog.contact_label.isHidden()


def test_editing_a_customer_never_warns_about_its_own_phone(qtbot: Any, db: Database) -> None:
    add(db, name="李慧", phone="13800138000")
    own = add(db, name="王强", phone="13800138000")  # a family shares the number
    dialog = CustomerDialog(db, own)
    qtbot.addWidget(dialog)
    dialog.editors["phone"].editingFinished.emit()
    assert dialog.contact_label.isHidden()  # unchanged: nothing to say
    dialog.set_value("city", "苏州")
    assert dialog.save()  # an existing customer saves at the first click


def test_the_link_opens_the_other_customer(main_window: Any, db: Database, qtbot: Any) -> None:
    other = add(db, name="李慧", phone="13800138000")
    dialog = main_window.new_customer()
    dialog.set_value("name", "王强")
    dialog.set_value("phone", "13800138000")
    assert not dialog.save()
    assert f'href="customer:{other}"' in dialog.contact_label.text()
    dialog.contact_label.linkActivated.emit(f"customer:{other}")
    opened = [d for d in main_window._dialogs if isinstance(d, CustomerDialog) and d.customer_id == other]
    assert opened and opened[0].isVisible()
    assert dialog.isVisible()  # the new customer's form is still there, unsaved
    assert dialog.value("phone") == "13800138000"
    opened[0].done(0)
    dialog.done(0)  # closed unsaved, without the question (the test's window closes next)
