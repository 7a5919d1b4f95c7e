"""The trash: archived customers come back with Restore or go for good with Delete."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMessageBox

from crm_desktop.db.engine import Database
from crm_desktop.services.customers import archive_customers, count_customers, create_customer
from crm_desktop.ui.pages.trash import TrashPage


def add(db: Database, **values: Any) -> int:
    with db.session() as s:
        customer = create_customer(s, values)
        s.flush()
        return int(customer.id)


def test_archive_in_customers_then_restore_from_trash(main_window: Any, db: Database, qtbot: Any) -> None:
    add(db, name="Keep me")
    add(db, name="Archive me")
    customers = main_window.page("customers")
    trash = main_window.page("trash")
    customers.refresh()
    col = customers.model.columns.index("name")
    row = next(r for r in range(2) if customers.model.index(r, col).data() == "Archive me")
    customers.select_rows([row])
    customers.archive_selected()
    assert customers.model.rowCount() == 1
    main_window.show_page("trash")
    assert trash.model.rowCount() == 1
    assert trash.model.index(0, 0).data() == "Archive me"
    trash.select_rows([0])
    trash.restore_button.click()
    assert trash.model.rowCount() == 0
    assert customers.model.rowCount() == 2
    qtbot.waitUntil(lambda: main_window.counts_label.text().endswith("In trash: 0"))


def test_delete_for_good_asks_first(qtbot: Any, db: Database, sync_workers: None, dialogs: Any) -> None:
    ids = [add(db, name=n) for n in ("One", "Two")]
    with db.session() as s:
        archive_customers(s, ids)
    page = TrashPage(db)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 2
    page.select_rows([0])
    dialogs.answer_message(QMessageBox.StandardButton.Cancel)
    page.delete_button.click()
    assert page.model.rowCount() == 2  # cancelled: nothing deleted
    dialogs.answer_message(QMessageBox.StandardButton.Yes)
    page.select_rows([0])
    page.delete_button.click()
    assert page.model.rowCount() == 1
    assert dialogs.shown[-1][0] == "question"
    with db.session() as s:
        assert count_customers(s, archived=None) == 1
