"""The Customers page's undo bar ("Moved to the trash: 1") goes away once its customers are back."""

from __future__ import annotations

from typing import Any

from crm_desktop.db.engine import Database
from crm_desktop.services.customers import create_customer, restore_customers


def add(db: Database, name: str) -> int:
    with db.session() as s:
        customer = create_customer(s, {"name": name})
        s.flush()
        return int(customer.id)


def archive_by_name(customers: Any, *names: str) -> None:
    col = customers.model.columns.index("name")
    rows = [r for r in range(customers.model.rowCount()) if customers.model.index(r, col).data() in names]
    customers.select_rows(rows)
    customers.archive_selected()


def test_undo_bar_hides_after_restore_from_the_trash_page(main_window: Any, db: Database) -> None:
    add(db, "Keep me")
    add(db, "Archive me")
    customers = main_window.page("customers")
    trash = main_window.page("trash")
    main_window.show_page("customers")
    customers.refresh()
    archive_by_name(customers, "Archive me")
    assert customers.undo_bar.isVisible()
    assert "1" in customers.undo_label.text()

    main_window.show_page("trash")
    trash.select_rows([0])
    trash.restore_button.click()
    main_window.show_page("customers")
    assert customers.model.rowCount() == 2
    assert not customers.undo_bar.isVisible()
    assert customers._last_archived == []


def test_undo_bar_counts_only_those_still_in_the_trash(main_window: Any, db: Database) -> None:
    add(db, "A")
    b = add(db, "B")
    add(db, "C")
    customers = main_window.page("customers")
    main_window.show_page("customers")
    customers.refresh()
    archive_by_name(customers, "A", "B")
    assert customers.undo_label.text() == "Moved to the trash: 2. Undo brings them back."
    # B comes back elsewhere (the command line, another window): the bar is about A only now
    with db.session() as s:
        restore_customers(s, [b])
    main_window.data_changed()
    assert customers.undo_bar.isVisible()
    assert customers.undo_label.text() == "Moved to the trash: 1. Undo brings them back."
    customers.undo_button.click()
    assert customers.model.rowCount() == 3
    assert not customers.undo_bar.isVisible()


def test_undo_bar_stays_while_its_customers_are_in_the_trash(main_window: Any, db: Database) -> None:
    add(db, "Archive me")
    add(db, "Other")
    customers = main_window.page("customers")
    main_window.show_page("customers")
    customers.refresh()
    archive_by_name(customers, "Archive me")
    main_window.data_changed()  # another page changed something else
    assert customers.undo_bar.isVisible()
